import { useState } from 'preact/hooks';
import { LOOP_PALETTE } from '@streakforge/core';
import { api, unwrap, type Habit, type Schemas } from '../api/client.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { Field, FormError, described, useSubmit } from '../ui/form.js';
import { useRead } from '../ui/use-read.js';

type Draft = Required<Omit<Schemas['CreateHabitDto'], 'position'>>;

const blank: Draft = {
  name: '',
  question: null,
  description: null,
  category: null,
  color: LOOP_PALETTE[8],
  type: 'boolean',
  goalType: 'daily',
  timesPerPeriod: 1,
  periodDays: null,
  targetValue: null,
  targetType: 'at_least',
  unit: null,
};

const draftOf = (habit: Habit): Draft => ({
  name: habit.name,
  question: habit.question,
  description: habit.description,
  category: habit.category,
  color: habit.color ?? blank.color,
  type: habit.type,
  goalType: habit.goalType,
  timesPerPeriod: habit.timesPerPeriod,
  periodDays: habit.periodDays,
  targetValue: habit.targetValue,
  targetType: habit.targetType,
  unit: habit.unit,
});

/** The body the API takes for a draft: a numeric habit's fields only on numeric habits, M only on custom goals. */
function bodyOf(draft: Draft): Draft {
  const numeric = draft.type === 'numeric';
  return {
    ...draft,
    question: draft.question?.trim() || null,
    description: draft.description?.trim() || null,
    category: draft.category?.trim() || null,
    periodDays: draft.goalType === 'custom' ? draft.periodDays : null,
    timesPerPeriod: numeric || draft.goalType === 'daily' ? 1 : draft.timesPerPeriod,
    targetValue: numeric ? draft.targetValue : null,
    unit: numeric ? draft.unit?.trim() || null : null,
  };
}

export function HabitForm(props: { id?: number }) {
  const existing = useRead(props.id ? `habit/${props.id}` : 'habit/new', () =>
    props.id ? unwrap(api.GET('/api/v1/habits/{id}', { params: { path: { id: props.id } } })) : Promise.resolve(null),
  );
  if (props.id && existing.error) return <p class="form-error">{existing.error}</p>;
  if (existing.value === undefined) return <p class="loading">Loading…</p>;
  return <HabitEditor habit={existing.value} key={props.id ?? 'new'} />;
}

function HabitEditor({ habit }: { habit: Habit | null }) {
  const session = useSession();
  const [draft, setDraft] = useState<Draft>(habit ? draftOf(habit) : blank);
  const submit = useSubmit();
  const categories = useRead('categories', async () => {
    const list = await unwrap(api.GET('/api/v1/habits', { params: { query: { archived: 'all' } } }));
    return [...new Set(list.items.map((item) => item.category).filter((name): name is string => !!name))].sort();
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const text = (key: 'name' | 'question' | 'description' | 'category' | 'unit') => (event: Event) =>
    set(key, (event.currentTarget as HTMLInputElement).value);
  const numberOrNull = (key: 'timesPerPeriod' | 'periodDays' | 'targetValue') => (event: Event) => {
    const raw = (event.currentTarget as HTMLInputElement).value;
    set(key, (raw === '' ? null : Number(raw)) as Draft[typeof key]);
  };
  const error = submit.field;
  const numeric = draft.type === 'numeric';

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const saved = habit
        ? await unwrap(api.PATCH('/api/v1/habits/{id}', { params: { path: { id: habit.id } }, body: bodyOf(draft) }))
        : await unwrap(api.POST('/api/v1/habits', { body: bodyOf(draft) }));
      navigate(href.habit(saved.id));
    });
  };
  const archive = () =>
    void submit.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/habits/{id}', { params: { path: { id: habit!.id } }, body: { archived: !habit!.archived } }),
      );
      navigate(href.list);
    });
  const remove = () => {
    if (!confirm(`Delete “${habit!.name}” and its whole history? This cannot be undone.`)) return;
    void submit.run(async () => {
      await unwrap(api.DELETE('/api/v1/habits/{id}', { params: { path: { id: habit!.id } } }));
      session.notify(`“${habit!.name}” was deleted.`);
      navigate(href.list);
    });
  };

  return (
    <form class="habit-form" onSubmit={save} noValidate aria-labelledby="form-title">
      <h1 id="form-title">{habit ? `Edit ${habit.name}` : 'New habit'}</h1>
      <Field label="Name" name="name" error={error('name')}>
        <input
          {...described('name', error('name'))}
          value={draft.name}
          onInput={text('name')}
          maxLength={100}
          required
        />
      </Field>
      <Field label="Question" name="question" error={error('question')} hint="e.g. Did you read today?">
        <input
          {...described('question', error('question'), true)}
          value={draft.question ?? ''}
          onInput={text('question')}
          maxLength={200}
        />
      </Field>
      <fieldset>
        <legend>Kind</legend>
        <label class="check">
          <input type="radio" name="type" checked={!numeric} onChange={() => set('type', 'boolean')} /> Yes or no
        </label>
        <label class="check">
          <input type="radio" name="type" checked={numeric} onChange={() => set('type', 'numeric')} /> A number (pages,
          glasses, minutes…)
        </label>
        {error('type') && (
          <small class="error" role="alert">
            {error('type')}
          </small>
        )}
      </fieldset>
      {numeric && (
        <div class="inline">
          <Field label="Target" name="targetType" error={error('targetType')}>
            <select
              {...described('targetType', error('targetType'))}
              value={draft.targetType}
              onChange={(event) =>
                set('targetType', (event.currentTarget as HTMLSelectElement).value as Draft['targetType'])
              }
            >
              <option value="at_least">At least</option>
              <option value="at_most">At most</option>
            </select>
          </Field>
          <Field label="Amount" name="targetValue" error={error('targetValue')}>
            <input
              {...described('targetValue', error('targetValue'))}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={draft.targetValue ?? ''}
              onInput={numberOrNull('targetValue')}
            />
          </Field>
          <Field label="Unit" name="unit" error={error('unit')}>
            <input
              {...described('unit', error('unit'))}
              value={draft.unit ?? ''}
              onInput={text('unit')}
              maxLength={30}
            />
          </Field>
        </div>
      )}
      <Field label={numeric ? 'Per' : 'How often'} name="goalType" error={error('goalType')}>
        <select
          {...described('goalType', error('goalType'))}
          value={draft.goalType}
          onChange={(event) => set('goalType', (event.currentTarget as HTMLSelectElement).value as Draft['goalType'])}
        >
          <option value="daily">{numeric ? 'Day' : 'Every day'}</option>
          <option value="weekly">{numeric ? 'Calendar week' : 'Times per calendar week'}</option>
          <option value="custom">{numeric ? 'Number of days' : 'Times in a number of days'}</option>
        </select>
      </Field>
      <div class="inline">
        {!numeric && draft.goalType !== 'daily' && (
          <Field label="Times" name="timesPerPeriod" error={error('timesPerPeriod')}>
            <input
              {...described('timesPerPeriod', error('timesPerPeriod'))}
              type="number"
              min={1}
              max={365}
              value={draft.timesPerPeriod}
              onInput={numberOrNull('timesPerPeriod')}
            />
          </Field>
        )}
        {draft.goalType === 'custom' && (
          <Field label="Days" name="periodDays" error={error('periodDays')}>
            <input
              {...described('periodDays', error('periodDays'))}
              type="number"
              min={1}
              max={365}
              value={draft.periodDays ?? ''}
              onInput={numberOrNull('periodDays')}
            />
          </Field>
        )}
      </div>
      <Field label="Category" name="category" error={error('category')}>
        <input
          {...described('category', error('category'))}
          list="categories"
          value={draft.category ?? ''}
          onInput={text('category')}
          maxLength={50}
        />
        <datalist id="categories">
          {(categories.value ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </Field>
      <fieldset class="palette">
        <legend>Colour</legend>
        {LOOP_PALETTE.map((color) => (
          <label key={color} class="swatch" style={{ '--swatch': color }}>
            <input
              type="radio"
              name="color"
              value={color}
              checked={draft.color?.toLowerCase() === color.toLowerCase()}
              onChange={() => set('color', color)}
              aria-label={color}
            />
          </label>
        ))}
        {error('color') && (
          <small class="error" role="alert">
            {error('color')}
          </small>
        )}
      </fieldset>
      <Field label="Description" name="description" error={error('description')}>
        <textarea
          {...described('description', error('description'))}
          value={draft.description ?? ''}
          onInput={text('description')}
          maxLength={2000}
          rows={3}
        />
      </Field>
      <FormError error={submit.error?.details.length ? null : submit.error} />
      <div class="actions">
        {habit && (
          <>
            <button type="button" class="danger" onClick={remove} disabled={submit.busy}>
              Delete
            </button>
            <button type="button" onClick={archive} disabled={submit.busy}>
              {habit.archived ? 'Unarchive' : 'Archive'}
            </button>
          </>
        )}
        <a class="button" href={habit ? href.habit(habit.id) : href.list}>
          Cancel
        </a>
        <button type="submit" class="primary" disabled={submit.busy}>
          {habit ? 'Save' : 'Create'}
        </button>
      </div>
    </form>
  );
}
