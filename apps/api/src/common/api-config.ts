import type { ApiConfig } from '../config.js';

/** DI token of the validated {@link ApiConfig}. */
export const API_CONFIG = Symbol('API_CONFIG');

export type { ApiConfig };
