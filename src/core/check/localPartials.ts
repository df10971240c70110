import type { Graph, NodeId } from '../graph';

/**
 * Numeric local derivatives ∂f/∂argᵢ of every function and operator, written directly in float64 — not the
 * symbolic rules of functions.ts — so that numeric forward and reverse AD really check the symbolic
 * derivative instead of re-evaluating it. At kinks they return the same one-sided choice the engine documents
 * (sign(0) = 0 for abs, 0 for relu at 0, the first argument for max at a tie).
 */
export type LocalPartials = (a: number[], value: number) => number[];

const sq = (x: number): number => x * x;
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** 1/cosh(x), written as 2e^{−|x|}/(1 + e^{−2|x|}) so it never overflows (cosh(710) is ∞). */
const sech = (x: number): number => {
  const e = Math.exp(-Math.abs(x));
  return (2 * e) / (1 + e * e);
};
const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

function extremum(a: number[], v: number, isMax: boolean): number[] {
  if (a.length === 1) return [1];
  if (a.length === 2) {
    const firstWins = isMax ? a[0] >= a[1] : a[0] <= a[1];
    return firstWins ? [1, 0] : [0, 1];
  }
  return a.map((x) => (x === v ? 1 : 0));
}

export const LOCAL_PARTIALS: ReadonlyMap<string, LocalPartials> = new Map<string, LocalPartials>([
  ['sin', ([x]) => [Math.cos(x)]],
  ['cos', ([x]) => [-Math.sin(x)]],
  ['tan', ([x]) => [1 / sq(Math.cos(x))]],
  ['sec', ([x]) => [Math.sin(x) / sq(Math.cos(x))]],
  ['csc', ([x]) => [-Math.cos(x) / sq(Math.sin(x))]],
  ['cot', ([x]) => [-1 / sq(Math.sin(x))]],
  ['asin', ([x]) => [1 / Math.sqrt(1 - x * x)]],
  ['acos', ([x]) => [-1 / Math.sqrt(1 - x * x)]],
  ['atan', ([x]) => [1 / (1 + x * x)]],
  ['acot', ([x]) => [-1 / (1 + x * x)]],
  ['sinh', ([x]) => [Math.cosh(x)]],
  ['cosh', ([x]) => [Math.sinh(x)]],
  ['tanh', ([x]) => [sq(sech(x))]],
  ['sech', ([x]) => [-sech(x) * Math.tanh(x)]],
  ['asinh', ([x]) => [1 / Math.sqrt(x * x + 1)]],
  ['acosh', ([x]) => [1 / Math.sqrt(x * x - 1)]],
  ['atanh', ([x]) => [1 / (1 - x * x)]],
  ['exp', ([x]) => [Math.exp(x)]],
  ['log', (a) => (a.length === 1 ? [1 / a[0]] : [1 / (a[0] * Math.log(a[1])), -Math.log(a[0]) / (a[1] * sq(Math.log(a[1])))])],
  ['log2', ([x]) => [1 / (x * Math.LN2)]],
  ['log10', ([x]) => [1 / (x * Math.LN10)]],
  ['log1p', ([x]) => [1 / (1 + x)]],
  ['expm1', ([x]) => [Math.exp(x)]],
  ['sqrt', ([x]) => [0.5 / Math.sqrt(x)]],
  ['cbrt', ([x]) => [1 / (3 * sq(Math.cbrt(x)))]],
  ['nthRoot', ([x, k], v) => [v / (k * x), (-v * Math.log(x)) / (k * k)]],
  ['pow', ([x, y], v) => powPartials(x, y, v)],
  ['abs', ([x]) => [Math.sign(x)]],
  ['sign', () => [0]],
  ['floor', () => [0]],
  ['ceil', () => [0]],
  ['round', () => [0]],
  ['min', (a, v) => extremum(a, v, false)],
  ['max', (a, v) => extremum(a, v, true)],
  ['atan2', ([y, x]) => {
    const d = x * x + y * y;
    return [x / d, -y / d];
  }],
  ['hypot', (a, v) => a.map((x) => x / v)],
  ['erf', ([x]) => [(2 / Math.sqrt(Math.PI)) * Math.exp(-x * x)]],
  ['erfc', ([x]) => [(-2 / Math.sqrt(Math.PI)) * Math.exp(-x * x)]],
  ['erfinv', (_a, v) => [(Math.sqrt(Math.PI) / 2) * Math.exp(v * v)]],
  ['normcdf', ([x]) => [Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)]],
  // σ(x)σ(−x), not σ(1 − σ): 1 − σ(x) cancels for large x.
  ['sigmoid', ([x]) => [sigmoid(x) * sigmoid(-x)]],
  ['softplus', ([x]) => [sigmoid(x)]],
  ['relu', ([x]) => [x > 0 ? 1 : 0]],
  ['leakyRelu', ([x, alpha = 0.01]) => [x > 0 ? 1 : alpha, x > 0 ? 0 : x]],
  ['gelu', ([x]) => {
    const u = GELU_K * (x + GELU_C * x * x * x);
    const t = Math.tanh(u);
    return [0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_K * (1 + 3 * GELU_C * x * x)];
  }],
  ['logsumexp', (a, v) => a.map((x) => Math.exp(x - v))],
]);

function powPartials(x: number, y: number, v: number): number[] {
  // x^y: y·x^(y−1) (written so that 0^k stays finite for k ≥ 1), and x^y·log x.
  const dx = y === 0 ? 0 : y * Math.pow(x, y - 1);
  const dy = v === 0 && x === 0 ? 0 : v * Math.log(x);
  return [dx, dy];
}

/** ∂node/∂argᵢ for every argument of node n, from the argument values `a` and the node's value `v`. */
export function localPartials(g: Graph, n: NodeId, a: number[], v: number): number[] {
  switch (g.op[n]) {
    case 'add': return [1, 1];
    case 'sub': return [1, -1];
    case 'neg': return [-1];
    case 'mul': return [a[1], a[0]];
    case 'div': return [1 / a[1], -a[0] / (a[1] * a[1])];
    case 'pow': return powPartials(a[0], a[1], v);
    case 'fn': return LOCAL_PARTIALS.get(g.name[n])!(a, v);
    case 'cond': {
      const t = a[0] !== 0;
      return [0, t ? 1 : 0, t ? 0 : 1];
    }
    default: return a.map(() => 0);
  }
}

