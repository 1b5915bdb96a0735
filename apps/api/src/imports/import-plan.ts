import type { CompletionStatus, GoalType, HabitType, IsoDate, TargetType } from '@streakforge/core';

/** A day to store, as an import brings it. */
export interface ImportedDay {
  date: IsoDate;
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

/** A habit's stored fields as an import sets them (the schedule is checked against docs/habit-semantics.md, "Habits and schedules"). */
export interface ImportedHabitFields {
  name: string;
  question: string | null;
  description: string | null;
  category: string | null;
  color: string | null;
  type: HabitType;
  goalType: GoalType;
  timesPerPeriod: number;
  periodDays: number | null;
  targetValue: number | null;
  targetType: TargetType;
  unit: string | null;
  archived: boolean;
  externalId: string | null;
}

/** One habit of an import: how to find it among the user's habits, what it holds, and its days. */
export interface ImportedHabit {
  /** Where it came from, for error details (`habits.3`, `Habits.csv line 4`). */
  where: string;
  /** Tried in order: the user's habit with this id, with this external id, with this name. */
  match: { id?: number; externalIds?: string[]; name?: string };
  fields: ImportedHabitFields;
  /** Kept for a new habit; a matched habit keeps its place. Defaults to after the user's last habit. */
  position?: number;
  /** Kept when given (a habit's start moves its completion rates); else the import time. */
  createdAt?: Date;
  days: ImportedDay[];
  /**
   * Where each day came from: the source's row numbers, parallel to `days`, after a common prefix
   * (`Checkmarks.csv line ` + 12); without it, the day's place in the habit's own document
   * (`habits.3.completions.7`). Either is made into text only for an error.
   */
  dayRows?: { where: string; rows: number[] };
}

/** Where the habit's day at `index` came from. */
export function dayWhere(habit: ImportedHabit, index: number): string {
  const { dayRows } = habit;
  return dayRows ? `${dayRows.where}${dayRows.rows[index]}` : `${habit.where}.completions.${index}`;
}

export interface ImportProfile {
  timezone: string;
  dayStartMinutes: number;
  weekStart: number;
}

/** Rows of a source that are not stored, by reason. */
export interface SkipCounts {
  /** Loop's automatic check-marks without a note: derived from the manual ones, and derived again on export. */
  automatic: number;
  /** Unknown days without a note (backups): a row that says nothing. */
  unknown: number;
  /** A second row for a day (old Loop backups): Loop keeps the first. */
  duplicate: number;
}

export const emptySkipCounts = (): SkipCounts => ({ automatic: 0, unknown: 0, duplicate: 0 });

const SKIP_WORDS: Record<keyof SkipCounts, string> = {
  automatic: 'automatic check-mark(s) without a note',
  unknown: 'unknown day(s) without a note',
  duplicate: 'second row(s) for a day',
};

/** "12 automatic check-mark(s) without a note, 1 second row(s) for a day", or "none". */
export function describeSkipped(counts: SkipCounts): string {
  const parts = (Object.keys(SKIP_WORDS) as (keyof SkipCounts)[])
    .filter((reason) => counts[reason] > 0)
    .map((reason) => `${counts[reason]} ${SKIP_WORDS[reason]}`);
  return parts.length ? parts.join(', ') : 'none';
}

export interface ImportPlan {
  /** Profile settings to apply; those left out stay as they are. */
  profile?: Partial<ImportProfile>;
  habits: ImportedHabit[];
  skipped: SkipCounts;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** A profile setting the import changed, with its value before and after. */
export interface SettingChange {
  setting: keyof ImportProfile;
  from: string | number;
  to: string | number;
}

export interface ImportResult {
  habits: ImportCounts;
  completions: ImportCounts;
  /** Rows of the source not stored, in all. */
  skipped: number;
  skippedByReason: SkipCounts;
  settingsChanged: SettingChange[];
}

/** The profile settings `profile` changes on `user`, in a fixed order. */
export function settingChanges(user: ImportProfile, profile: Partial<ImportProfile>): SettingChange[] {
  return (['timezone', 'dayStartMinutes', 'weekStart'] as const)
    .filter((setting) => profile[setting] !== undefined && profile[setting] !== user[setting])
    .map((setting) => ({ setting, from: user[setting], to: profile[setting]! }));
}
