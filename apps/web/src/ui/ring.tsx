import { format } from './format.js';

/** A habit's strength (0–1) as Loop draws it: a ring filled to the score, in the habit's colour. */
export function ScoreRing(props: { score: number; color: string; size?: number }) {
  const size = props.size ?? 28;
  const radius = size / 2 - 3;
  const circumference = 2 * Math.PI * radius;
  return (
    <svg
      class="ring"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`score ${format.percent(props.score)}`}
    >
      <circle cx={size / 2} cy={size / 2} r={radius} class="ring-track" />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={radius}
        stroke={props.color}
        class="ring-fill"
        stroke-dasharray={`${circumference * props.score} ${circumference}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
    </svg>
  );
}
