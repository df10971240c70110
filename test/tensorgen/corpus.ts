import type { Shape } from '../../src/core/tensor';

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
];
