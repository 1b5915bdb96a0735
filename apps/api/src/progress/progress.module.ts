import { Module } from '@nestjs/common';
import { HabitsModule } from '../habits/habits.module.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';

@Module({ imports: [HabitsModule], controllers: [ProgressController], providers: [ProgressService] })
export class ProgressModule {}
