import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IsoDate } from '@streakforge/core';
import { Limit, MAX_LIMIT } from '../common/dto.js';

export class StreaksQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 10 })
  @Limit()
  limit?: number;
}

export class StreakRun {
  @ApiProperty({ type: String, format: 'date' }) start!: IsoDate;
  @ApiProperty({ type: String, format: 'date' }) end!: IsoDate;
  @ApiProperty() length!: number;
}

export class StreaksResponse {
  @ApiProperty() current!: number;
  @ApiProperty() longest!: number;
  @ApiProperty({ type: [StreakRun], description: 'longest first; ties: the more recent first' }) best!: StreakRun[];
}

export class ScorePoint {
  @ApiProperty({ type: String, format: 'date' }) date!: IsoDate;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
}

export class ScoresResponse {
  @ApiProperty({ type: [ScorePoint], description: 'oldest first; default the last 30 days' }) items!: ScorePoint[];
}

export class PeriodTotal {
  @ApiProperty({ type: String, format: 'date', description: 'first day of the period' }) start!: IsoDate;
  @ApiProperty({ description: 'done days (numeric: sum of values)' }) total!: number;
}

export class PeriodTotals {
  @ApiProperty({ type: [PeriodTotal] }) week!: PeriodTotal[];
  @ApiProperty({ type: [PeriodTotal] }) month!: PeriodTotal[];
  @ApiProperty({ type: [PeriodTotal] }) quarter!: PeriodTotal[];
  @ApiProperty({ type: [PeriodTotal] }) year!: PeriodTotal[];
}

export class StatsResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'qualifying ÷ considered days; null when no day is considered',
  })
  completionRate!: number | null;
  @ApiProperty() doneDays!: number;
  @ApiProperty() skippedDays!: number;
  @ApiProperty() qualifyingDays!: number;
  @ApiProperty({ description: 'done days (numeric: sum of values)' }) total!: number;
  @ApiProperty({ type: [Number], description: '7 numbers, Monday first' }) weekdays!: number[];
  @ApiProperty({ type: PeriodTotals }) periods!: PeriodTotals;
}
