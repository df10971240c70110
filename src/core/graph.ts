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

const OP_CODE: Readonly<Record<Op, number>> = {
  num: 0, const: 1, var: 2, add: 3, sub: 4, mul: 5, div: 6, neg: 7, pow: 8, fn: 9, cond: 10,
  lt: 11, le: 12, gt: 13, ge: 14, eq: 15, ne: 16, and: 17, or: 18, not: 19,
};
/** Scratch for hashing a number's bits. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** One argument into a node's hash (intern and intern2 must hash a two-argument node alike). */
const mixArg = (h: number, arg: number): number => (Math.imul(h ^ arg, 0x01000193) + 0x7feb352d) | 0;

/** A node hash's final avalanche (murmur3's fmix32). */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class Graph {
  readonly op: Op[] = [];
  readonly args: NodeId[][] = [];
  /** Value of num/const nodes (NaN for others). */
  readonly val: number[] = [];
  /** Name of var/const/fn nodes ('' for others). */
  readonly name: string[] = [];
  /** Source span the node first came from, if it came from source. */
  readonly span: (Span | undefined)[] = [];
  /**
   * The hash-consing index: an open-addressing table of node ids (-1: empty) over a numeric hash of
   * (op, name, value, arguments), so interning a node builds no string key (a long `args.join` per node was most of
   * the time and garbage on hostile sizes). `hashes[n]` is node n's hash, kept for growing the table.
   */
  private table = new Int32Array(1 << 10).fill(-1);
  private readonly hashes: number[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Span attached to nodes created while lowering a piece of source. */
  currentSpan: Span | undefined;

  constructor(readonly limits: GraphLimits = DEFAULT_LIMITS) {}

  get size(): number {
    return this.op.length;
  }

  private intern(op: Op, args: NodeId[], val: number, name: string): NodeId {
    // num: keyed by value (all NaNs one node, -0 is 0); const and var: by name alone; the rest: name and arguments.
    if (op === 'num' && val !== val) val = NaN;
    let nameId = 0;
    if (name !== '') {
      const known = this.nameIds.get(name);
      if (known === undefined) this.nameIds.set(name, (nameId = this.nameIds.size + 1));
      else nameId = known;
    }
    let h = Math.imul(OP_CODE[op] + 1, 0x9e3779b1) ^ Math.imul(nameId, 0x85ebca6b);
    if (op === 'num') {
      F64[0] = val;
      h = Math.imul(h ^ U32[0], 0xcc9e2d51);
      h = Math.imul(h ^ U32[1], 0x1b873593);
    } else if (op !== 'const' && op !== 'var') {
      for (let i = 0; i < args.length; i++) h = mixArg(h, args[i]);
      h ^= args.length;
    }
    h = finish(h);
    const table = this.table;
    const mask = table.length - 1;
    let slot = h & mask;
    for (let id = table[slot]; id >= 0; slot = (slot + 1) & mask, id = table[slot]) {
      if (this.hashes[id] === h && this.op[id] === op && this.name[id] === name && this.sameKey(id, op, args, val)) return id;
    }
    if (this.op.length >= this.limits.maxNodes) {
      throw new PartialsError(l10n('The expression is too large (more than {0} graph nodes).', this.limits.maxNodes), 'limit');
    }
    const id = this.op.length;
    this.op.push(op);
    this.args.push(args);
    this.val.push(val);
    this.name.push(name);
    this.span.push(this.currentSpan);
    this.hashes.push(h);
    table[slot] = id;
    if (2 * (id + 1) > table.length) this.grow();
    return id;
  }

  /**
   * intern(op, [a, b], NaN, '') for an operation of two arguments, with the same hash, without making the arguments'
   * array unless the node is new (the gradient of a long chain finds most of its products already there).
   */
  private intern2(op: Op, a: NodeId, b: NodeId): NodeId {
    // (name '' is name id 0: the seed intern starts from)
    const h = finish(mixArg(mixArg(Math.imul(OP_CODE[op] + 1, 0x9e3779b1), a), b) ^ 2);
    const table = this.table;
    const mask = table.length - 1;
    for (let slot = h & mask, id = table[slot]; id >= 0; slot = (slot + 1) & mask, id = table[slot]) {
      if (this.hashes[id] === h && this.op[id] === op && this.name[id] === '') {
        const x = this.args[id];
        if (x.length === 2 && x[0] === a && x[1] === b) return id;
      }
    }
    return this.intern(op, [a, b], NaN, '');
  }

  private sameKey(id: NodeId, op: Op, args: readonly NodeId[], val: number): boolean {
    if (op === 'num') return this.val[id] === val || (val !== val && this.val[id] !== this.val[id]);
    if (op === 'const' || op === 'var') return true;
    const a = this.args[id];
    if (a.length !== args.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== args[i]) return false;
    return true;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.hashes.length; id++) {
      let slot = this.hashes[id] & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }

  // ---- leaves -------------------------------------------------------------------------------------

  num(v: number): NodeId {
    // The same few numbers are asked for again and again (each 1 of a long sum's gradient): remembered by value
    // (SameValueZero: one NaN; -0 is 0), the node hash-consing would find.
    const known = this.numIds.get(v);
    if (known !== undefined) return known;
    const id = this.intern('num', [], Object.is(v, -0) ? 0 : v, '');
    this.numIds.set(v, id);
    return id;
  }

  private readonly numIds = new Map<number, NodeId>();
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
    return a <= b || this.isNum(a) ? this.intern2('add', a, b) : this.intern2('add', b, a);
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
    return this.intern2('sub', a, b);
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
    if (this.op[a] === 'cond' || this.op[b] === 'cond') { // (no closures made for the commoner case)
      const masked = this.intoMask(a, b, (x, y) => this.mul(x, y)) ?? this.intoMask(b, a, (x, y) => this.mul(y, x));
      if (masked !== undefined) return masked;
    }
    if (this.isNum(b) && !this.isNum(a)) return this.mul(b, a);
    return a <= b || this.isNum(a) ? this.intern2('mul', a, b) : this.intern2('mul', b, a);
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
    if (this.op[a] === 'cond') {
      const masked = this.intoMask(a, b, (x, y) => this.div(x, y));
      if (masked !== undefined) return masked;
    }
    return this.intern2('div', a, b);
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
    return this.intern2('pow', a, b);
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

  /**
   * Number of operations (non-leaf nodes) reachable from roots. Remembered for the last few sets of roots: nodes never
   * change and new ones are never reached from old ones, so the count stays true (inspect asks it of the same roots
   * three times: each walk of a 500 000-node graph costs tens of milliseconds).
   */
  countOps(roots: readonly NodeId[]): number {
    const key = roots.join(',');
    const known = this.opsCounted.get(key);
    if (known !== undefined) return known;
    let count = 0;
    for (const n of this.reachable(roots)) if (this.args[n].length > 0) count++;
    if (this.opsCounted.size >= 8) this.opsCounted.clear();
    this.opsCounted.set(key, count);
    return count;
  }

  private readonly opsCounted = new Map<string, number>();

  /**
   * The number of operations reachable from roots, or limit + 1 if there are more (a bounded walk: stops there). A
   * node found to reach more than `limit` is remembered for that limit (what a node reaches never changes), and a
   * later walk that meets it stops there: a `.dx` chain of 3 000 definitions asked this of each one, each walk going
   * down the whole chain below it (2 s per analysis step).
   */
  opsUpTo(roots: readonly NodeId[], limit: number): number {
    let over = this.overOps.get(limit);
    if (!over) this.overOps.set(limit, (over = new Set()));
    const seen = new Set<NodeId>();
    const stack = roots.slice();
    let count = 0;
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const a = this.args[n];
      if (over.has(n) || (a.length > 0 && ++count > limit)) {
        // (what several roots reach together says nothing of each one alone)
        if (roots.length === 1) over.add(roots[0]);
        return limit + 1;
      }
      for (let i = 0; i < a.length; i++) if (!seen.has(a[i])) stack.push(a[i]);
    }
    return count;
  }

  /** Per limit of opsUpTo, the nodes known to reach more operations than it. */
  private readonly overOps = new Map<number, Set<NodeId>>();

  /** Free variables reachable from roots, in order of first appearance in the source (then by id). */
  variables(roots: readonly NodeId[]): string[] {
    return this.inSourceOrder(this.reachable(roots).filter((n) => this.op[n] === 'var')).map((n) => this.name[n]);
  }

  /** Sorts variable nodes (in place) as `variables` lists them: by first appearance in the source, then by id. */
  inSourceOrder(vars: NodeId[]): NodeId[] {
    return vars.sort((a, b) => (this.span[a]?.start ?? Infinity) - (this.span[b]?.start ?? Infinity) || a - b);
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
 * topological order). Shared by the scalar and the tensor graph. A depth-first walk while the nodes found are few
 * (a small part of a large arena); past a sixteenth of the ids below the highest root, one backward sweep over the
 * marks instead (a node's arguments have smaller ids, so marking them in descending order reaches everything): a
 * plain loop, no stack of pending ids, several times faster when most of the arena is reachable (issue #16).
 */
export function reachableIn(args: readonly (readonly number[])[], roots: readonly number[]): number[] {
  const seen = new Uint8Array(args.length);
  let top = -1;
  for (let i = 0; i < roots.length; i++) if (roots[i] > top) top = roots[i];
  const stack = roots.slice();
  const found: number[] = [];
  const walkLimit = (top + 1) >> 4;
  let lo = args.length;
  let hi = -1;
  while (stack.length) {
    if (found.length > walkLimit) {
      // Most of the arena: the rest by a sweep (the pending ids marked, then every marked node marks its arguments).
      while (stack.length) seen[stack.pop()!] = 1;
      let count = 0;
      for (let n = top; n >= 0; n--) {
        if (!seen[n]) continue;
        count++;
        const a = args[n];
        for (let i = 0; i < a.length; i++) seen[a[i]] = 1;
      }
      const out = new Array<number>(count); // its size known: no growing of a 500 000-element array
      for (let n = 0, k = 0; n <= top; n++) if (seen[n]) out[k++] = n;
      return out;
    }
    const n = stack.pop()!;
    if (seen[n]) continue;
    seen[n] = 1;
    found.push(n);
    if (n < lo) lo = n;
    if (n > hi) hi = n;
    const a = args[n];
    for (let i = 0; i < a.length; i++) if (!seen[a[i]]) stack.push(a[i]);
  }
  // Ascending order: a scan of the marks when they are dense, else a numeric sort of the few found.
  if (found.length * 16 < hi - lo + 1) return Array.from(Int32Array.from(found).sort());
  let k = 0;
  for (let n = lo; n <= hi; n++) if (seen[n]) found[k++] = n;
  return found;
}
