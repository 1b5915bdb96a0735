// The raw baseline: the API's database work for the benchmarked routes, done with better-sqlite3 (or pg, given a
// postgresql:// address) directly behind a bare node:http server (no framework, no ORM, no validation library). The habit logic is the same core package, so
// the ratio to this server is the cost of everything the API adds around it. Minimal on purpose: it trusts its input
// beyond what the database work needs, and it answers only the benchmarked routes.
// Usage: node baseline-server.mjs <database file | postgresql://…> <port>   (JWT_SECRET and, for pg, POOL_SIZE from
// the environment, as for the API)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  addDays,
  affectedDays,
  dailyAggregates,
  dependencyDays,
  habitStart,
  habitStats,
  heatmapFromAggregates,
  logicalToday,
  roundScore,
  scoreSeries,
  scoreStateOn,
  streakSummary,
  updateScoreIncrementally,
  updateStreakIncrementally,
} from '@streakforge/core';

const [database, port] = process.argv.slice(2);
const secret = process.env.JWT_SECRET;

// Each handler below is a generator that yields its statements ({ kind, sql, params }) and gets each one's result
// back, so one copy of the logic runs on both engines: better-sqlite3 drives it synchronously (inside
// `db.transaction` for a write), pg awaits each statement on one pooled client between BEGIN and COMMIT.
const get = (sql, ...params) => ({ kind: 'get', sql, params });
const all = (sql, ...params) => ({ kind: 'all', sql, params });
const run = (sql, ...params) => ({ kind: 'run', sql, params });

function sqliteEngine(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map();
  const exec = ({ kind, sql, params }) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement[kind](...params);
  };
  const drive = (steps) => {
    let step = steps.next();
    while (!step.done) step = steps.next(exec(step.value));
    return step.value;
  };
  return {
    no: 0,
    instant: (ms) => ms,
    lockClause: '',
    read: drive,
    write: (steps) => db.transaction(drive)(steps),
  };
}

function postgresEngine(url) {
  // Dates as the API sends them (YYYY-MM-DD), not as midnight instants.
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.POOL_SIZE) });
  const names = new Map();
  const exec = async (client, { kind, sql, params }) => {
    let named = names.get(sql);
    if (!named) {
      let n = 0;
      named = { name: `s${names.size}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      names.set(sql, named);
    }
    const { rows } = await client.query({ ...named, values: params });
    return kind === 'get' ? rows[0] : kind === 'all' ? rows : undefined;
  };
  const drive = async (client, steps) => {
    let step = steps.next();
    while (!step.done) step = steps.next(await exec(client, step.value));
    return step.value;
  };
  return {
    no: false,
    instant: (ms) => new Date(ms),
    lockClause: ' for update',
    read: async (steps) => {
      const client = await pool.connect();
      try {
        return await drive(client, steps);
      } finally {
        client.release();
      }
    },
    write: async (steps) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await drive(client, steps);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const engine = database.startsWith('postgres') ? postgresEngine(database) : sqliteEngine(database);

const sql = {
  user: 'select id, timezone, day_start_minutes as "dayStartMinutes", week_start as "weekStart", snapshots_through as "snapshotsThrough" from users where id = ?',
  habit: `select id, type, goal_type as "goalType", times_per_period as "timesPerPeriod", period_days as "periodDays", target_value as "targetValue",
          target_type as "targetType", created_at as "createdAt" from habits where id = ? and user_id = ?`,
  list: `select h.*, s.current, s.longest, s.last_completion_date, s.as_of, s.score from habits h left join streaks s on s.habit_id = h.id
         where h.user_id = ? and h.archived = ? order by h.position, h.id`,
  day: 'select status, value from habit_completions where habit_id = ? and completion_date = ?',
  upsert: `insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
           on conflict (habit_id, completion_date) do update set status = excluded.status, value = excluded.value, notes = excluded.notes, updated_at = excluded.updated_at`,
  records:
    'select completion_date as date, status, value from habit_completions where habit_id = ? order by completion_date',
  streak: 'select * from streaks where habit_id = ?',
  saveStreak: `insert into streaks (habit_id, current, current_start, current_end, longest, longest_end, last_completion_date, as_of, score, previous_score, created_at, updated_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               on conflict (habit_id) do update set current = excluded.current, current_start = excluded.current_start, current_end = excluded.current_end,
                 longest = excluded.longest, longest_end = excluded.longest_end, last_completion_date = excluded.last_completion_date,
                 as_of = excluded.as_of, score = excluded.score, previous_score = excluded.previous_score, updated_at = excluded.updated_at`,
  dirty: 'insert into analytics_dirty (user_id, date, until_date) values (?, ?, ?)',
  marks:
    'select date, coalesce(until_date, date) as until from analytics_dirty where user_id = ? and (date is null or (date <= ? and coalesce(until_date, date) >= ?))',
  snapshots: `select date, category, active, qualifying, considered, considered_qualifying as "consideredQualifying", done_days as "doneDays"
              from daily_snapshots where user_id = ? and date between ? and ?`,
  analyticsHabits: `select h.id, h.type, h.goal_type as "goalType", h.times_per_period as "timesPerPeriod", h.period_days as "periodDays",
                      h.target_value as "targetValue", h.target_type as "targetType", h.category, h.created_at as "createdAt",
                      (select c.completion_date from habit_completions c where c.habit_id = h.id order by c.completion_date limit 1) as first
                    from habits h where h.user_id = ? and h.archived = ?`,
  window:
    'select completion_date as date, status, value from habit_completions where habit_id = ? and completion_date between ? and ? order by completion_date',
};

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function userIdOf(request) {
  const [header, payload, signature] = (request.headers.authorization ?? '').replace(/^Bearer /, '').split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'invalid token');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  if (claims.exp * 1000 < Date.now()) throw new HttpError(401, 'expired token');
  return Number(claims.sub);
}

const scheduleOf = (habit) => ({ ...habit, targetValue: habit.targetValue ?? null });
const scheduleRow = (row) => ({
  id: row.id,
  type: row.type,
  goalType: row.goal_type,
  timesPerPeriod: row.times_per_period,
  periodDays: row.period_days,
  targetValue: row.target_value,
  targetType: row.target_type,
});
function* calendarOf(userId) {
  const user = yield get(sql.user, userId);
  return {
    user,
    today: logicalToday({ now: new Date(), timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes }),
  };
}
function* ownedHabit(userId, habitId, lock = '') {
  const habit = yield get(sql.habit + lock, habitId, userId);
  if (!habit) throw new HttpError(404, 'habit not found');
  return habit;
}
function* fullState(habit, today, weekStart) {
  const input = { schedule: scheduleOf(habit), completions: yield all(sql.records, habit.id), today, weekStart };
  return { ...streakSummary(input), ...scoreStateOn({ ...input, date: today }) };
}
const saveStreak = (habitId, state) => {
  const now = engine.instant(Date.now());
  return run(
    sql.saveStreak,
    habitId,
    state.current,
    state.currentStart,
    state.currentEnd,
    state.longest,
    state.longestEnd,
    state.lastCompletionDate,
    state.asOf,
    state.score,
    state.previousScore,
    now,
    now,
  );
};
function* markDirty(user, habit, first, last, today) {
  const { from } = affectedDays(scheduleOf(habit), first, user.weekStart);
  const { to } = affectedDays(scheduleOf(habit), last, user.weekStart);
  const yesterday = addDays(today, -1);
  if (from <= yesterday) yield run(sql.dirty, user.id, from, to < yesterday ? to : yesterday);
}

function* writeDay(userId, habitId, date, body, mustBeNew) {
  const habit = yield* ownedHabit(userId, habitId, engine.lockClause);
  const { user, today } = yield* calendarOf(userId);
  if (date > today) throw new HttpError(422, 'date is after today');
  const before = (yield get(sql.day, habitId, date)) ?? null;
  if (before && mustBeNew) throw new HttpError(409, 'already recorded');
  const after = { status: body.status ?? 'done', value: body.value ?? 1 };
  const now = engine.instant(Date.now());
  yield run(sql.upsert, habitId, date, after.status, after.value, body.notes ?? null, now, now);
  const row = yield get(sql.streak, habitId);
  const schedule = scheduleOf(habit);
  let state = null;
  if (row) {
    const stored = {
      current: row.current,
      currentStart: row.current_start,
      currentEnd: row.current_end,
      longest: row.longest,
      longestEnd: row.longest_end,
      lastCompletionDate: row.last_completion_date,
      asOf: row.as_of,
      score: row.score,
      previousScore: row.previous_score,
    };
    const streak = updateStreakIncrementally({ schedule, state: stored, change: { date, before, after }, today });
    const score =
      streak &&
      updateScoreIncrementally({ schedule, state: stored, asOf: stored.asOf, change: { date, after }, today });
    if (streak && score) state = { ...streak, ...score };
  }
  yield saveStreak(habitId, state ?? (yield* fullState(habit, today, user.weekStart)));
  yield* markDirty(user, habit, date, date, today);
  return { habitId, date, ...after, notes: body.notes ?? null, created: !before };
}

function* batch(userId, items) {
  const { user, today } = yield* calendarOf(userId);
  const habits = new Map();
  const ids = [...new Set(items.map((item) => item.habitId))].sort((a, b) => a - b);
  for (const id of ids) habits.set(id, yield* ownedHabit(userId, id, engine.lockClause));
  for (const item of items) if (item.date > today) throw new HttpError(422, 'date is after today');
  const now = engine.instant(Date.now());
  let created = 0;
  for (const item of items) {
    if (!(yield get(sql.day, item.habitId, item.date))) created++;
    yield run(
      sql.upsert,
      item.habitId,
      item.date,
      item.status ?? 'done',
      item.value ?? 1,
      item.notes ?? null,
      now,
      now,
    );
  }
  for (const habit of habits.values()) {
    yield saveStreak(habit.id, yield* fullState(habit, today, user.weekStart));
    const dates = items
      .filter((item) => item.habitId === habit.id)
      .map((item) => item.date)
      .sort();
    yield* markDirty(user, habit, dates[0], dates.at(-1), today);
  }
  return { created, updated: items.length - created };
}

function* listHabits(userId) {
  const { user, today } = yield* calendarOf(userId);
  const items = [];
  for (const row of yield all(sql.list, userId, engine.no)) {
    const state =
      row.as_of === today ? row : { ...row, ...(yield* fullState(scheduleRow(row), today, user.weekStart)) };
    items.push({
      id: row.id,
      name: row.name,
      description: row.description,
      category: row.category,
      color: row.color,
      type: row.type,
      goalType: row.goal_type,
      timesPerPeriod: row.times_per_period,
      periodDays: row.goal_type === 'custom' ? row.period_days : null,
      targetValue: row.target_value,
      targetType: row.target_type,
      unit: row.unit,
      position: row.position,
      archived: Boolean(row.archived),
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      streak: {
        current: state.current,
        longest: state.longest,
        lastCompletionDate: state.last_completion_date ?? state.lastCompletionDate,
      },
      score: roundScore(state.score),
    });
  }
  return { items, total: items.length };
}

function* rawHabits(userId) {
  return { items: yield all(sql.list, userId, engine.no) };
}

function* habitHistory(userId, habitId) {
  const habit = yield* ownedHabit(userId, habitId);
  const { user, today } = yield* calendarOf(userId);
  const completions = yield all(sql.records, habitId);
  const createdOn = logicalToday({
    now: new Date(habit.createdAt),
    timeZone: user.timezone,
    dayStartMinutes: user.dayStartMinutes,
  });
  return {
    schedule: scheduleOf(habit),
    completions,
    today,
    weekStart: user.weekStart,
    start: habitStart(createdOn, completions),
  };
}

function* scores(userId, habitId, from, to) {
  const history = yield* habitHistory(userId, habitId);
  return { items: scoreSeries({ ...history, from, to: to ?? history.today }) };
}

function* stats(userId, habitId) {
  const history = yield* habitHistory(userId, habitId);
  const from = history.start > addDays(history.today, -3659) ? history.start : addDays(history.today, -3659);
  return habitStats({ ...history, from, to: history.today });
}

function* heatmap(userId, from) {
  const { user, today } = yield* calendarOf(userId);
  const yesterday = addDays(today, -1);
  const live = new Set([today]);
  for (const mark of yield all(sql.marks, userId, yesterday, from)) {
    for (let day = mark.date ?? from; day <= (mark.until ?? yesterday) && day <= yesterday; day = addDays(day, 1))
      if (day >= from) live.add(day);
  }
  if (user.snapshotsThrough === null) throw new HttpError(503, 'the baseline reads snapshots only');
  for (let day = addDays(user.snapshotsThrough, 1); day <= yesterday; day = addDays(day, 1)) live.add(day);
  const days = (yield all(sql.snapshots, userId, from, yesterday)).filter((day) => !live.has(day.date));
  const first = [...live].sort()[0];
  const habits = [];
  for (const habit of yield all(sql.analyticsHabits, userId, engine.no)) {
    const schedule = scheduleOf(habit);
    const reach = dependencyDays(schedule) + 2 * schedule.periodDays + 7;
    const created = logicalToday({
      now: new Date(habit.createdAt),
      timeZone: user.timezone,
      dayStartMinutes: user.dayStartMinutes,
    });
    habits.push({
      schedule,
      category: habit.category,
      start: habit.first && habit.first < created ? habit.first : created,
      completions: yield all(sql.window, habit.id, addDays(first, -reach), addDays(today, reach)),
    });
  }
  days.push(
    ...dailyAggregates({ habits, from: first, to: today, today, weekStart: user.weekStart }).filter((day) =>
      live.has(day.date),
    ),
  );
  return { items: heatmapFromAggregates(days, from, today) };
}

async function route(request, url) {
  const userId = userIdOf(request);
  const path = url.pathname;
  let match;
  const body = async () => JSON.parse(Buffer.concat(await Array.fromAsync(request)).toString() || '{}');
  if (request.method === 'GET' && path === '/api/v1/habits') return [200, await engine.read(listHabits(userId))];
  // The floor for the list: the same habit and streak rows joined and sent as they come, nothing computed.
  if (request.method === 'GET' && path === '/raw/habits') return [200, await engine.read(rawHabits(userId))];
  if (request.method === 'POST' && path === '/api/v1/completions/batch')
    return [200, await engine.write(batch(userId, (await body()).items))];
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/completions$/)) && request.method === 'POST') {
    const input = await body();
    const date = input.date ?? (await engine.read(calendarOf(userId))).today;
    const { created, ...day } = await engine.write(writeDay(userId, Number(match[1]), date, input, true));
    return [created ? 201 : 200, day];
  }
  if (
    (match = path.match(/^\/api\/v1\/habits\/(\d+)\/completions\/(\d{4}-\d{2}-\d{2})$/)) &&
    request.method === 'PUT'
  ) {
    const { created, ...day } = await engine.write(writeDay(userId, Number(match[1]), match[2], await body(), false));
    return [created ? 201 : 200, day];
  }
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/scores$/)) && request.method === 'GET') {
    const { searchParams } = url;
    return [200, await engine.read(scores(userId, Number(match[1]), searchParams.get('from'), searchParams.get('to')))];
  }
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/stats$/)) && request.method === 'GET')
    return [200, await engine.read(stats(userId, Number(match[1])))];
  if (request.method === 'GET' && path === '/api/v1/analytics/heatmap')
    return [200, await engine.read(heatmap(userId, url.searchParams.get('from')))];
  throw new HttpError(404, 'not found');
}

createServer(async (request, response) => {
  let status;
  let payload;
  try {
    [status, payload] = await route(request, new URL(request.url, 'http://baseline'));
  } catch (error) {
    status = error instanceof HttpError ? error.status : 500;
    payload = { statusCode: status, message: error.message };
  }
  const json = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}).listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
