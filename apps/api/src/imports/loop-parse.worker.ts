// Reads one Loop file in a worker thread (see loop-parse.ts): the parse neither blocks the API's event loop nor, if
// a file is built to exhaust memory, takes the API process down with it. Each habit is sent as soon as it is read,
// so the worker holds one habit's rows at a time rather than the whole file's.
import { parentPort, workerData } from 'node:worker_threads';
import { emptySkipCounts } from './import-plan.js';
import { loopImportedHabit } from './loop-mapping.js';
import { LoopFormatError, LoopTooLargeError, loopHabits } from './loop-reader.js';
import type { LoopParseMessage } from './loop-parse.js';

const send = (message: LoopParseMessage) => parentPort!.postMessage(message);

function parse(file: Uint8Array): void {
  const skipped = emptySkipCounts();
  try {
    for (const { index, habit } of loopHabits(file)) send({ index, habit: loopImportedHabit(habit, skipped) });
    send({ ok: true, skipped });
  } catch (error) {
    if (!(error instanceof LoopFormatError)) throw error;
    send({ ok: false, tooLarge: error instanceof LoopTooLargeError, field: error.field, message: error.message });
  }
}

parse(workerData as Uint8Array);
