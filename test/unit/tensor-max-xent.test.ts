import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { generateTensorCode, readTensor, type Nested, type TensorLanguage } from '../../src/core/tensor';
import { flat, close, analyze, partial, errorOf } from './helpers/tensor';

/**
 * Issue #13: max (and min) over every entry of a vector or a matrix, with the arg-max indicator as its
 * (sub-)gradient, and torch.nn.functional.cross_entropy. Values are asserted against closed forms and
 * central differences; the `expr` fields re-evaluate in mathjs.
 */

const X = [[1, -2, 0.5], [0.3, 2, 1], [-1, 0.25, 4]];
const w = [0.5, -1, 2];

describe('max over an array (issue #13)', () => {
  it('np.max(X @ w): the value, and the gradients Xᵀ e_k and e_k wᵀ at the arg-max k, confirmed by central differences', () => {
    const a = analyze('np.max(X @ w)', { X, w });
    const Xw = X.map((r) => r.reduce((s, x, j) => s + x * w[j], 0));
    const k = Xw.indexOf(Math.max(...Xw));
    close(flat(a.output.value), [Math.max(...Xw)]);
    close(flat(partial(a, 'w').value), X[k]);
    close(flat(partial(a, 'X').value), X.flatMap((_r, i) => w.map((wj) => (i === k ? wj : 0))));
    for (const p of a.partials) {
      assert.equal(p.check?.verdict, 'ok', `${p.wrt}: ${JSON.stringify(p.check)}`);
      assert.ok(p.check!.worstEntryError < 1e-7);
      assert.equal(p.differentiable, true);
      // the expr re-evaluates in mathjs to the value
      const v = mathjsEvaluate(p.expr, { X, w }) as { valueOf(): unknown };
      close(flat(v.valueOf() as Nested), flat(p.value));
    }
    assert.equal(a.output.text, 'max(X w)');
    assert.match(a.output.latex, /\\max/);
  });

  it('every spelling reads as the same reduction: x.max(), torch.max(x), np.amax, MATLAB, Julia, Eigen, mathjs', () => {
    const x = [0.5, 3, -1, 2];
    const spellings: [string, TensorLanguage][] = [
      ['np.max(x)', 'numpy'], ['x.max()', 'numpy'], ['torch.max(x)', 'numpy'], ['np.amax(x)', 'numpy'], ['jnp.max(x)', 'numpy'],
      ['max(x)', 'matlab'], ["max(x, [], 'all')", 'matlab'], ['maximum(x)', 'julia'], ['x.maxCoeff()', 'eigen'], ['max(x)', 'math'],
    ];
    for (const [src, lang] of spellings) {
      const a = analyze(src, { x }, lang);
      close(flat(a.output.value), [3]);
      close(flat(partial(a, 'x').value), [0, 1, 0, 0]);
    }
    for (const [src, lang] of [['np.min(x)', 'numpy'], ['x.min()', 'numpy'], ['min(x)', 'matlab'], ['minimum(x)', 'julia'], ['x.minCoeff()', 'eigen']] as [string, TensorLanguage][]) {
      const a = analyze(src, { x }, lang);
      close(flat(a.output.value), [-1]);
      close(flat(partial(a, 'x').value), [0, 0, 1, 0]);
    }
  });

  it('over a matrix: every entry, with the indicator at the largest one', () => {
    const a = analyze('np.max(X * X)', { X });
    close(flat(a.output.value), [16]);
    close(flat(partial(a, 'X').value), [0, 0, 0, 0, 0, 0, 0, 0, 8]);
    assert.equal(partial(a, 'X').check?.verdict, 'ok');
  });

  it('a tie splits the gradient evenly and is reported as a non-smooth point', () => {
    const a = analyze('np.max(x)', { x: [1, 3, 3, 2] });
    const p = partial(a, 'x');
    close(flat(p.value), [0, 0.5, 0.5, 0]);
    assert.equal(p.differentiable, false);
    assert.equal(p.nonSmooth?.[0].op, 'max');
    assert.match(p.nonSmooth![0].reason, /tie \(2 entries .* at \[1\], \[2\]\)/);
    // off a tie nothing is reported
    assert.equal(partial(analyze('np.max(x)', { x: [1, 3, 2.5, 2] }), 'x').differentiable, true);
  });

  it('refuses what it does not do, with the construct named (max along an axis: tensor-axis.test.ts)', () => {
    assert.match(errorOf(() => readTensor('np.max(X, axis=0, out=Y)', 'numpy')).message, /out= is not supported/);
    assert.match(errorOf(() => readTensor('torch.max(X, 1).indices.sum()', 'numpy')).message, /no derivative; use \.values/);
    assert.match(errorOf(() => readTensor('torch.max(X, 1)[1].sum()', 'numpy')).message, /\[1\] of max along a dim is the indices/);
  });
});

describe('F.cross_entropy (issue #13)', () => {
  const z = [1, 2, 0.5, -1];
  const softmax = (v: number[]) => { const m = Math.max(...v); const e = v.map((x) => Math.exp(x - m)); const s = e.reduce((p, q) => p + q, 0); return e.map((x) => x / s); };
  const lse = (v: number[]) => Math.log(v.reduce((s, x) => s + Math.exp(x), 0));

  it('with a class index: logsumexp(z) − z[t], gradient softmax(z) − e_t', () => {
    const a = analyze('F.cross_entropy(z, 2)', { z });
    close(flat(a.output.value), [lse(z) - z[2]]);
    const p = partial(a, 'z');
    close(flat(p.value), softmax(z).map((s, i) => s - (i === 2 ? 1 : 0)));
    assert.equal(p.text, 'softmax(z) − e₃');
    assert.equal(p.check?.verdict, 'ok');
  });

  it('with a one-hot (or probability) vector: −Σ t ⊙ log_softmax(z), gradient sum(t) softmax(z) − t (softmax(z) − t when t sums to 1)', () => {
    const t = [0, 0, 1, 0];
    const a = analyze('torch.nn.functional.cross_entropy(z, t)', { z, t });
    close(flat(a.output.value), [lse(z) - z[2]]);
    close(flat(partial(a, 'z').value), softmax(z).map((s, i) => s - t[i]));
    assert.equal(partial(a, 'z').text, 'sum(t) softmax(z) − t');
    assert.equal(partial(a, 't').text, '−log softmax(z)');
    close(flat(partial(a, 't').value), z.map((x) => lse(z) - x));
  });

  it('probability targets that do not sum to 1: PyTorch’s definition, mean over rows of −Σⱼ Tᵢⱼ log_softmax(Z)ᵢⱼ', () => {
    const t = [0.7, 1.2, 0.4, 0.3]; // sums to 2.6
    const st = t.reduce((p, q) => p + q, 0);
    const a = analyze('F.cross_entropy(z, t)', { z, t });
    close(flat(a.output.value), [lse(z) * st - z.reduce((s, x, i) => s + x * t[i], 0)]);
    close(flat(partial(a, 'z').value), softmax(z).map((s, i) => s * st - t[i]));
    const Z = [[1, 2, 0.5], [0, -1, 3]];
    const T = [[0.2, 0.5, 0.1], [1, 0.5, 0.25]]; // rows sum to 0.8 and 1.75
    const rs = T.map((r) => r.reduce((p, q) => p + q, 0));
    const mean = analyze('F.cross_entropy(Z, T)', { Z, T });
    close(flat(mean.output.value), [Z.reduce((s, r, i) => s + lse(r) * rs[i] - r.reduce((q, x, j) => q + x * T[i][j], 0), 0) / 2]);
    close(flat(partial(mean, 'Z').value), Z.flatMap((r, i) => softmax(r).map((s, j) => (s * rs[i] - T[i][j]) / 2)));
    assert.equal(partial(mean, 'Z').text, '0.5(softmax(Z, axis=1) ⊙ (T 𝟏) − T)');
    for (const p of [...a.partials, ...mean.partials]) assert.equal(p.check?.verdict, 'ok');
  });

  it('a batch of rows: the mean (default) or the sum of the rows’ losses', () => {
    const Z = [[1, 2, 0.5], [0, -1, 3]];
    const T = [[0, 1, 0], [0, 0, 1]];
    const rows = Z.map((r, i) => lse(r) - r.reduce((s, x, j) => s + x * T[i][j], 0));
    const grad = Z.flatMap((r, i) => softmax(r).map((s, j) => s - T[i][j]));
    const mean = analyze('F.cross_entropy(Z, T)', { Z, T });
    close(flat(mean.output.value), [(rows[0] + rows[1]) / 2]);
    close(flat(partial(mean, 'Z').value), grad.map((g) => g / 2));
    const sum = analyze("F.cross_entropy(Z, T, reduction='sum')", { Z, T });
    close(flat(sum.output.value), [rows[0] + rows[1]]);
    close(flat(partial(sum, 'Z').value), grad);
    assert.equal(partial(sum, 'Z').text, 'softmax(Z, axis=1) ⊙ (T 𝟏) − T');
    for (const a of [mean, sum]) for (const p of a.partials) assert.equal(p.check?.verdict, 'ok');
  });

  it('bad targets get a clear message', () => {
    assert.match(errorOf(() => readTensor('F.cross_entropy(z, 7)', 'numpy', { shapes: { z: [4] } })).message, /class index 7 is out of range for 4 logits/);
    assert.match(errorOf(() => readTensor('F.cross_entropy(Z, 1)', 'numpy', { shapes: { Z: [2, 4] } })).message, /class index as the target needs a vector/);
    assert.match(errorOf(() => readTensor("F.cross_entropy(z, t, reduction='none')", 'numpy')).message, /reduction must be 'mean' or 'sum'/);
    assert.match(errorOf(() => readTensor('F.cross_entropy(z, t, weight=c)', 'numpy')).message, /weight= is not supported/);
  });
});

describe('generated code for max spells the reduction in each target', () => {
  it('np.max / torch.max / jnp.max, max(...(:)) in MATLAB, maximum in Julia, maxCoeff in Eigen', () => {
    const gen = (target: Parameters<typeof generateTensorCode>[1]['target']) => generateTensorCode('np.max(X @ w)', { target, style: 'adjoint', language: 'numpy', name: 'f' }).code;
    assert.match(gen('numpy'), /f = np\.max\(t1\)\n.*np\.where\(t1 == f, 1\.0, 0\.0\)/);
    assert.match(gen('pytorch'), /f = torch\.max\(t1\)/);
    assert.match(gen('jax'), /f = jnp\.max\(t1\)/);
    assert.match(gen('matlab'), /f = max\(t1\);/);
    assert.match(gen('julia'), /f = maximum\(t1\)/);
    assert.match(gen('eigen'), /\.maxCoeff\(\)/);
    assert.match(generateTensorCode('np.max(X * X)', { target: 'matlab', style: 'adjoint', language: 'numpy', name: 'f' }).code, /max\(reshape\(\w+, \[\], 1\)\)/);
  });
});
