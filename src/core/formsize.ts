import { PartialsError } from './errors';
import type { Graph, NodeId } from './graph';

/**
 * How many characters the self-contained forms of some results (each partial's `expr`, `latex` and `text`) would
 * take, estimated before anything is displayed or printed: one pass over the graph, O(nodes) (issue #16,
 * "huge results answer fast").
 *
 * Per node, the plain text it prints as (a name, a number, an operator with its spaces); a result's expanded
 * size is the sum over its tree with repetition (dynamic programming over the DAG, saturating). Plain text is
 * printed expanded up to about INLINE_CHARS; a larger result whose tree repeats subtrees is printed with
 * let-bindings (print.ts), never larger than the whole graph's text once with a binding name per node, so it counts at most that. n partials of a product of n variables: n·(n − 1) names; the
 * partials of one deep shared chain: its size once each. The LaTeX and Unicode forms are about as long again as
 * the plain one each (LaTeX's `x_{12} \, ` more, Unicode's `x₁₂ ` less): three times in all.
 *
 * Display simplification can shorten a result (x·x·x to x³), so this is an upper estimate, good to a small factor
 * for choosing forms; the printed forms are what they are.
 */
export function estimateFormsChars(g: Graph, roots: readonly NodeId[]): number {
  if (!roots.length) return 0;
  const live = g.reachable(roots);
  const expanded = new Map<NodeId, number>();
  let whole = 0;
  for (const n of live) {
    const w = weight(g, n);
    whole += w;
    let s = w;
    for (const a of g.args[n]) s += expanded.get(a)!;
    expanded.set(n, Math.min(s, SATURATE));
  }
  let total = 0;
  for (const r of roots) {
    const e = expanded.get(r)!;
    total += e <= INLINE_CHARS ? e : Math.min(e, Math.max(whole * BOUND, INLINE_CHARS));
  }
  return Math.min(SATURATE, total * STYLES);
}

/**
 * The plain text each node reachable from `roots` expands to, estimated (its tree with repetition, before any
 * display simplification; saturating): one pass, O(nodes). What a caller uses to leave unprinted what would be too long.
 */
export function plainSizes(g: Graph, roots: readonly NodeId[]): Map<NodeId, number> {
  const expanded = new Map<NodeId, number>();
  for (const n of g.reachable(roots)) {
    let s = weight(g, n);
    for (const a of g.args[n]) s += expanded.get(a)!;
    expanded.set(n, Math.min(s, SATURATE));
  }
  return expanded;
}

/** Plain text stays one expression up to 20 000 display nodes (print.ts PLAIN_INLINE_LIMIT): about this many characters. */
const INLINE_CHARS = 60_000;
/** Printed over let-bindings, a node may cost its binding's name twice and a separator (`t123 = x*t122; `). */
const BOUND = 8;
/** The three styles together, per character of plain text. */
const STYLES = 3;
const SATURATE = 2 ** 50;

/** Plain characters a node adds of its own (its operands counted apart). */
function weight(g: Graph, n: NodeId): number {
  switch (g.op[n]) {
    case 'var': case 'const': return g.name[n].length;
    case 'num': return numberChars(g.val[n]);
    case 'fn': return g.name[n].length + 2 * g.args[n].length;
    case 'mul': case 'div': case 'pow': case 'neg': return 1;
    case 'add': case 'sub': return 3;
    case 'cond': return 8;
    default: return 4;
  }
}

function numberChars(v: number): number {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v < 0 ? 1 + String(-v).length : String(v).length;
  return 8;
}

/**
 * The refusal of InspectRequest.formsLimit: the selection was read and differentiated, and its partials are too large
 * to print (a 'limit' error). The tensor engine is not tried after it (session.ts route): the text is scalar code.
 */
export class ResultTooLarge extends PartialsError {
  constructor(message: string) {
    super(message, 'limit');
  }
}
