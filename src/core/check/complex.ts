/**
 * Complex arithmetic and the complex extension of every analytic function in the function table, for the
 * complex-step derivative Im f(x + ih)/h. With h = 1e-20 the imaginary part must never come from subtracting
 * two numbers of order one, so elementary functions use formulas that keep it exact (sin a cosh b, atan2 for
 * arg, a stable sqrt), and inverse functions use f(a + ib) = f(a) + i∫₀ᵇ f'(a + is) ds by Gauss–Legendre
 * quadrature: the same analytic continuation, computed without cancellation.
 */
export interface Complex {
  re: number;
  im: number;
}

export const cx = (re: number, im = 0): Complex => ({ re, im });
const NAN: Complex = { re: NaN, im: NaN };

export const add = (a: Complex, b: Complex): Complex => cx(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => cx(a.re - b.re, a.im - b.im);
export const neg = (a: Complex): Complex => cx(-a.re, -a.im);
export const scale = (a: Complex, k: number): Complex => cx(a.re * k, a.im * k);

export function mul(a: Complex, b: Complex): Complex {
  // Skip 0·Infinity terms from a zero imaginary part so real overflow stays Infinity, not NaN.
  if (a.im === 0 && b.im === 0) return cx(a.re * b.re, 0);
  if (b.im === 0) return cx(a.re * b.re, a.im * b.re);
  if (a.im === 0) return cx(a.re * b.re, a.re * b.im);
  return cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

export function div(a: Complex, b: Complex): Complex {
  if (b.im === 0) return cx(a.re / b.re, a.im / b.re);
  // Smith's algorithm: no overflow in the intermediate |b|².
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return cx((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return cx((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}

export const recip = (a: Complex): Complex => div(cx(1), a);
export const abs = (a: Complex): number => Math.hypot(a.re, a.im);

export function exp(z: Complex): Complex {
  const m = Math.exp(z.re);
  if (z.im === 0) return cx(m, 0);
  return cx(m * Math.cos(z.im), m * Math.sin(z.im));
}

export function log(z: Complex): Complex {
  if (z.im === 0 && z.re >= 0) return cx(Math.log(z.re), 0);
  return cx(Math.log(abs(z)), Math.atan2(z.im, z.re));
}

/** log(1 + z) without losing a tiny z. */
export function log1p(z: Complex): Complex {
  const u = z.re, v = z.im;
  if (v === 0 && u >= -1) return cx(Math.log1p(u), 0);
  return cx(0.5 * Math.log1p(2 * u + u * u + v * v), Math.atan2(v, 1 + u));
}

export function expm1(z: Complex): Complex {
  if (z.im === 0) return cx(Math.expm1(z.re), 0);
  const s = Math.sin(z.im / 2);
  // e^a cos b − 1 = expm1(a) cos b − 2 sin²(b/2)
  return cx(Math.expm1(z.re) * Math.cos(z.im) - 2 * s * s, Math.exp(z.re) * Math.sin(z.im));
}

export function sqrt(z: Complex): Complex {
  const { re: a, im: b } = z;
  if (b === 0) return a >= 0 ? cx(Math.sqrt(a), 0) : cx(0, Math.sqrt(-a));
  const m = abs(z);
  if (a >= 0) {
    const t = Math.sqrt((m + a) / 2);
    return cx(t, b / (2 * t));
  }
  const t = Math.sqrt((m - a) / 2);
  return cx(Math.abs(b) / (2 * t), Math.sign(b) * t);
}

/** z^w on the principal branch; integer exponents by repeated squaring (exact for negative bases). */
export function pow(z: Complex, w: Complex): Complex {
  if (w.im === 0 && z.im === 0) return cx(Math.pow(z.re, w.re), 0);
  if (w.im === 0 && Number.isInteger(w.re) && Math.abs(w.re) <= 1024) return powInt(z, w.re);
  if (z.re === 0 && z.im === 0) return w.re > 0 ? cx(0, 0) : NAN;
  // A negative real base with a non-integer real exponent is undefined over the reals: keep it so.
  if (w.im === 0 && z.re < 0 && Math.abs(z.im) <= 1e-8 * Math.abs(z.re)) return NAN;
  return exp(mul(w, log(z)));
}

function powInt(z: Complex, n: number): Complex {
  let result = cx(1), base = z, k = Math.abs(n);
  while (k > 0) {
    if (k & 1) result = mul(result, base);
    base = mul(base, base);
    k = Math.floor(k / 2);
  }
  return n < 0 ? recip(result) : result;
}

export function sin(z: Complex): Complex {
  return cx(Math.sin(z.re) * Math.cosh(z.im), Math.cos(z.re) * Math.sinh(z.im));
}
export function cos(z: Complex): Complex {
  return cx(Math.cos(z.re) * Math.cosh(z.im), -Math.sin(z.re) * Math.sinh(z.im));
}
export function sinh(z: Complex): Complex {
  return cx(Math.sinh(z.re) * Math.cos(z.im), Math.cosh(z.re) * Math.sin(z.im));
}
export function cosh(z: Complex): Complex {
  return cx(Math.cosh(z.re) * Math.cos(z.im), Math.sinh(z.re) * Math.sin(z.im));
}
export function tan(z: Complex): Complex {
  if (z.im === 0) return cx(Math.tan(z.re), 0);
  // tan(a+ib) = (sin 2a + i sinh 2b) / (cos 2a + cosh 2b)
  const d = Math.cos(2 * z.re) + Math.cosh(2 * z.im);
  return cx(Math.sin(2 * z.re) / d, Math.sinh(2 * z.im) / d);
}
export function tanh(z: Complex): Complex {
  if (z.im === 0) return cx(Math.tanh(z.re), 0);
  if (Math.abs(z.re) > 20) {
    // Far from 0 tanh is ±1 to round-off; its slope is 4e^{-2|a|}.
    const e = Math.exp(-2 * Math.abs(z.re));
    return cx(Math.sign(z.re) * (1 - 2 * e), 4 * e * Math.sin(z.im) * Math.cos(z.im));
  }
  const d = Math.cosh(2 * z.re) + Math.cos(2 * z.im);
  return cx(Math.sinh(2 * z.re) / d, Math.sin(2 * z.im) / d);
}

/** sech(a+ib) = 1/cosh(a+ib); far from 0 (cosh overflows) 2e^{−|a|}e^{∓ib}/(1 + e^{−2|a|}e^{∓2ib}). */
export function sech(z: Complex, real: (a: number[]) => number = (a) => 1 / Math.cosh(a[0])): Complex {
  if (z.im === 0) return cx(real([z.re]), 0);
  if (Math.abs(z.re) > 20) {
    const s = Math.sign(z.re);
    const e = Math.exp(-Math.abs(z.re));
    const num = scale(cx(Math.cos(z.im), -s * Math.sin(z.im)), 2 * e);
    const den = add(cx(1), scale(cx(Math.cos(2 * z.im), -s * Math.sin(2 * z.im)), e * e));
    return div(num, den);
  }
  return recip(cosh(z));
}

// ---- inverse functions by integrating the derivative along the imaginary direction -------------------

// 10-point Gauss–Legendre nodes and weights on [-1, 1].
const GL_X = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881];

/** f(a) + i∫₀ᵇ f'(a + is) ds: the analytic continuation of f along a short vertical segment. */
function continueFrom(realValue: number, z: Complex, deriv: (w: Complex) => Complex): Complex {
  if (z.im === 0 || !Number.isFinite(realValue)) return cx(realValue, z.im === 0 ? 0 : NaN);
  const half = z.im / 2;
  let acc = cx(0);
  for (let k = 0; k < GL_X.length; k++) {
    for (const sgn of [-1, 1]) {
      const s = half * (1 + sgn * GL_X[k]);
      acc = add(acc, scale(deriv(cx(z.re, s)), GL_W[k]));
    }
  }
  const integral = scale(acc, half); // ∫₀ᵇ f'(a+is) ds
  // d/db f(a + ib) = i f'(a + ib)
  return cx(realValue - integral.im, integral.re);
}

const one = cx(1);
const sq = (z: Complex): Complex => mul(z, z);

export const asin = (z: Complex): Complex => continueFrom(Math.asin(z.re), z, (w) => recip(sqrt(sub(one, sq(w)))));
export const acos = (z: Complex): Complex => continueFrom(Math.acos(z.re), z, (w) => neg(recip(sqrt(sub(one, sq(w))))));
export const atan = (z: Complex): Complex => continueFrom(Math.atan(z.re), z, (w) => recip(add(one, sq(w))));
export const acot = (z: Complex): Complex => continueFrom(Math.atan(1 / z.re), z, (w) => neg(recip(add(one, sq(w)))));
export const asinh = (z: Complex): Complex => continueFrom(Math.asinh(z.re), z, (w) => recip(sqrt(add(sq(w), one))));
export const acosh = (z: Complex): Complex => continueFrom(Math.acosh(z.re), z, (w) => recip(sqrt(sub(sq(w), one))));
export const atanh = (z: Complex): Complex => continueFrom(Math.atanh(z.re), z, (w) => recip(sub(one, sq(w))));

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
export function erf(z: Complex, realErf: (x: number) => number): Complex {
  return continueFrom(realErf(z.re), z, (w) => scale(exp(neg(sq(w))), TWO_OVER_SQRT_PI));
}

/** atan2(y, x) continued analytically from the real branch at (Re y, Re x). */
export function atan2(y: Complex, x: Complex): Complex {
  const base = Math.atan2(y.re, x.re);
  if (y.im === 0 && x.im === 0) return cx(base, 0);
  // atan(y/x) (or π/2 − atan(x/y)) plus the constant that puts it on atan2's real branch.
  if (Math.abs(x.re) >= Math.abs(y.re)) {
    const t = atan(div(y, x));
    return cx(t.re + (base - Math.atan(y.re / x.re)), t.im);
  }
  const t = atan(div(x, y));
  return cx(base + Math.atan(x.re / y.re) - t.re, -t.im);
}

export function cbrt(z: Complex): Complex {
  if (z.im === 0) return cx(Math.cbrt(z.re), 0);
  // The real cube root is odd: continue it from the side of the real axis the point is on.
  if (z.re < 0) return neg(cbrt(neg(z)));
  return exp(scale(log(z), 1 / 3));
}

export function nthRoot(z: Complex, k: Complex): Complex {
  if (z.im === 0 && k.im === 0) {
    const x = z.re, n = k.re;
    if (x < 0 && Number.isInteger(n) && Math.abs(n) % 2 === 1) return cx(-Math.pow(-x, 1 / n), 0);
    return cx(Math.pow(x, 1 / n), 0);
  }
  const oddInteger = k.im === 0 && Number.isInteger(k.re) && Math.abs(k.re) % 2 === 1;
  if (z.re < 0 && oddInteger) return neg(pow(neg(z), recip(k)));
  return pow(z, recip(k));
}

export function sigmoid(z: Complex): Complex {
  if (z.re >= 0) return recip(add(one, exp(neg(z))));
  const e = exp(z);
  return div(e, add(one, e));
}

export function softplus(z: Complex): Complex {
  // max(a, 0) + log1p(exp(-|z|)) continued: for a ≥ 0 it is z + log1p(e^{-z}).
  return z.re >= 0 ? add(z, log1p(exp(neg(z)))) : log1p(exp(z));
}

const GELU_K = Math.sqrt(2 / Math.PI);
export function gelu(z: Complex): Complex {
  const inner = scale(add(z, scale(mul(z, sq(z)), 0.044715)), GELU_K);
  return mul(scale(z, 0.5), add(one, tanh(inner)));
}

export function logsumexp(a: Complex[]): Complex {
  const m = Math.max(...a.map((z) => z.re));
  if (!Number.isFinite(m)) return cx(m, 0);
  let s = cx(0);
  for (const z of a) s = add(s, exp(sub(z, cx(m))));
  return add(cx(m), log(s));
}

function logBase(z: Complex, b?: Complex): Complex {
  return b === undefined ? log(z) : div(log(z), log(b));
}

/**
 * Complex extension of each analytic function of the function table, by name. A test asserts that every
 * FnDef with `analytic: true` has an entry here. `realEval` is the table's own float64 function (used where
 * the continuation starts from the real value).
 */
export type ComplexFn = (args: Complex[], realEval: (a: number[]) => number) => Complex;

export const COMPLEX_FUNCTIONS: ReadonlyMap<string, ComplexFn> = new Map<string, ComplexFn>([
  ['sin', ([z]) => sin(z)],
  ['cos', ([z]) => cos(z)],
  ['tan', ([z]) => tan(z)],
  ['sec', ([z]) => recip(cos(z))],
  ['csc', ([z]) => recip(sin(z))],
  ['cot', ([z]) => (z.im === 0 ? cx(1 / Math.tan(z.re), 0) : recip(tan(z)))],
  ['asin', ([z]) => asin(z)],
  ['acos', ([z]) => acos(z)],
  ['atan', ([z]) => atan(z)],
  ['acot', ([z]) => acot(z)],
  ['sinh', ([z]) => sinh(z)],
  ['cosh', ([z]) => cosh(z)],
  ['tanh', ([z]) => tanh(z)],
  ['sech', ([z], real) => sech(z, real)],
  ['asinh', ([z]) => asinh(z)],
  ['acosh', ([z]) => acosh(z)],
  ['atanh', ([z]) => atanh(z)],
  ['exp', ([z]) => exp(z)],
  ['log', ([z, b]) => logBase(z, b)],
  ['log2', ([z]) => scale(log(z), 1 / Math.LN2)],
  ['log10', ([z]) => scale(log(z), 1 / Math.LN10)],
  ['log1p', ([z]) => log1p(z)],
  ['expm1', ([z]) => expm1(z)],
  ['sqrt', ([z]) => sqrt(z)],
  ['cbrt', ([z]) => cbrt(z)],
  ['nthRoot', ([z, k]) => nthRoot(z, k)],
  ['pow', ([z, w]) => pow(z, w)],
  ['atan2', ([y, x]) => atan2(y, x)],
  ['erf', ([z], realEval) => erf(z, (x) => realEval([x]))],
  ['erfc', ([z], realEval) => continueFrom(realEval([z.re]), z, (w) => scale(exp(neg(sq(w))), -TWO_OVER_SQRT_PI))],
  // erf⁻¹ continued from the real value: its derivative √π/2·exp(y²) at y ≈ erf⁻¹(Re z) + i·s·(erf⁻¹)'(Re z)
  ['erfinv', ([z], realEval) => {
    const y = realEval([z.re]);
    const dy = (Math.sqrt(Math.PI) / 2) * Math.exp(y * y);
    return continueFrom(y, z, (w) => scale(exp(sq(cx(y, (w.im) * dy))), Math.sqrt(Math.PI) / 2));
  }],
  ['normcdf', ([z], realEval) => continueFrom(realEval([z.re]), z, (w) => scale(exp(scale(sq(w), -0.5)), 1 / Math.sqrt(2 * Math.PI)))],
  ['sigmoid', ([z]) => sigmoid(z)],
  ['softplus', ([z]) => softplus(z)],
  ['gelu', ([z]) => gelu(z)],
  ['logsumexp', (a) => logsumexp(a)],
]);
