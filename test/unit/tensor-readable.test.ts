import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { analyzeTensor, type Nested, type TensorPoint } from '../../src/core/tensor';
import { analyze, close, errorOf, flat, partial } from './helpers/tensor';

/**
 * Tensor gradients that read like a person's (issues #13 and #15): the σ and softplus idioms, elementwise
 * algebra simplified by the scalar simplifier (the vectorised logistic regression's gradient is Xᵀ(σ(X w + b) − y)),
 * variance and standard deviation, sizes as numbers (len, numel, length), and size names that never take a name
 * of the code. Every value is checked against a closed form computed here and against central differences, and
 * every `expr` re-evaluates in mathjs.
 */

function reevaluates(a: ReturnType<typeof analyze>, at: TensorPoint): void {
  const ev = (expr: string) => flat((mathjsEvaluate(expr, { ...at }) as { valueOf(): unknown }).valueOf() as Nested);
  close(ev(a.output.expr), flat(a.output.value));
  for (const p of a.partials) {
    assert.equal(p.check?.verdict, 'ok', `${p.wrt}: ${JSON.stringify(p.check)}`);
    close(ev(p.expr), flat(p.value));
  }
}

const X = [[1, -2, 0.5], [0.3, 2, 1], [-1, 0.25, 4], [2, 1, -0.5]]; // 4×3
const w = [0.5, -0.25, 0.75];
const y = [1, 0, 1, 0];
const sig = (t: number) => 1 / (1 + Math.exp(-t));
const Xw = X.map((r) => r.reduce((s, x, j) => s + x * w[j], 0));
const XT = (v: number[]) => w.map((_w, j) => X.reduce((s, r, i) => s + r[j] * v[i], 0));

describe('the vectorised logistic regression reads Xᵀ(σ(X w + b) − y)', () => {
  const src = 'z = X @ w + b\np = 1 / (1 + np.exp(-z))\nloss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))';
  const at = { X, w, b: 0.1, y };
  it('every gradient is σ(X w + b) − y carried through the matrix product, over n', () => {
    const a = analyze(src, at);
    const r = Xw.map((t, i) => sig(t + 0.1) - y[i]);
    assert.match(partial(a, 'w').text, /^(0\.25 )?Xᵀ\(σ\(X w \+ b\) − y\)( \/ 4)?$/);
    close(flat(partial(a, 'w').value), XT(r).map((v) => v / 4));
    assert.match(partial(a, 'b').text, /^(0\.25 )?sum\(σ\(X w \+ b\) − y\)( \/ 4)?$/);
    close(flat(partial(a, 'b').value), [r.reduce((s, v) => s + v, 0) / 4]);
    reevaluates(a, at);
  });
  it('with no point the sizes stay symbolic, and none takes the name p of the code', () => {
    const a = analyzeTensor(src, { language: 'numpy', check: true });
    const gw = partial(a, 'w');
    assert.match(gw.text, /^Xᵀ\(σ\(X w \+ b\) − y\) \/ ([a-z])$/);
    assert.notEqual(/\/ ([a-z])$/.exec(gw.text)![1], 'p');
    assert.notEqual(/\/ ([a-z])$/.exec(gw.text)![1], 'z');
    assert.equal(gw.check?.verdict, 'ok');
  });
});

describe('the softplus idiom: log(1 + exp(v)) and log1p(exp(v))', () => {
  it('the logistic loss with ±1 labels: ∂/∂w = −Xᵀ(y ⊙ σ(−y ⊙ (X w))) / n', () => {
    const ys = [1, -1, 1, -1];
    const at = { X, w, y: ys };
    const a = analyze('np.mean(np.log(1 + np.exp(-y * (X @ w))))', at);
    assert.match(a.output.text, /softplus/);
    assert.match(partial(a, 'w').text, /^−(0\.25 )?Xᵀ\(y ⊙ σ\(−y ⊙ \(X w\)\)\)( \/ 4)?$/);
    close(flat(partial(a, 'w').value), XT(Xw.map((t, i) => -ys[i] * sig(-ys[i] * t))).map((v) => v / 4));
    reevaluates(a, at);
  });
  it('Poisson-style sum(log1p(exp(X w)) − y ⊙ X w): ∂/∂w = Xᵀ(σ(X w) − y)', () => {
    const at = { X, w, y };
    const a = analyze('np.sum(np.log1p(np.exp(X @ w)) - y * (X @ w))', at);
    assert.equal(partial(a, 'w').text, 'Xᵀ(σ(X w) − y)');
    close(flat(partial(a, 'w').value), XT(Xw.map((t, i) => sig(t) - y[i])));
    reevaluates(a, at);
  });
  it('a 1 that is not a scalar one, or exp of something else, is left as written', () => {
    const a = analyze('np.sum(np.log(2 + np.exp(x)))', { x: [0.5, 1] });
    assert.doesNotMatch(a.output.text, /softplus/);
    close(flat(partial(a, 'x').value), [0.5, 1].map((t) => Math.exp(t) / (2 + Math.exp(t))));
  });
});

describe('variance and standard deviation', () => {
  const x = [1, 2, 4, 7];
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const ss = x.reduce((s, v) => s + (v - mean) ** 2, 0);
  it('np.var divides by n, torch.var by n − 1, ddof= / correction= / unbiased= say otherwise', () => {
    const cases: [string, number][] = [
      ['np.var(x)', 0], ['jnp.var(x)', 0], ['torch.var(x)', 1], ['np.var(x, ddof=1)', 1], ['x.var(ddof=0)', 0],
      ['torch.var(x, unbiased=False)', 0], ['x.var(correction=2)', 2],
    ];
    for (const [src, ddof] of cases) {
      const a = analyze(src, { x });
      close(flat(a.output.value), [ss / (x.length - ddof)]);
      close(flat(partial(a, 'x').value), x.map((v) => (2 * (v - mean)) / (x.length - ddof)));
      reevaluates(a, { x });
    }
  });
  it('std is the square root, along an axis too', () => {
    const a = analyze('np.std(x)', { x });
    close(flat(a.output.value), [Math.sqrt(ss / x.length)]);
    close(flat(partial(a, 'x').value), x.map((v) => (v - mean) / (x.length * Math.sqrt(ss / x.length))));
    const b = analyze('np.std(X, axis=0).sum()', { X });
    const colStd = w.map((_w, j) => {
      const m = X.reduce((s, r) => s + r[j], 0) / X.length;
      return Math.sqrt(X.reduce((s, r) => s + (r[j] - m) ** 2, 0) / X.length);
    });
    close(flat(b.output.value), [colStd.reduce((s, v) => s + v, 0)]);
    reevaluates(b, { X });
  });
  it('x.var() alone is refused: NumPy and PyTorch divide by different counts', () => {
    const e = errorOf(() => analyzeTensor('x.var()', { language: 'numpy', at: { x } }));
    assert.match(e.message, /divides by n in NumPy and by n − 1 in PyTorch/);
    assert.equal(e.column, 3);
  });
});

describe('sizes as numbers', () => {
  it("Python's len, MATLAB's numel and length, Julia's length", () => {
    const x = [1, 2, 4, 7];
    const cases: [string, 'numpy' | 'matlab' | 'julia'][] = [
      ['np.sum((x - x.mean()) ** 2) / len(x)', 'numpy'], ['sum((x - mean(x)).^2) / numel(x)', 'matlab'],
      ['sum((x - mean(x)).^2) / length(x)', 'matlab'], ['sum((x .- sum(x)/length(x)).^2) / length(x)', 'julia'],
    ];
    const mean = 3.5;
    for (const [src, lang] of cases) {
      const a = analyze(src, { x }, lang);
      close(flat(a.output.value), [x.reduce((s, v) => s + (v - mean) ** 2, 0) / 4]);
      assert.match(partial(a, 'x').text, /^(2\(x − sum\(x\) \/ 4\) \/ 4|x \/ 2 − sum\(x\) \/ 8|0\.5\(x − sum\(x\) \/ 4\))$/);
      reevaluates(a, { x });
    }
  });
  it('length of a matrix is refused with the reason', () => {
    const e = errorOf(() => analyzeTensor('sum(sum(X)) / length(X)', { language: 'matlab', at: { X } }));
    assert.match(e.message, /length of a matrix is its largest size/);
  });
});

describe('sums and signs in matrix notation', () => {
  it('Σ(x − x̄) is 0, so the variance gradient has no second term; x + (−2 y) prints x − 2 y', () => {
    const a = analyzeTensor('np.sum((x - x.mean()) ** 2) / len(x)', { language: 'numpy', check: true });
    assert.equal(partial(a, 'x').text, '2(x − sum(x) / n) / n');
    assert.doesNotMatch(partial(a, 'x').text, /\+ −/);
  });
});
