import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import {
  analyzeTensor, complexStep, Evaluator, randomDirections, gradients, hessian, jacobian, printTensor, readTensor, readTensorMath, TensorShapeError, TGraph, toNested,
} from '../../src/core/tensor';
import { errorOf } from './helpers/tensor';

/** Shapes, shape errors, the builder API, the printers' spellings and the cost of a derivation. */

describe('tensor shapes', () => {
  it('X @ w ties X’s column count to w’s length; the sizes nobody fixed stay symbolic', () => {
    const g = new TGraph();
    const X = g.freshVariable('X', 2);
    const w = g.freshVariable('w', 1);
    const y = g.freshVariable('y', 1);
    const r = g.sub(g.matmul(X, w), y);
    const [m, n] = g.shape(X);
    assert.equal(typeof m, 'string');
    assert.deepEqual(g.shape(w), [n]);
    assert.deepEqual(g.shape(y), [m]);
    assert.deepEqual(g.shape(r), [m]);
  });

  it('a declared size propagates through unification', () => {
    const g = new TGraph();
    const X = g.variable('X', ['n', 'd']);
    const w = g.variable('w', [3]);
    g.matmul(X, w);
    assert.deepEqual(g.shape(X), ['n', 3]);
  });

  it('NumPy broadcasting: a scalar with a matrix, a row with a matrix', () => {
    const g = new TGraph();
    const X = g.variable('X', [2, 3]);
    const r = g.variable('r', [3]);
    const c = g.variable('c', []);
    assert.deepEqual(g.shape(g.add(X, c)), [2, 3]);
    assert.deepEqual(g.shape(g.mul(X, r)), [2, 3]);
    const v = new Evaluator(g, { X: [[1, 2, 3], [4, 5, 6]], r: [10, 20, 30], c: 1 }, [g.mul(X, r)]);
    assert.deepEqual(toNested(v.get(g.mul(X, r))), [[10, 40, 90], [40, 100, 180]]);
  });

  it('a shape mismatch names both operands and their shapes', () => {
    const g = new TGraph();
    const X = g.variable('X', [3, 4]);
    const w = g.variable('w', [5]);
    const e = errorOf(() => g.matmul(X, w));
    assert.ok(e instanceof TensorShapeError);
    assert.match(e.message, /X @ w/);
    assert.match(e.message, /X has shape \(3, 4\)/);
    assert.match(e.message, /w has shape \(5,\)/);
    assert.match(e.message, /4 ≠ 5/);
  });

  it('a broadcast mismatch names both operands', () => {
    const g = new TGraph();
    const a = g.variable('a', [3]);
    const b = g.variable('b', [4]);
    const e = errorOf(() => g.add(a, b));
    assert.match(e.message, /a has shape \(3,\) and b has shape \(4,\)/);
    assert.match(e.message, /cannot be broadcast/);
  });

  it('shape errors from source carry the line and the column of the construct', () => {
    const e = errorOf(() => readTensorMath('r = X*w\nsum((X*w - y).^2) + dot(r, z)', { shapes: { X: [3, 2], w: [2], y: [3], z: [4] } }));
    assert.equal(e.line, 2);
    assert.equal(e.column, 21);
    assert.match(e.message, /r has shape|X w has shape/);
    assert.match(e.message, /z has shape \(4,\)/);
  });

  it('non-square matrices are refused by det, inv, trace and logdet with their shape', () => {
    for (const f of ['det', 'inv', 'trace', 'logdet']) {
      const e = errorOf(() => readTensorMath(`${f}(A)`, { shapes: { A: [2, 3] } }));
      assert.match(e.message, /A has shape \(2, 3\)/, f);
      assert.match(e.message, /square/, f);
    }
  });

  it('a point whose arrays disagree with the shapes is refused, naming the sizes', () => {
    const e = errorOf(() => analyzeTensor('sum((X*w - y).^2)', { at: { X: [[1, 2], [3, 4]], w: [1, 2, 3], y: [1, 2] } }));
    assert.match(e.message, /w|X/);
    const e2 = errorOf(() => analyzeTensor("x'*y", { shapes: { x: ['n'], y: ['n'] }, at: { x: [1, 2], y: [1, 2, 3] } }));
    assert.match(e2.message, /The size n is 2 from 'x' but 3 from 'y'/);
  });

  it('ranks above 2 are refused with a clear message', () => {
    assert.match(errorOf(() => analyzeTensor('sum(T)', { at: { T: [[[1]]] } })).message, /rank 3/);
    assert.match(errorOf(() => new TGraph().variable('T', [2, 2, 2])).message, /rank 3/);
  });
});

describe('tensor reader (mathjs syntax)', () => {
  it('reads *, .*, \', .^, indexing, slices and array literals with mathjs meanings', () => {
    const r = analyzeTensor("sum((X*w - y).^2) + w'*w + x[1]*[1, 2]'*u[1:2]", { at: { X: [[1, 2], [3, 4]], w: [0.5, -1], y: [1, 1], x: [3, 4], u: [1, 2, 3] } });
    // (X w − y) = [−2.5, −3.5]: 6.25 + 12.25; wᵀw = 1.25; x₁ [1, 2]·u₁:₂ = 3·5
    assert.ok(Math.abs((r.output.value as number) - (18.5 + 1.25 + 15)) < 1e-12, String(r.output.value));
  });

  it('assignments name intermediate results', () => {
    const r = analyzeTensor("r = X*w - y; r'*r", { shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] } });
    assert.equal(r.partials.find((p) => p.wrt === 'w')!.text, '2 Xᵀ(X w − y)');
  });

  it('a declared size name is never reused for an undeclared input', () => {
    const r = analyzeTensor('sum(X*v) + sum(w)', { shapes: { w: ['n'] } });
    assert.deepEqual(r.shapes.w, ['n']);
    assert.ok(!r.shapes.X.includes('n'), JSON.stringify(r.shapes));
  });

  it('infers ranks from use: capitals are matrices, vectors where used as vectors', () => {
    const r = analyzeTensor("sum((X*w - y).^2) + lambda*w'*w");
    assert.equal(r.shapes.X.length, 2);
    assert.equal(r.shapes.w.length, 1);
    assert.equal(r.shapes.y.length, 1);
    assert.equal(r.shapes.lambda.length, 0);
    assert.deepEqual(r.shapes.f, []);
  });

  it('refuses variable indices, unknown functions, ^ on a matrix and / by an array, with the column', () => {
    const idx = errorOf(() => readTensorMath('x[i]', { shapes: { x: [3], i: [] } }));
    assert.match(idx.message, /constant integer/);
    assert.equal(idx.column, 3);
    const unk = errorOf(() => readTensorMath('sum(frobnicate(X))', { shapes: { X: [2, 2] } }));
    assert.equal(unk.code, 'unknown-function');
    assert.match(unk.message, /frobnicate/);
    assert.equal(unk.column, 5);
    assert.match(errorOf(() => readTensorMath('sum(X^2)', { shapes: { X: [2, 2] } })).message, /\.\^/);
    assert.match(errorOf(() => readTensorMath('sum(x / y)', { shapes: { x: [2], y: [2] } })).message, /\.\//);
    assert.match(errorOf(() => readTensorMath('x[4]', { shapes: { x: [3] } })).message, /out of range/);
    // max over every entry and along an axis are read since issue #13 (tensor-max-xent.test.ts, tensor-axis.test.ts); other keywords are not
    assert.match(errorOf(() => readTensor('np.max(X, axis=1, initial=0)', 'numpy', { shapes: { X: [2, 3] } })).message, /initial= is not supported/);
    assert.equal(errorOf(() => readTensorMath('sum((X*w)', { shapes: {} })).code, 'parse');
  });

  it('an output that is not a scalar asks for the Jacobian', () => {
    assert.match(errorOf(() => analyzeTensor('X*w')).message, /Jacobian/);
  });
});

describe('tensor derivatives', () => {
  it('gradients are not symmetrised: d(xᵀAx)/dA = x xᵀ and d tr(AX)/dX = Aᵀ even for symmetric-looking input', () => {
    const r = analyzeTensor("x'*A*x", { at: { x: [1, 2], A: [[1, 5], [0, 1]] } });
    assert.deepEqual(r.partials.find((p) => p.wrt === 'A')!.value, [[1, 2], [2, 4]]);
    const t = analyzeTensor('trace(A*X)', { at: { A: [[1, 2], [3, 4]], X: [[0, 0], [0, 0]] } });
    assert.deepEqual(t.partials.find((p) => p.wrt === 'X')!.value, [[1, 3], [2, 4]]);
  });

  it('the derivation costs the same for n = 10 and n = 10 000 (node counts equal)', () => {
    const sources = ['sum((X*w - y).^2)', "w'*A*w", 'trace(A*X)', 'logdet(A)', '-log_softmax(z)[2]', 'mean((X*w - y).^2)', 'sum(tanh(W*x + b))', "a'*inv(A)*b"];
    for (const src of sources) {
      const counts = [10, 10_000].map((n) => {
        const shapes = { X: [n, n], w: [n], y: [n], A: [n, n], z: [n], W: [n, n], x: [n], b: [n], a: [n] };
        const { graph, output } = readTensorMath(src, { shapes });
        const before = graph.size;
        const grads = gradients(graph, output, graph.inputs([output]));
        return { created: graph.size - before, ops: graph.countOps([...grads.values()]) };
      });
      assert.deepEqual(counts[0], counts[1], src);
    }
  });

  it('Jacobian of a vector output and the Hessian for a vector input, in matrix notation', () => {
    const g = new TGraph();
    const z = g.variable('z', ['k']);
    const s = g.softmax(z);
    assert.equal(printTensor(g, jacobian(g, s, 'z'), 'text'), 'diag(softmax(z)) − softmax(z) softmax(z)ᵀ');
    const X = g.variable('X', ['n', 'd']);
    const w = g.variable('w', ['d']);
    const y = g.variable('y', ['n']);
    const f = g.sum(g.pow(g.sub(g.matmul(X, w), y), g.num(2)));
    const H = hessian(g, f, 'w');
    assert.equal(printTensor(g, H, 'text'), '2 Xᵀ X');
    assert.equal(printTensor(g, H, 'latex'), '2 X^\\top X');
    assert.deepEqual(g.shape(H), ['d', 'd']);
  });

  it('a Jacobian through a matrix-valued intermediate that depends on the input is refused', () => {
    const g = new TGraph();
    const x = g.variable('x', ['n']);
    const f = g.sum(g.matmul(g.outer(x, x), x));
    assert.match(errorOf(() => hessian(g, f, 'x')).message, /matrix-valued intermediate/);
  });
});

describe('tensor numeric checks', () => {
  it('report every opinion and a verdict per input; the complex step says why it is skipped', () => {
    const r = analyzeTensor('sum(relu(X*w)) + sum(exp(w))', { shapes: { X: [3, 2], w: [2] }, check: true });
    for (const p of r.partials) {
      assert.equal(p.check!.verdict, 'ok');
      assert.equal(p.check!.entriesChecked, p.wrt === 'X' ? 6 : 2);
      assert.ok(p.check!.reverseError < 1e-12 && p.check!.forwardError < 1e-12 && p.check!.worstEntryError < 1e-6);
      assert.equal(p.check!.complexStepSkipped, 'relu is not analytic');
    }
    const { graph, output } = readTensorMath('logdet(A) + sum(inv(A))', { shapes: { A: [3, 3] } });
    const point = { A: [[4, 1, 0.5], [0.2, 3, 1], [0.1, 0.3, 5]] };
    const dir = randomDirections(point, ['A'], 3);
    const cs = complexStep(graph, output, point, dir);
    const exact = analyzeTensor('logdet(A) + sum(inv(A))', { at: point }).partials[0].value as number[][];
    const along = exact.flat().reduce((s, v, i) => s + v * dir.A.data[i], 0);
    assert.ok(Math.abs(cs.value! - along) < 1e-13, `${cs.value} vs ${along}`);
  });

  it('a wrong gradient is caught: the verdict is a mismatch', async () => {
    const { checkGradient } = await import('../../src/core/tensor');
    const g = new TGraph();
    const X = g.variable('X', [2, 2]);
    const w = g.variable('w', [2]);
    const f = g.sum(g.pow(g.matmul(X, w), g.num(2)));
    const wrong = g.mul(g.num(2), g.matmul(X, g.matmul(X, w))); // X instead of Xᵀ
    const c = checkGradient(g, f, wrong, 'w', { X: [[1, 2], [3, 4]], w: [0.5, -1] });
    assert.equal(c.verdict, 'mismatch');
    assert.ok(c.worstEntryError > 0.1);
  });
});

describe('tensor printers', () => {
  const at = { X: [[1, 2], [3, 4]], w: [0.5, -1], u: [1, 2], v: [3, 4, 5] };

  it('mathjs spellings: map(M, exp), \' transpose, * product, .* ./ .^ elementwise, transpose([u]) * [v]', () => {
    const g = new TGraph();
    const X = g.variable('X', [2, 2]);
    const w = g.variable('w', [2]);
    const u = g.variable('u', [2]);
    const v = g.variable('v', [3]);
    const cases: [number, string][] = [
      [g.fn('exp', [X]), 'map(X, exp)'],
      [g.transpose(X), "X'"],
      [g.matmul(X, w), 'X * w'],
      [g.mul(X, X), 'X .* X'],
      [g.div(w, u), 'w ./ u'],
      [g.pow(X, g.num(2)), 'X .^ 2'],
      [g.outer(u, v), 'transpose([u]) * [v]'],
      [g.fn('sigmoid', [w]), 'map(w, f(u1_) = 1 / (1 + exp(-(u1_))))'],
      [g.fn('log', [X]), 'map(X, f(u1_) = log(u1_))'],
    ];
    for (const [n, expected] of cases) {
      const expr = printTensor(g, n, 'expr');
      assert.equal(expr, expected);
      const value = toNested(new Evaluator(g, at, [n]).get(n));
      const m = (mathjsEvaluate(expr, structuredClone(at)) as { valueOf(): unknown }).valueOf();
      assert.deepEqual(JSON.parse(JSON.stringify(m)).flat(), [value].flat(2), expected);
    }
  });

  it('LaTeX and Unicode in matrix notation: ᵀ, ⊙, ⁻¹, diag, σ elementwise', () => {
    const g = new TGraph();
    const A = g.variable('A', ['n', 'n']);
    const x = g.variable('x', ['n']);
    const s = g.fn('sigmoid', [x]);
    const n = g.sub(g.mul(g.diag(s), g.inv(A)), g.matmul(g.transpose(A), g.outer(x, s)));
    assert.equal(printTensor(g, n, 'text'), 'diag(σ(x)) ⊙ A⁻¹ − Aᵀ x σ(x)ᵀ');
    assert.equal(printTensor(g, n, 'latex'), '\\operatorname{diag}\\left(\\sigma\\left(x\\right)\\right) \\odot A^{-1} - A^\\top x \\sigma\\left(x\\right)^\\top');
  });
});

describe('tensor display: what a person cancels', () => {
  it('numbers meet (2(λ/2) θ is λ θ) and (u ⊙ v) ⊘ u is v (log σ′ is σ(−z))', async () => {
    const { analyzeTensor } = await import('../../src/core/tensor');
    const ridge = analyzeTensor("(lambda/2) * (theta'*theta) + sum((X*theta - y).^2)/2", { check: true });
    assert.equal(ridge.partials.find((p) => p.wrt === 'theta')!.text, 'Xᵀ(X θ − y) + λ θ');
    const logistic = analyzeTensor('sum(log(sigmoid(X*w)))', { check: true });
    assert.equal(logistic.partials.find((p) => p.wrt === 'w')!.text, 'Xᵀ σ(−X w)');
    for (const p of [...ridge.partials, ...logistic.partials]) assert.equal(p.check!.verdict, 'ok', p.wrt);
  });
});
