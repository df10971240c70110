/**
 * Entry of dist/web/engine.js: the engine in a Web Worker, for the web extension host (platform.web.ts starts it).
 * The same protocol as the Node worker thread (worker.ts `serve`), over the worker's global scope.
 *
 * A Web Worker has no workerData: the host's translations come as the first message (`L10nInit`, posted by
 * platform.web.ts before any call), so messages built in the worker read in the user's language on the web too.
 * A first message that is a call (a worker started by anything else) is served in English, and answered.
 */
import { isL10nInit, serve, type EngineCall } from './worker';

declare const self: {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
};

const listeners: ((call: EngineCall) => void)[] = [];
let started = false;
self.addEventListener('message', (e) => {
  if (!started) {
    started = true;
    const init = isL10nInit(e.data);
    serve({ postMessage: (message) => self.postMessage(message), on: (_event, listener) => listeners.push(listener) }, init ? (e.data as { l10n: unknown }).l10n : undefined);
    if (init) return;
  }
  for (const listener of listeners) listener(e.data as EngineCall);
});
