import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { logLevelFromEnv, pinoOptions, type LogLevel } from './logging.js';

/** A real pino logger with the apps' options, writing its JSON lines to memory. */
function logger(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      );
      done();
    },
  });
  return { log: pino(pinoOptions(level), sink), lines };
}

describe(logLevelFromEnv.name, () => {
  it('reads LOG_LEVEL in any case and spacing, defaults to info, and names a bad value', () => {
    const problems: string[] = [];
    expect(logLevelFromEnv({}, problems)).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: ' Debug ' }, problems)).toBe('debug');
    expect(logLevelFromEnv({ LOG_LEVEL: 'verbose' }, problems)).toBe('info');
    expect(problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ]);
  });
});

describe(pinoOptions.name, () => {
  it("drops Nest's start-up wiring at info and keeps every other line", () => {
    const { log, lines } = logger('info');
    log.info({ context: 'RoutesResolver' }, 'HealthController {/api/v1/health}:');
    log.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    log.warn({ context: 'RoutesResolver' }, 'a warning is never wiring');
    log.info({ context: 'JobRunner', job: 'backup', runId: 3 }, 'backup: succeeded');
    log.info('StreakForge API listening');
    expect(lines.map((line) => line['msg'])).toEqual([
      'a warning is never wiring',
      'backup: succeeded',
      'StreakForge API listening',
    ]);
    expect(lines[1]).toMatchObject({ level: 30, job: 'backup', runId: 3 });
  });

  it('shows the wiring at debug', () => {
    const { log, lines } = logger('debug');
    log.info({ context: 'RouterExplorer' }, 'Mapped {/health/live, GET} route');
    expect(lines.map((line) => line['msg'])).toEqual(['Mapped {/health/live, GET} route']);
  });
});
