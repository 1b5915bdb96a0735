import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { addDays } from '@streakforge/core';
import {
  Habit,
  Streak,
  User,
  computeStreakState,
  loadCompletionRecords,
  migrateDatabase,
  openOrm,
  scheduleOf,
} from '@streakforge/db';
import { freePort } from '../../../tooling/test/processes.mjs';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');

async function startServer(databasePath: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const started = Date.now();
  while (Date.now() - started < 50_000) {
    if (
      await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill('SIGKILL');
  throw new Error('the API did not start');
}

describe('a killed API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streakforge-crash-'));
  const databasePath = join(dir, 'data', 'crash.db');
  let server: ChildProcess | undefined;

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and consistent streak rows after kill -9 mid-burst', async () => {
    await migrateDatabase({ databasePath });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(databasePath, port);
    const json = { 'content-type': 'application/json' };
    const session = (await (
      await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'crasher', email: 'crasher@example.org', password: 'correct horse battery' }),
      })
    ).json()) as { accessToken: string };
    const auth = { ...json, authorization: `Bearer ${session.accessToken}` };
    const habitIds: number[] = [];
    for (const body of [
      { name: 'daily' },
      { name: 'weekly', goalType: 'weekly', timesPerPeriod: 2 },
      { name: 'custom', goalType: 'custom', timesPerPeriod: 2, periodDays: 5 },
    ]) {
      habitIds.push(
        (
          (await (
            await fetch(`${base}/api/v1/habits`, { method: 'POST', headers: auth, body: JSON.stringify(body) })
          ).json()) as { id: number }
        ).id,
      );
    }

    // Each request writes its own (habit, day), so an acknowledged write has exactly one expected state.
    const acknowledged: { habitId: number; date: string; status: string }[] = [];
    let next = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const n = next++;
        const habitId = habitIds[n % habitIds.length]!;
        const date = addDays('2026-11-24', -Math.floor(n / habitIds.length));
        const status = n % 4 === 0 ? 'skipped' : 'done';
        try {
          const reply = await fetch(`${base}/api/v1/habits/${habitId}/completions/${date}`, {
            method: 'PUT',
            headers: auth,
            body: JSON.stringify({ status }),
          });
          if (reply.ok) acknowledged.push({ habitId, date, status });
        } catch {
          return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    // Killed mid-burst: once writes are being acknowledged, however fast this machine acknowledges them.
    while (acknowledged.length < 50) await new Promise((r) => setTimeout(r, 10));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);

    const orm = await openOrm({ databasePath });
    try {
      const em = orm.em.fork();
      expect(await em.execute('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const records = await loadCompletionRecords(em, habitIds);
      for (const write of acknowledged) {
        expect(records.get(write.habitId)!.find((record) => record.date === write.date)?.status).toBe(write.status);
      }
      const user = await em.findOneOrFail(User, { username: 'crasher' });
      for (const habit of await em.find(Habit, { id: { $in: habitIds } })) {
        const row = await em.findOneOrFail(Streak, { habit: habit.id });
        const expected = computeStreakState({
          schedule: scheduleOf(habit),
          completions: records.get(habit.id)!,
          today: row.asOf,
          weekStart: user.weekStart,
        });
        expect({
          current: row.current,
          longest: row.longest,
          last: row.lastCompletionDate ?? null,
          score: row.score,
        }).toEqual({
          current: expected.current,
          longest: expected.longest,
          last: expected.lastCompletionDate,
          score: expected.score,
        });
      }
    } finally {
      await orm.close(true);
    }

    server = await startServer(databasePath, port);
    const list = await fetch(`${base}/api/v1/habits`, { headers: auth });
    expect(list.status).toBe(200);
  }, 60_000);
});
