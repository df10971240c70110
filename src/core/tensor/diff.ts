import { PartialsError } from '../errors';
import { FUNCTIONS } from '../functions';
import { Graph, isCompare, type NodeId } from '../graph';
import { indexSpec, type TGraph, type TNodeId } from './graph';
import { t as l10n } from '../l10n';
import { simplifyElementwise } from './elementwise';

/**
 * Symbolic differentiation on the tensor graph, in matrix notation. As in src/core/diff.ts every rule is
 * local — the adjoint of each argument as new nodes of the same graph — and one reverse sweep in id order
 * builds every gradient. Nothing is expanded into entries, so the cost never depends on array sizes.
 */

// ---- elementwise local derivatives, reusing the scalar function table's rules -------------------------

interface Template {
  g: Graph;
  root: NodeId;
  self: NodeId;
}
const templates = new Map<string, Template>();

/** ∂f(a₀, …)/∂aᵢ of a table function, built once on a scalar graph over placeholder arguments. */
function template(name: string, arity: number, i: number): Template {
  const key = `${name}/${arity}/${i}`;
  let t = templates.get(key);
  if (!t) {
    const g = new Graph();
    const vars = Array.from({ length: arity }, (_v, j) => g.variable(`a${j}`));
    const self = g.fn(name, vars);
    const root = FUNCTIONS.get(name)!.deriv(g, vars, self, i);
    t = { g, root, self };
    templates.set(key, t);
  }
  return t;
}

/** The scalar template instantiated on tensors: every scalar op becomes the same op applied elementwise. */
function instantiate(tg: TGraph, t: Template, args: readonly TNodeId[], self: TNodeId): TNodeId {
  const { g } = t;
  const map = new Map<NodeId, TNodeId>();
  for (const n of g.reachable([t.root])) {
    const a = g.args[n].map((x) => map.get(x)!);
    let out: TNodeId;
    const op = g.op[n];
    if (n === t.self) out = self;
    else if (op === 'var') out = args[Number(g.name[n].slice(1))];
    else if (op === 'num') out = tg.num(g.val[n]);
    else if (op === 'const') out = tg.constant(g.name[n], g.val[n]);
    else if (op === 'add') out = tg.add(a[0], a[1]);
    else if (op === 'sub') out = tg.sub(a[0], a[1]);
    else if (op === 'mul') out = tg.mul(a[0], a[1]);
    else if (op === 'div') out = tg.div(a[0], a[1]);
    else if (op === 'neg') out = tg.neg(a[0]);
    else if (op === 'pow') out = tg.pow(a[0], a[1]);
    else if (op === 'fn') out = tg.fn(g.name[n], a);
    else if (op === 'cond') out = tg.where(a[0], a[1], a[2]);
    else if (isCompare(op)) out = tg.compare(op, a[0], a[1]);
    else if (op === 'and') out = tg.mul(a[0], a[1]);
    else if (op === 'or') out = tg.sub(tg.add(a[0], a[1]), tg.mul(a[0], a[1]));
    else out = tg.sub(tg.num(1), a[0]); // not
    map.set(n, out);
  }
  return map.get(t.root)!;
}

/**
 * ∂n/∂args[i] entry by entry for an elementwise node n (broadcastable to n's shape): the scalar rule of
 * src/core/diff.ts applied to arrays.
 */
function elementwiseLocal(tg: TGraph, n: TNodeId, i: number): TNodeId {
  const a = tg.args[n];
  switch (tg.op[n]) {
    case 'add': return tg.num(1);
    case 'sub': return tg.num(i === 0 ? 1 : -1);
    case 'neg': return tg.num(-1);
    case 'mul': return a[1 - i];
    case 'div': return i === 0 ? tg.div(tg.num(1), a[1]) : tg.neg(tg.div(n, a[1]));
    case 'pow': {
      const [base, expo] = a;
      if (i === 1) return tg.mul(n, tg.fn('log', [base]));
      if (tg.isNum(expo)) return tg.mul(expo, tg.pow(base, tg.num(tg.val[expo] - 1)));
      return tg.mul(n, tg.div(expo, base));
    }
    case 'fn': return instantiate(tg, template(tg.name[n], a.length, i), a, n);
    case 'where': return i === 0 ? tg.num(0) : i === 1 ? tg.where(a[0], tg.num(1), tg.num(0)) : tg.where(a[0], tg.num(0), tg.num(1));
    default: return tg.num(0); // comparisons
  }
}

// ---- reverse mode ---------------------------------------------------------------------------------------

/** The index node for an index/scatter attribute. */
function indexByAttr(tg: TGraph, g: TNodeId, attr: readonly number[]): TNodeId {
  return tg.index(g, indexSpec(attr));
}

/** seed (shaped like n) pulled back to args[i] (shaped like that argument): the vector–Jacobian product. */
export function vjp(tg: TGraph, n: TNodeId, i: number, seed: TNodeId): TNodeId {
  const a = tg.args[n];
  const arg = a[i];
  const shapeOf = (x: TNodeId) => tg.shape(x);
  switch (tg.op[n]) {
    case 'add': return tg.unbroadcast(seed, shapeOf(arg));
    case 'sub': return tg.unbroadcast(i === 0 ? seed : tg.neg(seed), shapeOf(arg));
    case 'neg': return tg.neg(seed);
    case 'where': {
      if (i === 0) return tg.zerosLike(arg);
      const z = tg.num(0);
      return tg.unbroadcast(i === 1 ? tg.where(a[0], seed, z) : tg.where(a[0], z, seed), shapeOf(arg));
    }
    case 'mul': case 'div': case 'pow': case 'fn':
      return tg.unbroadcast(tg.mul(seed, elementwiseLocal(tg, n, i)), shapeOf(arg));
    case 'bcast': {
      // sum over the axes the broadcast added, then over the size-1 axes it repeated
      const map = tg.bcastAxes(n);
      let g = seed;
      for (let t = tg.rank(n) - 1; t >= 0; t--) if (!map.includes(t)) g = tg.sum(g, t);
      return tg.unbroadcast(g, shapeOf(arg));
    }
    case 'matmul': {
      const [p, q] = a;
      const rp = tg.rank(p);
      const rq = tg.rank(q);
      if (rp === 1 && rq === 1) return tg.mul(seed, i === 0 ? q : p); // d(uᵀv) = vᵀdu + uᵀdv
      if (rp === 2 && rq === 1) return i === 0 ? tg.outer(seed, q) : tg.matmul(tg.transpose(p), seed);
      return i === 0 ? tg.matmul(seed, tg.transpose(q)) : tg.matmul(tg.transpose(p), seed);
    }
    case 'transpose': return tg.transpose(seed);
    case 'sum': {
      const [axis, keep] = tg.attr[n];
      if (axis < 0 || keep === 1 || tg.rank(arg) === 1) return tg.bcast(seed, shapeOf(arg));
      return tg.bcast(seed, shapeOf(arg), [1 - axis]);
    }
    case 'outer': return i === 0 ? tg.matmul(seed, a[1]) : tg.matmul(tg.transpose(seed), a[0]);
    case 'kron': {
      // C = A ⊗ B: ∂⟨G, C⟩/∂A[i, j] = ⟨G_ij, B⟩ and ∂⟨G, C⟩/∂B = Σᵢⱼ A[i, j] G_ij over the p×q blocks G_ij of G.
      // In matrix notation each block is weighted entrywise (G ⊙ (𝟏𝟏ᵀ ⊗ B), G ⊙ (A ⊗ 𝟏𝟏ᵀ)) and the blocks are
      // summed by products with I ⊗ 𝟏ᵀ / 𝟏ᵀ ⊗ I on the left and I ⊗ 𝟏 / 𝟏 ⊗ I on the right.
      const [A, B] = a;
      const [m, n2] = shapeOf(A);
      const [p, q] = shapeOf(B);
      if (i === 0) {
        const weighted = tg.mul(seed, tg.kron(tg.fill(1, [m, n2]), B));
        return tg.matmul(tg.matmul(tg.kron(tg.eye(m), tg.fill(1, [1, p])), weighted), tg.kron(tg.eye(n2), tg.fill(1, [q, 1])));
      }
      const weighted = tg.mul(seed, tg.kron(A, tg.fill(1, [p, q])));
      return tg.matmul(tg.matmul(tg.kron(tg.fill(1, [1, m]), tg.eye(p)), weighted), tg.kron(tg.fill(1, [n2, 1]), tg.eye(q)));
    }
    case 'trace': return tg.mul(seed, tg.eye(shapeOf(arg)[0]));
    case 'det': return tg.mul(seed, tg.mul(n, tg.transpose(tg.inv(arg))));
    case 'logdet': return tg.mul(seed, tg.transpose(tg.inv(arg)));
    case 'inv': {
      const t = tg.transpose(n);
      return tg.neg(tg.matmul(tg.matmul(t, seed), t));
    }
    case 'solve': {
      const [A, b] = a;
      const gb = tg.solve(tg.transpose(A), seed);
      if (i === 1) return gb;
      return tg.neg(tg.rank(b) === 1 ? tg.outer(gb, n) : tg.matmul(gb, tg.transpose(n)));
    }
    case 'diag': return tg.diag(seed);
    case 'norm': return tg.mul(seed, tg.div(arg, n));
    case 'amax': {
      // a sub-gradient: ties share the seed evenly; along an axis each row's (column's) seed goes back to its row
      const [axis, keep] = tg.amaxAxis(n);
      const back = axis < 0 || keep || tg.rank(arg) === 1 ? seed : tg.bcast(seed, shapeOf(arg), [1 - axis]);
      return tg.mul(back, tg.argmaxIndicator(n));
    }
    case 'softmax': {
      const axis = tg.attr[n][0];
      const gs = tg.mul(seed, n);
      return tg.mul(n, tg.sub(seed, axis < 0 ? tg.sum(gs) : tg.sum(gs, axis, true)));
    }
    case 'logsoftmax': {
      const axis = tg.attr[n][0];
      const s = tg.softmax(arg, axis < 0 ? undefined : axis);
      return tg.sub(seed, tg.mul(s, axis < 0 ? tg.sum(seed) : tg.sum(seed, axis, true)));
    }
    case 'logsumexp': {
      const axis = tg.attr[n][0];
      if (axis < 0) return tg.mul(seed, tg.softmax(arg));
      return tg.mul(tg.bcast(seed, shapeOf(arg), [1 - axis]), tg.softmax(arg, axis));
    }
    case 'index': return tg.scatter(seed, tg.attr[n], shapeOf(arg));
    case 'scatter': return indexByAttr(tg, seed, tg.attr[n]);
    case 'stack': return tg.index(seed, [i, ...shapeOf(arg).map(() => 'all' as const)]);
    case 'reshape': return tg.reshape(seed, shapeOf(arg));
    default: return tg.zerosLike(arg); // comparisons
  }
}

const NOT_DIFFERENTIABLE = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

/**
 * One backward sweep from a scalar `output`: the adjoint (∂output/∂node, shaped like the node) of every
 * node that depends on an input variable; -1 elsewhere.
 */
export function adjoints(tg: TGraph, output: TNodeId): Int32Array {
  if (!tg.isScalar(output)) {
    throw new PartialsError(l10n('The output has shape ({0}): a gradient needs a scalar output; use the Jacobian for arrays.', tg.shape(output).join(', ')), 'unsupported');
  }
  const adj = new Int32Array(output + 1).fill(-1);
  const vars = new Set(tg.reachable([output]).filter((n) => tg.op[n] === 'var'));
  const dep = tg.dependsOn(vars, output);
  adj[output] = tg.num(1);
  const live = tg.reachable([output]);
  for (let k = live.length - 1; k >= 0; k--) {
    const n = live[k];
    const seed = adj[n];
    if (seed < 0 || tg.isZero(seed) || tg.args[n].length === 0 || NOT_DIFFERENTIABLE.has(tg.op[n])) continue;
    tg.args[n].forEach((arg, i) => {
      if (!dep[arg]) return;
      if (tg.op[n] === 'where' && i === 0) return;
      const c = vjp(tg, n, i, seed);
      adj[arg] = adj[arg] < 0 ? c : tg.add(adj[arg], c);
    });
  }
  return adj;
}

/** ∂output/∂name for each input name, shaped like the input (zeros where the output does not depend on it). */
export function gradients(tg: TGraph, output: TNodeId, wrt: readonly string[]): Map<string, TNodeId> {
  const adj = adjoints(tg, output);
  const out = new Map<string, TNodeId>();
  for (const name of wrt) {
    const v = tg.lookupVariable(name);
    if (v === undefined) throw new PartialsError(l10n("'{0}' is not an input of the expression.", name), 'input');
    // entry by entry the scalar simplifier's algebra holds: ((1 − y) ⊘ (1 − σ(u)) − y ⊘ σ(u)) ⊙ σ(u) ⊙ σ(−u) is σ(u) − y
    out.set(name, v <= output && adj[v] >= 0 ? simplifyElementwise(tg, adj[v]) : tg.zerosLike(v));
  }
  return out;
}

// ---- forward mode: Jacobians and Hessians in matrix notation -------------------------------------------

/**
 * ∂output/∂x for a vector input x, as a tensor of shape [...output shape, len x] (a matrix for a vector
 * output, a vector for a scalar one). The Jacobian of every intermediate is propagated forward in matrix
 * form (dy = J dx), so an intermediate must be a scalar or a vector when it depends on x.
 */
export function jacobian(tg: TGraph, output: TNodeId, wrt: string): TNodeId {
  const x = tg.lookupVariable(wrt);
  if (x === undefined) throw new PartialsError(l10n("'{0}' is not an input of the expression.", wrt), 'input');
  if (tg.rank(x) !== 1) {
    throw new PartialsError(l10n("The Jacobian is computed with respect to a vector; '{0}' has shape ({1}).", wrt, tg.shape(x).join(', ')), 'unsupported');
  }
  const nx = tg.shape(x)[0];
  if (tg.rank(output) > 1) throw new PartialsError(l10n('The Jacobian of a matrix-valued output would be a third-order tensor; only scalar and vector outputs are supported.'), 'unsupported');
  const J = new Map<TNodeId, TNodeId>();
  const zero = (n: TNodeId) => tg.fill(0, [...tg.shape(n), nx]);
  const get = (n: TNodeId) => J.get(n);
  if (x > output) return zero(output);
  const dep = tg.dependsOn(new Set([x]), output);
  for (const n of tg.reachable([output])) {
    if (!dep[n]) continue;
    if (n === x) { J.set(n, tg.eye(nx)); continue; }
    if (tg.rank(n) > 1) {
      throw new PartialsError(l10n('The Jacobian with respect to {0} needs the derivative of a matrix-valued intermediate ({1}), a third-order tensor; only scalar and vector intermediates are supported.', wrt, tg.describe(n)), 'unsupported');
    }
    J.set(n, jvp(tg, n, get, zero, nx));
  }
  return J.get(output)!;
}

/** Jacobian of node n from its arguments' Jacobians (undefined where an argument does not depend on x). */
function jvp(tg: TGraph, n: TNodeId, get: (n: TNodeId) => TNodeId | undefined, zero: (n: TNodeId) => TNodeId, nx: string | number): TNodeId {
  const a = tg.args[n];
  const shape = [...tg.shape(n), nx];
  /** An argument's Jacobian lifted to n's shape (a scalar's row repeated for every entry). */
  const lifted = (arg: TNodeId) => tg.bcast(get(arg) ?? zero(arg), shape);
  /** diag(coef) J, or coef·J for a scalar coefficient. */
  const scale = (coef: TNodeId, Jl: TNodeId) => {
    if (tg.isScalar(coef) || tg.rank(n) === 0) return tg.mul(coef, Jl);
    return tg.matmul(tg.diag(tg.bcast(coef, tg.shape(n))), Jl);
  };
  const sumOf = (terms: TNodeId[]) => terms.reduce((p, q) => tg.add(p, q));
  switch (tg.op[n]) {
    case 'add': return tg.add(lifted(a[0]), lifted(a[1]));
    case 'sub': return tg.sub(lifted(a[0]), lifted(a[1]));
    case 'neg': return tg.neg(lifted(a[0]));
    case 'mul': case 'div': case 'pow': case 'fn': case 'where': {
      const terms: TNodeId[] = [];
      a.forEach((arg, i) => {
        if (get(arg) === undefined || (tg.op[n] === 'where' && i === 0)) return;
        terms.push(scale(elementwiseLocal(tg, n, i), lifted(arg)));
      });
      return terms.length ? sumOf(terms) : tg.fill(0, shape);
    }
    case 'matmul': {
      const [p, q] = a;
      if (tg.rank(p) === 1) {
        // uᵀv: d = Jvᵀu + Juᵀv
        const terms: TNodeId[] = [];
        if (get(q) !== undefined) terms.push(tg.matmul(tg.transpose(get(q)!), p));
        if (get(p) !== undefined) terms.push(tg.matmul(tg.transpose(get(p)!), q));
        return sumOf(terms);
      }
      return tg.matmul(p, get(q)!); // M v with M independent of x (checked: matrices that depend on x are refused)
    }
    case 'transpose': return get(a[0])!;
    case 'bcast': return lifted(a[0]);
    case 'sum': return tg.sum(get(a[0])!, 0);
    case 'norm': return tg.matmul(tg.transpose(get(a[0])!), tg.div(a[0], n));
    case 'softmax': return tg.matmul(tg.sub(tg.diag(n), tg.outer(n, n)), get(a[0])!);
    case 'logsoftmax': {
      const Jz = get(a[0])!;
      return tg.sub(Jz, tg.bcast(tg.matmul(tg.transpose(Jz), tg.softmax(a[0])), shape));
    }
    case 'logsumexp': return tg.matmul(tg.transpose(get(a[0])!), tg.softmax(a[0]));
    case 'amax':
      if (tg.amaxAxis(n)[0] >= 0) break;
      return tg.matmul(tg.transpose(get(a[0])!), tg.argmaxIndicator(n));
    case 'index': {
      const spec = indexSpec(tg.attr[n]);
      return tg.index(get(a[0])!, [...spec, 'all']);
    }
    case 'stack': return tg.stack(a.map((x) => get(x) ?? zero(x)));
    case 'solve': {
      if (get(a[0]) !== undefined) break;
      return tg.solve(a[0], get(a[1])!);
    }
    case 'reshape': {
      if (tg.rank(n) === tg.rank(a[0])) return get(a[0])!;
      break;
    }
    default: break;
  }
  throw new PartialsError(l10n('The Jacobian of {0} is not supported in matrix form.', tg.describe(n)), 'unsupported');
}

/** The Hessian of a scalar output with respect to a vector input: the Jacobian of its gradient. */
export function hessian(tg: TGraph, output: TNodeId, wrt: string): TNodeId {
  const g = gradients(tg, output, [wrt]).get(wrt)!;
  return jacobian(tg, g, wrt);
}
