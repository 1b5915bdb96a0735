import type { EntityManager } from './orm.js';

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Assigns `changes` to a managed entity and, when any of them differs from what it holds, stamps `updatedAt` with
 * `now` (the caller's Clock), so the response built before the flush shows what the row will hold. Returns whether
 * anything changed.
 */
export function assignChanges<T extends { updatedAt: Date }>(
  em: EntityManager,
  entity: T,
  changes: NoInfer<Partial<T>>,
  now: Date,
): boolean {
  const changed = Object.entries(changes).some(([key, value]) => !same(entity[key as keyof T], value));
  if (!changed) return false;
  em.assign(entity, { ...changes, updatedAt: now } as never);
  return true;
}
