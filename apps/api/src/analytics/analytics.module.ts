import { Module } from '@nestjs/common';
import { HabitsModule } from '../habits/habits.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';
import { HabitShares } from './habit-shares.js';

@Module({ imports: [HabitsModule], controllers: [AnalyticsController], providers: [AnalyticsService, HabitShares] })
export class AnalyticsModule {}
