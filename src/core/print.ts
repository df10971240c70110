import { PartialsError } from './errors';
import { FUNCTIONS } from './functions';
import type { CompareOp } from './graph';
import { asFraction, type Disp } from './display';
import { shortNumber } from './number';
import { t as l10n } from './l10n';

/**
 * Printers for display trees: plain text in mathjs syntax (re-parses and evaluates with mathjs built-ins),
 * LaTeX for KaTeX, and a Unicode form for hovers. Shared subexpressions of large results become let-bindings
 * in LaTeX and Unicode.
 */
export type Style = 'plain' | 'latex' | 'unicode';

// Precedence: higher binds tighter.
const P = { cond: 1, or: 2, and: 3, cmp: 4, add: 5, mul: 6, neg: 7, pow: 8, atom: 9 } as const;
const MAX_DEPTH = 3000;

/** How the mathjs spellings of functions mathjs lacks bind (see FnDef.mathjs), by argument count. */
const EXPANSION_PRECEDENCE: Record<string, (n: number) => number | undefined> = {
  sigmoid: () => P.mul, // 1 / (1 + exp(-(x)))
  softplus: () => P.atom, // log1p(exp(x))
  relu: () => P.atom, // max(x, 0)
  leakyRelu: () => P.atom, // ((x) > 0 ? … : …)
  gelu: () => P.mul, // 0.5 * (x) * (…)
  erfc: () => P.add, // 1 - erf(x)
  normcdf: () => P.mul, // 0.5 * (1 + erf((x) / sqrt(2)))
  erfinv: () => P.add, // y0 - e / (…)
  logsumexp: (n) => (n > 1 ? P.atom : undefined), // log(exp(a) + …); one argument is the argument itself
};

const CMP: Record<CompareOp, Record<Style, string>> = {
  lt: { plain: '<', latex: '<', unicode: '<' },
  le: { plain: '<=', latex: '\\le', unicode: '≤' },
  gt: { plain: '>', latex: '>', unicode: '>' },
  ge: { plain: '>=', latex: '\\ge', unicode: '≥' },
  eq: { plain: '==', latex: '=', unicode: '=' },
  ne: { plain: '!=', latex: '\\ne', unicode: '≠' },
};

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega']);
const GREEK_UNICODE: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι', kappa: 'κ', lambda: 'λ',
  mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};
const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
const SUBSCRIPT: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉' };

export interface PrintOptions {
  /** Bind shared subexpressions when the expanded result is larger than this many nodes (LaTeX, Unicode). */
  bindAbove?: number;
  /** Significant digits of numbers in LaTeX and Unicode (plain keeps every digit). */
  digits?: number;
  /**
   * Memo tables shared by the calls that pass the same object (the partials of one result share most of their
   * display tree, e.g. a softmax's normaliser, so each shared node is measured and printed once). Only speed
   * depends on it: a printed form never depends on what was printed before.
   */
  cache?: PrintCache;
}

type Bindings = { bound: Disp[]; tainted: Set<Disp> };

/** Per-call memo tables of the printer (see PrintOptions.cache). Across calls print.ts keeps only how a name is spelt (SYMBOLS). */
export class PrintCache {
  readonly heights = new Map<Disp, number>();
  readonly sizes = new Map<Disp, number>();
  readonly printed = new Map<string, Map<Disp, [string, number]>>();
  readonly bindings = [new Map<Disp, Bindings>(), new Map<Disp, Bindings>()];
  readonly symbols = new Map<string, string>();
  /** Per node: the nodes of 3+ that its tree holds, when each is reached along one path only (else null). */
  readonly clean = new Map<Disp, ReadonlySet<Disp> | null>();
  /** Per node: its Unicode text's length without white space × 16 + its precedence's code (unicodeLength). */
  readonly lengths = new Map<Disp, number>();
  /** Numbers as printed, per style and digits: [text, precedence]. */
  readonly numbers = new Map<string, Map<number, [string, number]>>();
}

export function print(root: Disp, style: Style, options: PrintOptions = {}): string {
  // Plain text stays one mathjs expression unless inlining would explode (shared DAGs expand exponentially).
  const bindAbove = style === 'plain' ? PLAIN_INLINE_LIMIT : options.bindAbove ?? 48;
  const cache = options.cache ?? new PrintCache();
  const printer = new Printer(style, options.digits ?? 6, cache);
  const share = bindAbove !== Infinity && treeSize(root, cache) > bindAbove;
  const tall = height(root, cache) > DEPTH_CUT;
  // A tree in which no subtree worth naming is reached twice needs no bindings: skip the analysis (the
  // partials of a softmax each hold the whole normaliser; analysing each would be quadratic).
  if (tall || (share && !isClean(root, cache))) {
    const { bound, tainted } = chooseBindings(root, share, cache);
    if (bound.length) return printer.withBindings(root, bound, tainted);
  }
  return printer.expr(root);
}

/**
 * The length of `print(root, 'unicode', { bindAbove: Infinity, cache })` without its white space, computed over
 * the tree instead of printed (the named forms rank their candidates by it): each node's length and precedence
 * once per cache, from its children's, by the Unicode printer's rules (Printer.node, kept in step with it; a unit
 * test compares the two on random trees). A tree too tall to print without cuts (height > DEPTH_CUT) is printed.
 */
export function unicodeLength(root: Disp, cache: PrintCache = new PrintCache()): number {
  const m = new Measure(cache);
  const packed = m.of(root);
  if (packed < 0) return print(root, 'unicode', { bindAbove: Infinity, cache }).replace(/\s+/g, '').length;
  return Math.floor(packed / LENGTH_UNIT);
}

/** Packed measures: length × LENGTH_UNIT + height × 16 + the precedence's code (15 for P.mul − 0.5). */
const LENGTH_UNIT = 16 * 512;

/** unicodeLength's walk: recursive (a tree taller than DEPTH_CUT is given up at that depth), memoised per cache. */
class Measure {
  private readonly memo: Map<Disp, number>;
  private printer?: Printer;

  constructor(private readonly cache: PrintCache) {
    this.memo = cache.lengths;
  }

  /** The node under way: its length and height so far (saved and restored around each child's own). */
  private len = 0;
  private h = 0;
  private depth = 0;

  /** The packed measure of d, or −1 when its tree is taller than DEPTH_CUT. */
  of(d: Disp): number {
    const known = this.memo.get(d);
    const depth = this.depth + 1;
    if (known !== undefined) return depth + Math.floor((known % LENGTH_UNIT) / 16) - 1 > DEPTH_CUT ? -1 : known;
    if (depth > DEPTH_CUT) return -1;
    const outerLen = this.len;
    const outerH = this.h;
    this.depth = depth;
    this.len = 0;
    this.h = 0;
    try {
      const prec = this.measure(d);
      if (prec < 0) return -1;
      const packed = Math.min(this.len, SIZE_CAP) * LENGTH_UNIT + (this.h + 1) * 16 + (prec === P.mul - 0.5 ? 15 : prec);
      this.memo.set(d, packed);
      return packed;
    } finally {
      this.depth = depth - 1;
      this.len = outerLen;
      this.h = outerH;
    }
  }

  /** Adds child c's length where the printer needs precedence above ctx (brackets otherwise); false past the cut. */
  private child(c: Disp, ctx: number): boolean {
    const k = this.of(c);
    if (k < 0) return false;
    const low = k % 16;
    const prec = low === 15 ? P.mul - 0.5 : low;
    this.len += Math.floor(k / LENGTH_UNIT) + (prec > ctx ? 0 : 2);
    this.h = Math.max(this.h, Math.floor((k % LENGTH_UNIT) / 16));
    return true;
  }

  /** d's own characters into `len`, its children's through `child`: its precedence, or −1 past the cut. */
  private measure(d: Disp): number {
    let prec: number = P.atom;
    switch (d.k) {
      case 'num': {
        const [text, p] = this.numberText(d.v);
        this.len = text.length;
        prec = p;
        break;
      }
      case 'sym': this.len = this.text().symbolText(d.name, d.constant).length; break;
      case 'ref': this.len = d.name.length; break;
      case 'add': {
        prec = P.add;
        for (let i = 0; i < d.terms.length; i++) {
          const t = d.terms[i];
          if (!this.child(t.d, i === 0 && t.neg ? P.mul : P.add)) return -1;
          if (i > 0 || t.neg) this.len++;
        }
        break;
      }
      case 'neg': {
        if (d.d.k === 'num') {
          this.len = 1 + this.numberText(d.d.v)[0].length;
          prec = P.neg;
          this.h = 1;
          break;
        }
        this.len = 1;
        prec = d.d.k === 'mul' ? P.mul - 0.5 : P.neg;
        if (!this.child(d.d, d.d.k === 'mul' ? P.add : P.neg)) return -1;
        break;
      }
      case 'mul': {
        prec = P.mul;
        if (!d.num.length) this.len = 1;
        for (let i = 0; i < d.num.length; i++) {
          if (!this.child(d.num[i], P.mul)) return -1;
          if (i > 0 && d.num[i].k === 'num') this.len++;
        }
        if (d.den.length) {
          this.len += 1 + (d.den.length === 1 ? 0 : 2);
          for (let i = 0; i < d.den.length; i++) {
            if (!this.child(d.den[i], P.mul)) return -1;
            if (i > 0 && d.den[i].k === 'num') this.len++;
          }
        }
        break;
      }
      case 'pow': {
        prec = P.pow;
        if (!this.child(d.base, P.pow)) return -1;
        if (d.exp.k === 'num' && Number.isInteger(d.exp.v) && Math.abs(d.exp.v) < 1000) {
          this.len += String(d.exp.v).length;
          this.h = Math.max(this.h, 1);
        } else {
          this.len++;
          if (!this.child(d.exp, P.pow - 1 + (d.exp.k === 'neg' ? 1 : 0))) return -1;
        }
        break;
      }
      case 'call': {
        if (d.name === 'sqrt') {
          this.len = 1;
          prec = P.pow;
          if (!this.child(d.args[0], P.pow)) return -1;
        } else if (d.name === 'abs') {
          this.len = 2;
          if (!this.child(d.args[0], 0)) return -1;
        } else {
          this.len = (FUNCTIONS.get(d.name)?.unicode ?? d.name).replace(/\s+/g, '').length + 2 + Math.max(0, d.args.length - 1);
          for (const a of d.args) if (!this.child(a, 0)) return -1;
        }
        break;
      }
      case 'cond':
        this.len = 4;
        if (!this.child(d.test, P.cond) || !this.child(d.then, P.cond) || !this.child(d.else, P.cond)) return -1;
        break;
      case 'cmp':
        prec = P.cmp;
        this.len = CMP[d.op].unicode.length;
        if (!this.child(d.a, P.cmp) || !this.child(d.b, P.cmp)) return -1;
        break;
      case 'logic': {
        if (d.op === 'not') {
          this.len = 1;
          prec = P.neg;
          if (!this.child(d.args[0], P.neg)) return -1;
          break;
        }
        prec = d.op === 'and' ? P.and : P.or;
        this.len = Math.max(0, d.args.length - 1);
        for (const a of d.args) if (!this.child(a, prec)) return -1;
        break;
      }
    }
    return prec;
  }

  private text(): Printer {
    return this.printer ??= new Printer('unicode', 6, this.cache);
  }

  /** A number as the Unicode printer writes it, without white space. */
  private numberText(v: number): [string, number] {
    const [text, prec] = this.text().numberText(v);
    return [text.replace(/\s+/g, ''), prec];
  }
}

/** One let-binding shared by several printed results: `name = text`, in the style's spelling. */
export interface SharedBinding {
  name: string;
  text: string;
}

/** Results printed over shared let-bindings (printShared). */
export interface SharedPrint {
  /** Every binding, innermost first: each one's text uses only the names before it. */
  bindings: SharedBinding[];
  /** Per root: its text, written with the binding names. */
  bodies: string[];
  /** Per root: the indices of the bindings its text names (each binding's text names only earlier ones). */
  uses: number[][];
}

/**
 * Several results (all partials of one expression) printed together: a subtree they share, or that one of them
 * reaches along several paths, is named once (`t₁ = …`) when naming it saves text, and every result is written
 * in those names. With the prefix and suffix products of x₁⋯xₙ or the normaliser of a softmax named once, the
 * text of all n partials together stays proportional to the graph instead of to n times it. `prefix` names the
 * bindings (`t` gives t1, t2 …; pick one no variable uses). Same roots, same text: no state survives the call.
 */
export function printShared(roots: Disp[], style: Style, options: PrintOptions & { prefix?: string } = {}): SharedPrint {
  const cache = options.cache ?? new PrintCache();
  const printer = new Printer(style, options.digits ?? 6, cache, options.prefix ?? 't');
  const { bound, tainted } = analyseBindings(roots, true, true);
  return printer.shared(roots, bound, tainted);
}

/** Above this many nodes, plain text names shared subexpressions: `t1 = …; t2 = …; result`. */
const PLAIN_INLINE_LIMIT = 20_000;
/** Deeper results are cut into named pieces this tall, so printing never recurses too deep. */
const DEPTH_CUT = 400;
/** Tree sizes saturate here (shared DAGs can be exponential). */
const SIZE_CAP = 2 ** 40;

/** Height of a display tree (memoised per cache; iterative, children first). */
function height(root: Disp, cache: PrintCache): number {
  return cache.heights.get(root) ?? bottomUp(root, cache.heights, heightOf);
}

/** Tree size with repetition (memoised per cache; saturates at SIZE_CAP). */
function treeSize(root: Disp, cache: PrintCache): number {
  return cache.sizes.get(root) ?? bottomUp(root, cache.sizes, sizeOf);
}

function heightOf(d: Disp, memo: Map<Disp, number>): number {
  let h = 0;
  for (const c of children(d)) h = Math.max(h, memo.get(c)!);
  return 1 + h;
}

function sizeOf(d: Disp, memo: Map<Disp, number>): number {
  let s = 1;
  for (const c of children(d)) s += memo.get(c)!;
  return Math.min(SIZE_CAP, s);
}

/** A memoised bottom-up measure, children first with an explicit stack (no deep recursion). */
function bottomUp(root: Disp, memo: Map<Disp, number>, f: (d: Disp, memo: Map<Disp, number>) => number): number {
  const stack: Disp[] = [root];
  while (stack.length) {
    const d = stack[stack.length - 1];
    if (memo.has(d)) { stack.pop(); continue; }
    let pending = false;
    for (const c of children(d)) if (!memo.has(c)) { stack.push(c); pending = true; } // no spread: a sum may have 10⁵ terms
    if (pending) continue;
    stack.pop();
    memo.set(d, f(d, memo));
  }
  return memo.get(root)!;
}

const NO_NODES: ReadonlySet<Disp> = new Set();
/** Above this many nodes of 3+ in a tree, isClean gives up (says no) rather than copy long sets. */
const CLEAN_LIMIT = 64;

/**
 * Is every subtree of 3 or more nodes in root's tree reached along one path only (so nothing is worth a
 * binding)? Memoised per cache, children first; conservative: a tree holding over CLEAN_LIMIT such subtrees
 * says no, and the caller analyses it in full.
 */
function isClean(root: Disp, cache: PrintCache): boolean {
  const memo = cache.clean;
  const stack: Disp[] = [root];
  while (stack.length) {
    const d = stack[stack.length - 1];
    if (memo.has(d)) { stack.pop(); continue; }
    const cs = children(d);
    let pending = false;
    for (const c of cs) if (!memo.has(c)) { stack.push(c); pending = true; }
    if (pending) continue;
    stack.pop();
    let set: ReadonlySet<Disp> | null = NO_NODES;
    let owned = false;
    for (const c of cs) {
      const sub = memo.get(c)!;
      if (sub === null) { set = null; break; }
      if (!sub.size) continue;
      if (!set.size) { set = sub; continue; }
      if (!owned) { set = new Set(set); owned = true; }
      const into = set as Set<Disp>;
      for (const x of sub) {
        if (into.has(x)) { set = null; break; }
        into.add(x);
      }
      if (set === null || set.size > CLEAN_LIMIT) { set = null; break; }
    }
    if (set !== null && treeSize(d, cache) >= 3) {
      const withD = new Set(set);
      withD.add(d);
      set = withD.size > CLEAN_LIMIT ? null : withD;
    }
    memo.set(d, set);
  }
  return memo.get(root) !== null;
}

/** A display node's operands (the tree walkers' one list of them). */
export function children(d: Disp): Disp[] {
  switch (d.k) {
    case 'add': return d.terms.map((t) => t.d);
    case 'mul': return [...d.num, ...d.den];
    case 'neg': return [d.d];
    case 'pow': return [d.base, d.exp];
    case 'call': return d.args;
    case 'cond': return [d.test, d.then, d.else];
    case 'cmp': return [d.a, d.b];
    case 'logic': return d.args;
    default: return [];
  }
}

function chooseBindings(root: Disp, share: boolean, cache: PrintCache): Bindings {
  // LaTeX and Unicode print the same result with the same bindings: decide once per cache.
  const memo = cache.bindings[share ? 1 : 0];
  let found = memo.get(root);
  if (!found) {
    found = analyseBindings([root], share, false);
    memo.set(root, found);
  }
  return found;
}

/**
 * Subtrees worth naming: reached along more than one path (from the roots together) and big enough that naming
 * them saves at least 8 nodes, or tall enough to cut; innermost first. Also returns every node that contains a
 * bound one (printed differently then). A root is bound only when `rootsToo` (shared printing) and another root
 * contains it; each root counts as one path to itself.
 */
function analyseBindings(roots: Disp[], share: boolean, rootsToo: boolean): Bindings {
  // Each node gets a dense index at its first visit, so the measures below live in arrays, children are listed
  // once, and the one Map is that index (this runs over every node of results with 10⁵ nodes).
  const index = new Map<Disp, number>();
  const nodes: Disp[] = [];
  const parents: number[] = []; // paths into each node from the roots; -1 while its children are pending
  const kidStart: number[] = [];
  const kidList: number[] = [];
  const order: number[] = []; // children before parents
  const stack: (Disp | number)[] = []; // a number: close that node
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]);
  const pendingKids: Disp[][] = [];
  while (stack.length) {
    const top = stack.pop()!;
    if (typeof top === 'number') {
      parents[top] = 1;
      kidStart[top] = kidList.length;
      for (const c of pendingKids[top]) kidList.push(index.get(c)!);
      pendingKids[top] = NO_KIDS;
      order.push(top);
      continue;
    }
    const seen = index.get(top);
    if (seen !== undefined) {
      if (parents[seen] !== -1) parents[seen]++;
      continue;
    }
    const i = nodes.length;
    index.set(top, i);
    nodes.push(top);
    parents.push(-1); // open: children pending
    kidStart.push(0);
    const cs = children(top);
    pendingKids.push(cs);
    stack.push(i);
    for (const c of cs) stack.push(c);
  }
  const n = nodes.length;
  // Lists were appended at close time, in `order`: a node's list ends where the next closed node's begins.
  const ends = new Int32Array(n);
  for (let k = 0; k < order.length; k++) ends[order[k]] = k + 1 < order.length ? kidStart[order[k + 1]] : kidList.length;
  const isRoot = new Uint8Array(n);
  for (const r of roots) isRoot[index.get(r)!] = 1;
  const isBound = new Uint8Array(n);
  const cutHeight = new Float64Array(n);
  const cutSize = new Float64Array(n);
  const size9 = new Uint8Array(n); // min(tree size, 9)
  const bound: Disp[] = [];
  for (const d of order) {
    let h = 0;
    let cs = 1;
    let s9 = 1;
    for (let k = kidStart[d], e = ends[d]; k < e; k++) {
      const c = kidList[k];
      const b = isBound[c] === 1;
      h = Math.max(h, b ? 1 : cutHeight[c]);
      cs += b ? 1 : cutSize[c];
      s9 += size9[c];
    }
    h += 1;
    cutHeight[d] = h;
    size9[d] = Math.min(s9, 9);
    const parentCount = parents[d];
    let shared: boolean;
    if (rootsToo) {
      // Shared printing: the size as printed (a bound child is one name). Naming d costs its text once plus a
      // name per use; inlining costs its text per use: name it when (uses − 1)·size > uses + 1.
      cs = Math.min(SIZE_CAP, cs);
      cutSize[d] = cs;
      if (isRoot[d] && parentCount < 2) continue;
      shared = cs >= 3 && parentCount > 1 && (parentCount - 1) * cs > parentCount + 1;
    } else {
      if (isRoot[d]) continue;
      const size = size9[d];
      shared = share && size >= 3 && parentCount > 1 && (parentCount - 1) * size >= 8;
    }
    if (shared || h >= DEPTH_CUT) {
      bound.push(nodes[d]);
      isBound[d] = 1;
    }
  }
  const tainted = new Set<Disp>(bound);
  const taint = isBound.slice();
  for (const d of order) {
    if (taint[d]) continue;
    for (let k = kidStart[d], e = ends[d]; k < e; k++) {
      if (taint[kidList[k]]) { taint[d] = 1; tainted.add(nodes[d]); break; }
    }
  }
  return { bound, tainted };
}

const NO_KIDS: Disp[] = [];

/** Names as printed, by style (a pure function of the name: kept across calls, up to 4 096 of them). */
const SYMBOLS = new Map<string, string>();

class Printer {
  private depth = 0;
  private refs = new Map<Disp, string>();
  private tainted = new Set<Disp>();
  private readonly cache: Map<Disp, [string, number]>;
  private readonly numbers: Map<number, [string, number]>;

  /** Shared printing: products of unnamed products print as one product (t₅ x₇ x₈, not (t₅ x₇) x₈). */
  private flat = false;

  constructor(private readonly style: Style, private readonly digits: number, private readonly memo: PrintCache, private readonly prefix = 't') {
    const key = `${style}:${digits}`;
    if (!memo.printed.has(key)) memo.printed.set(key, new Map());
    this.cache = memo.printed.get(key)!;
    if (!memo.numbers.has(key)) memo.numbers.set(key, new Map());
    this.numbers = memo.numbers.get(key)!;
  }

  /** A number's Unicode text (unicodeLength; this printer's style must be 'unicode'). */
  numberText(v: number): [string, number] {
    return this.number(v);
  }

  /** A name's Unicode text (unicodeLength). */
  symbolText(name: string, constant?: boolean): string {
    return this.symbol(name, constant);
  }

  withBindings(root: Disp, bound: Disp[], tainted: Set<Disp>): string {
    this.tainted = tainted;
    const lines: string[] = [];
    bound.forEach((d, i) => {
      const text = this.expr(d);
      const name = this.tempName(i + 1);
      this.refs.set(d, name);
      lines.push(this.style === 'latex' ? `${name} &= ${text}` : `${name} = ${text}`);
    });
    const body = this.expr(root);
    if (this.style === 'latex') return `\\begin{aligned}${lines.join(' \\\\ ')} \\\\ &\\Rightarrow\\ ${body}\\end{aligned}`;
    if (this.style === 'plain') return `${lines.join('; ')}; ${body}`;
    return `${body}  where ${lines.join(', ')}`;
  }

  /** The roots over shared bindings (printShared). */
  shared(roots: Disp[], bound: Disp[], tainted: Set<Disp>): SharedPrint {
    this.tainted = tainted;
    this.flat = true;
    const index = new Map<Disp, number>();
    const bindings = bound.map((d, i) => {
      const text = this.expr(d);
      const name = this.tempName(i + 1);
      this.refs.set(d, name);
      index.set(d, i);
      return { name, text };
    });
    const bodies: string[] = [];
    const uses: number[][] = [];
    for (const r of roots) {
      // A root another root contains is bound; its own text is its expression, not its name.
      const own = this.refs.get(r);
      if (own !== undefined) this.refs.delete(r);
      bodies.push(this.expr(r));
      uses.push(this.directUses(r, index).sort((x, y) => x - y));
      if (own !== undefined) this.refs.set(r, own);
    }
    return { bindings, bodies, uses };
  }

  /** The bindings (indices) that d's text names directly: bound nodes reached without passing another bound one. */
  private directUses(d: Disp, index: Map<Disp, number>): number[] {
    const out = new Set<number>();
    const seen = new Set<Disp>();
    const stack = [...children(d)];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      const i = index.get(c);
      if (i !== undefined) { out.add(i); continue; }
      if (!this.tainted.has(c)) continue; // contains no bound node
      for (const cc of children(c)) stack.push(cc);
    }
    return [...out];
  }

  private tempName(i: number): string {
    const t = this.prefix;
    if (this.style === 'latex') return `${t.length > 1 ? `\\mathrm{${t}}` : t}_{${i}}`;
    if (this.style === 'unicode') return `${t}${String(i).split('').map((c) => SUBSCRIPT[c]).join('')}`;
    return `${t}${i}`;
  }

  expr(d: Disp): string {
    return this.p(d, 0);
  }

  /** Prints d in a context that needs precedence > ctx (else parenthesised). */
  private p(d: Disp, ctx: number): string {
    if (++this.depth > MAX_DEPTH) throw new PartialsError(l10n('The result is too deeply nested to display.'), 'limit');
    try {
      const ref = this.refs.get(d);
      if (ref) return ref;
      // A node containing a let-bound one prints differently, so only binding-free forms are cached.
      const cacheable = !this.tainted.has(d);
      const cached = cacheable ? this.cache.get(d) : undefined;
      const [text, prec] = cached ?? this.node(d);
      if (!cached && cacheable) this.cache.set(d, [text, prec]);
      return prec > ctx ? text : this.paren(text);
    } finally {
      this.depth--;
    }
  }

  private paren(t: string): string {
    return this.style === 'latex' ? `\\left(${t}\\right)` : `(${t})`;
  }

  private node(d: Disp): [string, number] {
    const s = this.style;
    switch (d.k) {
      case 'num': return this.number(d.v);
      case 'sym': return [this.symbol(d.name, d.constant), P.atom];
      case 'ref': return [d.name, P.atom];
      case 'add': {
        let out = '';
        d.terms.forEach((t, i) => {
          const body = this.p(t.d, P.add);
          if (i === 0) out = t.neg ? `${this.minus()}${this.p(t.d, P.mul)}` : body;
          else out += `${t.neg ? ` ${this.minus()} ` : ' + '}${t.neg ? this.p(t.d, P.add) : body}`;
        });
        return [out, P.add];
      }
      case 'neg': {
        if (d.d.k === 'num') return [`${this.minus()}${this.number(d.d.v)[0]}`, P.neg];
        // −x y/z reads better than −(x y/z); it stays a unit inside a sum, and is bracketed in a product.
        if (d.d.k === 'mul') return [`${this.minus()}${this.p(d.d, P.add)}`, P.mul - 0.5];
        return [`${this.minus()}${this.p(d.d, P.neg)}`, P.neg];
      }
      case 'mul': {
        const num = d.num.length ? this.product(d.num) : '1';
        if (!d.den.length) return [num, P.mul];
        if (s === 'latex') return [`\\frac{${d.num.length ? this.product(d.num, true) : '1'}}{${this.product(d.den, true)}}`, P.atom];
        const numText = d.num.length ? this.product(d.num) : '1';
        const den = d.den.length === 1 ? this.p(d.den[0], P.mul) : this.paren(this.product(d.den));
        return [`${numText}/${den}`, P.mul];
      }
      case 'pow': {
        if (s === 'unicode' && d.exp.k === 'num' && Number.isInteger(d.exp.v) && Math.abs(d.exp.v) < 1000) {
          const sup = String(d.exp.v).split('').map((c) => SUPERSCRIPT[c]).join('');
          return [`${this.p(d.base, P.pow)}${sup}`, P.pow];
        }
        if (s === 'latex') return [`{${this.p(d.base, P.pow)}}^{${this.p(d.exp, 0)}}`, P.pow];
        // mathjs: ^ is right-associative and binds tighter than unary minus: -x^2 = -(x^2)
        return [`${this.p(d.base, P.pow)}^${this.p(d.exp, P.pow - 1 + (d.exp.k === 'neg' ? 1 : 0))}`, P.pow];
      }
      case 'call': return this.call(d.name, d.args);
      case 'cond': {
        if (s === 'latex') {
          return [`\\begin{cases} ${this.p(d.then, 0)} & \\text{if } ${this.p(d.test, 0)} \\\\ ${this.p(d.else, 0)} & \\text{otherwise} \\end{cases}`, P.atom];
        }
        return [`(${this.p(d.test, P.cond)} ? ${this.p(d.then, P.cond)} : ${this.p(d.else, P.cond)})`, P.atom];
      }
      case 'cmp': return [`${this.p(d.a, P.cmp)} ${CMP[d.op][s]} ${this.p(d.b, P.cmp)}`, P.cmp];
      case 'logic': {
        const word = s === 'latex' ? { and: ' \\land ', or: ' \\lor ', not: '\\lnot ' } : s === 'unicode' ? { and: ' ∧ ', or: ' ∨ ', not: '¬' } : { and: ' and ', or: ' or ', not: 'not ' };
        if (d.op === 'not') return [`${word.not}${this.p(d.args[0], P.neg)}`, P.neg];
        const prec = d.op === 'and' ? P.and : P.or;
        return [d.args.map((a) => this.p(a, prec)).join(word[d.op]), prec];
      }
    }
  }

  private minus(): string {
    return this.style === 'unicode' ? '−' : '-';
  }

  private product(factors: Disp[], insideFrac = false): string {
    const s = this.style;
    const fs = this.flat ? this.spliced(factors) : factors;
    // Alone in a numerator or denominator of \frac, a factor needs no brackets.
    const parts = fs.map((f) => this.p(f, insideFrac && fs.length === 1 ? 0 : P.mul));
    if (s === 'plain') return parts.join('*');
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const prevNum = fs[i - 1].k === 'num';
      const thisNum = fs[i].k === 'num';
      // A coefficient before a name reads as juxtaposition (2x); two numbers need a dot.
      if (thisNum) out += s === 'latex' ? ` \\cdot ${parts[i]}` : ` · ${parts[i]}`;
      else if (prevNum && startsWithName(fs[i])) out += s === 'latex' ? ` ${parts[i]}` : parts[i];
      else out += s === 'latex' ? ` \\, ${parts[i]}` : ` ${parts[i]}`;
    }
    return out;
  }

  /** The factors with every unnamed product among them (no denominator) replaced by its own factors. */
  private spliced(factors: Disp[]): Disp[] {
    if (!factors.some((f) => f.k === 'mul' && !f.den.length && !this.refs.has(f))) return factors;
    const out: Disp[] = [];
    const stack = [...factors].reverse();
    while (stack.length) {
      const f = stack.pop()!;
      if (f.k === 'mul' && !f.den.length && !this.refs.has(f)) for (let i = f.num.length - 1; i >= 0; i--) stack.push(f.num[i]);
      else out.push(f);
    }
    return out;
  }

  private number(v: number): [string, number] {
    let done = this.numbers.get(v);
    if (!done) {
      done = this.numberUncached(v);
      this.numbers.set(v, done);
    }
    return done;
  }

  private numberUncached(v: number): [string, number] {
    const s = this.style;
    if (Number.isNaN(v)) return [s === 'latex' ? '\\text{NaN}' : 'NaN', P.atom];
    if (!Number.isFinite(v)) {
      const t = s === 'latex' ? '\\infty' : s === 'unicode' ? '∞' : 'Infinity';
      return v > 0 ? [t, P.atom] : [`${this.minus()}${t}`, P.neg];
    }
    if (s === 'plain') {
      if (v < 0) return [`-${String(-v)}`, P.neg];
      return [String(v), P.atom];
    }
    const frac = asFraction(v);
    // A fraction (1/3, 3/4) unless the decimal is shorter: 0.7 and 1.3 as the user wrote them, not 7/10 and 13/10.
    const decimal = shortNumber(Math.abs(v), this.digits);
    if (frac && frac[1] !== 1 && Math.abs(frac[0]) < 1000 && !(decimal.length < `${Math.abs(frac[0])}/${frac[1]}`.length && !/e/.test(decimal))) {
      const [p, q] = frac;
      if (s === 'latex') return [`${p < 0 ? '-' : ''}\\frac{${Math.abs(p)}}{${q}}`, p < 0 ? P.neg : P.atom];
      return [`${p < 0 ? '−' : ''}${Math.abs(p)}/${q}`, P.mul];
    }
    const text = decimal;
    const pretty = /e/.test(text)
      ? s === 'latex' ? text.replace(/e([+-]?)(\d+)/, (_m, sign, exp) => ` \\times 10^{${sign === '-' ? '-' : ''}${exp}}`)
        : text.replace(/e([+-]?)(\d+)/, (_m, sign, exp) => `·10${(sign === '-' ? '-' : '') + exp}`.replace(/-?\d+$/, (e) => e.split('').map((c) => SUPERSCRIPT[c]).join('')))
      : text;
    return v < 0 ? [`${this.minus()}${pretty}`, P.neg] : [pretty, P.atom];
  }

  private symbol(name: string, constant?: boolean): string {
    const key = `${this.style}|${constant ? 1 : 0}|${name}`;
    let text = this.memo.symbols.get(key) ?? SYMBOLS.get(key);
    if (text === undefined) {
      text = this.symbolUncached(name, constant);
      if (SYMBOLS.size >= 4096) SYMBOLS.clear();
      SYMBOLS.set(key, text);
    }
    this.memo.symbols.set(key, text);
    return text;
  }

  private symbolUncached(name: string, constant?: boolean): string {
    const s = this.style;
    if (s === 'plain') return name;
    if (constant && name === 'pi') return s === 'latex' ? '\\pi' : 'π';
    if (constant) return name;
    // w1 → w₁ / w_{1}; x_1 → x₁; alpha → α
    const m = /^([A-Za-z]+?)_?(\d+)$/.exec(name) ?? /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
    const base = m ? m[1] : name;
    const sub = m ? m[2] : '';
    if (s === 'latex') {
      const b = GREEK.has(base) ? `\\${base}` : base.length > 1 ? `\\mathrm{${base}}` : base;
      return sub ? `${b}_{${/^\d+$/.test(sub) || sub.length === 1 ? sub : `\\mathrm{${sub}}`}}` : b;
    }
    const b = Object.hasOwn(GREEK_UNICODE, base) ? GREEK_UNICODE[base] : base;
    return sub && /^\d+$/.test(sub) ? b + sub.split('').map((c) => SUBSCRIPT[c]).join('') : sub ? `${b}_${sub}` : b;
  }

  private call(name: string, args: Disp[]): [string, number] {
    const s = this.style;
    const def = FUNCTIONS.get(name);
    if (s === 'plain') {
      // σ(−u) = 1 / (1 + exp(u)): not exp(-(-u))
      if (name === 'sigmoid' && args.length === 1 && args[0].k === 'neg') return [`1 / (1 + exp(${this.p(args[0].d, 0)}))`, P.mul];
      const printed = args.map((a) => this.p(a, 0));
      if (def?.mathjs) {
        // The spelling in mathjs built-ins binds as its outermost operator; unknown shapes get brackets.
        const prec = EXPANSION_PRECEDENCE[name]?.(args.length);
        return prec === undefined ? [`(${def.mathjs(printed)})`, P.atom] : [def.mathjs(printed), prec];
      }
      return [`${name}(${printed.join(', ')})`, P.atom];
    }
    if (s === 'latex') {
      if (name === 'sqrt') return [`\\sqrt{${this.p(args[0], 0)}}`, P.atom];
      if (name === 'nthRoot') return [`\\sqrt[${this.p(args[1], 0)}]{${this.p(args[0], 0)}}`, P.atom];
      if (name === 'abs') return [`\\left|${this.p(args[0], 0)}\\right|`, P.atom];
      if (name === 'exp' && isSimple(args[0])) return [`e^{${this.p(args[0], 0)}}`, P.pow];
      const op = def?.latex ?? `\\operatorname{${name}}`;
      return [`${op}\\left(${args.map((a) => this.p(a, 0)).join(', ')}\\right)`, P.atom];
    }
    if (name === 'sqrt') {
      const inner = this.p(args[0], P.pow);
      return [`√${inner}`, P.pow];
    }
    if (name === 'abs') return [`|${this.p(args[0], 0)}|`, P.atom];
    return [`${def?.unicode ?? name}(${args.map((a) => this.p(a, 0)).join(', ')})`, P.atom];
  }
}

function isSimple(d: Disp): boolean {
  let size = 0;
  const stack = [d];
  while (stack.length && size <= 6) {
    size++;
    for (const c of children(stack.pop()!)) stack.push(c);
  }
  return size <= 6;
}

function startsWithName(d: Disp): boolean {
  return (d.k === 'sym' && !d.constant) || (d.k === 'pow' && d.base.k === 'sym');
}
