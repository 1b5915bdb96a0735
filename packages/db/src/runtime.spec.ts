import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const churn = resolve(import.meta.dirname, '../test/fixtures/heap-churn.mjs');

interface HeapFigures {
  startingYoung: number;
  runningYoung: number;
  largestHeap: number;
}

/** The same allocations in a fresh Node process, with V8's defaults or under keepHeapSmall(). */
async function heapOf(mode: 'default' | 'kept'): Promise<HeapFigures> {
  const { stdout } = await promisify(execFile)(process.execPath, [churn, ...(mode === 'kept' ? ['kept'] : [])]);
  return JSON.parse(stdout) as HeapFigures;
}

describe('keepHeapSmall', () => {
  it('holds the young generation through start-up and keeps the heap well below what V8 lets it grow to', async () => {
    const [defaults, kept] = await Promise.all([heapOf('default'), heapOf('kept')]);
    expect(kept.startingYoung).toBeLessThan(defaults.startingYoung / 4);
    expect(kept.runningYoung).toBeLessThan(defaults.runningYoung);
    expect(kept.largestHeap).toBeLessThan(defaults.largestHeap * 0.7);
  }, 60_000);
});
