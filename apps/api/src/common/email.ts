import { raw } from '@streakforge/db';

/** A filter matching emails case-insensitively, as the unique lower(email) index does. */
export const emailIs = (email: string) => ({ [raw((alias: string) => `lower(${alias}.email)`)]: email.toLowerCase() });
