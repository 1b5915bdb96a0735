import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOOP_HEADERS, bigBackup, lieAboutSize, multipart, zip } from './loop-fixtures.js';
import { rows, startApi, type TestApi } from './support.js';

const HABITS_CSV = `${LOOP_HEADERS.v231}\n001,Run,YES_NO,,,1,1,#D32F2F,,AT_LEAST,0,false\n`;

/** `count` Loop check-mark lines; repetitive, so they compress to almost nothing. */
const checkmarkLines = (count: number) => '2020-01-01,2\n'.repeat(count);

describe('Loop uploads built to exhaust the server', () => {
  let api: TestApi;
  let token: string;
  let bomberId: number;
  let bystander: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-11-24T12:00:00Z' });
    ({ token, id: bomberId } = await api.register('bomber'));
    ({ token: bystander } = await api.register('bystander'));
  });
  afterAll(() => api.close());

  const upload = (file: Buffer, filename = 'loop.zip') =>
    api.request('POST', '/api/v1/import/loop', { token, ...multipart(file, { filename }) });
  const nothingWritten = async () =>
    expect(await rows(api, 'select count(*) as n from habits where user_id = ?', [bomberId])).toEqual([{ n: 0 }]);

  it('stops inflating an entry that claims 64 bytes once its real output passes the budget, and others keep being served', async () => {
    const bomb = lieAboutSize(
      zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': checkmarkLines(5_000_000) }),
      '001 Run/Checkmarks.csv',
      64,
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const [reply, other] = await Promise.all([
      upload(bomb),
      api.request('GET', '/api/v1/habits', { token: bystander }),
    ]);
    expect(reply.status).toBe(413);
    expect(reply.body.details).toEqual([
      { field: 'file', message: expect.stringContaining('unpacks to more than 32 MiB') },
    ]);
    expect(other.status).toBe(200);
    await nothingWritten();
  });

  it('refuses a file with more check-mark rows than one import takes, before parsing them', async () => {
    const reply = await upload(zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': checkmarkLines(1_100_000) }));
    expect(reply.status).toBe(413);
    expect(reply.body.details[0].message).toMatch(/days of check-marks; one import takes at most 1000000/);
    await nothingWritten();
  });

  it('refuses a backup with over a million repetitions and no index at once, and one with more habits than an account holds', async () => {
    const rowsReply = await upload(bigBackup(10, 1_000_001), 'big.db');
    expect(rowsReply.status).toBe(413);
    const habitsReply = await upload(bigBackup(2001, 2001), 'many.db');
    expect(habitsReply.status).toBe(413);
    expect(habitsReply.body.details[0].message).toBe('the file holds 2001 habits; an account holds at most 2000');
    await nothingWritten();
  }, 60_000);

  it("still imports a large backup without Loop's index: 200 habits, 100,000 repetitions", async () => {
    const reply = await upload(bigBackup(200, 100_000), 'fine.db');
    expect(reply.status).toBe(200);
    expect(reply.body.habits.created).toBe(200);
    expect(reply.body.completions.created).toBe(100_000);
  }, 120_000);
});
