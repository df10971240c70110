/**
 * The engine's side of the worker (a Node worker thread, or a Web Worker on the web): runs the calls client.ts sends
 * with the in-process engine. No Node built-in here: the port is handed in (extension.ts, worker.web.ts).
 */
import { useL10n } from '../l10n';
import { createEngine, ENGINE_METHODS, type Engine, type EngineMethod } from './adapter';

export interface EngineCall {
  id: number;
  method: EngineMethod;
  args: unknown[];
}

export interface EngineReply {
  id: number;
  value?: unknown;
  /** A thrown error, with the PartialsError fields the views use. */
  error?: { name: string; message: string; line?: number; column?: number; code?: string };
}

export function run(engine: Engine, call: EngineCall): EngineReply {
  try {
    if (!ENGINE_METHODS.includes(call.method)) throw new Error(`the engine has no ${String(call.method)}`);
    const fn = engine[call.method] as (...a: unknown[]) => unknown;
    return { id: call.id, value: fn(...call.args) };
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown; line?: unknown; column?: unknown; code?: unknown };
    return {
      id: call.id,
      error: {
        name: typeof err?.name === 'string' ? err.name : 'Error',
        message: typeof err?.message === 'string' ? err.message : String(e),
        ...(typeof err?.line === 'number' ? { line: err.line } : {}),
        ...(typeof err?.column === 'number' ? { column: err.column } : {}),
        ...(typeof err?.code === 'string' ? { code: err.code } : {}),
      },
    };
  }
}

/** The first message a real worker sends: the engine is loaded (budgets count from here, not from thread start). */
export const READY = { ready: true } as const;

/**
 * The first message platform.web.ts posts to a Web Worker (which has no workerData): the host's translations
 * (`vscode.l10n.bundle`, or null in English). It has no `id`, so it is never taken for a call.
 */
export interface L10nInit {
  l10n: unknown;
}

export function isL10nInit(m: unknown): m is L10nInit {
  return typeof m === 'object' && m !== null && Object.prototype.hasOwnProperty.call(m, 'l10n') && !Object.prototype.hasOwnProperty.call(m, 'id');
}

/** The worker's end of the channel: Node's `parentPort` is one; worker.web.ts adapts the Web Worker's global scope. */
export interface EnginePort {
  postMessage(message: EngineReply | typeof READY): void;
  on(event: 'message', listener: (call: EngineCall) => void): unknown;
}

export function serve(port: EnginePort | null | undefined, l10n?: unknown): void {
  // the host's translations (vscode.l10n.bundle): messages built in the worker read in the user's language
  useL10n(l10n);
  const engine = createEngine();
  // Loads the lazily required parser now, so the first request's time is the request's own.
  run(engine, { id: 0, method: 'inspect', args: [{ source: 'x*y', language: 'math' }] });
  port?.postMessage(READY);
  port?.on('message', (call: EngineCall) => {
    const reply = run(engine, call);
    try {
      port.postMessage(reply);
    } catch (e) {
      // A value that cannot be cloned still gets an answer.
      port.postMessage({ id: call.id, error: { name: 'Error', message: `could not return the result: ${(e as Error).message}` } });
    }
  });
}
