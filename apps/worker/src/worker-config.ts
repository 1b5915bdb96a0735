export type { WorkerConfig } from './config.js';

/** DI token of the validated worker configuration. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
