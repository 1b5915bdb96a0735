import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  MAX_AMOUNT,
  addDays,
  dayNumber,
  qualifyingInRange,
  recordsWindow,
  type DayRecord,
  type IsoDate,
} from '@streakforge/core';
import {
  Completion,
  EntityManager,
  Habit,
  applyDayChange,
  loadCompletionRecords,
  lockHabits,
  markRecordsChanged,
  readDayRows,
  scheduleOf,
  type CompletionDayRow,
  type HabitWithCalendar,
  recomputeStreak,
  recordedDayKeys,
  storedDay,
  upsertCompletionDays,
} from '@streakforge/db';
import {
  checkDays,
  isAmount,
  isFieldError,
  normalizeDay,
  sameDay,
  type DayEntry,
  type DayInput,
  type NormalizedDay,
} from '../common/day-record.js';
import { MAX_LIMIT, lastDays, notAfterToday, resolveRange, type DateRangeQuery } from '../common/dto.js';
import { fieldErrors, type FieldError } from '../common/error-body.js';
import { HabitsService } from '../habits/habits.service.js';
import {
  toCompletionResponse,
  type BatchBody,
  type BatchResponse,
  type CompletionBody,
  type CompletionListResponse,
  type CompletionRangeQuery,
  type CompletionResponse,
  type DaysResponse,
  type HabitDay,
  MAX_DAYS_RANGE,
} from './completions.dto.js';

/** A stored day as the write path reads it. */
type StoredDay = NormalizedDay & { date: IsoDate; createdAt: Date; updatedAt: Date };

const recordOf = (completion: Pick<Completion, 'status' | 'value'> | null): DayRecord =>
  completion ? { status: completion.status, value: Number(completion.value) } : null;

@Injectable()
export class CompletionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly habits: HabitsService,
  ) {}

  async create(userId: number, habitId: number, input: CompletionBody): Promise<CompletionResponse> {
    return this.writeDay(userId, habitId, input.date, (habit, existing, date) => {
      if (existing) {
        throw new ConflictException(
          fieldErrors([{ field: 'date', message: `${date} already has a completion; PUT replaces it` }]),
        );
      }
      return this.day(habit, input);
    }).then(({ response }) => response);
  }

  async put(
    userId: number,
    habitId: number,
    date: IsoDate,
    input: CompletionBody,
  ): Promise<{ response: CompletionResponse; created: boolean }> {
    if (input.date !== undefined && input.date !== date) {
      throw new BadRequestException(
        fieldErrors([{ field: 'date', message: 'the body date must match the date in the path' }]),
      );
    }
    return this.writeDay(userId, habitId, date, (habit) => this.day(habit, input));
  }

  async increment(userId: number, habitId: number, date: IsoDate, by = 1): Promise<CompletionResponse> {
    return this.writeDay(userId, habitId, date, (habit, existing) => {
      if (habit.type !== 'numeric') {
        throw new UnprocessableEntityException(
          fieldErrors([{ field: 'by', message: 'only numeric habits can be incremented' }]),
        );
      }
      const base = existing?.status === 'done' ? Number(existing.value) : 0;
      if (!isAmount(base + by)) {
        throw new UnprocessableEntityException(
          fieldErrors([{ field: 'by', message: `the day would hold ${base + by}; a day holds at most ${MAX_AMOUNT}` }]),
        );
      }
      return { status: 'done', value: base + by, notes: existing?.notes ?? null };
    }).then(({ response }) => response);
  }

  async remove(userId: number, habitId: number, date: IsoDate): Promise<void> {
    await this.em.transactional(async (em) => {
      const { habit, user, today, weekStart, now } = await this.habits.lockForDayWrite(userId, habitId, em);
      const existing = await em.findOne(Completion, { habit: habit.id, date });
      if (!existing) throw new NotFoundException(`no completion on ${date}`);
      const before = recordOf(existing);
      em.remove(existing);
      await applyDayChange(em, { habit, today, weekStart, now, date, before, after: null });
      await markRecordsChanged(em, { user, habit, first: date, last: date, today });
    });
  }

  /** One day's record, or a 404 when the day has none. */
  async get(userId: number, habitId: number, date: IsoDate): Promise<CompletionResponse> {
    const habit = await this.habits.findOwned(userId, habitId);
    const existing = await this.em.findOne(Completion, { habit, date });
    if (!existing) throw new NotFoundException(`no completion on ${date}`);
    return toCompletionResponse(existing, habit.id);
  }

  /** A page of the habit's days, newest first; `nextCursor` continues with older ones. */
  async list(userId: number, habitId: number, query: CompletionRangeQuery): Promise<CompletionListResponse> {
    if (query.from && query.to && query.from > query.to) {
      throw new BadRequestException(fieldErrors([{ field: 'from', message: 'from must not be after to' }]));
    }
    const habit = await this.habits.findOwned(userId, habitId);
    const limit = query.limit ?? MAX_LIMIT;
    const date = {
      ...(query.from ? { $gte: query.from } : {}),
      ...(query.to ? { $lte: query.to } : {}),
      ...(query.cursor ? { $lt: query.cursor } : {}),
    };
    const rows = await this.em.find(
      Completion,
      { habit, ...(Object.keys(date).length ? { date } : {}) },
      { orderBy: { date: 'desc' }, limit: limit + 1 },
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => toCompletionResponse(row, habit.id)),
      nextCursor: rows.length > limit ? page.at(-1)!.date : null,
    };
  }

  /**
   * The last days of every active habit in one read, for a client's main list: each day with a record or that
   * qualifies, and whether it does (a day a met week or an N-per-M interval covers qualifies without a record).
   */
  async days(userId: number, query: DateRangeQuery): Promise<DaysResponse> {
    const { today, weekStart } = await this.habits.todayOf(userId);
    const { from, to } = resolveRange(notAfterToday(query, today), { to: today, from: lastDays(7) }, MAX_DAYS_RANGE);
    const habits = await this.em.find(
      Habit,
      { user: userId, archived: false },
      { orderBy: { position: 'asc', id: 'asc' } },
    );
    const ids = habits.map((habit) => habit.id);
    const windows = habits.map((habit) => recordsWindow(scheduleOf(habit), from, today));
    const window = {
      from: windows.reduce((min, w) => (w.from < min ? w.from : min), from),
      to: windows.reduce((max, w) => (w.to > max ? w.to : max), today),
    };
    const records = await loadCompletionRecords(this.em, ids, window);
    const recorded = new Map<string, CompletionDayRow>();
    for (const row of await readDayRows(this.em, ids, { from, to })) recorded.set(`${row.habitId}:${row.date}`, row);
    const dates = Array.from({ length: dayNumber(to) - dayNumber(from) + 1 }, (_, i) => addDays(from, i));
    return {
      from,
      to,
      items: habits.map((habit) => {
        // Qualification as of today: later days can complete a week or an interval that covers these.
        const flags = qualifyingInRange({
          schedule: scheduleOf(habit),
          completions: records.get(habit.id) ?? [],
          from,
          to: today,
          today,
          weekStart,
        });
        const days: HabitDay[] = [];
        for (const [i, date] of dates.entries()) {
          const row = recorded.get(`${habit.id}:${date}`);
          const qualifies = flags[i] === 1;
          if (!row && !qualifies) continue;
          days.push({
            date,
            status: row?.status ?? null,
            value: row?.value ?? 0,
            notes: row?.notes ?? null,
            qualifies,
          });
        }
        return { habitId: habit.id, days };
      }),
    };
  }

  /** Upserts up to 1,000 days across the user's habits in one transaction: all of them or none. */
  async batch(userId: number, { items }: BatchBody): Promise<BatchResponse> {
    return this.em.transactional(async (em) => {
      const habitIds = [...new Set(items.map((item) => item.habitId))];
      await lockHabits(em, habitIds);
      const habits = new Map(
        (await em.find(Habit, { id: { $in: habitIds }, user: userId })).map((habit) => [habit.id, habit]),
      );
      const { user, today, weekStart, now } = await this.habits.calendarOf(userId, em);

      const notFound: FieldError[] = [];
      const entries: DayEntry<Habit>[] = [];
      items.forEach((item, i) => {
        const habit = habits.get(item.habitId);
        if (!habit) notFound.push({ field: `items.${i}.habitId`, message: 'habit not found' });
        else {
          const fields = { date: `items.${i}.date`, value: `items.${i}.value`, notes: `items.${i}.notes` };
          entries.push({ habit, habitKey: habit.id, date: item.date, input: item, fields });
        }
      });
      const { days, invalid, future } = checkDays(entries, today);
      if (notFound.length) throw new NotFoundException(fieldErrors(notFound));
      if (invalid.length) throw new BadRequestException(fieldErrors(invalid));
      if (future.length) throw new UnprocessableEntityException(fieldErrors(future));

      // Plain rows and multi-row upserts: a thousand entities per request made bulk loads slow and memory-hungry.
      const ids = [...habits.keys()];
      const dates = [...new Set(items.map((item) => item.date))];
      const stored = await recordedDayKeys(em, ids, dates);
      const created = items.filter((item) => !stored.has(`${item.habitId}:${item.date}`)).length;
      await upsertCompletionDays(
        em,
        entries.map((entry, i) => ({ habitId: entry.habit.id, date: entry.date, ...days[i]! })),
        now,
      );
      for (const habit of habits.values()) {
        await recomputeStreak(em, { habit, today, weekStart, now });
        const written = items
          .filter((item) => item.habitId === habit.id)
          .map((item) => item.date)
          .sort();
        await markRecordsChanged(em, { user, habit, first: written[0]!, last: written.at(-1)!, today });
      }
      return { created, updated: items.length - created };
    });
  }

  private day(habit: Pick<Habit, 'type'>, input: DayInput): NormalizedDay {
    const day = normalizeDay(habit, input);
    if (isFieldError(day)) throw new BadRequestException(fieldErrors([day]));
    return day;
  }

  /**
   * One day's write and its streak update in one transaction: `decide` sees the habit and the day's current row and
   * returns the new record. The date defaults to the user's logical today and may not be after it. The day is read
   * and written as a plain row, like the streak: entities cost more than the SQL on this, the busiest path.
   */
  private async writeDay(
    userId: number,
    habitId: number,
    requestedDate: IsoDate | undefined,
    decide: (habit: HabitWithCalendar, existing: StoredDay | null, date: IsoDate) => NormalizedDay,
  ): Promise<{ response: CompletionResponse; created: boolean }> {
    return this.em.transactional(async (em) => {
      const { habit, user, today, weekStart, now } = await this.habits.lockForDayWrite(userId, habitId, em);
      const date = requestedDate ?? today;
      if (date > today) {
        throw new UnprocessableEntityException(
          fieldErrors([{ field: 'date', message: `date is after your logical today (${today})` }]),
        );
      }
      const existing = await storedDay(em, habit.id, date);
      const next = decide(habit, existing, date);
      // A repeated write (a client retrying its PUT) changes nothing, so it writes nothing: no row, streak or mark.
      if (existing && sameDay(existing, next))
        return { response: toCompletionResponse(existing, habit.id), created: false };
      await upsertCompletionDays(em, [{ habitId: habit.id, date, ...next }], now);
      await applyDayChange(em, {
        habit,
        today,
        weekStart,
        now,
        date,
        before: recordOf(existing),
        after: { status: next.status, value: next.value },
      });
      await markRecordsChanged(em, { user, habit, first: date, last: date, today });
      const written = { date, ...next, createdAt: existing?.createdAt ?? now, updatedAt: now };
      return { response: toCompletionResponse(written, habit.id), created: !existing };
    });
  }
}
