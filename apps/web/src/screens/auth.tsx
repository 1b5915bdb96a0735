import { useState } from 'preact/hooks';
import { register, signIn, type User } from '../api/client.js';
import { Field, FormError, described, useSubmit } from '../ui/form.js';

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** Monday-first unless the browser's locale starts weeks on another day (where the browser can tell). */
function browserWeekStart(): number {
  const locale = new Intl.Locale(navigator.language) as Intl.Locale & {
    getWeekInfo?: () => { firstDay: number };
    weekInfo?: { firstDay: number };
  };
  return locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay ?? 1;
}

export function AuthScreen(props: { onSignedIn: (user: User) => void }) {
  const [mode, setMode] = useState<'sign-in' | 'register'>('sign-in');
  const submit = useSubmit();
  const timezone = browserTimeZone();

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    void submit.run(async () => {
      const user =
        mode === 'sign-in'
          ? await signIn(text('login'), text('password'))
          : await register({
              username: text('username'),
              email: text('email'),
              password: text('password'),
              timezone,
              weekStart: browserWeekStart() as 1 | 2 | 3 | 4 | 5 | 6 | 7,
            });
      props.onSignedIn(user);
    });
  };

  return (
    <main class="auth">
      <h1>StreakForge</h1>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'sign-in'} onClick={() => setMode('sign-in')}>
          Sign in
        </button>
        <button type="button" role="tab" aria-selected={mode === 'register'} onClick={() => setMode('register')}>
          Create account
        </button>
      </div>
      <form onSubmit={onSubmit} noValidate key={mode}>
        {mode === 'sign-in' ? (
          <Field label="Username or email" name="login" error={submit.field('login')}>
            <input {...described('login', submit.field('login'))} autocomplete="username" required />
          </Field>
        ) : (
          <>
            <Field label="Username" name="username" error={submit.field('username')}>
              <input {...described('username', submit.field('username'))} autocomplete="username" required />
            </Field>
            <Field label="Email" name="email" error={submit.field('email')}>
              <input {...described('email', submit.field('email'))} type="email" autocomplete="email" required />
            </Field>
          </>
        )}
        <Field
          label="Password"
          name="password"
          error={submit.field('password')}
          hint={mode === 'register' ? 'At least 10 characters, and not easy to guess.' : undefined}
        >
          <input
            {...described('password', submit.field('password'), mode === 'register')}
            type="password"
            autocomplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
          />
        </Field>
        {mode === 'register' && (
          <p class="hint">
            Your days are counted in <strong>{timezone}</strong>; you can change it in settings.
          </p>
        )}
        <FormError error={submit.error?.details.length ? null : submit.error} />
        <button type="submit" class="primary" disabled={submit.busy}>
          {mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
      </form>
    </main>
  );
}
