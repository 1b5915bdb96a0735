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
const SEMI_SPACE_FLAG = '--max-semi-space-size';
/** The command-line flag {@link keepHeapSmall} adds, for a parent starting a child with an IPC channel to pass. */
export const YOUNG_GENERATION_CAP = `${SEMI_SPACE_FLAG}=${SEMI_SPACE_MB}`;

/** Whether the young generation's cap is already set, on the command line or in NODE_OPTIONS (a user's own wins). */
function youngGenerationCapped(): boolean {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) =>
    flag.startsWith(SEMI_SPACE_FLAG),
  );
}

/**
 * Keeps the process's heap in proportion to what it holds live, for machines with little memory
 * (docs/architecture.md, "Memory"). V8's defaults size the heap for throughput: start-up, where nearly everything
 * allocated survives, grows the young generation to its maximum, which stays committed while the process idles;
 * under load the old generation may grow to four times its live size before a full collection.
 * - The young generation's cap can only be set when V8 starts, so a process started without it (by npm start, the
 *   image or a user's own unit file alike) replaces itself at once with the same program and arguments plus the cap
 *   (`process.execve`: same process id, signals and open files). A process with an IPC channel to its parent is
 *   left as it is, since its channel would not survive; its parent passes the flag itself.
 * - The young generation does not grow during start-up (until `ready()`); then it grows as V8 sees fit, up to the cap.
 * - The old generation grows by a fixed 30%: V8 reads that setting at each collection.
 */
export function keepHeapSmall(): { ready(): void } {
  if (!youngGenerationCapped() && typeof process.execve === 'function' && process.channel === undefined) {
    process.execve(
      process.execPath,
      [process.execPath, YOUNG_GENERATION_CAP, ...process.execArgv, ...process.argv.slice(1)],
      process.env,
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
