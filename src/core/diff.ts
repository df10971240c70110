import { FUNCTIONS } from './functions';
import { isLogical, type Graph, type NodeId } from './graph';

/**
 * Differentiation on the graph. Every rule is local: ∂node/∂arg as new nodes of the same graph, reusing
 * the node itself where the rule allows (exp, tanh, sigmoid…), so derivatives share everything with f.
 */

/** ∂n/∂args[i] as a node (0 for logical ops and the test of a cond). */
export function localDerivative(g: Graph, n: NodeId, i: number): NodeId {
  const a = g.args[n];
  switch (g.op[n]) {
    case 'add': return g.num(1);
    case 'sub': return g.num(i === 0 ? 1 : -1);
    case 'neg': return g.num(-1);
    case 'mul': return a[1 - i];
    case 'div': return i === 0 ? g.div(g.num(1), a[1]) : g.neg(g.div(n, a[1]));
    case 'pow': return powDerivative(g, n, i);
    case 'fn': return FUNCTIONS.get(g.name[n])!.deriv(g, a, n, i);
    case 'cond': return i === 0 ? g.num(0) : i === 1 ? g.cond(a[0], g.num(1), g.num(0)) : g.cond(a[0], g.num(0), g.num(1));
    default: return g.num(0);
  }
}

function powDerivative(g: Graph, n: NodeId, i: number): NodeId {
  const [base, expo] = g.args[n];
  if (i === 0) {
    // d/dx x^k = k x^(k-1) for a constant exponent; else x^y · y/x, which turns x^x into x^x (log x + 1).
    if (g.numeric(expo) !== undefined) return g.mul(expo, g.pow(base, g.sub(expo, g.num(1))));
    return g.mul(n, g.div(expo, base));
  }
  return g.mul(n, g.fn('log', [base]));
}

/** seed · ∂n/∂args[i]: a cond routes the seed to the taken branch instead of multiplying by 0/1. */
function contribution(g: Graph, n: NodeId, i: number, seed: NodeId): NodeId {
  if (g.op[n] === 'cond') {
    const t = g.args[n][0];
    return i === 0 ? g.num(0) : i === 1 ? g.cond(t, seed, g.num(0)) : g.cond(t, g.num(0), seed);
  }
  return g.mul(seed, localDerivative(g, n, i));
}

/**
 * Reverse mode, symbolically: one backward sweep from `output` builds the adjoint of every node it depends
 * on. Returns adjoints indexed by node id (-1 where the output does not depend on the node).
 */
export function adjoints(g: Graph, output: NodeId): Int32Array {
  const adj = new Int32Array(output + 1).fill(-1);
  adj[output] = g.num(1);
  const live = g.reachable([output]);
  for (let k = live.length - 1; k >= 0; k--) {
    const n = live[k];
    const seed = adj[n];
    if (seed < 0 || g.isNum(seed, 0) || g.args[n].length === 0 || isLogical(g.op[n])) continue;
    const a = g.args[n];
    for (let i = 0; i < a.length; i++) {
      if (g.op[n] === 'cond' && i === 0) continue;
      const c = contribution(g, n, i, seed);
      if (g.isNum(c, 0)) continue;
      adj[a[i]] = adj[a[i]] < 0 ? c : g.add(adj[a[i]], c);
    }
  }
  return adj;
}

/** ∂output/∂v for each variable node v (0 where it does not appear). */
export function gradient(g: Graph, output: NodeId, wrt: readonly NodeId[]): NodeId[] {
  const adj = adjoints(g, output);
  return wrt.map((v) => (v < adj.length && adj[v] >= 0 ? adj[v] : g.num(0)));
}

/**
 * Forward mode: the tangent of each output along the direction `seeds` (variable node → tangent node).
 */
export function tangent(g: Graph, outputs: readonly NodeId[], seeds: ReadonlyMap<NodeId, NodeId>): NodeId[] {
  const tan = new Map<NodeId, NodeId>();
  const zero = g.num(0);
  for (const n of g.reachable(outputs)) {
    if (g.op[n] === 'var') {
      tan.set(n, seeds.get(n) ?? zero);
      continue;
    }
    let t = zero;
    const a = g.args[n];
    if (!isLogical(g.op[n])) {
      for (let i = 0; i < a.length; i++) {
        const ta = tan.get(a[i]) ?? zero;
        if (g.isNum(ta, 0) || (g.op[n] === 'cond' && i === 0)) continue;
        t = g.add(t, contribution(g, n, i, ta));
      }
    }
    tan.set(n, t);
  }
  return outputs.map((o) => tan.get(o) ?? zero);
}

/** Hessian by reverse-over-reverse: row i is the gradient of ∂f/∂xᵢ. */
export function hessian(g: Graph, output: NodeId, wrt: readonly NodeId[]): NodeId[][] {
  const grad = gradient(g, output, wrt);
  return grad.map((gi) => gradient(g, gi, wrt));
}

/** Jacobian: one reverse sweep per output; rows are outputs, columns are `wrt`. */
export function jacobian(g: Graph, outputs: readonly NodeId[], wrt: readonly NodeId[]): NodeId[][] {
  return outputs.map((o) => gradient(g, o, wrt));
}
