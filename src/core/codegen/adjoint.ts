import { localDerivative } from '../diff';
import { isLogical, type Graph, type NodeId } from '../graph';
import type { Stmt } from './schedule';

/**
 * Reverse mode as a source transformation (as Tapenade emits it): the forward sweep is the user's own
 * statements (plus temporaries for values several statements share); the backward sweep visits them in
 * reverse, and each statement `v = e(u₁…uₖ)` adds v̄·∂e/∂uᵢ to ūᵢ. Local partials are symbolic, taken
 * on the statement's own expression, so they refer to the forward values by name.
 */
export interface ForwardEntry {
  name: string;
  node: NodeId;
  /** False for the user's own statements already in scope (statements form): not printed, still swept. */
  emit: boolean;
}

export interface AdjointInput {
  g: Graph;
  /** Variable nodes of the parameters (inputs and held constants) → printed name. */
  params: ReadonlyMap<NodeId, string>;
  /** Variable nodes differentiated with respect to, in order. */
  inputs: readonly NodeId[];
  entries: readonly ForwardEntry[];
  output: NodeId;
  conditionalSafe: boolean;
  fresh: (base: string) => string;
  tempName: () => string;
  adjointName: (v: string) => string;
  resultNames: readonly string[];
  comments: { forward: string; backward: string };
}

export interface AdjointProgram {
  stmts: Stmt[];
  /** Values in scope that are not printed (the user's statements), node → name. */
  bound: Map<NodeId, string>;
}

const isLeaf = (g: Graph, n: NodeId) => g.args[n].length === 0;

export function adjointProgram(inp: AdjointInput): AdjointProgram {
  const { g, params } = inp;
  // ---- forward sweep: hoist values several printed statements share ----
  const defined = new Set<NodeId>(params.keys());
  const uses = new Map<NodeId, number>();
  const visited = new Set<NodeId>();
  for (const e of inp.entries) {
    if (e.emit && !defined.has(e.node)) {
      const stack = [e.node];
      while (stack.length) {
        const n = stack.pop()!;
        if (visited.has(n)) continue;
        visited.add(n);
        for (const a of g.args[n]) {
          if (isLeaf(g, a) || defined.has(a)) continue;
          uses.set(a, (uses.get(a) ?? 0) + 1);
          stack.push(a);
        }
      }
    }
    defined.add(e.node);
  }
  let unconditional: Set<NodeId> | undefined;
  if (inp.conditionalSafe) {
    unconditional = new Set();
    const stack = inp.entries.map((e) => e.node);
    while (stack.length) {
      const n = stack.pop()!;
      if (unconditional.has(n)) continue;
      unconditional.add(n);
      if (g.op[n] === 'cond') stack.push(g.args[n][0]);
      else if (g.op[n] !== 'and' && g.op[n] !== 'or') stack.push(...g.args[n]);
    }
  }
  const hoist = new Set<NodeId>();
  for (const [n, k] of uses) {
    if (k >= 2 && !isLogical(g.op[n]) && !(g.op[n] === 'neg' && isLeaf(g, g.args[n][0])) && (!unconditional || unconditional.has(n))) hoist.add(n);
  }

  const F: ForwardEntry[] = [];
  const defIdx = new Map<NodeId, number>();
  for (const e of inp.entries) {
    if (e.emit && !params.has(e.node) && !defIdx.has(e.node)) {
      const needed: NodeId[] = [];
      const seen = new Set<NodeId>();
      const stack = [e.node];
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n) || params.has(n) || (defIdx.has(n) && n !== e.node)) continue;
        seen.add(n);
        if (hoist.has(n) && n !== e.node) needed.push(n);
        for (const a of g.args[n]) if (!isLeaf(g, a)) stack.push(a);
      }
      for (const t of needed.sort((x, y) => x - y)) {
        defIdx.set(t, F.length);
        F.push({ name: inp.tempName(), node: t, emit: true });
      }
    }
    if (!defIdx.has(e.node) && !params.has(e.node)) defIdx.set(e.node, F.length);
    F.push(e);
  }

  // ---- backward sweep ----
  const inputSet = new Set(inp.inputs);
  const maxNode = Math.max(inp.output, ...F.map((e) => e.node), ...inp.inputs, 0);
  const dep = g.dependsOn(inputSet, maxNode);
  const active = (n: NodeId) => n <= maxNode && dep[n] === 1;
  let outIdx = -1;
  for (let i = F.length - 1; i >= 0; i--) if (F[i].node === inp.output) { outIdx = i; break; }

  // Adjoint variables: one per forward entry and per input, created on first contribution.
  type Key = string; // 'e<i>' or 'p<node>'
  const adjName = new Map<Key, string>();
  const keyName = (k: Key): string => {
    if (!adjName.has(k)) {
      const base = k[0] === 'e' ? F[Number(k.slice(1))].name : params.get(Number(k.slice(1)))!;
      adjName.set(k, inp.fresh(inp.adjointName(base)));
    }
    return adjName.get(k)!;
  };
  const contributions: { key: Key; node: NodeId }[] = [];
  const received = new Set<Key>();
  if (outIdx >= 0 && active(inp.output)) {
    received.add(`e${outIdx}`);
    for (let i = F.length - 1; i >= 0; i--) {
      const key = `e${i}`;
      if (!received.has(key)) continue;
      const e = F[i];
      const isRef = (m: NodeId) => params.has(m) || (defIdx.has(m) && defIdx.get(m)! < i);
      const refKey = (m: NodeId): Key | undefined => {
        if (!active(m)) return undefined;
        if (params.has(m)) return inputSet.has(m) ? `p${m}` : undefined;
        return `e${defIdx.get(m)}`;
      };
      const seed = g.variable(keyName(key));
      const adj = isRef(e.node) ? new Map([[e.node, seed]]) : sweep(g, e.node, seed, isRef);
      for (const [m, a] of adj) {
        const k = refKey(m);
        if (k === undefined || g.isNum(a, 0)) continue;
        contributions.push({ key: k, node: a });
        received.add(k);
      }
    }
  }

  // ---- statements ----
  const bound = new Map<NodeId, string>();
  const stmts: Stmt[] = [];
  let first = true;
  for (const e of F) {
    if (!e.emit) {
      if (!bound.has(e.node) && !params.has(e.node)) bound.set(e.node, e.name);
      continue;
    }
    stmts.push({ kind: 'def', name: e.name, node: e.node, comment: first ? inp.comments.forward : undefined });
    first = false;
  }
  const count = new Map<Key, number>();
  for (const c of contributions) count.set(c.key, (count.get(c.key) ?? 0) + 1);
  const declared = new Set<Key>();
  const out: Stmt[] = [];
  if (outIdx >= 0 && active(inp.output)) {
    const k = `e${outIdx}`;
    out.push({ kind: 'set', name: keyName(k), node: g.num(1), mutable: (count.get(k) ?? 0) > 0, comment: inp.comments.backward });
    declared.add(k);
  }
  for (const c of contributions) {
    const name = keyName(c.key);
    if (declared.has(c.key)) out.push({ kind: 'acc', name, node: c.node, countsAsUse: true });
    else {
      declared.add(c.key);
      out.push({ kind: 'set', name, node: c.node, mutable: count.get(c.key)! > 1, countsAsUse: true });
    }
  }
  inp.inputs.forEach((x, i) => {
    const k = `p${x}`;
    out.push({ kind: 'set', name: inp.resultNames[i], node: declared.has(k) ? g.variable(keyName(k)) : g.num(0) });
  });
  if (out.length && !out[0].comment) out[0].comment = inp.comments.backward;
  return { stmts: [...stmts, ...out], bound };
}

/** Adjoints of the refs of one statement's expression, seeded with `seed` at its root. */
function sweep(g: Graph, root: NodeId, seed: NodeId, isRef: (n: NodeId) => boolean): Map<NodeId, NodeId> {
  const order: NodeId[] = [];
  const seen = new Set<NodeId>();
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    order.push(n);
    if (n !== root && isRef(n)) continue;
    for (const a of g.args[n]) if (!seen.has(a)) stack.push(a);
  }
  order.sort((x, y) => y - x);
  const adj = new Map<NodeId, NodeId>([[root, seed]]);
  const refs = new Map<NodeId, NodeId>();
  for (const n of order) {
    const s = adj.get(n);
    if (s === undefined) continue;
    if (n !== root && isRef(n)) {
      refs.set(n, s);
      continue;
    }
    if (g.op[n] === 'var') continue;
    const a = g.args[n];
    if (!a.length || isLogical(g.op[n])) continue;
    for (let i = 0; i < a.length; i++) {
      let c: NodeId;
      if (g.op[n] === 'cond') {
        if (i === 0) continue;
        c = i === 1 ? g.cond(a[0], s, g.num(0)) : g.cond(a[0], g.num(0), s);
      } else c = g.mul(s, localDerivative(g, n, i));
      if (g.isNum(c, 0)) continue;
      adj.set(a[i], adj.has(a[i]) ? g.add(adj.get(a[i])!, c) : c);
    }
  }
  return refs;
}
