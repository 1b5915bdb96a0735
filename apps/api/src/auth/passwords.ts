import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt's cost as log2 N, at OWASP's N = 2^15 (r = 8, p = 3: 32 MiB per hash). The parameters are stored with each
 * hash, so a hash made at any cost verifies. Production never goes below this; the test suite uses a lower cost
 * through its configuration.
 */
export const DEFAULT_SCRYPT_LOG2_N = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 3;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 256 * options.N! * options.r! },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashPassword(password: string, log2N: number): Promise<string> {
  const salt = randomBytes(16);
  const cost = { N: 2 ** log2N, r: BLOCK_SIZE, p: PARALLELISM };
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Strength on zxcvbn's 0–4 scale that a new password must reach: 3 is "safely unguessable" for online attacks. */
const MIN_STRENGTH = 3;

type StrengthChecker = { check(password: string, userInputs?: string[]): { score: number } };
let checker: Promise<StrengthChecker> | undefined;

/** zxcvbn with its common-password and name dictionaries (about 18 MB), loaded on the first password set. */
function strengthChecker(): Promise<StrengthChecker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.default.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return checker;
}

/** Why a new password is too easy to guess, or null when it is strong enough. */
export async function passwordWeakness(password: string, userInputs: string[]): Promise<string | null> {
  const { score } = (await strengthChecker()).check(password, userInputs);
  if (score >= MIN_STRENGTH) return null;
  return 'password is too easy to guess (a common password, a pattern, a repeat or your own name); use a longer phrase of unrelated words';
}
