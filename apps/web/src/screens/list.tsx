import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Habit, type HabitDay, type Schemas } from '../api/client.js';
import { href } from '../router.js';
import { todayOf, useSession } from '../session.js';
import { DayDialog, describeDay, editGestures, emptyDay, toggled, useDayWrites } from '../ui/day-editor.js';
import { format, lastDays } from '../ui/format.js';
import { ImportPanel, ImportSummary } from '../ui/import.js';
import { ScoreRing } from '../ui/ring.js';
import { useRead } from '../ui/use-read.js';

const NAME_COLUMN_PX = 150;
const DAY_COLUMN_PX = 42;
const LONG_PRESS_MS = 500;
export const DEFAULT_COLOR = '#3f51b5';

/** As many day columns as the screen holds, from 3 on a narrow phone to 14 on a desktop. */
function daysForWidth(width: number): number {
  return Math.max(3, Math.min(14, Math.floor((Math.min(width, 1100) - 40 - NAME_COLUMN_PX) / DAY_COLUMN_PX)));
}

function useDayCount(): number {
  const [count, setCount] = useState(() => daysForWidth(innerWidth));
  useEffect(() => {
    const resized = () => setCount(daysForWidth(innerWidth));
    addEventListener('resize', resized);
    return () => removeEventListener('resize', resized);
  }, []);
  return count;
}

type DaysByHabit = Record<number, Record<string, HabitDay>>;

export function HabitList() {
  const session = useSession();
  const today = todayOf(session.user);
  const count = useDayCount();
  const dates = lastDays(today, count);
  const [showArchived, setShowArchived] = useState(false);
  const [category, setCategory] = useState<string>('');
  const [editing, setEditing] = useState<{ habit: Habit; day: HabitDay } | null>(null);
  const [imported, setImported] = useState<Schemas['ImportResponse'] | null>(null);
  const archived = showArchived ? 'all' : 'false';

  const habits = useRead(`habits?archived=${archived}`, () =>
    unwrap(api.GET('/api/v1/habits', { params: { query: { archived } } })),
  );
  const days = useRead(`days?from=${dates[0]}&to=${today}`, async () => {
    const range = await unwrap(api.GET('/api/v1/completions', { params: { query: { from: dates[0]!, to: today } } }));
    const byHabit: DaysByHabit = {};
    for (const item of range.items) byHabit[item.habitId] = Object.fromEntries(item.days.map((day) => [day.date, day]));
    return byHabit;
  });

  const show = (habitId: number, day: HabitDay) =>
    days.set((current) => ({ ...current, [habitId]: { ...current[habitId], [day.date]: day } }));
  const writeDay = useDayWrites(show);
  const afterWrite = async (habit: Habit, saved: boolean) => {
    if (!saved) return;
    // The streak, score and goal-covered days come from the server, which counts them in the write's transaction.
    const [fresh] = await Promise.all([
      unwrap(api.GET('/api/v1/habits/{id}', { params: { path: { id: habit.id } } })),
      days.reload(),
    ]);
    habits.set((list) => ({ ...list, items: list.items.map((item) => (item.id === fresh.id ? fresh : item)) }));
  };
  const dayOf = (habit: Habit, date: string) => days.value?.[habit.id]?.[date] ?? emptyDay(date);
  const tap = async (habit: Habit, date: string) => {
    const day = dayOf(habit, date);
    if (habit.type === 'numeric') return setEditing({ habit, day });
    await afterWrite(habit, await writeDay(habit, day, toggled(habit, day)));
  };

  if (habits.error && !habits.value) return <p class="form-error">{habits.error}</p>;
  if (!habits.value) return <p class="loading">Loading habits…</p>;
  const items = habits.value.items;
  const categories = [...new Set(items.map((habit) => habit.category).filter((name): name is string => !!name))].sort();
  const shown = items.filter((habit) => !category || habit.category === category);
  const groups = new Map<string | null, Habit[]>();
  for (const habit of shown) groups.set(habit.category, [...(groups.get(habit.category) ?? []), habit]);

  if (items.length === 0 && !showArchived)
    return (
      <EmptyState
        onImported={(result) => {
          setImported(result);
          void Promise.all([habits.reload(), days.reload()]);
        }}
      />
    );

  return (
    <section class="list" aria-labelledby="list-title">
      <div class="toolbar">
        <h1 id="list-title">Habits</h1>
        {categories.length > 0 && (
          <label>
            <span class="visually-hidden">Category</span>
            <select
              value={category}
              onChange={(event) => setCategory((event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">All categories</option>
              {categories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={showArchived} onChange={() => setShowArchived(!showArchived)} /> Archived
        </label>
        <a class="button primary" href={href.newHabit}>
          New habit
        </a>
      </div>
      {(habits.stale || days.stale) && <p class="stale">Offline: showing what was last loaded.</p>}
      {imported && (
        <div class="imported">
          <h2>Imported</h2>
          <ImportSummary result={imported} />
          <button type="button" onClick={() => setImported(null)}>
            Done
          </button>
        </div>
      )}
      <div
        class="grid"
        role="grid"
        aria-label="Habits and their last days"
        aria-busy={days.loading}
        style={{ '--days': count }}
      >
        <div class="row head" role="row">
          <span role="columnheader" class="name-cell">
            Habit
          </span>
          {dates.map((date) => (
            <span role="columnheader" key={date} class="day-head" aria-label={format.longDate(date)}>
              <small>{format.weekday(date)}</small>
              {format.dayOfMonth(date)}
            </span>
          ))}
        </div>
        {[...groups].map(([name, group]) => (
          <div role="rowgroup" key={name ?? ''} aria-label={name ?? 'No category'}>
            {categories.length > 0 && (
              <div role="row" class="group-head">
                <span role="rowheader">{name ?? 'No category'}</span>
              </div>
            )}
            {group.map((habit) => (
              <HabitRow
                key={habit.id}
                habit={habit}
                dates={dates}
                dayOf={dayOf}
                onTap={(date) => void tap(habit, date)}
                onEdit={(date) => setEditing({ habit, day: dayOf(habit, date) })}
                onMove={(offset) => void move(habit, offset)}
                onDropped={(movedId) => void reorder(movedId, habit)}
              />
            ))}
          </div>
        ))}
      </div>
      <p class="hint">
        Tap a day to mark it done. Long-press, right-click or press Shift+Enter on a day to skip it, mark it not done,
        or add a note. Drag a habit by its handle, or press Alt+↑/↓ on the handle, to reorder.
      </p>
      {editing && (
        <DayDialog
          habit={editing.habit}
          day={editing.day}
          onClose={() => setEditing(null)}
          onSave={(write) =>
            void writeDay(editing.habit, editing.day, write).then((saved) => afterWrite(editing.habit, saved))
          }
        />
      )}
    </section>
  );

  async function reorder(movedId: number, target: Habit) {
    const moved = items.find((habit) => habit.id === movedId);
    if (!moved || moved.id === target.id) return;
    const order = items.filter((habit) => habit.id !== moved.id);
    order.splice(order.indexOf(target) + (items.indexOf(moved) < items.indexOf(target) ? 1 : 0), 0, moved);
    await savePositions(order);
  }

  async function move(habit: Habit, offset: number) {
    const order = [...items];
    const from = order.indexOf(habit);
    const to = from + offset;
    if (to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, habit);
    await savePositions(order);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-handle="${habit.id}"]`)?.focus());
  }

  /** Numbers the habits 0, 1, 2… in the new order; only those whose position changes are sent. */
  async function savePositions(order: Habit[]) {
    const renumbered = order.map((habit, position) => ({ ...habit, position }));
    habits.set((list) => ({ ...list, items: renumbered }));
    try {
      for (const habit of renumbered.filter((habit, index) => habit.position !== order[index]!.position))
        await unwrap(
          api.PATCH('/api/v1/habits/{id}', { params: { path: { id: habit.id } }, body: { position: habit.position } }),
        );
    } catch (error) {
      session.notify(`The new order was not saved: ${error instanceof Error ? error.message : String(error)}`);
      await habits.reload();
    }
  }
}

function HabitRow(props: {
  habit: Habit;
  dates: string[];
  dayOf: (habit: Habit, date: string) => HabitDay;
  onTap: (date: string) => void;
  onEdit: (date: string) => void;
  onMove: (offset: number) => void;
  /** Another habit, by id, was dropped on this one: it goes in this one's place. */
  onDropped: (movedId: number) => void;
}) {
  const { habit } = props;
  const color = habit.color ?? DEFAULT_COLOR;
  const pressed = useRef<{ timer: ReturnType<typeof setTimeout>; fired: boolean } | null>(null);
  const [dragOver, setDragOver] = useState(false);

  const startPress = (date: string) => {
    const press = { fired: false, timer: setTimeout(() => ((press.fired = true), props.onEdit(date)), LONG_PRESS_MS) };
    pressed.current = press;
  };
  const endPress = () => clearTimeout(pressed.current?.timer);

  return (
    <div
      role="row"
      class={`row habit${habit.archived ? ' archived' : ''}${dragOver ? ' drag-over' : ''}`}
      style={{ '--habit': color }}
      data-habit={habit.id}
      onDragOver={(event) => {
        event.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragOver(false);
        const moved = Number(event.dataTransfer?.getData('text/x-habit'));
        if (moved) props.onDropped(moved);
      }}
    >
      <span role="rowheader" class="name-cell">
        <button
          type="button"
          class="handle"
          draggable
          data-handle={habit.id}
          aria-label={`Move ${habit.name}`}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
          onDragStart={(event) => event.dataTransfer?.setData('text/x-habit', String(habit.id))}
          onKeyDown={(event) => {
            if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
            event.preventDefault();
            props.onMove(event.key === 'ArrowUp' ? -1 : 1);
          }}
        >
          ⋮⋮
        </button>
        <ScoreRing score={habit.score} color={color} />
        <a href={href.habit(habit.id)} class="habit-name">
          {habit.name}
          <small class="streak" aria-label={`streak ${habit.streak.current}`}>
            {habit.streak.current > 0 ? `${habit.streak.current} ${habit.streak.current === 1 ? 'day' : 'days'}` : ''}
          </small>
        </a>
      </span>
      {props.dates.map((date) => {
        const day = props.dayOf(habit, date);
        const { label, mark } = describeDay(habit, day);
        const state = day.status ?? (day.qualifies ? 'covered' : 'empty');
        return (
          <button
            type="button"
            role="gridcell"
            key={date}
            class={`day ${state}${day.qualifies ? ' qualifies' : ''}`}
            aria-label={`${habit.name}, ${label}`}
            title={day.notes ?? undefined}
            data-date={date}
            onClick={() => {
              if (pressed.current?.fired) return;
              props.onTap(date);
            }}
            {...editGestures(() => {
              endPress();
              props.onEdit(date);
            })}
            onPointerDown={(event) => event.pointerType !== 'mouse' && startPress(date)}
            onPointerUp={endPress}
            onPointerLeave={endPress}
          >
            {mark}
            {day.notes && day.status !== 'unmarked' && <span class="note-dot" aria-hidden="true" />}
          </button>
        );
      })}
    </div>
  );
}

function EmptyState(props: { onImported: (result: Schemas['ImportResponse']) => void }) {
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h1 id="empty-title">No habits yet</h1>
      <p>Coming from Loop Habit Tracker? Bring your whole history: streaks, scores and notes carry over.</p>
      <ImportPanel title="Import your Loop backup" onImported={props.onImported} />
      <p>
        Or start fresh: <a href={href.newHabit}>create your first habit</a>.
      </p>
    </section>
  );
}
