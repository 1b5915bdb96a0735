import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '@streakforge/core';
import { rows, startApi, type TestApi } from './support.js';

const TODAY = '2026-11-24';
const NOTHING_SKIPPED = { automatic: 0, unknown: 0, duplicate: 0 };

/** The document without what only names rows in one account: habit ids. */
const withoutIds = (document: { habits: Record<string, unknown>[] }) => ({
  ...document,
  habits: document.habits.map(({ id: _id, ...habit }) => habit),
});

/** What a user sees of their habits, ids aside. */
const visible = (items: Record<string, unknown>[]) => items.map(({ id: _id, updatedAt: _updated, ...habit }) => habit);

describe('GET /export, POST /import', () => {
  let api: TestApi;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    api = await startApi({ now: `${TODAY}T12:00:00Z` });
    ({ token, id: userId } = await api.register('exporter', { timezone: 'Europe/Berlin' }));
    await api.request('PATCH', '/api/v1/me', { token, body: { dayStartMinutes: 180, weekStart: 7 } });
    const habit = async (body: Record<string, unknown>) =>
      (await api.request('POST', '/api/v1/habits', { token, body })).body.id as number;
    const ids = [
      await habit({
        name: 'Meditate',
        category: 'mind',
        color: '#388E3C',
        question: 'Did you meditate?',
        description: 'ten minutes',
      }),
      await habit({ name: 'Gym', goalType: 'weekly', timesPerPeriod: 3, category: 'health' }),
      await habit({ name: '読書', goalType: 'custom', timesPerPeriod: 2, periodDays: 5 }),
      await habit({ name: 'Water', type: 'numeric', targetValue: 2.5, unit: 'L' }),
      await habit({ name: 'Sugar', type: 'numeric', targetType: 'at_most', targetValue: 0, unit: 'g' }),
      await habit({ name: 'Old habit' }),
    ];
    await api.request('PATCH', `/api/v1/habits/${ids[5]}`, { token, body: { archived: true } });
    const items = [];
    for (let i = 0; i < 400; i++) {
      const date = addDays(TODAY, -i);
      if (i % 3 !== 1)
        items.push({
          habitId: ids[0],
          date,
          ...(i % 17 === 0 ? { status: 'skipped' } : {}),
          ...(i % 50 === 0 ? { notes: `day ${i} — ✓` } : {}),
        });
      if (i % 2 === 0) items.push({ habitId: ids[1], date });
      else if (i % 9 === 0)
        items.push({ habitId: ids[1], date, status: 'missed', ...(i % 4 === 1 ? { notes: 'rain' } : {}) });
      if (i % 4 === 0) items.push({ habitId: ids[2], date });
      else if (i % 11 === 0) items.push({ habitId: ids[2], date, status: 'unmarked', notes: `a note on day ${i}` });
      items.push({ habitId: ids[3], date, value: (i % 7) * 0.5 });
      if (i % 5 === 0) items.push({ habitId: ids[4], date, value: i % 10 });
      if (i > 300) items.push({ habitId: ids[5], date });
    }
    for (let i = 0; i < items.length; i += 1000) {
      const reply = await api.request('POST', '/api/v1/completions/batch', {
        token,
        body: { items: items.slice(i, i + 1000) },
      });
      expect(reply.status).toBe(200);
    }
  });
  afterAll(() => api.close());

  const exportOf = async (as: string) => {
    const reply = await api.request('GET', '/api/v1/export', { token: as });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toBe('attachment; filename="streakforge-export.json"');
    // Streamed a habit at a time, not built in memory first.
    expect(reply.headers['transfer-encoding']).toBe('chunked');
    expect(reply.headers['content-length']).toBeUndefined();
    return reply.body;
  };

  const dump = async (id: number) => ({
    habits: await rows(api, 'select * from habits where user_id = ? order by id', [id]),
    completions: await rows(
      api,
      'select c.* from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ? order by c.id',
      [id],
    ),
  });

  it('exports everything: profile settings, habits in order, every completion oldest first', async () => {
    const document = await exportOf(token);
    expect(document.format).toBe('streakforge.v1');
    expect(document.profile).toEqual({ timezone: 'Europe/Berlin', dayStartMinutes: 180, weekStart: 7 });
    expect(document.habits.map((habit: { name: string }) => habit.name)).toEqual([
      'Meditate',
      'Gym',
      '読書',
      'Water',
      'Sugar',
      'Old habit',
    ]);
    expect(document.habits[0]).toMatchObject({ question: 'Did you meditate?', description: 'ten minutes' });
    expect(document.habits[1].completions).toContainEqual({
      date: addDays(TODAY, -9),
      status: 'missed',
      value: 0,
      notes: 'rain',
    });
    expect(document.habits[2]).toMatchObject({
      goalType: 'custom',
      timesPerPeriod: 2,
      periodDays: 5,
      externalId: null,
    });
    expect(document.habits[2].completions).toContainEqual({
      date: addDays(TODAY, -11),
      status: 'unmarked',
      value: 0,
      notes: 'a note on day 11',
    });
    expect(document.habits[4]).toMatchObject({ type: 'numeric', targetType: 'at_most', targetValue: 0, unit: 'g' });
    expect(document.habits[5].archived).toBe(true);
    const stored = await rows<{ n: number }>(
      api,
      'select count(*) as n from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ?',
      [userId],
    );
    const exported = document.habits.flatMap((habit: { completions: { date: string }[] }) => habit.completions);
    expect(exported.length).toBe(stored[0]!.n);
    const meditate = document.habits[0].completions;
    expect(meditate.map((day: { date: string }) => day.date)).toEqual(
      [...meditate.map((day: { date: string }) => day.date)].sort(),
    );
    expect(meditate.at(-1)).toEqual({ date: TODAY, status: 'skipped', value: 0, notes: 'day 0 — ✓' });
  });

  it('imports the export into a new account: the same document, habits, streaks and scores (ids aside); again changes nothing', async () => {
    const document = await exportOf(token);
    const { token: other, id: otherId } = await api.register('importer');
    const reply = await api.request('POST', '/api/v1/import', { token: other, body: document });
    expect(reply.status).toBe(200);
    const total = document.habits.reduce(
      (sum: number, habit: { completions: unknown[] }) => sum + habit.completions.length,
      0,
    );
    expect(reply.body).toEqual({
      habits: { created: 6, updated: 0, unchanged: 0 },
      completions: { created: total, updated: 0, unchanged: 0 },
      skipped: 0,
      skippedByReason: NOTHING_SKIPPED,
      // The exporter's calendar travels with the document, and the response says so.
      settingsChanged: [
        { setting: 'timezone', from: 'UTC', to: 'Europe/Berlin' },
        { setting: 'dayStartMinutes', from: 0, to: 180 },
        { setting: 'weekStart', from: 1, to: 7 },
      ],
    });

    expect(withoutIds(await exportOf(other))).toEqual(withoutIds(document));
    const mine = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body.items;
    const theirs = (await api.request('GET', '/api/v1/habits?archived=all', { token: other })).body.items;
    expect(visible(theirs)).toEqual(visible(mine));
    const summary = async (as: string) =>
      (await api.request('GET', `/api/v1/analytics/summary?from=${addDays(TODAY, -365)}&to=${TODAY}`, { token: as }))
        .body;
    const [a, b] = [await summary(token), await summary(other)];
    const streaks = (list: Record<string, unknown>[]) => list.map(({ habitId: _id, ...streak }) => streak);
    expect({ ...b, currentStreaks: streaks(b.currentStreaks) }).toEqual({
      ...a,
      currentStreaks: streaks(a.currentStreaks),
    });

    const before = await dump(otherId);
    const again = await api.request('POST', '/api/v1/import', { token: other, body: document });
    expect(again.body).toEqual({
      habits: { created: 0, updated: 0, unchanged: 6 },
      completions: { created: 0, updated: 0, unchanged: total },
      skipped: 0,
      skippedByReason: NOTHING_SKIPPED,
      settingsChanged: [],
    });
    expect(await dump(otherId)).toEqual(before);

    const own = await api.request('POST', '/api/v1/import', { token, body: document });
    expect(own.body.habits).toEqual({ created: 0, updated: 0, unchanged: 6 });
  });

  it('updates what an edited document changes and keeps days it does not mention', async () => {
    const document = await exportOf(token);
    const { token: other, id: otherId } = await api.register('editor');
    await api.request('POST', '/api/v1/import', { token: other, body: document });
    const edited = structuredClone(document);
    edited.habits[0].description = 'twenty minutes';
    edited.habits[0].completions = edited.habits[0].completions
      .slice(-2)
      .map((day: Record<string, unknown>) => ({ ...day, notes: 'edited' }));
    edited.habits.push({ name: 'New', completions: [{ date: TODAY, status: 'done', value: 1, notes: null }] });
    const reply = await api.request('POST', '/api/v1/import', {
      token: other,
      body: { ...edited, habits: [edited.habits[0], edited.habits[6]] },
    });
    expect(reply.body).toEqual({
      habits: { created: 1, updated: 1, unchanged: 0 },
      completions: { created: 1, updated: 2, unchanged: 0 },
      skipped: 0,
      skippedByReason: NOTHING_SKIPPED,
      settingsChanged: [],
    });
    const after = await exportOf(other);
    expect(after.habits[0].description).toBe('twenty minutes');
    expect(after.habits[0].completions.length).toBe(document.habits[0].completions.length);
    expect(after.habits.at(-1)).toMatchObject({ name: 'New', position: 6 });
    expect((await rows(api, 'select id from habits where user_id = ?', [otherId])).length).toBe(7);
  });

  it('refuses a type change that would leave stored done days read differently, and takes one that replaces them', async () => {
    const document = await exportOf(token);
    const { token: other, id: otherId } = await api.register('retyper');
    await api.request('POST', '/api/v1/import', { token: other, body: document });
    const before = await dump(otherId);
    const meditate = structuredClone(document.habits[0]);
    const numeric = { ...meditate, type: 'numeric', targetValue: 1, unit: 'sessions' };
    const refused = await api.request('POST', '/api/v1/import', {
      token: other,
      body: { ...document, habits: [{ ...numeric, completions: numeric.completions.slice(-5) }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([
      {
        field: 'habits.0.type',
        message: expect.stringMatching(/^type cannot change from yes\/no to numeric while \d+ done day/),
      },
    ]);
    expect(await dump(otherId)).toEqual(before);
    const replaced = await api.request('POST', '/api/v1/import', {
      token: other,
      body: { ...document, habits: [numeric] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.habits).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });

  it("imports back a day recorded as today that a later day start put after the account's today", async () => {
    const { token: mover } = await api.register('mover');
    const id = (await api.request('POST', '/api/v1/habits', { token: mover, body: { name: 'Walk' } })).body.id;
    expect(
      (await api.request('PUT', `/api/v1/habits/${id}/completions/${TODAY}`, { token: mover, body: {} })).status,
    ).toBe(201);
    // 12:00 UTC is before a 23:59 day start: the account's today moves back to yesterday; the day stays stored.
    await api.request('PATCH', '/api/v1/me', { token: mover, body: { dayStartMinutes: 1439 } });
    const document = await exportOf(mover);
    const { token: copy } = await api.register('mover-copy');
    const reply = await api.request('POST', '/api/v1/import', { token: copy, body: document });
    expect([reply.status, reply.body.completions]).toEqual([200, { created: 1, updated: 0, unchanged: 0 }]);
    expect(withoutIds(await exportOf(copy))).toEqual(withoutIds(document));
  });

  it('refuses a broken document with field-level 400s (422 for days after today) and writes nothing', async () => {
    const { token: other, id: otherId } = await api.register('refused');
    const habit = (extra: Record<string, unknown> = {}) => ({
      name: 'Read',
      completions: [{ date: '2026-11-20', status: 'done', value: 1, notes: null }],
      ...extra,
    });
    const day = (extra: Record<string, unknown>) => ({
      date: '2026-11-20',
      status: 'done',
      value: 1,
      notes: null,
      ...extra,
    });
    const cases: [unknown, number, string][] = [
      [{ format: 'other.v9', habits: [] }, 400, 'format'],
      [{ format: 'streakforge.v1' }, 400, 'habits'],
      [{ format: 'streakforge.v1', habits: [habit({ name: '' })] }, 400, 'habits.0.name'],
      [{ format: 'streakforge.v1', habits: [habit(), 7] }, 400, 'habits'],
      [{ format: 'streakforge.v1', habits: [habit(), null] }, 400, 'habits'],
      [{ format: 'streakforge.v1', habits: [habit({ streak: 3 })] }, 400, 'habits.0.streak'],
      [
        { format: 'streakforge.v1', habits: [habit({ completions: [day({ mood: 'ok' })] })] },
        400,
        'habits.0.completions.0.mood',
      ],
      [{ format: 'streakforge.v1', habits: [habit({ completions: 'daily' })] }, 400, 'habits.0.completions'],
      [
        { format: 'streakforge.v1', habits: [habit({ goalType: 'weekly', timesPerPeriod: 9 })] },
        400,
        'habits.0.timesPerPeriod',
      ],
      [
        { format: 'streakforge.v1', habits: [habit(), habit({ completions: [day({ date: '2026-02-30' })] })] },
        400,
        'habits.1.completions.0.date',
      ],
      [
        { format: 'streakforge.v1', habits: [habit({ completions: [day({ value: 5 })] })] },
        400,
        'habits.0.completions.0',
      ],
      [
        { format: 'streakforge.v1', habits: [habit({ completions: [day({}), day({})] })] },
        400,
        'habits.0.completions.1',
      ],
      [
        { format: 'streakforge.v1', habits: [habit({ externalId: 'x' }), habit({ name: 'Other', externalId: 'x' })] },
        400,
        'habits.1.externalId',
      ],
      [{ format: 'streakforge.v1', profile: { timezone: 'Mars/Olympus' }, habits: [] }, 400, 'profile.timezone'],
      [
        {
          format: 'streakforge.v1',
          habits: [habit(), habit({ name: 'Later', completions: [day({ date: '2026-11-26' })] })],
        },
        422,
        'habits.1.completions.0',
      ],
    ];
    for (const [body, status, field] of cases) {
      const reply = await api.request('POST', '/api/v1/import', { token: other, body });
      expect([field, reply.status]).toEqual([field, status]);
      expect(reply.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    // Habits are validated one at a time: every broken habit is still named, in document order, with plain words.
    const several = await api.request('POST', '/api/v1/import', {
      token: other,
      body: {
        format: 'streakforge.v1',
        habits: [
          habit({ name: '' }),
          habit({ name: 'Fine' }),
          habit({ name: 'Late', completions: [day({ value: -1 })] }),
        ],
      },
    });
    expect(several.status).toBe(400);
    expect(several.body.details).toEqual([
      { field: 'habits.0.name', message: expect.stringMatching(/^name must/) },
      { field: 'habits.2.completions.0.value', message: 'value must be at least 0' },
    ]);
    expect(several.body.message).toMatch(/^name must .*; value must be at least 0$/);
    expect(await dump(otherId)).toEqual({ habits: [], completions: [] });
  });

  it('takes documents over the 1 MiB body limit of other routes', async () => {
    const { token: other } = await api.register('bigimport');
    const completions = Array.from({ length: 3650 }, (_, i) => ({
      date: addDays(TODAY, -i),
      status: 'done',
      value: 1,
      notes: 'x'.repeat(300),
    })).reverse();
    const body = { format: 'streakforge.v1', habits: [{ name: 'Decade', completions }] };
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const reply = await api.request('POST', '/api/v1/import', { token: other, body });
    expect(reply.status).toBe(200);
    expect(reply.body.completions.created).toBe(3650);
    const [habit] = (await api.request('GET', '/api/v1/habits', { token: other })).body.items;
    expect(habit.streak).toEqual({ current: 3650, longest: 3650, lastCompletionDate: TODAY });
  });
});
