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
  const expanded = new Float64Array(g.size);
  const mono = new Monomials(g);
  let whole = 0;
  for (const n of live) {
    const w = weight(g, n);
    whole += w;
    let s = w;
    for (const a of g.args[n]) s += expanded[a];
    // a monomial in one variable prints collected, whatever its tree (x·x·…·x as x^19990, its partial 19990 x^19989)
    if (mono.visit(n)) s = Math.min(s, MONOMIAL_CHARS + g.name[mono.atom[n]].length);
    expanded[n] = Math.min(s, SATURATE);
  }
  let total = 0;
  for (const r of roots) {
    const e = expanded[r];
    total += e <= INLINE_CHARS ? e : Math.min(e, Math.max(whole * BOUND, INLINE_CHARS));
  }
  return Math.min(SATURATE, total * STYLES);
}

/** A coefficient, the variable and its exponent, with the operators and spaces between: `19990 * x ^ 19989`. */
const MONOMIAL_CHARS = 40;
const NOT = -2;
const CONSTANT = -1;

/**
 * Which nodes are c·vᵏ for one variable v (numbers, v, and ×, ÷, −, numeric powers of them, sums of equal powers):
 * display collects those into one power with a coefficient (display.ts), in linear time. Nodes are visited in id
 * order (children first).
 */
class Monomials {
  /** The variable's node, CONSTANT for a number, NOT otherwise. */
  readonly atom: Int32Array;
  private readonly degree: Float64Array;
  constructor(private readonly g: Graph) {
    this.atom = new Int32Array(g.size).fill(NOT);
    this.degree = new Float64Array(g.size);
  }

  /** Classifies n (its arguments visited before); true when it is a monomial in a variable. */
  visit(n: NodeId): boolean {
    const g = this.g;
    const [a, b] = g.args[n];
    const set = (atom: number, degree: number) => {
      this.atom[n] = atom;
      this.degree[n] = degree;
      return atom >= 0;
    };
    const joint = (x: number, y: number) => (x === NOT || y === NOT ? NOT : x === CONSTANT ? y : y === CONSTANT || x === y ? x : NOT);
    switch (g.op[n]) {
      case 'num': return set(CONSTANT, 0);
      case 'var': return set(n, 1);
      case 'neg': return set(this.atom[a], this.degree[a]);
      case 'mul': return set(joint(this.atom[a], this.atom[b]), this.degree[a] + this.degree[b]);
      case 'div': return set(joint(this.atom[a], this.atom[b]), this.degree[a] - this.degree[b]);
      case 'pow': return g.op[b] === 'num' && this.atom[a] !== NOT ? set(this.atom[a], this.degree[a] * g.val[b]) : set(NOT, 0);
      case 'add': case 'sub': {
        const atom = joint(this.atom[a], this.atom[b]);
        return atom !== NOT && this.degree[a] === this.degree[b] && this.atom[a] === this.atom[b] ? set(atom, this.degree[a]) : set(NOT, 0);
      }
      default: return set(NOT, 0);
    }
  }
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
