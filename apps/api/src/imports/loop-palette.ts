/**
 * Loop Habit Tracker's colours across its schema generations. Loop has always stored a habit's colour as one number;
 * what the number means changed twice, and Loop's own migrations (14 and 21) converted each generation to the next.
 * Reading an old backup means applying the same conversions, so the habit shows the colour the user last saw.
 */

import { LOOP_PALETTE } from '@streakforge/core';

export { LOOP_PALETTE };

/** The colour Loop gives a new habit (Habit.kt): teal. */
export const LOOP_DEFAULT_COLOR_INDEX = 8;

/** Before schema 14 Loop stored signed ARGB integers; migration 14 turned these into indices of a 13-colour palette. */
const ARGB_TO_OLD_INDEX = new Map([
  [-2937041, 0],
  [-1684967, 1],
  [-415707, 2],
  [-5262293, 3],
  [-13070788, 4],
  [-16742021, 5],
  [-16732991, 6],
  [-16540699, 7],
  [-10603087, 8],
  [-7461718, 9],
  [-2614432, 10],
  [-13619152, 11],
  [-5592406, 12],
]);

/** Migration 21: the 13-colour palette's index → today's 20-colour palette index. */
const OLD_TO_NEW_INDEX = [0, 1, 4, 5, 7, 8, 9, 10, 13, 14, 15, 17, 19];

/** Migration 14 sends an ARGB value outside its list (and 21 an index outside its range) to the first colour. */
const FIRST = 0;

/** The palette index Loop shows for the colour number a backup of schema `version` stores. */
export function loopColorIndex(stored: number, version: number): number | null {
  if (!Number.isInteger(stored)) return null;
  // A file without a schema version (user_version 0) was not written by Loop: only a negative number is ARGB there.
  if (version < 14 && (version > 0 || stored < 0)) return OLD_TO_NEW_INDEX[ARGB_TO_OLD_INDEX.get(stored) ?? FIRST]!;
  if (version === 0) return stored < LOOP_PALETTE.length ? stored : null;
  if (version < 21) return OLD_TO_NEW_INDEX[stored] ?? FIRST;
  return stored >= 0 && stored < LOOP_PALETTE.length ? stored : null;
}

/** `#RRGGBB` in upper case, as StreakForge stores colours. */
export const loopColorHex = (index: number): string => LOOP_PALETTE[index]!.toUpperCase();

/** The palette index nearest to a `#RRGGBB` colour (Loop holds palette colours only); Loop's default for none. */
export function nearestLoopColorIndex(color: string | null): number {
  if (color === null) return LOOP_DEFAULT_COLOR_INDEX;
  const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const [r, g, b] = rgb(color);
  let best = LOOP_DEFAULT_COLOR_INDEX;
  let bestDistance = Infinity;
  LOOP_PALETTE.forEach((entry, index) => {
    const [er, eg, eb] = rgb(entry);
    const distance = (r! - er!) ** 2 + (g! - eg!) ** 2 + (b! - eb!) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [index, distance];
  });
  return best;
}
