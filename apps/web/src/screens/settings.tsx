import { useState } from 'preact/hooks';
import { api, download, unwrap, type Schemas } from '../api/client.js';
import { useSession } from '../session.js';
import { Field, FormError, described, useSubmit } from '../ui/form.js';
import { format, weekdayNames } from '../ui/format.js';
import { ImportPanel } from '../ui/import.js';
import { useRead } from '../ui/use-read.js';

const WEEKDAYS = weekdayNames('long').map((name, index) => ({ value: index + 1, name }));
const timeOfDay = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

export function Settings() {
  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <CalendarSettings />
      <BrowserSessions />
      <PersonalTokens />
      <section aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <ExportButtons />
      </section>
      <ImportPanel title="Import" onImported={() => undefined} />
      <DangerZone />
    </section>
  );
}

function CalendarSettings() {
  const session = useSession();
  const { user } = session;
  const submit = useSubmit();
  const zones = Intl.supportedValuesOf('timeZone');
  const [saved, setSaved] = useState(false);
  // Controlled: a select's defaultValue is no property of the element, so the first option would show and be saved.
  const [timezone, setTimezone] = useState(user.timezone);
  const [weekStart, setWeekStart] = useState(String(user.weekStart));

  const save = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setSaved(false);
    void submit.run(async () => {
      const updated = await unwrap(
        api.PATCH('/api/v1/me', {
          body: {
            timezone: String(form.get('timezone')),
            dayStartMinutes: minutesOf(String(form.get('dayStartMinutes'))),
            weekStart: Number(form.get('weekStart')) as 1 | 2 | 3 | 4 | 5 | 6 | 7,
          },
        }),
      );
      session.setUser(updated);
      setSaved(true);
    });
  };

  return (
    <form onSubmit={save} aria-labelledby="calendar-title">
      <h2 id="calendar-title">Your days</h2>
      <Field label="Time zone" name="timezone" error={submit.field('timezone')}>
        <select
          {...described('timezone', submit.field('timezone'))}
          value={timezone}
          onChange={(event) => setTimezone((event.currentTarget as HTMLSelectElement).value)}
        >
          {(zones.includes(user.timezone) ? zones : [user.timezone, ...zones]).map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="A new day starts at"
        name="dayStartMinutes"
        error={submit.field('dayStartMinutes')}
        hint="A night owl's 1 am can still count as the day before."
      >
        <input
          {...described('dayStartMinutes', submit.field('dayStartMinutes'), true)}
          type="time"
          defaultValue={timeOfDay(user.dayStartMinutes)}
          required
        />
      </Field>
      <Field label="Weeks start on" name="weekStart" error={submit.field('weekStart')}>
        <select
          {...described('weekStart', submit.field('weekStart'))}
          value={weekStart}
          onChange={(event) => setWeekStart((event.currentTarget as HTMLSelectElement).value)}
        >
          {WEEKDAYS.map((day) => (
            <option key={day.value} value={day.value}>
              {day.name}
            </option>
          ))}
        </select>
      </Field>
      <FormError error={submit.error?.details.length ? null : submit.error} />
      <button type="submit" class="primary" disabled={submit.busy}>
        Save
      </button>
      {saved && <span role="status"> Saved.</span>}
    </form>
  );
}

function BrowserSessions() {
  const session = useSession();
  const sessions = useRead('browser-sessions', () => unwrap(api.GET('/api/v1/me/browser-sessions')));
  const submit = useSubmit();
  const revoke = (item: Schemas['BrowserSessionResponse']) =>
    void submit.run(async () => {
      await unwrap(api.DELETE('/api/v1/me/browser-sessions/{id}', { params: { path: { id: item.id } } }));
      if (item.current) return session.signOut();
      await sessions.reload();
    });
  const everywhere = () =>
    void submit.run(async () => {
      if (!confirm('Sign out every browser and app signed in with your password, this one included?')) return;
      await unwrap(api.DELETE('/api/v1/me/sessions'));
      session.signOut();
    });
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Signed-in browsers</h2>
      <ul class="rows">
        {(sessions.value?.items ?? []).map((item) => (
          <li key={item.id}>
            <span>
              {item.userAgent ?? 'Unknown browser'}
              {item.current && <strong> (this browser)</strong>}
              <small> — last used {format.instant(item.lastUsedAt)}</small>
            </span>
            <button type="button" onClick={() => revoke(item)} disabled={submit.busy}>
              Sign out
            </button>
          </li>
        ))}
      </ul>
      <FormError error={submit.error} />
      <button type="button" onClick={everywhere} disabled={submit.busy}>
        Sign out everywhere
      </button>{' '}
      <button type="button" onClick={session.signOut}>
        Sign out of this browser
      </button>
    </section>
  );
}

function PersonalTokens() {
  const tokens = useRead('tokens', () => unwrap(api.GET('/api/v1/me/tokens')));
  const submit = useSubmit();
  const [created, setCreated] = useState<string | null>(null);
  const create = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void submit.run(async () => {
      const token = await unwrap(
        api.POST('/api/v1/me/tokens', {
          body: { name: String(data.get('tokenName')), scope: data.get('scope') === 'read' ? 'read' : 'write' },
        }),
      );
      setCreated(token.token);
      form.reset();
      await tokens.reload();
    });
  };
  const revoke = (id: number) =>
    void submit.run(async () => {
      await unwrap(api.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id } } }));
      await tokens.reload();
    });
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Personal tokens</h2>
      <p class="hint">For scripts and other apps using the API. A token is shown once, when it is made.</p>
      <ul class="rows">
        {(tokens.value?.items ?? []).map((token) => (
          <li key={token.id}>
            <span>
              {token.name}{' '}
              <small>
                ({token.scope}
                {token.expiresAt ? `, until ${format.instant(token.expiresAt)}` : ''})
              </small>
            </span>
            <button type="button" onClick={() => revoke(token.id)} disabled={submit.busy}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={create} noValidate>
        <Field label="Token name" name="tokenName" error={submit.field('name')}>
          <input {...described('tokenName', submit.field('name'))} maxLength={100} required />
        </Field>
        <Field label="Access" name="scope">
          <select id="scope" name="scope">
            <option value="write">Read and write</option>
            <option value="read">Read only</option>
          </select>
        </Field>
        <button type="submit" disabled={submit.busy}>
          Create token
        </button>
      </form>
      <FormError error={submit.error?.details.length ? null : submit.error} />
      {created && (
        <p role="status" class="created-token">
          Your new token (copy it now): <code>{created}</code>
        </p>
      )}
    </section>
  );
}

function ExportButtons() {
  const submit = useSubmit();
  return (
    <>
      <p class="hint">Everything you recorded, to keep or to move to another server or back to Loop.</p>
      <button
        type="button"
        onClick={() => void submit.run(() => download('/api/v1/export', 'streakforge-export.json'))}
      >
        Export (StreakForge JSON)
      </button>{' '}
      <button type="button" onClick={() => void submit.run(() => download('/api/v1/export/loop', 'loop-backup.zip'))}>
        Export for Loop (CSV zip)
      </button>
      <FormError error={submit.error} />
    </>
  );
}

function DangerZone() {
  const session = useSession();
  const submit = useSubmit();
  const remove = () => {
    const typed = prompt(
      `This deletes your account, every habit and every day, for good. Type your username (${session.user.username}) to go on.`,
    );
    if (typed !== session.user.username) return;
    void submit.run(async () => {
      await unwrap(api.DELETE('/api/v1/me'));
      session.signOut();
    });
  };
  return (
    <section aria-labelledby="danger-title">
      <h2 id="danger-title">Delete account</h2>
      <FormError error={submit.error} />
      <button type="button" class="danger" onClick={remove} disabled={submit.busy}>
        Delete my account
      </button>
    </section>
  );
}
