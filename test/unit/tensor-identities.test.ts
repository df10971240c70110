import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { adjoints } from '../../src/core/diff';
import { evaluate as scalarEvaluate } from '../../src/core/evaluate';
import { analyzeTensor, defaultPoint, fromNested, readTensorMath, type Nested, type Shape, type Tensor } from '../../src/core/tensor';
import { close } from './helpers/numeric';
import { scalarGradient, scalarise, scalarValues } from './helpers/scalarise';

/**
 * A corpus of Matrix Cookbook (Petersen & Pedersen, 2012; equation numbers in brackets) and ML identities.
 * For each: the symbolic gradient (or Jacobian / Hessian) in matrix notation where the identity names one,
 * its value against an independent scalarised computation (every entry a scalar expression of the scalar
 * engine, differentiated by src/core/diff.ts), the numeric checks (central differences, a directional
 * difference and forward-mode AD), the mathjs `expr` re-evaluated to the value, and LaTeX that KaTeX renders.
 */
interface Case {
  name: string;
  src: string;
  shapes?: Record<string, Shape>;
  /** Expected Unicode text of the gradient per input (only where the identity is the point). */
  text?: Record<string, string>;
  jacobian?: { wrt: string; text?: string };
  hessian?: { wrt: string; text?: string };
}

const V = (n: string) => [n];
const M = (m: string, n: string) => [m, n];

const CASES: Case[] = [
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

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

function mathjsValue(expr: string, point: Record<string, Nested>): number[] {
  const scope: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(point)) scope[k] = structuredClone(v);
  const r = mathjsEvaluate(expr, scope) as { valueOf(): unknown };
  const v = (typeof r === 'object' && r !== null ? r.valueOf() : r) as Nested | boolean;
  return flat(typeof v === 'boolean' ? Number(v) : v);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-9, atol = 1e-10): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(close(actual[i], expected[i], rtol, atol), `${what} entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('tensor corpus: Matrix Cookbook and ML identities', () => {
  it('has at least 40 identities', () => {
    assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = analyzeTensor(c.src, { shapes: c.shapes, check: !c.jacobian, jacobian: c.jacobian?.wrt, hessian: c.hessian?.wrt });
      // the independent reference: the same expression expanded into scalars
      const { graph, output } = readTensorMath(c.src, { shapes: c.shapes });
      const point: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(r.point)) point[k] = fromNested(v, k);
      assert.deepEqual(Object.keys(point).sort(), Object.keys(defaultPoint(graph, [output])).sort());
      const s = scalarise(graph, output, point);
      assertClose(flat(r.output.value!), scalarValues(s, point), `${c.name}: f`);
      assertClose(mathjsValue(r.output.expr, r.point), flat(r.output.value!), `${c.name}: f expr ${r.output.expr}`);
      assert.doesNotThrow(() => katex.renderToString(r.output.latex), r.output.latex);

      for (const p of r.partials) {
        const ref = scalarGradient(s, point, p.wrt);
        assertClose(flat(p.value!), ref.grad, `${c.name}: ∂/∂${p.wrt} = ${p.text}`);
        assertClose(mathjsValue(p.expr, r.point), flat(p.value!), `${c.name}: ∂/∂${p.wrt} expr ${p.expr}`);
        assert.deepEqual(p.shape, r.shapes[p.wrt], `${c.name}: the gradient is shaped like ${p.wrt}`);
        assert.doesNotThrow(() => katex.renderToString(p.latex), p.latex);
        if (p.check) assert.equal(p.check.verdict, 'ok', `${c.name}: ∂/∂${p.wrt} check ${JSON.stringify(p.check)}`);
        if (c.text?.[p.wrt]) assert.equal(p.text, c.text[p.wrt], `${c.name}: ∂/∂${p.wrt}`);
      }
      for (const [kind, spec] of [['jacobian', c.jacobian], ['hessian', c.hessian]] as const) {
        if (!spec) continue;
        const term = r[kind]!;
        // reference: one scalar reverse sweep per output entry (of f, or of each gradient entry)
        const entries: number[] = [];
        const input = s.inputs.get(spec.wrt)!;
        const p: Record<string, number> = {};
        for (const [name, { vars }] of s.inputs) vars.forEach((v, k) => { p[s.g.name[v]] = point[name].data[k]; });
        const rows = kind === 'jacobian' ? s.out : (() => {
          const adj = adjoints(s.g, s.out[0]);
          return input.vars.map((v) => (adj[v] >= 0 ? adj[v] : s.g.num(0)));
        })();
        for (const row of rows) {
          const adj = adjoints(s.g, row);
          const cols = input.vars.map((v) => (v <= row && adj[v] >= 0 ? adj[v] : s.g.num(0)));
          const vals = scalarEvaluate(s.g, cols, p);
          for (const col of cols) entries.push(vals[col]);
        }
        assertClose(flat(term.value!), entries, `${c.name}: ${kind} ${term.text}`);
        assertClose(mathjsValue(term.expr, r.point), flat(term.value!), `${c.name}: ${kind} expr ${term.expr}`);
        assert.doesNotThrow(() => katex.renderToString(term.latex), term.latex);
        if (spec.text) assert.equal(term.text, spec.text, `${c.name}: ${kind}`);
      }
    });
  }
});
