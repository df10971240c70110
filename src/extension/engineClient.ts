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
import type { ChecksView, SweepView } from '../shared/protocol';
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

/** A request for the worker, and everyone waiting for its answer (an identical request joins the one in flight). */
interface Job {
  id: number;
  method: EngineMethod;
  args: unknown[];
  /** Cache key; undefined for requests too big to cache. */
  key: string | undefined;
  waiters: Array<{ resolve(v: unknown): void; reject(e: Error): void }>;
  /** When it was sent to the worker. */
  sentAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Answers kept for repeated requests (an Inspect of what a live update just computed, a re-render). */
const CACHE_ENTRIES = 16;
/** Requests whose arguments serialise longer than this are not cached (nor are answers that took long: big). */
const CACHE_MAX_KEY = 8000;
const CACHE_MAX_MS = 200;
/**
 * A superseded request still running after this long is stopped (its worker terminated, a new one started):
 * starting a worker costs a few hundred milliseconds, so shorter work is left to finish (its answer is cached).
 */
export const KILL_AFTER_MS = 300;

export class WorkerEngine implements AsyncEngine {
  readonly features: Features;
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private readonly cache = new Map<string, unknown>();
  private nextId = 1;
  private fallback: AsyncEngine | undefined;
  private disposed = false;
  private readonly online = new WeakSet<Worker>();
  /** Counters for tests and diagnostics. */
  readonly stats = { sent: 0, cacheHits: 0, joined: 0, killed: 0, spawned: 0 };

  constructor(
    /** The script that serves the engine when started as a worker (dist/extension.js itself). */
    private readonly script: string,
    private readonly local: EngineAdapter,
    private readonly timeoutMs = 60_000,
    /** Starts a worker; tests pass a fake. */
    private readonly makeWorker: (script: string) => Worker = (script) => new Worker(script, { workerData: { partialsEngine: true } }),
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
    if (!this.fallback && !this.disposed) this.worker ??= this.spawn();
  }

  /**
   * Nobody waits any more for the requests in flight: they reject with CancelledError. Queued requests are
   * dropped; the one the worker is running finishes (its answer is cached) unless it runs past KILL_AFTER_MS,
   * then the worker is stopped and a fresh one started.
   */
  cancel(): void {
    for (const job of this.queue) this.rejectAll(job, new CancelledError());
    this.queue.length = 0;
    const job = this.running;
    if (!job || !job.waiters.length) return;
    this.rejectAll(job, new CancelledError());
    const left = KILL_AFTER_MS - (Date.now() - (job.sentAt ?? Date.now()));
    const stopIfStill = () => {
      if (this.running === job && !job.waiters.length) this.restart();
    };
    if (left <= 0) stopIfStill();
    else setTimeout(stopIfStill, left).unref?.();
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue) this.rejectAll(job, new CancelledError());
    this.queue.length = 0;
    if (this.running) this.rejectAll(this.running, new CancelledError());
    this.stopWorker();
  }

  private rejectAll(job: Job, err: Error): void {
    const waiters = job.waiters.splice(0);
    for (const w of waiters) w.reject(err);
  }

  private stopWorker(): void {
    if (this.running?.timer) clearTimeout(this.running.timer);
    this.running = undefined;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  /** Stops the worker (what it runs is abandoned), starts a new one and goes on with the queue. */
  private restart(): void {
    this.stats.killed++;
    this.stopWorker();
    if (!this.disposed && !this.fallback) this.worker = this.spawn();
    this.pump();
  }

  private spawn(): Worker | undefined {
    try {
      const w = this.makeWorker(this.script);
      this.stats.spawned++;
      w.unref();
      w.once('online', () => this.online.add(w));
      let answered = false;
      w.on('message', (reply: EngineReply) => {
        // the first answer's time includes loading the engine: it says nothing about the answer's size
        const first = !answered;
        answered = true;
        if (this.worker !== w) return;
        const job = this.running;
        if (!job || job.id !== reply.id) return;
        clearTimeout(job.timer);
        this.running = undefined;
        const took = Date.now() - (job.sentAt ?? Date.now());
        if (reply.error) this.rejectAll(job, revive(reply.error));
        else {
          // Callers may change what they get (warnings are appended): the cache keeps its own copy.
          const cached = job.key !== undefined && (took <= CACHE_MAX_MS || first);
          if (cached) this.remember(job.key!, reply.value);
          const waiters = job.waiters.splice(0);
          waiters.forEach((wt, i) => wt.resolve(i === 0 && !cached ? reply.value : structuredClone(reply.value)));
        }
        this.pump();
      });
      w.on('error', (e) => {
        const message = e instanceof Error ? e.message : String(e);
        if (this.worker !== w) return;
        const waiting = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
        this.stopWorker();
        if (!answered) {
          // The worker could not even start: run in-process from now on, including what was waiting.
          console.warn(`Partials: running the engine in-process (the worker did not start: ${message})`);
          this.fallback = inProcess(this.local);
          for (const job of waiting) {
            const fn = this.fallback[job.method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
            for (const wt of job.waiters.splice(0)) (fn ? fn(...job.args) : Promise.reject(new Error(`the engine has no ${job.method}`))).then(wt.resolve, wt.reject);
          }
          return;
        }
        console.warn(`Partials: the engine worker failed: ${message}`);
        const err = e instanceof Error ? e : new Error(message);
        for (const job of waiting) this.rejectAll(job, err);
      });
      w.on('exit', () => {
        if (this.worker !== w) return;
        // Stopped from outside (or crashed): what it was running is lost; the queue goes on with a new worker.
        const job = this.running;
        this.stopWorker();
        if (job) this.rejectAll(job, new Error('the engine worker stopped'));
        this.pump();
      });
      return w;
    } catch (e) {
      // No worker threads here: run in-process from now on.
      console.warn(`Partials: running the engine in-process (no worker thread: ${e instanceof Error ? e.message : String(e)})`);
      this.fallback = inProcess(this.local);
      return undefined;
    }
  }

  private remember(key: string, value: unknown): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }

  private call(method: EngineMethod, args: unknown[]): Promise<unknown> {
    if (this.disposed) return Promise.reject(new CancelledError());
    if (!this.fallback) this.worker ??= this.spawn();
    if (this.fallback || !this.worker) {
      const fb = this.fallback ?? inProcess(this.local);
      const fn = fb[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      return fn ? fn(...args) : Promise.reject(new Error(`the engine has no ${method}`));
    }
    let key: string | undefined = `${method}\u0000${JSON.stringify(args)}`;
    if (key.length > CACHE_MAX_KEY) key = undefined;
    if (key !== undefined && this.cache.has(key)) {
      const value = this.cache.get(key);
      this.remember(key, value);
      this.stats.cacheHits++;
      return Promise.resolve(structuredClone(value));
    }
    return new Promise((resolve, reject) => {
      // The same request in flight (a live update, then Inspect on the same selection): wait for its answer.
      const same = key === undefined ? undefined : [this.running, ...this.queue].find((j) => j?.key === key);
      if (same) {
        this.stats.joined++;
        same.waiters.push({ resolve, reject });
        return;
      }
      this.queue.push({ id: this.nextId++, method, args, key, waiters: [{ resolve, reject }] });
      this.pump();
    });
  }

  /** Sends the next request someone still waits for, when the worker is free. */
  private pump(): void {
    if (this.running || this.disposed) return;
    let job: Job | undefined;
    while ((job = this.queue.shift()) && !job.waiters.length) { /* dropped: nobody waits */ }
    if (!job) return;
    if (!this.fallback) this.worker ??= this.spawn();
    const worker = this.worker;
    if (!worker) {
      // fell back to in-process while it was queued
      const fb = this.fallback ?? inProcess(this.local);
      const fn = fb[job.method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      for (const wt of job.waiters.splice(0)) (fn ? fn(...job.args) : Promise.reject(new Error(`the engine has no ${job.method}`))).then(wt.resolve, wt.reject);
      this.pump();
      return;
    }
    const running = job;
    this.running = running;
    running.sentAt = Date.now();
    const startTimer = () => {
      if (this.running !== running) return;
      running.timer = setTimeout(() => {
        // Too slow: stop the worker so it does not keep a core busy, and say why.
        if (this.running !== running) return;
        this.rejectAll(running, new Error(`The engine took longer than ${Math.round(this.timeoutMs / 1000)} s on this selection; select less.`));
        this.restart();
      }, this.timeoutMs);
    };
    // The time limit is for the engine's work: a thread still starting (slow on a busy machine) does not count.
    if (this.online.has(worker)) startTimer();
    else worker.once('online', startTimer);
    this.stats.sent++;
    worker.postMessage({ id: running.id, method: running.method, args: running.args } satisfies EngineCall);
  }
}
