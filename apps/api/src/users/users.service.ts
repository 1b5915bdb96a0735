import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager, User, markAllDirty, markUserStreaksStale } from '@streakforge/db';
import { sentFields } from '../common/dto.js';
import { emailIs } from '../common/email.js';
import { fieldErrors, type FieldError } from '../common/error-body.js';
import { toUserResponse, type UpdateMeDto, type UserResponse } from './users.dto.js';

@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  async get(userId: number): Promise<UserResponse> {
    return toUserResponse(await this.em.findOneOrFail(User, userId));
  }

  async update(userId: number, changes: UpdateMeDto): Promise<UserResponse> {
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, userId);
      const conflicts: FieldError[] = [];
      if (changes.username !== undefined && changes.username !== user.username) {
        if (await em.count(User, { username: changes.username })) conflicts.push({ field: 'username', message: 'username is taken' });
      }
      if (changes.email !== undefined && changes.email.toLowerCase() !== user.email.toLowerCase()) {
        if (await em.count(User, emailIs(changes.email))) conflicts.push({ field: 'email', message: 'email is already registered' });
      }
      if (conflicts.length > 0) throw new ConflictException(fieldErrors(conflicts));
      const calendarChanged =
        (changes.timezone !== undefined && changes.timezone !== user.timezone) ||
        (changes.dayStartMinutes !== undefined && changes.dayStartMinutes !== user.dayStartMinutes) ||
        (changes.weekStart !== undefined && changes.weekStart !== user.weekStart);
      em.assign(user, sentFields(changes));
      if (calendarChanged) {
        await markUserStreaksStale(em, userId);
        await markAllDirty(em, userId);
      }
      return toUserResponse(user);
    });
  }

  async remove(userId: number): Promise<void> {
    await this.em.nativeDelete(User, { id: userId });
  }
}
