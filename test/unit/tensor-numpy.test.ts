import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartialsError } from '../../src/core/errors';
import { analyzeTensor, type Nested, type Shape } from '../../src/core/tensor';
import { close } from './helpers/numeric';
import { NUMPY_CASES as CASES } from '../tensorgen/corpus';

/**
 * NumPy reading: Python's meanings (* and ** elementwise, @ the matrix product, 0-based indices and axes)
 * give the same gradients, with the same values, as the mathjs spelling of the same function.
 */

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
