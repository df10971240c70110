import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { analyzeTensor, readTensor, type Nested } from '../../src/core/tensor';
import { flat, close, analyze, partial, errorOf } from './helpers/tensor';

/** kron (issue #13's operation list): values, gradients and messages against loops written here. */
const A = [[1, 2, -1], [0.5, 3, 2]]; // 2×3
const B = [[1, -0.5], [2, 0.25]]; // 2×2
const G = Array.from({ length: 4 }, (_r, i) => Array.from({ length: 6 }, (_c, j) => Math.sin(1 + 3 * i + j))); // 4×6

function kron(a: number[][], b: number[][]): number[][] {
  const [p, q] = [b.length, b[0].length];
  return Array.from({ length: a.length * p }, (_r, r) => Array.from({ length: a[0].length * q }, (_c, c) => a[Math.floor(r / p)][Math.floor(c / q)] * b[r % p][c % q]));
}

describe('kron: the Kronecker product of two matrices (issue #13)', () => {
  it('its value is the block matrix [A[i, j]·B], shaped mp×nq', () => {
    const a = analyzeTensor('np.kron(A, B) @ v', { language: 'numpy', jacobian: 'v', at: { A, B, v: [1, 2, 3, 4, 5, 6] } });
    assert.deepEqual(a.shapes.f, [4]);
    close(flat(a.jacobian!.value!), kron(A, B).flat());
  });

  it('∂⟨G, A ⊗ B⟩/∂A = ⟨G_ij, B⟩ per block and ∂/∂B = Σ A[i, j] G_ij, in matrix notation, checked and re-evaluated by mathjs', () => {
    const a = analyze('np.sum(np.kron(A, B) * G)', { A, B, G });
    const gA = A.map((row, i) => row.map((_x, j) => B.reduce((s, br, k) => s + br.reduce((t, bv, l) => t + G[i * 2 + k][j * 2 + l] * bv, 0), 0)));
    const gB = B.map((row, k) => row.map((_x, l) => A.reduce((s, ar, i) => s + ar.reduce((t, av, j) => t + av * G[i * 2 + k][j * 2 + l], 0), 0)));
    close(flat(partial(a, 'A').value), gA.flat());
    close(flat(partial(a, 'B').value), gB.flat());
    close(flat(partial(a, 'G').value), kron(A, B).flat());
    assert.equal(partial(a, 'A').text, '(I ⊗ 𝟏ᵀ)(G ⊙ (𝟏𝟏ᵀ ⊗ B))(I ⊗ 𝟏)');
    assert.equal(partial(a, 'B').text, '(𝟏ᵀ ⊗ I)(G ⊙ (A ⊗ 𝟏𝟏ᵀ))(𝟏 ⊗ I)');
    assert.equal(partial(a, 'G').latex, 'A \\otimes B');
    assert.equal(a.output.text, 'sum((A ⊗ B) ⊙ G)');
    for (const p of a.partials) {
      assert.equal(p.check?.verdict, 'ok', p.wrt);
      assert.ok(p.check!.complexStepError! < 1e-12, p.wrt);
      const v = mathjsEvaluate(p.expr, { A, B, G }) as { valueOf(): Nested };
      close(flat(v.valueOf() as Nested), flat(p.value!), 1e-12);
    }
  });

  it('every dialect spells it: torch.kron, jnp.kron, MATLAB and Julia kron, Eigen kroneckerProduct, LaTeX \\otimes', () => {
    const at = { A, B, G };
    const expected = flat(partial(analyze('np.sum(np.kron(A, B) * G)', at), 'A').value);
    for (const [src, lang] of [['torch.sum(torch.kron(A, B) * G)', 'numpy'], ['jnp.sum(jnp.kron(A, B) * G)', 'numpy'], ['sum(sum(kron(A, B) .* G))', 'matlab'],
      ['sum(kron(A, B) .* G)', 'julia'], ['(Eigen::kroneckerProduct(A, B).array() * G.array()).sum()', 'eigen'], ['\\operatorname{tr}(G^\\top (A \\otimes B))', 'latex'],
      ['sum(kron(A, B) .* G)', 'math']] as const) {
      close(flat(partial(analyze(src, at, lang), 'A').value), expected, 1e-12);
    }
  });

  it('bad input: unknown sizes and vectors get a clear message naming kron', () => {
    const unknown = errorOf(() => readTensor('np.sum(np.kron(A, B) * G)', 'numpy'));
    assert.match(unknown.message, /kron\(A, B\) needs known sizes .* give a point \(--at\) or the shapes \(--shape, e\.g\. A=2x3,B=4x5\)/);
    assert.equal(unknown.column, 8);
    assert.match(errorOf(() => readTensor('np.sum(np.kron(A, x))', 'numpy', { shapes: { A: [2, 2], x: [3] } })).message, /kron needs two matrices/);
  });
});
