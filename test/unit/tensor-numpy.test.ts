import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartialsError } from '../../src/core/errors';
import { analyzeTensor, type Nested, type Shape } from '../../src/core/tensor';
import { close } from './helpers/numeric';

/**
 * NumPy reading: Python's meanings (* and ** elementwise, @ the matrix product, 0-based indices and axes)
 * give the same gradients, with the same values, as the mathjs spelling of the same function.
 */
const CASES: { numpy: string; math: string; shapes: Record<string, Shape>; text?: Record<string, string> }[] = [
  { numpy: 'np.sum((X @ w - y)**2)', math: 'sum((X*w - y).^2)', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, text: { w: '2 Xᵀ(X w − y)' } },
  { numpy: 'import numpy as np\nr = X @ w - y\nloss = r.T @ r', math: "r = X*w - y; r'*r", shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, text: { w: '2 Xᵀ(X w − y)' } },
  { numpy: '((X @ w - y) ** 2).mean()', math: 'mean((X*w - y).^2)', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, text: { w: '2 Xᵀ(X w − y) / n' } },
  { numpy: 'w @ A @ w', math: "w'*A*w", shapes: { w: ['n'], A: ['n', 'n'] }, text: { w: '(A + Aᵀ) w' } },
  { numpy: 'np.dot(w, w) + x[0] * x[-1]', math: "w'*w + x[1]*x[end]", shapes: { w: [3], x: [4] } },
  { numpy: 'np.trace(A @ X)', math: 'trace(A*X)', shapes: { A: ['n', 'm'], X: ['m', 'n'] }, text: { X: 'Aᵀ' } },
  { numpy: 'np.linalg.slogdet(X)[1]', math: 'logdet(X)', shapes: { X: ['n', 'n'] }, text: { X: 'X⁻ᵀ' } },
  { numpy: 'np.sum(X.sum(axis=0)**2) + np.sum(np.exp(X[1:, :2]))', math: 'sum(sum(X, 1).^2) + sum(exp(X[2:end, 1:2]))', shapes: { X: [3, 4] } },
  { numpy: 'def f(x):\n    return (1 - x[0])**2 + 100*(x[1] - x[0]**2)**2', math: '(1 - x[1])^2 + 100*(x[2] - x[1]^2)^2', shapes: { x: [2] },
    text: { x: '[−400 x₁(x₂ − x₁²) − 2(1 − x₁), 200(x₂ − x₁²)]' } },
  { numpy: 'a @ np.linalg.inv(A) @ b + np.linalg.norm(b - a)', math: "a'*inv(A)*b + norm(b - a)", shapes: { a: ['n'], A: ['n', 'n'], b: ['n'] } },
  { numpy: 'scipy.special.logsumexp(Z, axis=1).sum() + np.sum(np.tanh(X.T @ v))', math: "sum(logsumexp(Z, 2)) + sum(tanh(X'*v))", shapes: { Z: ['m', 'k'], X: ['n', 'd'], v: ['n'] } },
  { numpy: 'np.sum(np.outer(u, v) * M) + np.sum(np.where(u > 0, u, 0.1 * u))', math: 'sum(outer(u, v) .* M) + sum(where(u > 0, u, 0.1 .* u))', shapes: { u: ['m'], v: ['n'], M: ['m', 'n'] } },
];

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

describe('tensor reader: NumPy', () => {
  for (const c of CASES) {
    it(c.numpy.replace(/\n/g, '; '), () => {
      const np = analyzeTensor(c.numpy, { shapes: c.shapes, language: 'numpy', check: true });
      const m = analyzeTensor(c.math, { shapes: c.shapes, at: np.point });
      assert.ok(close(np.output.value as number, m.output.value as number, 1e-12), `f: ${np.output.value} vs ${m.output.value}`);
      assert.deepEqual(np.partials.map((p) => p.wrt).sort(), m.partials.map((p) => p.wrt).sort());
      for (const p of np.partials) {
        const q = m.partials.find((x) => x.wrt === p.wrt)!;
        assert.equal(p.text, q.text, `∂/∂${p.wrt}`);
        flat(p.value!).forEach((v, i) => assert.ok(close(v, flat(q.value!)[i], 1e-12, 1e-14), `∂/∂${p.wrt}[${i}]`));
        assert.equal(p.check!.verdict, 'ok', JSON.stringify(p.check));
        if (c.text?.[p.wrt]) assert.equal(p.text, c.text[p.wrt]);
      }
    });
  }

  it('refuses in-place updates, loops and unknown attributes with the line and column', () => {
    const err = (src: string, shapes?: Record<string, Shape>) => {
      try { analyzeTensor(src, { language: 'numpy', shapes }); } catch (e) { assert.ok(e instanceof PartialsError); return e; }
      return assert.fail('expected an error');
    };
    const a = err('y = X @ w\ny[0] = 2\nnp.sum(y)');
    assert.match(a.message, /in-place update of 'y'/);
    assert.equal(a.line, 2);
    assert.equal(a.column, 1);
    assert.match(err('w += 1\nnp.sum(w)').message, /in-place update \('\+='\)/);
    assert.match(err('for i in range(3):\n    s = s + x[i]').message, /'for' is not supported/);
    const b = err('r = X @ w\nloss = np.sum(r - y)', { X: [3, 2], w: [2], y: [4] });
    assert.match(b.message, /X w has shape \(3,\) and y has shape \(4,\)/);
    assert.equal(b.line, 2);
    assert.equal(b.column, 15);
    assert.match(err('np.sum(X.U)').message, /'\.U' is not supported/);
  });
});
