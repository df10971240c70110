import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derivative, parse } from 'mathjs';
import { FUNCTIONS, inspect } from '../../src/core';
import { close, riddersDerivative } from './helpers/numeric';

/** For every function: a call to test it with, points inside its domain and away from kinks. */
const CASES: Record<string, { expr: string; points: number[]; mathjs?: boolean }> = {
  sin: { expr: 'sin(x)', points: [-2, 0.3, 1.7], mathjs: true },
  cos: { expr: 'cos(x)', points: [-2, 0.3, 1.7], mathjs: true },
  tan: { expr: 'tan(x)', points: [-1, 0.3, 1.2], mathjs: true },
  sec: { expr: 'sec(x)', points: [-1, 0.3, 1.2], mathjs: true },
  csc: { expr: 'csc(x)', points: [-1, 0.3, 2.2], mathjs: true },
  cot: { expr: 'cot(x)', points: [-1, 0.3, 2.2], mathjs: true },
  asin: { expr: 'asin(x)', points: [-0.7, 0.1, 0.9], mathjs: true },
  acos: { expr: 'acos(x)', points: [-0.7, 0.1, 0.9], mathjs: true },
  atan: { expr: 'atan(x)', points: [-3, 0.1, 2], mathjs: true },
  acot: { expr: 'acot(x)', points: [-3, 0.1, 2], mathjs: true },
  sinh: { expr: 'sinh(x)', points: [-2, 0.1, 2], mathjs: true },
  cosh: { expr: 'cosh(x)', points: [-2, 0.1, 2], mathjs: true },
  tanh: { expr: 'tanh(x)', points: [-2, 0.1, 2], mathjs: true },
  sech: { expr: 'sech(x)', points: [-2, 0.1, 2, 30, -800], mathjs: true },
  asinh: { expr: 'asinh(x)', points: [-2, 0.1, 2], mathjs: true },
  acosh: { expr: 'acosh(x)', points: [1.1, 2, 5], mathjs: true },
  atanh: { expr: 'atanh(x)', points: [-0.9, 0.1, 0.5], mathjs: true },
  exp: { expr: 'exp(x)', points: [-2, 0.1, 3], mathjs: true },
  log: { expr: 'log(x)', points: [0.1, 1.5, 30], mathjs: true },
  log2: { expr: 'log2(x)', points: [0.1, 1.5, 30] },
  log10: { expr: 'log10(x)', points: [0.1, 1.5, 30] },
  log1p: { expr: 'log1p(x)', points: [-0.5, 0.1, 30] },
  expm1: { expr: 'expm1(x)', points: [-2, 1e-3, 3] },
  sqrt: { expr: 'sqrt(x)', points: [0.1, 1.5, 30], mathjs: true },
  cbrt: { expr: 'cbrt(x)', points: [-8, 0.1, 30] },
  nthRoot: { expr: 'nthRoot(x, 3)', points: [-8, 0.1, 30] },
  pow: { expr: 'pow(x, 3) + x^x', points: [0.3, 1.5, 2.5], mathjs: true },
  abs: { expr: 'abs(x)', points: [-2, 0.1, 3], mathjs: true },
  sign: { expr: 'sign(x)*x', points: [-2, 0.1, 3] },
  floor: { expr: 'floor(x) + x', points: [-2.5, 0.1, 3.3] },
  ceil: { expr: 'ceil(x) + x', points: [-2.5, 0.1, 3.3] },
  round: { expr: 'round(x) + x', points: [-2.2, 0.1, 3.3] },
  min: { expr: 'min(x, 1, x^2)', points: [-2, 0.5, 3] },
  max: { expr: 'max(x, 1, x^2)', points: [-2, 0.5, 3] },
  atan2: { expr: 'atan2(x, 2) + atan2(1.5, x)', points: [-2, 0.5, 3] },
  hypot: { expr: 'hypot(x, 2, 3)', points: [-2, 0.5, 3] },
  erf: { expr: 'erf(x)', points: [-2, 0.1, 1.3] },
  erfc: { expr: 'erfc(x)', points: [-2, 0.1, 1.3, 5] },
  erfinv: { expr: 'erfinv(x)', points: [-0.95, 0.1, 0.6, 0.999] },
  normcdf: { expr: 'normcdf(x)', points: [-7, -1, 0.1, 2.5] },
  sigmoid: { expr: 'sigmoid(x)', points: [-3, 0.1, 4] },
  softplus: { expr: 'softplus(x)', points: [-3, 0.1, 4] },
  relu: { expr: 'relu(x)', points: [-3, 0.1, 4] },
  leakyRelu: { expr: 'leakyRelu(x, 0.2)', points: [-3, 0.1, 4] },
  gelu: { expr: 'gelu(x)', points: [-3, 0.1, 2] },
  logsumexp: { expr: 'logsumexp(x, 2*x, 1)', points: [-3, 0.1, 2] },
};

describe('function table', () => {
  it('has a test case for every function', () => {
    assert.deepEqual([...FUNCTIONS.keys()].sort(), Object.keys(CASES).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: rule agrees with a high-accuracy numeric derivative`, () => {
      for (const x of c.points) {
        const r = inspect({ source: c.expr, at: { x } });
        const f = (t: number) => inspect({ source: c.expr, at: { x: t } }).values.f;
        const ref = riddersDerivative(f, x, 1e-3 * Math.max(1, Math.abs(x)));
        assert.ok(close(r.partials[0].value, ref.value, 1e-8, 1e-9), `${c.expr} at ${x}: engine ${r.partials[0].value}, numeric ${ref.value}`);
        assert.equal(r.partials[0].differentiable, true);
      }
    });
    if (c.mathjs) {
      it(`${name}: agrees with mathjs derivative`, () => {
        const d = derivative(parse(c.expr.replace(/pow\(x, 3\)/, 'x^3')), 'x');
        for (const x of c.points) {
          const ours = inspect({ source: c.expr, at: { x } }).partials[0].value;
          assert.ok(close(ours, d.evaluate({ x }), 1e-12, 1e-14), `${c.expr} at ${x}`);
        }
      });
    }
  }
});
