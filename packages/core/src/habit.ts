import type { IsoDate } from './days.js';

export type HabitType = 'boolean' | 'numeric';
export type GoalType = 'daily' | 'weekly' | 'custom';
export type TargetType = 'at_least' | 'at_most';
/**
 * What a day's record says: `done`; `skipped` (excused); `missed` ("I did not do it", a note optional); `unmarked`
 * (a note on a day that holds no mark). Only `done` counts as done and only `skipped` excuses a day; `missed` and
 * `unmarked` count as not done everywhere, like a day without a record, but they hold the day's note.
 */
export const COMPLETION_STATUSES = ['done', 'skipped', 'missed', 'unmarked'] as const;
export type CompletionStatus = (typeof COMPLETION_STATUSES)[number];

/** What decides which days qualify and how the score moves. */
export interface HabitSchedule {
  type: HabitType;
  goalType: GoalType;
  /** N: times per period (boolean); 1 for numeric habits. */
  timesPerPeriod: number;
  /** M: days per rolling period (custom only; 1 for daily, 7 for weekly). */
  periodDays: number;
  /** Amount per period for numeric habits; null for boolean habits. */
  targetValue: number | null;
  targetType: TargetType;
}

export interface CompletionRecord {
  date: IsoDate;
  status: CompletionStatus;
  value: number;
}

export interface HabitDefinitionInput {
  type?: HabitType | undefined;
  goalType?: GoalType | undefined;
  timesPerPeriod?: number | null | undefined;
  periodDays?: number | null | undefined;
  targetValue?: number | null | undefined;
  targetType?: TargetType | undefined;
  unit?: string | null | undefined;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export type HabitDefinitionResult = { ok: true; schedule: HabitSchedule } | { ok: false; problems: FieldProblem[] };

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/**
 * Checks a habit's schedule fields together and fills in what each goal type implies (daily: 1 per 1 day;
 * weekly: N per 7; custom: N per M; numeric: N = 1 and a target). The API's 400 details come from here.
 */
export function validateHabitDefinition(input: HabitDefinitionInput): HabitDefinitionResult {
  const problems: FieldProblem[] = [];
  const type = input.type ?? 'boolean';
  const goalType = input.goalType ?? 'daily';
  const targetType = input.targetType ?? 'at_least';
  let timesPerPeriod = input.timesPerPeriod ?? 1;
  let periodDays = input.periodDays ?? 1;

  if (goalType !== 'custom' && input.periodDays != null) {
    problems.push({ field: 'periodDays', message: 'periodDays applies only to custom goals' });
  }
  if (goalType === 'daily') {
    if (input.timesPerPeriod != null && input.timesPerPeriod !== 1) {
      problems.push({ field: 'timesPerPeriod', message: 'a daily goal is once per day; use a custom goal for more' });
    }
    timesPerPeriod = 1;
    periodDays = 1;
  } else if (goalType === 'weekly') {
    periodDays = 7;
    if (!isPositiveInteger(timesPerPeriod) || timesPerPeriod > 7) {
      problems.push({ field: 'timesPerPeriod', message: 'a weekly goal needs timesPerPeriod from 1 to 7' });
    }
  } else {
    if (input.periodDays == null) {
      problems.push({ field: 'periodDays', message: 'a custom goal needs periodDays (1 to 365)' });
    } else if (!isPositiveInteger(periodDays) || periodDays > 365) {
      problems.push({ field: 'periodDays', message: 'periodDays must be an integer from 1 to 365' });
    }
    if (!isPositiveInteger(timesPerPeriod) || timesPerPeriod > 365) {
      problems.push({ field: 'timesPerPeriod', message: 'timesPerPeriod must be an integer from 1 to 365' });
    } else if (input.periodDays != null && isPositiveInteger(periodDays) && timesPerPeriod > periodDays) {
      problems.push({ field: 'timesPerPeriod', message: 'timesPerPeriod cannot exceed periodDays' });
    }
  }

  let targetValue: number | null = null;
  if (type === 'numeric') {
    if (input.timesPerPeriod != null && input.timesPerPeriod !== 1) {
      problems.push({
        field: 'timesPerPeriod',
        message: 'numeric habits count an amount per period; timesPerPeriod must be 1',
      });
    }
    timesPerPeriod = 1;
    const target = input.targetValue;
    if (target == null) {
      problems.push({ field: 'targetValue', message: 'a numeric habit needs a targetValue' });
    } else if (!Number.isFinite(target) || target < 0 || (targetType === 'at_least' && target === 0)) {
      problems.push({
        field: 'targetValue',
        message: targetType === 'at_least' ? 'targetValue must be greater than 0' : 'targetValue must be 0 or more',
      });
    } else {
      targetValue = target;
    }
  } else {
    if (input.targetValue != null) {
      problems.push({ field: 'targetValue', message: 'targetValue applies only to numeric habits' });
    }
    if (input.unit != null && input.unit !== '') {
      problems.push({ field: 'unit', message: 'unit applies only to numeric habits' });
    }
    if (input.targetType === 'at_most') {
      problems.push({ field: 'targetType', message: 'targetType applies only to numeric habits' });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, schedule: { type, goalType, timesPerPeriod, periodDays, targetValue, targetType } };
}

/** The (N, M) frequency of a schedule: N times per M days. */
export function frequencyOf(schedule: HabitSchedule): { n: number; m: number } {
  switch (schedule.goalType) {
    case 'daily':
      return { n: 1, m: 1 };
    case 'weekly':
      return { n: schedule.type === 'numeric' ? 1 : schedule.timesPerPeriod, m: 7 };
    case 'custom':
      return { n: schedule.type === 'numeric' ? 1 : schedule.timesPerPeriod, m: schedule.periodDays };
  }
}
