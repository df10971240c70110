import type { CompareOp, Graph, NodeId } from './graph';

/**
 * The display tree: what printers print. Built from graph nodes by `toDisplay`, which simplifies on the
 * way (collects like terms and coefficients, merges powers, orders terms as a person would write them).
 * Objects are shared where graph nodes are shared, so printers can spot common subexpressions.
 */
export type Disp =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string; constant?: boolean }
  | { k: 'add'; terms: { neg: boolean; d: Disp }[] }
  | { k: 'mul'; num: Disp[]; den: Disp[] }
  | { k: 'neg'; d: Disp }
  | { k: 'pow'; base: Disp; exp: Disp }
  | { k: 'call'; name: string; args: Disp[] }
  | { k: 'cond'; test: Disp; then: Disp; else: Disp }
  | { k: 'cmp'; op: CompareOp; a: Disp; b: Disp }
  | { k: 'logic'; op: 'and' | 'or' | 'not'; args: Disp[] }
  | { k: 'ref'; name: string };

/** A product of powers with a numeric coefficient; factors map a base node to its exponent. */
interface Term {
  coef: number;
  factors: ReadonlyMap<NodeId, number>;
}
/** A sum of terms keyed by their factors, in order of first appearance. */
type Sum = ReadonlyMap<string, Term>;

/**
 * A map of one entry: the sum of most nodes is one term of one factor (every link of x·x·…·x and of its partial),
 * and a display keeps every node's sum while it walks: one small object each instead of two Maps (a 200 000-letter
 * product kept half a million of each, most of display's time in garbage collection; issue #16).
 */
class One<K, V> implements ReadonlyMap<K, V> {
  constructor(readonly key: K, readonly value: V) {}
  get size(): number {
    return 1;
  }
  get(k: K): V | undefined {
    return k === this.key ? this.value : undefined;
  }
  has(k: K): boolean {
    return k === this.key;
  }
  forEach(f: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    f.call(thisArg, this.value, this.key, this);
  }
  entries(): MapIterator<[K, V]> {
    return [[this.key, this.value] as [K, V]][Symbol.iterator]();
  }
  keys(): MapIterator<K> {
    return [this.key][Symbol.iterator]();
  }
  values(): MapIterator<V> {
    return [this.value][Symbol.iterator]();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** Factors as kept in a term: a map of one entry as a One. */
function factorsOf(f: Map<NodeId, number>): ReadonlyMap<NodeId, number> {
  if (f.size !== 1) return f;
  const [b, e] = f.entries().next().value!;
  return new One(b, e);
}

/**
 * Above this many operations, display collects terms within a budget of WORK_PER_OP units of work (map entries
 * copied, keyed or sorted) per operation, and shows the roots as they are (linear) if it runs out: collecting is
 * linear for the chains of one atom (x·x·…·x → xⁿ, x + x + … + x → n x) and quadratic at worst (a product of n
 * distinct factors copies every partial product).
 */
const SIMPLIFY_LIMIT = 4000;
const WORK_PER_OP = 16;

/** The work left to the simplifying display being built (undefined: no budget). */
let meter: { left: number } | undefined;
const OVER_BUDGET = new Error('display: over its simplification budget');
function spend(units: number): void {
  if (meter && (meter.left -= units) < 0) throw OVER_BUDGET;
}

const keyOf = (f: ReadonlyMap<NodeId, number>): string => {
  spend(f.size);
  // one factor or none (every link of a chain such as x·x·…·x): the same key without the arrays
  if (f.size === 0) return '';
  if (f instanceof One) return `${f.key}^${f.value}`;
  if (f.size === 1) {
    const [b, e] = f.entries().next().value!;
    return `${b}^${e}`;
  }
  return [...f.entries()].sort((a, b) => a[0] - b[0]).map(([b, e]) => `${b}^${e}`).join('*');
};

/**
 * A map from node ids to values: a Map while it is small or sparse (a display of one statement of a large graph),
 * an array indexed by id once it holds many of the ids below its largest (every node of a 200 000-factor product and
 * its partial: a Map of half a million entries was most of display's time and memory churn; issue #16). The array is
 * made only when it is at most 8 times the entries, so its size stays proportional to the work done.
 */
class IdMap<T> {
  private map: Map<NodeId, T> | undefined = new Map();
  private items: (T | undefined)[] = [];
  private top = -1;
  get(n: NodeId): T | undefined {
    return this.map ? this.map.get(n) : this.items[n];
  }
  has(n: NodeId): boolean {
    return this.map ? this.map.has(n) : this.items[n] !== undefined;
  }
  set(n: NodeId, v: T): void {
    const map = this.map;
    if (map) {
      map.set(n, v);
      if (n > this.top) this.top = n;
      if (map.size >= 4096 && 8 * map.size > this.top) {
        // dense enough: into an array (grown without holes: a store far past the end would make it a slow dictionary)
        const items = new Array<T | undefined>(this.top + 1).fill(undefined);
        for (const [k, x] of map) items[k] = x;
        this.items = items;
        this.map = undefined;
      }
      return;
    }
    const items = this.items;
    while (items.length <= n) items.push(undefined);
    items[n] = v;
  }
  clear(): void {
    this.map = new Map();
    this.items = [];
    this.top = -1;
  }
}

export interface DisplayOptions {
  /**
   * Keep shared structure: a node used more than once in the graph whose expanded tree has at least this many
   * nodes stays one factor or term of its users instead of being multiplied or added out into each of them.
   * The prefix and suffix products of x₁⋯xₙ and the normaliser of a softmax then stay single display nodes that
   * `printShared` names once. Default: expand everything (the most simplified form of each result on its own).
   */
  keepShared?: number;
  /**
   * The only nodes this display will be asked for (`of`): a node's uses are then counted among the nodes these reach,
   * not in the whole graph (which also holds the partials, never shown by it), so the product x₁⋯xₙ is one list
   * extended in place instead of a copy per prefix (quadratic). Asking for any other node is not allowed.
   */
  shown?: readonly NodeId[];
}

export class Displayer {
  private readonly sums = new IdMap<Sum>();
  private readonly disps = new IdMap<Disp>();
  private simplifying: boolean;
  /** Over SIMPLIFY_LIMIT operations: the work simplification may still do (see WORK_PER_OP). */
  private budget: number | undefined;
  private depth = 0;
  private uses?: Uint32Array;
  /** keepShared: the nodes kept as one factor or term (computed children first in `of`). */
  private readonly kept = new Set<NodeId>();
  private readonly sizes = new Map<NodeId, number>();
  /** Nodes some `of` call has walked (by id). */
  private visited = new Uint8Array(0);

  constructor(private readonly g: Graph, private readonly roots: readonly NodeId[] = [], private readonly options: DisplayOptions = {}) {
    const ops = g.countOps(roots);
    this.simplifying = true;
    if (ops > SIMPLIFY_LIMIT) this.budget = WORK_PER_OP * ops;
  }

  /** keepShared: is m used more than once and big? Its graph tree size is measured children first (saturating). */
  private keep(m: NodeId): boolean {
    const k = this.options.keepShared;
    if (k === undefined) return false;
    const size = this.g.args[m].reduce((s, a) => s + (this.sizes.get(a) ?? 1), 1);
    this.sizes.set(m, Math.min(size, 2 ** 40));
    if (this.soleUse(m) || size < k || this.g.args[m].length === 0) return false;
    const uses = this.uses!;
    return m < uses.length && uses[m] > 1;
  }

  /** The sum a parent absorbs for its argument m: m's own terms, or m as one factor when it is kept. */
  private sumFor(m: NodeId): Sum {
    return this.kept.has(m) ? single({ coef: 1, factors: new One(m, 1) }) : this.sumOf(m);
  }

  /** Is node m used by exactly one node in the whole graph and not displayed on its own? */
  private soleUse(m: NodeId): boolean {
    if (!this.uses) {
      this.uses = new Uint32Array(this.g.size);
      const shown = this.options.shown;
      if (shown) {
        for (const n of this.g.reachable(shown)) for (const a of this.g.args[n]) this.uses[a]++;
        for (const r of shown) this.uses[r] += 2;
      } else {
        for (const args of this.g.args) for (const a of args) this.uses[a]++;
        for (const r of this.roots) this.uses[r] += 2;
      }
    }
    return m < this.uses.length && this.uses[m] === 1;
  }

  /** Display tree of node n (memoised; children first, so no deep recursion). */
  of(n: NodeId): Disp {
    if (this.budget === undefined || this.depth > 0) return this.walk(n);
    const saved = meter;
    meter = { left: this.budget };
    this.depth++;
    try {
      return this.walk(n);
    } catch (e) {
      if (e !== OVER_BUDGET) throw e;
      // Collecting would be quadratic here: everything from now on is shown as it is (trees already returned stay).
      meter = undefined;
      this.budget = undefined;
      this.simplifying = false;
      this.sums.clear();
      this.disps.clear();
      this.kept.clear();
      this.sizes.clear();
      this.visited = new Uint8Array(0);
      return this.walk(n);
    } finally {
      if (this.budget !== undefined) this.budget = meter!.left;
      meter = saved;
      this.depth--;
    }
  }

  private walk(n: NodeId): Disp {
    const done = this.disps.get(n);
    if (done) return done;
    for (const m of this.unvisited(n)) {
      if (this.options.keepShared !== undefined && !this.sizes.has(m) && this.keep(m)) this.kept.add(m);
      if (this.disps.has(m)) continue;
      // Children first, so sums never recurse deeply; a display tree only where something may show it.
      if (m !== n && this.absorbed(m) && !this.kept.has(m)) this.sumOf(m);
      else this.disps.set(m, this.build(m));
    }
    return this.disps.get(n) ?? this.lazy(n); // walked before as a part of a sum

  }

  /**
   * The nodes n reaches that no earlier `of` call has walked, children first (ids are a topological order).
   * The partials of one expression share most of their graph: each walks only its own part.
   */
  private unvisited(n: NodeId): Int32Array {
    if (this.visited.length < this.g.size) {
      const grown = new Uint8Array(Math.max(this.g.size, 2 * this.visited.length));
      grown.set(this.visited);
      this.visited = grown;
    }
    const seen = this.visited;
    const out: NodeId[] = [];
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (seen[m]) continue;
      seen[m] = 1;
      out.push(m);
      for (const a of this.g.args[m]) if (!seen[a]) stack.push(a);
    }
    // a numeric sort of a typed array: a comparator over half a million ids was much of a large display's walk
    return Int32Array.from(out).sort();
  }

  /**
   * When simplifying, + − × ÷ and numeric powers are absorbed into their parent's sum of terms: building their
   * own display tree eagerly (a sort of every partial sum of a long chain) made display quadratic in its length.
   */
  private absorbed(m: NodeId): boolean {
    if (!this.simplifying) return false;
    const op = this.g.op[m];
    return op === 'add' || op === 'sub' || op === 'mul' || op === 'div' || op === 'neg' || (op === 'pow' && this.g.isNum(this.g.args[m][1]));
  }

  /** The display tree of an absorbed node, built when something shows it (a function argument, a base …). */
  private lazy(m: NodeId): Disp {
    let d = this.disps.get(m);
    if (!d) {
      d = this.build(m);
      this.disps.set(m, d);
    }
    return d;
  }

  private build(n: NodeId): Disp {
    const g = this.g;
    const a = g.args[n];
    switch (g.op[n]) {
      case 'num': return { k: 'num', v: g.val[n] };
      case 'const': return { k: 'sym', name: g.name[n], constant: true };
      case 'var': return { k: 'sym', name: g.name[n] };
      case 'fn': return { k: 'call', name: g.name[n], args: a.map((m) => this.shown(m)) };
      case 'cond': return { k: 'cond', test: this.shown(a[0]), then: this.shown(a[1]), else: this.shown(a[2]) };
      case 'and': case 'or': case 'not': return { k: 'logic', op: g.op[n] as 'and', args: a.map((m) => this.shown(m)) };
      case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne':
        return { k: 'cmp', op: g.op[n] as CompareOp, a: this.shown(a[0]), b: this.shown(a[1]) };
      case 'pow':
        if (!g.isNum(a[1]) || !this.simplifying) return this.rawPow(this.shown(a[0]), this.shown(a[1]));
        return this.fromSum(this.sumOf(n));
      default:
        return this.simplifying ? this.fromSum(this.sumOf(n)) : this.raw(n);
    }
  }

  /** A child's display tree: built already, or built now (absorbed into a sum so far). */
  private shown(m: NodeId): Disp {
    return this.disps.get(m) ?? this.lazy(m);
  }

  private rawPow(base: Disp, exp: Disp): Disp {
    if (exp.k === 'num' && exp.v === 0.5) return { k: 'call', name: 'sqrt', args: [base] };
    return { k: 'pow', base, exp };
  }

  /** Without simplification: the node as it is, chains of + and * flattened in place (linear time). */
  private raw(n: NodeId): Disp {
    const g = this.g;
    const [x, y] = g.args[n].map((m) => this.disps.get(m)!);
    switch (g.op[n]) {
      case 'add': case 'sub': {
        // Extend the child's term list in place when nothing else shows the child: linear, not quadratic.
        const own = x.k === 'add' && this.soleUse(g.args[n][0]);
        // a + chain (argument order is by node id, so a long sum's chain is often second): + commutes, so the
        // chain's list takes a as its last term — flat and linear instead of nested as deep as the sum is long.
        if (!own && g.op[n] === 'add' && y.k === 'add' && this.soleUse(g.args[n][1])) {
          y.terms.push({ neg: false, d: x });
          return { k: 'add', terms: y.terms };
        }
        const terms = own ? (x as { terms: { neg: boolean; d: Disp }[] }).terms : [{ neg: false, d: x }];
        terms.push({ neg: g.op[n] === 'sub', d: y });
        return { k: 'add', terms };
      }
      case 'mul': {
        // As for sums: a chain of products (the adjoint of a 10 000-deep composition) grows one list in place
        // when nothing else shows the child; copying it at every level was quadratic.
        if (x.k === 'mul' && x.den.length === 0 && this.soleUse(g.args[n][0])) {
          x.num.push(y);
          return { k: 'mul', num: x.num, den: [] };
        }
        // keepShared: a kept product stays one factor (the prefix products of x₁⋯xₙ), not copied into each user.
        const splice = x.k === 'mul' && x.den.length === 0 && !this.kept.has(g.args[n][0]);
        return { k: 'mul', num: splice ? [...(x as { num: Disp[] }).num, y] : [x, y], den: [] };
      }
      case 'div': return { k: 'mul', num: [x], den: [y] };
      case 'neg': return { k: 'neg', d: x };
      default: return this.rawPow(x, y);
    }
  }

  // ---- sums of terms ------------------------------------------------------------------------------

  private sumOf(n: NodeId): Sum {
    const cached = this.sums.get(n);
    if (cached) return cached;
    const s = this.computeSum(n);
    this.sums.set(n, s);
    return s;
  }

  private computeSum(n: NodeId): Sum {
    const g = this.g;
    const a = g.args[n];
    switch (g.op[n]) {
      case 'num': return g.val[n] === 0 ? new Map() : single({ coef: g.val[n], factors: new Map() });
      case 'add': return merge(this.sumFor(a[0]), this.sumFor(a[1]), 1);
      case 'sub': return merge(this.sumFor(a[0]), this.sumFor(a[1]), -1);
      case 'neg': return scale(this.sumFor(a[0]), -1);
      case 'mul': return this.product(a[0], a[1], 1);
      case 'div': return this.product(a[0], a[1], -1);
      case 'pow': {
        if (!g.isNum(a[1])) return single({ coef: 1, factors: new One(n, 1) });
        const k = g.val[a[1]];
        const t = onlyTerm(this.sumFor(a[0]));
        const atom = t !== undefined && t.coef === 1 && t.factors.size === 1 && [...t.factors.values()][0] === 1;
        if (t && (Number.isInteger(k) || atom)) return single(powTerm(t, k));
        return single({ coef: 1, factors: new One(a[0], k) });
      }
      default: return single({ coef: 1, factors: new One(n, 1) });
    }
  }

  /** x·y (sign 1) or x/y (sign -1), distributing only numeric factors over sums (as SymPy does). */
  private product(x: NodeId, y: NodeId, sign: 1 | -1): Sum {
    const sx = this.sumFor(x);
    const sy = this.sumFor(y);
    const tx = onlyTerm(sx);
    const ty = onlyTerm(sy);
    if (sy.size === 0) return sign === 1 ? new Map() : single({ coef: 1, factors: new One(y, -1) }); // x/0 stays visible
    if (ty && ty.factors.size === 0) return scale(sx, sign === 1 ? ty.coef : 1 / ty.coef);
    if (tx && tx.factors.size === 0 && sign === 1) return scale(sy, tx.coef);
    const left = tx ?? { coef: 1, factors: new One(x, 1) };
    const right = ty ? (sign === 1 ? ty : powTerm(ty, -1)) : { coef: 1, factors: new One(y, sign) };
    return single(mulTerms(left, right));
  }

  // ---- back to a display tree ---------------------------------------------------------------------

  private fromSum(s: Sum): Disp {
    const terms = [...s.values()].filter((t) => t.coef !== 0);
    if (meter) {
      let units = 0;
      for (const t of terms) units += 1 + t.factors.size;
      spend(units * Math.ceil(Math.log2(terms.length + 1)));
    }
    if (terms.length === 0) return { k: 'num', v: 0 };
    const constant = terms.filter((t) => t.factors.size === 0);
    let ordered = [...terms.filter((t) => t.factors.size > 0).sort(gradedLex), ...constant];
    if (ordered[0].coef < 0) {
      const firstPositive = ordered.findIndex((t) => t.coef > 0);
      if (firstPositive > 0) ordered = [ordered[firstPositive], ...ordered.filter((_, i) => i !== firstPositive)];
    }
    if (ordered.length === 1) return this.signedTerm(ordered[0]);
    // Pull out a factor every term shares when it is not a plain variable: x^x + x^x log x → x^x (log x + 1).
    const common = this.commonFactors(ordered);
    if (common.size > 0) {
      const rest = new Map<string, Term>();
      for (const t of ordered) {
        const f = new Map(t.factors);
        for (const [b, e] of common) {
          const left = (f.get(b) ?? 0) - e;
          if (left === 0) f.delete(b);
          else f.set(b, left);
        }
        const reduced = { coef: t.coef, factors: f };
        rest.set(keyOf(f), reduced);
      }
      const inner = this.fromSum(rest);
      return this.termDisp({ coef: 1, factors: common }, inner);
    }
    return { k: 'add', terms: ordered.map((t) => ({ neg: t.coef < 0, d: this.termDisp({ coef: Math.abs(t.coef), factors: t.factors }) })) };
  }

  private commonFactors(terms: Term[]): Map<NodeId, number> {
    const common = new Map<NodeId, number>();
    for (const [b, e] of terms[0].factors) {
      if (e < 0) {
        // A denominator every term shares: a/D + b/D → (a + b)/D.
        let max = e;
        for (const t of terms) {
          const et = t.factors.get(b) ?? 0;
          if (et >= 0) { max = 0; break; }
          max = Math.max(max, et);
        }
        if (max < 0) common.set(b, max);
        continue;
      }
      if (this.g.op[b] === 'var' || e === 0) continue;
      let min = e;
      for (const t of terms) {
        const et = t.factors.get(b) ?? 0;
        if (et <= 0) { min = 0; break; }
        min = Math.min(min, et);
      }
      if (min > 0) common.set(b, min);
    }
    return common;
  }

  private signedTerm(t: Term): Disp {
    const d = this.termDisp({ coef: Math.abs(t.coef), factors: t.factors });
    return t.coef < 0 ? { k: 'neg', d } : d;
  }

  /** coef · Π base^exp (optionally times an extra factor), numerator and denominator separated. */
  private termDisp(t: Term, extra?: Disp): Disp {
    let coef = t.coef;
    const bases = [...t.factors.entries()].sort((p, q) => p[0] - q[0]).map(([b, e]): [Disp, number] => {
      // A sum factor with an integer content shows it with the coefficient: 2 (y − sin z) rather than
      // (2y − 2 sin z), and −(2a − 2b)/(2c) is −(a − b)/c.
      const g = Number.isInteger(e) ? this.integerContent(b) : 1;
      if (g > 1) {
        coef *= Math.pow(g, e);
        return [this.fromSum(scale(this.sums.get(b)!, 1 / g)), e];
      }
      return [this.disps.get(b) ?? (this.absorbed(b) ? this.lazy(b) : this.of(b)), e];
    });
    const num: Disp[] = [];
    const den: Disp[] = [];
    // Round-off of the arithmetic (0.09537500000000002) is not shown: 12 significant digits when within 1e-12.
    const short = Number(coef.toPrecision(12));
    if (!asFraction(coef) && Math.abs(short - coef) <= 1e-12 * Math.abs(coef)) coef = short;
    const frac = asFraction(coef);
    // A fraction (x/2, 3x/4) unless the decimal is shorter (0.7 w as the user wrote it, not 7 w/10).
    if (frac && frac[1] !== 1 && !(String(Math.abs(coef)).length < `${Math.abs(frac[0])}/${frac[1]}`.length)) {
      if (frac[0] !== 1) num.push({ k: 'num', v: frac[0] });
      den.push({ k: 'num', v: frac[1] });
    } else if (coef !== 1) num.push({ k: 'num', v: coef });
    for (const [base, e] of bases) {
      const target = e > 0 ? num : den;
      const k = Math.abs(e);
      target.push(k === 1 ? base : k === 0.5 ? { k: 'call', name: 'sqrt', args: [base] } : { k: 'pow', base, exp: { k: 'num', v: k } });
    }
    if (extra) num.push(extra);
    if (num.length === 1 && den.length === 0) return num[0];
    if (num.length === 0 && den.length === 0) return { k: 'num', v: 1 };
    return { k: 'mul', num, den };
  }

  /** The gcd of a shown sum's coefficients when they are all integers (2+ terms), else 1. */
  private integerContent(b: NodeId): number {
    const s = this.simplifying && !this.kept.has(b) ? this.sums.get(b) : undefined;
    if (!s || s.size < 2) return 1;
    let g = 0;
    for (const t of s.values()) {
      if (!Number.isInteger(t.coef) || Math.abs(t.coef) > 1e9) return 1;
      g = gcdInt(g, Math.abs(t.coef));
    }
    return g > 1 ? g : 1;
  }
}

function gcdInt(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Higher degree first, then by variable order (x before y), higher powers first: 2x + y, x² + xy + y². */
function gradedLex(p: Term, q: Term): number {
  const dp = termDegree(p), dq = termDegree(q);
  if (dp !== dq) return dq - dp;
  const fp = [...p.factors.entries()].sort((a, b) => a[0] - b[0]);
  const fq = [...q.factors.entries()].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < Math.min(fp.length, fq.length); i++) {
    if (fp[i][0] !== fq[i][0]) return fp[i][0] - fq[i][0];
    if (fp[i][1] !== fq[i][1]) return fq[i][1] - fp[i][1];
  }
  return fq.length - fp.length;
}

function termDegree(t: Term): number {
  let d = 0;
  for (const e of t.factors.values()) d += Math.abs(e);
  return d;
}

function single(t: Term): Sum {
  return new One(keyOf(t.factors), t);
}

function onlyTerm(s: Sum): Term | undefined {
  return s instanceof One ? s.value : s.size === 1 ? s.values().next().value : undefined;
}

function merge(x: Sum, y: Sum, sign: 1 | -1): Sum {
  spend(x.size + y.size);
  if (x instanceof One && y instanceof One && x.key === y.key) {
    // like terms (x + x + … + x, the adjoint of a product chain): as the loop below, without a Map
    const coef = x.value.coef + sign * y.value.coef;
    return coef === 0 ? new Map() : new One(x.key, { coef, factors: y.value.factors });
  }
  const out = new Map(x);
  for (const [k, t] of y) {
    const prev = out.get(k);
    const coef = (prev?.coef ?? 0) + sign * t.coef;
    if (coef === 0) out.delete(k);
    else out.set(k, { coef, factors: t.factors });
  }
  return oneIfSingle(out);
}

/** A sum of one term kept as a One. */
function oneIfSingle(s: Map<string, Term>): Sum {
  if (s.size !== 1) return s;
  const [k, t] = s.entries().next().value!;
  return new One(k, t);
}

function scale(s: Sum, c: number): Sum {
  spend(s.size);
  if (c === 0) return new Map();
  if (s instanceof One) return new One(s.key, { coef: s.value.coef * c, factors: s.value.factors });
  const out = new Map<string, Term>();
  for (const [k, t] of s) out.set(k, { coef: t.coef * c, factors: t.factors });
  return out;
}

function mulTerms(x: Term, y: Term): Term {
  spend(x.factors.size + y.factors.size);
  const xf = x.factors;
  const yf = y.factors;
  if (xf instanceof One && yf instanceof One && xf.key === yf.key) {
    // powers of one base (every link of x·x·…·x): as the loop below, without a Map
    const sum = xf.value + yf.value;
    return { coef: x.coef * y.coef, factors: sum === 0 ? new Map() : new One(xf.key, sum) };
  }
  const f = new Map(x.factors);
  for (const [b, e] of y.factors) {
    const sum = (f.get(b) ?? 0) + e;
    if (sum === 0) f.delete(b);
    else f.set(b, sum);
  }
  return { coef: x.coef * y.coef, factors: factorsOf(f) };
}

function powTerm(t: Term, k: number): Term {
  spend(t.factors.size);
  const f = new Map<NodeId, number>();
  for (const [b, e] of t.factors) f.set(b, e * k);
  return { coef: Math.pow(t.coef, k), factors: factorsOf(f) };
}

/** asFraction's answers for non-integers (a pure function, asked for the same coefficients again and again). */
const fractions = new Map<number, [number, number] | undefined>();

/** p/q with a small denominator when v is (to the last bit) such a fraction; else undefined. */
export function asFraction(v: number): [number, number] | undefined {
  if (!Number.isFinite(v)) return undefined;
  if (Number.isInteger(v)) return [v, 1];
  if (fractions.has(v)) {
    const known = fractions.get(v);
    return known && [known[0], known[1]];
  }
  if (fractions.size >= 4096) fractions.clear();
  const found = fractionUncached(v);
  fractions.set(v, found);
  return found && [found[0], found[1]];
}

function fractionUncached(v: number): [number, number] | undefined {
  for (let q = 2; q <= 64; q++) {
    const p = Math.round(v * q);
    if (p / q === v && Math.abs(p) < 1e6) return [p, q];
  }
  return undefined;
}
