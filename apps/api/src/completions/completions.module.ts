import { Module } from '@nestjs/common';
import { HabitsModule } from '../habits/habits.module.js';
import { AllHabitsCompletionsController, CompletionsController } from './completions.controller.js';
import { CompletionsService } from './completions.service.js';

@Module({
  imports: [HabitsModule],
  controllers: [CompletionsController, AllHabitsCompletionsController],
  providers: [CompletionsService],
})
export class CompletionsModule {}
