import { Injectable } from '@nestjs/common';
import {
  Clock,
  EntityManager,
  User,
  assignChanges,
  lockUserHabits,
  markAllDirty,
  markUserStreaksStale,
} from '@streakforge/db';
import { sentFields } from '../common/dto.js';
import { assertIdentityFree } from '../common/identity.js';
import { toUserResponse, type UpdateMeDto, type UserResponse } from './users.dto.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async get(userId: number): Promise<UserResponse> {
    return toUserResponse(await this.em.findOneOrFail(User, userId));
  }

  async update(userId: number, changes: UpdateMeDto): Promise<UserResponse> {
    return this.em.transactional(async (em) => toUserResponse(await this.applyChanges(em, userId, changes)));
  }

  /** Profile changes in the caller's transaction; a calendar change marks the user's streaks and analytics stale. */
  async applyChanges(em: EntityManager, userId: number, changes: UpdateMeDto): Promise<User> {
    const user = await em.findOneOrFail(User, userId);
    await assertIdentityFree(em, { username: changes.username, email: changes.email }, userId);
    const calendarChanged =
      (changes.timezone !== undefined && changes.timezone !== user.timezone) ||
      (changes.dayStartMinutes !== undefined && changes.dayStartMinutes !== user.dayStartMinutes) ||
      (changes.weekStart !== undefined && changes.weekStart !== user.weekStart);
    assignChanges(em, user, sentFields(changes), this.clock.now());
    if (calendarChanged) {
      // A write in flight holds its habit's lock and computed its streak with the old calendar: marking the rows
      // stale waits for it, so no row keeps a figure from the calendar being replaced.
      await lockUserHabits(em, userId);
      await markUserStreaksStale(em, userId);
      await markAllDirty(em, userId);
    }
    return user;
  }

  async remove(userId: number): Promise<void> {
    await this.em.transactional((em) => em.nativeDelete(User, { id: userId }));
  }
}
