import { setFlagsFromString } from 'node:v8';

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

/**
 * The most each half of V8's young generation may grow to, in MiB: 16 MiB for both, a quarter of V8's default cap
 * (64 MiB seen here; a synchronous burst of allocation grew it to 128 MiB).
 */
const SEMI_SPACE_MB = 8;
/** How far V8 lets the old generation grow past what survived the last full collection before collecting again. */
const OLD_GENERATION_GROWTH_PERCENT = 30;

/**
 * V8 flags a process for a small machine starts with, which V8 takes only at start-up: the young generation's cap.
 * Optimizing on the main thread (`--no-concurrent-recompilation`) would hold 40 MB less while the API warms up, but
 * its pauses made the bench's read tails two to six times longer.
 */
export const LEAN_V8_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`] as const;

/**
 * glibc's allocator for a small machine: two arenas instead of eight per core, and blocks over 128 KiB mapped and
 * unmapped on their own rather than kept in an arena when freed (the Loop import's parse thread and the database
 * driver's buffers): the API's peak through the bench's imports went from about 400 to about 300 MB. Other C
 * libraries ignore the variable.
 */
export const LEAN_ALLOCATOR = {
  GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072',
};

const flagName = (flag: string) => flag.split('=')[0]!;

/** Whether an environment variable of this name tunes glibc's allocator: then the allocator is the user's to set. */
export const tunesAllocator = (name: string) => name === 'GLIBC_TUNABLES' || name.startsWith('MALLOC_');

/**
 * What a process started with these arguments and this environment lacks of the lean start: the V8 flags absent from
 * its command line and NODE_OPTIONS, and the allocator's settings unless its environment tunes glibc's allocator
 * itself (a user's own settings win); undefined when it lacks nothing.
 */
export function missingLeanSettings(
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { flags: string[]; env: Record<string, string> } | undefined {
  const given = new Set([...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].filter(Boolean).map(flagName));
  const flags = LEAN_V8_FLAGS.filter((flag) => !given.has(flagName(flag)));
  const ownAllocator = Object.keys(env).some(tunesAllocator);
  const allocator = ownAllocator ? {} : LEAN_ALLOCATOR;
  return flags.length > 0 || !ownAllocator ? { flags, env: allocator } : undefined;
}

/**
 * Keeps the process's memory in proportion to what it holds live, for machines with little memory
 * (docs/architecture.md, "Memory"). V8's defaults size the heap for throughput: start-up, where nearly everything
 * allocated survives, grows the young generation to its maximum, which stays committed while the process idles;
 * under load the old generation may grow to four times its live size before a full collection. glibc's defaults keep
 * freed memory in many arenas for reuse.
 * - V8's start-up flags and the allocator's settings can only be given when the process starts, so a process
 *   started without them (by npm start, the image or a user's own unit file alike) replaces itself at once with the
 *   same program and arguments plus those (`process.execve`: same process id, signals and open files). A process
 *   with an IPC channel to its parent is left as it is, since its channel would not survive; its parent passes them
 *   itself.
 * - The young generation does not grow during start-up (until `ready()`); then it grows as V8 sees fit, up to the cap.
 * - The old generation grows by a fixed 30%: V8 reads that setting at each collection.
 */
export function keepHeapSmall(): { ready(): void } {
  const missing = missingLeanSettings(process.execArgv, process.env);
  if (missing && typeof process.execve === 'function' && process.channel === undefined) {
    process.execve(
      process.execPath,
      [process.execPath, ...missing.flags, ...process.execArgv, ...process.argv.slice(1)],
      { ...process.env, ...missing.env },
    );
  }
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
  setFlagsFromString('--semi-space-growth-factor=1');
  return {
    ready() {
      setFlagsFromString('--semi-space-growth-factor=2');
    },
  };
}
