import { ApiProperty } from '@nestjs/swagger';
import type { IsoDate } from '@streakforge/core';

export class TopStreak {
  @ApiProperty() habitId!: number;
  @ApiProperty() name!: string;
  @ApiProperty() current!: number;
}

export class CategoryFigures {
  @ApiProperty({ type: String, nullable: true, description: 'null: habits without a category' }) category!:
    string | null;
  @ApiProperty({ type: Number, nullable: true }) completionRate!: number | null;
  @ApiProperty({ description: 'active habits in the category' }) habits!: number;
}

export class PreviousPeriod {
  @ApiProperty({ type: String, format: 'date' }) from!: IsoDate;
  @ApiProperty({ type: String, format: 'date' }) to!: IsoDate;
  @ApiProperty({ type: Number, nullable: true }) completionRate!: number | null;
}

export class SummaryResponse {
  @ApiProperty({ type: String, format: 'date' }) from!: IsoDate;
  @ApiProperty({ type: String, format: 'date' }) to!: IsoDate;
  @ApiProperty({ description: 'active (not archived) habits' }) habits!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'qualifying ÷ considered habit-days in the range' })
  completionRate!: number | null;
  @ApiProperty() doneDays!: number;
  @ApiProperty({ type: [TopStreak], description: 'the five longest current streaks' }) currentStreaks!: TopStreak[];
  @ApiProperty({ type: [CategoryFigures] }) byCategory!: CategoryFigures[];
  @ApiProperty({ type: PreviousPeriod, description: 'the range of the same length just before' })
  previousPeriod!: PreviousPeriod;
}

export class HeatmapDayResponse {
  @ApiProperty({ type: String, format: 'date' }) date!: IsoDate;
  @ApiProperty({ description: 'habits whose day qualifies (a skipped day qualifies)' }) qualifying!: number;
  @ApiProperty({ description: 'active habits that had started' }) active!: number;
  @ApiProperty({
    description: "active habits whose day counts: neither skipped nor pending (today, or a weekly goal's unmet week)",
  })
  considered!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description:
      'of the considered habits, the share that qualified: the completion rate of the day; null when none counts',
  })
  ratio!: number | null;
}

export class HeatmapResponse {
  @ApiProperty({ type: [HeatmapDayResponse], description: 'oldest first; default the last 365 days' })
  items!: HeatmapDayResponse[];
}
