// Reads one Loop file in a worker thread (see loop-parse.ts): the parse neither blocks the API's event loop nor, if
// a file is built to exhaust memory, takes the API process down with it.
import { parentPort, workerData } from 'node:worker_threads';
import { loopImportPlan } from './loop-mapping.js';
import { LoopFormatError, LoopTooLargeError, readLoopExport } from './loop-reader.js';
import type { LoopParseReply } from './loop-parse.js';

function parse(file: Uint8Array): LoopParseReply {
  try {
    return { ok: true, plan: loopImportPlan(readLoopExport(file)) };
  } catch (error) {
    if (error instanceof LoopFormatError) {
      return { ok: false, tooLarge: error instanceof LoopTooLargeError, field: error.field, message: error.message };
    }
    throw error;
  }
}

parentPort!.postMessage(parse(workerData as Uint8Array));
