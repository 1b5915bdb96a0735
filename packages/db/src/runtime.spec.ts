import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { LEAN_ALLOCATOR, LEAN_V8_FLAGS, missingLeanSettings, tunesAllocator } from './runtime.js';

const churn = resolve(import.meta.dirname, '../test/fixtures/heap-churn.mjs');

interface HeapFigures {
  startingYoung: number;
  runningYoung: number;
  largestHeap: number;
  execArgv: string[];
  pid: number;
  allocator: string | null;
  startedPid: number;
}

function withoutAllocatorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !tunesAllocator(name)));
}

/** The same allocations in a fresh Node process, with V8's defaults or under keepHeapSmall(). */
async function heapOf(
  mode: 'default' | 'kept',
  own: { nodeOptions?: string; flags?: readonly string[]; env?: Record<string, string> } = {},
): Promise<HeapFigures> {
  const env = { ...withoutAllocatorSettings(process.env), NODE_OPTIONS: own.nodeOptions ?? '', ...own.env };
  const args = [...(own.flags ?? []), churn, ...(mode === 'kept' ? ['kept'] : [])];
  const run = promisify(execFile)(process.execPath, args, { env });
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

  it("starts the same process again with V8's start-up flags and the allocator's settings, keeping its id and arguments", async () => {
    const kept = await heapOf('kept');
    expect(kept.execArgv).toEqual(['--max-semi-space-size=8']);
    expect(kept.allocator).toBe(LEAN_ALLOCATOR.GLIBC_TUNABLES);
    expect(kept.pid).toBe(kept.startedPid);
  }, 60_000);

  it('keeps a setting of its own from NODE_OPTIONS or the environment and adds only the others', async () => {
    const [ownCap, ownAllocator, kept] = await Promise.all([
      heapOf('kept', { nodeOptions: '--max-semi-space-size=1' }),
      heapOf('kept', { env: { MALLOC_ARENA_MAX: '1' } }),
      heapOf('kept'),
    ]);
    expect(ownCap.execArgv).toEqual([]);
    expect(ownCap.allocator).toBe(LEAN_ALLOCATOR.GLIBC_TUNABLES);
    expect(ownCap.runningYoung).toBeLessThan(kept.runningYoung);
    expect(ownAllocator.execArgv).toEqual(LEAN_V8_FLAGS);
    expect(ownAllocator.allocator).toBeNull();
  }, 60_000);

  it('starts once when every setting is given', async () => {
    const given = await heapOf('kept', { flags: LEAN_V8_FLAGS, env: LEAN_ALLOCATOR });
    expect(given.execArgv).toEqual(LEAN_V8_FLAGS);
    expect(given.allocator).toBe(LEAN_ALLOCATOR.GLIBC_TUNABLES);
    expect(given.pid).toBe(given.startedPid);
  }, 60_000);
});

describe('missingLeanSettings', () => {
  const cap = '--max-semi-space-size=8';

  it('asks for every setting of a process started plainly', () => {
    expect(missingLeanSettings([], {})).toEqual({ flags: [cap], env: LEAN_ALLOCATOR });
  });

  it("takes the user's own young-generation cap from the command line or NODE_OPTIONS, whatever its value", () => {
    expect(missingLeanSettings(['--max-semi-space-size=2'], {})).toEqual({ flags: [], env: LEAN_ALLOCATOR });
    expect(missingLeanSettings([], { NODE_OPTIONS: '  --inspect   --max-semi-space-size=32 ' })).toEqual({
      flags: [],
      env: LEAN_ALLOCATOR,
    });
    expect(missingLeanSettings([], { NODE_OPTIONS: '--max-old-space-size=200' })).toEqual({
      flags: [cap],
      env: LEAN_ALLOCATOR,
    });
  });

  it("leaves glibc's allocator to an environment that tunes it itself", () => {
    expect(missingLeanSettings([], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' })).toEqual({ flags: [cap], env: {} });
    expect(missingLeanSettings([], { MALLOC_ARENA_MAX: '4' })).toEqual({ flags: [cap], env: {} });
  });

  it('asks for nothing once a process has every setting, so it starts only once more', () => {
    expect(missingLeanSettings(LEAN_V8_FLAGS, LEAN_ALLOCATOR)).toBeUndefined();
  });
});
