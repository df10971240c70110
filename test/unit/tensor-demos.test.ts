import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeTensor, type TensorLanguage } from '../../src/core/tensor';

/**
 * The vectorised demo files (demo/least_squares.py, mlp_torch.py, ridge.m, gaussian.jl, cookbook.md): the
 * selections their comments suggest read in their own dialect, every gradient passes its numeric check, and the
 * headline gradients read as the demos say.
 */
const DEMO = join(import.meta.dirname, '..', '..', 'demo');
const text = (f: string) => readFileSync(join(DEMO, f), 'utf8');
/** The body of a Python `def name(…):` (its indented lines, `return` dropped). */
function pyBody(src: string, name: string): string {
  const start = src.indexOf(`def ${name}(`);
  assert.ok(start >= 0, `def ${name} is in the demo`);
  const lines = src.slice(src.indexOf('\n', start) + 1).split('\n');
  const body: string[] = [];
  for (const l of lines) { if (l.trim() && !/^\s/.test(l)) break; if (l.trim()) body.push(l.trim().replace(/^return /, '')); }
  return body.join('\n');
}
/** From the line that starts with `from` up to (not including) the line that starts with `to`. */
function between(src: string, from: string, to?: string): string {
  const s = src.indexOf(from);
  assert.ok(s >= 0, `${from} is in the demo`);
  const e = to ? src.indexOf(to, s) : src.length;
  return src.slice(s, e < 0 ? src.length : e);
}

function gradients(src: string, language: TensorLanguage): Record<string, string> {
  const a = analyzeTensor(src, { language, check: true });
  for (const p of a.partials) assert.equal(p.check?.verdict, 'ok', `∂/∂${p.wrt} of ${src}: ${JSON.stringify(p.check)}`);
  return Object.fromEntries(a.partials.map((p) => [p.wrt, p.text]));
}

describe('vectorised demos read in their own dialect', () => {
  it('least_squares.py (NumPy)', () => {
    const py = text('least_squares.py');
    assert.equal(gradients(pyBody(py, 'loss'), 'numpy').w, '2 Xᵀ(X w − y)');
    assert.equal(gradients(pyBody(py, 'ridge'), 'numpy').lam, 'wᵀ w');
    assert.equal(gradients(pyBody(py, 'mse'), 'numpy').w, '2 Xᵀ(X w − y) / n');
    assert.ok('w' in gradients(pyBody(py, 'logistic'), 'numpy'));
  });

  it('mlp_torch.py (PyTorch)', () => {
    const py = text('mlp_torch.py');
    const g = gradients(pyBody(py, 'loss'), 'numpy');
    assert.deepEqual(Object.keys(g).sort(), ['W1', 'X', 'b1', 'w2', 'y']);
    assert.equal(g.w2, '2 tanh(X W1 + b1)ᵀ(tanh(X W1 + b1) w2 − y) / n');
    assert.equal(gradients(pyBody(py, 'linear'), 'numpy').w2, '2(X W1)ᵀ(X W1 w2 − y) / n');
  });

  it('ridge.m (MATLAB/Octave)', () => {
    const m = text('ridge.m');
    const g = gradients(between(m, 'function J = ridge_cost', 'function J = quadratic'), 'matlab');
    assert.deepEqual(Object.keys(g).sort(), ['X', 'lambda', 'theta', 'y']);
    assert.equal(g.lambda, '0.5 θᵀ θ');
    assert.equal(gradients(between(m, 'J = 0.5', '\nend'), 'matlab').b, '−x');
    assert.ok('S' in gradients(between(m, 'L = 0.5', '\nend'), 'matlab'));
  });

  it('gaussian.jl (Julia)', () => {
    const jl = text('gaussian.jl');
    assert.ok('Σ' in gradients(between(jl, 'nll(x', '\n'), 'julia'));
    assert.equal(gradients(between(jl, 'lsq(w)', '\n'), 'julia').w, '2 Xᵀ(X w − y)');
    assert.equal(gradients(between(jl, 'function ridge'), 'julia').w, '0.2 w + 2 Xᵀ(X w − y)');
  });

  it('cookbook.md (LaTeX): each function and its stated gradient', () => {
    const md = text('cookbook.md');
    const items = [...md.matchAll(/^- [^:]+: \$([^$]+)\$(?: — the gradient is \$([^$]+)\$)?/gm)];
    assert.ok(items.length >= 7, `found the identities (${items.length})`);
    const expected: Record<string, [string, string]> = {
      '\\|Xw - y\\|_2^2': ['w', '2 Xᵀ(X w − y)'], 'w^\\top A w': ['w', '(A + Aᵀ) w'], '\\operatorname{tr}(A X)': ['X', 'Aᵀ'],
      '\\log\\det X': ['X', 'X⁻ᵀ'], 'a^\\top X^{-1} b': ['X', '−X⁻ᵀ a bᵀ X⁻ᵀ'],
    };
    for (const [, f, stated] of items) {
      const g = gradients(f, 'latex');
      if (expected[f]) assert.equal(g[expected[f][0]], expected[f][1], f);
      if (stated) assert.ok(expected[f], `${f}: the test knows the gradient the demo states (${stated})`);
    }
  });
});
