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
