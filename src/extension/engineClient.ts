/**
 * The inspector's engine runs in a worker thread, so even a slow inspection never blocks the extension host
 * (other extensions, hovers, commands stay responsive). A newer request terminates work in flight (real
 * cancellation, not just ignoring the answer), and a request that runs too long is stopped. If a worker cannot
 * be started, the same engine runs in-process.
 */
import { Worker } from 'node:worker_threads';
import type { GraphView, InspectRequest, InspectResult } from '../core/api';
import type { CodegenResult, TargetId } from '../core/codegen';
import type { CheckOptions, CodeOptions, EngineAdapter } from './engine';
import type { EngineCall, EngineMethod, EngineReply } from './engineWorker';
import type { ChecksView, SweepView } from '../webview/protocol';
import type { Features } from './viewModel';

export interface AsyncEngine {
  features: Features;
  inspect(req: InspectRequest): Promise<InspectResult>;
  graph(req: InspectRequest, output?: string): Promise<GraphView>;
  check?(req: InspectRequest, opts: CheckOptions): Promise<{ checks: ChecksView; sweep?: SweepView }>;
  code?(req: InspectRequest, opts: CodeOptions): Promise<CodegenResult>;
  partialCode?(partials: Array<{ of: string; wrt: string; expr: string }>, target: TargetId): Promise<Map<string, string>>;
  /** Abandons every request in flight (they reject with CancelledError). */
  cancel(): void;
  dispose(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'CancelledError';
  }
}

/** Rebuilds an engine error from the worker so the views read it like the original (name, line, column, code). */
function revive(e: NonNullable<EngineReply['error']>): Error {
  const err = new Error(e.message) as Error & { line?: number; column?: number; code?: string };
  err.name = e.name;
  if (e.line !== undefined) err.line = e.line;
  if (e.column !== undefined) err.column = e.column;
  if (e.code !== undefined) err.code = e.code;
  return err;
}

/** The same interface over the in-process engine (fallback, and where a worker is not wanted). */
export function inProcess(engine: EngineAdapter): AsyncEngine {
  const wrap = <A extends unknown[], R>(fn: ((...a: A) => R) | undefined) =>
    fn ? (...a: A): Promise<R> => new Promise<R>((resolve) => resolve(fn(...a))) : undefined;
  return {
    features: engine.features,
    inspect: wrap(engine.inspect)!,
    graph: wrap(engine.graph)!,
    check: wrap(engine.check),
    code: wrap(engine.code),
    partialCode: wrap(engine.partialCode),
    cancel: () => {},
    dispose: () => {},
  };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
  method: EngineMethod;
  args: unknown[];
}

export class WorkerEngine implements AsyncEngine {
  readonly features: Features;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private fallback: AsyncEngine | undefined;

  constructor(
    /** The script that serves the engine when started as a worker (dist/extension.js itself). */
    private readonly script: string,
    private readonly local: EngineAdapter,
    private readonly timeoutMs = 60_000,
  ) {
    this.features = local.features;
  }

  inspect(req: InspectRequest): Promise<InspectResult> {
    return this.call('inspect', [req]) as Promise<InspectResult>;
  }
  graph(req: InspectRequest, output?: string): Promise<GraphView> {
    return this.call('graph', [req, output]) as Promise<GraphView>;
  }
  check(req: InspectRequest, opts: CheckOptions): Promise<{ checks: ChecksView; sweep?: SweepView }> {
    return this.call('check', [req, opts]) as Promise<{ checks: ChecksView; sweep?: SweepView }>;
  }
  code(req: InspectRequest, opts: CodeOptions): Promise<CodegenResult> {
    return this.call('code', [req, opts]) as Promise<CodegenResult>;
  }
  partialCode(partials: Array<{ of: string; wrt: string; expr: string }>, target: TargetId): Promise<Map<string, string>> {
    return this.call('partialCode', [partials, target]) as Promise<Map<string, string>>;
  }

  /** Where requests run: 'worker' once a worker thread is up, 'in-process' after falling back. */
  get mode(): 'worker' | 'in-process' | 'not started' {
    return this.fallback ? 'in-process' : this.worker ? 'worker' : 'not started';
  }

  /** Starts the worker ahead of the first request (it takes a few hundred milliseconds to load the engine). */
  warm(): void {
    if (!this.fallback) this.worker ??= this.spawn();
  }

  cancel(): void {
    if (!this.pending.size) return;
    // The worker is busy with work nobody wants any more: stop it (a fresh one starts on the next call).
    this.failAll(new CancelledError());
    void this.worker?.terminate();
    this.worker = undefined;
  }

  dispose(): void {
    this.failAll(new CancelledError());
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private spawn(): Worker | undefined {
    try {
      const w = new Worker(this.script, { workerData: { partialsEngine: true } });
      w.unref();
      let answered = false;
      w.on('message', (reply: EngineReply) => {
        answered = true;
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        clearTimeout(p.timer);
        if (reply.error) p.reject(revive(reply.error));
        else p.resolve(reply.value);
      });
      w.on('error', (e) => {
        const message = e instanceof Error ? e.message : String(e);
        if (this.worker === w) this.worker = undefined;
        if (!answered) {
          // The worker could not even start: run in-process from now on, including what was waiting.
          console.warn(`Partials: running the engine in-process (the worker did not start: ${message})`);
          this.fallback = inProcess(this.local);
          const waiting = [...this.pending.values()];
          this.pending.clear();
          for (const p of waiting) {
            clearTimeout(p.timer);
            const fn = this.fallback[p.method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
            (fn ? fn(...p.args) : Promise.reject(new Error(`the engine has no ${p.method}`))).then(p.resolve, p.reject);
          }
          return;
        }
        console.warn(`Partials: the engine worker failed: ${message}`);
        this.failAll(e instanceof Error ? e : new Error(message));
      });
      w.on('exit', () => {
        if (this.worker === w) this.worker = undefined;
      });
      return w;
    } catch (e) {
      // No worker threads here: run in-process from now on.
      console.warn(`Partials: running the engine in-process (no worker thread: ${e instanceof Error ? e.message : String(e)})`);
      this.fallback = inProcess(this.local);
      return undefined;
    }
  }

  private call(method: EngineMethod, args: unknown[]): Promise<unknown> {
    if (!this.fallback) this.worker ??= this.spawn();
    const worker = this.worker;
    if (this.fallback || !worker) {
      const fb = this.fallback ?? inProcess(this.local);
      const fn = fb[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      return fn ? fn(...args) : Promise.reject(new Error(`the engine has no ${method}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Too slow: stop the worker so it does not keep a core busy, and say why.
        this.pending.delete(id);
        reject(new Error(`The engine took longer than ${Math.round(this.timeoutMs / 1000)} s on this selection; select less.`));
        this.failAll(new CancelledError());
        void worker.terminate();
        if (this.worker === worker) this.worker = undefined;
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method, args });
      worker.postMessage({ id, method, args } satisfies EngineCall);
    });
  }
}
