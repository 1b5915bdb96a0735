import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportPlan, ImportedHabit, SkipCounts } from './import-plan.js';
import { LoopFormatError, LoopTooLargeError } from './loop-reader.js';

/** What the worker sends: each habit with its place in the file, then the end of the file or why it was refused. */
export type LoopParseMessage =
  | { index: number; habit: ImportedHabit }
  | { ok: true; skipped: SkipCounts }
  | { ok: false; tooLarge: boolean; field: string; message: string };

/**
 * Heap a parse may use. A file within the upload and row limits needs far less; past this the worker dies alone and
 * the upload gets a 413.
 */
const PARSE_HEAP_MB = 256;

/** The built worker: next to this module, or in `dist/` when this module runs from source (the test runner). */
function workerFile(): URL {
  const beside = new URL('./loop-parse.worker.js', import.meta.url);
  return existsSync(fileURLToPath(beside))
    ? beside
    : new URL('../../dist/imports/loop-parse.worker.js', import.meta.url);
}

/**
 * Loop's CSV export zip or backup as an import plan, read in a worker thread with a bounded heap, so a large or
 * hostile file costs other users neither the event loop nor the process's memory.
 */
export function parseLoopFile(file: Uint8Array, heapMb = PARSE_HEAP_MB): Promise<ImportPlan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), { workerData: file, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let settled = false;
    const habits: ImportedHabit[] = [];
    worker.on('message', (message: LoopParseMessage) => {
      if ('habit' in message) {
        habits[message.index] = message.habit;
        return;
      }
      settled = true;
      if (message.ok) resolve({ habits, skipped: message.skipped });
      else
        reject(
          message.tooLarge
            ? new LoopTooLargeError(message.message)
            : new LoopFormatError(message.field, message.message),
        );
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settled = true;
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new LoopTooLargeError('the file needs more memory to read than an import may use')
          : error,
      );
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the Loop file reader stopped (exit code ${code})`));
    });
  });
}
