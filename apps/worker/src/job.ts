import { assertSupportedNode } from '@streakforge/db/runtime';

assertSupportedNode();
const { loadWorkerConfig } = await import('./config.js');
const { createWorker } = await import('./bootstrap.js');
const { JOB_NAMES, Jobs } = await import('./jobs/jobs.js');

const name = process.argv[2];
if (!name || !(JOB_NAMES as readonly string[]).includes(name)) {
  console.error(`Usage: npm run job -- <${JOB_NAMES.join('|')}>${name ? ` (unknown job "${name}")` : ''}`);
  process.exit(1);
}

try {
  const worker = await createWorker(loadWorkerConfig(process.env), { schedule: false });
  const outcome = await worker.get(Jobs).run(name as (typeof JOB_NAMES)[number]);
  await worker.close();
  if (outcome.status === 'succeeded') {
    console.log(`${name}: succeeded, ${outcome.items} item(s)${outcome.detail ? `; ${outcome.detail}` : ''}`);
    process.exit(0);
  }
  console.error(
    outcome.status === 'skipped'
      ? `${name}: not run, another worker is running it (${outcome.holder})`
      : `${name}: failed: ${outcome.error}`,
  );
  process.exit(1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
