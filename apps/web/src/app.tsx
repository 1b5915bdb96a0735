import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { resumeSession, signOut, type User } from './api/client.js';
import { ReadCache, WriteQueue } from './api/offline.js';
import { href, useRoute } from './router.js';
import { SessionContext, type Session } from './session.js';
import { AuthScreen } from './screens/auth.js';
import { HabitDetail } from './screens/detail.js';
import { HabitForm } from './screens/habit-form.js';
import { HabitList } from './screens/list.js';
import { Overview } from './screens/overview.js';
import { Settings } from './screens/settings.js';

const LAST_USER = 'streakforge:last-user';

type Start = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; user: User };

export function App() {
  const [start, setStart] = useState<Start>({ state: 'loading' });

  useEffect(() => {
    void (async () => {
      const resumed = await resumeSession();
      const kept = localStorage.getItem(LAST_USER);
      if (resumed.state === 'offline' && kept) return setStart({ state: 'signed-in', user: JSON.parse(kept) as User });
      setStart(resumed.state === 'signed-in' ? resumed : { state: 'signed-out' });
    })().catch(() => setStart({ state: 'signed-out' }));
  }, []);

  if (start.state === 'loading')
    return (
      <p class="loading" aria-busy="true">
        Loading…
      </p>
    );
  if (start.state === 'signed-out') return <AuthScreen onSignedIn={(user) => setStart({ state: 'signed-in', user })} />;
  return (
    <SignedIn
      user={start.user}
      onSignedOut={() => {
        localStorage.removeItem(LAST_USER);
        setStart({ state: 'signed-out' });
      }}
    />
  );
}

function SignedIn(props: { user: User; onSignedOut: () => void }) {
  const [user, setUser] = useState(props.user);
  const [message, setMessage] = useState<string | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const cache = useMemo(() => new ReadCache(user.id), [user.id]);
  const queue = useMemo(() => new WriteQueue(user.id), [user.id]);
  const [waiting, setWaiting] = useState(() => queue.pending().length);
  const route = useRoute();

  useEffect(() => localStorage.setItem(LAST_USER, JSON.stringify(user)), [user]);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  useEffect(
    () =>
      queue.subscribe(() => {
        setWaiting(queue.pending().length);
        if (queue.lastRefusal) {
          setMessage(queue.lastRefusal);
          queue.lastRefusal = null;
        }
      }),
    [queue],
  );
  useEffect(() => void queue.flush(), [queue]);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6_000);
    return () => clearTimeout(timer);
  }, [message]);

  const notify = useCallback((text: string) => setMessage(text), []);
  const session: Session = {
    user,
    cache,
    queue,
    setUser,
    notify,
    signOut: () =>
      void signOut().then(() => {
        cache.clear();
        props.onSignedOut();
      }),
  };

  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <a class="brand" href={href.list}>
          StreakForge
        </a>
        <nav aria-label="Main">
          <a href={href.list} aria-current={route.screen === 'list' ? 'page' : undefined}>
            Habits
          </a>
          <a href={href.overview} aria-current={route.screen === 'overview' ? 'page' : undefined}>
            Overview
          </a>
          <a href={href.settings} aria-current={route.screen === 'settings' ? 'page' : undefined}>
            Settings
          </a>
        </nav>
        <p class="sync" role="status">
          {!online && <span class="offline">Offline</span>}
          {waiting > 0 && (
            <span class="waiting">
              {waiting} {waiting === 1 ? 'change' : 'changes'} waiting
            </span>
          )}
        </p>
      </header>
      <main>
        {route.screen === 'list' && <HabitList />}
        {route.screen === 'new' && <HabitForm />}
        {route.screen === 'edit' && <HabitForm id={route.id} />}
        {route.screen === 'detail' && <HabitDetail id={route.id} />}
        {route.screen === 'overview' && <Overview />}
        {route.screen === 'settings' && <Settings />}
      </main>
      {message && (
        <div class="toast" role="alert">
          {message}
          <button type="button" aria-label="Dismiss" onClick={() => setMessage(null)}>
            ×
          </button>
        </div>
      )}
    </SessionContext.Provider>
  );
}
