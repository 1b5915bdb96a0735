import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api/client.js';
import { useSession } from '../session.js';
import { Field, FormError, described, useSubmit } from './form.js';
import { format } from './format.js';

/**
 * Upload of a Loop Habit Tracker backup (its `.db` file or CSV export zip) or of a StreakForge export (JSON), and
 * what the import did, by count and by reason, afterwards.
 */
export function ImportPanel(props: { title: string; onImported: (result: Schemas['ImportResponse']) => void }) {
  const session = useSession();
  const submit = useSubmit();
  const [result, setResult] = useState<Schemas['ImportResponse'] | null>(null);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget as HTMLFormElement).get('file');
    if (!(file instanceof File) || file.size === 0) return;
    void submit.run(async () => {
      const imported = file.name.toLowerCase().endsWith('.json')
        ? await unwrap(api.POST('/api/v1/import', { body: JSON.parse(await file.text()) as Schemas['ExportDocument'] }))
        : await unwrap(
            api.POST('/api/v1/import/loop', {
              body: { file: '' },
              bodySerializer: () => {
                const form = new FormData();
                form.append('file', file, file.name);
                return form;
              },
            }),
          );
      setResult(imported);
      if (imported.settingsChanged.length > 0) session.setUser(await unwrap(api.GET('/api/v1/me')));
      props.onImported(imported);
    });
  };

  return (
    <form class="import" onSubmit={onSubmit} aria-label={props.title}>
      <h2>{props.title}</h2>
      <Field
        label="Backup file"
        name="file"
        error={submit.field('file')}
        hint="Loop: Settings → Export full backup (.db) or Export as CSV (.zip). StreakForge: an export (.json)."
      >
        <input {...described('file', submit.field('file'), true)} type="file" accept=".db,.zip,.json" required />
      </Field>
      <FormError error={submit.error?.field('file') ? null : submit.error} />
      <button type="submit" class="primary" disabled={submit.busy}>
        {submit.busy ? 'Importing…' : 'Import'}
      </button>
      {result && <ImportSummary result={result} />}
    </form>
  );
}

/** What an import did: counts of habits and days, the rows left out by reason, and the settings it changed. */
export function ImportSummary({ result }: { result: Schemas['ImportResponse'] }) {
  const n = format.number;
  const reasons = Object.entries(result.skippedByReason).filter(([, count]) => count > 0);
  return (
    <div class="import-result" role="status">
      <p>
        Habits: {n(result.habits.created)} new, {n(result.habits.updated)} updated, {n(result.habits.unchanged)}{' '}
        unchanged. Days: {n(result.completions.created)} new, {n(result.completions.updated)} updated,{' '}
        {n(result.completions.unchanged)} unchanged.
      </p>
      {result.skipped > 0 && (
        <p>
          {n(result.skipped)} rows left out:{' '}
          {reasons.map(([reason, count]) => `${n(count)} ${REASONS[reason] ?? reason}`).join('; ')}.
        </p>
      )}
      {result.settingsChanged.map((change) => (
        <p key={change.setting}>
          Your {change.setting} changed from {String(change.from)} to {String(change.to)}.
        </p>
      ))}
    </div>
  );
}

const REASONS: Record<string, string> = {
  automatic: "Loop's automatic check-marks (derived again from your own)",
  unknown: 'empty days',
  duplicate: 'second rows for the same day',
};
