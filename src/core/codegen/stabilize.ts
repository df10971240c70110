import type { Graph, NodeId } from '../graph';

/**
 * Numerically stable forms for generated code. Applied to each node as the model's graph is copied for code
 * generation (before differentiating, so the derivatives are built from the stable forms too), the rewrites
 * are identities in exact arithmetic that never overflow where the plain form does:
 *
 * - a / (1 + exp(−u)) → a·σ(u) and exp(u) / (1 + exp(u)) → σ(u)   (exp(1000) overflows; σ is two-sided)
 * - 1 − σ(u) → σ(−u)                                               (no cancellation for large u)
 * - log(1 + exp(u)), log1p(exp(u)) → softplus(u)                   (max(u, 0) + log1p(exp(−|u|)) or logaddexp)
 * - log(σ(u)) → −softplus(−u)                                      (log-sigmoid: no log(0) for u ≪ 0)
 * - log(exp(a) + exp(b) + …) → logsumexp(a, b, …)                  (shifted by the maximum)
 *
 * The engine evaluates what the user wrote; where that overflows (u = ±1000) the generated code is finite and
 * right while the engine's value is inf or NaN. Elsewhere both agree to round-off.
 */
export function stabilize(g: Graph, n: NodeId): NodeId {
  const op = g.op[n];
  const a = g.args[n];
  const fnOf = (m: NodeId, name: string) => g.op[m] === 'fn' && g.name[m] === name && g.args[m].length === 1;
  /** u when m is 1 + exp(u) (or exp(u) + 1). */
  const onePlusExp = (m: NodeId): NodeId | undefined => {
    if (g.op[m] !== 'add') return undefined;
    const [p, q] = g.args[m];
    if (g.isNum(p, 1) && fnOf(q, 'exp')) return g.args[q][0];
    if (g.isNum(q, 1) && fnOf(p, 'exp')) return g.args[p][0];
    return undefined;
  };
  const sigmoid = (u: NodeId) => g.fn('sigmoid', [u]);
  const softplus = (u: NodeId) => g.fn('softplus', [u]);
  switch (op) {
    case 'div': {
      const u = onePlusExp(a[1]);
      if (u === undefined) return n;
      // a / (1 + exp(−v)) = a·σ(v); exp(v) / (1 + exp(v)) = σ(v)
      if (g.op[u] === 'neg') return g.mul(a[0], sigmoid(g.args[u][0]));
      if (fnOf(a[0], 'exp') && g.args[a[0]][0] === u) return sigmoid(u);
      return n;
    }
    case 'sub':
      return g.isNum(a[0], 1) && fnOf(a[1], 'sigmoid') ? sigmoid(g.neg(g.args[a[1]][0])) : n;
    case 'fn': {
      if (a.length !== 1) return n;
      const x = a[0];
      if (g.name[n] === 'log1p' && fnOf(x, 'exp')) return softplus(g.args[x][0]);
      if (g.name[n] !== 'log') return n;
      const u = onePlusExp(x);
      if (u !== undefined) return softplus(u);
      if (fnOf(x, 'sigmoid')) return g.neg(softplus(g.neg(g.args[x][0])));
      const terms = sumTerms(g, x);
      if (terms.length >= 2 && terms.every((t) => fnOf(t, 'exp'))) return g.fn('logsumexp', terms.map((t) => g.args[t][0]));
      return n;
    }
    default:
      return n;
  }
}

/** The terms of a sum (a + b + c as [a, b, c]); a node that is not a sum is one term. */
function sumTerms(g: Graph, n: NodeId): NodeId[] {
  const out: NodeId[] = [];
  const stack = [n];
  while (stack.length && out.length < 64) {
    const m = stack.pop()!;
    if (g.op[m] === 'add') stack.push(g.args[m][1], g.args[m][0]);
    else out.push(m);
  }
  return stack.length ? [n] : out;
}

/**
 * sech²(u) for a derivative that divides by cosh(u)²: 1 − tanh(u)², which reuses tanh(u) where the forward
 * value has it and never overflows (cosh(1000) is inf, and Python's math.cosh raises).
 */
export function sech2(g: Graph, u: NodeId, tanh: (u: NodeId) => NodeId): NodeId {
  return g.sub(g.num(1), g.pow(tanh(u), g.num(2)));
}
