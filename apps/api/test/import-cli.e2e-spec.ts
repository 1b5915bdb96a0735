import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOOP, loopCsvFiles, zip } from './loop-fixtures.js';
import { startApi, testConfig, type TestApi } from './support.js';

const CLI = resolve(import.meta.dirname, '../dist/import-loop.js');
const run = promisify(execFile);

describe('npm run import:loop', () => {
  let api: TestApi;
  let token: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    api = await startApi({ now: '2026-11-24T12:00:00Z' });
    ({ token } = await api.register('alice'));
    const { dir } = api.database;
    // The export sits in the directory the admin runs npm from (INIT_CWD), named relative to it.
    const habits = [
      {
        name: 'Read',
        numerator: 1,
        denominator: 1,
        values: new Map([
          ['2026-01-04', LOOP.YES_AUTO],
          ['2026-01-05', LOOP.YES_MANUAL],
          ['2026-01-06', LOOP.SKIP],
          ['2026-01-07', LOOP.NO],
        ]),
      },
      { name: 'Swim', numerator: 2, denominator: 7, values: new Map([['2026-01-05', LOOP.YES_MANUAL]]) },
    ];
    writeFileSync(resolve(dir, 'Loop export.zip'), zip(loopCsvFiles('v231', habits, '2026-01-07')));
    writeFileSync(resolve(dir, 'broken.zip'), zip({ 'Habits.csv': 'Name\nRead\n' }));
    env = {
      PATH: process.env['PATH'],
      ...api.database.env,
      JWT_SECRET: testConfig(api.database.options).jwtSecret,
      INIT_CWD: dir,
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(() => api.close());

  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it("imports a Loop export into a user's account on the server, and a second run changes nothing", async () => {
    const first = await cli('--user', 'alice', 'Loop export.zip');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(
      'for alice: habits 2 created, 0 updated, 0 unchanged; days 4 created, 0 updated, 0 unchanged; rows not stored: 1 automatic check-mark(s) without a note',
    );
    const { items } = (await api.request('GET', '/api/v1/habits', { token })).body;
    expect(items.map((habit: { name: string; goalType: string }) => [habit.name, habit.goalType])).toEqual([
      ['Read', 'daily'],
      ['Swim', 'custom'],
    ]);
    const second = await cli('--user', 'ALICE', 'Loop export.zip');
    expect(second.stdout).toContain('habits 0 created, 0 updated, 2 unchanged; days 0 created, 0 updated, 4 unchanged');
  }, 60_000);

  it('says why nothing was imported: a broken file, an unknown user, wrong arguments', async () => {
    const broken = await cli('--user', 'alice', 'broken.zip');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Not imported, nothing was written');
    expect(broken.stderr).toContain('Habits.csv: unknown header "Name": not a Loop Habit Tracker export');
    expect(await cli('--user', 'nobody', 'Loop export.zip')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no user named "nobody"'),
    });
    expect(await cli('--user', 'alice', 'missing.zip')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no such file'),
    });
    expect(await cli('Loop export.zip')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run import:loop -- --user <username>'),
    });
    expect(await cli('--user', 'alice', '--force', 'x.zip')).toMatchObject({ code: 2 });
    expect((await api.request('GET', '/api/v1/habits', { token })).body.total).toBe(2);
  }, 60_000);
});
