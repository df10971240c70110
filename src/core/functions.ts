import type { Graph, NodeId } from './graph';
import { shortNumber } from './number';
import { t as l10n } from './l10n';

/**
 * The function table: one entry per function the engine knows, with its float64 value, its local
 * derivative rule (built as graph nodes), its domain and the points where it is not differentiable.
 */
export interface FnDef {
  name: string;
  minArgs: number;
  maxArgs: number;
  eval(a: number[]): number;
  /** ∂self/∂args[i], as nodes of g. `self` is the node of the call itself, so rules can reuse it. */
  deriv(g: Graph, args: NodeId[], self: NodeId, i: number): NodeId;
  /** Why the arguments are outside the domain (the value is NaN or infinite), else null. */
  domain?(a: number[]): string | null;
  /** Why the function is not differentiable at these arguments, else null. */
  kink?(a: number[]): string | null;
  /** Has an analytic continuation, so the complex step is valid through it. */
  analytic: boolean;
  /** Spelling with mathjs built-ins when mathjs has no function of this name (args already printed). */
  mathjs?(a: string[]): string;
  /** LaTeX operator (e.g. \sin); default \operatorname{name}. */
  latex?: string;
  /** Name in the Unicode form (hovers); default the name. */
  unicode?: string;
}

const ONE_ARG = { minArgs: 1, maxArgs: 1 } as const;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

function erf(x: number): number {
  // W. J. Cody's rational approximations (as in mathjs); accurate to float64 round-off.
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  if (ax <= 0.5) {
    const y = x * x;
    const P = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
    const Q = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
    let num = P[4] * y, den = y;
    for (let i = 0; i < 3; i++) { num = (num + P[i]) * y; den = (den + Q[i]) * y; }
    return (x * (num + P[3])) / (den + Q[3]);
  }
  return Math.sign(x) * (1 - erfcPositive(ax));
}

function erfcPositive(x: number): number {
  if (x <= 4) {
    const P = [0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.635138197400, 881.952221241769,
      1712.0476126340707, 2051.0783778260716, 1230.339354797997, 2.1531153547440383e-8];
    const Q = [15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
      4362.619090143247, 3439.3676741437216, 1230.3393548037495];
    let num = P[8] * x, den = x;
    for (let i = 0; i < 7; i++) { num = (num + P[i]) * x; den = (den + Q[i]) * x; }
    const r = (num + P[7]) / (den + Q[7]);
    const ysq = Math.trunc(x * 16) / 16;
    const del = (x - ysq) * (x + ysq);
    return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
  }
  const P = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
    6.587491615298378e-4, 0.016315387137302097];
  const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];
  const z = 1 / (x * x);
  let num = P[5] * z, den = z;
  for (let i = 0; i < 4; i++) { num = (num + P[i]) * z; den = (den + Q[i]) * z; }
  let r = (z * (num + P[4])) / (den + Q[4]);
  r = (0.5641895835477563 - r) / x;
  const ysq = Math.trunc(x * 16) / 16;
  const del = (x - ysq) * (x + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
}

/** erfc without the cancellation of 1 − erf(x) for large x (Cody's erfc for |x| > 0.5). */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) <= 0.5) return 1 - erf(x);
  if (x > 0) return x >= 27 ? 0 : erfcPositive(x);
  return x <= -6 ? 2 : 2 - erfcPositive(-x);
}

/**
 * erfinv's first guess: M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single-precision
 * version (relative error about 1e-7). w = −log((1 − x)(1 + x)); the polynomial is in w − 2.5 (w < 5) or √w − 3.
 */
export const ERFINV_CENTRAL = [1.50140941, 0.246640727, -0.00417768164, -0.00125372503, 0.00021858087, -4.39150654e-6, -3.5233877e-6, 3.43273939e-7, 2.81022636e-8];
export const ERFINV_TAIL = [2.83297682, 1.00167406, 0.00943887047, -0.0076224613, 0.00573950773, -0.00367342844, 0.00134934322, 0.000100950558, -0.000200214257];

function erfinvGuess(x: number): number {
  const w = -Math.log((1 - x) * (1 + x));
  const [c, t] = w < 5 ? [ERFINV_CENTRAL, w - 2.5] : [ERFINV_TAIL, Math.sqrt(w) - 3];
  let p = 0;
  for (let i = c.length - 1; i >= 0; i--) p = p * t + c[i];
  return p * x;
}

/** erf⁻¹(x): Giles' guess refined by Halley steps on erf (erfc beyond 0.5, where erf(y) − x would cancel). */
function erfinv(x: number): number {
  if (Number.isNaN(x) || Math.abs(x) > 1) return NaN;
  if (Math.abs(x) === 1) return x * Infinity;
  if (x === 0) return x;
  const ax = Math.abs(x);
  let y = erfinvGuess(ax);
  for (let k = 0; k < 3; k++) {
    const e = ax <= 0.5 ? erf(y) - ax : (1 - ax) - erfc(y); // both are erf(y) − |x|
    const d = (2 / Math.sqrt(Math.PI)) * Math.exp(-y * y);
    const step = e / (d + y * e);
    y -= step;
    if (Math.abs(step) <= 1e-17 * y) break;
  }
  return Math.sign(x) * y;
}

/** erfinv in mathjs built-ins: Giles' guess and one Halley step (mathjs has no erfinv). */
function erfinvMathjs(x: string): string {
  const w = `(-log((1 - ${x}) * (1 + ${x})))`;
  const poly = (c: number[], t: string) => `dot([${c.join(', ')}], dotPow(${t}, 0:${c.length - 1}))`;
  const y0 = `(${x} * (${w} < 5 ? ${poly(ERFINV_CENTRAL, `${w} - 2.5`)} : ${poly(ERFINV_TAIL, `sqrt(${w}) - 3`)}))`;
  const e = `(erf(${y0}) - ${x})`;
  return `${y0} - ${e} / (2 / sqrt(pi) * exp(-${y0}^2) + ${y0} * ${e})`;
}

/** The standard normal CDF Φ(x) = erfc(−x/√2)/2: accurate in both tails. */
const normcdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** 1/cosh(x) without the overflow of cosh: 2e^{−|x|}/(1 + e^{−2|x|}) far from 0 (cosh(710) is ∞). */
const sech = (x: number): number => {
  const ax = Math.abs(x);
  if (ax < 20) return 1 / Math.cosh(x);
  const e = Math.exp(-ax);
  return (2 * e) / (1 + e * e);
};
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const logsumexp = (a: number[]): number => {
  const m = Math.max(...a);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of a) s += Math.exp(v - m);
  return m + Math.log(s);
};
const nthRoot = (x: number, k: number): number => {
  if (x < 0 && Number.isInteger(k) && Math.abs(k) % 2 === 1) return -Math.pow(-x, 1 / k);
  return Math.pow(x, 1 / k);
};
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x)); // as mathjs round

// ---- reusable domain / kink predicates --------------------------------------------------------------
const positive = (what: string) => (a: number[]) => (a[0] > 0 ? null : l10n('{0} needs a positive argument, got {1}', what, fmt(a[0])));
const nonNegative = (what: string) => (a: number[]) => (a[0] >= 0 ? null : l10n('{0} needs a non-negative argument, got {1}', what, fmt(a[0])));
const unitInterval = (what: string) => (a: number[]) => (Math.abs(a[0]) <= 1 ? null : l10n('{0} needs an argument in [-1, 1], got {1}', what, fmt(a[0])));
const atZero = (why: () => string) => (a: number[]) => (a[0] === 0 ? why() : null);
const fmt = (v: number): string => shortNumber(v);

/** Shorthand for building derivative expressions. */
function r(g: Graph) {
  return {
    n: (v: number) => g.num(v),
    add: (a: NodeId, b: NodeId) => g.add(a, b),
    sub: (a: NodeId, b: NodeId) => g.sub(a, b),
    mul: (...xs: NodeId[]) => xs.reduce((p, q) => g.mul(p, q)),
    div: (a: NodeId, b: NodeId) => g.div(a, b),
    neg: (a: NodeId) => g.neg(a),
    pow: (a: NodeId, b: NodeId) => g.pow(a, b),
    sq: (a: NodeId) => g.pow(a, g.num(2)),
    f: (name: string, ...xs: NodeId[]) => g.fn(name, xs),
  };
}

function def(name: string, spec: Omit<FnDef, 'name' | 'minArgs' | 'maxArgs' | 'analytic'> & Partial<FnDef>): FnDef {
  return { name, ...ONE_ARG, analytic: true, ...spec };
}

const table: FnDef[] = [
  // trigonometric
  def('sin', { eval: ([x]) => Math.sin(x), deriv: (g, [x]) => g.fn('cos', [x]), latex: '\\sin' }),
  def('cos', { eval: ([x]) => Math.cos(x), deriv: (g, [x]) => g.neg(g.fn('sin', [x])), latex: '\\cos' }),
  def('tan', { eval: ([x]) => Math.tan(x), deriv: (g, _a, s) => r(g).add(r(g).n(1), r(g).sq(s)), latex: '\\tan' }),
  def('sec', { eval: ([x]) => 1 / Math.cos(x), deriv: (g, [x], s) => g.mul(s, g.fn('tan', [x])), latex: '\\sec' }),
  def('csc', { eval: ([x]) => 1 / Math.sin(x), deriv: (g, [x], s) => g.neg(g.mul(s, g.fn('cot', [x]))), latex: '\\csc',
    domain: (a) => (Math.sin(a[0]) === 0 ? l10n('csc is undefined where sin is 0') : null) }),
  def('cot', { eval: ([x]) => 1 / Math.tan(x), deriv: (g, _a, s) => g.neg(g.add(g.num(1), r(g).sq(s))), latex: '\\cot',
    domain: (a) => (Math.tan(a[0]) === 0 ? l10n('cot is undefined where tan is 0') : null) }),
  def('asin', { eval: ([x]) => Math.asin(x), domain: unitInterval('asin'), latex: '\\arcsin',
    kink: (a) => (Math.abs(a[0]) === 1 ? l10n('asin has an infinite slope at ±1') : null),
    deriv: (g, [x]) => g.div(g.num(1), g.fn('sqrt', [g.sub(g.num(1), r(g).sq(x))])) }),
  def('acos', { eval: ([x]) => Math.acos(x), domain: unitInterval('acos'), latex: '\\arccos',
    kink: (a) => (Math.abs(a[0]) === 1 ? l10n('acos has an infinite slope at ±1') : null),
    deriv: (g, [x]) => g.neg(g.div(g.num(1), g.fn('sqrt', [g.sub(g.num(1), r(g).sq(x))]))) }),
  def('atan', { eval: ([x]) => Math.atan(x), deriv: (g, [x]) => g.div(g.num(1), g.add(r(g).sq(x), g.num(1))), latex: '\\arctan' }),
  def('acot', { eval: ([x]) => Math.atan(1 / x), deriv: (g, [x]) => g.neg(g.div(g.num(1), g.add(r(g).sq(x), g.num(1)))),
    latex: '\\operatorname{arccot}', kink: atZero(() => l10n('acot jumps at 0')) }),
  // hyperbolic
  def('sinh', { eval: ([x]) => Math.sinh(x), deriv: (g, [x]) => g.fn('cosh', [x]), latex: '\\sinh' }),
  def('cosh', { eval: ([x]) => Math.cosh(x), deriv: (g, [x]) => g.fn('sinh', [x]), latex: '\\cosh' }),
  // sech² rather than 1 − tanh², which cancels to nothing for large |x|, or 1/cosh², whose own derivative is
  // ∞/∞ = NaN past |x| ≈ 710 (cosh overflows); with sech′ = −sech·tanh every order stays finite.
  def('tanh', { eval: ([x]) => Math.tanh(x), deriv: (g, [x]) => r(g).sq(g.fn('sech', [x])), latex: '\\tanh' }),
  def('sech', { eval: ([x]) => sech(x), deriv: (g, [x], s) => g.neg(g.mul(s, g.fn('tanh', [x]))), latex: '\\operatorname{sech}' }),
  def('asinh', { eval: ([x]) => Math.asinh(x), deriv: (g, [x]) => g.div(g.num(1), g.fn('sqrt', [g.add(r(g).sq(x), g.num(1))])),
    latex: '\\operatorname{arsinh}' }),
  def('acosh', { eval: ([x]) => Math.acosh(x), latex: '\\operatorname{arcosh}',
    domain: (a) => (a[0] >= 1 ? null : l10n('acosh needs an argument ≥ 1, got {0}', fmt(a[0]))),
    kink: (a) => (a[0] === 1 ? l10n('acosh has an infinite slope at 1') : null),
    deriv: (g, [x]) => g.div(g.num(1), g.fn('sqrt', [g.sub(r(g).sq(x), g.num(1))])) }),
  def('atanh', { eval: ([x]) => Math.atanh(x), latex: '\\operatorname{artanh}',
    domain: (a) => (Math.abs(a[0]) < 1 ? null : l10n('atanh needs an argument in (-1, 1), got {0}', fmt(a[0]))),
    deriv: (g, [x]) => g.div(g.num(1), g.sub(g.num(1), r(g).sq(x))) }),
  // exponential and logarithms
  def('exp', { eval: ([x]) => Math.exp(x), deriv: (_g, _a, s) => s, latex: '\\exp' }),
  def('log', { minArgs: 1, maxArgs: 2, latex: '\\log',
    eval: (a) => (a.length === 1 ? Math.log(a[0]) : Math.log(a[0]) / Math.log(a[1])),
    domain: (a) => (a[0] > 0 ? (a.length === 2 && (a[1] <= 0 || a[1] === 1) ? l10n('log base must be positive and not 1, got {0}', fmt(a[1])) : null)
      : l10n('log needs a positive argument, got {0}', fmt(a[0]))),
    deriv: (g, a, s, i) => {
      if (a.length === 1) return g.div(g.num(1), a[0]);
      const logB = g.fn('log', [a[1]]);
      return i === 0 ? g.div(g.num(1), g.mul(a[0], logB)) : g.neg(g.div(s, g.mul(a[1], logB)));
    } }),
  def('log2', { eval: ([x]) => Math.log2(x), domain: positive('log2'), deriv: (g, [x]) => g.div(g.num(1), g.mul(x, g.fn('log', [g.num(2)]))),
    latex: '\\log_2' }),
  def('log10', { eval: ([x]) => Math.log10(x), domain: positive('log10'), deriv: (g, [x]) => g.div(g.num(1), g.mul(x, g.fn('log', [g.num(10)]))),
    latex: '\\log_{10}' }),
  def('log1p', { eval: ([x]) => Math.log1p(x), deriv: (g, [x]) => g.div(g.num(1), g.add(x, g.num(1))),
    domain: (a) => (a[0] > -1 ? null : l10n('log1p needs an argument > -1, got {0}', fmt(a[0]))) }),
  def('expm1', { eval: ([x]) => Math.expm1(x), deriv: (g, [x]) => g.fn('exp', [x]) }),
  // roots and powers
  def('sqrt', { eval: ([x]) => Math.sqrt(x), domain: nonNegative('sqrt'), kink: atZero(() => l10n('sqrt has an infinite slope at 0')),
    deriv: (g, _a, s) => g.div(g.num(1), g.mul(g.num(2), s)), latex: '\\sqrt' }),
  def('cbrt', { eval: ([x]) => Math.cbrt(x), kink: atZero(() => l10n('cbrt has an infinite slope at 0')),
    deriv: (g, _a, s) => g.div(g.num(1), g.mul(g.num(3), r(g).sq(s))) }),
  def('nthRoot', { minArgs: 2, maxArgs: 2, eval: ([x, k]) => nthRoot(x, k), kink: atZero(() => l10n('nthRoot has an infinite slope at 0')),
    domain: (a) => (a[0] < 0 && !(Number.isInteger(a[1]) && Math.abs(a[1]) % 2 === 1) ? l10n('nthRoot of a negative number needs an odd integer root, got {0}', fmt(a[1])) : null),
    deriv: (g, [x, k], s, i) => (i === 0 ? g.div(s, g.mul(k, x)) : g.neg(g.div(g.mul(s, g.fn('log', [x])), r(g).sq(k)))) }),
  def('pow', { minArgs: 2, maxArgs: 2, eval: ([x, y]) => Math.pow(x, y), deriv: () => { throw new Error('pow is lowered to the pow op'); } }),
  // piecewise
  def('abs', { eval: ([x]) => Math.abs(x), analytic: false, kink: atZero(() => l10n('abs has a corner at 0')), deriv: (g, [x]) => g.fn('sign', [x]) }),
  def('sign', { eval: ([x]) => Math.sign(x), analytic: false, kink: atZero(() => l10n('sign jumps at 0')), deriv: (g) => g.num(0) }),
  def('floor', { eval: ([x]) => Math.floor(x), analytic: false, kink: (a) => (Number.isInteger(a[0]) ? l10n('floor jumps at integers') : null), deriv: (g) => g.num(0) }),
  def('ceil', { eval: ([x]) => Math.ceil(x), analytic: false, kink: (a) => (Number.isInteger(a[0]) ? l10n('ceil jumps at integers') : null), deriv: (g) => g.num(0) }),
  def('round', { eval: ([x]) => roundHalfAway(x), analytic: false, deriv: (g) => g.num(0),
    kink: (a) => (Math.abs(a[0] % 1) === 0.5 ? l10n('round jumps at half-integers') : null) }),
  def('min', { minArgs: 1, maxArgs: Infinity, eval: (a) => Math.min(...a), analytic: false, kink: tie('min'),
    deriv: (g, a, s, i) => extremumDeriv(g, a, s, i, 'le') }),
  def('max', { minArgs: 1, maxArgs: Infinity, eval: (a) => Math.max(...a), analytic: false, kink: tie('max'),
    deriv: (g, a, s, i) => extremumDeriv(g, a, s, i, 'ge') }),
  def('atan2', { minArgs: 2, maxArgs: 2, eval: ([y, x]) => Math.atan2(y, x),
    kink: (a) => (a[0] === 0 && a[1] <= 0 ? l10n('atan2 jumps on the negative x axis') : null),
    deriv: (g, [y, x], _s, i) => {
      const den = g.add(r(g).sq(x), r(g).sq(y));
      return i === 0 ? g.div(x, den) : g.neg(g.div(y, den));
    } }),
  def('hypot', { minArgs: 1, maxArgs: Infinity, eval: (a) => Math.hypot(...a), analytic: false,
    kink: (a) => (a.every((v) => v === 0) ? l10n('hypot has a corner at the origin') : null),
    deriv: (g, a, s, i) => g.div(a[i], s) }),
  def('erf', { eval: ([x]) => erf(x), latex: '\\operatorname{erf}',
    deriv: (g, [x]) => g.mul(g.div(g.num(2), g.fn('sqrt', [g.constant('pi', Math.PI)])), g.fn('exp', [g.neg(r(g).sq(x))])) }),
  def('erfc', { eval: ([x]) => erfc(x), latex: '\\operatorname{erfc}', mathjs: ([x]) => `1 - erf(${x})`,
    deriv: (g, [x]) => g.neg(g.mul(g.div(g.num(2), g.fn('sqrt', [g.constant('pi', Math.PI)])), g.fn('exp', [g.neg(r(g).sq(x))]))) }),
  // The standard normal CDF (scipy norm.cdf, MATLAB normcdf, Julia cdf(Normal(), x)); its derivative is the density.
  def('normcdf', { eval: ([x]) => normcdf(x), latex: '\\Phi', unicode: 'Φ', mathjs: ([x]) => `0.5 * (1 + erf((${x}) / sqrt(2)))`,
    deriv: (g, [x]) => g.div(g.fn('exp', [g.neg(g.div(r(g).sq(x), g.num(2)))]), g.fn('sqrt', [g.mul(g.num(2), g.constant('pi', Math.PI))])) }),
  def('erfinv', { eval: ([x]) => erfinv(x), latex: '\\operatorname{erf}^{-1}', unicode: 'erf⁻¹', mathjs: ([x]) => erfinvMathjs(`(${x})`),
    domain: (a) => (Math.abs(a[0]) < 1 ? null : l10n('erfinv needs an argument in (-1, 1), got {0}', fmt(a[0]))),
    // (erf⁻¹)'(x) = √π/2 · exp(erf⁻¹(x)²)
    deriv: (g, _a, s) => g.mul(g.div(g.fn('sqrt', [g.constant('pi', Math.PI)]), g.num(2)), g.fn('exp', [r(g).sq(s)])) }),
  // the ML set
  def('sigmoid', { eval: ([x]) => sigmoid(x), latex: '\\sigma', unicode: 'σ', mathjs: ([x]) => `1 / (1 + exp(-(${x})))`,
    // σ(x)·σ(−x) equals σ(x)(1 − σ(x)) without the cancellation of 1 − σ(x) for large x.
    deriv: (g, [x], s) => g.mul(s, g.fn('sigmoid', [g.neg(x)])) }),
  def('softplus', { eval: ([x]) => softplus(x), mathjs: ([x]) => `log1p(exp(${x}))`, deriv: (g, [x]) => g.fn('sigmoid', [x]) }),
  def('relu', { eval: ([x]) => Math.max(x, 0), analytic: false, kink: atZero(() => l10n('relu has a corner at 0')),
    mathjs: ([x]) => `max(${x}, 0)`, deriv: (g, [x]) => g.cond(g.compare('gt', x, g.num(0)), g.num(1), g.num(0)) }),
  def('leakyRelu', { minArgs: 1, maxArgs: 2, analytic: false, kink: atZero(() => l10n('leakyRelu has a corner at 0')),
    eval: ([x, a = 0.01]) => (x > 0 ? x : a * x),
    mathjs: ([x, a = '0.01']) => `((${x}) > 0 ? (${x}) : (${a}) * (${x}))`,
    deriv: (g, args, _s, i) => {
      const pos = g.compare('gt', args[0], g.num(0));
      return i === 0 ? g.cond(pos, g.num(1), args[1] ?? g.num(0.01)) : g.cond(pos, g.num(0), args[0]);
    } }),
  def('gelu', {
    eval: ([x]) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_C * x * x * x))),
    mathjs: ([x]) => `0.5 * (${x}) * (1 + tanh(sqrt(2 / pi) * ((${x}) + ${GELU_C} * (${x})^3)))`,
    deriv: (g, [x]) => {
      const R = r(g);
      const c = g.fn('sqrt', [g.div(g.num(2), g.constant('pi', Math.PI))]);
      const u = R.mul(c, g.add(x, R.mul(R.n(GELU_C), g.pow(x, R.n(3)))));
      const dInner = R.mul(c, g.add(R.n(1), R.mul(R.n(3 * GELU_C), R.sq(x))));
      // (1 + tanh u)/2 = σ(2u) and 1 − tanh²u = sech²u: no cancellation far from 0, no overflow in cosh.
      return g.add(g.fn('sigmoid', [R.mul(R.n(2), u)]), R.mul(R.n(0.5), x, dInner, R.sq(g.fn('sech', [u]))));
    } }),
  def('logsumexp', { minArgs: 1, maxArgs: Infinity, eval: logsumexp,
    mathjs: (a) => (a.length === 1 ? a[0] : `log(${a.map((x) => `exp(${x})`).join(' + ')})`),
    deriv: (g, a, s, i) => g.fn('exp', [g.sub(a[i], s)]) }),
];

function tie(what: string) {
  return (a: number[]) => {
    if (a.length < 2) return null;
    const m = what === 'max' ? Math.max(...a) : Math.min(...a);
    return a.filter((v) => v === m).length > 1 ? l10n('{0} has a tie between its arguments', what) : null;
  };
}

/** ∂max/∂aᵢ (or min): 1 where aᵢ is the extremum; for two arguments the second wins only strictly. */
function extremumDeriv(g: Graph, a: NodeId[], s: NodeId, i: number, cmp: 'ge' | 'le'): NodeId {
  if (a.length === 1) return g.num(1);
  if (a.length === 2) {
    const firstWins = g.compare(cmp, a[0], a[1]);
    return i === 0 ? g.cond(firstWins, g.num(1), g.num(0)) : g.cond(firstWins, g.num(0), g.num(1));
  }
  return g.cond(g.compare('eq', a[i], s), g.num(1), g.num(0));
}

export const FUNCTIONS: ReadonlyMap<string, FnDef> = new Map(table.map((f) => [f.name, f]));

/** Other spellings users write; front ends map language-specific names before this. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ln', 'log'], ['arcsin', 'asin'], ['arccos', 'acos'], ['arctan', 'atan'], ['arccot', 'acot'],
  ['arsinh', 'asinh'], ['arcsinh', 'asinh'], ['arcosh', 'acosh'], ['arccosh', 'acosh'], ['artanh', 'atanh'], ['arctanh', 'atanh'],
  ['logistic', 'sigmoid'], ['expit', 'sigmoid'], ['nthroot', 'nthRoot'], ['leaky_relu', 'leakyRelu'], ['leakyrelu', 'leakyRelu'],
  ['power', 'pow'], ['fabs', 'abs'], ['sgn', 'sign'], ['arctan2', 'atan2'], ['logSumExp', 'logsumexp'],
  ['maximum', 'max'], ['minimum', 'min'], ['fmax', 'max'], ['fmin', 'min'],
  ['ndtr', 'normcdf'], ['normalcdf', 'normcdf'], ['Phi', 'normcdf'], ['Φ', 'normcdf'], ['log1pexp', 'softplus'], ['inverf', 'erfinv'], ['erfinvf', 'erfinv'],
]);

export function lookupFunction(name: string): FnDef | undefined {
  return FUNCTIONS.get(name) ?? FUNCTIONS.get(ALIASES.get(name) ?? '');
}

export const exported = { erf, erfc, erfinv, normcdf, sech, sigmoid, softplus, logsumexp, nthRoot };
