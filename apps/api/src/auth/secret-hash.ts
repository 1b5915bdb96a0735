import { createHash } from 'node:crypto';

/** How bearer secrets (personal tokens, browser-session secrets) are stored: a hex SHA-256, never the secret. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
