/**
 * Timing and reference values for the benchmark: medians over repeated runs, mathjs in a worker that can be
 * stopped, and a high-accuracy numeric derivative (Ridders) that depends on neither engine.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compile } from 'mathjs';
import { buildModel, diff, Displayer, evaluate, inspect, print, type InspectResult } from '../src/core';
import { close, riddersDerivative } from '../test/unit/helpers/numeric';
import type { BenchCase } from './corpus';

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Timing {
  medianMs: number;
  runs: number;
}

/** Runs fn after `warmup` untimed runs, then at least `minRuns` and at most `maxRuns` times within budgetMs. */
export function timeIt<T>(fn: () => T, opts: { warmup: number; minRuns: number; maxRuns: number; budgetMs: number }): { timing: Timing; last: T } {
  const t0 = performance.now();
  let last = fn();
  // A slow case (seconds per call) gets one warm-up and three timed runs, not the full count.
  const slow = performance.now() - t0 > opts.budgetMs / 4;
  for (let i = 1; i < (slow ? 1 : opts.warmup); i++) last = fn();
  const minRuns = slow ? Math.min(3, opts.minRuns) : opts.minRuns;
  const times: number[] = [];
  const start = performance.now();
  while (times.length < opts.maxRuns && (times.length < minRuns || performance.now() - start < opts.budgetMs)) {
    const t0 = performance.now();
    last = fn();
    times.push(performance.now() - t0);
  }
  return { timing: { medianMs: median(times), runs: times.length }, last };
}

// ---- Partials ---------------------------------------------------------------------------------------

/** Everything a user sees: parse → all partials → plain, LaTeX and Unicode forms, values, non-smooth checks. */
export const partialsFull = (c: BenchCase): InspectResult => inspect({ source: c.source, at: c.point, wrt: c.vars });

/** The engine core only: parse → all partials (one reverse sweep) → plain text of each, as mathjs gives. */
export function partialsCore(c: BenchCase): string[] {
  const model = buildModel({ source: c.source, wrt: c.vars });
  const g = model.graph;
  const out = model.outputs[0].node;
  const grads = diff.gradient(g, out, model.inputs.map((v) => g.variable(v)));
  const d = new Displayer(g, grads);
  return grads.map((n) => print(d.of(n), 'plain'));
}

/** The symbolic gradient without display: parse → all partials as graph nodes (one reverse sweep) → values. */
export function partialsGradient(c: BenchCase): number[] {
  const model = buildModel({ source: c.source, wrt: c.vars });
  const g = model.graph;
  const grads = diff.gradient(g, model.outputs[0].node, model.inputs.map((v) => g.variable(v)));
  const values = evaluate(g, grads, c.point);
  return grads.map((n) => values[n]);
}

// ---- mathjs in a worker -----------------------------------------------------------------------------

export type MathjsOutcome =
  | { status: 'ok'; timing: Timing; values: number[]; chars: number }
  | { status: 'timeout'; capMs: number }
  | { status: 'error'; message: string };

interface WorkerReply { ok: boolean; times?: number[]; values?: number[]; chars?: number; error?: string }

/** mathjs `derivative` for every variable, with or without its simplify; stopped (worker terminated) at the cap. */
export class MathjsRunner {
  private worker?: Worker;

  /** A worker that has loaded mathjs: its start-up time is not charged to the case. */
  private async ready(): Promise<Worker> {
    if (this.worker) return this.worker;
    const w = new Worker(join(__dirname, 'mathjs-worker.mjs'));
    await new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
      w.postMessage({});
    });
    w.removeAllListeners('error');
    this.worker = w;
    return w;
  }

  async run(c: BenchCase, simplify: boolean, opts: { reps: number; budgetMs: number; capMs: number }): Promise<MathjsOutcome> {
    if (!c.mathjs) return { status: 'error', message: c.note ?? 'no mathjs form' };
    const w = await this.ready();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        void w.terminate();
        this.worker = undefined;
        resolve({ status: 'timeout', capMs: opts.capMs });
      }, opts.capMs);
      const done = (r: MathjsOutcome) => {
        clearTimeout(timer);
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        resolve(r);
      };
      w.once('message', (m: WorkerReply) => done(m.ok
        ? { status: 'ok', timing: { medianMs: median(m.times!), runs: m.times!.length }, values: m.values!, chars: m.chars! }
        : { status: 'error', message: m.error ?? 'unknown error' }));
      w.once('error', (e) => {
        this.worker = undefined;
        done({ status: 'error', message: e.message });
      });
      w.postMessage({ expr: c.mathjs, vars: c.vars, point: c.point, simplify, reps: opts.reps, budgetMs: opts.budgetMs });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

// ---- the numeric reference --------------------------------------------------------------------------

/** f evaluated by mathjs (not by Partials): the last statement's value of the Partials source. */
export function referenceFunction(c: BenchCase): (point: Record<string, number>) => number {
  const code = compile(c.source);
  return (point) => {
    const r = code.evaluate({ ...point }) as unknown;
    const last = r && typeof r === 'object' && 'entries' in r ? (r as { entries: unknown[] }).entries.at(-1) : r;
    return Number(last);
  };
}

export interface Reference {
  values: number[];
  /** Ridders' own error estimate is small: the reference can judge this partial. */
  confident: boolean[];
}

export function numericReference(c: BenchCase): Reference {
  const f = referenceFunction(c);
  const values: number[] = [];
  const confident: boolean[] = [];
  for (const v of c.vars) {
    const at = { ...c.point };
    const r = riddersDerivative((t) => f({ ...at, [v]: t }), c.point[v], 0.05);
    values.push(r.value);
    confident.push(Number.isFinite(r.value) && r.error <= 1e-8 * Math.max(1, Math.abs(r.value)));
  }
  return { values, confident };
}

export const RTOL = 1e-6;

export interface Agreement {
  ok: number;
  total: number;
  maxRelError: number;
}

/** How many partials agree with the reference (where it is confident) to RTOL relative. */
export function agreement(values: readonly number[], ref: Reference): Agreement {
  let ok = 0, total = 0, maxRelError = 0;
  values.forEach((v, i) => {
    if (!ref.confident[i]) return;
    total++;
    const r = ref.values[i];
    // relative where |r| ≥ 1, absolute below (a partial that is ~0 has no meaningful relative error)
    const err = Math.abs(v - r) / Math.max(Math.abs(r), 1);
    maxRelError = Number.isFinite(err) ? Math.max(maxRelError, err) : Infinity;
    if (close(v, r, RTOL, 1e-9)) ok++;
  });
  return { ok, total, maxRelError };
}
