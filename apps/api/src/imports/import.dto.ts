import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TEXT_LIMITS, type CompletionStatus, type IsoDate } from '@streakforge/core';
import { COMPLETION_STATUSES } from '@streakforge/db';
import { EARLIEST_DATE, IsInstantFrom, IsIsoDate, Nullable, Optional } from '../common/dto.js';
import { MAX_VALUE, STATUS_DESCRIPTION } from '../completions/completions.dto.js';
import { CreateHabitDto } from '../habits/habits.dto.js';
import { UpdateMeDto } from '../users/users.dto.js';

export const EXPORT_FORMAT = 'streakforge.v1';

export class ExportedCompletion {
  @ApiProperty({ type: String, format: 'date' })
  @IsIsoDate()
  date!: IsoDate;

  @ApiProperty({ enum: COMPLETION_STATUSES, description: STATUS_DESCRIPTION })
  @IsIn(COMPLETION_STATUSES)
  status!: CompletionStatus;

  @ApiProperty({ minimum: 0, maximum: MAX_VALUE })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_VALUE)
  value!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: TEXT_LIMITS.notes,
    description: 'kept as written: a note imported from Loop keeps its spaces',
  })
  @Nullable()
  @IsString()
  @MaxLength(TEXT_LIMITS.notes)
  notes!: string | null;
}

/** A habit with its whole history; importing matches it to the user's habit with this id, else with this name. */
export class ExportedHabit extends CreateHabitDto {
  @ApiPropertyOptional({
    description: "the habit's id where it was exported; a re-import into that account updates it",
  })
  @Optional()
  @IsInt()
  @Min(1)
  id?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: TEXT_LIMITS.externalId,
    description: 'its id in the app it was imported from (Loop)',
  })
  @Nullable()
  @IsString()
  @MaxLength(TEXT_LIMITS.externalId)
  externalId?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: `kept on import: completion rates count from the habit start; from ${EARLIEST_DATE}`,
  })
  @Optional()
  @IsDateString({ strict: true }, { message: 'createdAt must be an ISO-8601 date-time' })
  @IsInstantFrom(EARLIEST_DATE)
  createdAt?: string;

  @ApiProperty({ type: [ExportedCompletion], description: 'oldest first' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ExportedCompletion)
  completions!: ExportedCompletion[];
}

export class ProfileSettings extends PickType(UpdateMeDto, ['timezone', 'dayStartMinutes', 'weekStart'] as const) {}

export class ExportDocument {
  @ApiProperty({ enum: [EXPORT_FORMAT] })
  @IsIn([EXPORT_FORMAT], { message: `format must be "${EXPORT_FORMAT}"` })
  format!: typeof EXPORT_FORMAT;

  @ApiPropertyOptional({ type: ProfileSettings, description: 'applied to the importing account' })
  @Optional()
  @ValidateNested()
  @Type(() => ProfileSettings)
  profile?: ProfileSettings;

  /** Each an {@link ExportedHabit}, validated one at a time by the import (see `validatedItem`). */
  @ApiProperty({ type: [ExportedHabit], description: 'ordered by position, then id' })
  @IsArray()
  @IsObject({ each: true })
  habits!: object[];
}

class ImportCountsResponse {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
}

class SkippedByReasonResponse {
  @ApiProperty({
    description: "Loop's automatic check-marks without a note: derived from the manual ones, derived again on export",
  })
  automatic!: number;

  @ApiProperty({ description: 'unknown days without a note (Loop backups): rows that say nothing' })
  unknown!: number;

  @ApiProperty({ description: 'a second row for the same day (old Loop backups): the first is kept, as Loop keeps it' })
  duplicate!: number;
}

class SettingChangeResponse {
  @ApiProperty({ enum: ['timezone', 'dayStartMinutes', 'weekStart'] })
  setting!: 'timezone' | 'dayStartMinutes' | 'weekStart';

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'the value before the import' })
  from!: string | number;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'the value the import set' })
  to!: string | number;
}

export class ImportResponse {
  @ApiProperty({ type: ImportCountsResponse }) habits!: ImportCountsResponse;

  @ApiProperty({ type: ImportCountsResponse, description: 'days of the file: created, updated or unchanged' })
  completions!: ImportCountsResponse;

  @ApiProperty({
    description: 'rows of the file not stored, in all: every row is a created, updated, unchanged or skipped day',
  })
  skipped!: number;

  @ApiProperty({ type: SkippedByReasonResponse, description: 'the skipped rows by reason' })
  skippedByReason!: SkippedByReasonResponse;

  @ApiProperty({
    type: [SettingChangeResponse],
    description:
      "profile settings the document's `profile` changed (they move which day is today and how weeks are cut); empty when none did",
  })
  settingsChanged!: SettingChangeResponse[];
}
