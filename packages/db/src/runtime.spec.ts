import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const churn = resolve(import.meta.dirname, '../test/fixtures/heap-churn.mjs');

interface HeapFigures {
  startingYoung: number;
  runningYoung: number;
  largestHeap: number;
  execArgv: string[];
  pid: number;
  startedPid: number;
}

/** The same allocations in a fresh Node process, with V8's defaults or under keepHeapSmall(). */
async function heapOf(mode: 'default' | 'kept', nodeOptions?: string): Promise<HeapFigures> {
  const env = { ...process.env, NODE_OPTIONS: nodeOptions ?? '' };
  const run = promisify(execFile)(process.execPath, [churn, ...(mode === 'kept' ? ['kept'] : [])], { env });
  const { stdout } = await run;
  return { ...(JSON.parse(stdout) as HeapFigures), startedPid: run.child.pid! };
}

describe('keepHeapSmall', () => {
  it('holds the young generation through start-up and keeps the heap well below what V8 lets it grow to', async () => {
    const [defaults, kept] = await Promise.all([heapOf('default'), heapOf('kept')]);
    expect(kept.startingYoung).toBeLessThan(defaults.startingYoung / 4);
    expect(kept.runningYoung).toBeLessThan(defaults.runningYoung);
    expect(kept.largestHeap).toBeLessThan(defaults.largestHeap * 0.7);
  }, 60_000);

  it('caps the young generation by starting the same process again with the cap, keeping its id and arguments', async () => {
    const kept = await heapOf('kept');
    expect(kept.execArgv).toEqual(['--max-semi-space-size=8']);
    expect(kept.pid).toBe(kept.startedPid);
  }, 60_000);

  it("leaves a process alone whose NODE_OPTIONS set the young generation's cap", async () => {
    const [own, kept] = await Promise.all([heapOf('kept', '--max-semi-space-size=1'), heapOf('kept')]);
    expect(own.execArgv).toEqual([]);
    expect(own.runningYoung).toBeLessThan(kept.runningYoung);
  }, 60_000);
});
