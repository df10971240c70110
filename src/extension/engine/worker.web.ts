/**
 * Entry of dist/web/engine.js: the engine in a Web Worker, for the web extension host (platform.web.ts starts it).
 * The same protocol as the Node worker thread (worker.ts `serve`), over the worker's global scope.
 */
import { serve } from './worker';

declare const self: {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
};

serve({
  postMessage: (message) => self.postMessage(message),
  on: (_event, listener) => self.addEventListener('message', (e) => listener(e.data as Parameters<typeof listener>[0])),
});
