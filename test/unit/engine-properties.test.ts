import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { inspect } from '../../src/core';
import { close, riddersDerivative } from './helpers/numeric';

/** Random smooth expressions over x, y, z that stay well-conditioned on [0.5, 1.5]^3. */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', 'z', '2', '0.5', 'pi'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) / (2 + (${b})^2)`),
    fc.tuple(tie('e'), fc.integer({ min: 2, max: 3 })).map(([a, k]) => `(${a})^${k}`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'atan', 'sigmoid', 'softplus', 'erf'), tie('e')).map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `exp(tanh(${a}))`),
    tie('e').map((a) => `log(1 + (${a})^2)`),
    tie('e').map((a) => `sqrt(1 + (${a})^2)`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `logsumexp(${a}, ${b})`),
  ),
})).e;

const point = fc.record({
  x: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  y: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  z: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
});

describe('property: symbolic partials of random expressions', () => {
  it('agree with a high-accuracy numeric derivative to 1e-8 relative', () => {
    fc.assert(
      fc.property(expr, point, (src, at) => {
        const r = inspect({ source: src, at });
        for (const p of r.partials) {
          const f = (t: number) => inspect({ source: src, at: { ...at, [p.wrt]: t } }).values.f;
          const ref = riddersDerivative(f, at[p.wrt as 'x'], 0.01);
          // Skip only where the reference itself is unsure (its own error estimate is large).
          if (ref.error > 1e-9 * Math.max(1, Math.abs(ref.value))) continue;
          assert.ok(close(p.value, ref.value, 1e-8, 1e-10), `${src} d/d${p.wrt}: ${p.value} vs ${ref.value}`);
        }
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it('print to mathjs text that evaluates to the same values', () => {
    fc.assert(
      fc.property(expr, point, (src, at) => {
        const r = inspect({ source: src, at });
        for (const p of r.partials) {
          const v = mathjsEvaluate(p.expr, { ...at }) as number;
          assert.ok(close(v, p.value, 1e-10, 1e-12), `${p.expr}: ${v} vs ${p.value}`);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the gradient costs at most 4× the operations of f', () => {
    fc.assert(
      fc.property(expr, (src) => {
        const r = inspect({ source: src, at: { x: 1, y: 1, z: 1 } });
        if (r.cost.fOps >= 3) assert.ok(r.cost.gradientOps <= 4 * r.cost.fOps + 4, `${src}: ${JSON.stringify(r.cost)}`);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
