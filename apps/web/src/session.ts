import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { logicalToday } from '@streakforge/core';
import type { User } from './api/client.js';
import type { ReadCache, WriteQueue } from './api/offline.js';

/** The signed-in account and what every screen shares: its offline reads and its queue of day writes. */
export interface Session {
  user: User;
  cache: ReadCache;
  queue: WriteQueue;
  /** After the account's settings change (time zone, day start), so screens recount today. */
  setUser(user: User): void;
  signOut(): void;
  /** A message shown to the user for a few seconds. */
  notify(message: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in screen');
  return session;
}

/** The user's today, counted as the server counts it (time zone and day start from the account). */
export function todayOf(user: User, now = new Date()): string {
  return logicalToday({ now, timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes });
}
