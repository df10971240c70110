import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartialsError } from '../../src/core/errors';
import { analyzeTensor, tensorLanguageOf, type Nested, type Shape, type TensorLanguage } from '../../src/core/tensor';
import { close } from './helpers/numeric';

/**
 * MATLAB/Octave and Julia reading: each dialect's spelling gives the same gradients, with the same values and
 * the same matrix-notation text, as the mathjs spelling of the same function, and the gradients pass the check.
 */
interface Case { src: string; lang: TensorLanguage; math: string; shapes: Record<string, Shape>; text?: Record<string, string> }
const LS = { X: ['n', 'd'], w: ['d'], y: ['n'] } as Record<string, Shape>;
const CASES: Case[] = [
  // MATLAB / Octave
  { lang: 'matlab', src: 'sum((X*w - y).^2)', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'matlab', src: "r = X*w - y;\nJ = r'*r;", math: "r = X*w - y; r'*r", shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'matlab', src: 'function J = cost(theta, X, y)\n  % least squares\n  J = sum((X*theta - y).^2) / 2; ...\n\nend', math: 'sum((X*theta - y).^2) / 2',
    shapes: { X: ['n', 'd'], theta: ['d'], y: ['n'] }, text: { theta: 'Xᵀ(X θ − y)' } },
  { lang: 'matlab', src: "w'*A*w + 0.5*norm(w)^2", math: "w'*A*w + 0.5*norm(w)^2", shapes: { w: ['n'], A: ['n', 'n'] } },
  { lang: 'matlab', src: 'trace(A*X) + log(det(S))', math: 'trace(A*X) + logdet(S)', shapes: { A: ['n', 'm'], X: ['m', 'n'], S: ['k', 'k'] }, text: { S: 'S⁻ᵀ', X: 'Aᵀ' } },
  { lang: 'matlab', src: 'sum(sum(X.^2)) + x(1)*x(end) + sum(x(2:end))', math: 'sum(X.^2) + x[1]*x[end] + sum(x[2:end])', shapes: { X: [3, 4], x: [4] } },
  { lang: 'matlab', src: 'sum(sum(X, 2).^2) + sum(mean(X).^2)', math: 'sum(sum(X, 2).^2) + sum(mean(X, 1).^2)', shapes: { X: [3, 4] } },
  { lang: 'matlab', src: "b'*(A\\b)", math: "b'*solve(A, b)", shapes: { A: ['n', 'n'], b: ['n'] } },
  { lang: 'matlab', src: 'p = 1./(1 + exp(-X*w));\nJ = -mean(y.*log(p) + (1 - y).*log(1 - p))', math: 'p = 1 ./ (1 + exp(-X*w)); -mean(y.*log(p) + (1 - y).*log(1 - p))', shapes: LS },
  { lang: 'matlab', src: "x.'*x + [1 2 3]*x", math: "x'*x + [1, 2, 3]'*x", shapes: { x: [3] } },
  // Julia
  { lang: 'julia', src: 'sum(abs2, X*w .- y)', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'julia', src: 'loss(w) = sum(abs2, X*w - y) / 2', math: 'sum((X*w - y).^2) / 2', shapes: LS, text: { w: 'Xᵀ(X w − y)' } },
  { lang: 'julia', src: 'function loss(w)\n    r = X*w .- y  # residual\n    return dot(r, r)\nend', math: "r = X*w - y; r'*r", shapes: LS },
  { lang: 'julia', src: "w'A*w", math: "w'*A*w", shapes: { w: ['n'], A: ['n', 'n'] }, text: { w: '(A + Aᵀ) w' } },
  { lang: 'julia', src: 'tr(A*X) + logdet(S) + 2w ⋅ w', math: "trace(A*X) + logdet(S) + 2*(w'*w)", shapes: { A: ['n', 'm'], X: ['m', 'n'], S: ['k', 'k'], w: [3] } },
  { lang: 'julia', src: 'sum(log.(1 .+ exp.(-y .* (X*w))))', math: 'sum(log(1 + exp(-y .* (X*w))))', shapes: LS },
  { lang: 'julia', src: 'sum(tanh.(W*x .+ b).^2) + x[1]*x[end] + sum(sum(W; dims=1))', math: 'sum(tanh(W*x + b).^2) + x[1]*x[end] + sum(sum(W, 1))', shapes: { W: [2, 3], x: [3], b: [2] } },
  { lang: 'julia', src: "mean((X*w - y).^2) + λ * norm(w)^2", math: 'mean((X*w - y).^2) + lambda * norm(w)^2', shapes: { ...LS, λ: [], lambda: [] } },
  // LaTeX, as papers and The Matrix Cookbook write it
  { lang: 'latex', src: '\\|Xw - y\\|_2^2', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'latex', src: 'f(\\mathbf{w}) = \\frac{1}{2}\\|\\mathbf{X}\\mathbf{w} - \\mathbf{y}\\|^2 + \\frac{\\lambda}{2} \\|\\mathbf{w}\\|^2', math: 'sum((X*w - y).^2)/2 + lambda/2*norm(w)^2',
    shapes: { ...LS, lambda: [] } },
  { lang: 'latex', src: '\\frac12 w^\\top A w - b^\\top w', math: "w'*A*w/2 - b'*w", shapes: { w: ['n'], A: ['n', 'n'], b: ['n'] }, text: { b: '−w' } },
  { lang: 'latex', src: '\\operatorname{tr}(A X^{-1}) + \\log\\det\\Sigma + \\log|S|', math: 'trace(A*inv(X)) + logdet(Sigma) + logdet(S)',
    shapes: { A: ['n', 'n'], X: ['n', 'n'], Sigma: ['k', 'k'], S: ['m', 'm'] }, text: { Sigma: 'Σ⁻ᵀ' } },
  { lang: 'latex', src: '(x - \\mu)^{\\mathsf{T}} \\Sigma^{-1} (x - \\mu)', math: "(x - mu)'*inv(Sigma)*(x - mu)", shapes: { x: ['n'], mu: ['n'], Sigma: ['n', 'n'] } },
  { lang: 'latex', src: 'r = Xw - y \\\\ \\|r\\|^2 + \\|W\\|_F^2 + \\|w\\|_1', math: "r = X*w - y; r'*r + sum(W.^2) + sum(abs(w))", shapes: { ...LS, W: [2, 3] } },
  { lang: 'latex', src: '$-y^\\top \\log\\sigma(Xw) - (1 - y)^\\top \\log(1 - \\sigma(Xw))$', math: "-(y'*log(sigmoid(X*w))) - (1 - y)'*log(1 - sigmoid(X*w))", shapes: LS },
  { lang: 'latex', src: '\\operatorname{tr}(X^\\top A X) + \\mathbf{a}^\\top (x \\odot x)', math: "trace(X'*A*X) + a'*(x .* x)", shapes: { X: ['n', 'k'], A: ['n', 'n'], a: ['n'], x: ['n'] } },
  { lang: 'latex', src: '\\sum_{i=1}^{n} (x_i - y_i)^2 + \\sum_i w_i \\exp(z_i)', math: 'sum((x - y).^2) + sum(w .* exp(z))', shapes: { x: ['n'], y: ['n'], w: ['m'], z: ['m'] },
    text: { x: '2(x − y)', w: 'exp(z)' } },
  // C++ with Eigen
  { lang: 'eigen', src: '(X * w - y).squaredNorm()', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'eigen', src: 'Eigen::VectorXd r = X * w - y;  // residual\ndouble loss = 0.5 * r.dot(r);', math: "r = X*w - y; 0.5*(r'*r)", shapes: LS },
  { lang: 'eigen', src: 'w.transpose() * A * w + A.inverse().trace() + std::log(A.determinant())', math: "w'*A*w + trace(inv(A)) + log(det(A))", shapes: { w: ['n'], A: ['n', 'n'] } },
  { lang: 'eigen', src: '(X * w).array().exp().sum() + r.cwiseProduct(r).sum() + (r.array() * r.array()).sum() + b.dot(A.llt().solve(b))',
    math: "sum(exp(X*w)) + 2*sum(r.*r) + b'*solve(A, b)", shapes: { X: ['n', 'd'], w: ['d'], r: ['k'], A: ['m', 'm'], b: ['m'] } },
  { lang: 'eigen', src: 'X.colwise().sum().squaredNorm() + X.rowwise().mean().sum() + w(0) * w(2) + X.row(1).sum()', math: 'norm(sum(X, 1))^2 + sum(mean(X, 2)) + w[1]*w[3] + sum(X[2, :])',
    shapes: { X: [3, 4], w: [3] } },
  // PyTorch (read by the NumPy reader: torch., F., methods)
  { lang: 'numpy', src: 'F.mse_loss(X @ w, y)', math: 'mean((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y) / n' } },
  { lang: 'numpy', src: "torch.nn.functional.mse_loss(X @ w, y, reduction='sum')", math: 'sum((X*w - y).^2)', shapes: LS },
  { lang: 'numpy', src: '(X.mm(W).t() ** 2).sum() + (X @ w - y).square().sum() + (X @ w - y).norm() ** 2', math: "sum((X*W)'.^2) + 2*sum((X*w - y).^2)",
    shapes: { ...LS, W: ['d', 'k'] } },
  { lang: 'numpy', src: 'torch.logsumexp(X @ w, dim=0) + F.softplus(X @ w).sum()', math: 'logsumexp(X*w) + sum(softplus(X*w))', shapes: LS },
];

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
    assert.match(err('numel(x)', 'matlab').message, /numel\(…\) is not supported/);
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
      'inspect', src, '--lang', lang, '--shape', 'X=4x3', '--json'], { encoding: 'utf8' }));
    for (const [src, lang] of [['sum((X*w - y).^2)', 'matlab'], ['sum((X*w - y).^2)', 'octave'], ['sum(abs2, X*w .- y)', 'julia'], ["F.mse_loss(X @ w, y, reduction='sum')", 'pytorch'], ['\\|Xw - y\\|^2', 'latex'], ['(X * w - y).squaredNorm()', 'cpp']]) {
      const j = cli(src, lang);
      assert.equal(j.engine, 'tensor', `${lang}: ${src}`);
      assert.deepEqual(j.shapes.w, [3]);
      assert.equal(j.partials.find((p: { wrt: string }) => p.wrt === 'w').text, '2 Xᵀ(X w − y)', `${lang}: ${src}`);
    }
  });
});
