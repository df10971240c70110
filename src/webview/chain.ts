/**
 * The chain rule for one graph node, as the inspector explains it on click (pure, unit-tested):
 * adjoint(n) = Σ over consumers c of adjoint(c) · ∂c/∂n, and the individual paths n → … → output.
 */
import type { GraphEdgeModel, GraphModel, GraphNodeModel } from '../shared/protocol';

export interface ChainTerm {
  consumer: GraphNodeModel;
  local: string;
  localValue: number;
  consumerAdjoint: number;
  product: number;
}

export interface ChainBreakdown {
  node: GraphNodeModel;
  terms: ChainTerm[];
  /** Σ of the products; equals node.adjoint up to rounding (the output's own adjoint is 1 by definition). */
  sum: number;
  isOutput: boolean;
}

function outgoing(model: GraphModel): Map<number, GraphEdgeModel[]> {
  const out = new Map<number, GraphEdgeModel[]>();
  for (const e of model.edges) {
    const l = out.get(e.from);
    if (l) l.push(e);
    else out.set(e.from, [e]);
  }
  return out;
}

export function chainBreakdown(model: GraphModel, id: number): ChainBreakdown | undefined {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const node = byId.get(id);
  if (!node) return undefined;
  const terms: ChainTerm[] = [];
  for (const e of outgoing(model).get(id) ?? []) {
    const c = byId.get(e.to);
    if (!c) continue;
    terms.push({ consumer: c, local: e.local, localValue: e.localValue, consumerAdjoint: c.adjoint, product: c.adjoint * e.localValue });
  }
  const isOutput = !!node.isOutput;
  const sum = isOutput && terms.length === 0 ? 1 : terms.reduce((a, t) => a + t.product, 0);
  return { node, terms, sum, isOutput };
}

/** Node ids and edge indices on some path from `id` to an output (what hover highlights). */
export function pathToOutput(model: GraphModel, id: number): { nodes: Set<number>; edges: Set<number> } {
  const out = new Map<number, number[]>();
  model.edges.forEach((e, i) => {
    const l = out.get(e.from);
    if (l) l.push(i);
    else out.set(e.from, [i]);
  });
  const nodes = new Set<number>([id]);
  const edges = new Set<number>();
  const stack = [id];
  while (stack.length) {
    const n = stack.pop()!;
    for (const i of out.get(n) ?? []) {
      edges.add(i);
      const to = model.edges[i].to;
      if (!nodes.has(to)) {
        nodes.add(to);
        stack.push(to);
      }
    }
  }
  return { nodes, edges };
}

export interface PathProduct {
  /** Node ids from the clicked node to the output. */
  nodes: number[];
  locals: string[];
  value: number;
}

/** Every path from `id` to an output with the product of local derivatives along it (at most `limit`). */
export function pathProducts(model: GraphModel, id: number, limit = 8): { paths: PathProduct[]; truncated: boolean } {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const out = outgoing(model);
  const paths: PathProduct[] = [];
  let truncated = false;
  let budget = 20_000; // paths can be exponential in number: bound the walk, not just the answer
  const walk = (n: number, trail: number[], locals: string[], value: number): void => {
    if (paths.length >= limit || --budget < 0) { truncated = true; return; }
    const next = out.get(n) ?? [];
    if (next.length === 0 || byId.get(n)?.isOutput) {
      if (byId.get(n)?.isOutput) paths.push({ nodes: trail, locals, value });
      if (next.length === 0) return;
    }
    for (const e of next) walk(e.to, [...trail, e.to], [...locals, e.local], value * e.localValue);
  };
  walk(id, [id], [], 1);
  return { paths, truncated };
}

/**
 * The order the two sweeps visit the nodes: every node after the nodes it reads (the forward pass computes values
 * in this order; the backward pass visits it reversed, so each node's consumers have their adjoints first).
 * Kahn's algorithm with ties broken by id, so the walk is stable for a given graph.
 */
export function sweepOrder(model: GraphModel): number[] {
  const indeg = new Map<number, number>(model.nodes.map((n) => [n.id, 0]));
  for (const e of model.edges) if (indeg.has(e.to) && indeg.has(e.from)) indeg.set(e.to, indeg.get(e.to)! + 1);
  const out = outgoing(model);
  const ready = [...indeg].filter(([, d]) => d === 0).map(([id]) => id).sort((a, b) => a - b);
  const order: number[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of out.get(id) ?? []) {
      if (!indeg.has(e.to)) continue;
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) {
        const at = ready.findIndex((r) => r > e.to);
        ready.splice(at < 0 ? ready.length : at, 0, e.to);
      }
    }
  }
  return order;
}

export interface SweepStep {
  phase: 'forward' | 'backward';
  /** 1-based within its phase. */
  index: number;
  of: number;
  node: number;
}

/** Step k (1 … 2N) of the forward-then-backward walk over `order`; undefined for 0 (nothing done yet). */
export function sweepStep(order: readonly number[], k: number): SweepStep | undefined {
  const n = order.length;
  if (k <= 0 || k > 2 * n) return undefined;
  return k <= n
    ? { phase: 'forward', index: k, of: n, node: order[k - 1] }
    : { phase: 'backward', index: k - n, of: n, node: order[2 * n - k] };
}

/** The nodes a forward step reads, with their values (what `value = op(inputs)` is computed from). */
export function forwardInputs(model: GraphModel, id: number): GraphNodeModel[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  return model.edges.filter((e) => e.to === id).map((e) => byId.get(e.from)).filter((n): n is GraphNodeModel => !!n);
}
