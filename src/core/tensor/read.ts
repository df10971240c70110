import { errorAt, PartialsError, type Span } from '../errors';
import { FUNCTIONS, lookupFunction } from '../functions';
import type { CompareOp } from '../graph';
import { TGraph, type TNodeId } from './graph';
import { fromNested, type TensorPoint } from './evaluate';
import type { Shape } from './shape';
import { t as l10n } from '../l10n';

/**
 * A small reader for matrix math in mathjs syntax: `sum((X*w - y).^2)`, `w'*A*w`, `trace(A*X)`,
 * `r = X*w - y; r'*r`. `*` is the matrix product (scaling when a side is a scalar), `.* ./ .^` are
 * elementwise, `'` transposes, indices are 1-based and axis arguments are 1-based dimensions, as in mathjs.
 * Functions of the scalar table apply elementwise: `exp(X)` and `map(X, exp)` are the same.
 *
 * Ranks come from declared shapes or a point; otherwise a name starting with a capital letter is a matrix,
 * and a lower-case name is a vector where the expression uses it as one (transposed, indexed, given to an
 * array function, multiplied by a matrix, or added to a vector), else a scalar.
 */
export type Ast =
  | { k: 'num'; v: number; sp: Span }
  | { k: 'id'; name: string; sp: Span }
  | { k: 'str'; v: string; sp: Span }
  | { k: 'bin'; op: string; a: Ast; b: Ast; sp: Span }
  | { k: 'neg'; a: Ast; sp: Span }
  | { k: 'tr'; a: Ast; sp: Span }
  | { k: 'call'; name: string; args: Ast[]; sp: Span; nameSp: Span }
  | { k: 'index'; a: Ast; items: Item[]; sp: Span }
  | { k: 'arr'; items: Ast[]; sp: Span };
export type Item = { k: 'all' } | { k: 'at'; v: Ast } | { k: 'range'; from: Ast; to: Ast };

interface Tok { t: string; v: string; s: number; e: number }

const OPS = ['.*', './', '.^', '==', '!=', '<=', '>=', '*', '/', '^', '+', '-', '(', ')', '[', ']', ',', ':', ';', '<', '>', '=', "'", '@'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { out.push({ t: ';', v: ';', s: i, e: i + 1 }); i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && !(c === '.' && /[*/^]/.test(src[i + 1] ?? ''))) { out.push({ t: 'num', v: num[0], s: i, e: i + num[0].length }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0], s: i, e: i + id[0].length }); i += id[0].length; continue; }
    const str = /^"([^"\\]*)"/.exec(src.slice(i));
    if (str) { out.push({ t: 'str', v: str[1], s: i, e: i + str[0].length }); i += str[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw errorAt(src, { start: i, end: i + 1 }, l10n("Unexpected character '{0}'.", c), 'parse');
    out.push({ t: op, v: op, s: i, e: i + op.length });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', s: src.length, e: src.length });
  return out;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string, private readonly toks: Tok[]) {}

  private peek(): Tok { return this.toks[this.i]; }
  private next(): Tok { return this.toks[this.i++]; }
  private expect(t: string): Tok {
    const k = this.next();
    if (k.t !== t) throw errorAt(this.src, { start: k.s, end: k.e }, (k.t === 'eof' ? l10n("Expected '{0}' but the text ended.", t) : l10n("Expected '{0}' but found '{1}'.", t, k.v)), 'parse');
    return k;
  }
  private fail(k: Tok, msg: string): never {
    throw errorAt(this.src, { start: k.s, end: Math.max(k.e, k.s + 1) }, msg, 'parse');
  }

  /** statements: `name = expr` lines, then the output expression. */
  program(): { assigns: { name: string; value: Ast; sp: Span }[]; output: Ast } {
    const assigns: { name: string; value: Ast; sp: Span }[] = [];
    let output: Ast | undefined;
    while (this.peek().t !== 'eof') {
      if (this.peek().t === ';') { this.next(); continue; }
      const t = this.peek();
      if (t.t === 'id' && this.toks[this.i + 1].t === '=') {
        this.i += 2;
        const value = this.expr();
        assigns.push({ name: t.v, value, sp: { start: t.s, end: value.sp.end } });
        output = undefined;
      } else {
        if (output) this.fail(t, l10n('Only the last line may be an expression; earlier lines are assignments (name = …).'));
        output = this.expr();
      }
      if (this.peek().t !== 'eof' && this.peek().t !== ';') this.fail(this.peek(), l10n("Unexpected '{0}'.", this.peek().v));
    }
    if (!output) {
      if (!assigns.length) throw new PartialsError(l10n('The selection is empty.'), 'parse');
      const last = assigns[assigns.length - 1];
      output = { k: 'id', name: last.name, sp: last.sp };
    }
    return { assigns, output };
  }

  expr(): Ast {
    if (++this.depth > 400) this.fail(this.peek(), l10n('The expression is nested too deeply.'));
    const a = this.comparison();
    this.depth--;
    return a;
  }
  private comparison(): Ast {
    let a = this.additive();
    while (['<', '<=', '>', '>=', '==', '!='].includes(this.peek().t)) {
      const op = this.next().t;
      const b = this.additive();
      a = { k: 'bin', op, a, b, sp: { start: a.sp.start, end: b.sp.end } };
    }
    return a;
  }
  private additive(): Ast {
    let a = this.multiplicative();
    while (this.peek().t === '+' || this.peek().t === '-') {
      const op = this.next().t;
      const b = this.multiplicative();
      a = { k: 'bin', op, a, b, sp: { start: a.sp.start, end: b.sp.end } };
    }
    return a;
  }
  private multiplicative(): Ast {
    let a = this.unary();
    while (['*', '/', '.*', './', '@'].includes(this.peek().t)) {
      const op = this.next().t;
      const b = this.unary();
      a = { k: 'bin', op, a, b, sp: { start: a.sp.start, end: b.sp.end } };
    }
    return a;
  }
  private unary(): Ast {
    const t = this.peek();
    if (t.t === '-' || t.t === '+') {
      this.next();
      const a = this.unary();
      return t.t === '-' ? { k: 'neg', a, sp: { start: t.s, end: a.sp.end } } : a;
    }
    return this.power();
  }
  private power(): Ast {
    const a = this.postfix();
    if (this.peek().t === '^' || this.peek().t === '.^') {
      const op = this.next().t;
      const b = this.unary(); // right-associative; -x^2 is -(x^2), x^-1 is allowed
      return { k: 'bin', op, a, b, sp: { start: a.sp.start, end: b.sp.end } };
    }
    return a;
  }
  private postfix(): Ast {
    let a = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.t === "'") { this.next(); a = { k: 'tr', a, sp: { start: a.sp.start, end: t.e } }; continue; }
      if (t.t === '[' && (a.k === 'id' || a.k === 'call' || a.k === 'index' || a.k === 'tr')) {
        this.next();
        const items: Item[] = [];
        for (;;) {
          items.push(this.item());
          if (this.peek().t === ',') { this.next(); continue; }
          break;
        }
        const end = this.expect(']');
        a = { k: 'index', a, items, sp: { start: a.sp.start, end: end.e } };
        continue;
      }
      return a;
    }
  }
  private item(): Item {
    if (this.peek().t === ':' && [',', ']'].includes(this.toks[this.i + 1].t)) { this.next(); return { k: 'all' }; }
    const from = this.additive();
    if (this.peek().t === ':') {
      this.next();
      const to = this.additive();
      return { k: 'range', from, to };
    }
    return { k: 'at', v: from };
  }
  private primary(): Ast {
    const t = this.next();
    if (t.t === 'num') return { k: 'num', v: Number(t.v), sp: { start: t.s, end: t.e } };
    if (t.t === 'str') return { k: 'str', v: t.v, sp: { start: t.s, end: t.e } };
    if (t.t === 'id') {
      if (this.peek().t === '(') {
        this.next();
        const args: Ast[] = [];
        if (this.peek().t !== ')') {
          for (;;) {
            args.push(this.expr());
            if (this.peek().t === ',') { this.next(); continue; }
            break;
          }
        }
        const end = this.expect(')');
        return { k: 'call', name: t.v, args, sp: { start: t.s, end: end.e }, nameSp: { start: t.s, end: t.e } };
      }
      return { k: 'id', name: t.v, sp: { start: t.s, end: t.e } };
    }
    if (t.t === '(') {
      const a = this.expr();
      const end = this.expect(')');
      return { ...a, sp: { start: t.s, end: end.e } };
    }
    if (t.t === '[') {
      const items: Ast[] = [];
      if (this.peek().t !== ']') {
        for (;;) {
          items.push(this.expr());
          if (this.peek().t === ',' || this.peek().t === ';') { this.next(); continue; }
          break;
        }
      }
      const end = this.expect(']');
      return { k: 'arr', items, sp: { start: t.s, end: end.e } };
    }
    return this.fail(t, (t.t === 'eof' ? l10n('The expression ended too early.') : l10n("Unexpected '{0}'.", t.v)));
  }
}

// ---- rank inference -----------------------------------------------------------------------------------

/** Array functions: the ranks their arguments must have (undefined: any array). */
const ARRAY_ARGS: Record<string, (number | undefined)[]> = {
  sum: [undefined], mean: [undefined], dot: [1, 1], outer: [1, 1], kron: [2, 2], norm: [undefined], softmax: [undefined], log_softmax: [undefined],
  logsoftmax: [undefined], trace: [2], det: [2], logdet: [2], inv: [2], transpose: [undefined], solve: [2, undefined], lusolve: [2, undefined],
  flatten: [undefined], reshape: [undefined], diag: [undefined], sum_columns: [undefined], mean_columns: [undefined],
  cross_entropy: [1, 1], max_columns: [undefined], min_columns: [undefined], max_axis: [undefined], min_axis: [undefined],
  variance: [undefined], stdev: [undefined], len: [undefined], numel: [undefined], length: [1],
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

function isUpper(name: string): boolean {
  return /^[A-Z]/.test(name);
}

function inferRanks(prog: Program, declared: Map<string, number>): Map<string, number> {
  const ranks = new Map(declared);
  const assigned = new Set(prog.assigns.map((a) => a.name));
  const free = (name: string) => !assigned.has(name) && !(Object.hasOwn(CONSTANTS, name) && !declared.has(name));
  // Strong hints (transposed, indexed, an array function's argument, multiplied by a matrix) are applied
  // first; weak ones (added to an array) only once the strong ones have settled.
  let allowWeak = false;
  const want = (x: Ast, r: number, weak = false) => {
    if (weak && !allowWeak) return;
    if (x.k === 'id' && free(x.name) && !ranks.has(x.name) && !isUpper(x.name) && r > 0) ranks.set(x.name, r);
    if (x.k === 'neg' || x.k === 'tr') want(x.a, r, weak);
    // exp(u) and u.^2 are arrays when u is: an array function's argument reaches through them
    if (x.k === 'call' && x.args.length === 1 && !Object.hasOwn(ARRAY_ARGS, x.name) && lookupFunction(x.name)) want(x.args[0], r, weak);
    if (x.k === 'bin' && x.op === '.^') want(x.a, r, weak);
    // (x − mu)' : both sides of an elementwise operation that must be an array
    if (x.k === 'bin' && ['+', '-', '.*', './'].includes(x.op)) { want(x.a, r, weak); want(x.b, r, weak); }
  };
  const local = new Map<string, number>();
  const rankOf = (x: Ast): number => {
    switch (x.k) {
      case 'num': case 'str': return 0;
      case 'id': return local.get(x.name) ?? ranks.get(x.name) ?? (free(x.name) && isUpper(x.name) ? 2 : 0);
      case 'neg': return rankOf(x.a);
      case 'tr': { const r = rankOf(x.a); if (r === 0) want(x.a, 1); return Math.max(r, 1); }
      case 'arr': { x.items.forEach(rankOf); return 1 + (x.items.length ? rankOf(x.items[0]) : 0); }
      case 'index': {
        want(x.a, x.items.length);
        rankOf(x.a);
        return x.items.filter((i) => i.k !== 'at').length;
      }
      case 'call': {
        const spec = Object.hasOwn(ARRAY_ARGS, x.name) ? ARRAY_ARGS[x.name] : undefined;
        const rs = x.args.map(rankOf);
        if (spec) spec.forEach((r, i) => { if (x.args[i] && rs[i] === 0) want(x.args[i], r ?? 1); });
        if (x.name === 'map') return rs[0] ?? 0;
        // a third argument keeps the reduced axis (NumPy's keepdims=True)
        if (['sum', 'mean', 'logsumexp', 'max_axis', 'min_axis'].includes(x.name) && (x.name !== 'logsumexp' || rs[0] > 0)) return x.args.length > 2 ? rs[0] : x.args.length > 1 ? Math.max(rs[0] - 1, 0) : 0;
        if (x.name === 'sum_columns' || x.name === 'mean_columns') return Math.max(rs[0] - 1, 0);
        // var/std: (x, ddof, axis?, keepdims?)
        if (x.name === 'variance' || x.name === 'stdev') return x.args.length > 3 ? rs[0] : x.args.length > 2 ? Math.max(rs[0] - 1, 0) : 0;
        if (x.name === 'len' || x.name === 'numel' || x.name === 'length') return 0;
        if (['dot', 'trace', 'det', 'logdet', 'norm'].includes(x.name)) return 0;
        if ((x.name === 'max' || x.name === 'min') && x.args.length === 1) return 0;
        if ((x.name === 'max' || x.name === 'min') && x.args.length === 2 && rs[0] === 2 && x.args[1].k === 'num' && (x.args[1].v === 1 || x.args[1].v === 2)) return 1;
        if (x.name === 'cross_entropy') return 0;
        if (x.name === 'max_columns' || x.name === 'min_columns') return rs[0] >= 2 ? 1 : 0;
        if (x.name === 'outer' || x.name === 'kron') return 2;
        if (x.name === 'diag') return rs[0] === 1 ? 2 : 1;
        if (x.name === 'flatten') return 1;
        if (x.name === 'reshape') return x.args[1]?.k === 'arr' ? x.args[1].items.length : 1;
        if (x.name === 'solve' || x.name === 'lusolve') return rs[1] ?? 1;
        return Math.max(0, ...rs);
      }
      case 'bin': {
        const ra = rankOf(x.a);
        const rb = rankOf(x.b);
        if (x.op === '*' || x.op === '@') {
          if (ra === 2 && rb === 0) want(x.b, 1);
          if (rb === 2 && ra === 0) want(x.a, 1);
          // u' * v, u' * A * v: a product that starts with a transposed vector is a row times arrays
          let first: Ast = x.a;
          while (first.k === 'bin' && (first.op === '*' || first.op === '@')) first = first.a;
          if (first.k === 'tr' && rb === 0) want(x.b, 1);
          // MATLAB/Julia: sum(X, 1) * w, mean(X) * w — a row reduction is a 1×m row, so w is a vector
          const rowReduction = first.k === 'call' && ra === 1 && (['sum_columns', 'mean_columns', 'max_columns', 'min_columns'].includes(first.name)
            || (['sum', 'mean', 'max_axis', 'min_axis'].includes(first.name) && first.args.length === 2 && first.args[1].k === 'num' && first.args[1].v === 1));
          if ((prog.columnReductions || prog.rowReductions) && rowReduction && rb === 0) want(x.b, 1);
          if (x.op === '@') { want(x.a, 1); want(x.b, 1); }
          if (ra === 0 || rb === 0) return Math.max(ra, rb);
          return Math.max(0, ra + rb - 2);
        }
        if (['+', '-', '.*', './', '.^', '<', '<=', '>', '>=', '==', '!='].includes(x.op)) {
          if (ra > 0 && rb === 0 && x.op !== '.^') want(x.b, ra, true);
          if (rb > 0 && ra === 0) want(x.a, rb, true);
        }
        return Math.max(ra, rb);
      }
    }
  };
  for (let pass = 0; pass < 20; pass++) {
    const before = ranks.size;
    local.clear();
    for (const a of prog.assigns) local.set(a.name, rankOf(a.value));
    rankOf(prog.output);
    if (ranks.size === before) {
      if (allowWeak) break;
      allowWeak = true;
    }
  }
  return ranks;
}

// ---- building the graph ----------------------------------------------------------------------------------

export interface ReadOptions {
  /** Declared shapes: numbers or symbolic names, e.g. { X: ['n', 'd'], w: ['d'] } or { X: [4, 3] }. */
  shapes?: Readonly<Record<string, Shape>>;
  /** A point: its arrays fix ranks and sizes. */
  at?: TensorPoint;
  /** Ranks only (sizes stay symbolic, unified from use): what general code for a point's inputs needs. */
  ranks?: Readonly<Record<string, number>>;
  /** Build into this graph (several expressions in one arena, e.g. a function and a claim). */
  graph?: TGraph;
}

export interface ReadResult {
  graph: TGraph;
  output: TNodeId;
  /** Input variables in order of first appearance. */
  inputs: string[];
}

/** A parsed selection: `name = …` assignments, then the output expression (mathjs meanings). */
export interface Program {
  assigns: { name: string; value: Ast; sp: Span }[];
  output: Ast;
  /**
   * Column-oriented dialects (MATLAB, Julia): a reduction along dimension 2 (sum(X, 2), mean(X, 2), max(X, [], 2))
   * is an n×1 column. It is a vector of n here, as every vector is, but an elementwise operation with a matrix
   * broadcasts it across the columns, as the dialect does (NumPy's rules would broadcast a vector across the rows).
   */
  columnReductions?: boolean;
  /** MATLAB, Julia, Eigen: a reduction along dimension 1 is a 1×m row, so `sum(X, 1) * w` makes w a vector. */
  rowReductions?: boolean;
  /** NumPy / PyTorch: axes count from 0 in the user's text (the program's dimensions are 1-based), for messages. */
  zeroBasedAxes?: boolean;
}

export function readTensorMath(source: string, options: ReadOptions = {}): ReadResult {
  return buildProgram(source, new Parser(source, tokenize(source)).program(), options);
}

/** Builds a parsed program (from this reader or a dialect's) into a tensor graph. */
export function buildProgram(source: string, prog: Program, options: ReadOptions = {}): ReadResult {
  const declared = new Map<string, number>();
  const shapeOf = new Map<string, Shape>();
  for (const [k, v] of Object.entries(options.at ?? {})) {
    const t = fromNested(v, k);
    declared.set(k, t.shape.length);
    shapeOf.set(k, t.shape);
  }
  for (const [k, s] of Object.entries(options.shapes ?? {})) {
    declared.set(k, s.length);
    shapeOf.set(k, s);
  }
  for (const [k, r] of Object.entries(options.ranks ?? {})) if (!declared.has(k)) declared.set(k, r);
  const ranks = inferRanks(prog, declared);
  const tg = options.graph ?? new TGraph();
  // declared size names are reserved first, so a fresh size of an undeclared input never takes one of them
  for (const s of shapeOf.values()) for (const d of s) if (typeof d === 'string') tg.dims.named(d);
  // … and so are the code's own short names (a size is never called p when p = σ(z) is in the code)
  for (const m of source.matchAll(/(?<![\w.])[A-Za-z]\d*(?!\w)/g)) tg.dims.reserve(m[0]);
  const env = new Map<string, TNodeId>();
  const order: string[] = [];
  const b = new Builder(source, tg, env, prog, (name, sp) => {
    if (!order.includes(name)) order.push(name);
    const s = shapeOf.get(name);
    tg.currentSpan = sp;
    if (s) return tg.variable(name, s);
    const r = ranks.get(name) ?? (isUpper(name) ? 2 : 0);
    return tg.freshVariable(name, r);
  });
  for (const a of prog.assigns) env.set(a.name, b.build(a.value));
  const output = b.build(prog.output);
  tg.currentSpan = undefined;
  return { graph: tg, output, inputs: order.filter((n) => tg.reachable([output]).includes(tg.lookupVariable(n) ?? -1)) };
}

class Builder {
  /** Vectors that are a column-oriented dialect's n×1 columns (reductions along dimension 2, and what is computed from them entrywise). */
  private readonly columns = new Set<TNodeId>();

  constructor(
    private readonly src: string,
    private readonly tg: TGraph,
    private readonly env: Map<string, TNodeId>,
    private readonly prog: Pick<Program, 'columnReductions' | 'zeroBasedAxes'>,
    private readonly input: (name: string, sp: Span) => TNodeId,
  ) {}

  private get columnReductions(): boolean {
    return this.prog.columnReductions === true;
  }

  /** A column vector c with a matrix M entrywise: c as an n×1 matrix, which broadcasts across M's columns. */
  private asColumn(c: TNodeId, other: TNodeId): TNodeId {
    const tg = this.tg;
    if (!this.columns.has(c) || tg.rank(c) !== 1 || tg.rank(other) !== 2) return c;
    // a row reduction itself keeps its axis (X 𝟏 rather than a reshape of it)
    const keep = (k: TNodeId): TNodeId | undefined => {
      const src = tg.args[k][0];
      if (tg.op[k] === 'sum' && tg.attr[k][0] === 1 && tg.rank(src) === 2) return tg.sum(src, 1, true);
      if (tg.op[k] === 'amax' && tg.amaxAxis(k)[0] === 1 && tg.rank(src) === 2) return tg.amax(src, 1, true);
      if (tg.op[k] === 'div' && tg.isScalar(tg.args[k][1])) { const q = keep(src); return q === undefined ? undefined : tg.div(q, tg.args[k][1]); }
      if (tg.op[k] === 'neg') { const q = keep(src); return q === undefined ? undefined : tg.neg(q); }
      return undefined;
    };
    return keep(c) ?? tg.reshape(c, [tg.shape(c)[0], 1]);
  }

  /** Runs f with x's span as the current span; engine errors become errors at x's line and column. */
  private at<T>(x: Ast, f: () => T): T {
    const saved = this.tg.currentSpan;
    this.tg.currentSpan = x.sp;
    try {
      return f();
    } catch (e) {
      if (e instanceof PartialsError && !e.span) throw errorAt(this.src, x.sp, e.message, e.code);
      if (e instanceof PartialsError && e.line === 1 && e.column === 1 && e.span) throw errorAt(this.src, e.span, e.message, e.code);
      throw e;
    } finally {
      this.tg.currentSpan = saved;
    }
  }

  private fail(x: Ast | Span, message: string, code: 'unsupported' | 'unknown-function' | 'arity' | 'parse' = 'unsupported'): never {
    throw errorAt(this.src, 'sp' in x ? x.sp : x, message, code);
  }

  private constInt(x: Ast, what: string): number {
    const v = x.k === 'num' ? x.v : x.k === 'neg' && x.a.k === 'num' ? -x.a.v : NaN;
    if (!Number.isInteger(v)) this.fail(x, l10n('{0} must be a constant integer (indices that are variables, as in loops, are not supported).', what));
    return v;
  }

  build(x: Ast): TNodeId {
    const n = this.buildNode(x);
    this.built.set(x, n);
    if (this.columnReductions && this.tg.rank(n) === 1) {
      const arg = x.k === 'call' || x.k === 'neg' ? this.built.get(x.k === 'neg' ? x.a : x.args[0]) : undefined;
      const dim2 = x.k === 'call' && ['sum', 'mean', 'max_axis', 'min_axis'].includes(x.name) && x.args.length === 2 && x.args[1].k === 'num' && x.args[1].v === 2;
      // sum(X, 2) of a matrix, and −c or exp(c) of a column c
      if (arg !== undefined && ((dim2 && this.tg.rank(arg) === 2) || (!dim2 && this.columns.has(arg) && (x.k === 'neg' || (x.k === 'call' && x.args.length === 1 && !!lookupFunction(x.name)))))) this.columns.add(n);
    }
    return n;
  }

  private buildNode(x: Ast): TNodeId {
    const tg = this.tg;
    switch (x.k) {
      case 'num': return tg.num(x.v);
      case 'str': return this.fail(x, l10n('A string ("{0}") can only be the norm\'s "fro" argument.', x.v));
      case 'id': {
        const bound = this.env.get(x.name);
        if (bound !== undefined) return bound;
        if (Object.hasOwn(CONSTANTS, x.name) && !this.hasDeclared(x.name)) return tg.constant(x.name, CONSTANTS[x.name]);
        return this.input(x.name, x.sp);
      }
      case 'neg': { const a = this.build(x.a); return this.at(x, () => tg.neg(a)); }
      case 'tr': { const a = this.build(x.a); return this.at(x, () => tg.transpose(a)); }
      case 'arr': {
        const items = x.items.map((i) => this.build(i));
        return this.at(x, () => tg.stack(items));
      }
      case 'index': return this.index(x);
      case 'bin': return this.binary(x);
      case 'call': return this.call(x);
    }
  }

  private hasDeclared(name: string): boolean {
    return this.tg.lookupVariable(name) !== undefined;
  }

  private binary(x: Extract<Ast, { k: 'bin' }>): TNodeId {
    const r = this.binaryNode(x);
    if (this.columns.size && this.tg.rank(r) === 1 && x.op !== '*' && x.op !== '@') {
      // an entrywise result of a column (with a scalar or another column) is a column
      const a = this.built.get(x.a);
      const b = this.built.get(x.b);
      if ((a !== undefined && this.columns.has(a)) || (b !== undefined && this.columns.has(b))) this.columns.add(r);
    }
    return r;
  }

  /** The node each AST node was built into (to follow columns through entrywise operations). */
  private readonly built = new Map<Ast, TNodeId>();

  private binaryNode(x: Extract<Ast, { k: 'bin' }>): TNodeId {
    const tg = this.tg;
    let a = this.build(x.a);
    let b = this.build(x.b);
    if (this.columns.size && x.op !== '*' && x.op !== '@' && x.op !== '/' && x.op !== '^') {
      a = this.asColumn(a, b);
      b = this.asColumn(b, a);
    }
    return this.at(x, () => {
      switch (x.op) {
        case '+': return tg.add(a, b);
        case '-': return tg.sub(a, b);
        case '.*': return tg.mul(a, b);
        case './': return tg.div(a, b);
        case '.^': return tg.pow(a, b);
        case '*': case '@':
          if (x.op === '*' && (tg.isScalar(a) || tg.isScalar(b))) return tg.mul(a, b);
          return tg.matmul(a, b);
        case '/':
          if (!tg.isScalar(b)) return this.fail(x, l10n("'/' by an array ({0}) is not elementwise in mathjs; write ./ for elementwise division.", tg.describe(b)));
          return tg.div(a, b);
        case '^':
          if (!tg.isScalar(a) || !tg.isScalar(b)) {
            return this.fail(x, l10n("'^' on an array is the matrix power in mathjs; write .^ for an elementwise power ({0} .^ {1}).", tg.describe(a), tg.describe(b)));
          }
          return tg.pow(a, b);
        default: {
          const ops: Record<string, CompareOp> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };
          return tg.compare(ops[x.op], a, b);
        }
      }
    });
  }

  private index(x: Extract<Ast, { k: 'index' }>): TNodeId {
    const tg = this.tg;
    const a = this.build(x.a);
    const pos = (v: Ast, what: string): number => {
      // mathjs indices are 1-based; `end` is the last one
      if (v.k === 'id' && v.name === 'end') return -1;
      if (v.k === 'bin' && v.op === '-' && v.a.k === 'id' && v.a.name === 'end') return -1 - this.constInt(v.b, what);
      const k = this.constInt(v, what);
      if (k < 1) this.fail(v, l10n('{0} {1} is out of range (mathjs indices start at 1).', what, k));
      return k - 1;
    };
    const spec = x.items.map((it) => {
      if (it.k === 'all') return 'all' as const;
      if (it.k === 'at') return pos(it.v, l10n('An index'));
      const from = pos(it.from, l10n('A range start'));
      const toAst = it.to;
      const to = toAst.k === 'id' && toAst.name === 'end' ? Infinity : pos(toAst, l10n('A range end')) + 1;
      return [from, to] as [number, number];
    });
    return this.at(x, () => tg.index(a, spec));
  }

  private axisArg(x: Ast | undefined, a: TNodeId): number | undefined {
    if (!x) return undefined;
    const d = this.constInt(x, 'A dimension');
    const r = this.tg.rank(a);
    if (d < 1 || d > r) {
      this.fail(x, (this.prog.zeroBasedAxes ? l10n('axis {0} is out of range for an array of rank {1} (axes count from 0).', d - 1, r) : l10n('Dimension {0} is out of range for an array of rank {1} (mathjs dimensions start at 1).', d, r)));
    }
    return d - 1;
  }

  /** A reduction's third argument: 1 keeps the reduced axis with size 1 (keepdims), 0 or none drops it. */
  private keepArg(x: Ast | undefined): boolean {
    if (!x) return false;
    if (x.k === 'num' && (x.v === 0 || x.v === 1)) return x.v === 1;
    return this.fail(x, l10n('The third argument of a reduction (keepdims) must be 1 or 0.'));
  }

  private call(x: Extract<Ast, { k: 'call' }>): TNodeId {
    const tg = this.tg;
    const name = x.name;
    const arity = (lo: number, hi = lo) => {
      if (x.args.length < lo || x.args.length > hi) {
        this.fail(x, (hi === 1 ? l10n('{0} takes {1} argument, got {2}.', name, lo === hi ? lo : l10n('{0} to {1}', lo, hi), x.args.length) : l10n('{0} takes {1} arguments, got {2}.', name, lo === hi ? lo : l10n('{0} to {1}', lo, hi), x.args.length)), 'arity');
      }
    };
    if (name === 'map') {
      arity(2);
      const f = x.args[1];
      if (f.k !== 'id' || !lookupFunction(f.name)) this.fail(f, l10n('map needs the name of a function of one argument, e.g. map(X, exp).'));
      return this.call({ ...x, name: f.name, args: [x.args[0]] });
    }
    if (name === 'norm') {
      arity(1, 2);
      const a = this.build(x.args[0]);
      const p = x.args[1];
      if (p && !(p.k === 'str' && p.v === 'fro') && !(p.k === 'num' && p.v === 2)) this.fail(p, l10n('Only the 2-norm and the Frobenius norm ("fro") are supported.'));
      if (p?.k === 'num' && tg.rank(a) === 2) this.fail(p, l10n('The matrix 2-norm (the largest singular value) is not supported; use norm(X, "fro").'));
      return this.at(x, () => tg.norm(a));
    }
    if (name === 'cross_entropy') {
      // logsumexp(z) − z[t] for a class index t, logsumexp(z) − Σ t ⊙ z for a one-hot or probability target;
      // a batch (logits as rows of a matrix) averages (reduction 'mean') or adds the rows' losses
      arity(2, 3);
      const z = this.build(x.args[0]);
      const red = x.args[2]?.k === 'str' ? x.args[2].v : 'mean';
      const rz = tg.rank(z);
      if (rz === 0 || rz > 2) return this.fail(x.args[0], l10n('cross_entropy needs logits as a vector (one sample) or a matrix (one sample per row).'));
      if (x.args[1].k === 'num') {
        const k = x.args[1].v;
        if (rz !== 1) return this.fail(x.args[1], l10n('A class index as the target needs a vector of logits; for a batch give the targets one-hot, as a matrix shaped like the logits.'));
        const len = tg.shape(z)[0];
        if (!Number.isInteger(k) || k < 0 || (typeof len === 'number' && k >= len)) return this.fail(x.args[1], (typeof len === 'number' ? l10n('The class index {0} is out of range for {1} logits (indices start at 0).', k, len) : l10n('The class index {0} is out of range for the logits (indices start at 0).', k)));
        return this.at(x, () => tg.sub(tg.logsumexp(z), tg.index(z, [k])));
      }
      const t = this.build(x.args[1]);
      if (tg.rank(t) !== rz) return this.fail(x.args[1], l10n('The target of cross_entropy must be a class index (an integer literal) or a one-hot array shaped like the logits; it has rank {0}, the logits rank {1}.', tg.rank(t), rz));
      // PyTorch's definition for probability targets: −Σⱼ tⱼ log_softmax(z)ⱼ = logsumexp(z) Σ t − Σ t ⊙ z, which is
      // logsumexp(z) − Σ t ⊙ z only when t sums to 1 (a one-hot row does; a soft or unnormalised target need not)
      return this.at(x, () => {
        if (rz === 1) return tg.neg(tg.sum(tg.mul(t, tg.logSoftmax(z))));
        const rows = tg.neg(tg.sum(tg.mul(t, tg.logSoftmax(z, 1)), 1));
        return red === 'sum' ? tg.sum(rows) : tg.mean(rows);
      });
    }
    const args = x.args.map((a) => this.build(a));
    return this.at(x, () => {
      switch (name) {
        case 'sum': arity(1, 3); return x.args[1] ? tg.sum(args[0], this.axisArg(x.args[1], args[0]), this.keepArg(x.args[2])) : tg.sum(args[0]);
        case 'mean': arity(1, 3); return tg.mean(args[0], this.axisArg(x.args[1], args[0]), this.keepArg(x.args[2]));
        // max and min along a dimension (the dialects' np.max(X, axis=k), max(X, [], k), maximum(X; dims=k), X.rowwise().maxCoeff()); min = −max(−X)
        case 'max_axis': case 'min_axis': {
          arity(2, 3);
          const ax = this.axisArg(x.args[1], args[0])!;
          const keep = this.keepArg(x.args[2]);
          return name === 'max_axis' ? tg.amax(args[0], ax, keep) : tg.neg(tg.amax(tg.neg(args[0]), ax, keep));
        }
        // MATLAB's sum(X) and mean(X): down the columns of a matrix, over all entries of a vector
        case 'sum_columns': arity(1); return tg.rank(args[0]) >= 2 ? tg.sum(args[0], 0) : tg.sum(args[0]);
        case 'mean_columns': arity(1); return tg.mean(args[0], tg.rank(args[0]) >= 2 ? 0 : undefined);
        case 'dot': arity(2); return tg.dot(args[0], args[1]);
        case 'outer': arity(2); return tg.outer(args[0], args[1]);
        case 'kron': arity(2); return tg.kron(args[0], args[1]);
        case 'trace': arity(1); return tg.trace(args[0]);
        case 'det': arity(1); return tg.det(args[0]);
        case 'logdet': arity(1); return tg.logdet(args[0]);
        case 'inv': arity(1); return tg.inv(args[0]);
        case 'transpose': arity(1); return tg.transpose(args[0]);
        case 'diag': arity(1); return tg.diag(args[0]);
        case 'solve': case 'lusolve': arity(2); return tg.solve(args[0], args[1]);
        case 'softmax': arity(1, 2); return tg.softmax(args[0], this.axisArg(x.args[1], args[0]));
        case 'log_softmax': case 'logsoftmax': case 'logSoftmax': arity(1, 2); return tg.logSoftmax(args[0], this.axisArg(x.args[1], args[0]));
        case 'where': arity(3); return tg.where(args[0], args[1], args[2]);
        case 'flatten': arity(1); return tg.flatten(args[0]);
        // variance and standard deviation: Σ(x − x̄)² / (n − ddof), over every entry or along an axis (ddof from the reader)
        case 'variance': case 'stdev': {
          arity(2, 4);
          const ddof = this.constInt(x.args[1], 'ddof');
          const ax = this.axisArg(x.args[2], args[0]);
          const keep = this.keepArg(x.args[3]);
          const a = args[0];
          const sq = tg.pow(tg.sub(a, ax === undefined ? tg.mean(a) : tg.mean(a, ax, true)), tg.num(2));
          const n = tg.count(ax === undefined ? tg.shape(a) : [tg.shape(a)[ax]]);
          const v = tg.div(ax === undefined ? tg.sum(sq) : tg.sum(sq, ax, keep), ddof ? tg.sub(n, tg.num(ddof)) : n);
          return name === 'stdev' ? tg.fn('sqrt', [v]) : v;
        }
        // sizes as numbers: Python's len (the first axis), MATLAB/Julia numel (every entry) and length of a vector
        case 'len': case 'numel': case 'length': {
          arity(1);
          const s = tg.shape(args[0]);
          if (s.length === 0) return this.fail(x.args[0], l10n('{0} needs a vector or a matrix', name));
          if (name === 'length' && s.length > 1) return this.fail(x.args[0], l10n('length of a matrix is its largest size, which depends on the sizes; use size(X, 1) or numel(X).'));
          return tg.count(name === 'numel' ? s : [s[0]]);
        }
        case 'reshape': {
          arity(2);
          const dims = x.args[1];
          if (dims.k !== 'arr') return this.fail(dims, l10n('reshape needs the new sizes as a list, e.g. reshape(X, [6, 2]).'));
          return tg.reshape(args[0], dims.items.map((d) => this.constInt(d, 'A size')));
        }
        case 'logsumexp':
          if (args.length === 1 || (args.length === 2 && !tg.isScalar(args[0]) && x.args[1].k === 'num')) {
            return tg.logsumexp(args[0], this.axisArg(x.args[1], args[0]));
          }
          if (args.length === 3 && !tg.isScalar(args[0]) && x.args[1].k === 'num' && this.keepArg(x.args[2])) {
            // keepdims: the reduced axis kept with size 1 (a column of row results, or a row of column results)
            const ax = this.axisArg(x.args[1], args[0])!;
            return tg.reshape(tg.logsumexp(args[0], ax), tg.shape(args[0]).map((d, i) => (i === ax ? 1 : d)));
          }
          break;
        case 'max_columns': case 'min_columns': {
          // MATLAB's max(X) of a matrix is the row of column maxima: say so rather than reduce every entry
          arity(1);
          const ax = tg.rank(args[0]) >= 2 ? 0 : undefined;
          return name === 'max_columns' ? tg.amax(args[0], ax) : tg.neg(tg.amax(tg.neg(args[0]), ax));
        }
        case 'max': case 'min':
          // over every entry of a vector or a matrix; min(x) = −max(−x)
          if (args.length === 1 && !tg.isScalar(args[0])) return name === 'max' ? tg.amax(args[0]) : tg.neg(tg.amax(tg.neg(args[0])));
          // mathjs: max(X, 1) and max(X, 2) of a matrix go along that dimension (max(X, 0) and a vector's max(x, c) stay elementwise)
          if (args.length === 2 && tg.rank(args[0]) === 2 && x.args[1].k === 'num' && (x.args[1].v === 1 || x.args[1].v === 2)) {
            const ax = x.args[1].v - 1;
            return name === 'max' ? tg.amax(args[0], ax) : tg.neg(tg.amax(tg.neg(args[0]), ax));
          }
          break;
        default: break;
      }
      const def = lookupFunction(name);
      if (!def) return this.fail(x.nameSp, l10n("Unknown function '{0}' for arrays.", name), 'unknown-function');
      return tg.fn(FUNCTIONS.has(name) ? name : def.name, args);
    });
  }
}
