import { useEffect, useRef, useState } from 'preact/hooks';
import { addDays, dayNumber, startOfPeriod, startOfWeek, isoDate, type CalendarPeriod } from '@streakforge/core';
import { api, unwrap, type Habit, type HabitDay, type Schemas } from '../api/client.js';
import { href } from '../router.js';
import { todayOf, useSession } from '../session.js';
import { DayDialog, describeDay, editGestures, emptyDay, toggled, useDayWrites } from '../ui/day-editor.js';
import { format, weekdayNames } from '../ui/format.js';
import { ScoreRing } from '../ui/ring.js';
import { ScoreChart } from '../ui/score-chart.js';
import { useRead } from '../ui/use-read.js';
import { DEFAULT_COLOR } from './list.js';

type ChartPeriod = 'day' | 'week' | 'month' | 'year';
/** How far back each view of the score reaches (the API answers at most 3,660 days). */
const CHART_DAYS: Record<ChartPeriod, number> = { day: 60, week: 7 * 52, month: 730, year: 3659 };
const CALENDAR_WEEKS = 26;
const WEEKDAY_NAMES = weekdayNames('short');

/**
 * The score as Loop charts it: every day in the day view, else the score on the last day of each week, month or
 * year (today for the current one).
 */
export function chartPoints(
  scores: Schemas['ScorePoint'][],
  period: ChartPeriod,
  weekStart: number,
): Schemas['ScorePoint'][] {
  if (period === 'day') return scores;
  const last = new Map<number, Schemas['ScorePoint']>();
  for (const point of scores) last.set(startOfPeriod(dayNumber(point.date), period, weekStart), point);
  return [...last.values()];
}

export function HabitDetail({ id }: { id: number }) {
  const session = useSession();
  const { user } = session;
  const today = todayOf(user);
  const [period, setPeriod] = useState<ChartPeriod>('week');
  const [totals, setTotals] = useState<CalendarPeriod>('month');
  const [editing, setEditing] = useState<HabitDay | null>(null);
  const path = { params: { path: { id } } };

  const habit = useRead(`habit/${id}`, () => unwrap(api.GET('/api/v1/habits/{id}', path)));
  const scores = useRead(`scores/${id}/${period}/${today}`, () =>
    unwrap(
      api.GET('/api/v1/habits/{id}/scores', {
        params: { path: { id }, query: { from: addDays(today, -CHART_DAYS[period] + 1), to: today } },
      }),
    ),
  );
  const streaks = useRead(`streaks/${id}`, () =>
    unwrap(api.GET('/api/v1/habits/{id}/streaks', { params: { path: { id }, query: { limit: 5 } } })),
  );
  const stats = useRead(`stats/${id}/${today}`, () => unwrap(api.GET('/api/v1/habits/{id}/stats', path)));
  const records = useRead(`records/${id}`, () =>
    unwrap(api.GET('/api/v1/habits/{id}/completions', { params: { path: { id }, query: { limit: 1000 } } })),
  );

  const show = (_habitId: number, day: HabitDay) =>
    records.set((list) => {
      const others = list.items.filter((item) => item.date !== day.date);
      if (day.status === null) return { ...list, items: others };
      const now = new Date().toISOString();
      return {
        ...list,
        items: [{ habitId: id, ...day, status: day.status, createdAt: now, updatedAt: now }, ...others],
      };
    });
  const writeDay = useDayWrites(show);
  const refresh = async (saved: boolean) => {
    if (saved) await Promise.all([habit.reload(), scores.reload(), streaks.reload(), stats.reload(), records.reload()]);
  };

  if (habit.error && !habit.value) return <p class="form-error">{habit.error}</p>;
  if (!habit.value) return <p class="loading">Loading…</p>;
  const current = habit.value;
  const color = current.color ?? DEFAULT_COLOR;
  const byDate = new Map((records.value?.items ?? []).map((record) => [record.date, record]));
  const dayAt = (date: string): HabitDay => {
    const record = byDate.get(date);
    return record ? { ...record, qualifies: record.status === 'done' } : emptyDay(date);
  };
  const notes = (records.value?.items ?? []).filter((record) => record.notes);
  const points = scores.value ? chartPoints(scores.value.items, period, user.weekStart) : [];

  return (
    <article class="detail" style={{ '--habit': color }} aria-labelledby="habit-title">
      <header class="detail-head">
        <ScoreRing score={current.score} color={color} size={56} />
        <div>
          <h1 id="habit-title">{current.name}</h1>
          {current.question && <p>{current.question}</p>}
          <p class="figures">
            Score {format.percent(current.score)} · streak {current.streak.current} · best {current.streak.longest}
          </p>
        </div>
        <a class="button" href={href.edit(id)}>
          Edit
        </a>
      </header>
      {(habit.stale || scores.stale) && <p class="stale">Offline: showing what was last loaded.</p>}

      <section aria-labelledby="score-title">
        <div class="section-head">
          <h2 id="score-title">Score</h2>
          <Choice
            label="Score by"
            value={period}
            options={{ day: 'Day', week: 'Week', month: 'Month', year: 'Year' }}
            onChange={setPeriod}
          />
        </div>
        {scores.value ? (
          <ScoreChart points={points} color={color} label={`Score by ${period}`} />
        ) : (
          <p class="loading">Loading…</p>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <Calendar
          habit={current}
          today={today}
          weekStart={user.weekStart}
          dayAt={dayAt}
          onTap={(day) =>
            current.type === 'numeric'
              ? setEditing(day)
              : void writeDay(current, day, toggled(current, day)).then(refresh)
          }
          onEdit={setEditing}
        />
      </section>

      <div class="columns">
        <section aria-labelledby="streaks-title">
          <h2 id="streaks-title">Best streaks</h2>
          {streaks.value && streaks.value.best.length > 0 ? (
            <ol class="streaks">
              {streaks.value.best.map((run) => (
                <li key={run.start}>
                  <span class="bar" style={{ width: `${(100 * run.length) / streaks.value!.best[0]!.length}%` }} />
                  <span>
                    {run.length} {run.length === 1 ? 'day' : 'days'}: {format.date(run.start)} – {format.date(run.end)}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p class="hint">No streak yet.</p>
          )}
        </section>

        <section aria-labelledby="weekdays-title">
          <h2 id="weekdays-title">By weekday</h2>
          {stats.value && (
            <ul class="weekdays">
              {stats.value.weekdays.map((count, index) => (
                <li key={index}>
                  <span>{WEEKDAY_NAMES[index]}</span>
                  <span class="bar" style={{ width: `${(100 * count) / Math.max(1, ...stats.value!.weekdays)}%` }} />
                  <span>{format.number(count)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="totals-title">
        <div class="section-head">
          <h2 id="totals-title">{current.type === 'numeric' ? 'Totals' : 'Days done'}</h2>
          <Choice
            label="Per"
            value={totals}
            options={{ week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year' }}
            onChange={setTotals}
          />
        </div>
        {stats.value && <Totals totals={stats.value.periods[totals].slice(-12)} unit={current.unit} />}
      </section>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        {notes.length === 0 ? (
          <p class="hint">No notes yet. Long-press or right-click a day to add one.</p>
        ) : (
          <ul class="notes">
            {notes.map((record) => (
              <li key={record.date}>
                <time dateTime={record.date}>{format.date(record.date)}</time> {record.notes}
              </li>
            ))}
          </ul>
        )}
      </section>

      {editing && (
        <DayDialog
          habit={current}
          day={editing}
          onClose={() => setEditing(null)}
          onSave={(write) => void writeDay(current, editing, write).then(refresh)}
        />
      )}
    </article>
  );
}

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: Record<T, string>;
  onChange: (value: T) => void;
}) {
  return (
    <div class="choice" role="radiogroup" aria-label={props.label}>
      {(Object.entries(props.options) as [T, string][]).map(([value, text]) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={props.value === value}
          onClick={() => props.onChange(value)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

function Totals(props: { totals: Schemas['PeriodTotal'][]; unit: string | null }) {
  const highest = Math.max(1, ...props.totals.map((period) => period.total));
  return (
    <ul class="totals">
      {props.totals.map((period) => (
        <li key={period.start}>
          <span class="bar" style={{ height: `${(100 * period.total) / highest}%` }} />
          <span class="value">{format.number(period.total)}</span>
          <small>{format.date(period.start)}</small>
        </li>
      ))}
      {props.totals.length === 0 && <li class="hint">Nothing yet.</li>}
      {props.unit && <li class="visually-hidden">in {props.unit}</li>}
    </ul>
  );
}

/** The last weeks as Loop's history grid: a column per week, a row per weekday from the account's week start. */
function Calendar(props: {
  habit: Habit;
  today: string;
  weekStart: number;
  dayAt: (date: string) => HabitDay;
  onTap: (day: HabitDay) => void;
  onEdit: (day: HabitDay) => void;
}) {
  const firstWeek = startOfWeek(dayNumber(props.today), props.weekStart) - 7 * (CALENDAR_WEEKS - 1);
  const todayNumber = dayNumber(props.today);
  const grid = useRef<HTMLDivElement>(null);
  // On a narrow screen the grid scrolls: start at the newest weeks, as Loop does.
  useEffect(() => {
    if (grid.current) grid.current.scrollLeft = grid.current.scrollWidth;
  }, []);
  return (
    <div ref={grid} class="calendar" role="grid" aria-label={`${props.habit.name}: the last ${CALENDAR_WEEKS} weeks`}>
      {Array.from({ length: 7 }, (_, row) => (
        <div role="row" key={row}>
          {Array.from({ length: CALENDAR_WEEKS }, (_, column) => {
            const number = firstWeek + column * 7 + row;
            if (number > todayNumber)
              return <span key={column} class="cal-day future" role="gridcell" aria-hidden="true" />;
            const day = props.dayAt(isoDate(number));
            const { label } = describeDay(props.habit, day);
            return (
              <button
                key={column}
                type="button"
                role="gridcell"
                class={`cal-day ${day.status ?? 'empty'}`}
                aria-label={label}
                data-date={day.date}
                onClick={() => props.onTap(day)}
                {...editGestures(() => props.onEdit(day))}
              >
                {isoDate(number).slice(8)}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
