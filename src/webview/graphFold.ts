/**
 * Folding long chains of single-use nodes (pure, unit-tested). A chain is a path n₁ → n₂ → … → n_k where every
 * nᵢ before the last has exactly one consumer, nᵢ₊₁, and is the only single-use computed input of that consumer
 * (so chains never overlap and never merge). Leaves (variables, constants) and outputs only end or feed a chain.
 * A folded chain is drawn as one node showing the chain's operations; its value and adjoint are the last node's,
 * and edges entering the chain in the middle are rerouted to it with the local derivatives multiplied along.
 */
import type { GraphEdgeModel, GraphModel, GraphNodeModel } from '../shared/protocol';

/** Shorter chains are left alone: folding two nodes into one saves nothing. */
const MIN_CHAIN = 3;

export interface Chain {
  /** The chain's last node: the folded node keeps its id. */
  id: number;
  /** Node ids from the first to the last. */
  nodes: number[];
}

/** A node as drawn: a folded chain carries the ids it stands for. */
export type DrawNode = GraphNodeModel & { chain?: number[] };

export interface FoldedGraph extends GraphModel {
  nodes: DrawNode[];
}

export function findChains(g: GraphModel, minLength = MIN_CHAIN): Chain[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const consumers = new Map<number, Set<number>>();
  const producers = new Map<number, Set<number>>();
  for (const e of g.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    (consumers.get(e.from) ?? consumers.set(e.from, new Set()).get(e.from)!).add(e.to);
    (producers.get(e.to) ?? producers.set(e.to, new Set()).get(e.to)!).add(e.from);
  }
  const isLeaf = (id: number) => !producers.get(id)?.size;
  /** n can continue into its consumer: computed, used once, not an output, not standing for repeated terms. */
  const singleUse = (id: number) => {
    const n = byId.get(id)!;
    return !isLeaf(id) && !n.isOutput && !n.repeat && consumers.get(id)?.size === 1;
  };
  const next = new Map<number, number>();
  const prev = new Map<number, number>();
  for (const n of g.nodes) {
    if (!singleUse(n.id)) continue;
    const to = [...consumers.get(n.id)!][0];
    const candidates = [...(producers.get(to) ?? [])].filter(singleUse);
    if (candidates.length !== 1 || byId.get(to)!.repeat) continue;
    next.set(n.id, to);
    prev.set(to, n.id);
  }
  const chains: Chain[] = [];
  for (const n of g.nodes) {
    if (prev.has(n.id) || !next.has(n.id)) continue; // not the start of a chain
    const nodes = [n.id];
    for (let cur = next.get(n.id); cur !== undefined; cur = next.get(cur)) nodes.push(cur);
    if (nodes.length >= minLength) chains.push({ id: nodes[nodes.length - 1], nodes });
  }
  return chains;
}

/** The label a folded chain shows: its operations in evaluation order (long chains elided in the middle). */
export function chainTitle(nodes: GraphNodeModel[]): string {
  const ops = nodes.map((n) => n.label);
  return (ops.length > 7 ? [...ops.slice(0, 3), '…', ...ops.slice(-3)] : ops).join(' → ');
}

/** The graph with the given chains folded (the others are left as they are). */
export function foldChains(g: GraphModel, chains: Chain[]): FoldedGraph {
  if (!chains.length) return g;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  /** folded-away node → the chain it belongs to. */
  const inner = new Map<number, Chain>();
  for (const c of chains) for (const id of c.nodes.slice(0, -1)) inner.set(id, c);
  const out = new Map<number, GraphEdgeModel[]>();
  for (const e of g.edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
  const edges: GraphEdgeModel[] = [];
  for (const e of g.edges) {
    if (inner.has(e.from)) continue; // inside a chain (its one consumer is the next chain node)
    const chain = inner.get(e.to);
    if (!chain) {
      edges.push(e);
      continue;
    }
    // e enters the chain before its end: ∂end/∂from = local · ∏ of the chain's locals from e.to on.
    let local = e.local;
    let localValue = e.localValue;
    for (let cur = e.to; inner.get(cur) === chain;) {
      const steps = out.get(cur) ?? [];
      // A node used twice by its consumer (x·x) has two edges: their locals add up.
      const step = steps.reduce((a, s) => a + s.localValue, 0);
      const text = steps.length === 1 ? steps[0].local : `(${steps.map((s) => s.local).join(' + ')})`;
      if (text !== '1') local = local === '1' ? text : `${local} · ${text}`;
      localValue *= step;
      cur = steps[0].to;
    }
    edges.push({ from: e.from, to: chain.id, local, localValue });
  }
  const ends = new Map(chains.map((c) => [c.id, c]));
  const nodes: DrawNode[] = [];
  for (const n of g.nodes) {
    if (inner.has(n.id)) continue;
    const c = ends.get(n.id);
    if (!c) {
      nodes.push(n);
      continue;
    }
    const members = c.nodes.map((id) => byId.get(id)!);
    nodes.push({ ...n, label: chainTitle(members), chain: c.nodes });
  }
  return { ...g, nodes, edges };
}
