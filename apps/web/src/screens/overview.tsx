import { addDays, dayNumber, isoDate, startOfWeek } from '@streakforge/core';
import { api, unwrap, type Schemas } from '../api/client.js';
import { href } from '../router.js';
import { todayOf, useSession } from '../session.js';
import { format } from '../ui/format.js';
import { useRead } from '../ui/use-read.js';

const HEATMAP_WEEKS = 53;

export function Overview() {
  const { user } = useSession();
  const today = todayOf(user);
  const first = startOfWeek(dayNumber(today), user.weekStart) - 7 * (HEATMAP_WEEKS - 1);
  const heatmap = useRead(`heatmap/${today}/${user.weekStart}`, () =>
    unwrap(api.GET('/api/v1/analytics/heatmap', { params: { query: { from: isoDate(first), to: today } } })),
  );
  const summary = useRead(`summary/${today}`, () =>
    unwrap(api.GET('/api/v1/analytics/summary', { params: { query: { from: addDays(today, -29), to: today } } })),
  );

  return (
    <section class="overview" aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      {(heatmap.stale || summary.stale) && <p class="stale">Offline: showing what was last loaded.</p>}
      {summary.value ? <Summary summary={summary.value} /> : <p class="loading">Loading…</p>}
      <h2>The last year</h2>
      {heatmap.value ? (
        <Heatmap days={heatmap.value.items} first={first} today={today} />
      ) : (
        <p class="loading">Loading…</p>
      )}
    </section>
  );
}

function Summary({ summary }: { summary: Schemas['SummaryResponse'] }) {
  const previous = summary.previousPeriod.completionRate;
  const trend =
    summary.completionRate === null || previous === null ? null : Math.round((summary.completionRate - previous) * 100);
  return (
    <div class="summary">
      <dl class="tiles">
        <div>
          <dt>Done, last 30 days</dt>
          <dd>{format.percent(summary.completionRate)}</dd>
        </div>
        <div>
          <dt>Against the 30 days before</dt>
          <dd>{trend === null ? '–' : `${trend > 0 ? '+' : ''}${trend} points`}</dd>
        </div>
        <div>
          <dt>Days done</dt>
          <dd>{format.number(summary.doneDays)}</dd>
        </div>
        <div>
          <dt>Habits</dt>
          <dd>{format.number(summary.habits)}</dd>
        </div>
      </dl>
      <div class="columns">
        <section aria-labelledby="top-title">
          <h2 id="top-title">Current streaks</h2>
          <ol class="top">
            {summary.currentStreaks.map((streak) => (
              <li key={streak.habitId}>
                <a href={href.habit(streak.habitId)}>{streak.name}</a> {streak.current}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="categories-title">
          <h2 id="categories-title">By category</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Habits</th>
                <th scope="col">Done</th>
              </tr>
            </thead>
            <tbody>
              {summary.byCategory.map((row) => (
                <tr key={row.category ?? ''}>
                  <th scope="row">{row.category ?? 'No category'}</th>
                  <td>{row.habits}</td>
                  <td>{format.percent(row.completionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

/** A year as a grid of weeks, each day shaded by the share of its habits done. */
function Heatmap(props: { days: Schemas['HeatmapDayResponse'][]; first: number; today: string }) {
  const byDate = new Map(props.days.map((day) => [day.date, day]));
  const last = dayNumber(props.today);
  return (
    <div
      class="heatmap"
      role="img"
      aria-label={`A year of days, ${props.days.filter((day) => day.qualifying > 0).length} with a habit done`}
    >
      {Array.from({ length: HEATMAP_WEEKS }, (_, week) => (
        <div class="week" key={week}>
          {Array.from({ length: 7 }, (_, weekday) => {
            const number = props.first + week * 7 + weekday;
            if (number > last) return <span key={weekday} class="cell future" />;
            const day = byDate.get(isoDate(number));
            const ratio = day?.ratio ?? null;
            return (
              <span
                key={weekday}
                class="cell"
                data-date={isoDate(number)}
                style={{ '--level': ratio === null ? 0 : 0.15 + 0.85 * ratio }}
                title={`${format.date(isoDate(number))}: ${day ? `${day.qualifying} of ${day.considered}` : 'nothing'}`}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
