import { ConflictException } from '@nestjs/common';
import { User, raw, type EntityManager } from '@streakforge/db';
import { fieldErrors, type FieldError } from './error-body.js';

/** A filter matching emails case-insensitively, as the unique lower(email) index does. */
export const emailIs = (email: string) => ({ [raw((alias: string) => `lower(${alias}.email)`)]: email.toLowerCase() });

/**
 * Throws a 409 naming each field when the username or email (case-insensitive) belongs to another account than
 * `ownerId` (none when registering). The unique indexes still guard the race between two such checks.
 */
export async function assertIdentityFree(
  em: EntityManager,
  { username, email }: { username?: string | undefined; email?: string | undefined },
  ownerId?: number,
): Promise<void> {
  const wanted = [...(username === undefined ? [] : [{ username }]), ...(email === undefined ? [] : [emailIs(email)])];
  if (wanted.length === 0) return;
  const others = (await em.find(User, { $or: wanted })).filter((user) => user.id !== ownerId);
  const conflicts: FieldError[] = [];
  if (username !== undefined && others.some((user) => user.username === username))
    conflicts.push({ field: 'username', message: 'username is taken' });
  if (email !== undefined && others.some((user) => user.email.toLowerCase() === email.toLowerCase())) {
    conflicts.push({ field: 'email', message: 'email is already registered' });
  }
  if (conflicts.length > 0) throw new ConflictException(fieldErrors(conflicts));
}
