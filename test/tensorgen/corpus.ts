import type { Shape, TensorLanguage } from '../../src/core/tensor';

/**
 * The tensor test corpus, shared by the engine's tests (test/unit/tensor-*.test.ts) and the tests that run
 * generated code (test/tensorgen). Matrix Cookbook (Petersen & Pedersen, 2012; equation numbers in brackets)
 * and ML identities in mathjs syntax, and NumPy spellings of some of them.
 */
export interface Case {
  name: string;
  src: string;
  shapes?: Record<string, Shape>;
  /** Expected Unicode text of the gradient per input (only where the identity is the point). */
  text?: Record<string, string>;
  jacobian?: { wrt: string; text?: string };
  hessian?: { wrt: string; text?: string };
}

export const V = (n: string) => [n];
export const M = (m: string, n: string) => [m, n];

export const CASES: Case[] = [
  // ---- the examples
  { name: 'least squares', src: 'sum((X*w - y).^2)', shapes: { X: M('n', 'd'), w: V('d'), y: V('n') }, text: { w: '2 Xᵀ(X w − y)', y: '−2(X w − y)', X: '2(X w − y) wᵀ' } },
  { name: 'trace(AX) [100]', src: 'trace(A*X)', shapes: { A: M('n', 'd'), X: M('d', 'n') }, text: { X: 'Aᵀ', A: 'Xᵀ' } },
  { name: 'log det X [57]', src: 'logdet(X)', shapes: { X: M('n', 'n') }, text: { X: 'X⁻ᵀ' } },
  { name: 'cross-entropy with a class index', src: '-log_softmax(z)[2]', shapes: { z: V('k') }, text: { z: 'softmax(z) − e₂' } },
  { name: 'quadratic form [81]', src: "x'*A*x", shapes: { x: V('n'), A: M('n', 'n') }, text: { x: '(A + Aᵀ) x', A: 'x xᵀ' } },
  // ---- Cookbook: linear and quadratic forms
  { name: 'aᵀx [69]', src: "a'*x", shapes: { a: V('n'), x: V('n') }, text: { x: 'a', a: 'x' } },
  { name: 'aᵀXb [70]', src: "a'*X*b", shapes: { a: V('m'), X: M('m', 'n'), b: V('n') }, text: { X: 'a bᵀ' } },
  { name: 'aᵀXᵀb [71]', src: "a'*X'*b", shapes: { a: V('n'), X: M('m', 'n'), b: V('m') }, text: { X: 'b aᵀ' } },
  { name: 'xᵀx', src: "x'*x", shapes: { x: V('n') }, text: { x: '2 x' } },
  { name: '(Ax − b)ᵀ(Ax − b) [84]', src: "(A*x - b)'*(A*x - b)", shapes: { A: M('m', 'n'), x: V('n'), b: V('m') }, text: { x: '2 Aᵀ(A x − b)', A: '2(A x − b) xᵀ' } },
  { name: 'bᵀXᵀXc [77]', src: "b'*X'*X*c", shapes: { b: V('n'), X: M('m', 'n'), c: V('n') } },
  { name: 'Rayleigh quotient', src: "x'*A*x / (x'*x)", shapes: { x: V('n'), A: M('n', 'n') } },
  // ---- Cookbook: traces
  { name: 'tr X [99]', src: 'trace(X)', shapes: { X: M('n', 'n') }, text: { X: 'I' } },
  { name: 'tr XᵀA [101]', src: "trace(X'*A)", shapes: { X: M('m', 'n'), A: M('m', 'n') }, text: { X: 'A' } },
  { name: 'tr AXB [102]', src: 'trace(A*X*B)', shapes: { A: M('n', 'm'), X: M('m', 'p'), B: M('p', 'n') } },
  { name: 'tr XᵀX [103]', src: "trace(X'*X)", shapes: { X: M('m', 'n') }, text: { X: '2 X' } },
  { name: 'tr X² [104]', src: 'trace(X*X)', shapes: { X: M('n', 'n') }, text: { X: '2 Xᵀ' } },
  { name: 'tr XᵀAX [108]', src: "trace(X'*A*X)", shapes: { X: M('n', 'm'), A: M('n', 'n') } },
  { name: 'tr X⁻¹ [124]', src: 'trace(inv(X))', shapes: { X: M('n', 'n') }, text: { X: '−X⁻ᵀ X⁻ᵀ' } },
  // ---- Cookbook: determinants and inverses
  { name: 'det X [49]', src: 'det(X)', shapes: { X: M('n', 'n') }, text: { X: 'det(X) X⁻ᵀ' } },
  { name: 'aᵀX⁻¹b [61]', src: "a'*inv(X)*b", shapes: { a: V('n'), X: M('n', 'n'), b: V('n') } },
  { name: 'log det XᵀX [55]', src: "logdet(X'*X)", shapes: { X: [4, 2] } },
  { name: 'sum of X⁻¹', src: 'sum(inv(X))', shapes: { X: M('n', 'n') } },
  { name: 'bᵀ solve(A, c)', src: "b'*solve(A, c)", shapes: { b: V('n'), A: M('n', 'n'), c: V('n') } },
  { name: 'Gaussian log-density', src: "-0.5*(x - mu)'*inv(S)*(x - mu) - 0.5*logdet(S)", shapes: { x: V('n'), mu: V('n'), S: M('n', 'n') } },
  // ---- norms
  { name: '‖x‖₂', src: 'norm(x)', shapes: { x: V('n') }, text: { x: 'x / ‖x‖' } },
  { name: '‖x‖₂²', src: 'norm(x)^2', shapes: { x: V('n') }, text: { x: '2 x' } },
  { name: '‖X‖_F² [C.103]', src: 'norm(X, "fro")^2', shapes: { X: M('m', 'n') }, text: { X: '2 X' } },
  { name: '‖x − a‖₂ [129]', src: 'norm(x - a)', shapes: { x: V('n'), a: V('n') }, text: { x: '(x − a) / ‖x − a‖' } },
  // ---- elementwise functions, reductions
  { name: 'Σ exp(x)', src: 'sum(exp(x))', shapes: { x: V('n') }, text: { x: 'exp(x)' } },
  { name: 'logsumexp', src: 'logsumexp(x)', shapes: { x: V('n') }, text: { x: 'softmax(x)' } },
  { name: 'Σ X (all ones)', src: 'sum(X)', shapes: { X: M('m', 'n') }, text: { X: '𝟏𝟏ᵀ' } },
  { name: 'column sums squared', src: 'sum(sum(X, 1).^2)', shapes: { X: M('m', 'n') } },
  { name: 'row means', src: 'sum(mean(X, 2))', shapes: { X: M('m', 'n') } },
  { name: 'row-wise logsumexp', src: 'sum(logsumexp(X, 2))', shapes: { X: M('m', 'n') } },
  { name: 'row-wise softmax against C', src: 'sum(softmax(X, 2) .* C)', shapes: { X: M('m', 'n'), C: M('m', 'n') } },
  { name: 'diag(x) y', src: 'sum(diag(x)*y)', shapes: { x: V('n'), y: V('n') }, text: { x: 'y', y: 'x' } },
  { name: 'Σ diag X', src: 'sum(diag(X))', shapes: { X: M('n', 'n') }, text: { X: 'I' } },
  { name: 'uᵀMv via outer', src: 'sum(outer(u, v) .* M)', shapes: { u: V('m'), v: V('n'), M: M('m', 'n') }, text: { u: 'M v' } },
  // ---- Kronecker products (sizes known: the result's sizes are products of the operands')
  { name: '⟨G, A ⊗ B⟩', src: 'sum(kron(A, B) .* G)', shapes: { A: [2, 3], B: [2, 2], G: [4, 6] },
    text: { G: 'A ⊗ B', A: '(I ⊗ 𝟏ᵀ)(G ⊙ (𝟏𝟏ᵀ ⊗ B))(I ⊗ 𝟏)', B: '(𝟏ᵀ ⊗ I)(G ⊙ (A ⊗ 𝟏𝟏ᵀ))(𝟏 ⊗ I)' } },
  { name: '‖A ⊗ X‖_F²', src: 'sum(kron(A, X).^2)', shapes: { A: [2, 2], X: [3, 2] } },
  { name: 'uᵀ(A ⊗ B)v', src: "u'*kron(A, B)*v", shapes: { u: [6], A: [2, 3], B: [3, 2], v: [6] } },
  { name: 'tr(Aᵀ ⊗ B) and kron of a product', src: "trace(kron(A', B)) + sum(kron(A*C, exp(B)))", shapes: { A: [3, 2], B: [3, 2], C: [2, 2] } },
  // ---- ML losses and layers
  { name: 'mean squared error', src: 'mean((X*w - y).^2)', shapes: { X: M('n', 'd'), w: V('d'), y: V('n') }, text: { w: '2 Xᵀ(X w − y) / n' } },
  { name: 'ridge', src: "sum((X*w - y).^2) + lambda*w'*w", shapes: { X: M('n', 'd'), w: V('d'), y: V('n'), lambda: [] } },
  { name: 'logistic loss', src: 'sum(log(1 + exp(-y .* (X*w))))', shapes: { X: M('n', 'd'), w: V('d'), y: V('n') } },
  { name: 'logistic log-likelihood', src: "sum(softplus(X*w)) - y'*X*w", shapes: { X: M('n', 'd'), w: V('d'), y: V('n') }, text: { w: 'Xᵀ σ(X w) − Xᵀ y' } },
  { name: 'binary cross-entropy', src: "-(t*log(sigmoid(w'*x)) + (1 - t)*log(1 - sigmoid(w'*x)))", shapes: { w: V('n'), x: V('n'), t: [] } },
  { name: 'softmax cross-entropy, soft labels', src: '-sum(t .* log_softmax(z))', shapes: { t: V('k'), z: V('k') }, text: { z: 'sum(t) softmax(z) − t' } },
  { name: 'tanh layer', src: 'sum(tanh(W*x + b))', shapes: { W: M('m', 'n'), x: V('n'), b: V('m') } },
  { name: 'two-layer MLP', src: 'sum((W2*tanh(W1*x + b1) + b2 - y).^2)', shapes: { W1: M('h', 'n'), x: V('n'), b1: V('h'), W2: M('k', 'h'), b2: V('k'), y: V('k') } },
  { name: 'ReLU layer', src: 'sum(relu(X*w))', shapes: { X: M('n', 'd'), w: V('d') } },
  { name: 'leaky ReLU with where', src: 'sum(where(x > 0, x, 0.01 .* x))', shapes: { x: V('n') } },
  { name: 'sigmoid layer', src: 'sum(sigmoid(X*w))', shapes: { X: M('n', 'd'), w: V('d') }, text: { w: 'Xᵀ(σ(X w) ⊙ σ(−X w))' } },
  // ---- indexing, stacking, reshaping
  { name: 'Rosenbrock of a vector', src: '(1 - x[1])^2 + 100*(x[2] - x[1]^2)^2', shapes: { x: [2] } },
  { name: 'row of X squared', src: 'sum(X[1, :].^2)', shapes: { X: M('m', 'n') } },
  { name: 'column slice', src: 'sum(X[:, 2:3])', shapes: { X: [3, 4] } },
  { name: 'reshape', src: 'sum(reshape(X, [6]) .* v)', shapes: { X: [2, 3], v: [6] } },
  // ---- Jacobians and Hessians
  { name: 'softmax Jacobian', src: 'softmax(z)', shapes: { z: V('k') }, jacobian: { wrt: 'z', text: 'diag(softmax(z)) − softmax(z) softmax(z)ᵀ' } },
  { name: 'Jacobian of Ax', src: 'A*x', shapes: { A: M('m', 'n'), x: V('n') }, jacobian: { wrt: 'x', text: 'A' } },
  { name: 'Jacobian of tanh(Wx)', src: 'tanh(W*x)', shapes: { W: M('m', 'n'), x: V('n') }, jacobian: { wrt: 'x' } },
  { name: 'Jacobian of a stacked vector', src: '[x[1]*x[2], x[1]^2]', shapes: { x: [2] }, jacobian: { wrt: 'x', text: '[[x₂, x₁], [2 x₁, 0]]' } },
  { name: 'least-squares Hessian', src: 'sum((X*w - y).^2)', shapes: { X: M('n', 'd'), w: V('d'), y: V('n') }, hessian: { wrt: 'w', text: '2 Xᵀ X' } },
  { name: 'quadratic-form Hessian', src: "x'*A*x", shapes: { x: V('n'), A: M('n', 'n') }, hessian: { wrt: 'x', text: 'A + Aᵀ' } },
  { name: 'logsumexp Hessian', src: 'logsumexp(x)', shapes: { x: V('n') }, hessian: { wrt: 'x', text: 'diag(softmax(x)) − softmax(x) softmax(x)ᵀ' } },
  { name: 'Σ exp Hessian', src: 'sum(exp(x))', shapes: { x: V('n') }, hessian: { wrt: 'x', text: 'diag(exp(x))' } },
];

/** NumPy spellings (Python meanings) of functions also written in mathjs syntax. */
export const NUMPY_CASES: { numpy: string; math: string; shapes: Record<string, Shape>; text?: Record<string, string> }[] = [
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
  // max over every entry (its gradient the arg-max indicator) and torch's cross-entropy (issue #13)
  { numpy: 'np.max(X @ w) + x.max() - np.min(X) + torch.max(x * x)', math: 'max(X*w) + max(x) - min(X) + max(x .* x)', shapes: { X: [3, 4], w: [4], x: [5] } },
  { numpy: 'F.cross_entropy(z, 1) + F.cross_entropy(Z, T) + F.cross_entropy(z, t, reduction="sum")', math: 'logsumexp(z) - z[2] + mean(-sum(T .* log_softmax(Z, 2), 2)) - sum(t .* log_softmax(z))',
    shapes: { z: ['k'], Z: ['m', 'k'], T: ['m', 'k'], t: ['k'] }, text: { t: '−log softmax(z)' } },
  // Kronecker products: np.kron, torch.kron, jnp.kron
  { numpy: 'np.sum(np.kron(A, B) * G) + torch.kron(A, B).sum() + jnp.sum(jnp.kron(B, A) ** 2)', math: 'sum(kron(A, B) .* G) + sum(kron(A, B)) + sum(kron(B, A).^2)',
    shapes: { A: [2, 3], B: [2, 2], G: [4, 6] } },
  // reductions along an axis: sum / mean / max / min per row or column (issue #13)
  { numpy: 'np.sum((X @ W - Y)**2, axis=1).mean()', math: 'mean(sum((X*W - Y).^2, 2))', shapes: { X: ['n', 'd'], W: ['d', 'k'], Y: ['n', 'k'] },
    text: { W: '2 Xᵀ(X W − Y) / n' } },
  { numpy: 'np.max(X, axis=1) @ v + np.min(X, axis=0).sum() + torch.amax(X.T, dim=1) @ w', math: "max(X, 2)'*v + sum(min(X, 1)) + max(X', 2)'*w", shapes: { X: [3, 4], v: [3], w: [4] },
    text: { v: 'max(X, axis=1)', w: 'max(X, axis=0)' } },
  { numpy: 'torch.logsumexp(Z, dim=1).mean() + X.max(1).values @ v + torch.max(X, 0)[0].sum()', math: "mean(logsumexp(Z, 2)) + max(X, 2)'*v + sum(max(X, 1))",
    shapes: { Z: ['m', 'k'], X: [3, 4], v: [3] } },
];

/** Spellings with no mathjs counterpart (keepdims), whose generated code is run too (test/unit/tensor-codegen.test.ts). */
export const CODEGEN_ONLY_CASES: { name: string; src: string; language: TensorLanguage; shapes: Record<string, Shape> }[] = [
  { name: 'softmax along rows with keepdims', src: 'S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)\nnp.sum(S * T)', language: 'numpy', shapes: { Z: [3, 4], T: [3, 4] } },
  { name: 'log-softmax, max and mean with keepdims', language: 'numpy', shapes: { Z: [3, 4], T: [3, 4], X: [2, 3] },
    src: 'np.sum((Z - scipy.special.logsumexp(Z, axis=1, keepdims=True)) * T) + np.sum(np.max(X, axis=0, keepdims=True) * X) + np.sum(np.mean(X, axis=1, keepdims=True) * X)' },
  { name: 'torch keepdim', language: 'numpy', shapes: { X: [3, 2], Y: [3, 2] }, src: '((X - X.mean(dim=1, keepdim=True)) ** 2 * Y).sum() + (torch.amax(X, dim=0, keepdim=True) * Y).sum()' },
];

/** MATLAB/Octave and Julia spellings (their meanings: 1-based, column vectors) of functions also written in mathjs syntax. */
export interface DialectCase { src: string; lang: TensorLanguage; math: string; shapes: Record<string, Shape>; text?: Record<string, string> }
const LS = { X: ['n', 'd'], w: ['d'], y: ['n'] } as Record<string, Shape>;
export const DIALECT_CASES: DialectCase[] = [
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
  { lang: 'matlab', src: "max(X*w) + max(X, [], 'all') - min(w)", math: 'max(X*w) + max(X) - min(w)', shapes: { X: [3, 4], w: [4] } },
  { lang: 'matlab', src: 'sum(max(X, [], 2).^2) + sum(max(X)) - sum(min(X, [], 1))', math: 'sum(max(X, 2).^2) + sum(max(X, 1)) - sum(min(X, 1))', shapes: { X: [3, 4] } },
  { lang: 'matlab', src: "sum(sum(kron(A, B) .* G)) + u'*kron(B, A)*v", math: "sum(kron(A, B) .* G) + u'*kron(B, A)*v", shapes: { A: [2, 3], B: [2, 2], G: [4, 6], u: [4], v: [6] } },
  // Julia
  { lang: 'julia', src: 'sum(abs2, X*w .- y)', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'julia', src: 'loss(w) = sum(abs2, X*w - y) / 2', math: 'sum((X*w - y).^2) / 2', shapes: LS, text: { w: 'Xᵀ(X w − y)' } },
  { lang: 'julia', src: 'function loss(w)\n    r = X*w .- y  # residual\n    return dot(r, r)\nend', math: "r = X*w - y; r'*r", shapes: LS },
  { lang: 'julia', src: "w'A*w", math: "w'*A*w", shapes: { w: ['n'], A: ['n', 'n'] }, text: { w: '(A + Aᵀ) w' } },
  { lang: 'julia', src: 'tr(A*X) + logdet(S) + 2w ⋅ w', math: "trace(A*X) + logdet(S) + 2*(w'*w)", shapes: { A: ['n', 'm'], X: ['m', 'n'], S: ['k', 'k'], w: [3] } },
  { lang: 'julia', src: 'sum(log.(1 .+ exp.(-y .* (X*w))))', math: 'sum(log(1 + exp(-y .* (X*w))))', shapes: LS },
  { lang: 'julia', src: 'sum(tanh.(W*x .+ b).^2) + x[1]*x[end] + sum(sum(W; dims=1))', math: 'sum(tanh(W*x + b).^2) + x[1]*x[end] + sum(sum(W, 1))', shapes: { W: [2, 3], x: [3], b: [2] } },
  { lang: 'julia', src: "mean((X*w - y).^2) + λ * norm(w)^2", math: 'mean((X*w - y).^2) + lambda * norm(w)^2', shapes: { ...LS, λ: [], lambda: [] } },
  { lang: 'julia', src: 'maximum(X*w) - minimum(W) + maximum(abs2.(w))', math: 'max(X*w) - min(W) + max(w.^2)', shapes: { X: [3, 4], w: [4], W: [2, 3] } },
  { lang: 'julia', src: 'sum(maximum(X, dims=2).^2) - sum(minimum(X; dims=1)) + sum(mean(X, dims=2))', math: 'sum(max(X, 2).^2) - sum(min(X, 1)) + sum(mean(X, 2))', shapes: { X: [3, 4] } },
  { lang: 'julia', src: "sum(kron(A, B) .* G) + u'kron(B, A)*v", math: "sum(kron(A, B) .* G) + u'*kron(B, A)*v", shapes: { A: [2, 3], B: [2, 2], G: [4, 6], u: [4], v: [6] } },
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
  { lang: 'latex', src: '\\operatorname{tr}(G^\\top (A \\otimes B)) + u^\\top (B \\otimes A) v', math: "trace(G'*kron(A, B)) + u'*kron(B, A)*v", shapes: { A: [2, 3], B: [2, 2], G: [4, 6], u: [4], v: [6] } },
  // C++ with Eigen
  { lang: 'eigen', src: '(X * w - y).squaredNorm()', math: 'sum((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y)' } },
  { lang: 'eigen', src: 'Eigen::VectorXd r = X * w - y;  // residual\ndouble loss = 0.5 * r.dot(r);', math: "r = X*w - y; 0.5*(r'*r)", shapes: LS },
  { lang: 'eigen', src: 'w.transpose() * A * w + A.inverse().trace() + std::log(A.determinant())', math: "w'*A*w + trace(inv(A)) + log(det(A))", shapes: { w: ['n'], A: ['n', 'n'] } },
  { lang: 'eigen', src: '(X * w).array().exp().sum() + r.cwiseProduct(r).sum() + (r.array() * r.array()).sum() + b.dot(A.llt().solve(b))',
    math: "sum(exp(X*w)) + 2*sum(r.*r) + b'*solve(A, b)", shapes: { X: ['n', 'd'], w: ['d'], r: ['k'], A: ['m', 'm'], b: ['m'] } },
  { lang: 'eigen', src: 'X.colwise().sum().squaredNorm() + X.rowwise().mean().sum() + w(0) * w(2) + X.row(1).sum()', math: 'norm(sum(X, 1))^2 + sum(mean(X, 2)) + w[1]*w[3] + sum(X[2, :])',
    shapes: { X: [3, 4], w: [3] } },
  { lang: 'eigen', src: 'X.rowwise().maxCoeff().squaredNorm() + X.colwise().minCoeff().sum()', math: 'norm(max(X, 2))^2 + sum(min(X, 1))', shapes: { X: [3, 4] } },
  { lang: 'eigen', src: '(Eigen::kroneckerProduct(A, B).array() * G.array()).sum() + u.transpose() * kroneckerProduct(B, A) * v', math: "sum(kron(A, B) .* G) + u'*kron(B, A)*v",
    shapes: { A: [2, 3], B: [2, 2], G: [4, 6], u: [4], v: [6] } },
  // PyTorch (read by the NumPy reader: torch., F., methods)
  { lang: 'numpy', src: 'F.mse_loss(X @ w, y)', math: 'mean((X*w - y).^2)', shapes: LS, text: { w: '2 Xᵀ(X w − y) / n' } },
  { lang: 'numpy', src: "torch.nn.functional.mse_loss(X @ w, y, reduction='sum')", math: 'sum((X*w - y).^2)', shapes: LS },
  { lang: 'numpy', src: '(X.mm(W).t() ** 2).sum() + (X @ w - y).square().sum() + (X @ w - y).norm() ** 2', math: "sum((X*W)'.^2) + 2*sum((X*w - y).^2)",
    shapes: { ...LS, W: ['d', 'k'] } },
  { lang: 'numpy', src: 'torch.logsumexp(X @ w, dim=0) + F.softplus(X @ w).sum()', math: 'logsumexp(X*w) + sum(softplus(X*w))', shapes: LS },
  { lang: 'numpy', src: 'torch.max(X, dim=1).values @ v + torch.min(X, 0)[0].sum() + X.sum(dim=1) @ v', math: "max(X, 2)'*v + sum(min(X, 1)) + sum(X, 2)'*v", shapes: { X: [3, 4], v: [3] } },
];
