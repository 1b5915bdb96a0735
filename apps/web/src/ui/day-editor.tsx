import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Habit, type HabitDay, type Schemas } from '../api/client.js';
import type { DayWrite } from '../api/offline.js';
import { useSession } from '../session.js';
import { format } from './format.js';

type Status = NonNullable<HabitDay['status']>;

/** The day a cell shows before any record: nothing, or qualifying through its week's or period's goal. */
export const emptyDay = (date: string): HabitDay => ({ date, status: null, value: 0, notes: null, qualifies: false });

/** What a tap on a day does, as in Loop: a yes/no day toggles between done and nothing. */
export function toggled(habit: Habit, day: HabitDay): DayWrite {
  if (day.status === 'done') return { habitId: habit.id, date: day.date, body: null };
  return { habitId: habit.id, date: day.date, body: { status: 'done', ...(day.notes ? { notes: day.notes } : {}) } };
}

/** The day as it will read once the write is stored: shown at once, before the server answers. */
export function expected(day: HabitDay, write: DayWrite): HabitDay {
  if (!write.body) return { ...emptyDay(day.date), qualifies: day.qualifies && day.status !== 'done' };
  const status = write.body.status ?? 'done';
  return {
    date: day.date,
    status,
    value: status === 'done' ? (write.body.value ?? 1) : 0,
    notes: write.body.notes ?? null,
    qualifies: status === 'done' || day.qualifies,
  };
}

/**
 * Sends a day write through the session's queue, showing its expected result at once through `show`, and rolling
 * back with a message when the API refuses it. Returns whether the server already has it (false when queued).
 */
export function useDayWrites(show: (habitId: number, day: HabitDay) => void) {
  const session = useSession();
  return async (habit: Habit, before: HabitDay, write: DayWrite): Promise<boolean> => {
    show(habit.id, expected(before, write));
    try {
      return (await session.queue.write(write)) === 'saved';
    } catch (error) {
      show(habit.id, before);
      session.notify(
        error instanceof ApiError ? `${habit.name}, ${format.date(before.date)}: ${error.message}` : String(error),
      );
      return false;
    }
  };
}

const STATUS_LABELS: Record<Status, string> = {
  done: 'Done',
  skipped: 'Skipped',
  missed: 'Not done',
  unmarked: 'Note only',
};

/** A modal dialog to set a day: its status, its amount for numeric habits, and a note. */
export function DayDialog(props: {
  habit: Habit;
  day: HabitDay;
  onSave: (write: DayWrite) => void;
  onClose: () => void;
}) {
  const { habit, day } = props;
  const numeric = habit.type === 'numeric';
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<Status>(day.status ?? 'done');
  const [value, setValue] = useState(day.status === 'done' && numeric ? day.value : 0);
  const [notes, setNotes] = useState(day.notes ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const step = numeric && habit.targetValue && habit.targetValue < 5 ? 0.5 : 1;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const save = (event: Event) => {
    event.preventDefault();
    if (status === 'unmarked' && !notes.trim()) return setProblem('A day with a note only needs a note.');
    const body: Schemas['CompletionBody'] = { status };
    if (numeric && status === 'done') body.value = value;
    if (notes.trim()) body.notes = notes.trim();
    props.onSave({ habitId: habit.id, date: day.date, body });
    props.onClose();
  };
  const clear = () => {
    props.onSave({ habitId: habit.id, date: day.date, body: null });
    props.onClose();
  };

  return (
    <dialog ref={dialog} class="day-dialog" onClose={props.onClose} aria-labelledby="day-dialog-title">
      <form method="dialog" onSubmit={save}>
        <h2 id="day-dialog-title">
          {habit.name} <small>{format.longDate(day.date)}</small>
        </h2>
        <fieldset class="statuses">
          <legend>Status</legend>
          {(Object.keys(STATUS_LABELS) as Status[]).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="status"
                value={option}
                checked={status === option}
                onChange={() => setStatus(option)}
              />
              {STATUS_LABELS[option]}
            </label>
          ))}
        </fieldset>
        {numeric && status === 'done' && (
          <div class="amount">
            <label for="day-value">
              Amount{habit.unit ? ` (${habit.unit})` : ''}
              {habit.targetValue !== null &&
                ` — target ${habit.targetType === 'at_most' ? 'at most' : 'at least'} ${format.number(habit.targetValue)}`}
            </label>
            <div class="stepper">
              <button type="button" aria-label="Less" onClick={() => setValue((v) => Math.max(0, v - step))}>
                −
              </button>
              <input
                id="day-value"
                type="number"
                inputMode="decimal"
                min={0}
                max={1e9}
                step="any"
                value={value}
                onInput={(event) => setValue(Number((event.currentTarget as HTMLInputElement).value))}
              />
              <button type="button" aria-label="More" onClick={() => setValue((v) => v + step)}>
                +
              </button>
            </div>
          </div>
        )}
        <label for="day-notes">Note</label>
        <textarea
          id="day-notes"
          maxLength={2000}
          rows={3}
          value={notes}
          onInput={(event) => setNotes((event.currentTarget as HTMLTextAreaElement).value)}
        />
        {problem && (
          <p class="form-error" role="alert">
            {problem}
          </p>
        )}
        <div class="actions">
          {day.status !== null && (
            <button type="button" class="danger" onClick={clear}>
              Clear day
            </button>
          )}
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary">
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The second gesture on a day, wherever days are shown: right-click, or Shift+Enter on the focused day. */
export function editGestures(onEdit: () => void) {
  return {
    'aria-keyshortcuts': 'Shift+Enter',
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      onEdit();
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !event.shiftKey) return;
      event.preventDefault();
      onEdit();
    },
  };
}

/** How a day reads for a screen reader, and its mark on screen. */
export function describeDay(habit: Habit, day: HabitDay): { label: string; mark: string } {
  const { label, mark } = describeStatus(habit, day);
  return { label: day.notes && day.status !== 'unmarked' ? `${label}, with a note` : label, mark };
}

function describeStatus(habit: Habit, day: HabitDay): { label: string; mark: string } {
  const when = format.longDate(day.date);
  switch (day.status) {
    case 'done':
      return habit.type === 'numeric'
        ? {
            label: `${when}: ${format.number(day.value)}${habit.unit ? ` ${habit.unit}` : ''}`,
            mark: format.number(day.value),
          }
        : { label: `${when}: done`, mark: '✓' };
    case 'skipped':
      return { label: `${when}: skipped`, mark: '»' };
    case 'missed':
      return { label: `${when}: not done`, mark: '✕' };
    case 'unmarked':
      return { label: `${when}: a note`, mark: '•' };
    default:
      return day.qualifies
        ? { label: `${when}: covered by the goal`, mark: '✓' }
        : { label: `${when}: nothing recorded`, mark: '·' };
  }
}
