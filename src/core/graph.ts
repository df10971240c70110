import { PartialsError, type Span } from './errors';
import { t as l10n } from './l10n';

/**
 * The one IR: a hash-consed computation DAG stored as an arena. A node is an integer id; every node's
 * arguments have smaller ids, so id order is a topological order and every sweep is a plain loop.
 */
export type NodeId = number;

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';
export type Op =
  | 'num' // numeric literal
  | 'const' // named constant (pi, e): printed by name, valued by number
  | 'var' // free variable
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'pow'
  | 'fn' // call of a function in the function table (name holds which)
  | 'cond' // cond(test, then, else)
  | CompareOp
  | 'and' | 'or' | 'not';

export const COMPARE_OPS: readonly CompareOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];
export const isCompare = (op: Op): op is CompareOp => (COMPARE_OPS as readonly string[]).includes(op);
/** Ops whose value is a truth value (0 or 1) and whose derivative is zero everywhere it exists. */
export const isLogical = (op: Op): boolean => isCompare(op) || op === 'and' || op === 'or' || op === 'not';

export interface GraphLimits {
  maxNodes: number;
}

const DEFAULT_LIMITS: GraphLimits = { maxNodes: 2_000_000 };

export class Graph {
  readonly op: Op[] = [];
  readonly args: NodeId[][] = [];
  /** Value of num/const nodes (NaN for others). */
  readonly val: number[] = [];
  /** Name of var/const/fn nodes ('' for others). */
  readonly name: string[] = [];
  /** Source span the node first came from, if it came from source. */
  readonly span: (Span | undefined)[] = [];
  private readonly index = new Map<string, NodeId>();
  /** Span attached to nodes created while lowering a piece of source. */
  currentSpan: Span | undefined;

  constructor(readonly limits: GraphLimits = DEFAULT_LIMITS) {}

  get size(): number {
    return this.op.length;
  }

  private intern(op: Op, args: NodeId[], val: number, name: string): NodeId {
    const key = op === 'num' ? `n${Object.is(val, -0) ? 0 : val}` : `${op}|${name}|${args.join(',')}`;
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.op.length >= this.limits.maxNodes) {
      throw new PartialsError(l10n('The expression is too large (more than {0} graph nodes).', this.limits.maxNodes), 'limit');
    }
    const id = this.op.length;
    this.op.push(op);
    this.args.push(args);
    this.val.push(val);
    this.name.push(name);
    this.span.push(this.currentSpan);
    this.index.set(key, id);
    return id;
  }

  // ---- leaves -------------------------------------------------------------------------------------

  num(v: number): NodeId {
    return this.intern('num', [], Object.is(v, -0) ? 0 : v, '');
  }
  constant(name: string, v: number): NodeId {
    return this.intern('const', [], v, name);
  }
  variable(name: string): NodeId {
    return this.intern('var', [], NaN, name);
  }

  isNum(n: NodeId, v?: number): boolean {
    return this.op[n] === 'num' && (v === undefined || this.val[n] === v);
  }
  /** The numeric value of a num/const node, else undefined. */
  numeric(n: NodeId): number | undefined {
    return this.op[n] === 'num' || this.op[n] === 'const' ? this.val[n] : undefined;
  }

  // ---- smart constructors: fold constants and apply the trivial identities --------------------------

  add(a: NodeId, b: NodeId): NodeId {
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] + this.val[b]);
    if (this.isNum(a, 0)) return b;
    if (this.isNum(b, 0)) return a;
    if (this.op[b] === 'neg') return this.sub(a, this.args[b][0]);
    if (this.op[a] === 'neg') return this.sub(b, this.args[a][0]);
    if (a === b) return this.mul(this.num(2), a);
    // (t ? a1 : b1) + (t ? a2 : b2) → t ? a1 + a2 : b1 + b2: adjoints through one branch point merge.
    if (this.op[a] === 'cond' && this.op[b] === 'cond' && this.args[a][0] === this.args[b][0]) {
      return this.cond(this.args[a][0], this.add(this.args[a][1], this.args[b][1]), this.add(this.args[a][2], this.args[b][2]));
    }
    // Commutative: one canonical argument order, numbers first, so x+y and y+x are one node.
    return a <= b || this.isNum(a) ? this.intern('add', [a, b], NaN, '') : this.intern('add', [b, a], NaN, '');
  }

  sub(a: NodeId, b: NodeId): NodeId {
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] - this.val[b]);
    if (this.isNum(b, 0)) return a;
    if (this.isNum(a, 0)) return this.neg(b);
    if (a === b) return this.num(0);
    if (this.op[b] === 'neg') return this.add(a, this.args[b][0]);
    if (this.isNum(b) && this.val[b] < 0) return this.add(a, this.num(-this.val[b]));
    if (this.op[a] === 'cond' && this.op[b] === 'cond' && this.args[a][0] === this.args[b][0]) {
      return this.cond(this.args[a][0], this.sub(this.args[a][1], this.args[b][1]), this.sub(this.args[a][2], this.args[b][2]));
    }
    return this.intern('sub', [a, b], NaN, '');
  }

  neg(a: NodeId): NodeId {
    if (this.isNum(a)) return this.num(-this.val[a]);
    if (this.op[a] === 'neg') return this.args[a][0];
    if (this.op[a] === 'sub') return this.intern('sub', [this.args[a][1], this.args[a][0]], NaN, '');
    // −(t ? a : 0) → t ? −a : 0, so masks stay outermost and merge (see intoMask).
    if (this.op[a] === 'cond' && (this.isNum(this.args[a][1]) || this.isNum(this.args[a][2]))) {
      return this.cond(this.args[a][0], this.neg(this.args[a][1]), this.neg(this.args[a][2]));
    }
    return this.intern('neg', [a], NaN, '');
  }

  mul(a: NodeId, b: NodeId): NodeId {
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] * this.val[b]);
    if (this.isNum(a, 0) || this.isNum(b, 0)) return this.num(0);
    if (this.isNum(a, 1)) return b;
    if (this.isNum(b, 1)) return a;
    if (this.isNum(a, -1)) return this.neg(b);
    if (this.isNum(b, -1)) return this.neg(a);
    if (this.op[a] === 'neg' && this.op[b] === 'neg') return this.mul(this.args[a][0], this.args[b][0]);
    if (this.op[a] === 'neg') return this.neg(this.mul(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.mul(a, this.args[b][0]));
    // c1 * (c2 * x) → (c1 c2) * x keeps coefficients together.
    if (this.isNum(a) && this.op[b] === 'mul' && this.isNum(this.args[b][0])) {
      return this.mul(this.num(this.val[a] * this.val[this.args[b][0]]), this.args[b][1]);
    }
    const masked = this.intoMask(a, b, (x, y) => this.mul(x, y)) ?? this.intoMask(b, a, (x, y) => this.mul(y, x));
    if (masked !== undefined) return masked;
    if (this.isNum(b) && !this.isNum(a)) return this.mul(b, a);
    return a <= b || this.isNum(a) ? this.intern('mul', [a, b], NaN, '') : this.intern('mul', [b, a], NaN, '');
  }

  div(a: NodeId, b: NodeId): NodeId {
    if (this.isNum(a, 0) && !this.isNum(b, 0)) return this.num(0);
    if (this.isNum(b, 1)) return a;
    if (this.isNum(b, -1)) return this.neg(a);
    if (a === b && !this.isNum(a, 0)) return this.num(1); // but 0/0 stays NaN
    if (this.isNum(a) && this.isNum(b) && this.val[b] !== 0) {
      const q = this.val[a] / this.val[b];
      // Fold only when the quotient is exact and short; 1/3 stays a fraction.
      if (q * this.val[b] === this.val[a] && String(q).length <= 8) return this.num(q);
    }
    if (this.op[a] === 'neg') return this.neg(this.div(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.div(a, this.args[b][0]));
    const masked = this.intoMask(a, b, (x, y) => this.div(x, y));
    if (masked !== undefined) return masked;
    return this.intern('div', [a, b], NaN, '');
  }

  /**
   * (t ? a : 0)·b → t ? a·b : 0. Derivatives through a branch are masks like these; keeping the product
   * inside the branch means a factor that is undefined where the branch is not taken (sqrt(x) at x < 0)
   * cannot turn the 0 into NaN.
   */
  private intoMask(c: NodeId, other: NodeId, combine: (x: NodeId, y: NodeId) => NodeId): NodeId | undefined {
    if (this.op[c] !== 'cond') return undefined;
    const [t, then, otherwise] = this.args[c];
    const thenZero = this.isNum(then, 0);
    const elseZero = this.isNum(otherwise, 0);
    if (!thenZero && !elseZero) return undefined;
    return this.cond(t, thenZero ? then : combine(then, other), elseZero ? otherwise : combine(otherwise, other));
  }

  pow(a: NodeId, b: NodeId): NodeId {
    // e^x is exp(x): its derivative is itself, not e^x·log(e).
    if (this.op[a] === 'const' && this.name[a] === 'e') return this.fn('exp', [b]);
    if (this.isNum(b, 1)) return a;
    if (this.isNum(b, 0)) return this.num(1);
    if (this.isNum(a, 1)) return this.num(1);
    if (this.isNum(a) && this.isNum(b)) {
      const v = Math.pow(this.val[a], this.val[b]);
      if (Number.isFinite(v) && (Number.isInteger(v) || String(v).length <= 8)) return this.num(v);
    }
    // (x^a)^b → x^(a b) for integer a and b, where it is an identity.
    if (this.op[a] === 'pow' && this.isNum(b) && Number.isInteger(this.val[b])) {
      const inner = this.args[a][1];
      if (this.isNum(inner) && Number.isInteger(this.val[inner])) {
        return this.pow(this.args[a][0], this.num(this.val[inner] * this.val[b]));
      }
    }
    return this.intern('pow', [a, b], NaN, '');
  }

  fn(name: string, args: NodeId[]): NodeId {
    return this.intern('fn', args, NaN, name);
  }

  cond(test: NodeId, then: NodeId, otherwise: NodeId): NodeId {
    if (then === otherwise) return then;
    if (this.isNum(test)) return this.val[test] !== 0 ? then : otherwise;
    return this.intern('cond', [test, then, otherwise], NaN, '');
  }

  compare(op: CompareOp, a: NodeId, b: NodeId): NodeId {
    if (this.isNum(a) && this.isNum(b)) return this.num(compareValues(op, this.val[a], this.val[b]) ? 1 : 0);
    return this.intern(op, [a, b], NaN, '');
  }

  logic(op: 'and' | 'or' | 'not', args: NodeId[]): NodeId {
    return this.intern(op, args, NaN, '');
  }

  /** Generic constructor used by passes that rebuild nodes (simplify, differentiate). */
  make(op: Op, args: NodeId[], name = '', val = NaN): NodeId {
    switch (op) {
      case 'num': return this.num(val);
      case 'const': return this.constant(name, val);
      case 'var': return this.variable(name);
      case 'add': return this.add(args[0], args[1]);
      case 'sub': return this.sub(args[0], args[1]);
      case 'mul': return this.mul(args[0], args[1]);
      case 'div': return this.div(args[0], args[1]);
      case 'neg': return this.neg(args[0]);
      case 'pow': return this.pow(args[0], args[1]);
      case 'fn': return this.fn(name, args);
      case 'cond': return this.cond(args[0], args[1], args[2]);
      case 'and': case 'or': case 'not': return this.logic(op, args);
      default: return this.compare(op, args[0], args[1]);
    }
  }

  // ---- queries --------------------------------------------------------------------------------------

  /** Ids of every node reachable from roots, ascending (a topological order). No recursion. */
  reachable(roots: readonly NodeId[]): NodeId[] {
    return reachableIn(this.args, roots);
  }

  /** Number of operations (non-leaf nodes) reachable from roots. */
  countOps(roots: readonly NodeId[]): number {
    let count = 0;
    for (const n of this.reachable(roots)) if (this.args[n].length > 0) count++;
    return count;
  }

  /** Free variables reachable from roots, in order of first appearance in the source (then by id). */
  variables(roots: readonly NodeId[]): string[] {
    const vars = this.reachable(roots).filter((n) => this.op[n] === 'var');
    vars.sort((a, b) => (this.span[a]?.start ?? Infinity) - (this.span[b]?.start ?? Infinity) || a - b);
    return vars.map((n) => this.name[n]);
  }

  /** Does node n depend on any of the given variable nodes? Computed for many nodes in one forward pass. */
  dependsOn(vars: ReadonlySet<NodeId>, upTo: NodeId): Uint8Array {
    const dep = new Uint8Array(upTo + 1);
    for (let n = 0; n <= upTo; n++) {
      if (vars.has(n)) dep[n] = 1;
      else for (const a of this.args[n]) if (dep[a]) { dep[n] = 1; break; }
    }
    return dep;
  }
}

export function compareValues(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'lt': return a < b;
    case 'le': return a <= b;
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'eq': return a === b;
    case 'ne': return a !== b;
  }
}

/**
 * The nodes reachable from `roots` in an arena whose node n has arguments args[n], in ascending id order (a
 * topological order). Shared by the scalar and the tensor graph.
 */
export function reachableIn(args: readonly (readonly number[])[], roots: readonly number[]): number[] {
  const seen = new Uint8Array(args.length);
  const stack = [...roots];
  const out: number[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen[n]) continue;
    seen[n] = 1;
    out.push(n);
    for (const a of args[n]) if (!seen[a]) stack.push(a);
  }
  return out.sort((x, y) => x - y);
}
