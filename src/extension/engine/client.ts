/**
 * The one way the extension reaches the engine: `call(method, args, { signal, budgetMs })`, asynchronous and
 * cancellable, served by a worker (a Node worker thread; a Web Worker in the web extension host, see platform.ts) so
 * even a slow inspection never blocks the extension host (other
 * extensions, hovers, typing stay responsive). The inspector, the hover, the `.dx` views and every command use it.
 *
 * - A caller that aborts its signal stops waiting at once; work nobody waits for any more is dropped from the
 *   queue, and work already running is stopped (worker terminated, a fresh one started) when it runs past
 *   KILL_AFTER_MS.
 * - A budget (budgetMs) bounds the engine's work for one call: past it the call rejects with BudgetError.
 * - The worker has a heap limit; a worker that dies (out of memory, or an `exit` without an `error` event) fails
 *   what it was running at once and the queue goes on in a new worker.
 * - If no worker can be started, the same engine runs in-process (the fallback only).
 */
import { platform } from '../platform';
// types only: the engine itself (adapter.ts) is not part of the host's bundle; the worker checks the method names
// against ENGINE_METHODS (worker.ts), the in-process engine by its own keys (runLocal)
import type { Engine, EngineMethod } from './adapter';
import { l10nBundle, t } from '../l10n';
import type { EngineCall, EngineReply, READY } from './worker';

export interface CallOptions {
  /** Abort to stop waiting (the call rejects with CancelledError). */
  signal?: AbortSignal;
  /** Milliseconds of engine work this call may take (a thread still starting does not count). */
  budgetMs?: number;
}

export type EngineResult<M extends EngineMethod> = ReturnType<Engine[M]>;

export interface AsyncEngine {
  call<M extends EngineMethod>(method: M, args: Parameters<Engine[M]>, opts?: CallOptions): Promise<EngineResult<M>>;
  dispose(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'CancelledError';
  }
}

/** The call's budget ran out (its work goes on only if someone else still waits for it). */
export class BudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(t('The engine needed more than {0} ms.', budgetMs));
    this.name = 'BudgetError';
  }
}

export const isCancelled = (e: unknown): boolean => e instanceof Error && e.name === 'CancelledError';
export const isOverBudget = (e: unknown): e is BudgetError => e instanceof Error && e.name === 'BudgetError';

/** Rebuilds an engine error from the worker so the views read it like the original (name, line, column, code). */
function revive(e: NonNullable<EngineReply['error']>): Error {
  const err = new Error(e.message) as Error & { line?: number; column?: number; code?: string };
  err.name = e.name;
  if (e.line !== undefined) err.line = e.line;
  if (e.column !== undefined) err.column = e.column;
  if (e.code !== undefined) err.code = e.code;
  return err;
}

/** Runs one call on the in-process engine (after the event that asked for it), unless already aborted. */
function runLocal<M extends EngineMethod>(engine: Engine, method: M, args: Parameters<Engine[M]>, signal?: AbortSignal): Promise<EngineResult<M>> {
  return new Promise((resolve, reject) => {
    platform.soon(() => {
      if (signal?.aborted) return reject(new CancelledError());
      try {
        if (!Object.hasOwn(engine, method) || typeof engine[method] !== 'function') throw new Error(`the engine has no ${String(method)}`);
        resolve((engine[method] as (...a: unknown[]) => EngineResult<M>)(...args));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** The same interface over the in-process engine: the fallback when no worker thread can start. */
export function inProcess(engine: Engine): AsyncEngine {
  return {
    call: (method, args, opts) => runLocal(engine, method, args, opts?.signal),
    dispose: () => {},
  };
}

interface Waiter {
  resolve(v: unknown): void;
  reject(e: Error): void;
  budgetMs?: number;
  budgetTimer?: ReturnType<typeof setTimeout>;
  detach?: () => void;
}

/** A request for the worker, and everyone waiting for its answer (an identical request joins the one in flight). */
interface Job {
  id: number;
  method: EngineMethod;
  args: unknown[];
  /** Cache key; undefined for requests too big to cache. */
  key: string | undefined;
  waiters: Waiter[];
  /** When it was sent to the worker. */
  sentAt?: number;
  /** When the worker started on it (online); budgets count from here. */
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Someone's budget ran out on it: nobody else waiting means it is stopped at once. */
  overBudget?: boolean;
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
/**
 * The engine's worker as the client sees it: the part of Node's `Worker` it uses. A Node worker thread is one as it
 * is; platform.web.ts wraps a Web Worker in it (which never emits 'exit' or 'online').
 */
export interface EngineThread {
  postMessage(call: EngineCall): void;
  on(event: 'message', listener: (reply: EngineReply | typeof READY) => void): this;
  on(event: 'error', listener: (e: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  once(event: 'online', listener: () => void): this;
  terminate(): unknown;
  unref(): void;
}

export type WorkerFactory = (script: string) => EngineThread;
// the host's translations go to the worker, so messages built there read in the user's language
const defaultWorker: WorkerFactory = (script) => platform.startEngineThread(script, { l10n: l10nBundle() });

export class WorkerEngine implements AsyncEngine {
  private worker: EngineThread | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private readonly cache = new Map<string, unknown>();
  private nextId = 1;
  private fallback: AsyncEngine | undefined;
  private disposed = false;
  private readonly online = new WeakSet<EngineThread>();
  /** Counters for tests and diagnostics. */
  readonly stats = { sent: 0, cacheHits: 0, joined: 0, killed: 0, spawned: 0 };

  constructor(
    /** The script that serves the engine when started as a worker (dist/engine.js; dist/web/engine.js on the web). */
    private readonly script: string,
    /** The in-process engine (the fallback), or a function that loads it at the first need. */
    private readonly local: Engine | (() => Engine),
    /** The budget of a call that gives none. */
    private readonly timeoutMs = 60_000,
    /** Starts a worker; tests pass a fake. */
    private readonly makeWorker: WorkerFactory = defaultWorker,
    /**
     * The worker says when its engine is loaded (worker.ts READY) and budgets count from then; otherwise (test
     * fakes) from the thread's start.
     */
    private readonly announcesReady = makeWorker === defaultWorker,
  ) {}

  private loadedLocal: Engine | undefined;
  private localEngine(): Engine {
    this.loadedLocal ??= typeof this.local === 'function' ? this.local() : this.local;
    return this.loadedLocal;
  }

  /** Where requests run: 'worker' once a worker thread is up, 'in-process' after falling back. */
  get mode(): 'worker' | 'in-process' | 'not started' {
    return this.fallback ? 'in-process' : this.worker ? 'worker' : 'not started';
  }

  /** Starts the worker ahead of the first request (it takes a few hundred milliseconds to load the engine). */
  warm(): void {
    if (!this.fallback && !this.disposed) this.worker ??= this.spawn();
  }

  /** Nobody waits any more for anything in flight: every call rejects with CancelledError. */
  cancel(): void {
    for (const job of [...this.queue, ...(this.running ? [this.running] : [])]) {
      for (const w of [...job.waiters]) this.leave(job, w, new CancelledError());
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.queue.length = 0;
    this.stopWorker();
  }

  call<M extends EngineMethod>(method: M, args: Parameters<Engine[M]>, opts: CallOptions = {}): Promise<EngineResult<M>> {
    if (typeof method !== 'string') return Promise.reject(new Error(`the engine has no ${String(method)}`));
    if (this.disposed || opts.signal?.aborted) return Promise.reject(new CancelledError());
    if (!this.fallback) this.worker ??= this.spawn();
    if (this.fallback || !this.worker) return (this.fallback ?? inProcess(this.localEngine())).call(method, args, opts);
    let key: string | undefined = `${method}\u0000${JSON.stringify(args)}`;
    if (key.length > CACHE_MAX_KEY) key = undefined;
    if (key !== undefined && this.cache.has(key)) {
      const value = this.cache.get(key);
      this.remember(key, value);
      this.stats.cacheHits++;
      return Promise.resolve(structuredClone(value) as EngineResult<M>);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve: resolve as (v: unknown) => void, reject, budgetMs: opts.budgetMs ?? this.timeoutMs };
      // The same request in flight (a live update, then Inspect on the same selection): wait for its answer.
      let job = key === undefined ? undefined : [this.running, ...this.queue].find((j) => j?.key === key);
      if (job) this.stats.joined++;
      else {
        job = { id: this.nextId++, method, args, key, waiters: [] };
        this.queue.push(job);
      }
      job.waiters.push(waiter);
      const theJob = job;
      if (opts.signal) {
        const onAbort = () => this.leave(theJob, waiter, new CancelledError());
        opts.signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => opts.signal?.removeEventListener('abort', onAbort);
      }
      if (this.running === job && job.startedAt !== undefined) this.startBudget(job, waiter);
      this.pump();
    });
  }

  /** One caller stops waiting (cancelled, over budget); work nobody waits for is dropped or stopped. */
  private leave(job: Job, waiter: Waiter, err: Error): void {
    const i = job.waiters.indexOf(waiter);
    if (i < 0) return;
    job.waiters.splice(i, 1);
    this.settle(waiter);
    waiter.reject(err);
    if (job.waiters.length) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return;
    }
    if (this.running !== job) return;
    // Slow work nobody wants is stopped; short work finishes in the same worker (its answer is cached).
    const left = job.overBudget ? 0 : KILL_AFTER_MS - (Date.now() - (job.startedAt ?? job.sentAt ?? Date.now()));
    const stopIfStill = () => {
      if (this.running === job && !job.waiters.length) this.restart();
    };
    if (left <= 0) stopIfStill();
    else setTimeout(stopIfStill, left).unref?.();
  }

  private settle(w: Waiter): void {
    if (w.budgetTimer) clearTimeout(w.budgetTimer);
    w.detach?.();
  }

  private startBudget(job: Job, w: Waiter): void {
    if (w.budgetMs === undefined || w.budgetTimer) return;
    const spent = Date.now() - (job.startedAt ?? Date.now());
    w.budgetTimer = setTimeout(() => {
      if (!job.waiters.includes(w)) return;
      job.overBudget = true;
      this.leave(job, w, w.budgetMs === this.timeoutMs
        ? new Error(t('The engine took longer than {0} s on this selection; select less.', Math.round(this.timeoutMs / 1000)))
        : new BudgetError(w.budgetMs!));
    }, Math.max(0, w.budgetMs - spent));
  }

  private failAll(job: Job, err: Error): void {
    for (const w of job.waiters.splice(0)) {
      this.settle(w);
      w.reject(err);
    }
  }

  private stopWorker(): void {
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

  /** From now on everything runs in-process, including what was waiting for the worker. */
  private fallBack(waiting: Job[]): void {
    this.fallback = inProcess(this.localEngine());
    for (const job of waiting) {
      for (const w of job.waiters.splice(0)) {
        this.settle(w);
        this.fallback.call(job.method, job.args as never).then(w.resolve, w.reject);
      }
    }
  }

  private spawn(): EngineThread | undefined {
    try {
      const w = this.makeWorker(this.script);
      this.stats.spawned++;
      w.unref();
      let answered = false;
      let failed = false;
      const ready = () => {
        this.online.add(w);
        if (this.worker === w && this.running) this.started(this.running);
      };
      if (!this.announcesReady) w.once('online', ready);
      w.on('message', (reply: EngineReply | typeof READY) => {
        if ('ready' in reply) {
          ready();
          return;
        }
        // the first answer's time includes loading the engine: it says nothing about the answer's size
        const first = !answered;
        answered = true;
        if (this.worker !== w) return;
        const job = this.running;
        if (!job || job.id !== reply.id) return;
        this.running = undefined;
        const took = Date.now() - (job.startedAt ?? job.sentAt ?? Date.now());
        if (reply.error) this.failAll(job, revive(reply.error));
        else {
          // Callers may change what they get (warnings are appended): the cache keeps its own copy.
          const cached = job.key !== undefined && (took <= CACHE_MAX_MS || first);
          if (cached) this.remember(job.key!, reply.value);
          const waiters = job.waiters.splice(0);
          waiters.forEach((wt, i) => {
            this.settle(wt);
            wt.resolve(i === 0 && !cached ? reply.value : structuredClone(reply.value));
          });
        }
        this.pump();
      });
      w.on('error', (e) => {
        failed = true;
        const message = e instanceof Error ? e.message : String(e);
        if (this.worker !== w) return;
        const job = this.running;
        this.stopWorker();
        const oom = /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(e as { code?: string }).code ?? ''} ${message}`);
        if (!answered && !oom) {
          // The worker could not even start (its script did not load): run in-process from now on, including
          // what was waiting. (Not after running out of memory: the host's heap would be next.)
          console.warn(`Partials: running the engine in-process (the worker did not start: ${message})`);
          this.fallBack([...(job ? [job] : []), ...this.queue.splice(0)]);
          return;
        }
        console.warn(`Partials: the engine worker failed: ${message}`);
        if (job) this.failAll(job, new Error(oom ? t('The engine ran out of memory on this selection; select less.') : t('The engine failed: {0}', message)));
        if (!this.disposed) this.worker = this.spawn();
        this.pump();
      });
      w.on('exit', (code) => {
        if (this.worker !== w || failed) return;
        // Stopped from outside or crashed without an error event: what it was running fails now (not at its
        // timeout), and the queue goes on with a new worker.
        const job = this.running;
        this.stopWorker();
        if (job) this.failAll(job, new Error(t('The engine worker stopped (exit code {0}).', code)));
        if (!answered && !this.online.has(w)) {
          this.fallBack(this.queue.splice(0));
          return;
        }
        this.pump();
      });
      return w;
    } catch (e) {
      // No worker threads here: run in-process from now on.
      console.warn(`Partials: running the engine in-process (no worker thread: ${e instanceof Error ? e.message : String(e)})`);
      this.fallback = inProcess(this.localEngine());
      return undefined;
    }
  }

  private remember(key: string, value: unknown): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The worker is working on `job` now: the budgets start. */
  private started(job: Job): void {
    if (job.startedAt !== undefined) return;
    job.startedAt = Date.now();
    for (const w of [...job.waiters]) this.startBudget(job, w);
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
      this.fallBack([job]);
      this.pump();
      return;
    }
    this.running = job;
    job.sentAt = Date.now();
    // The budgets are for the engine's work: a thread still starting (slow on a busy machine) does not count.
    if (this.online.has(worker)) this.started(job);
    this.stats.sent++;
    worker.postMessage({ id: job.id, method: job.method, args: job.args } satisfies EngineCall);
  }
}
