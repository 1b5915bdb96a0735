import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { WorkerConfig } from './config.js';
import { WorkerModule, type WorkerOptions } from './worker.module.js';

export async function createWorker(config: WorkerConfig, options: WorkerOptions): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    logger: ['log', 'warn', 'error'],
  });
}
