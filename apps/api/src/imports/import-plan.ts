import type { CompletionStatus, GoalType, HabitType, IsoDate, TargetType } from '@streakforge/core';

/** A day to store, as an import brings it. */
export interface ImportedDay {
  date: IsoDate;
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

/** A habit's stored fields as an import sets them (the schedule is checked against habit-semantics.md §2). */
export interface ImportedHabitFields {
  name: string;
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
  /** Where each day came from, parallel to `days`. */
  dayWhere: string[];
}

export interface ImportProfile {
  timezone: string;
  dayStartMinutes: number;
  weekStart: number;
}

export interface ImportPlan {
  /** Profile settings to apply; those left out stay as they are. */
  profile?: Partial<ImportProfile>;
  habits: ImportedHabit[];
  /** Rows of the source that are not stored (Loop's derived check-marks). */
  skipped: number;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  habits: ImportCounts;
  completions: ImportCounts;
  skipped: number;
}
