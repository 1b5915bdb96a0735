import { useEffect, useState } from 'preact/hooks';

/** A screen of the app, named by the address's hash so every other path stays the API's. */
export type Route =
  | { screen: 'list' }
  | { screen: 'new' }
  | { screen: 'detail'; id: number }
  | { screen: 'edit'; id: number }
  | { screen: 'overview' }
  | { screen: 'settings' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/habits/new') return { screen: 'new' };
  const habit = /^\/habits\/(\d+)(\/edit)?$/.exec(path);
  if (habit) return { screen: habit[2] ? 'edit' : 'detail', id: Number(habit[1]) };
  if (path === '/overview') return { screen: 'overview' };
  if (path === '/settings') return { screen: 'settings' };
  return { screen: 'list' };
}

export const href = {
  list: '#/',
  newHabit: '#/habits/new',
  habit: (id: number) => `#/habits/${id}`,
  edit: (id: number) => `#/habits/${id}/edit`,
  overview: '#/overview',
  settings: '#/settings',
};

export function navigate(to: string): void {
  location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
