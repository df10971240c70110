import type { BinOp, Expr } from './ast';
import { run, type Rec } from '../stack';
import { Emitter } from './emit';
import type { SNode } from './mathsyntax';

/** Prints resolved expressions in mathjs syntax, with only the brackets mathjs needs. */
const BIN_PREC: Record<BinOp, number> = { or: 2, and: 3, '<': 5, '<=': 5, '>': 5, '>=': 5, '==': 5, '!=': 5, '+': 10, '-': 10, '*': 11, '/': 11, '^': 14 };

function precOf(x: Expr): number {
  switch (x.k) {
    case 'cond': return 1;
    case 'bin': return BIN_PREC[x.op];
    case 'un': return 12;
    default: return 100;
  }
}

/** The mathjs function name of each binary operator, as the project's parser (mathsyntax.ts) names it. */
const BIN_FN: Record<BinOp, string> = {
  or: 'or', and: 'and', '<': 'smaller', '<=': 'smallerEq', '>': 'larger', '>=': 'largerEq', '==': 'equal', '!=': 'unequal',
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '^': 'pow',
};
/** Names the project's parser does not read as a plain symbol (operators, non-number constants, number constants). */
const NOT_SYMBOL = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);
const SYMBOL = /^[A-Za-z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F][\w$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]*$/;

/** A name that the project's parser reads back as one SymbolNode of that name (so a tree built here matches it). */
export function plainSymbol(name: string): boolean {
  return SYMBOL.test(name) && !NOT_SYMBOL.has(name);
}

export class Printer {
  /**
   * With `tree`, printing also builds the syntax tree the project's parser (mathsyntax.ts) would read back from
   * the printed text, node for node, with `_span`s as offsets into the printed text (`toSource` maps them to the
   * user's text). Where the printed text would not read back as such a tree (a name the parser reads otherwise,
   * an inlined claim), `tree` becomes false and the caller lowers the text instead.
   */
  readonly nodes: SNode[] = [];

  constructor(
    readonly em: Emitter,
    /** The mathjs-safe spelling of a variable name. */
    private readonly nameOf: (name: string) => string,
    /** Names replaced by text (claims that use earlier claims). */
    private readonly inline?: Map<string, string>,
    /** Free names that shadow an engine constant (a variable called e): constants are spelled otherwise then. */
    private readonly variables?: ReadonlySet<string>,
    public tree = false,
  ) {}

  /**
   * Prints x, in brackets when precedence needs them — or when its parent's source text reaches further
   * than x (\frac{a}{b}, `a if c else b`, \sin^2 x): brackets standing for the parent's start (`open`) or
   * end (`close`) give the parent's graph node the span of the whole construct. Returns the syntax tree of
   * what it printed when building one.
   */
  expr(x: Expr, min = 0, open?: number, close?: number): SNode | undefined {
    return run(this.exprG(x, min, open, close));
  }

  /** A name printed as a symbol: its node, spanning the piece just printed from `start`. */
  symbol(name: string, start: number): SNode | undefined {
    if (!this.tree) return undefined;
    let plain = this.plain.get(name);
    if (plain === undefined) this.plain.set(name, (plain = plainSymbol(name))); // once per name, not per occurrence
    if (!plain) {
      this.tree = false;
      return undefined;
    }
    return this.node({ type: 'SymbolNode', name, _span: { start, end: this.em.textLength } });
  }

  private readonly plain = new Map<string, boolean>();

  node(n: SNode): SNode {
    this.nodes.push(n);
    return n;
  }

  /** Turns every built node's spans from offsets in the printed text into offsets in the user's text. */
  toSource(map: (offset: number) => number): void {
    // every node has its own span objects: moved in place
    for (const n of this.nodes) {
      n._span.start = map(n._span.start);
      n._span.end = map(n._span.end);
      if (n._nameSpan) {
        n._nameSpan.start = map(n._nameSpan.start);
        n._nameSpan.end = map(n._nameSpan.end);
      }
    }
  }

  private paren(content: SNode | undefined, start: number): SNode | undefined {
    if (!this.tree || !content) return content;
    return this.node({ type: 'ParenthesisNode', content, _span: { start, end: this.em.textLength } });
  }

  /** The printer recurses through `run` (src/core/stack.ts): 10 000 levels of nesting cost heap, not call stack. */
  private *exprG(x: Expr, min = 0, open?: number, close?: number): Rec<SNode | undefined> {
    // A long sum is a left-deep chain of binary nodes: its left spine is walked in a loop, not by recursion. The
    // loops over a chain's links are plain methods (descend, climb): V8 runs a long loop inside a generator far
    // slower, and a 200 000-factor product is that many links. The generator yields only for a link whose right
    // operand is not a plain name or number.
    const frames: Frame[] = [];
    const bottom = this.descend(x, min, open, close, frames);
    let node = isLeaf(bottom.cur) ? this.leaf(bottom.cur) : (yield this.inner(bottom.cur)) as SNode | undefined;
    if (bottom.wrap) {
      this.em.put(')', undefined, bottom.end);
      node = this.paren(node, bottom.at);
    }
    this.em.covered(bottom.end);
    for (let i = frames.length - 1; i >= 0; i--) {
      i = this.climb(frames, i, node);
      node = this.climbed;
      if (i < 0) break;
      const b = frames[i].b;
      const p = BIN_PREC[b.op];
      this.em.put(b.op === '^' ? '^' : ` ${b.op} `);
      const right = (yield this.exprG(b.b, b.op === '^' ? 14 : p === 5 ? 10 : p + 1, undefined, b.e > b.b.e ? b.e : undefined)) as SNode | undefined;
      node = this.link(frames[i], node, right);
    }
    return this.tree ? node : undefined;
  }

  /** Down a chain's left spine: its links (outermost first) into `frames`, each with its opening bracket printed. */
  private descend(x: Expr, min: number, open: number | undefined, close: number | undefined, frames: Frame[]): { cur: Expr; wrap: boolean; end: number; at: number } {
    let cur = x;
    for (;;) {
      const bracketed = cur.ps !== undefined && cur.pe !== undefined;
      const wrap = precOf(cur) < min || open !== undefined || close !== undefined || bracketed;
      const at = this.em.textLength;
      if (wrap) this.em.put('(', open ?? (bracketed ? cur.ps : cur.s));
      const end = close ?? (bracketed ? cur.pe! : cur.e);
      if (cur.k !== 'bin') return { cur, wrap, end, at };
      frames.push({ b: cur, wrap, end, at });
      const p = BIN_PREC[cur.op];
      min = cur.op === '^' ? 15 : p === 5 ? 10 : p;
      open = cur.s < cur.a.s ? cur.s : undefined;
      close = undefined;
      cur = cur.a;
    }
  }

  /** The tree built so far by the last `climb`. */
  private climbed: SNode | undefined;

  /**
   * Up the spine from frames[i]: each link whose right operand is a name or number without brackets (what exprG would
   * print for it, without a generator), until one needs exprG: its index (its operator not yet printed), or -1.
   */
  private climb(frames: Frame[], i: number, node: SNode | undefined): number {
    for (; i >= 0; i--) {
      const f = frames[i];
      const b = f.b;
      const r = b.b;
      if (!(isLeaf(r) && b.e <= r.e && !(r.ps !== undefined && r.pe !== undefined))) break;
      this.em.put(b.op === '^' ? '^' : ` ${b.op} `);
      let right = this.leaf(r);
      this.em.covered(r.e);
      if (!this.tree) right = undefined;
      node = this.link(f, node, right);
    }
    this.climbed = node;
    return i;
  }

  /** A link's node from its operands' (when building the tree), its closing bracket printed. */
  private link(f: Frame, node: SNode | undefined, right: SNode | undefined): SNode | undefined {
    const b = f.b;
    if (this.tree && node && right) {
      node = this.node({ type: 'OperatorNode', op: b.op, fn: BIN_FN[b.op], args: [node, right], _span: { start: node._span.start, end: right._span.end } });
    }
    if (f.wrap) {
      this.em.put(')', undefined, f.end);
      node = this.paren(node, f.at);
    }
    this.em.covered(f.end);
    return node;
  }

  /** A number, constant or name, printed (and its node when building the tree). */
  private leaf(x: Extract<Expr, { k: 'num' | 'const' | 'id' }>): SNode | undefined {
    const em = this.em;
    const at = em.textLength;
    switch (x.k) {
      case 'num': {
        const text = Number.isFinite(x.v) ? String(x.v) : 'Infinity';
        em.piece(text, x.s, x.e);
        return this.number(text, at);
      }
      case 'const': {
        const text = constSpelling(x.name, this.variables);
        em.piece(text, x.s, x.e);
        return /^[\d.]/.test(text) || text === 'Infinity' ? this.number(text, at) : this.symbol(text, at);
      }
      case 'id': {
        const inl = this.inline?.get(x.name);
        if (inl !== undefined) {
          em.put(`(${inl})`, x.s, x.e);
          em.covered(x.e);
          this.tree = false; // claims only: they are lowered from their text
          return undefined;
        }
        const name = this.nameOf(x.name);
        em.piece(name, x.s, x.e);
        return this.symbol(name, at);
      }
    }
  }

  private *inner(x: Expr): Rec<SNode | undefined> {
    const em = this.em;
    const at = em.textLength;
    switch (x.k) {
      case 'num': case 'const': case 'id': return this.leaf(x);
      case 'un': {
        em.put(x.op === '-' ? '-' : 'not ', x.s);
        const a = (yield this.exprG(x.a, x.op === '-' ? 12 : 13)) as SNode | undefined;
        if (!this.tree || !a) return undefined;
        return this.node({ type: 'OperatorNode', op: x.op, fn: x.op === '-' ? 'unaryMinus' : 'not', args: [a], _span: { start: at, end: a._span.end } });
      }
      case 'cond': {
        const condition = (yield this.exprG(x.c, 2, x.s < x.c.s ? x.s : undefined)) as SNode | undefined;
        em.put(' ? ');
        const trueExpr = (yield this.exprG(x.a, 2)) as SNode | undefined;
        em.put(' : ');
        const falseExpr = (yield this.exprG(x.b, 2, undefined, x.e > x.b.e ? x.e : undefined)) as SNode | undefined;
        if (!this.tree || !condition || !trueExpr || !falseExpr) return undefined;
        return this.node({ type: 'ConditionalNode', condition, trueExpr, falseExpr, _span: { start: condition._span.start, end: falseExpr._span.end } });
      }
      case 'fn': {
        em.piece(x.name, x.ns, Math.max(x.ns + 1, Math.min(x.e, x.ns + x.name.length)));
        const fn = this.symbol(x.name, at);
        em.put('(');
        const args: SNode[] = [];
        for (let i = 0; i < x.args.length; i++) {
          if (i) em.put(', ');
          const a = (yield this.exprG(x.args[i], 0)) as SNode | undefined;
          if (a) args.push(a);
        }
        em.put(')', undefined, x.e);
        if (!this.tree || !fn) return undefined;
        return this.node({ type: 'FunctionNode', fn, name: x.name, args, _nameSpan: { ...fn._span }, _span: { start: at, end: em.textLength } });
      }
      default:
        throw new Error(`unresolved ${x.k}`);
    }
  }

  /** A number as printed: `-2` reads back as a unary minus of 2. */
  private number(text: string, at: number): SNode | undefined {
    if (!this.tree) return undefined;
    const end = this.em.textLength;
    if (text.startsWith('-')) {
      const a = this.node({ type: 'ConstantNode', value: Number(text.slice(1)), _span: { start: at + 1, end } });
      return this.node({ type: 'OperatorNode', op: '-', fn: 'unaryMinus', args: [a], _span: { start: at, end } });
    }
    return this.node({ type: 'ConstantNode', value: Number(text), _span: { start: at, end } });
  }
}

/** A link of a left-deep chain on the way down: printed on the way up. */
interface Frame { b: Extract<Expr, { k: 'bin' }>; wrap: boolean; end: number; at: number }

function isLeaf(x: Expr): x is Extract<Expr, { k: 'num' | 'const' | 'id' }> {
  return x.k === 'num' || x.k === 'const' || x.k === 'id';
}

/** Mathjs text of an expression, without an offset map. */
export function exprText(x: Expr, nameOf: (n: string) => string, inline?: Map<string, string>, variables?: ReadonlySet<string>): string {
  const p = new Printer(new Emitter(), nameOf, inline, variables);
  p.expr(x);
  return p.em.text;
}

/** Variables an expression reads, in order of first appearance. */
export function freeNames(x: Expr, out: string[] = []): string[] {
  const stack: Expr[] = [x];
  const seen = new Set(out); // a Set: 100 000 distinct names must not cost 100 000² comparisons
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.k) {
      case 'id': if (!seen.has(n.name)) { seen.add(n.name); out.push(n.name); } break;
      case 'un': stack.push(n.a); break;
      case 'bin': stack.push(n.b, n.a); break;
      case 'cond': stack.push(n.b, n.a, n.c); break;
      case 'fn': for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]); break;
      case 'call': for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]); break;
      case 'member': stack.push(n.obj); break;
      default: break;
    }
  }
  return out;
}

/** pi / e as the engine reads them, avoiding a spelling the user's own variable has taken. */
function constSpelling(name: string, variables?: ReadonlySet<string>): string {
  if (!variables?.has(name)) return name;
  const alt = name === 'pi' ? 'PI' : name === 'e' ? 'E' : undefined;
  if (alt && !variables.has(alt)) return alt;
  return String(name === 'pi' ? Math.PI : name === 'e' ? Math.E : name);
}
