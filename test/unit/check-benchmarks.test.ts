import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { check } from '../../src/core/check/check';
import type { PartialCheck } from '../../src/core/check/types';

/** Benchmark-like expressions: the losses and test functions derivatives are checked on in practice. */
const BENCHMARKS: Record<string, string> = {
  'logistic loss': 'log(1 + exp(-y*(w1*x1 + w2*x2 + b)))',
  'softmax cross-entropy': 'logsumexp(z1, z2, z3) - z2',
  'softmax cross-entropy (explicit)': '-log(exp(z2) / (exp(z1) + exp(z2) + exp(z3)))',
  'mean squared error': '((w*x1 + b - y1)^2 + (w*x2 + b - y2)^2 + (w*x3 + b - y3)^2) / 3',
  'small tanh network': [
    'h1 = tanh(w11*x1 + w12*x2 + b1)',
    'h2 = tanh(w21*x1 + w22*x2 + b2)',
    'out = v1*h1 + v2*h2 + c',
    'loss = (out - t)^2',
  ].join('\n'),
  'sigmoid/softplus/gelu layer': 'softplus(a*x + b) * sigmoid(c*x) + gelu(a*x - c)',
  Rosenbrock: '(1 - x)^2 + 100*(y - x^2)^2',
  Himmelblau: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  Ackley: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
};

const POINTS: Record<string, Record<string, number>>[] = [
  {},
  { Rosenbrock: { x: -1.2, y: 1 }, Himmelblau: { x: 0.5, y: -1.5 }, Ackley: { x: 0.3, y: -0.8 }, 'logistic loss': { y: -1 } },
];

/** Relative error against exact (absolute where exact is 0). */
const rel = (p: PartialCheck, m: keyof PartialCheck['methods']): number => {
  const r = p.methods[m];
  assert.notEqual(r.value, null, `${m} has no value for ∂${p.of}/∂${p.wrt}`);
  return r.relError ?? r.absError!;
};

describe('benchmark expressions: every method agrees with the exact partial', () => {
  for (const [name, source] of Object.entries(BENCHMARKS)) {
    it(name, () => {
      for (const at of POINTS) {
        const r = check({ source, at: at[name] });
        assert.ok(r.partials.length >= 2);
        for (const p of r.partials) {
          assert.equal(p.verdict, 'ok', `${name} ∂${p.of}/∂${p.wrt} at ${JSON.stringify(r.point)}: ${p.reasons.join('; ')}`);
          for (const m of ['complexStep', 'forwardAD', 'reverseAD'] as const) {
            assert.ok(rel(p, m) <= 1e-12, `${name} ∂/∂${p.wrt}: ${m} relative error ${rel(p, m)}`);
          }
          assert.ok(rel(p, 'centralDifference') <= 1e-6, `${name} ∂/∂${p.wrt}: central difference relative error ${rel(p, 'centralDifference')}`);
          assert.ok(rel(p, 'richardson') <= 1e-6, `${name} ∂/∂${p.wrt}: Richardson relative error ${rel(p, 'richardson')}`);
        }
        assert.ok(r.ok);
      }
    });
  }
});

// ---- random expressions ------------------------------------------------------------------------------

const UNARY = ['sin', 'cos', 'tanh', 'atan', 'sigmoid', 'softplus', 'erf', 'asinh', 'gelu', 'exp(tanh', 'log(1 + sq', 'sqrt(1 + sq'];
function unary(f: string, a: string): string {
  if (f === 'exp(tanh') return `exp(tanh(${a}))`;
  if (f === 'log(1 + sq') return `log(1 + (${a})^2)`;
  if (f === 'sqrt(1 + sq') return `sqrt(1 + (${a})^2)`;
  return `${f}(${a})`;
}
function binary(op: number, a: string, b: string): string {
  switch (op) {
    case 0: return `(${a}) + (${b})`;
    case 1: return `(${a}) - (${b})`;
    case 2: return `(${a}) * (${b})`;
    case 3: return `(${a}) / (1 + (${b})^2)`;
    case 4: return `(${a})^2 * (${b})`;
    default: return `atan2(${a}, 2 + (${b})^2)`;
  }
}

const { expr } = fc.letrec<{ expr: string; leaf: string; node: string }>((tie) => ({
  leaf: fc.oneof(fc.constantFrom('x', 'y', 'x', 'y'), fc.integer({ min: 1, max: 30 }).map((k) => String(k / 10))),
  node: fc.oneof(
    fc.tuple(fc.constantFrom(...UNARY), tie('expr')).map(([f, a]) => unary(f, a)),
    fc.tuple(fc.integer({ min: 0, max: 5 }), tie('expr'), tie('expr')).map(([op, a, b]) => binary(op, a, b)),
  ),
  expr: fc.oneof({ depthSize: 'medium', maxDepth: 6, withCrossShrink: true }, { arbitrary: tie('leaf'), weight: 1 }, { arbitrary: tie('node'), weight: 3 }),
}));

describe('random expressions (fast-check)', () => {
  it('complex step and both AD modes agree with the exact partial to 1e-12, central differences to 1e-6', () => {
    const coord = fc.integer({ min: -200, max: 200 }).map((k) => k / 100);
    fc.assert(fc.property(expr, coord, coord, (source, x, y) => {
      if (!/[xy]/.test(source)) return;
      const r = check({ source, at: Object.fromEntries(Object.entries({ x, y }).filter(([k]) => new RegExp(`\\b${k}\\b`).test(source))) });
      for (const p of r.partials) {
        if (p.verdict !== 'ok' && p.verdict !== 'mismatch') continue; // a kink or domain edge hit by chance
        // Where the partial is tiny next to the size of the terms that make it, relative error is round-off
        // of those terms: measure against that scale (the largest of f and the partial, at least 1e-3).
        const scale = Math.max(Math.abs(p.exact!), 1e-3 * Math.max(1, Math.abs(r.values[p.of] ?? 0)));
        for (const m of ['complexStep', 'forwardAD', 'reverseAD'] as const) {
          const e = p.methods[m].absError;
          assert.ok(e !== null && e <= 1e-12 * scale, `${source} at x=${x}, y=${y}: ${m} ∂/∂${p.wrt} = ${p.methods[m].value} vs exact ${p.exact}`);
        }
        const c = p.methods.centralDifference.absError;
        assert.ok(c !== null && c <= 1e-6 * Math.max(scale, 1e-2), `${source}: central difference ∂/∂${p.wrt} error ${c} (exact ${p.exact})`);
      }
    }), { numRuns: 300, seed: 20261126 });
  });
});

describe('claims on random expressions (fast-check)', () => {
  it('the printed exact partial, claimed back, holds; a perturbed one is wrong', () => {
    let symbolic = 0, total = 0;
    fc.assert(fc.property(expr, (source) => {
      if (!/\bx\b/.test(source)) return;
      const first = check({ source, wrt: ['x'] });
      const p = first.partials[0];
      if (p.verdict !== 'ok') return;
      const r = check({ source, wrt: ['x'], claims: [`df/dx = ${p.expr}`, `df/dx = (${p.expr}) * 1.01 + 0.1`] });
      const [right, wrong] = r.claims;
      assert.equal(right.result, 'holds', `${source}: claimed ${p.expr}: ${right.details.join(' ')}`);
      assert.equal(wrong.result, 'wrong', `${source}: perturbed claim not caught`);
      assert.ok(wrong.failures.length > 0 && wrong.failures.every((f) => f.claimed !== f.exact));
      total++;
      if (right.proof === 'symbolic') symbolic++;
    }), { numRuns: 150, seed: 7 });
    // Re-parsed display forms are mostly proven by expansion; the rest (pulled-out common factors) numerically.
    assert.ok(total > 50 && symbolic / total > 0.5, `${symbolic} of ${total} proven symbolically`);
  });
});
