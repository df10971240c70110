import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartialsError } from '../../src/core/errors';
import { analyzeTensor, tensorLanguageOf, type Nested, type Shape, type TensorLanguage } from '../../src/core/tensor';
import { close } from './helpers/numeric';
import { DIALECT_CASES as CASES } from '../tensorgen/corpus';

/**
 * MATLAB/Octave and Julia reading: each dialect's spelling gives the same gradients, with the same values and
 * the same matrix-notation text, as the mathjs spelling of the same function, and the gradients pass the check.
 */

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

describe('tensor readers: MATLAB/Octave, Julia, LaTeX, Eigen and PyTorch', () => {
  for (const c of CASES) {
    it(`${c.lang}: ${c.src.replace(/\n/g, '; ')}`, () => {
      const d = analyzeTensor(c.src, { shapes: c.shapes, language: c.lang, check: true });
      const point = Object.fromEntries(Object.entries(d.point).map(([k, v]) => [k === 'λ' ? 'lambda' : k, v]));
      const m = analyzeTensor(c.math, { shapes: c.shapes, at: point });
      assert.ok(close(d.output.value as number, m.output.value as number, 1e-12), `f: ${d.output.value} vs ${m.output.value}`);
      assert.deepEqual(d.partials.map((p) => p.wrt === 'λ' ? 'lambda' : p.wrt).sort(), m.partials.map((p) => p.wrt).sort());
      for (const p of d.partials) {
        const q = m.partials.find((x) => x.wrt === (p.wrt === 'λ' ? 'lambda' : p.wrt))!;
        if (p.wrt !== 'λ') assert.equal(p.text, q.text, `∂/∂${p.wrt}`);
        flat(p.value!).forEach((v, i) => assert.ok(close(v, flat(q.value!)[i], 1e-12, 1e-14), `∂/∂${p.wrt}[${i}]: ${v} vs ${flat(q.value!)[i]}`));
        assert.equal(p.check!.verdict, 'ok', JSON.stringify(p.check));
        if (c.text?.[p.wrt]) assert.equal(p.text, c.text[p.wrt]);
      }
    });
  }

  const err = (src: string, lang: TensorLanguage, shapes?: Record<string, Shape>): PartialsError => {
    try { analyzeTensor(src, { language: lang, shapes }); } catch (e) { assert.ok(e instanceof PartialsError, String(e)); return e; }
    assert.fail(`no error for ${src}`);
  };

  it('MATLAB: the matrix 2-norm is refused, not silently the Frobenius norm', () => {
    assert.match(err('norm(X)', 'matlab', { X: [2, 2] }).message, /2-norm/);
    const fro = analyzeTensor("norm(X, 'fro')^2", { language: 'matlab', shapes: { X: [2, 2] } });
    assert.equal(fro.partials[0].text, '2 X');
  });

  it('refuses loops, in-place updates and unknown functions with the line and column', () => {
    const loop = err('for i = 1:3\n  s = s + x(i);\nend', 'matlab');
    assert.match(loop.message, /'for' is not supported/);
    assert.equal(loop.line, 1);
    const upd = err('r = X*w - y;\nr(1) = 0;', 'matlab');
    assert.match(upd.message, /in-place update of 'r'/);
    assert.equal(upd.line, 2);
    assert.match(err('w .+= 1', 'julia').message, /in-place update/);
    const unk = err('sum(frobnicate(X))', 'julia');
    assert.match(unk.message, /Unknown function 'frobnicate'/);
    assert.equal(unk.column, 5);
    assert.match(err('sum(X(:)) / size(X, 1)', 'matlab').message, /size\(…\) is not supported/);
  });

  it('LaTeX: index sums are refused with a hint, unknown norms named', () => {
    assert.match(err('\\sum_i \\sum_j A_{ij}', 'latex').message, /Nested sums are not supported/);
    assert.match(err('\\sum_i c', 'latex').message, /does not use the index i/);
    assert.match(err('\\sum x', 'latex').message, /\\sum with an index is not read as matrix notation/);
    assert.match(err('\\|x\\|_\\infty', 'latex').message, /Expected a subscript|not supported/);
    const e = err('\\|Xw - y\\|^2 +', 'latex');
    assert.match(e.message, /ended too early/);
  });

  it('Eigen: element functions need .array(), as Eigen itself says', () => {
    assert.match(err('(X * w).exp().sum()', 'eigen').message, /works on arrays in Eigen: write \.array\(\)\.exp\(\)/);
    assert.match(err('for (int i = 0; i < 3; ++i) s += x(i);', 'eigen').message, /'for' is not supported/);
  });

  it('maps editor and CLI language ids to readers', () => {
    assert.equal(tensorLanguageOf('latex'), 'latex');
    assert.equal(tensorLanguageOf('markdown'), 'latex');
    assert.equal(tensorLanguageOf('octave'), 'matlab');
    assert.equal(tensorLanguageOf('julia'), 'julia');
    assert.equal(tensorLanguageOf('python'), 'numpy');
    assert.equal(tensorLanguageOf('pytorch'), 'numpy');
    assert.equal(tensorLanguageOf('constructor'), undefined);
    assert.equal(tensorLanguageOf('rust'), undefined);
    assert.equal(tensorLanguageOf('cpp'), 'eigen');
  });
});

describe('CLI: --lang matlab, octave, julia, pytorch reach the tensor readers', () => {
  it('routes each dialect to the tensor engine with the same gradient', async () => {
    const { execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const cli = (src: string, lang: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts'),
      'inspect', src, '--lang', lang, '--shape', 'X=4x3', '--json', '--timeout', '0'], { encoding: 'utf8' })); // no 5 s limit: tsx compiles the CLI in its worker, slow on a loaded machine
    for (const [src, lang] of [['sum((X*w - y).^2)', 'matlab'], ['sum((X*w - y).^2)', 'octave'], ['sum(abs2, X*w .- y)', 'julia'], ["F.mse_loss(X @ w, y, reduction='sum')", 'pytorch'], ['\\|Xw - y\\|^2', 'latex'], ['(X * w - y).squaredNorm()', 'cpp']]) {
      const j = cli(src, lang);
      assert.equal(j.engine, 'tensor', `${lang}: ${src}`);
      assert.deepEqual(j.shapes.w, [3]);
      assert.equal(j.partials.find((p: { wrt: string }) => p.wrt === 'w').text, '2 Xᵀ(X w − y)', `${lang}: ${src}`);
    }
  });
});
