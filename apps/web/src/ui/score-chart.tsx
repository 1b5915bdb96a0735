import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { format } from './format.js';

/** A score line (0–1 over dates) drawn by uPlot, redrawn at the container's width. */
export function ScoreChart(props: { points: { date: string; score: number }[]; color: string; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const times = props.points.map((point) => Date.parse(`${point.date}T00:00:00Z`) / 1000);
    const scores = props.points.map((point) => point.score * 100);
    const styles = getComputedStyle(element);
    const axis = { stroke: styles.color, grid: { stroke: styles.getPropertyValue('--grid') || '#8884' } };
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: 220,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: [0, 100] } },
        axes: [axis, { ...axis, values: (_chart, ticks) => ticks.map((tick) => `${tick}%`) }],
        series: [
          { value: (_chart, seconds) => format.date(new Date(seconds * 1000).toISOString().slice(0, 10)) },
          {
            label: props.label,
            stroke: props.color,
            width: 2,
            fill: `${props.color}22`,
            points: { show: props.points.length <= 60 },
          },
        ],
      },
      [times, scores],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.points, props.color, props.label]);

  return (
    <div
      ref={container}
      class="chart"
      role="img"
      aria-label={`${props.label}: ${props.points.length} points${props.points.length ? `, ${format.percent(props.points.at(-1)!.score)} at the end` : ''}`}
      data-points={props.points.length}
    />
  );
}
