import { assertSupportedNode } from '@streakforge/db/runtime';

assertSupportedNode();

const name = process.argv[2];
console.error(
  name
    ? `Unknown job "${name}": the worker has no jobs yet (rollover, snapshots, backup and maintenance arrive with the analytics worker).`
    : 'Usage: npm run job -- <name>',
);
process.exit(1);
