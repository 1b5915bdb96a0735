import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { GOAL_TYPES, HABIT_TYPES, TARGET_TYPES, type Habit } from '@streakforge/db';
import {
  MAX_AMOUNT,
  TEXT_LIMITS,
  type GoalType,
  type HabitType,
  type IsoDate,
  type TargetType,
} from '@streakforge/core';
import { Nullable, Optional, Trim } from '../common/dto.js';
import { isoInstant } from '../common/dates.js';

const { name: NAME, question: QUESTION, description: DESCRIPTION, category: CATEGORY, unit: UNIT } = TEXT_LIMITS;
const HabitName = () =>
  applyDecorators(Trim(), IsString(), Length(1, NAME, { message: `name must be 1 to ${NAME} characters` }));
const Question = () => applyDecorators(Nullable(), Trim(), IsString(), MaxLength(QUESTION));
const Description = () => applyDecorators(Nullable(), Trim(), IsString(), MaxLength(DESCRIPTION));
const Category = () =>
  applyDecorators(
    Nullable(),
    Trim(),
    IsString(),
    Length(1, CATEGORY, { message: `category must be 1 to ${CATEGORY} characters` }),
  );
const Color = () =>
  applyDecorators(Nullable(), IsString(), Matches(/^#[0-9A-Fa-f]{6}$/, { message: 'color must be #RRGGBB' }));
const Count = () => applyDecorators(IsInt(), Min(1), Max(365));
const Target = () =>
  applyDecorators(Nullable(), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(MAX_AMOUNT));
const Unit = () =>
  applyDecorators(Nullable(), Trim(), IsString(), Length(1, UNIT, { message: `unit must be 1 to ${UNIT} characters` }));
const Position = () => applyDecorators(Optional(), IsInt(), Min(0), Max(1_000_000_000));

const doc = {
  type: { enum: HABIT_TYPES, default: 'boolean' },
  goalType: {
    enum: GOAL_TYPES,
    default: 'daily',
    description: 'daily; N times per calendar week; or N times per M days (rolling)',
  },
  timesPerPeriod: { minimum: 1, maximum: 365, description: 'N (weekly: 1–7; custom: ≤ periodDays; numeric habits: 1)' },
  periodDays: { minimum: 1, maximum: 365, nullable: true, type: Number, description: 'M, custom goals only' },
  targetValue: { nullable: true, type: Number, description: 'numeric habits: amount per period (> 0 for at_least)' },
  targetType: { enum: TARGET_TYPES, default: 'at_least' },
  unit: { nullable: true, type: String, maxLength: UNIT, description: 'numeric habits only' },
  color: { nullable: true, type: String, example: '#4caf50' },
} as const;

/** The fields create and update share; every one may be left out. */
class HabitFieldsDto {
  @ApiPropertyOptional({
    maxLength: QUESTION,
    nullable: true,
    type: String,
    example: 'Did you read today?',
    description: 'the question the habit asks each day',
  })
  @Question()
  question?: string | null;

  @ApiPropertyOptional({ maxLength: DESCRIPTION, nullable: true, type: String })
  @Description()
  description?: string | null;

  @ApiPropertyOptional({ maxLength: CATEGORY, nullable: true, type: String, example: 'health' })
  @Category()
  category?: string | null;

  @ApiPropertyOptional(doc.color)
  @Color()
  color?: string | null;

  @ApiPropertyOptional(doc.type)
  @Optional()
  @IsIn(HABIT_TYPES)
  type?: HabitType;

  @ApiPropertyOptional(doc.goalType)
  @Optional()
  @IsIn(GOAL_TYPES)
  goalType?: GoalType;

  @ApiPropertyOptional(doc.timesPerPeriod)
  @Optional()
  @Count()
  timesPerPeriod?: number;

  @ApiPropertyOptional(doc.periodDays)
  @Nullable()
  @Count()
  periodDays?: number | null;

  @ApiPropertyOptional(doc.targetValue)
  @Target()
  targetValue?: number | null;

  @ApiPropertyOptional(doc.targetType)
  @Optional()
  @IsIn(TARGET_TYPES)
  targetType?: TargetType;

  @ApiPropertyOptional(doc.unit)
  @Unit()
  unit?: string | null;

  @ApiPropertyOptional({ minimum: 0, description: 'sort key; new habits default to after the last one' })
  @Position()
  position?: number;
}

export class CreateHabitDto extends HabitFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: NAME, example: 'Read' })
  @HabitName()
  name!: string;
}

export class UpdateHabitDto extends HabitFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: NAME })
  @Optional()
  @HabitName()
  name?: string;

  @ApiPropertyOptional({ description: 'archived habits keep their history and are hidden from default lists' })
  @Optional()
  @IsBoolean()
  archived?: boolean;
}

export class ListHabitsQuery {
  @ApiPropertyOptional({ enum: ['false', 'true', 'all'], default: 'false' })
  @Optional()
  @IsIn(['false', 'true', 'all'])
  archived?: 'false' | 'true' | 'all';

  @ApiPropertyOptional({ maxLength: CATEGORY })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, CATEGORY)
  category?: string;
}

export class HabitStreak {
  @ApiProperty({ description: 'days in the current run (docs/habit-semantics.md, "Streaks")' })
  current!: number;

  @ApiProperty()
  longest!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  lastCompletionDate!: IsoDate | null;
}

export class HabitResponse {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) question!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty({ type: String, nullable: true }) color!: string | null;
  @ApiProperty({ enum: HABIT_TYPES }) type!: HabitType;
  @ApiProperty({ enum: GOAL_TYPES }) goalType!: GoalType;
  @ApiProperty() timesPerPeriod!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'M for custom goals, else null' }) periodDays!:
    number | null;
  @ApiProperty({ type: Number, nullable: true }) targetValue!: number | null;
  @ApiProperty({ enum: TARGET_TYPES }) targetType!: TargetType;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty() position!: number;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: HabitStreak, description: "as of the user's logical today" }) streak!: HabitStreak;
  @ApiProperty({ minimum: 0, maximum: 1, description: "habit strength on the user's logical today, 6 decimals" })
  score!: number;
}

export class HabitListResponse {
  @ApiProperty({ type: [HabitResponse] })
  items!: HabitResponse[];

  @ApiProperty()
  total!: number;
}

/** The stored fields a response shows: a Habit entity, or a plain row read for a long list. */
export type HabitFields = Pick<
  Habit,
  | 'id'
  | 'name'
  | 'type'
  | 'goalType'
  | 'timesPerPeriod'
  | 'periodDays'
  | 'targetType'
  | 'position'
  | 'archived'
  | 'createdAt'
  | 'updatedAt'
> & {
  question?: string | null;
  description?: string | null;
  category?: string | null;
  color?: string | null;
  targetValue?: unknown;
  unit?: string | null;
};

/** A habit's own fields as the API shows them, in responses and in the export. */
export function habitFieldsOf(habit: Omit<HabitFields, 'createdAt' | 'updatedAt'>) {
  return {
    id: habit.id,
    name: habit.name,
    question: habit.question ?? null,
    description: habit.description ?? null,
    category: habit.category ?? null,
    color: habit.color ?? null,
    type: habit.type,
    goalType: habit.goalType,
    timesPerPeriod: habit.timesPerPeriod,
    periodDays: habit.goalType === 'custom' ? habit.periodDays : null,
    targetValue: habit.targetValue == null ? null : Number(habit.targetValue),
    targetType: habit.targetType,
    unit: habit.unit ?? null,
    position: habit.position,
    archived: habit.archived,
  };
}

export function toHabitResponse(habit: HabitFields, progress: { streak: HabitStreak; score: number }): HabitResponse {
  return {
    ...habitFieldsOf(habit),
    createdAt: isoInstant(habit.createdAt),
    updatedAt: isoInstant(habit.updatedAt),
    ...progress,
  };
}
