import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  MaxLength,
  Min,
  Max,
  ValidateNested,
} from 'class-validator';
import { MAX_AMOUNT, TEXT_LIMITS, type CompletionStatus, type IsoDate } from '@streakforge/core';
import { COMPLETION_STATUSES, type Completion } from '@streakforge/db';
import { DateRangeQuery, IsIsoDate, Limit, MAX_LIMIT, Nullable, Optional, Trim } from '../common/dto.js';

export const MAX_BATCH_ITEMS = 1000;

/** What each status means to a client (docs/habit-semantics.md, "Day records"). */
export const STATUS_DESCRIPTION =
  'done: did it. skipped: excused, keeps the streak and holds the score. missed: "I did not do it", counts as not ' +
  'done everywhere and may carry a note. unmarked: a note on a day with no mark (notes required), counts as not done.';
/** The largest amount one day holds (also what an increment may not pass). */
export const MAX_VALUE = MAX_AMOUNT;

/** What one day records; shared by the single-day routes and batch items. */
class DayFields {
  @ApiPropertyOptional({ enum: COMPLETION_STATUSES, default: 'done', description: STATUS_DESCRIPTION })
  @Optional()
  @IsIn(COMPLETION_STATUSES)
  status?: CompletionStatus;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    description: 'numeric habits: the amount (required when done); yes/no habits: omit or 1',
  })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_VALUE)
  value?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT_LIMITS.notes })
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(TEXT_LIMITS.notes)
  notes?: string | null;
}

export class CompletionBody extends DayFields {
  @ApiPropertyOptional({ type: String, format: 'date', description: 'defaults to your logical today; never after it' })
  @Optional()
  @IsIsoDate()
  date?: IsoDate;
}

export class IncrementBody {
  @ApiPropertyOptional({ type: Number, default: 1, minimum: 0, exclusiveMinimum: true, maximum: MAX_VALUE })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE, { message: 'by must be greater than 0' })
  @Max(MAX_VALUE)
  by?: number;
}

export class CompletionRangeQuery extends DateRangeQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: MAX_LIMIT })
  @Limit()
  limit?: number;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @Optional()
  @IsIsoDate()
  cursor?: IsoDate;
}

/** The most days `GET /completions` covers: a list screen shows the last days of every habit, not a history. */
export const MAX_DAYS_RANGE = 62;

export class HabitDay {
  @ApiProperty({ type: String, format: 'date' }) date!: IsoDate;

  @ApiProperty({
    enum: COMPLETION_STATUSES,
    nullable: true,
    description: 'the recorded status; null for a day with no record that the goal covers (`qualifies` true)',
  })
  status!: CompletionStatus | null;

  @ApiProperty({ description: 'as recorded (0 without a record)' }) value!: number;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;

  @ApiProperty({
    description:
      'whether the day counts for the streak: done enough, skipped, or covered by the goal without a check (a met week, an N-per-M interval)',
  })
  qualifies!: boolean;
}

export class HabitDays {
  @ApiProperty({ type: 'integer' }) habitId!: number;
  @ApiProperty({ type: [HabitDay], description: 'oldest first: the days with a record or that qualify' })
  days!: HabitDay[];
}

export class DaysResponse {
  @ApiProperty({ type: String, format: 'date' }) from!: IsoDate;
  @ApiProperty({ type: String, format: 'date' }) to!: IsoDate;
  @ApiProperty({ type: [HabitDays], description: 'each active habit, in list order (position, then id)' })
  items!: HabitDays[];
}

export class BatchItem extends DayFields {
  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  habitId!: number;

  @ApiProperty({ type: String, format: 'date' })
  @IsIsoDate()
  date!: IsoDate;
}

export class BatchBody {
  @ApiProperty({ type: [BatchItem], maxItems: MAX_BATCH_ITEMS, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items holds at most ${MAX_BATCH_ITEMS} completions` })
  @ValidateNested({ each: true })
  @Type(() => BatchItem)
  items!: BatchItem[];
}

export class BatchResponse {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
}

export class CompletionResponse {
  @ApiProperty() habitId!: number;
  @ApiProperty({ type: String, format: 'date' }) date!: IsoDate;
  @ApiProperty({ enum: COMPLETION_STATUSES, description: STATUS_DESCRIPTION }) status!: CompletionStatus;
  @ApiProperty({ description: 'yes/no done: 1; numeric done: the amount; skipped, missed and unmarked: 0' })
  value!: number;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CompletionListResponse {
  @ApiProperty({ type: [CompletionResponse], description: 'newest first' })
  items!: CompletionResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'send as `cursor` for the next (older) page; null on the last page',
  })
  nextCursor!: string | null;
}

/** A stored day: a Completion entity or a plain row read on the write path. */
export type CompletionFields = Pick<Completion, 'date' | 'status' | 'createdAt' | 'updatedAt'> & {
  value: unknown;
  notes?: string | null;
};

export function toCompletionResponse(completion: CompletionFields, habitId: number): CompletionResponse {
  return {
    habitId,
    date: completion.date,
    status: completion.status,
    value: Number(completion.value),
    notes: completion.notes ?? null,
    createdAt: completion.createdAt.toISOString(),
    updatedAt: completion.updatedAt.toISOString(),
  };
}
