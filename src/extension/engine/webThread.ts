/**
 * The engine client's view of a browser Web Worker (platform.web.ts starts it). No `vscode` and no Node here, so the
 * plain-Node unit tests drive it with a stand-in worker (test/unit/web-engine.test.ts).
 */
import type { EngineThread } from './client';
import type { EngineCall, EngineReply, READY } from './worker';

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
