import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type Schemas = components['schemas'];
export type Habit = Schemas['HabitResponse'];
export type User = Schemas['UserResponse'];
export type HabitDay = Schemas['HabitDay'];
export type FieldError = Schemas['FieldError'];

/** An answer the API refused, with its message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }

  /** The message for one field, if the API named it. */
  field(name: string): string | undefined {
    return this.details.find((detail) => detail.field === name)?.message;
  }
}

/** The network did not answer: the browser is offline or the server is down. */
export class OfflineError extends Error {
  constructor() {
    super('no connection to the server');
  }
}

/**
 * Set while this browser holds a session cookie (which scripts cannot see), so a visitor who never signed in is not
 * sent to a refresh that can only fail.
 */
const HAS_SESSION = 'streakforge:has-session';
let accessToken: string | null = null;
let refreshing: Promise<User | null> | null = null;

/**
 * Exchanges the httpOnly session cookie for a new access token; the signed-in user, or null when the browser is not
 * signed in. Throws {@link OfflineError} without a network.
 */
function refreshAccessToken(): Promise<User | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' }).catch(() => {
        throw new OfflineError();
      });
      if (!response.ok) {
        accessToken = null;
        localStorage.removeItem(HAS_SESSION);
        return null;
      }
      const session = (await response.json()) as Schemas['SessionResponse'];
      accessToken = session.accessToken;
      return session.user;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Every request: the bearer token, one refresh and retry on 401, and a network failure told apart from a refusal. */
async function authorizedFetch(input: Request): Promise<Response> {
  const send = async () => {
    const request = input.clone();
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    try {
      return await fetch(request);
    } catch {
      throw new OfflineError();
    }
  };
  if (!accessToken && localStorage.getItem(HAS_SESSION)) await refreshAccessToken().catch(() => null);
  const response = await send();
  if (response.status !== 401 || input.url.includes('/auth/')) return response;
  return (await refreshAccessToken()) !== null ? send() : response;
}

export const api = createClient<paths>({ baseUrl: location.origin, fetch: authorizedFetch });

/** The data of an answer, or an {@link ApiError} with the API's own words. */
export async function unwrap<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body = (error ?? {}) as Partial<Schemas['ErrorBody']>;
  throw new ApiError(response.status, body.message ?? response.statusText, body.details ?? []);
}

/** The account this browser is signed in to, whether it is signed out, or that it cannot tell for want of a network. */
export async function resumeSession(): Promise<
  { state: 'signed-in'; user: User } | { state: 'signed-out' | 'offline' }
> {
  if (!localStorage.getItem(HAS_SESSION)) return { state: 'signed-out' };
  try {
    const user = await refreshAccessToken();
    return user ? { state: 'signed-in', user } : { state: 'signed-out' };
  } catch {
    return { state: 'offline' };
  }
}

/** Keeps this browser signed in after a login or registration: the API sets the session cookie. */
async function keepSignedIn(session: Schemas['SessionResponse']): Promise<User> {
  accessToken = session.accessToken;
  await unwrap(api.POST('/api/v1/me/browser-sessions'));
  localStorage.setItem(HAS_SESSION, '1');
  return session.user;
}

export async function signIn(login: string, password: string): Promise<User> {
  return keepSignedIn(await unwrap(api.POST('/api/v1/auth/login', { body: { login, password } })));
}

export async function register(body: Schemas['RegisterDto']): Promise<User> {
  return keepSignedIn(await unwrap(api.POST('/api/v1/auth/register', { body })));
}

export async function signOut(): Promise<void> {
  await fetch('/api/v1/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  accessToken = null;
  localStorage.removeItem(HAS_SESSION);
}

/** A file download of an authenticated GET, saved under the name the server gives. */
export async function download(path: '/api/v1/export' | '/api/v1/export/loop', fallbackName: string): Promise<void> {
  const response = await authorizedFetch(new Request(new URL(path, location.origin)));
  if (!response.ok) throw new ApiError(response.status, `the export failed (${response.status})`);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
