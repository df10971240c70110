import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { analyzeTensor, readTensor, type Nested, type TensorLanguage, type TensorPoint } from '../../src/core/tensor';
import { runCli } from './helpers/cli';
import { flat, close, analyze, partial, errorOf } from './helpers/tensor';

/**
 * Issue #13: reductions along one axis — sum, mean, max and min per row or per column, with keepdims — in every
 * dialect. Values are asserted against closed forms computed here with loops and against central differences
 * (the engine's check); every `expr` re-evaluates in mathjs to its value.
 */

/** Every partial checks out against central differences, and its expr (and the output's) re-evaluates in mathjs. */
function checksAndReevaluates(a: ReturnType<typeof analyze>, at: TensorPoint): void {
  const scope = Object.fromEntries(Object.entries(at).map(([k, v]) => [k, v]));
  const ev = (expr: string) => flat((mathjsEvaluate(expr, { ...scope }) as { valueOf(): unknown }).valueOf() as Nested);
  close(ev(a.output.expr), flat(a.output.value));
  for (const p of a.partials) {
    assert.equal(p.check?.verdict, 'ok', `${p.wrt}: ${JSON.stringify(p.check)}`);
    close(ev(p.expr), flat(p.value));
  }
}

const X = [[1, -2, 0.5, 3], [0.3, 2, 1, -1], [-1, 0.25, 4, 2]]; // 3×4, no ties in any row or column
const v = [0.7, -1.2, 2]; // one per row
const w = [0.5, 1, -1, 0.25]; // one per column
const rowSums = X.map((r) => r.reduce((s, x) => s + x, 0));
const colSums = w.map((_w, j) => X.reduce((s, r) => s + r[j], 0));
const rowMax = X.map((r) => Math.max(...r));
const colMin = w.map((_w, j) => Math.min(...X.map((r) => r[j])));

describe('sum and mean along an axis (issue #13)', () => {
  it('every spelling of the row sums dotted with v: value vᵀ X 𝟏, gradient v 𝟏ᵀ', () => {
    const spellings: [string, TensorLanguage][] = [
      ['np.sum(X, axis=1) @ v', 'numpy'], ['X.sum(axis=1) @ v', 'numpy'], ['X.sum(dim=1) @ v', 'numpy'], ['torch.sum(X, 1) @ v', 'numpy'],
      ["sum(X, 2)' * v", 'matlab'], ["sum(X, dims=2)' * v", 'julia'], ['v.transpose() * X.rowwise().sum()', 'eigen'], ["sum(X, 2)' * v", 'math'],
    ];
    for (const [src, lang] of spellings) {
      const a = analyze(src, { X, v }, lang);
      close(flat(a.output.value), [rowSums.reduce((s, r, i) => s + r * v[i], 0)]);
      close(flat(partial(a, 'X').value), X.flatMap((r, i) => r.map(() => v[i])));
      close(flat(partial(a, 'v').value), rowSums);
      assert.equal(partial(a, 'X').text, 'v 𝟏ᵀ', src);
      checksAndReevaluates(a, { X, v });
    }
  });

  it('column means: X.mean(0), np.mean(X, axis=0), MATLAB mean(X) and mean(X, 1), Julia mean(X, dims=1)', () => {
    const spellings: [string, TensorLanguage][] = [
      ['X.mean(0) @ w', 'numpy'], ['np.mean(X, axis=0) @ w', 'numpy'], ['mean(X) * w', 'matlab'], ['mean(X, 1) * w', 'matlab'], ['mean(X, dims=1) * w', 'julia'],
    ];
    for (const [src, lang] of spellings) {
      const a = analyze(src, { X, w }, lang);
      close(flat(a.output.value), [colSums.reduce((s, c, j) => s + (c / 3) * w[j], 0)]);
      close(flat(partial(a, 'X').value), X.flatMap(() => w.map((wj) => wj / 3)));
      checksAndReevaluates(a, { X, w });
    }
  });

  it('keepdims=True keeps the axis: X − X.mean(axis=1, keepdims=True) centres each row', () => {
    for (const src of ['np.sum((X - X.mean(axis=1, keepdims=True)) ** 2)', '((X - X.mean(dim=1, keepdim=True)) ** 2).sum()']) {
      const a = analyze(src, { X }, 'numpy');
      const centred = X.map((r, i) => r.map((x) => x - rowSums[i] / 4));
      close(flat(a.output.value), [centred.flat().reduce((s, c) => s + c * c, 0)]);
      // d/dX Σ (X − mean)² = 2 (X − mean) (the centred rows sum to zero)
      close(flat(partial(a, 'X').value), centred.flat().map((c) => 2 * c));
      checksAndReevaluates(a, { X });
    }
    // symbolic sizes stay independent: the rows' count is not tied to the columns'
    const sym = analyzeTensor('np.sum((X - np.mean(X, axis=1, keepdims=True)) ** 2)', { language: 'numpy' });
    assert.deepEqual(sym.shapes.X, ['n', 'm']);
  });

  it('MATLAB, Julia and Eigen reductions along dimension 1 are rows: sum(X, 1) * w makes w a vector', () => {
    for (const [src, lang] of [['sum(X, 1) * w', 'matlab'], ['mean(X) * w', 'matlab'], ['sum(X, dims=1) * w', 'julia'], ['X.colwise().sum() * w', 'eigen']] as [string, TensorLanguage][]) {
      const a = analyzeTensor(src, { language: lang, check: true });
      assert.deepEqual(a.shapes.w, ['m'], src);
      for (const p of a.partials) assert.equal(p.check?.verdict, 'ok');
    }
  });

  it('MATLAB and Julia reductions along dimension 2 are columns: X - mean(X, 2) centres the rows', () => {
    for (const [src, lang] of [['sum(sum((X - mean(X, 2)).^2))', 'matlab'], ['sum((X .- mean(X, dims=2)).^2)', 'julia']] as [string, TensorLanguage][]) {
      const a = analyze(src, { X }, lang);
      const centred = X.map((r, i) => r.map((x) => x - rowSums[i] / 4));
      close(flat(a.output.value), [centred.flat().reduce((s, c) => s + c * c, 0)]);
      close(flat(partial(a, 'X').value), centred.flat().map((c) => 2 * c));
      checksAndReevaluates(a, { X });
      assert.deepEqual(analyzeTensor(src, { language: lang }).shapes.X, ['n', 'm'], 'X stays n×m (was tied square)');
    }
    // along dimension 1 the row of column sums broadcasts down the rows, as in MATLAB
    const a = analyze('sum(sum(X - sum(X, 1)))', { X }, 'matlab');
    close(flat(a.output.value), [X.flat().reduce((s, x) => s + x, 0) - 3 * colSums.reduce((s, c) => s + c, 0)]);
  });

  it('the row-wise squared error, averaged: np.sum((X @ W - Y)**2, axis=1).mean() has gradient 2 Xᵀ(X W − Y) / n', () => {
    const W = [[1, 0.5], [-1, 2], [0.25, 0], [1, -0.5]];
    const Y = [[1, 2], [0, -1], [3, 1]];
    const a = analyze('np.sum((X @ W - Y)**2, axis=1).mean()', { X, W, Y });
    const R = X.map((r, i) => [0, 1].map((k) => r.reduce((s, x, j) => s + x * W[j][k], 0) - Y[i][k]));
    close(flat(a.output.value), [R.flat().reduce((s, r) => s + r * r, 0) / 3]);
    close(flat(partial(a, 'W').value), W.flatMap((_r, j) => [0, 1].map((k) => (2 / 3) * X.reduce((s, r, i) => s + r[j] * R[i][k], 0))));
    assert.equal(partial(a, 'W').text, '2 Xᵀ(X W − Y) / 3');
    checksAndReevaluates(a, { X, W, Y });
  });
});

describe('max and min along an axis (issue #13)', () => {
  it('every spelling of the row maxima: value, gradient the arg-max of each row scaled by v, checks and mathjs', () => {
    const spellings: [string, TensorLanguage][] = [
      ['np.max(X, axis=1) @ v', 'numpy'], ['np.amax(X, 1) @ v', 'numpy'], ['X.max(1) @ v', 'numpy'], ['X.max(axis=1) @ v', 'numpy'],
      ['torch.amax(X, dim=1) @ v', 'numpy'], ['torch.max(X, dim=1).values @ v', 'numpy'], ['torch.max(X, 1)[0] @ v', 'numpy'],
      ["max(X, [], 2)' * v", 'matlab'], ["maximum(X, dims=2)' * v", 'julia'], ['X.rowwise().maxCoeff().dot(v)', 'eigen'], ["max(X, 2)' * v", 'math'],
    ];
    for (const [src, lang] of spellings) {
      const a = analyze(src, { X, v }, lang);
      close(flat(a.output.value), [rowMax.reduce((s, m, i) => s + m * v[i], 0)]);
      close(flat(partial(a, 'v').value), rowMax);
      close(flat(partial(a, 'X').value), X.flatMap((r, i) => r.map((x) => (x === rowMax[i] ? v[i] : 0))));
      assert.equal(partial(a, 'X').text, '(v 𝟏ᵀ) ⊙ (𝟙[X = max(X, axis=1)] / #ties)', src);
      assert.equal(partial(a, 'X').differentiable, true);
      checksAndReevaluates(a, { X, v });
    }
  });

  it('column minima: np.min(X, axis=0), MATLAB min(X) and min(X, [], 1), Julia minimum(X; dims=1), Eigen colwise().minCoeff()', () => {
    const spellings: [string, TensorLanguage][] = [
      ['np.min(X, axis=0) @ w', 'numpy'], ['min(X) * w', 'matlab'], ['min(X, [], 1) * w', 'matlab'], ['minimum(X; dims=1) * w', 'julia'], ['X.colwise().minCoeff().dot(w)', 'eigen'],
    ];
    for (const [src, lang] of spellings) {
      const a = analyze(src, { X, w }, lang);
      close(flat(a.output.value), [colMin.reduce((s, m, j) => s + m * w[j], 0)], 1e-12);
      close(flat(partial(a, 'w').value), colMin);
      close(flat(partial(a, 'X').value), X.flatMap((r) => r.map((x, j) => (x === colMin[j] ? w[j] : 0))));
      assert.equal(partial(a, 'w').text, 'min(X, axis=0)', src);
      // min = −max(−X): the two signs fold (was −(𝟏(−w)ᵀ) ⊙ (…))
      assert.equal(partial(a, 'X').text, '(𝟏 wᵀ) ⊙ (𝟙[X = min(X, axis=0)] / #ties)', src);
      checksAndReevaluates(a, { X, w });
    }
  });

  it('--jacobian through a max along an axis: refused, naming the matrix intermediate (its Jacobian is third-order); over a whole vector it is the indicator', () => {
    // max along an axis reduces a matrix; when that matrix depends on x its Jacobian with respect to x has three
    // indices, which matrix notation (the forward Jacobian machinery) cannot hold
    const e = errorOf(() => analyzeTensor('np.max(A * x, axis=1)', { language: 'numpy', jacobian: 'x', shapes: { A: [3, 4], x: [4] } }));
    assert.match(e.message, /matrix-valued intermediate \(x ⊙ A\), a third-order tensor/);
    const whole = analyzeTensor('np.max(x, axis=0)', { language: 'numpy', jacobian: 'x', at: { x: [1, 3, 2] } });
    assert.equal(whole.jacobian?.text, '𝟙[x = max(x)] / #ties');
    close(flat(whole.jacobian!.value!), [0, 1, 0]);
  });

  it('signs fold through broadcasts and reshapes: no double negation in row minima or a keepdims logsumexp', () => {
    const v = [0.5, -2, 1];
    const a = analyze('np.min(X, axis=1) @ v', { X, v });
    assert.equal(partial(a, 'X').text, '(v 𝟏ᵀ) ⊙ (𝟙[X = min(X, axis=1)] / #ties)');
    checksAndReevaluates(a, { X, v });
    const Z = [[1, 2, 0.5], [0, -1, 3]];
    const T = [[0.2, 0.5, 0.1], [1, 0.5, 0.25]];
    const b = analyze('np.sum((Z - scipy.special.logsumexp(Z, axis=1, keepdims=True)) * T)', { Z, T });
    assert.equal(partial(b, 'Z').text, 'T − (T 𝟏 𝟏ᵀ) ⊙ softmax(Z, axis=1)');
    for (const p of [...a.partials, ...b.partials]) assert.doesNotMatch(p.text, /−\(.*\(−|−\(−/, p.text);
    checksAndReevaluates(b, { Z, T });
  });

  it('a tie in a row splits that row’s gradient evenly and is reported as a non-smooth point of that row', () => {
    const T = [[1, 3, 3], [2, 0, 1]];
    const a = analyze('np.sum(np.max(X, axis=1))', { X: T });
    const p = partial(a, 'X');
    close(flat(p.value), [0, 0.5, 0.5, 1, 0, 0]);
    assert.equal(p.differentiable, false);
    assert.equal(p.nonSmooth?.[0].op, 'max');
    assert.deepEqual(p.nonSmooth?.[0].entry, [0]);
    assert.match(p.nonSmooth![0].reason, /2 entries equal the largest of their row, at \[0, 1\], \[0, 2\]/);
    // the checks use the same split, so they agree at the tie; the complex step has no one answer there and says so
    assert.equal(p.check?.verdict, 'ok', JSON.stringify(p.check));
    assert.match(p.check?.complexStepSkipped ?? '', /max is not analytic at a tie/);
  });

  it('keepdims: np.max(X, axis=0, keepdims=True) broadcasts down the rows', () => {
    const a = analyze('np.sum(np.max(X, axis=0, keepdims=True) * X)', { X });
    const colMax = w.map((_w, j) => Math.max(...X.map((r) => r[j])));
    close(flat(a.output.value), [X.flatMap((r) => r.map((x, j) => x * colMax[j])).reduce((s, t) => s + t, 0)]);
    checksAndReevaluates(a, { X });
  });

  it('the indicator reads as one: 𝟙[x = max(x)] / #ties in text and LaTeX, a mathjs expression in expr', () => {
    const a = analyze('np.max(x)', { x: [1, 3, 3, 2] });
    const p = partial(a, 'x');
    assert.equal(p.text, '𝟙[x = max(x)] / #ties');
    assert.match(p.latex, /^\\mathbb\{1\}\\left\[x = \\max\\left\(x\\right\)\\right\] \/ \\#\\mathrm\{ties\}$/);
    close(flat((mathjsEvaluate(p.expr, { x: [1, 3, 3, 2] }) as { valueOf(): unknown }).valueOf() as Nested), [0, 0.5, 0.5, 0]);
    assert.equal(partial(analyze('np.min(x)', { x: [1, 3, -3, 2] }), 'x').text, '𝟙[x = min(x)] / #ties');
  });
});

describe('softmax and cross-entropy along rows read in matrix notation (issue #13)', () => {
  const Z = [[1, 2, 0.5], [0, -1, 3]];
  const T = [[0, 1, 0], [0, 0, 1]];
  const softmaxRows = Z.map((r) => { const e = r.map(Math.exp); const s = e.reduce((p, q) => p + q, 0); return e.map((x) => x / s); });

  it('np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True) is softmax(Z, axis=1)', () => {
    const a = analyze('S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)\nnp.sum(S * T)', { Z, T });
    assert.equal(partial(a, 'T').text, 'softmax(Z, axis=1)');
    close(flat(partial(a, 'T').value), softmaxRows.flat());
    checksAndReevaluates(a, { Z, T });
  });

  it('the mean cross-entropy’s gradient is (softmax(Z, axis=1) ⊙ (T 𝟏) − T) / n (softmax(Z, axis=1) − T when rows of T sum to 1), also written by hand with log_softmax', () => {
    const expected = softmaxRows.flatMap((r, i) => r.map((s, j) => (s - T[i][j]) / 2));
    const a = analyze('F.cross_entropy(Z, T)', { Z, T });
    assert.equal(partial(a, 'Z').text, '0.5(softmax(Z, axis=1) ⊙ (T 𝟏) − T)'); // n = 2 is known at the point
    close(flat(partial(a, 'Z').value), expected);
    checksAndReevaluates(a, { Z, T });
    const sym = analyzeTensor('F.cross_entropy(Z, T)', { language: 'numpy' });
    assert.match(sym.partials.find((p) => p.wrt === 'Z')!.text, /^\(softmax\(Z, axis=1\) ⊙ \(T 𝟏\) − T\) \/ \w+$/);
    const hand = analyze('-np.mean(np.sum(T * np.log(np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)), axis=1))', { Z, T });
    close(flat(partial(hand, 'Z').value), expected);
    assert.match(partial(hand, 'Z').text, /softmax\(Z, axis=1\)/);
  });

  it('torch.logsumexp(Z, dim=1) and its keepdim form', () => {
    const a = analyze('torch.logsumexp(Z, dim=1).mean()', { Z, T });
    assert.equal(partial(a, 'Z').text, '0.5 softmax(Z, axis=1)');
    close(flat(partial(a, 'Z').value), softmaxRows.flat().map((s) => s / 2));
    const k = analyze('np.sum((Z - torch.logsumexp(Z, dim=1, keepdim=True)) * T)', { Z, T });
    // Σ T ⊙ log softmax: gradient T − softmax ⊙ (T 𝟏)
    close(flat(partial(k, 'Z').value), softmaxRows.flatMap((r, i) => r.map((s, j) => T[i][j] - s * T[i].reduce((p, q) => p + q, 0))));
    checksAndReevaluates(k, { Z, T });
  });
});

describe('reductions along an axis: bad input gets a clear message', () => {
  it('names the keyword or the construct', () => {
    const msg = (src: string, lang: TensorLanguage = 'numpy') => errorOf(() => readTensor(src, lang, { shapes: { X: [2, 3] } })).message;
    assert.match(msg('np.sum(X, axis=1, dtype=float)'), /sum's dtype= is not supported/);
    assert.match(msg('np.sum(X, keepdims=True)'), /every entry with keepdims=True is not supported; give an axis/);
    assert.match(msg('np.sum(X, axis=1, keepdims=maybe)'), /keepdims must be True or False/);
    assert.match(msg('np.max(X, axis=2)'), /axis 2 is out of range for an array of rank 2 \(axes count from 0\)/);
    assert.match(msg('sum(X, 3)', 'matlab'), /Dimension 3 is out of range for an array of rank 2/);
    assert.match(msg('torch.max(X, 1).indices.sum()'), /no derivative; use \.values/);
    assert.match(msg('X.rowwise().prod()', 'eigen'), /only supported before \.sum\(\), \.mean\(\), \.maxCoeff\(\) or \.minCoeff\(\)/);
  });
});

describe('CLI: reductions along an axis end to end (issue #13)', () => {
  it('partials inspect --json: np.sum((X @ W - Y)**2, axis=1).mean() and a row-wise max', () => {
    const out = runCli(['inspect', '--lang', 'numpy', '--at', 'X=[[1,2],[3,4],[5,6]],W=[[1,0],[0,1]],Y=[[1,1],[1,1],[1,1]]', 'np.sum((X @ W - Y)**2, axis=1).mean()', '--json']);
    assert.equal(out.code, 0, out.out);
    const r = JSON.parse(out.out) as { engine: string; partials: { wrt: string; text: string; value: Nested; expr: string }[]; values: { f: Nested } };
    assert.equal(r.engine, 'tensor');
    // X W − Y = X − 1: rows [0,1], [2,3], [4,5]: Σ r² / 3 = 55 / 3
    close(flat(r.values.f), [55 / 3]);
    const gW = r.partials.find((p) => p.wrt === 'W')!;
    assert.equal(gW.text, '2 Xᵀ(X W − Y) / 3');
    // 2/3 Xᵀ R with R = [[0,1],[2,3],[4,5]]
    close(flat(gW.value), [2 / 3 * 26, 2 / 3 * 35, 2 / 3 * 32, 2 / 3 * 44]);
    const check = runCli(['check', '--lang', 'numpy', '--at', 'X=[[1,-2,0.5],[0.3,2,1]],v=[0.7,-1.2]', 'np.max(X, axis=1) @ v', '--json']);
    assert.equal(check.code, 0, check.out);
    const c = JSON.parse(check.out) as { partials: { wrt: string; verdict: string; value: Nested }[] };
    for (const p of c.partials) assert.equal(p.verdict, 'ok');
    close(flat(c.partials.find((p) => p.wrt === 'X')!.value), [0.7, 0, 0, 0, -1.2, 0]);
  });
});

describe('keepdims means read as a person simplifies them (issue #13: matrix notation)', () => {
  it('the gradient of sum(X − mean of each row) is 𝟎, not 𝟏𝟏ᵀ + (−1) 𝟏𝟏ᵀ', () => {
    for (const at of [{ X }, undefined]) {
      const a = at ? analyze('np.sum(X - np.mean(X, axis=1, keepdims=True))', at) : analyzeTensor('np.sum(X - np.mean(X, axis=1, keepdims=True))', { language: 'numpy', check: true });
      const g = partial(a, 'X');
      assert.equal(g.text, '𝟎');
      assert.ok(flat(g.value).every((x) => x === 0));
      if (at) checksAndReevaluates(a, at);
    }
  });
  it('numbers meet: the squared row means give 2 X 𝟏𝟏ᵀ/16 at 4 columns (no “/ 4 / 4”), checked entrywise', () => {
    const a = analyze('np.sum(np.mean(X, axis=1, keepdims=True) ** 2)', { X });
    const g = partial(a, 'X');
    assert.ok(!/\/ \d+ \//.test(g.text) && !/\/ 4/.test(g.text), g.text);
    const sym = analyzeTensor('np.sum(np.mean(X, axis=1, keepdims=True) ** 2)', { language: 'numpy', shapes: { X: [2, 3] } });
    assert.equal(partial(sym, 'X').text, '(2 X 𝟏 / 9) 𝟏ᵀ');
    close(flat(g.value), X.flatMap((_r, i) => w.map(() => (2 * rowSums[i]) / 16)));
    checksAndReevaluates(a, { X });
  });
  it('a column mean times X: one term 𝟏(𝟏ᵀ X) · 2/n, not two broadcasts that differ only in where the scalar sits', () => {
    const a = analyze('np.sum(np.mean(X, axis=0, keepdims=True) * X)', { X });
    const g = partial(a, 'X');
    assert.ok(!g.text.includes('+'), g.text);
    close(flat(g.value), X.flatMap(() => colSums.map((c) => (2 * c) / 3)));
    checksAndReevaluates(a, { X });
  });
  it('with no point, a constant index sizes the default point: F.cross_entropy(z, 2) gets 3 logits', () => {
    const a = analyzeTensor('F.cross_entropy(z, 2)', { language: 'numpy', check: true });
    assert.deepEqual(a.shapes.z.length, 1);
    assert.equal((a.point.z as number[]).length, 3);
    assert.equal(partial(a, 'z').check?.verdict, 'ok');
    const b = analyzeTensor('np.sum(z[1:5] ** 2)', { language: 'numpy', check: true });
    assert.equal((b.point.z as number[]).length, 5);
  });
});
