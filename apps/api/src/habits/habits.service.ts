import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { validateHabitDefinition, roundScore, type HabitDefinitionInput, type IsoDate } from '@streakforge/core';
import {
  Completion,
  EntityManager,
  Habit,
  User,
  lockHabits,
  logicalTodayOf,
  markAllDirty,
  habitWithCalendar,
  recomputeStreak,
  userCalendar,
  scheduleOf,
  streakStatesOn,
  type HabitWithCalendar,
  type StoredStreakState,
  type UserCalendar,
} from '@streakforge/db';
import { Clock, activeHabitStreaks, assignChanges, isStreakRowCurrent, listHabitsWithStreaks } from '@streakforge/db';
import { assertWithinAccountLimits } from '../common/account-limits.js';
import { typeChangeProblem } from '../common/day-record.js';
import { sentFields } from '../common/dto.js';
import { fieldErrors } from '../common/error-body.js';
import {
  toHabitResponse,
  type CreateHabitDto,
  type HabitListResponse,
  type HabitResponse,
  type ListHabitsQuery,
  type UpdateHabitDto,
} from './habits.dto.js';

function checkedSchedule(input: HabitDefinitionInput) {
  const result = validateHabitDefinition(input);
  if (!result.ok) throw new BadRequestException(fieldErrors(result.problems));
  return result.schedule;
}

/**
 * The schedule a PATCH asks for: sent fields over the stored ones, where stored fields that stop applying (a
 * period length after leaving a custom goal, a target after leaving numeric) are dropped rather than rejected.
 */
function mergedDefinition(habit: Habit, changes: Partial<UpdateHabitDto>): HabitDefinitionInput {
  const type = changes.type ?? habit.type;
  const goalType = changes.goalType ?? habit.goalType;
  const sameKind = type === habit.type && goalType === habit.goalType;
  const numeric = type === 'numeric';
  return {
    type,
    goalType,
    timesPerPeriod: 'timesPerPeriod' in changes ? changes.timesPerPeriod : sameKind ? habit.timesPerPeriod : undefined,
    periodDays:
      'periodDays' in changes
        ? changes.periodDays
        : goalType === 'custom' && habit.goalType === 'custom'
          ? habit.periodDays
          : undefined,
    targetValue:
      'targetValue' in changes
        ? changes.targetValue
        : numeric && habit.type === 'numeric'
          ? Number(habit.targetValue)
          : undefined,
    targetType: changes.targetType ?? (numeric ? habit.targetType : undefined),
    unit: 'unit' in changes ? changes.unit : numeric ? habit.unit : undefined,
  };
}

@Injectable()
export class HabitsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** A habit of the user, or 404 whether it does not exist or belongs to someone else. */
  async findOwned(userId: number, habitId: number, em: EntityManager = this.em): Promise<Habit> {
    const habit = await em.findOne(Habit, { id: habitId, user: userId });
    if (!habit) throw new NotFoundException('habit not found');
    return habit;
  }

  /**
   * {@link findOwned} for a transaction that will change the habit's days, streak or analytics: the habit's row is
   * locked first (see `lockHabits`), so concurrent writes to one habit take turns on every engine.
   */
  async lockOwned(userId: number, habitId: number, em: EntityManager): Promise<Habit> {
    await lockHabits(em, [habitId]);
    return this.findOwned(userId, habitId, em);
  }

  /** A habit of the user as a plain row, with its owner's calendar and logical today, or a 404. */
  async ownedWithCalendar(
    userId: number,
    habitId: number,
    em: EntityManager = this.em,
  ): Promise<{ habit: HabitWithCalendar; user: UserCalendar; today: IsoDate; weekStart: number; now: Date }> {
    const habit = await habitWithCalendar(em, userId, habitId);
    if (!habit) throw new NotFoundException('habit not found');
    const now = this.clock.now();
    const user = habit.owner;
    return { habit, user, today: logicalTodayOf(user, now), weekStart: user.weekStart, now };
  }

  /** {@link ownedWithCalendar} for a transaction that changes the habit's days, after its lock (see `lockOwned`). */
  async lockForDayWrite(userId: number, habitId: number, em: EntityManager) {
    await lockHabits(em, [habitId]);
    return this.ownedWithCalendar(userId, habitId, em);
  }

  /** The user's logical today and week start, from a plain row: what a read needs of the user. */
  async todayOf(
    userId: number,
    em: EntityManager = this.em,
  ): Promise<{ user: UserCalendar; today: IsoDate; weekStart: number }> {
    const user = await userCalendar(em, userId);
    if (!user) throw new NotFoundException('user not found');
    return { user, today: logicalTodayOf(user, this.clock.now()), weekStart: user.weekStart };
  }

  /** The user, their logical today and week start: the calendar every figure is computed in. */
  async calendarOf(
    userId: number,
    em: EntityManager = this.em,
  ): Promise<{ user: User; today: IsoDate; weekStart: number; now: Date }> {
    const user = await em.findOneOrFail(User, userId);
    const now = this.clock.now();
    return { user, today: logicalTodayOf(user, now), weekStart: user.weekStart, now };
  }

  async create(userId: number, input: CreateHabitDto): Promise<HabitResponse> {
    const schedule = checkedSchedule(input);
    return this.em.transactional(async (em) => {
      const { user, ...calendar } = await this.calendarOf(userId, em);
      const position = input.position ?? (await this.nextPosition(em, userId));
      const { now } = calendar;
      const habit = em.create(Habit, {
        ...schedule,
        createdAt: now,
        updatedAt: now,
        user,
        name: input.name,
        question: input.question ?? null,
        description: input.description ?? null,
        category: input.category ?? null,
        color: input.color ?? null,
        unit: schedule.type === 'numeric' ? (input.unit ?? null) : null,
        position,
      });
      await assertWithinAccountLimits(em, userId);
      return toHabitResponse(habit, progressView(await recomputeStreak(em, { habit, ...calendar })));
    });
  }

  async list(userId: number, query: ListHabitsQuery): Promise<HabitListResponse> {
    const { today, weekStart } = await this.todayOf(userId);
    const rows = await listHabitsWithStreaks(this.em, userId, {
      archived: query.archived ?? 'false',
      category: query.category,
    });
    const live = await streakStatesOn(
      this.em,
      rows.filter((row) => !isStreakRowCurrent(row.asOf, today)),
      { today, weekStart },
    );
    const items = rows.map((row) => toHabitResponse(row, progressView(live.get(row.id) ?? row)));
    return { items, total: items.length };
  }

  /**
   * Every active habit's current streak, light enough for a summary over a thousand habits: plain rows where the
   * stored streak is as of today, entities and a live computation only for the stale ones.
   */
  async currentStreaks(
    userId: number,
  ): Promise<{ id: number; name: string; category: string | null; current: number }[]> {
    const { today, weekStart } = await this.todayOf(userId);
    const rows = await activeHabitStreaks(this.em, userId);
    const stale = rows.filter((row) => !isStreakRowCurrent(row.asOf, today)).map((row) => row.id);
    const live = stale.length
      ? await streakStatesOn(this.em, await this.em.find(Habit, { id: { $in: stale } }), { today, weekStart })
      : new Map();
    return rows.map(({ asOf, ...row }) => ({
      ...row,
      current: isStreakRowCurrent(asOf, today) ? row.current! : live.get(row.id)!.current,
    }));
  }

  async get(userId: number, habitId: number): Promise<HabitResponse> {
    const habit = await this.findOwned(userId, habitId);
    const { today, weekStart } = await this.todayOf(userId);
    const states = await streakStatesOn(this.em, [habit], { today, weekStart });
    return toHabitResponse(habit, progressView(states.get(habit.id)!));
  }

  async update(userId: number, habitId: number, input: UpdateHabitDto): Promise<HabitResponse> {
    const changes = sentFields(input);
    return this.em.transactional(async (em) => {
      const habit = await this.lockOwned(userId, habitId, em);
      const calendar = await this.calendarOf(userId, em);
      const schedule = checkedSchedule(mergedDefinition(habit, changes));
      const typeProblem = typeChangeProblem(
        habit.type,
        schedule.type,
        schedule.type === habit.type ? 0 : await em.count(Completion, { habit, status: 'done' }),
      );
      if (typeProblem) throw new UnprocessableEntityException(fieldErrors([typeProblem]));
      const before = JSON.stringify(scheduleOf(habit));
      const analyticsBefore = JSON.stringify([habit.category, habit.archived]);
      assignChanges(
        em,
        habit,
        {
          ...changes,
          ...schedule,
          unit: schedule.type === 'numeric' ? ('unit' in changes ? changes.unit : habit.unit) : null,
        },
        calendar.now,
      );
      if ('category' in changes) await assertWithinAccountLimits(em, userId);
      const { today, weekStart } = calendar;
      const scheduleChanged = JSON.stringify(scheduleOf(habit)) !== before;
      if (scheduleChanged) await recomputeStreak(em, { habit, ...calendar });
      if (scheduleChanged || JSON.stringify([habit.category, habit.archived]) !== analyticsBefore)
        await markAllDirty(em, userId);
      const states = await streakStatesOn(em, [habit], { today, weekStart });
      return toHabitResponse(habit, progressView(states.get(habit.id)!));
    });
  }

  async remove(userId: number, habitId: number): Promise<void> {
    await this.em.transactional(async (em) => {
      const deleted = await em.nativeDelete(Habit, { id: habitId, user: userId });
      if (deleted === 0) throw new NotFoundException('habit not found');
      await markAllDirty(em, userId);
    });
  }

  private async nextPosition(em: EntityManager, userId: number): Promise<number> {
    const last = await em.findOne(Habit, { user: userId }, { orderBy: { position: 'desc' }, fields: ['position'] });
    return last ? last.position + 1 : 0;
  }
}

type StreakView = Pick<StoredStreakState, 'current' | 'longest' | 'lastCompletionDate' | 'score'>;

function progressView(state: StreakView): Pick<HabitResponse, 'streak' | 'score'> {
  return {
    streak: { current: state.current, longest: state.longest, lastCompletionDate: state.lastCompletionDate },
    score: roundScore(state.score),
  };
}
