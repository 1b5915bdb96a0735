import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const MINIMUM_NODE = [22, 17] as const;

/**
 * Exits with a clear message on a Node too old for MikroORM 7 and better-sqlite3 13, before either is loaded (they
 * fail with obscure errors there). Entry points call it first and import the rest dynamically.
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1])) return;
  console.error(
    `StreakForge needs Node ${MINIMUM_NODE.join('.')} or newer (the project pins Node 24); this is Node ${version}. ` +
      'Run it through the npm scripts (npm start, npm run …), which use the pinned Node from node_modules/.bin.',
  );
  process.exit(1);
}

/** Both halves of V8's young generation together: a quarter of its default, at no throughput cost in the bench. */
const YOUNG_GENERATION_BYTES = 16 * 1024 * 1024;
/** How far V8 lets the old generation grow past what survived the last full collection before collecting again. */
const OLD_GENERATION_GROWTH_PERCENT = 30;

/**
 * Keeps the process's heap in proportion to what it holds live, for machines with little memory
 * (docs/architecture.md, "Memory"). V8's defaults size the heap for throughput: start-up, where nearly everything
 * allocated survives, grows the young generation towards its 64 MiB maximum, which stays committed while the process
 * idles; under load the old generation may grow to four times its live size before a full collection. Heap sizes
 * can only be set on the command line, which every launcher (npm start, the image, a user's own unit file) would
 * have to repeat, but V8 reads its growth settings at each collection. So: the old generation grows by a fixed 30%;
 * the young generation's doubling is off until `ready()` (after start-up), then on while it is under
 * {@link YOUNG_GENERATION_BYTES}, checked after every collection.
 */
export function keepHeapSmall(): { ready(): void } {
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
  let starting = true;
  const youngGrowth = () => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    setFlagsFromString(`--semi-space-growth-factor=${starting || young >= YOUNG_GENERATION_BYTES ? 1 : 2}`);
  };
  youngGrowth();
  new PerformanceObserver(youngGrowth).observe({ entryTypes: ['gc'] });
  return {
    ready() {
      starting = false;
      youngGrowth();
    },
  };
}
