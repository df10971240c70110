import { isLogical, type Graph, type NodeId } from '../graph';
import type { ExprPrinter } from './printer';

/**
 * Turns a list of statements (name = node) into printed lines, hoisting shared subexpressions into
 * temporaries: a node that more than one printed parent uses becomes `t0, t1, …`, defined right before the
 * first statement that needs it, so every statement is one line and nothing is computed twice.
 */
export interface Stmt {
  name: string;
  node: NodeId;
  /** def: a value that later lines may refer to by name; acc: `name += node`; set: a value others never refer to. */
  kind: 'def' | 'acc' | 'set';
  /** Declared mutable (accumulated later). */
  mutable?: boolean;
  /** The statement itself counts as a use of its node (so a partial equal to a subexpression of f shares it). */
  countsAsUse?: boolean;
  /** Comment line printed before the statement. */
  comment?: string;
}

export type Line = { kind: 'temp' | 'def' | 'acc' | 'set'; name: string; node: NodeId; text: string; mutable?: boolean } | { kind: 'comment'; text: string };

export interface ScheduleOptions {
  /** Only hoist nodes every evaluation path computes (targets whose math raises on a branch not taken). */
  conditionalSafe: boolean;
  freshTemp: () => string;
  /** False: print every statement whole (no temporaries), e.g. to translate the user's own program. */
  hoist?: boolean;
  /** Longest chain of inlined operations before a temporary is forced (keeps lines and nesting bounded). */
  maxInlineDepth?: number;
}

const isLeaf = (g: Graph, n: NodeId): boolean => g.args[n].length === 0;

export function schedule(g: Graph, printer: ExprPrinter, bound: ReadonlyMap<NodeId, string>, stmts: readonly Stmt[], opts: ScheduleOptions): Line[] {
  const maxDepth = opts.maxInlineDepth ?? 40;
  // 1. Uses: parent edges in the union of the statements' trees, each cut where a name is already defined.
  const defined = new Set<NodeId>(bound.keys());
  const uses = new Map<NodeId, number>();
  const visited = new Set<NodeId>();
  const bump = (n: NodeId) => uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const s of stmts) {
    if (s.countsAsUse && !isLeaf(g, s.node) && !defined.has(s.node)) bump(s.node);
    const stack = defined.has(s.node) ? [] : [s.node];
    while (stack.length) {
      const n = stack.pop()!;
      if (visited.has(n)) continue;
      visited.add(n);
      for (const a of g.args[n]) {
        if (isLeaf(g, a) || defined.has(a)) continue;
        bump(a);
        if (!visited.has(a)) stack.push(a);
      }
    }
    if (s.kind === 'def') defined.add(s.node);
  }

  // 2. Which nodes every path evaluates (cond arms are conditional).
  let unconditional: Set<NodeId> | undefined;
  if (opts.conditionalSafe) {
    unconditional = new Set();
    const stack = stmts.map((s) => s.node);
    while (stack.length) {
      const n = stack.pop()!;
      if (unconditional.has(n)) continue;
      unconditional.add(n);
      const a = g.args[n];
      if (g.op[n] === 'cond') stack.push(a[0]);
      else if (g.op[n] !== 'and' && g.op[n] !== 'or') stack.push(...a);
    }
  }
  const eligible = (n: NodeId) =>
    !isLeaf(g, n) && !isLogical(g.op[n]) && !(g.op[n] === 'neg' && isLeaf(g, g.args[n][0])) && (!unconditional || unconditional.has(n));
  const temp = new Set<NodeId>();
  const hoist = opts.hoist !== false;
  if (hoist) for (const [n, k] of uses) if (k >= 2 && eligible(n)) temp.add(n);

  // 3. Bound the inline depth.
  const depth = new Map<NodeId, number>();
  for (const n of [...visited].sort((x, y) => x - y)) {
    let d = 1;
    for (const a of g.args[n]) if (!isLeaf(g, a) && !bound.has(a) && !temp.has(a)) d = Math.max(d, (depth.get(a) ?? 0) + 1);
    if (hoist && d > maxDepth && eligible(n)) {
      temp.add(n);
      d = 0;
    }
    depth.set(n, d);
  }

  // 4. Emit in order; temporaries just before their first use.
  const names = new Map<NodeId, string>(bound);
  const env = { nameOf: (n: NodeId) => names.get(n) };
  const lines: Line[] = [];
  for (const s of stmts) {
    const own = s.kind === 'def' && !names.has(s.node) && !isLeaf(g, s.node) ? s.node : -1;
    const needed: NodeId[] = [];
    const seen = new Set<NodeId>();
    const stack = [s.node];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || (names.has(n) && n !== own)) continue;
      seen.add(n);
      if (temp.has(n) && n !== own) needed.push(n);
      for (const a of g.args[n]) if (!isLeaf(g, a)) stack.push(a);
    }
    if (s.comment) lines.push({ kind: 'comment', text: s.comment });
    for (const t of needed.sort((x, y) => x - y)) {
      const name = opts.freshTemp();
      lines.push({ kind: 'temp', name, node: t, text: printer.print(g, t, env) });
      names.set(t, name);
    }
    lines.push({ kind: s.kind, name: s.name, node: s.node, text: printer.print(g, s.node, env), mutable: s.mutable });
    if (own >= 0) names.set(own, s.name);
  }
  return lines;
}
