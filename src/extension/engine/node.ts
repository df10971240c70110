/**
 * Entry of dist/engine.js, the engine of the Node extension host, in a file of its own so that activation does not
 * load it: run as a worker thread (platform.ts starts it, with `workerData.partialsEngine`) it serves the engine's
 * calls (worker.ts); required on the host (lazy.ts) it is the in-process engine (local.ts), the fallback when no
 * worker can start.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serve } from './worker';

export * from './local';

/**
 * How much nicer the engine's thread is than the extension host: its work is done for the editor, which goes first
 * when they want the same core (the extension host's main thread, and VS Code's own processes: on a machine with
 * few cores a long computation in the worker made the host's short tasks wait for a core).
 */
const WORKER_NICE = 5;

/**
 * Lowers the calling thread's priority by WORKER_NICE (at most to 19): on Linux a thread has a nice value of its
 * own, set through its thread id (which /proc/thread-self names). Elsewhere the process's would change with it: left
 * alone. Never fails.
 */
function yieldToEditor(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // (the main thread's id is the process's: never change the extension host's own priority)
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, Math.min(19, getPriority(tid) + WORKER_NICE));
  } catch {
    // no /proc, or not permitted: the thread keeps its priority
  }
}

if (!isMainThread && (workerData as { partialsEngine?: boolean } | null)?.partialsEngine) {
  yieldToEditor();
  serve(parentPort, (workerData as { l10n?: unknown }).l10n);
}
