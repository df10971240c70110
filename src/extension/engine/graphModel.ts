/**
 * Turns the engine's GraphView into what the webview draws. Large graphs collapse repeated structure:
 * chains of the same associative operator (a+b+c+d lowered as nested binary adds) fold into one n-ary node,
 * and numeric literals used once fold into their consumer's label. Pure (no vscode import) for unit tests.
 */
import type { GraphView } from '../../core/api';
import { MAX_EXPANDED_NODES } from './viewLimits';
import type { GraphDirection, GraphEdgeModel, GraphModel, GraphNodeModel } from '../../shared/protocol';

export interface GraphModelOptions {
  outputs: string[];
  direction: GraphDirection;
  /** Collapse when the graph has more nodes than this (0 disables collapsing). */
  collapseThreshold: number;
  /** The user asked for every node regardless of the threshold. */
  expanded?: boolean;
}

export { MAX_EXPANDED_NODES };

const ASSOCIATIVE = new Set(['add', 'mul']);
/** A folded chain's edge label names this many local factors at most (then "… (N factors)"): labels stay short. */
const SHOWN_FACTORS = 4;

/** Where a folded node's chain of same-op consumers ends, the product of its local derivatives, and a few of them. */
interface ChainUp { to: number; value: number; factors: string[]; count: number }
const FOLDED_LABEL: Record<string, string> = { add: 'Σ', mul: 'Π' };

export function buildGraphModel(view: GraphView, opts: GraphModelOptions): GraphModel {
  const nodes: GraphNodeModel[] = view.nodes.map((n) => ({
    id: n.id, op: n.op, label: n.label, value: n.value, adjoint: n.adjoint,
    ...(n.name !== undefined ? { name: n.name } : {}),
    ...(n.span ? { span: { start: n.span.start, end: n.span.end } } : {}),
    ...(n.isInput ? { isInput: true } : {}),
    ...(n.isOutput ? { isOutput: true } : {}),
  }));
  const edges: GraphEdgeModel[] = view.edges.map((e) => ({ from: e.from, to: e.to, local: e.local, localValue: e.localValue }));
  const base: GraphModel = {
    output: view.output, outputs: opts.outputs.length ? opts.outputs : [view.output], nodes, edges,
    direction: opts.direction, collapsed: 0, totalNodes: nodes.length,
  };
  if (opts.collapseThreshold <= 0 || nodes.length <= opts.collapseThreshold) return base;
  // Expanded on request, up to what can be laid out and drawn legibly; past that it stays folded (the host says so).
  if (opts.expanded && nodes.length <= MAX_EXPANDED_NODES) return { ...base, expandedPastThreshold: true };
  return collapse(base);
}

/** Folds same-op chains and single-use literals. Values and adjoints shown are the surviving node's own. */
export function collapse(model: GraphModel): GraphModel {
  const byId = new Map(model.nodes.map((n) => [n.id, { ...n }]));
  let edges = model.edges.map((e) => ({ ...e }));
  let folded = 0;

  // 1. Same-op chains: a node whose only consumer has the same associative op and that carries no name of its
  //    own merges into that consumer. Process in reverse topological order so chains fold bottom-up in one pass.
  const ids = [...byId.keys()].sort((a, b) => b - a);
  const outEdges = new Map<number, GraphEdgeModel[]>();
  for (const e of edges) {
    const list = outEdges.get(e.from);
    if (list) list.push(e);
    else outEdges.set(e.from, [e]);
  }
  const parentOf = new Map<number, number>(); // folded node -> node it merged into (eventually a survivor)
  for (const id of ids) {
    const n = byId.get(id)!;
    if (!ASSOCIATIVE.has(n.op) || n.name || n.isOutput) continue;
    const outs = outEdges.get(id) ?? [];
    if (outs.length !== 1) continue;
    const parent = byId.get(outs[0].to);
    if (!parent || parent.op !== n.op) continue;
    parentOf.set(id, parent.id);
  }
  if (parentOf.size) {
    // Where a folded node's chain ends, and the product of the local derivatives along it, once per node (memoised
    // top-down: a chain of n folded products costs O(n), not O(n²)). The label lists a few factors, then "…".
    const up = new Map<number, ChainUp>();
    const chainUp = (id: number): ChainUp => {
      const path: number[] = [];
      let cur = id;
      while (parentOf.has(cur) && !up.has(cur)) {
        path.push(cur);
        cur = parentOf.get(cur)!;
      }
      let acc: ChainUp = up.get(cur) ?? { to: cur, value: 1, factors: [], count: 0 };
      for (let i = path.length - 1; i >= 0; i--) {
        const e = outEdges.get(path[i])![0];
        acc = e.local === '1'
          ? { ...acc, value: e.localValue * acc.value }
          : { to: acc.to, value: e.localValue * acc.value, count: acc.count + 1,
            factors: acc.factors.length < SHOWN_FACTORS ? [e.local, ...acc.factors] : [e.local, ...acc.factors.slice(0, SHOWN_FACTORS - 1)] };
        up.set(path[i], acc);
      }
      return acc;
    };
    const newEdges: GraphEdgeModel[] = [];
    for (const e of edges) {
      if (parentOf.has(e.from)) continue; // internal chain edge: folded away
      if (!parentOf.has(e.to)) {
        newEdges.push(e);
        continue;
      }
      // e enters a folded node: reroute to its survivor, multiplying the local derivatives along the chain.
      const c = chainUp(e.to);
      const factors = e.local === '1' ? c.factors : [e.local, ...c.factors];
      const count = c.count + (e.local === '1' ? 0 : 1);
      const local = count === 0 ? '1' : count <= SHOWN_FACTORS ? factors.join(' · ')
        : `${factors.slice(0, SHOWN_FACTORS - 1).join(' · ')} · … (${count} factors)`;
      newEdges.push({ from: e.from, to: c.to, local, localValue: e.localValue * c.value });
    }
    edges = newEdges;
    const members = new Map<number, number[]>();
    for (const [id] of parentOf) {
      const top = chainUp(id).to;
      const list = members.get(top) ?? members.set(top, [top]).get(top)!;
      list.push(id);
      byId.delete(id);
      folded++;
    }
    for (const [top, list] of members) {
      const n = byId.get(top)!;
      n.members = n.members ? [...n.members, ...list.slice(1)] : list;
      n.label = FOLDED_LABEL[n.op] ?? n.label;
    }
  }

  // 2. Numeric literals with exactly one consumer fold into the consumer's label ("× 2" style).
  const uses = new Map<number, GraphEdgeModel[]>();
  for (const e of edges) {
    const l = uses.get(e.from);
    if (l) l.push(e);
    else uses.set(e.from, [e]);
  }
  const dropped = new Set<GraphEdgeModel>();
  for (const n of [...byId.values()]) {
    if (n.op !== 'num') continue;
    const outs = uses.get(n.id) ?? [];
    if (outs.length !== 1) continue;
    const target = byId.get(outs[0].to);
    if (!target) continue;
    target.label = `${target.label} ${n.label}`;
    target.members = [...(target.members ?? [target.id]), n.id];
    dropped.add(outs[0]);
    byId.delete(n.id);
    folded++;
  }
  if (dropped.size) edges = edges.filter((e) => !dropped.has(e));

  // 3. Repeated structure: arguments of one node that are the same little computation on different variables
  //    (300 terms sin(xᵢ·xᵢ₊₁) of a sum) are shown once, marked ×N; variables left unused go with them.
  folded += foldRepeats(byId, edges);
  edges = mergeParallel(edges.filter((e) => byId.has(e.from) && byId.has(e.to)));

  const nodes = [...byId.values()].sort((a, b) => a.id - b.id);
  for (const n of nodes) if (n.members) n.members.sort((a, b) => a - b);
  return { ...model, nodes, edges, collapsed: folded };
}

/**
 * 4. Edges with the same ends (x read 19 990 times by one folded product `x x ⋯ x`) become one: its derivative is
 * the sum of theirs (∂to/∂from through every use), its label the first terms then "… (N terms)".
 */
export function mergeParallel(edges: GraphEdgeModel[]): GraphEdgeModel[] {
  const byEnds = new Map<string, { edge: GraphEdgeModel; terms: string[]; count: number }>();
  const out: GraphEdgeModel[] = [];
  for (const e of edges) {
    const key = `${e.from}>${e.to}`;
    const seen = byEnds.get(key);
    if (!seen) {
      const edge = { ...e };
      byEnds.set(key, { edge, terms: [e.local], count: 1 });
      out.push(edge);
      continue;
    }
    seen.edge.localValue += e.localValue;
    seen.count++;
    if (seen.terms.length < SHOWN_TERMS) seen.terms.push(e.local);
  }
  for (const { edge, terms, count } of byEnds.values()) {
    if (count === 1) continue;
    edge.local = count <= SHOWN_TERMS ? terms.join(' + ') : `${terms.slice(0, SHOWN_TERMS - 1).join(' + ')} + … (${count} terms)`;
  }
  return out;
}

/** Terms of merged parallel edges written out before "… (N terms)". */
const SHOWN_TERMS = 2;

/** Fewer similar arguments than this are left as they are. */
const MIN_REPEAT = 3;
/** Only small computations count as repeated structure (their shape is what the reader recognises). */
const MAX_REPEAT_SIZE = 12;
/** A node reading at least this many variables of its own shows them as one, marked ×N. */
const VAR_GROUP_MIN = 16;

function foldRepeats(byId: Map<number, GraphNodeModel>, edges: GraphEdgeModel[]): number {
  const outs = new Map<number, GraphEdgeModel[]>();
  const ins = new Map<number, GraphEdgeModel[]>();
  for (const e of edges) {
    (outs.get(e.from) ?? outs.set(e.from, []).get(e.from)!).push(e);
    (ins.get(e.to) ?? ins.set(e.to, []).get(e.to)!).push(e);
  }
  /** The nodes only `root` uses (its own subtree) and its shape with variable names erased, if small enough. */
  const shapeOf = (root: number): { nodes: number[]; shape: string } | undefined => {
    const own: number[] = [];
    const walk = (id: number): string | undefined => {
      const n = byId.get(id);
      if (!n) return undefined;
      const exclusive = id === root || (outs.get(id)?.length ?? 0) === 1;
      if (!exclusive || n.op === 'var') return n.op === 'var' ? 'v' : `#${id}`;
      own.push(id);
      if (own.length > MAX_REPEAT_SIZE) return undefined;
      const args: string[] = [];
      for (const e of ins.get(id) ?? []) {
        const a = walk(e.from);
        if (a === undefined) return undefined;
        args.push(a);
      }
      return `${n.op}:${n.label}(${args.join(',')})`;
    };
    const shape = walk(root);
    return shape === undefined ? undefined : { nodes: own, shape };
  };
  let folded = 0;
  for (const consumer of [...byId.keys()]) {
    const args = ins.get(consumer) ?? [];
    if (args.length < MIN_REPEAT) continue;
    const groups = new Map<string, Array<{ root: number; nodes: number[] }>>();
    for (const e of args) {
      const n = byId.get(e.from);
      if (!n || n.op === 'var' || n.op === 'num' || (outs.get(e.from)?.length ?? 0) !== 1) continue;
      const s = shapeOf(e.from);
      if (!s) continue;
      (groups.get(s.shape) ?? groups.set(s.shape, []).get(s.shape)!).push({ root: e.from, nodes: s.nodes });
    }
    for (const group of groups.values()) {
      if (group.length < MIN_REPEAT) continue;
      const [keep, ...rest] = group;
      const kept = byId.get(keep.root)!;
      kept.repeat = group.length;
      const gone = new Set(rest.flatMap((g) => g.nodes));
      for (const id of gone) byId.delete(id);
      // Variables that only fed the folded copies have nothing left to show.
      for (const e of edges) {
        if (!gone.has(e.to)) continue;
        const v = byId.get(e.from);
        if (v && v.op === 'var' && (outs.get(e.from) ?? []).every((o) => gone.has(o.to))) {
          byId.delete(e.from);
          gone.add(e.from);
        }
      }
      kept.members = [...new Set([...(kept.members ?? [kept.id]), ...gone])].sort((a, b) => a - b);
      folded += gone.size;
    }
    // Many variables that only this node reads (a product of 3 300 inputs) are shown as the first, marked ×N: a
    // graph of thousands of input boxes is neither legible nor cheap to lay out.
    const vars = args.filter((e) => byId.get(e.from)?.op === 'var' && (outs.get(e.from)?.length ?? 0) === 1).map((e) => e.from);
    if (vars.length >= VAR_GROUP_MIN) {
      const [keep, ...rest] = vars;
      const kept = byId.get(keep)!;
      for (const id of rest) byId.delete(id);
      kept.repeat = vars.length;
      kept.members = [...(kept.members ?? [kept.id]), ...rest];
      folded += rest.length;
    }
  }
  return folded;
}
