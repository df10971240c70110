import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { complexStep, Evaluator, forwardMode, fromNested, gradients, printTensor, randomDirections, readTensorMath, reverseModeValues, type Nested, type Tensor } from '../../src/core/tensor';
import { close } from './helpers/numeric';
import { scalarGradient, scalarise } from './helpers/scalarise';

/**
 * Property tests: random well-typed matrix expressions over X (m×n), A (n×n), y (m), w (n) and c (scalar),
 * at random small sizes and points. The tensor gradient equals the scalar engine's gradient of the
 * expression expanded entry by entry; forward-mode AD agrees along a random direction; every `expr`
 * re-evaluates in mathjs to its value.
 */
type Sig = 'mn' | 'nn' | 'm' | 'n' | 's';

const SMOOTH = ['tanh', 'sin', 'sigmoid', 'softplus', 'atan'];

function gen(depth: number): Record<Sig, fc.Arbitrary<string>> {
  const leaf: Record<Sig, fc.Arbitrary<string>> = {
    mn: fc.constant('X'), nn: fc.constant('A'), m: fc.constant('y'), n: fc.constant('w'), s: fc.constantFrom('c', '0.5', '2'),
  };
  if (depth === 0) return leaf;
  const sub = gen(depth - 1);
  const f = fc.constantFrom(...SMOOTH);
  const ew = (s: Sig) => fc.oneof(
    fc.tuple(sub[s], fc.constantFrom('+', '-', '.*'), sub[s]).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(f, sub[s]).map(([g, a]) => `${g}(${a})`),
    fc.tuple(sub.s, sub[s]).map(([a, b]) => `(${a}) * (${b})`),
    sub[s].map((a) => `log(1 + (${a}) .^ 2)`),
  );
  return {
    mn: fc.oneof(leaf.mn, ew('mn'), fc.tuple(sub.m, sub.n).map(([a, b]) => `outer(${a}, ${b})`), fc.tuple(sub.mn, sub.nn).map(([a, b]) => `(${a}) * (${b})`),
      fc.tuple(sub.mn, sub.n).map(([a, b]) => `(${a}) .* (${b})'`)),
    nn: fc.oneof(leaf.nn, ew('nn'), sub.mn.map((a) => `(${a})' * (${a})`), fc.tuple(sub.nn, sub.nn).map(([a, b]) => `(${a}) * (${b})'`)),
    m: fc.oneof(leaf.m, ew('m'), fc.tuple(sub.mn, sub.n).map(([a, b]) => `(${a}) * (${b})`), sub.m.map((a) => `softmax(${a})`), sub.mn.map((a) => `sum(${a}, 2)`)),
    n: fc.oneof(leaf.n, ew('n'), fc.tuple(sub.mn, sub.m).map(([a, b]) => `(${a})' * (${b})`), fc.tuple(sub.nn, sub.n).map(([a, b]) => `(${a}) * (${b})`),
      sub.mn.map((a) => `mean(${a}, 1)`), sub.n.map((a) => `log_softmax(${a})`)),
    s: fc.oneof(leaf.s, fc.tuple(f, sub.s).map(([g, a]) => `${g}(${a})`), sub.m.map((a) => `sum(${a})`), fc.tuple(sub.n, sub.nn).map(([a, b]) => `(${a})' * (${b}) * (${a})`),
      sub.nn.map((a) => `trace(${a})`), sub.n.map((a) => `logsumexp(${a})`), sub.m.map((a) => `sqrt(1 + norm(${a})^2)`), sub.mn.map((a) => `sum(sum(${a}))`)),
  };
}

const expression = gen(3).s;

const sizes = fc.record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }) });

function randomPoint(m: number, n: number, seed: number): Record<string, Nested> {
  let s = seed >>> 0;
  const r = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const mat = (a: number, b: number) => Array.from({ length: a }, () => Array.from({ length: b }, r));
  return { X: mat(m, n), A: mat(n, n), y: Array.from({ length: m }, r), w: Array.from({ length: n }, r), c: r() };
}

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

describe('property: tensor gradients of random matrix expressions', () => {
  it('equal the scalar engine’s gradient of the expanded expression, forward and reverse AD on values, and the complex step', () => {
    fc.assert(
      fc.property(expression, sizes, fc.integer(), (src, { m, n }, seed) => {
        const at = randomPoint(m, n, seed);
        const shapes = { X: [m, n], A: [n, n], y: [m], w: [n], c: [] };
        const { graph, output } = readTensorMath(src, { shapes });
        const inputs = graph.inputs([output]);
        if (!inputs.length) return;
        const grads = gradients(graph, output, inputs);
        const point: Record<string, Tensor> = {};
        for (const k of inputs) point[k] = fromNested(at[k], k);
        const ev = new Evaluator(graph, point, [output, ...grads.values()]);
        const s = scalarise(graph, output, point);
        for (const k of inputs) {
          const ref = scalarGradient(s, point, k);
          const got = ev.get(grads.get(k)!).data;
          for (let i = 0; i < got.length; i++) {
            assert.ok(close(got[i], ref.grad[i], 1e-8, 1e-10), `${src} ∂/∂${k}[${i}] = ${printTensor(graph, grads.get(k)!, 'text')}: ${got[i]} vs ${ref.grad[i]}`);
          }
        }
        // forward mode along a random direction: ⟨∇f, d⟩
        const dir = randomDirections(point, inputs, seed);
        let along = 0;
        for (const k of inputs) ev.get(grads.get(k)!).data.forEach((v, i) => { along += v * dir[k].data[i]; });
        const fwd = forwardMode(graph, output, point, dir).data[0];
        assert.ok(close(fwd, along, 1e-8, 1e-10), `${src}: forward ${fwd} vs ⟨∇f, d⟩ ${along}`);
        // the complex step (every op here is analytic) and reverse mode on values
        const cs = complexStep(graph, output, point, dir);
        assert.ok(cs.value !== undefined && close(cs.value, along, 1e-8, 1e-10), `${src}: complex step ${cs.value} (${cs.reason}) vs ${along}`);
        const rev = reverseModeValues(graph, output, point);
        for (const k of inputs) {
          ev.get(grads.get(k)!).data.forEach((v, i) => assert.ok(close(rev[k].data[i], v, 1e-8, 1e-10), `${src}: reverse ∂/∂${k}[${i}] ${rev[k].data[i]} vs ${v}`));
        }
      }),
      { numRuns: 120, seed: 20261207 },
    );
  });

  it('print to mathjs expressions that evaluate to the same values', () => {
    fc.assert(
      fc.property(expression, sizes, fc.integer(), (src, { m, n }, seed) => {
        const at = randomPoint(m, n, seed);
        const shapes = { X: [m, n], A: [n, n], y: [m], w: [n], c: [] };
        const { graph, output } = readTensorMath(src, { shapes });
        const inputs = graph.inputs([output]);
        const grads = gradients(graph, output, inputs);
        const point: Record<string, Nested> = {};
        for (const k of inputs) point[k] = at[k];
        for (const node of [output, ...grads.values()]) {
          const value = flat(toNestedValue(new Evaluator(graph, point, [node]).get(node)));
          const expr = printTensor(graph, node, 'expr');
          const r = mathjsEvaluate(expr, structuredClone(point)) as { valueOf(): unknown };
          const got = flat((typeof r === 'object' ? r.valueOf() : r) as Nested);
          assert.equal(got.length, value.length, expr);
          got.forEach((v, i) => assert.ok(close(v, value[i], 1e-9, 1e-11), `${expr}: ${v} vs ${value[i]}`));
        }
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});

function toNestedValue(t: Tensor): Nested {
  if (t.shape.length === 0) return t.data[0];
  if (t.shape.length === 1) return Array.from(t.data);
  return Array.from({ length: t.shape[0] }, (_v, i) => Array.from(t.data.subarray(i * t.shape[1], (i + 1) * t.shape[1])));
}
