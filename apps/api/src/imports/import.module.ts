import { Module } from '@nestjs/common';
import { HabitsModule } from '../habits/habits.module.js';
import { UsersModule } from '../users/users.module.js';
import { ImportController } from './import.controller.js';
import { ImportService } from './import.service.js';

@Module({
  imports: [HabitsModule, UsersModule],
  controllers: [ImportController],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportModule {}
