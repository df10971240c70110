/**
 * The web worker extension host's platform (vscode.dev, github.dev, code-server's web worker host): the web build
 * (dist/web/extension.js) uses this file wherever the code imports ./platform. Same exports as platform.ts; no Node
 * built-in (the web build fails if one is imported anywhere: scripts/bundles.mjs, `noNodeBuiltins`).
 */
import type { EngineThread } from './engine/client';
import type { EngineCall, EngineReply, READY } from './engine/worker';
import type { Platform } from './platform';

type Listener = (...args: never[]) => void;

/**
 * A Web Worker behind the interface the engine client uses (Node's Worker events). A worker whose script does not
 * load, or that throws at the top level, reports 'error' (the client then falls back to the in-process engine when
 * it never answered); a browser worker has no 'exit' event and no 'online' event (the engine announces READY).
 */
export function webEngineThread(worker: Worker): EngineThread {
  const thread: EngineThread = {
    postMessage: (call: EngineCall) => worker.postMessage(call),
    on(event: string, listener: Listener) {
      if (event === 'message') {
        worker.addEventListener('message', (e: MessageEvent<EngineReply | typeof READY>) => (listener as (m: EngineReply | typeof READY) => void)(e.data));
      } else if (event === 'error') {
        const fail = (message: string) => (listener as (e: Error) => void)(new Error(message));
        worker.addEventListener('error', (e: ErrorEvent) => {
          e.preventDefault();
          fail(e.message || 'the engine worker failed to load or crashed');
        });
        worker.addEventListener('messageerror', () => fail('a message from the engine worker could not be read'));
      }
      return thread;
    },
    once(_event: 'online', _listener: () => void) {
      return thread;
    },
    terminate: () => worker.terminate(),
    unref: () => {},
  } as EngineThread;
  return thread;
}

export const platform: Platform = {
  kind: 'web',
  // a classic worker script (VS Code's web worker host loads nested workers with importScripts)
  engineScript: (context) => context.extensionUri.with({ path: `${context.extensionUri.path.replace(/\/$/, '')}/dist/web/engine.js` }).toString(true),
  startEngineThread: (script) => webEngineThread(new Worker(script, { name: 'partials-engine' })),
  soon: (fn) => {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  },
  utf8Base64: (text) => {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  },
};
