import { mulberry32 } from '../src/core/random';

/**
 * The benchmark corpus: expressions in families, generated deterministically (a fixed seed, no clock),
 * written only with functions both Partials and mathjs know, so both engines get the same text.
 */

export interface BenchCase {
  family: string;
  name: string;
  /** Source given to Partials. */
  source: string;
  /** The same function as one mathjs expression (undefined when mathjs cannot parse it, see `note`). */
  mathjs?: string;
  /** Variables, in order: every one is differentiated. */
  vars: string[];
  point: Record<string, number>;
  /** Size parameter of scaling families (variables or depth). */
  n?: number;
  note?: string;
}

/** The benchmarks draw from the engine's own deterministic generator. */
export const rng = mulberry32;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A point with every coordinate in [lo, hi], rounded to two decimals (fixed per case). */
function pointFor(vars: string[], seed: number, lo = 0.3, hi = 1.2): Record<string, number> {
  const r = rng(seed);
  const p: Record<string, number> = {};
  for (const v of vars) p[v] = round2(lo + (hi - lo) * r()) || 0.5;
  return p;
}

function plain(family: string, name: string, expr: string, vars: string[], seed: number, n?: number): BenchCase {
  return { family, name, source: expr, mathjs: expr, vars, point: pointFor(vars, seed), n };
}

// ---- small random expressions ---------------------------------------------------------------------

/** A random smooth expression over x, y, z with about `size` operations, well-defined on [0.3, 1.2]^3. */
export function randomExpression(r: () => number, size: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const leaf = () => pick(['x', 'y', 'z', 'x', 'y', 'z', '2', '0.5', '3', 'pi']);
  const gen = (budget: number): string => {
    if (budget <= 0) return leaf();
    const k = r();
    if (k < 0.45) {
      const left = Math.floor((budget - 1) * r());
      return `(${gen(left)} ${pick(['+', '-', '*', '*'])} ${gen(budget - 1 - left)})`;
    }
    if (k < 0.55) {
      const left = Math.floor((budget - 1) * r());
      return `${gen(left)} / (1 + (${gen(budget - 1 - left)})^2)`;
    }
    if (k < 0.65) return `(${gen(budget - 1)})^${pick([2, 3])}`;
    if (k < 0.75) return `log(1 + (${gen(budget - 1)})^2)`;
    if (k < 0.8) return `sqrt(1 + (${gen(budget - 1)})^2)`;
    // exp of a bounded argument: a random expression inside exp could overflow
    if (k < 0.85) return `exp(0.5*tanh(${gen(budget - 1)}))`;
    return `${pick(['sin', 'cos', 'tanh', 'atan'])}(${gen(budget - 1)})`;
  };
  return gen(size);
}

function randomFamily(count: number): BenchCase[] {
  const out: BenchCase[] = [];
  const r = rng(20261126);
  for (let i = 0; i < count; i++) {
    const e = randomExpression(r, 4 + Math.floor(r() * 8));
    const vars = ['x', 'y', 'z'].filter((v) => new RegExp(`\\b${v}\\b`).test(e));
    if (!vars.length) { i--; continue; }
    out.push(plain('random', `random-${String(i + 1).padStart(2, '0')}`, e, vars, 100 + i));
  }
  return out;
}

// ---- ML losses ------------------------------------------------------------------------------------

function data(seed: number, rows: number, cols: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => round2(2 * r() - 1)));
}

const sum = (xs: string[]) => xs.join(' + ');
const dot = (w: string[], x: number[]) => x.map((xi, j) => `${xi}*${w[j]}`).join(' + ');

function mlFamily(): BenchCase[] {
  const out: BenchCase[] = [];
  {
    // logistic regression: mean log-loss over 6 samples, 3 weights + bias
    const X = data(1, 6, 3);
    const y = [1, -1, 1, 1, -1, -1];
    const w = ['w1', 'w2', 'w3'];
    const e = `(${sum(X.map((x, i) => `log(1 + exp(${-y[i]} * (${dot(w, x)} + b)))`))}) / ${X.length}`;
    out.push(plain('ml', 'logistic loss (6×3)', e, [...w, 'b'], 11));
  }
  {
    // softmax cross-entropy: 3 classes, 2 features, one sample of class 2
    const x = [0.7, -1.3];
    const z = [1, 2, 3].map((k) => `(${x[0]}*w${k}1 + ${x[1]}*w${k}2 + b${k})`);
    const e = `-${z[1]} + log(${z.map((zk) => `exp(${zk})`).join(' + ')})`;
    const vars = [1, 2, 3].flatMap((k) => [`w${k}1`, `w${k}2`, `b${k}`]);
    out.push(plain('ml', 'softmax cross-entropy (3 classes)', e, vars, 12));
  }
  {
    // mean squared error of a linear model over 8 samples, 3 weights + bias
    const X = data(3, 8, 3);
    const t = data(4, 8, 1).map((r) => r[0]);
    const w = ['w1', 'w2', 'w3'];
    const e = `(${sum(X.map((x, i) => `(${dot(w, x)} + b ${t[i] < 0 ? '+' : '-'} ${Math.abs(t[i])})^2`))}) / ${X.length}`;
    out.push(plain('ml', 'MSE linear (8×3)', e, [...w, 'b'], 13));
  }
  {
    // a small unrolled tanh network: 2 inputs → 3 hidden tanh units → 1 output, squared error on 2 samples
    const X = [[0.5, -0.2], [-0.9, 0.4]];
    const t = [0.3, -0.7];
    const hidden = (x: number[], j: number) => `tanh(${x[0]}*a${j}1 + ${x[1]}*a${j}2 + c${j})`;
    const outp = (x: number[]) => `(${[1, 2, 3].map((j) => `v${j}*${hidden(x, j)}`).join(' + ')} + d)`;
    const e = sum(X.map((x, i) => `(${outp(x)} - ${t[i]})^2`));
    const vars = [1, 2, 3].flatMap((j) => [`a${j}1`, `a${j}2`, `c${j}`]).concat(['v1', 'v2', 'v3', 'd']);
    out.push(plain('ml', 'tanh net 2-3-1 (2 samples)', e, vars, 14));
  }
  return out;
}

// ---- classic test functions -----------------------------------------------------------------------

function classicFamily(): BenchCase[] {
  return [
    plain('classic', 'Rosenbrock', '100*(y - x^2)^2 + (1 - x)^2', ['x', 'y'], 21),
    plain('classic', 'Himmelblau', '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', ['x', 'y'], 22),
    plain('classic', 'Ackley',
      '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20', ['x', 'y'], 23),
  ];
}

// ---- scaling families -----------------------------------------------------------------------------

export const SIZES = [2, 4, 8, 16, 32, 64, 128, 256, 512];

const xs = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`);

/** Chained Rosenbrock in n variables: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
export function rosenbrockN(n: number): BenchCase {
  const v = xs(n);
  const e = sum(v.slice(0, -1).map((xi, i) => `100*(${v[i + 1]} - ${xi}^2)^2 + (1 - ${xi})^2`));
  return plain('scaling: Rosenbrock n', `n = ${n}`, e, v, 1000 + n, n);
}

/** log Σ exp(x_i) − x_1: softmax cross-entropy against class 1 with n logits. */
export function logSumExpN(n: number): BenchCase {
  const v = xs(n);
  return plain('scaling: softmax CE n', `n = ${n}`, `log(${v.map((x) => `exp(${x})`).join(' + ')}) - x1`, v, 2000 + n, n);
}

/**
 * Depth: a chain of d tanh layers with one weight each, tanh(w_d tanh(… tanh(w_1 x))). Partials reads the
 * straight-line form (one line per layer); mathjs gets the nested expression while it can parse it.
 */
export function tanhDepth(d: number): BenchCase {
  const w = Array.from({ length: d }, (_, i) => `w${i + 1}`);
  const lines = ['h0 = x', ...w.map((wi, i) => `h${i + 1} = tanh(${wi}*h${i})`)];
  let nested = 'x';
  for (const wi of w) nested = `tanh(${wi}*${nested})`;
  const vars = ['x', ...w];
  return {
    family: 'scaling: tanh depth d', name: `d = ${d}`, source: lines.join('\n'), mathjs: d <= 128 ? nested : undefined,
    vars, point: pointFor(vars, 3000 + d, 0.5, 1.5), n: d,
    note: 'mathjs is given the nested expression up to d = 128 only (nested 256+ levels deep, near the 400-level bracket limit)',
  };
}

export function corpus(): BenchCase[] {
  return [
    ...randomFamily(12),
    ...mlFamily(),
    ...classicFamily(),
    ...SIZES.map(rosenbrockN),
    ...SIZES.map(logSumExpN),
    ...SIZES.map(tanhDepth),
  ];
}
