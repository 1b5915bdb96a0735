import { ApiError, OfflineError, api, unwrap, type Schemas } from './client.js';

/** One day's change as the API takes it: a PUT of the day, or its removal. Both are idempotent, so replays are safe. */
export interface DayWrite {
  habitId: number;
  date: string;
  /** null removes the day's record. */
  body: Schemas['CompletionBody'] | null;
}

type Listener = () => void;
const RETRY_MS = 10_000;

/** The last answer of each read, per user, so screens can show it when the network is gone. */
export class ReadCache {
  constructor(private readonly userId: number) {}

  private key(name: string) {
    return `streakforge:${this.userId}:read:${name}`;
  }

  /** Forgets every answer kept for this user, as signing out does; their queued writes stay for their next sign-in. */
  clear(): void {
    const prefix = this.key('');
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
  }

  /** The fresh answer, remembered; without a network, the last one remembered (and `stale` set). */
  async read<T>(name: string, fetcher: () => Promise<T>): Promise<{ value: T; stale: boolean }> {
    try {
      const value = await fetcher();
      try {
        localStorage.setItem(this.key(name), JSON.stringify(value));
      } catch {
        // A full storage quota only costs the offline copy.
      }
      return { value, stale: false };
    } catch (error) {
      const kept = error instanceof OfflineError ? localStorage.getItem(this.key(name)) : null;
      if (kept === null) throw error;
      return { value: JSON.parse(kept) as T, stale: true };
    }
  }
}

/**
 * Day writes, sent in the order they were made. A write that finds no network waits in localStorage, and every
 * later write queues behind it, so replaying keeps the order; the queue is sent again when the browser is back
 * online. A write the API refuses is dropped and reported; a busy or failing server is retried later.
 */
export class WriteQueue {
  private readonly listeners = new Set<Listener>();
  private flushing: Promise<void> | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** The last refusal of a queued write, in words. */
  lastRefusal: string | null = null;

  constructor(private readonly userId: number) {
    addEventListener('online', () => void this.flush());
  }

  private get key() {
    return `streakforge:${this.userId}:queue`;
  }

  pending(): DayWrite[] {
    return JSON.parse(localStorage.getItem(this.key) ?? '[]') as DayWrite[];
  }

  private store(writes: DayWrite[]) {
    localStorage.setItem(this.key, JSON.stringify(writes));
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the write now when nothing waits; 'queued' when it waits for the network. Refusals throw. */
  async write(write: DayWrite): Promise<'saved' | 'queued'> {
    if (this.pending().length === 0) {
      try {
        await send(write);
        return 'saved';
      } catch (error) {
        if (!(error instanceof OfflineError)) throw error;
      }
    }
    this.store([...this.pending(), write]);
    this.scheduleRetry();
    return 'queued';
  }

  /** Sends what waits, oldest first, until the queue is empty or the network fails again. */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const [next, ...rest] = this.pending();
      if (!next) return;
      try {
        await send(next);
      } catch (error) {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
          this.lastRefusal = `a change to ${next.date} was refused: ${error.message}`;
        } else {
          this.scheduleRetry();
          return;
        }
      }
      this.store(rest);
    }
  }

  private scheduleRetry() {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.flush(), RETRY_MS);
  }
}

async function send({ habitId, date, body }: DayWrite): Promise<void> {
  const params = { path: { id: habitId, date } };
  if (body) {
    await unwrap(api.PUT('/api/v1/habits/{id}/completions/{date}', { params, body }));
    return;
  }
  try {
    await unwrap(api.DELETE('/api/v1/habits/{id}/completions/{date}', { params }));
  } catch (error) {
    // Already gone is what a removal wants.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}
