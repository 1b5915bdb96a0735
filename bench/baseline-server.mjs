// The raw baseline: the API's database work for the benchmarked routes, done with better-sqlite3 directly behind a
// bare node:http server (no framework, no ORM, no validation library). The habit logic is the same core package, so
// the ratio to this server is the cost of everything the API adds around it. Minimal on purpose: it trusts its input
// beyond what the database work needs, and it answers only the benchmarked routes.
// Usage: node baseline-server.mjs <database> <port>   (JWT_SECRET from the environment, as for the API)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
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

const [databasePath, port] = process.argv.slice(2);
const secret = process.env.JWT_SECRET;
const db = new Database(databasePath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');

const statements = {
  user: db.prepare(
    'select id, timezone, day_start_minutes as dayStartMinutes, week_start as weekStart, snapshots_through as snapshotsThrough from users where id = ?',
  ),
  habit: db.prepare(
    `select id, type, goal_type as goalType, times_per_period as timesPerPeriod, period_days as periodDays, target_value as targetValue,
            target_type as targetType, created_at as createdAt from habits where id = ? and user_id = ?`,
  ),
  list: db.prepare(
    `select h.*, s.current, s.longest, s.last_completion_date, s.as_of, s.score from habits h left join streaks s on s.habit_id = h.id
     where h.user_id = ? and h.archived = 0 order by h.position, h.id`,
  ),
  day: db.prepare('select status, value from habit_completions where habit_id = ? and completion_date = ?'),
  insert: db.prepare(
    'insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  ),
  upsert: db.prepare(
    `insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (habit_id, completion_date) do update set status = excluded.status, value = excluded.value, notes = excluded.notes, updated_at = excluded.updated_at`,
  ),
  records: db.prepare(
    'select completion_date as date, status, value from habit_completions where habit_id = ? order by completion_date',
  ),
  streak: db.prepare('select * from streaks where habit_id = ?'),
  saveStreak: db.prepare(
    `insert into streaks (habit_id, current, current_start, current_end, longest, longest_end, last_completion_date, as_of, score, previous_score, created_at, updated_at)
     values (@habitId, @current, @currentStart, @currentEnd, @longest, @longestEnd, @lastCompletionDate, @asOf, @score, @previousScore, @now, @now)
     on conflict (habit_id) do update set current = excluded.current, current_start = excluded.current_start, current_end = excluded.current_end,
       longest = excluded.longest, longest_end = excluded.longest_end, last_completion_date = excluded.last_completion_date,
       as_of = excluded.as_of, score = excluded.score, previous_score = excluded.previous_score, updated_at = excluded.updated_at`,
  ),
  dirty: db.prepare('insert into analytics_dirty (user_id, date, until_date) values (?, ?, ?)'),
  marks: db.prepare(
    'select date, coalesce(until_date, date) as until from analytics_dirty where user_id = ? and (date is null or (date <= ? and coalesce(until_date, date) >= ?))',
  ),
  snapshots: db.prepare(
    `select date, category, active, qualifying, considered, considered_qualifying as consideredQualifying, done_days as doneDays
     from daily_snapshots where user_id = ? and date between ? and ?`,
  ),
  analyticsHabits: db.prepare(
    `select h.id, h.type, h.goal_type as goalType, h.times_per_period as timesPerPeriod, h.period_days as periodDays, h.target_value as targetValue,
            h.target_type as targetType, h.category, h.created_at as createdAt,
            (select c.completion_date from habit_completions c where c.habit_id = h.id order by c.completion_date limit 1) as first
     from habits h where h.user_id = ? and h.archived = 0`,
  ),
  window: db.prepare(
    'select completion_date as date, status, value from habit_completions where habit_id = ? and completion_date between ? and ? order by completion_date',
  ),
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
const calendarOf = (userId) => {
  const user = statements.user.get(userId);
  return {
    user,
    today: logicalToday({ now: new Date(), timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes }),
  };
};
const ownedHabit = (userId, habitId) => {
  const habit = statements.habit.get(habitId, userId);
  if (!habit) throw new HttpError(404, 'habit not found');
  return habit;
};
const fullState = (habit, today, weekStart) => {
  const input = { schedule: scheduleOf(habit), completions: statements.records.all(habit.id), today, weekStart };
  return { ...streakSummary(input), ...scoreStateOn({ ...input, date: today }) };
};
const saveStreak = (habitId, state) => statements.saveStreak.run({ habitId, ...state, now: Date.now() });
const markDirty = (user, habit, first, last, today) => {
  const { from } = affectedDays(scheduleOf(habit), first, user.weekStart);
  const { to } = affectedDays(scheduleOf(habit), last, user.weekStart);
  const yesterday = addDays(today, -1);
  if (from <= yesterday) statements.dirty.run(user.id, from, to < yesterday ? to : yesterday);
};

const writeDay = db.transaction((userId, habitId, date, body, mustBeNew) => {
  const habit = ownedHabit(userId, habitId);
  const { user, today } = calendarOf(userId);
  if (date > today) throw new HttpError(422, 'date is after today');
  const before = statements.day.get(habitId, date) ?? null;
  if (before && mustBeNew) throw new HttpError(409, 'already recorded');
  const after = { status: body.status ?? 'done', value: body.value ?? 1 };
  const now = Date.now();
  statements.upsert.run(habitId, date, after.status, after.value, body.notes ?? null, now, now);
  const row = statements.streak.get(habitId);
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
  saveStreak(habitId, state ?? fullState(habit, today, user.weekStart));
  markDirty(user, habit, date, date, today);
  return { habitId, date, ...after, notes: body.notes ?? null, created: !before };
});

const batch = db.transaction((userId, items) => {
  const { user, today } = calendarOf(userId);
  const habits = new Map();
  for (const item of items) {
    if (!habits.has(item.habitId)) habits.set(item.habitId, ownedHabit(userId, item.habitId));
    if (item.date > today) throw new HttpError(422, 'date is after today');
  }
  const now = Date.now();
  let created = 0;
  for (const item of items) {
    if (!statements.day.get(item.habitId, item.date)) created++;
    statements.upsert.run(
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
    saveStreak(habit.id, fullState(habit, today, user.weekStart));
    const dates = items
      .filter((item) => item.habitId === habit.id)
      .map((item) => item.date)
      .sort();
    markDirty(user, habit, dates[0], dates.at(-1), today);
  }
  return { created, updated: items.length - created };
});

function listHabits(userId) {
  const { user, today } = calendarOf(userId);
  const items = statements.list.all(userId).map((row) => {
    const state = row.as_of === today ? row : { ...row, ...fullState(scheduleRow(row), today, user.weekStart) };
    return {
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
      archived: row.archived === 1,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      streak: {
        current: state.current,
        longest: state.longest,
        lastCompletionDate: state.last_completion_date ?? state.lastCompletionDate,
      },
      score: roundScore(state.score),
    };
  });
  return { items, total: items.length };
}

function habitHistory(userId, habitId) {
  const habit = ownedHabit(userId, habitId);
  const { user, today } = calendarOf(userId);
  const completions = statements.records.all(habitId);
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

function heatmap(userId, from) {
  const { user, today } = calendarOf(userId);
  const yesterday = addDays(today, -1);
  const live = new Set([today]);
  for (const mark of statements.marks.all(userId, yesterday, from)) {
    for (let day = mark.date ?? from; day <= (mark.until ?? yesterday) && day <= yesterday; day = addDays(day, 1))
      if (day >= from) live.add(day);
  }
  if (user.snapshotsThrough === null) throw new HttpError(503, 'the baseline reads snapshots only');
  for (let day = addDays(user.snapshotsThrough, 1); day <= yesterday; day = addDays(day, 1)) live.add(day);
  const days = statements.snapshots.all(userId, from, yesterday).filter((day) => !live.has(day.date));
  const first = [...live].sort()[0];
  const habits = statements.analyticsHabits.all(userId).map((habit) => {
    const schedule = scheduleOf(habit);
    const reach = dependencyDays(schedule) + 2 * schedule.periodDays + 7;
    const created = logicalToday({
      now: new Date(habit.createdAt),
      timeZone: user.timezone,
      dayStartMinutes: user.dayStartMinutes,
    });
    return {
      schedule,
      category: habit.category,
      start: habit.first && habit.first < created ? habit.first : created,
      completions: statements.window.all(habit.id, addDays(first, -reach), addDays(today, reach)),
    };
  });
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
  if (request.method === 'GET' && path === '/api/v1/habits') return [200, listHabits(userId)];
  // The floor for the list: the same habit and streak rows joined and sent as they come, nothing computed.
  if (request.method === 'GET' && path === '/raw/habits') return [200, { items: statements.list.all(userId) }];
  if (request.method === 'POST' && path === '/api/v1/completions/batch')
    return [200, batch(userId, (await body()).items)];
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/completions$/)) && request.method === 'POST') {
    const input = await body();
    const { created, ...day } = writeDay(userId, Number(match[1]), input.date ?? calendarOf(userId).today, input, true);
    return [created ? 201 : 200, day];
  }
  if (
    (match = path.match(/^\/api\/v1\/habits\/(\d+)\/completions\/(\d{4}-\d{2}-\d{2})$/)) &&
    request.method === 'PUT'
  ) {
    const { created, ...day } = writeDay(userId, Number(match[1]), match[2], await body(), false);
    return [created ? 201 : 200, day];
  }
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/scores$/)) && request.method === 'GET') {
    const history = habitHistory(userId, Number(match[1]));
    return [
      200,
      {
        items: scoreSeries({
          ...history,
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to') ?? history.today,
        }),
      },
    ];
  }
  if ((match = path.match(/^\/api\/v1\/habits\/(\d+)\/stats$/)) && request.method === 'GET') {
    const history = habitHistory(userId, Number(match[1]));
    return [
      200,
      habitStats({
        ...history,
        from: history.start > addDays(history.today, -3659) ? history.start : addDays(history.today, -3659),
        to: history.today,
      }),
    ];
  }
  if (request.method === 'GET' && path === '/api/v1/analytics/heatmap')
    return [200, heatmap(userId, url.searchParams.get('from'))];
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
