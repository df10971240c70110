/**
 * The web worker extension host's platform (vscode.dev, github.dev, a browser workbench such as code-server's): the
 * web build (dist/web/extension.js) uses this file wherever the code imports ./platform. Same exports as platform.ts;
 * no Node built-in (the web build fails if one is imported anywhere: scripts/bundles.mjs, `noNodeBuiltins`).
 */
import * as vscode from 'vscode';
import type { EngineThread } from './engine/client';
import type { EngineCall, EngineReply, READY } from './engine/worker';
import type { Platform } from './platform';

type Reply = EngineReply | typeof READY;

/**
 * A Web Worker, started asynchronously, behind the interface the engine client uses (Node's Worker events): calls
 * posted before it runs wait for it. A worker that cannot be created, whose script does not load, or that throws at
 * the top level reports 'error' (the client then falls back to the in-process engine, since it never answered). A
 * browser worker has no 'exit' and no 'online' event (the engine announces READY itself).
 */
export function webEngineThread(start: Promise<Worker>): EngineThread {
  const onMessage: ((reply: Reply) => void)[] = [];
  const onError: ((e: Error) => void)[] = [];
  const pending: EngineCall[] = [];
  let worker: Worker | undefined;
  let terminated = false;
  const fail = (message: string) => onError.forEach((f) => f(new Error(message)));
  start.then((w) => {
    if (terminated) {
      w.terminate();
      return;
    }
    worker = w;
    w.addEventListener('message', (e: MessageEvent<Reply>) => onMessage.forEach((f) => f(e.data)));
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      fail(e.message || 'the engine worker failed to load or crashed');
    });
    w.addEventListener('messageerror', () => fail('a message from the engine worker could not be read'));
    for (const call of pending.splice(0)) w.postMessage(call);
  }, (e: unknown) => {
    if (!terminated) fail(`the engine worker could not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  const thread = {
    postMessage: (call: EngineCall) => {
      if (worker) worker.postMessage(call);
      else if (!terminated) pending.push(call);
    },
    on(event: 'message' | 'error' | 'exit', listener: (x: never) => void) {
      if (event === 'message') onMessage.push(listener as (reply: Reply) => void);
      else if (event === 'error') onError.push(listener as (e: Error) => void);
      return thread;
    },
    once: () => thread,
    terminate: () => {
      terminated = true;
      pending.length = 0;
      worker?.terminate();
    },
    unref: () => {},
  } as EngineThread;
  return thread;
}

/**
 * Starts the engine's worker from its script. An http(s) or file script starts as it is (the web worker extension host
 * loads it with importScripts, across origins too); the workbench refuses other schemes (a remote window's
 * vscode-remote://, as in code-server), so such a script is read through the file system API and started from a
 * blob: URL.
 */
async function startWorker(script: string): Promise<Worker> {
  const options: WorkerOptions = { name: 'partials-engine' };
  const uri = vscode.Uri.parse(script);
  if (['http', 'https', 'file'].includes(uri.scheme)) return new Worker(script, options);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new Worker(URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/javascript' })), options);
}

export const platform: Platform = {
  kind: 'web',
  // a classic worker script (nested workers are loaded with importScripts in VS Code's web worker host)
  engineScript: (context) => vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'engine.js').toString(),
  startEngineThread: (script) => webEngineThread(startWorker(script)),
  soon: (fn) => {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  },
};
