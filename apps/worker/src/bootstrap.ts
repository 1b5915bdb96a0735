import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { WorkerConfig } from './config.js';
import { WorkerModule, type WorkerOptions } from './worker.module.js';

export async function createWorker(config: WorkerConfig, options: WorkerOptions): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    bufferLogs: true,
  });
  worker.useLogger(worker.get(Logger));
  return worker;
}
