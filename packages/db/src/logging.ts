/** `LOG_LEVEL` values, pino's names. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_LEVEL` (default info), for both apps; a bad value is added to `problems`. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv, problems: string[]): LogLevel {
  const level = (env['LOG_LEVEL'] ?? 'info').trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  return 'info';
}

/**
 * Nest's start-up wiring: a line per module and route, and controller paths printed under the global prefix even
 * where it does not apply. Operators see it at debug; at info each app logs what it serves once, in its own words.
 */
const NEST_WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const PINO_INFO = 30;

/** The pino options both apps log JSON lines with. */
export function pinoOptions(level: LogLevel) {
  return {
    level,
    hooks: {
      logMethod(
        this: { levelVal: number },
        args: unknown[],
        method: (...args: unknown[]) => void,
        messageLevel: number,
      ): void {
        const context = (args[0] as { context?: unknown } | null | undefined)?.context;
        const wiring = messageLevel === PINO_INFO && typeof context === 'string' && NEST_WIRING.has(context);
        if (wiring && this.levelVal >= PINO_INFO) return;
        method.apply(this, args);
      },
    },
  };
}
