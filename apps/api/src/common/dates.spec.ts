import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isoInstant } from './dates.js';

describe('isoInstant', () => {
  it('formats every instant exactly as Date#toISOString does, whether remembered or not', () => {
    // Instants from 1900 to 2200, each formatted twice (the second time from the remembered text) and in any order.
    const instant = fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 200 }), (instants) => {
        for (const ms of [...instants, ...instants.toReversed()])
          expect(isoInstant(new Date(ms))).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it('stays exact once it has forgotten older instants', () => {
    const first = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 25_000; i++) isoInstant(new Date(first + i * 1000));
    for (const i of [0, 1, 12_345, 24_999])
      expect(isoInstant(new Date(first + i * 1000))).toBe(new Date(first + i * 1000).toISOString());
  });
});
