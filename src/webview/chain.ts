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
