import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Evaluator, gradients, readTensor, tensor, type Tensor } from '../../src/core/tensor';

/**
 * The Evaluator's buffer reuse (an elementwise node writes into a spent intermediate's buffer) and its shared
 * matrix–vector products: the values must be those of an evaluation that keeps every intermediate, the inputs
 * must never be written, and an intermediate whose buffer was reused is recomputed when asked for.
 */

function pointOf(shapes: Record<string, number[]>, seed = 3): Record<string, Tensor> {
  let s = seed;
  const rand = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff - 0.5; };
  const out: Record<string, Tensor> = {};
  for (const [k, shape] of Object.entries(shapes)) {
    const t = tensor(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rand();
    out[k] = t;
  }
  return out;
}

const CASES: { src: string; shapes: Record<string, number[]> }[] = [
  { src: 'np.sum((X @ w - y)**2)', shapes: { X: [7, 4], w: [4], y: [7] } },
  { src: 'np.sum(np.log(1 + np.exp(-y * (X @ w))))', shapes: { X: [6, 3], w: [3], y: [6] } },
  { src: 'x @ A @ x', shapes: { x: [5], A: [5, 5] } },
  { src: 'np.sum(np.tanh(W @ x + b))', shapes: { W: [4, 5], x: [5], b: [4] } },
  { src: 'np.log(np.sum(np.exp(z))) - z @ t', shapes: { z: [6], t: [6] } },
  { src: 'np.sum(100 * (x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', shapes: { x: [6] } },
  { src: 'np.sum(np.exp(-(A @ x)) * np.sin(A.T @ y)) + x @ (A + A.T) @ x', shapes: { A: [4, 4], x: [4], y: [4] } },
  { src: 'np.sum((np.outer(u, v) - M)**2 / 2)', shapes: { u: [3], v: [4], M: [3, 4] } },
  // an outer product scaled (−(u vᵀ), 3·(u vᵀ)) and also read as it is: formed once, never overwritten under its reader
  { src: 'np.sum(np.exp(-np.outer(u, v)) * M) + np.sum(np.outer(u, v) * M) + np.sum(np.sin(3 * np.outer(u, v)))', shapes: { u: [3], v: [4], M: [3, 4] } },
];

describe('tensor Evaluator: reused buffers and shared products', () => {
  for (const c of CASES) {
    it(`${c.src}: the value and every gradient equal a keep-everything evaluation, and the inputs are untouched`, () => {
      const { graph, output, inputs } = readTensor(c.src, 'numpy', { shapes: c.shapes });
      const grads = [...gradients(graph, output, inputs).values()];
      const roots = [output, ...grads];
      const point = pointOf(c.shapes);
      const before = Object.fromEntries(Object.entries(point).map(([k, t]) => [k, Array.from(t.data)]));
      const fast = new Evaluator(graph, point, roots);
      const kept = new Evaluator(graph, point, roots, { keep: true });
      for (const r of roots) {
        assert.deepEqual(fast.get(r).shape, kept.get(r).shape);
        assert.deepEqual(Array.from(fast.get(r).data), Array.from(kept.get(r).data), `root ${r} of ${c.src}`);
      }
      for (const [k, t] of Object.entries(point)) assert.deepEqual(Array.from(t.data), before[k], `input ${k} was written`);
      // every other node, asked for afterwards (recomputed where its buffer went to a later node), agrees too
      for (const n of graph.reachable(roots)) {
        assert.deepEqual(Array.from(fast.get(n).data), Array.from(kept.get(n).data), `node ${n} (${graph.op[n]}) of ${c.src}`);
      }
    });
  }

  it('−(s wᵀ) is written in one pass: the outer product is never formed, and is computed when asked for later', () => {
    const { graph, output, inputs } = readTensor(c0.src, 'numpy', { shapes: c0.shapes });
    const gX = gradients(graph, output, inputs).get('X')!;
    assert.equal(graph.op[gX], 'neg');
    const outer = graph.args[gX][0];
    assert.equal(graph.op[outer], 'outer');
    const ev = new Evaluator(graph, pointOf(c0.shapes), [output, gX]);
    assert.equal(ev.values[outer], undefined);
    assert.ok(ev.values[gX]);
    // asked for later: the same entries as the gradient's, with the sign flipped
    assert.deepEqual(Array.from(ev.get(outer).data), Array.from(ev.get(gX).data, (v) => -v));
  });

  it('a spent elementwise intermediate lends its buffer: exp(−y ⊙ X w) is computed in the buffer of −y ⊙ X w', () => {
    // (the logistic loss's log(1 + exp(…)) is read as softplus, whose gradient σ(−y ⊙ X w) reads −y ⊙ X w again)
    const { graph, output, inputs } = readTensor('np.sum(np.exp(-y * (X @ w)))', 'numpy', { shapes: c0.shapes });
    const e = graph.reachable([output]).find((n) => graph.op[n] === 'fn' && graph.name[n] === 'exp')!;
    const arg = graph.args[e][0];
    const ev = new Evaluator(graph, pointOf(c0.shapes), [output, ...gradients(graph, output, inputs).values()]);
    const kept = new Evaluator(graph, pointOf(c0.shapes), [output], { keep: true });
    assert.ok(kept.values[arg]);
    assert.equal(ev.values[arg], undefined);
    assert.deepEqual(Array.from(ev.get(arg).data), Array.from(kept.values[arg]!.data));
  });

  it('an outer product read as it is and negated: the negation never takes the buffer its other reader needs', () => {
    const shapes = { u: [3], v: [4] };
    const { graph, output } = readTensor('np.sum(np.exp(-np.outer(u, v)) * np.outer(u, v))', 'numpy', { shapes });
    const p = pointOf(shapes, 5);
    const u = p.u.data, v = p.v.data;
    let want = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) want += Math.exp(-(u[i] * v[j])) * (u[i] * v[j]);
    const got = new Evaluator(graph, p, [output]).get(output).data[0];
    assert.ok(Math.abs(got - want) <= 1e-15, `${got} vs ${want}`);
  });

  it('(A + Aᵀ) x reads the Aᵀx that f already computed, and matches A x + Aᵀ x entry by entry', () => {
    const shapes = { x: [4], A: [4, 4] };
    const { graph, output, inputs } = readTensor('x @ A @ x', 'numpy', { shapes });
    const gx = gradients(graph, output, inputs).get('x')!;
    const p = pointOf(shapes, 11);
    const v = new Evaluator(graph, p, [output, gx]).get(gx).data;
    const A = p.A.data, x = p.x.data;
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += (A[i * 4 + j] + A[j * 4 + i]) * x[j];
      assert.ok(Math.abs(v[i] - s) <= 1e-14, `entry ${i}: ${v[i]} vs ${s}`);
    }
  });
});

const c0 = CASES[1];
