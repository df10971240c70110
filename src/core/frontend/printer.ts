import type { BinOp, Expr } from './ast';
import { run, type Rec } from '../stack';
import { Emitter } from './emit';

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

export class Printer {
  constructor(
    readonly em: Emitter,
    /** The mathjs-safe spelling of a variable name. */
    private readonly nameOf: (name: string) => string,
    /** Names replaced by text (claims that use earlier claims). */
    private readonly inline?: Map<string, string>,
    /** Free names that shadow an engine constant (a variable called e): constants are spelled otherwise then. */
    private readonly variables?: ReadonlySet<string>,
  ) {}

  /**
   * Prints x, in brackets when precedence needs them — or when its parent's source text reaches further
   * than x (\frac{a}{b}, `a if c else b`, \sin^2 x): brackets standing for the parent's start (`open`) or
   * end (`close`) give the parent's graph node the span of the whole construct.
   */
  expr(x: Expr, min = 0, open?: number, close?: number): void {
    run(this.exprG(x, min, open, close));
  }

  /** The printer recurses through `run` (src/core/stack.ts): 10 000 levels of nesting cost heap, not call stack. */
  private *exprG(x: Expr, min = 0, open?: number, close?: number): Rec<void> {
    // A long sum is a left-deep chain of binary nodes: its left spine is walked in a loop, not by recursion.
    const frames: { b: Extract<Expr, { k: 'bin' }>; wrap: boolean; end: number }[] = [];
    let cur = x;
    for (;;) {
      const bracketed = cur.ps !== undefined && cur.pe !== undefined;
      const wrap = precOf(cur) < min || open !== undefined || close !== undefined || bracketed;
      if (wrap) this.em.put('(', open ?? (bracketed ? cur.ps : cur.s));
      const end = close ?? (bracketed ? cur.pe! : cur.e);
      if (cur.k !== 'bin') {
        yield this.inner(cur);
        if (wrap) this.em.put(')', undefined, end);
        this.em.covered(end);
        break;
      }
      frames.push({ b: cur, wrap, end });
      const p = BIN_PREC[cur.op];
      min = cur.op === '^' ? 15 : p === 5 ? 10 : p;
      open = cur.s < cur.a.s ? cur.s : undefined;
      close = undefined;
      cur = cur.a;
    }
    for (let i = frames.length - 1; i >= 0; i--) {
      const { b, wrap, end } = frames[i];
      const p = BIN_PREC[b.op];
      this.em.put(b.op === '^' ? '^' : ` ${b.op} `);
      yield this.exprG(b.b, b.op === '^' ? 14 : p === 5 ? 10 : p + 1, undefined, b.e > b.b.e ? b.e : undefined);
      if (wrap) this.em.put(')', undefined, end);
      this.em.covered(end);
    }
  }

  private *inner(x: Expr): Rec<void> {
    const em = this.em;
    switch (x.k) {
      case 'num':
        em.piece(Number.isFinite(x.v) ? String(x.v) : 'Infinity', x.s, x.e);
        return;
      case 'const':
        em.piece(constSpelling(x.name, this.variables), x.s, x.e);
        return;
      case 'id': {
        const inl = this.inline?.get(x.name);
        if (inl !== undefined) {
          em.put(`(${inl})`, x.s, x.e);
          em.covered(x.e);
        } else em.piece(this.nameOf(x.name), x.s, x.e);
        return;
      }
      case 'un':
        em.put(x.op === '-' ? '-' : 'not ', x.s);
        yield this.exprG(x.a, x.op === '-' ? 12 : 13);
        return;
      case 'cond':
        yield this.exprG(x.c, 2, x.s < x.c.s ? x.s : undefined);
        em.put(' ? ');
        yield this.exprG(x.a, 2);
        em.put(' : ');
        yield this.exprG(x.b, 2, undefined, x.e > x.b.e ? x.e : undefined);
        return;
      case 'fn': {
        em.piece(x.name, x.ns, Math.max(x.ns + 1, Math.min(x.e, x.ns + x.name.length)));
        em.put('(');
        for (let i = 0; i < x.args.length; i++) {
          if (i) em.put(', ');
          yield this.exprG(x.args[i], 0);
        }
        em.put(')', undefined, x.e);
        return;
      }
      default:
        throw new Error(`unresolved ${x.k}`);
    }
  }
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
