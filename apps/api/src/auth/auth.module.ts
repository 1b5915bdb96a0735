import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { Clock, MikroORM } from '@streakforge/db';
import { API_CONFIG, type ApiConfig } from '../common/api-config.js';
import {
  AuthController,
  BrowserAuthController,
  BrowserSessionsController,
  CredentialsController,
  TokensController,
} from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BrowserSessionsService } from './browser-sessions.service.js';
import { DatabaseThrottlerStorage } from './rate-limit.storage.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries it as a public key on every verify,
        // and that failed parse was the costliest step of authenticating a request.
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG, MikroORM, Clock],
      useFactory: (config: ApiConfig, orm: MikroORM, clock: Clock) => ({
        throttlers: [{ ttl: 60_000, limit: config.authRateLimitPerMinute }],
        storage: new DatabaseThrottlerStorage(orm, clock),
        errorMessage: (_context, { timeToBlockExpire }) =>
          `too many attempts from your address; try again in ${timeToBlockExpire} s`,
      }),
    }),
  ],
  controllers: [
    AuthController,
    BrowserAuthController,
    CredentialsController,
    TokensController,
    BrowserSessionsController,
  ],
  providers: [AuthService, BrowserSessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
