/**
 * Entry of dist/engine.js, the engine of the Node extension host, in a file of its own so that activation does not
 * load it: run as a worker thread (platform.ts starts it, with `workerData.partialsEngine`) it serves the engine's
 * calls (worker.ts); required on the host (lazy.ts) it is the in-process engine (local.ts), the fallback when no
 * worker can start.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serve } from './worker';

export * from './local';

if (!isMainThread && (workerData as { partialsEngine?: boolean } | null)?.partialsEngine) {
  serve(parentPort, (workerData as { l10n?: unknown }).l10n);
}
