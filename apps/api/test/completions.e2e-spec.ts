import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, roundScore } from '@streakforge/core';
import { computeStreakState, loadCompletionRecords, scheduleOf, Habit, type StoredStreakState } from '@streakforge/db';
import { PASSWORD, rows, startApi, type TestApi, type Reply } from './support.js';

describe('completions', () => {
  let api: TestApi;
  let token: string;
  let userId: number;
  let habitId: number;
  let numericId: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token, id: userId } = await api.register('completer'));
    habitId = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'Floss' } })).body.id;
    numericId = (
      await api.request('POST', '/api/v1/habits', {
        token,
        body: { name: 'Water', type: 'numeric', targetValue: 8, unit: 'glass' },
      })
    ).body.id;
  });
  afterAll(() => api.close());

  const url = (id: number, rest = '') => `/api/v1/habits/${id}/completions${rest}`;

  it('logs today by default, then 409 on a second log of the same day', async () => {
    const first = await api.request('POST', url(habitId), { token, body: { notes: ' felt good ' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      habitId,
      date: '2026-11-24',
      status: 'done',
      value: 1,
      notes: 'felt good',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const again = await api.request('POST', url(habitId), { token, body: { date: '2026-11-24' } });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual([
      { field: 'date', message: '2026-11-24 already has a completion; PUT replaces it' },
    ]);
    const habit = await api.request('GET', `/api/v1/habits/${habitId}`, { token });
    expect(habit.body.streak).toEqual({ current: 1, longest: 1, lastCompletionDate: '2026-11-24' });
    expect(habit.body.score).toBe(0.051922);
  });

  it('rejects a date after logical today with 422 and impossible dates with 400', async () => {
    const future = await api.request('POST', url(habitId), { token, body: { date: '2026-11-25' } });
    expect(future.status).toBe(422);
    expect(future.body.details).toEqual([{ field: 'date', message: 'date is after your logical today (2026-11-24)' }]);
    for (const date of ['2026-02-30', '24.11.2026', '2026-1-1', '']) {
      const bad = await api.request('POST', url(habitId), { token, body: { date } });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('date');
    }
    expect((await api.request('PUT', url(habitId, '/2026-13-01'), { token, body: {} })).status).toBe(400);
    expect((await api.request('PUT', url(habitId, '/2026-11-25'), { token, body: {} })).status).toBe(422);
    expect(
      await rows(api, "select * from habit_completions where habit_id = ? and completion_date > '2026-11-24'", [
        habitId,
      ]),
    ).toEqual([]);
  });

  it("defaults the date to the user's logical today in their time zone and day start", async () => {
    const { token: tokyo } = await api.register('tokyo', { timezone: 'Asia/Tokyo', dayStartMinutes: 240 });
    const habit = (await api.request('POST', '/api/v1/habits', { token: tokyo, body: { name: 'Journal' } })).body;
    // 2026-11-24T18:30Z is 03:30 on the 25th in Tokyo: before the 04:00 day start, so still the 24th.
    api.clock.set('2026-11-24T18:30:00Z');
    expect((await api.request('POST', url(habit.id), { token: tokyo, body: {} })).body.date).toBe('2026-11-24');
    api.clock.set('2026-11-24T19:30:00Z');
    expect((await api.request('POST', url(habit.id), { token: tokyo, body: {} })).body.date).toBe('2026-11-25');
    const { token: honolulu } = await api.register('honolulu', { timezone: 'Pacific/Honolulu' });
    const other = (await api.request('POST', '/api/v1/habits', { token: honolulu, body: { name: 'Surf' } })).body;
    const late = await api.request('POST', url(other.id), { token: honolulu, body: { date: '2026-11-25' } });
    expect(late.status).toBe(422);
    api.clock.set('2026-11-24T12:00:00Z');
  });

  it('PUT creates (201), then replaces (200) idempotently, and requires the body date to match', async () => {
    const body = { status: 'skipped', notes: 'sick' };
    const created = await api.request('PUT', url(habitId, '/2026-11-20'), { token, body });
    expect(created.status).toBe(201);
    const written = async () => ({
      day: await rows(api, "select * from habit_completions where habit_id = ? and completion_date = '2026-11-20'", [
        habitId,
      ]),
      streak: await rows(api, 'select * from streaks where habit_id = ?', [habitId]),
      marks: await rows(api, 'select count(*) as n from analytics_dirty where user_id = ?', [userId]),
    });
    const before = await written();
    const replaced = await api.request('PUT', url(habitId, '/2026-11-20'), { token, body });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ date: '2026-11-20', status: 'skipped', value: 0, notes: 'sick' });
    expect(await written()).toEqual(before);
    expect(
      await rows(
        api,
        "select count(*) as n from habit_completions where habit_id = ? and completion_date = '2026-11-20'",
        [habitId],
      ),
    ).toEqual([{ n: 1 }]);
    const mismatch = await api.request('PUT', url(habitId, '/2026-11-20'), { token, body: { date: '2026-11-21' } });
    expect(mismatch.status).toBe(400);
  });

  it('checks values against the habit type', async () => {
    expect((await api.request('POST', url(habitId), { token, body: { date: '2026-11-01', value: 3 } })).status).toBe(
      400,
    );
    expect(
      (await api.request('POST', url(habitId), { token, body: { date: '2026-11-01', status: 'skipped', value: 2 } }))
        .status,
    ).toBe(400);
    expect((await api.request('POST', url(numericId), { token, body: { date: '2026-11-01' } })).body.details).toEqual([
      { field: 'value', message: 'a numeric habit needs a value' },
    ]);
    for (const value of [-1, 'ten', 1e10, null]) {
      expect((await api.request('POST', url(numericId), { token, body: { date: '2026-11-01', value } })).status).toBe(
        400,
      );
    }
    expect(
      (await api.request('POST', url(numericId), { token, body: { date: '2026-11-01', value: 2.5 } })).body.value,
    ).toBe(2.5);
  });

  it('keeps a note on a day not done: missed and unmarked count as not done, like an empty day', async () => {
    const { token: own } = await api.register('misser');
    const habit = async (body: Record<string, unknown>) =>
      (await api.request('POST', '/api/v1/habits', { token: own, body })).body.id as number;
    const [withNotes, without] = [await habit({ name: 'Read' }), await habit({ name: 'Read too' })];
    for (const id of [withNotes, without]) {
      for (const date of ['2026-11-21', '2026-11-22', '2026-11-24'])
        await api.request('PUT', url(id, `/${date}`), { token: own, body: {} });
    }
    const missed = await api.request('PUT', url(withNotes, '/2026-11-23'), {
      token: own,
      body: { status: 'missed', notes: 'Sick' },
    });
    expect(missed.status).toBe(201);
    expect(missed.body).toMatchObject({ status: 'missed', value: 0, notes: 'Sick' });
    const unmarked = await api.request('PUT', url(withNotes, '/2026-11-20'), {
      token: own,
      body: { status: 'unmarked', notes: 'on holiday' },
    });
    expect(unmarked.body).toMatchObject({ status: 'unmarked', value: 0, notes: 'on holiday' });
    const [a, b] = [
      await api.request('GET', `/api/v1/habits/${withNotes}`, { token: own }),
      await api.request('GET', `/api/v1/habits/${without}`, { token: own }),
    ];
    expect(a.body.streak).toEqual({ current: 1, longest: 2, lastCompletionDate: '2026-11-24' });
    expect([a.body.streak, a.body.score]).toEqual([b.body.streak, b.body.score]);
    const scores = (id: number) =>
      api
        .request('GET', `/api/v1/habits/${id}/scores?from=2026-11-21&to=2026-11-24`, { token: own })
        .then((reply) => reply.body);
    expect(await scores(withNotes)).toEqual(await scores(without));
    const stats = (id: number) =>
      api
        .request('GET', `/api/v1/habits/${id}/stats?from=2026-11-21&to=2026-11-24`, { token: own })
        .then((reply) => reply.body);
    expect((await stats(withNotes)).completionRate).toBe(0.75);

    const refusals = [
      [{ status: 'unmarked' }, 'notes', 'an unmarked day holds a note and nothing else: send notes, or delete the day'],
      [{ status: 'missed', value: 1 }, 'value', 'a missed day records no value: omit it or send 0'],
      [{ status: 'maybe' }, 'status', expect.stringContaining('status must be one of')],
    ] as const;
    for (const [body, field, message] of refusals) {
      const reply = await api.request('PUT', url(withNotes, '/2026-11-19'), { token: own, body });
      expect([reply.status, reply.body.details]).toEqual([400, [{ field, message }]]);
    }

    const water = await habit({ name: 'Water', type: 'numeric', targetValue: 2 });
    await api.request('PUT', url(water, '/2026-11-24'), { token: own, body: { status: 'missed', notes: 'no bottle' } });
    const increment = await api.request('POST', url(water, '/2026-11-24/increment'), { token: own, body: { by: 0.5 } });
    expect(increment.body).toMatchObject({ status: 'done', value: 0.5, notes: 'no bottle' });
  });

  it('increments numeric days, creating the row when needed', async () => {
    const first = await api.request('POST', url(numericId, '/2026-11-23/increment'), { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ date: '2026-11-23', status: 'done', value: 1 });
    const second = await api.request('POST', url(numericId, '/2026-11-23/increment'), { token, body: { by: 7.5 } });
    expect(second.body.value).toBe(8.5);
    expect(
      (await api.request('POST', url(numericId, '/2026-11-23/increment'), { token, body: { by: 0 } })).status,
    ).toBe(400);
    expect((await api.request('POST', url(habitId, '/2026-11-23/increment'), { token })).status).toBe(422);
    expect((await api.request('POST', url(numericId, '/2026-11-30/increment'), { token })).status).toBe(422);
  });

  it('refuses an increment past the most a day holds, so every stored day can be sent back', async () => {
    const { token: own } = await api.register('increment-cap');
    const habit = (
      await api.request('POST', '/api/v1/habits', {
        token: own,
        body: { name: 'Steps', type: 'numeric', targetValue: 10000 },
      })
    ).body.id;
    const path = url(habit, '/2026-11-20/increment');
    expect((await api.request('POST', path, { token: own, body: { by: 1e9 } })).body.value).toBe(1e9);
    const over = await api.request('POST', path, { token: own, body: { by: 1 } });
    expect(over.status).toBe(422);
    expect(over.body.details).toEqual([
      { field: 'by', message: 'the day would hold 1000000001; a day holds at most 1000000000' },
    ]);
    expect((await api.request('GET', url(habit, ''), { token: own })).body.items).toMatchObject([
      { date: '2026-11-20', value: 1e9 },
    ]);
    const exported = await api.request('GET', '/api/v1/export', { token: own });
    const { token: fresh } = await api.register('increment-cap-again');
    expect((await api.request('POST', '/api/v1/import', { token: fresh, body: exported.body })).status).toBe(200);
  });

  it('deletes a day (204) and answers 404 when there is none', async () => {
    await api.request('PUT', url(habitId, '/2026-10-01'), { token, body: {} });
    expect((await api.request('DELETE', url(habitId, '/2026-10-01'), { token })).status).toBe(204);
    expect((await api.request('DELETE', url(habitId, '/2026-10-01'), { token })).status).toBe(404);
    expect(
      await rows(api, "select * from habit_completions where habit_id = ? and completion_date = '2026-10-01'", [
        habitId,
      ]),
    ).toEqual([]);
  });

  it('reads one day back as written, and answers 404 for a day without a record', async () => {
    const written = await api.request('PUT', url(habitId, '/2026-10-02'), {
      token,
      body: { status: 'missed', notes: 'flu' },
    });
    const read = await api.request('GET', url(habitId, '/2026-10-02'), { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(written.body);
    const none = await api.request('GET', url(habitId, '/2026-10-03'), { token });
    expect([none.status, none.body.message]).toEqual([404, 'no completion on 2026-10-03']);
    const { token: other } = await api.register('day-reader');
    expect((await api.request('GET', url(habitId, '/2026-10-02'), { token: other })).status).toBe(404);
  });

  it('lists a range newest first with a limit', async () => {
    const { token: own } = await api.register('ranger');
    const id = (await api.request('POST', '/api/v1/habits', { token: own, body: { name: 'Walk' } })).body.id;
    const items = Array.from({ length: 10 }, (_, i) => ({ habitId: id, date: addDays('2026-11-24', -i) }));
    await api.request('POST', '/api/v1/completions/batch', { token: own, body: { items } });
    const all = await api.request('GET', url(id), { token: own });
    expect(all.body.items.map((c: { date: string }) => c.date)).toEqual(items.map((i) => i.date));
    expect(all.body.nextCursor).toBeNull();
    const range = await api.request('GET', url(id, '?from=2026-11-18&to=2026-11-20&limit=2'), { token: own });
    expect(range.body.items.map((c: { date: string }) => c.date)).toEqual(['2026-11-20', '2026-11-19']);
    const rest = await api.request(
      'GET',
      url(id, `?from=2026-11-18&to=2026-11-20&limit=2&cursor=${range.body.nextCursor}`),
      {
        token: own,
      },
    );
    expect([rest.body.items.map((c: { date: string }) => c.date), rest.body.nextCursor]).toEqual([
      ['2026-11-18'],
      null,
    ]);
    // Paging through everything, three at a time, gives every day once, newest first.
    const paged: string[] = [];
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 10; pages++) {
      const page: Reply = await api.request('GET', url(id, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`), {
        token: own,
      });
      paged.push(...page.body.items.map((c: { date: string }) => c.date));
      cursor = page.body.nextCursor;
    }
    expect(paged).toEqual(items.map((i) => i.date));
    expect((await api.request('GET', url(id, '?cursor=soon'), { token: own })).status).toBe(400);
    expect((await api.request('GET', url(id, '?limit=1001'), { token: own })).status).toBe(400);
    expect((await api.request('GET', url(id, '?limit=abc'), { token: own })).status).toBe(400);
    expect((await api.request('GET', url(id, '?from=2026-11-20&to=2026-11-18'), { token: own })).status).toBe(400);
  });
});

describe('GET /completions', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startApi();
    ({ token } = await api.register('main-list'));
  });
  afterAll(() => api.close());

  const habit = async (body: Record<string, unknown>) =>
    (await api.request('POST', '/api/v1/habits', { token, body })).body.id as number;

  it('gives every active habit its recent days, with the days a goal covers without a check', async () => {
    // Tuesday 2026-11-24, weeks from Monday.
    const floss = await habit({ name: 'Floss' });
    const gym = await habit({ name: 'Gym', goalType: 'weekly', timesPerPeriod: 2 });
    const read = await habit({ name: 'Read', goalType: 'custom', timesPerPeriod: 2, periodDays: 4 });
    const old = await habit({ name: 'Old' });
    await api.request('PATCH', `/api/v1/habits/${old}`, { token, body: { archived: true } });
    const items = [
      { habitId: floss, date: '2026-11-22', status: 'missed', notes: 'forgot' },
      { habitId: floss, date: '2026-11-24' },
      { habitId: gym, date: '2026-11-17' },
      { habitId: gym, date: '2026-11-19' },
      { habitId: read, date: '2026-11-21' },
      { habitId: read, date: '2026-11-23' },
      { habitId: old, date: '2026-11-24' },
    ];
    await api.request('POST', '/api/v1/completions/batch', { token, body: { items } });

    const reply = await api.request('GET', '/api/v1/completions?from=2026-11-19&to=2026-11-24', { token });
    expect(reply.status).toBe(200);
    const day = (date: string, status: string | null, qualifies: boolean, extra: Record<string, unknown> = {}) => ({
      date,
      status,
      value: status === 'done' ? 1 : 0,
      notes: null,
      qualifies,
      ...extra,
    });
    expect(reply.body).toEqual({
      from: '2026-11-19',
      to: '2026-11-24',
      items: [
        {
          habitId: floss,
          days: [day('2026-11-22', 'missed', false, { notes: 'forgot' }), day('2026-11-24', 'done', true)],
        },
        {
          // Last week met on the 19th: its unchecked days qualify too; this week is not met yet.
          habitId: gym,
          days: [
            day('2026-11-19', 'done', true),
            day('2026-11-20', null, true),
            day('2026-11-21', null, true),
            day('2026-11-22', null, true),
          ],
        },
        {
          // Two in four days (21st and 23rd) open Loop's interval 21st–24th.
          habitId: read,
          days: [
            day('2026-11-21', 'done', true),
            day('2026-11-22', null, true),
            day('2026-11-23', 'done', true),
            day('2026-11-24', null, true),
          ],
        },
      ],
    });
    const week = await api.request('GET', '/api/v1/completions', { token });
    expect([week.body.from, week.body.to]).toEqual(['2026-11-18', '2026-11-24']);
  });

  it('refuses a range over 62 days, reversed, or after today', async () => {
    const long = await api.request('GET', '/api/v1/completions?from=2026-09-01&to=2026-11-24', { token });
    expect([long.status, long.body.details]).toEqual([
      400,
      [{ field: 'from', message: 'a range covers at most 62 days' }],
    ]);
    expect((await api.request('GET', '/api/v1/completions?from=2026-11-24&to=2026-11-20', { token })).status).toBe(400);
    expect((await api.request('GET', '/api/v1/completions?to=2026-11-25', { token })).status).toBe(422);
  });
});

describe('POST /completions/batch', () => {
  let api: TestApi;
  let token: string;
  let a: number;
  let b: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token } = await api.register('batcher'));
    a = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'A' } })).body.id;
    b = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'B', type: 'numeric', targetValue: 2 } }))
      .body.id;
  });
  afterAll(() => api.close());

  const batch = (items: unknown[], as = token) =>
    api.request('POST', '/api/v1/completions/batch', { token: as, body: { items } });
  const count = async () =>
    (
      await rows<{ n: number }>(
        api,
        'select count(*) as n from habit_completions c join habits h on h.id = c.habit_id where h.id in (?, ?)',
        [a, b],
      )
    )[0]!.n;

  it('upserts across habits and counts created and updated rows', async () => {
    const first = await batch([
      { habitId: a, date: '2026-11-23' },
      { habitId: a, date: '2026-11-24', notes: 'x' },
      { habitId: b, date: '2026-11-24', value: 3 },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 3, updated: 0 });
    const second = await batch([
      { habitId: b, date: '2026-11-24', value: 1 },
      { habitId: b, date: '2026-11-22', status: 'skipped' },
    ]);
    expect(second.body).toEqual({ created: 1, updated: 1 });
    const habitB = await api.request('GET', `/api/v1/habits/${b}`, { token });
    expect(habitB.body.streak).toEqual({ current: 0, longest: 1, lastCompletionDate: '2026-11-24' });
    expect((await api.request('GET', `/api/v1/habits/${a}`, { token })).body.streak.current).toBe(2);
  });

  it('writes nothing when any item is wrong', async () => {
    const before = await count();
    const { token: other } = await api.register('intruder');
    const foreign = (await api.request('POST', '/api/v1/habits', { token: other, body: { name: 'Theirs' } })).body.id;
    const notMine = await batch([
      { habitId: a, date: '2026-11-01' },
      { habitId: foreign, date: '2026-11-01' },
    ]);
    expect(notMine.status).toBe(404);
    expect(notMine.body.details).toEqual([{ field: 'items.1.habitId', message: 'habit not found' }]);
    const future = await batch([
      { habitId: a, date: '2026-11-02' },
      { habitId: a, date: '2026-12-01' },
    ]);
    expect(future.status).toBe(422);
    expect(future.body.details).toEqual([
      { field: 'items.1.date', message: '2026-12-01 is after your logical today (2026-11-24)' },
    ]);
    const twice = await batch([
      { habitId: a, date: '2026-11-03' },
      { habitId: a, date: '2026-11-03' },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([
      { field: 'items.1.date', message: '2026-11-03 appears twice for the same habit' },
    ]);
    const invalid = await batch([
      { habitId: a, date: '2026-11-04' },
      { habitId: b, date: 'yesterday' },
      { habitId: b, date: '2026-11-04' },
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual(['items.1.date']);
    const noValue = await batch([
      { habitId: a, date: '2026-11-05' },
      { habitId: b, date: '2026-11-05' },
    ]);
    expect(noValue.body.details).toEqual([{ field: 'items.1.value', message: 'a numeric habit needs a value' }]);
    const noNote = await batch([
      { habitId: a, date: '2026-11-06', status: 'missed' },
      { habitId: b, date: '2026-11-06', status: 'unmarked' },
    ]);
    expect(noNote.body.details).toEqual([
      {
        field: 'items.1.notes',
        message: 'an unmarked day holds a note and nothing else: send notes, or delete the day',
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('accepts 1,000 items and refuses 1,001 or none', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ habitId: a, date: addDays('2026-11-24', -i) }));
    expect((await batch(items)).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    const reply = await batch(items.slice(0, 1000));
    expect(reply.status).toBe(200);
    expect(reply.body.created + reply.body.updated).toBe(1000);
    expect((await api.request('GET', `/api/v1/habits/${a}`, { token })).body.streak).toMatchObject({
      current: 1000,
      longest: 1000,
    });
  });
});

describe('stored streaks', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  async function storedAndRecomputed(habitId: number, today: string, weekStart: number) {
    const em = api.orm.em.fork();
    const habit = await em.findOneOrFail(Habit, habitId);
    const records = (await loadCompletionRecords(em, [habitId])).get(habitId) ?? [];
    const expected = computeStreakState({ schedule: scheduleOf(habit), completions: records, today, weekStart });
    const [row] = await rows<Record<string, unknown>>(api, 'select * from streaks where habit_id = ?', [habitId]);
    const stored: StoredStreakState = {
      current: row!['current'] as number,
      currentStart: row!['current_start'] as string | null,
      currentEnd: row!['current_end'] as string | null,
      longest: row!['longest'] as number,
      longestEnd: row!['longest_end'] as string | null,
      lastCompletionDate: row!['last_completion_date'] as string | null,
      asOf: row!['as_of'] as string,
      score: row!['score'] as number,
      previousScore: row!['previous_score'] as number,
    };
    return { stored, expected };
  }

  const habitBodies = [
    { name: 'daily' },
    { name: 'weekly', goalType: 'weekly', timesPerPeriod: 3 },
    { name: 'custom', goalType: 'custom', timesPerPeriod: 2, periodDays: 5 },
    { name: 'numeric', type: 'numeric', targetValue: 3 },
    { name: 'at most', type: 'numeric', targetValue: 2, targetType: 'at_most' },
  ];

  it('equal a full recompute after random sequences of writes through every write route', async () => {
    const { token } = await api.register('random', { weekStart: 3 });
    const ids: number[] = [];
    for (const body of habitBodies) ids.push((await api.request('POST', '/api/v1/habits', { token, body })).body.id);
    const numeric = (id: number) => ids.indexOf(id) >= 3;
    // Mostly today and yesterday, as real clients write: the stored state's incremental path must be exercised.
    const day = fc
      .oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.constant(1) },
        { weight: 3, arbitrary: fc.integer({ min: 2, max: 12 }) },
      )
      .map((back) => addDays('2026-11-24', -back));
    const write = fc.record({
      habit: fc.constantFrom(...ids),
      date: day,
      op: fc.constantFrom('post', 'put-done', 'put-skip', 'put-missed', 'put-unmarked', 'delete', 'increment', 'batch'),
      value: fc.integer({ min: 0, max: 5 }),
    });
    const sequences = fc.sample(fc.array(write, { minLength: 5, maxLength: 25 }), { numRuns: 8, seed: 20261124 });
    for (const sequence of sequences) {
      for (const { habit, date, op, value } of sequence) {
        const body = numeric(habit) ? { value } : {};
        const path = `/api/v1/habits/${habit}/completions`;
        const reply =
          op === 'post'
            ? await api.request('POST', path, { token, body: { ...body, date } })
            : op === 'put-done'
              ? await api.request('PUT', `${path}/${date}`, { token, body })
              : op === 'put-skip'
                ? await api.request('PUT', `${path}/${date}`, { token, body: { status: 'skipped' } })
                : op === 'put-missed'
                  ? await api.request('PUT', `${path}/${date}`, { token, body: { status: 'missed' } })
                  : op === 'put-unmarked'
                    ? await api.request('PUT', `${path}/${date}`, {
                        token,
                        body: { status: 'unmarked', notes: 'a note' },
                      })
                    : op === 'delete'
                      ? await api.request('DELETE', `${path}/${date}`, { token })
                      : op === 'increment'
                        ? await api.request('POST', `${path}/${date}/increment`, { token, body: { by: value + 1 } })
                        : await api.request('POST', '/api/v1/completions/batch', {
                            token,
                            body: { items: [{ habitId: habit, date, ...body }] },
                          });
        expect(reply.status).toBeLessThan(500);
      }
      for (const id of ids) {
        const { stored, expected } = await storedAndRecomputed(id, '2026-11-24', 3);
        expect(stored).toEqual(expected);
      }
    }
  });

  it('recompute when the calendar moves: a new day, or a changed week start or time zone', async () => {
    const { token } = await api.register('mover');
    const id = (
      await api.request('POST', '/api/v1/habits', {
        token,
        body: { name: 'weekly', goalType: 'weekly', timesPerPeriod: 2 },
      })
    ).body.id;
    // Saturday and Sunday: one Monday-started week, but two different Sunday-started weeks.
    const items = ['2026-11-21', '2026-11-22'].map((date) => ({ habitId: id, date }));
    await api.request('POST', '/api/v1/completions/batch', { token, body: { items } });
    const before = (await api.request('GET', `/api/v1/habits/${id}`, { token })).body.streak;
    expect(before.current).toBe(7);

    await api.request('PATCH', '/api/v1/me', { token, body: { weekStart: 7 } });
    const [row] = await rows<{ as_of: string }>(api, 'select as_of from streaks where habit_id = ?', [id]);
    expect(row!.as_of).toBe('1970-01-01');
    const reread = (await api.request('GET', `/api/v1/habits/${id}`, { token })).body;
    expect(reread.streak.current).toBe(0);
    expect((await api.request('GET', '/api/v1/habits', { token })).body.items).toEqual([reread]);

    api.clock.set('2026-11-25T11:00:00Z');
    const nextDay = (await api.request('GET', `/api/v1/habits/${id}`, { token })).body;
    expect((await api.request('GET', '/api/v1/habits', { token })).body.items).toEqual([nextDay]);
    await api.request('POST', `/api/v1/habits/${id}/completions`, { token, body: {} });
    const { stored, expected } = await storedAndRecomputed(id, '2026-11-25', 7);
    expect(stored).toEqual(expected);
    api.clock.set('2026-11-24T12:00:00Z');
  });

  it("a day's write counts in the calendar of that moment: each change of time zone, day start or week start", async () => {
    // 2026-11-24T12:00Z: Tuesday the 24th in UTC, already Wednesday the 25th in Kiritimati (UTC+14).
    const { token } = await api.register('recalendared');
    const id = (
      await api.request('POST', '/api/v1/habits', {
        token,
        body: { name: 'weekly', goalType: 'weekly', timesPerPeriod: 2 },
      })
    ).body.id;
    const steps = [
      { change: { timezone: 'Pacific/Kiritimati' }, today: '2026-11-25', weekStart: 1 },
      { change: { dayStartMinutes: 1439 }, today: '2026-11-24', weekStart: 1 },
      { change: { weekStart: 3 }, today: '2026-11-24', weekStart: 3 },
      { change: { timezone: 'UTC', dayStartMinutes: 0 }, today: '2026-11-24', weekStart: 3 },
    ];
    for (const [step, { change, today, weekStart }] of steps.entries()) {
      expect((await api.request('PATCH', '/api/v1/me', { token, body: change })).status).toBe(200);
      // A new note each step, so that a day written before is written again rather than left as it was.
      const written = await api.request('PUT', `/api/v1/habits/${id}/completions/${today}`, {
        token,
        body: { notes: `step ${step}` },
      });
      expect(written.status).toBeLessThan(300);
      const tomorrow = await api.request('PUT', `/api/v1/habits/${id}/completions/${addDays(today, 1)}`, {
        token,
        body: {},
      });
      expect(tomorrow.status).toBe(422);
      const { stored, expected } = await storedAndRecomputed(id, today, weekStart);
      expect(stored).toEqual(expected);
    }
  });

  it("after the user's midnight, lists and reads every kind of habit exactly as a full recompute on the new day", async () => {
    const { token } = await api.register('midnight');
    const ids: number[] = [];
    for (const body of habitBodies) ids.push((await api.request('POST', '/api/v1/habits', { token, body })).body.id);
    // A run up to today, a skip and a miss in it, for every habit; numeric ones get values around their targets.
    const days = [-6, -5, -4, -3, -2, -1, 0].map((back) => addDays('2026-11-24', back));
    const items = ids.flatMap((habitId, i) =>
      days.map((date, d) =>
        d === 2
          ? { habitId, date, status: 'skipped' }
          : d === 4
            ? { habitId, date, status: 'missed' }
            : { habitId, date, ...(i >= 3 ? { value: d % 3 } : {}) },
      ),
    );
    expect((await api.request('POST', '/api/v1/completions/batch', { token, body: { items } })).status).toBe(200);
    try {
      for (const later of ['2026-11-25', '2026-11-26', '2027-02-01']) {
        api.clock.set(`${later}T12:00:00Z`);
        // A session of that day: the one from registration has expired by then.
        const login = await api.request('POST', '/api/v1/auth/login', {
          body: { login: 'midnight', password: PASSWORD },
        });
        const token = (login.body as { accessToken: string }).accessToken;
        const listed = (await api.request('GET', '/api/v1/habits', { token })).body.items as {
          id: number;
          streak: unknown;
          score: number;
        }[];
        for (const id of ids) {
          const { expected } = await storedAndRecomputed(id, later, 1);
          const item = listed.find((habit) => habit.id === id)!;
          expect({ streak: item.streak, score: item.score }).toEqual({
            streak: {
              current: expected.current,
              longest: expected.longest,
              lastCompletionDate: expected.lastCompletionDate,
            },
            score: roundScore(expected.score),
          });
          expect((await api.request('GET', `/api/v1/habits/${id}`, { token })).body).toEqual(item);
        }
      }
    } finally {
      api.clock.set('2026-11-24T12:00:00Z');
    }
  });
});
