import { HttpException, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM, RequestContext, SettableClock, User, migrateDatabase } from '@streakforge/db';
import { expect } from '@jest/globals';
import { AppModule } from '../../src/app.module.js';
import type { FieldError } from '../../src/common/error-body.js';
import type { CreateHabitDto, HabitResponse } from '../../src/habits/habits.dto.js';
import { HabitsService } from '../../src/habits/habits.service.js';
import { testConfig } from '../support.js';
import { freshDatabase, storedRows } from '../../../../tooling/test/test-database.mjs';

type Calendar = Partial<Pick<User, 'timezone' | 'dayStartMinutes' | 'weekStart'>>;

/**
 * The API's services on a fresh, migrated database of the suite's engine, without HTTP: the tier for the many rule cases, where a
 * request's routing and serialization would only add cost. Each call through {@link ServiceTier.service} runs in its
 * own request context, as one request would.
 */
export interface ServiceTier {
  clock: SettableClock;
  orm: MikroORM;
  service<T extends object>(type: Type<T>): T;
  /** A user of their own for one test, created as of the clock. */
  makeUser(calendar?: Calendar): Promise<User>;
  /** A habit created the way the API creates one (streak row included); a yes/no daily habit unless told. */
  makeHabit(user: User, fields?: Partial<CreateHabitDto>): Promise<HabitResponse>;
  /** Rows straight from the file, past the services and the ORM's identity map. */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startServices(now = '2026-11-24T12:00:00Z'): Promise<ServiceTier> {
  const database = await freshDatabase('services');
  await migrateDatabase(database.options);
  const clock = new SettableClock(new Date(now));
  let context: INestApplicationContext;
  try {
    context = await NestFactory.createApplicationContext(AppModule.forRoot(testConfig(database.options), clock), {
      logger: false,
    });
  } catch (error) {
    await database.remove();
    throw error;
  }
  const orm: MikroORM = context.get(MikroORM);
  let users = 0;

  const service = <T extends object>(type: Type<T>): T => {
    const instance = context.get(type);
    return new Proxy(instance, {
      get(target, key) {
        const member = Reflect.get(target, key) as unknown;
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) => RequestContext.create(orm.em, () => member.apply(target, args));
      },
    });
  };

  return {
    clock,
    orm,
    service,
    async makeUser(calendar = {}) {
      users += 1;
      const em = orm.em.fork();
      const at = clock.now();
      const user = em.create(User, {
        username: `user${users}`,
        email: `user${users}@example.org`,
        passwordHash: 'not a login: service tests call services directly',
        createdAt: at,
        updatedAt: at,
        ...calendar,
      });
      await em.flush();
      return user;
    },
    makeHabit(user, fields = {}) {
      return service(HabitsService).create(user.id, { name: 'Read', ...fields } as CreateHabitDto);
    },
    rows(sql, params = []) {
      return storedRows(orm.em.fork(), sql, params);
    },
    async close() {
      await context.close();
      await database.remove();
    },
  };
}

/** Awaits a service call that must fail as an HTTP error with these field problems. */
export async function expectFieldErrors(call: Promise<unknown>, status: number, details: FieldError[]): Promise<void> {
  const error: unknown = await call.then(
    () => new Error('the call succeeded'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpException);
  const http = error as HttpException;
  expect({ status: http.getStatus(), details: (http.getResponse() as { details?: FieldError[] }).details }).toEqual({
    status,
    details,
  });
}
