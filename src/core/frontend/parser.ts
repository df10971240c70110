import { run, type Rec } from '../stack';
import type { Expr, Name, Stmt } from './ast';
import { errorAtOffset, unsupportedAt } from './errors';
import { typeFirst, type Syntax } from './languages';
import type { Token } from './lexer';
import { setOwn } from '../own';
import { t as l10n } from '../l10n';

/**
 * Parses code (any of the programming languages) into statements. Blocks are flattened: a function
 * header is a statement and its body the statements after it, so one-line and multi-line definitions
 * read the same. Loops, branches and other non-straight-line code are refused where they start.
 */
export interface ParseResult {
  stmts: Stmt[];
  /** Python `import numpy as xp` and friends: alias → module. */
  aliases: Map<string, string>;
}

const LOOPS = new Set(['for', 'while', 'do', 'loop', 'foreach', 'parfor', 'repeat', 'until']);
const BRANCHES = new Set(['if', 'elif', 'else', 'elseif', 'switch', 'match', 'case', 'try', 'catch', 'except', 'finally', 'unless', 'when', 'with', 'goto', 'break', 'continue', 'yield', 'await', 'raise', 'throw']);
const DEFINITIONS = new Set(['class', 'struct', 'impl', 'interface', 'enum', 'namespace', 'template', 'typedef', 'trait', 'module', 'type', 'mutable']);
const SKIP_LINE = new Set(['import', 'from', 'using', 'use', 'package', 'pass', 'global', 'nonlocal', 'extern', 'include', 'pragma', 'format', 'clear', 'clc', 'close', 'hold', 'assert', 'del']);
const MODIFIERS = new Set(['let', 'const', 'var', 'val', 'auto', 'mut', 'static', 'final', 'constexpr', 'consteval', 'readonly', 'export', 'pub', 'inline',
  '__device__', '__host__', '__global__', '__forceinline__', '__inline__', 'register', 'volatile', 'unsigned', 'signed', 'local', 'public', 'private', 'protected',
  'internal', 'override', 'virtual', 'async', 'unsafe', 'extern', 'default', 'noexcept', 'restrict', '__restrict__', 'declare', 'sealed', 'new']);
/** Scalar types: a cast `(double) x` or a conversion `float(x)` is the identity. */
export const SCALAR_TYPES = new Set(['double', 'float', 'int', 'long', 'short', 'real', 'f64', 'f32', 'float64', 'float32', 'Float64', 'Float32', 'Float16', 'decimal',
  'number', 'Number', 'Double', 'Float', 'Real', 'scalar_t', 'half', 'bfloat16', 'complex', 'unsigned', 'signed', 'i32', 'i64', 'usize', 'isize', 'u32', 'u64', 'Int', 'Int64', 'Int32', 'single']);

const PRINTS = new Set(['print', 'println', 'printf', 'console', 'disp', 'display', 'fprintf', 'puts', 'println!', 'print!', 'eprintln!', 'assert', 'logging', 'fmt', 'System']);
const LEAD_MODIFIERS = new Set(['export', 'default', 'async', 'pub', 'unsafe', 'extern', 'const', 'public', 'private', 'protected', 'static', 'inline']);
const DEF_WORDS = new Set(['function', 'fn', 'def', 'func']);

/** Deeper nesting is refused, with the position where the limit was crossed (the engine's limit on brackets is the same). */
export const MAX_NESTING = 100_000;

const PARAM_MODIFIERS = new Set(['mut', 'const', 'ref', 'in', 'out', 'var', 'let', 'final', 'readonly', 'inout']);
const ASSIGN_OPS = ['=', ':=', '+=', '-=', '*=', '/=', '**=', '^='];

const PREC = { cond: 1, or: 2, and: 3, not: 4, cmp: 5, bitor: 6, xor: 7, bitand: 8, shift: 9, add: 10, mul: 11, unary: 12, pow: 13 } as const;

export function parseCode(tokens: Token[], syn: Syntax, source: string): ParseResult {
  return new CodeParser(tokens, syn, source).run();
}

class CodeParser {
  private i = 0;
  private readonly stmts: Stmt[] = [];
  private readonly aliases = new Map<string, string>();
  private readonly close: Int32Array;
  /** Template type parameters: `T(x)` converts. */
  private readonly typeNames = new Set<string>();

  constructor(private readonly toks: Token[], private readonly syn: Syntax, private readonly source: string) {
    this.close = matchAll(toks);
  }

  run(): ParseResult {
    while (!this.atEnd()) {
      if (this.isSep()) { this.i++; continue; }
      const start = this.i;
      this.statement();
      if (this.i === start) throw this.unexpected(this.peek());
      const headerOnly = this.stmts[this.stmts.length - 1]?.k === 'func'; // def f(x): return … on one line
      if (!headerOnly && !this.isSep() && !this.atEnd()) {
        const t = this.peek();
        if (t.t === 'op' && ASSIGN_OPS.includes(t.v)) throw this.badTarget(start, t);
        if (!(t.t === 'op' && (t.v === '{' || t.v === '}'))) throw this.unexpected(t);
      }
    }
    return { stmts: this.stmts, aliases: this.aliases };
  }

  // ---- tokens ----------------------------------------------------------------------------------------
  private peek(o = 0): Token { return this.toks[Math.min(this.i + o, this.toks.length - 1)]; }
  private atEnd(): boolean { return this.peek().t === 'eof'; }
  private is(v: string, o = 0): boolean { const t = this.peek(o); return (t.t === 'op' || t.t === 'id') && t.v === v; }
  private isOp(v: string, o = 0): boolean { const t = this.peek(o); return t.t === 'op' && t.v === v; }
  private isSep(o = 0): boolean {
    const t = this.peek(o);
    return t.t === 'nl' || (t.t === 'op' && (t.v === ';' || t.v === '}' || t.v === '{'))
      || (t.t === 'id' && t.v === 'end' && (this.syn.lang === 'julia' || this.syn.lang === 'matlab'));
  }
  private endOfStatement(o = 0): boolean { return this.isSep(o) || this.peek(o).t === 'eof'; }
  private next(): Token { const t = this.peek(); if (t.t !== 'eof') this.i++; return t; }
  private expect(v: string): Token {
    if (!this.is(v)) {
      const t = this.peek();
      if (t.t === 'op' && t.v === '=') throw this.unexpected(t); // `(x = 2)`: names the assignment
      throw errorAtOffset(this.source, t.s, l10n("Expected '{0}' but found {1}", v, describe(t)), 'parse', t.e);
    }
    return this.next();
  }
  private unexpected(t: Token): Error {
    if (t.t === 'op' && t.v === '=') return errorAtOffset(this.source, t.s, l10n("An assignment '=' inside an expression (write '==' to compare)"), 'parse', t.e);
    return errorAtOffset(this.source, t.s, l10n('Unexpected {0}', describe(t)), 'parse', t.e);
  }

  /** `<something> = …` where the left side is not a target Partials reads: the message names what it is. */
  private badTarget(from: number, op: Token): Error {
    const first = this.toks[from];
    const left = this.source.slice(first.s, op.s).trim();
    const stmt = this.stmts[this.stmts.length - 1];
    const x = stmt?.k === 'expr' ? stmt.value : undefined;
    const what = x?.k === 'call' ? l10n('a function call') : x?.k === 'bin' || x?.k === 'un' ? l10n('an expression') : (x?.k === 'member' ? l10n('a member of an expression') : l10n('this'));
    return unsupportedAt(this.source, first.s, l10n("an assignment to {0} ('{1}') on the left of '{2}'", what, clip(left), op.v), op.e,
      l10n('the left of = can be a name, an element x[0], a field s.x or a pointer *p'));
  }
  private skipLine(): void { while (!this.endOfStatement()) this.i++; }
  private push(...s: Stmt[]): void {
    for (const st of s) if (st.k === 'func') st.bodyEnd = this.bodyEnd(st);
    this.stmts.push(...s);
  }

  /** Where a function's body ends, decided when its header has just been read. */
  private bodyEnd(f: Extract<Stmt, { k: 'func' }>): number | undefined {
    const t = this.peek();
    if (t.t === 'op' && t.v === '{') return this.close[this.i] >= 0 ? this.toks[this.close[this.i]].s : this.source.length;
    if (this.syn.lang === 'python' && this.source.startsWith('def', f.s)) return pythonBodyEnd(this.source, f.s, f.e);
    if (this.source.startsWith('function', f.s) && (this.syn.lang === 'julia' || this.syn.lang === 'matlab' || this.syn.lang === 'math')) {
      for (let k = this.i; k < this.toks.length; k++) if (this.toks[k].t === 'id' && this.toks[k].v === 'end') return this.toks[k].s;
      return this.source.length;
    }
    return undefined; // an expression body: the next statement
  }

  // ---- statements ------------------------------------------------------------------------------------
  private statement(): void {
    const t = this.peek();
    if (t.t === 'str') { // docstrings and stray strings
      this.next();
      if (!this.endOfStatement()) throw this.unexpected(this.peek());
      return;
    }
    if (t.t === 'op' && t.v === '@' && this.syn.lang === 'python') { this.skipLine(); return; } // decorators
    if (t.t === 'op' && t.v === '@' && this.syn.lang === 'julia' && (this.peek(1).t === 'id' || this.isOp('.', 1))) {
      this.next(); // macros: @. y = exp(x), @inline f(x) = …, @fastmath …
      this.next();
      if (!this.endOfStatement()) this.statement();
      return;
    }
    if (t.t === 'id' && PRINTS.has(t.v) && (this.isOp('(', 1) || (this.peek(1).t === 'str') || this.isOp('.', 1))) {
      this.skipLine(); // print(y), console.log(y), disp(y): output, not math
      return;
    }
    // export function f…, pub fn f…, async function f…
    while (t.t === 'id' && LEAD_MODIFIERS.has(this.peek().v) && this.peek(1).t === 'id' && (DEF_WORDS.has(this.peek(1).v) || LEAD_MODIFIERS.has(this.peek(1).v))) this.next();
    if (t !== this.peek()) { this.statement(); return; }
    if (t.t === 'id' && t.v === 'template' && this.isOp('<', 1)) {
      // template <typename T>: T(0.5) is then a conversion, not a call
      this.next();
      const open = this.i;
      this.skipAngles();
      for (let k = open; k < this.i; k++) if ((this.toks[k].v === 'typename' || this.toks[k].v === 'class') && this.toks[k + 1]?.t === 'id') this.typeNames.add(this.toks[k + 1].v);
      while (this.peek().t === 'nl') this.next();
      if (!this.atEnd()) this.statement(); // the templated declaration
      return;
    }
    if (t.t === 'id') {
      const v = t.v;
      if (LOOPS.has(v) && !this.isOp('=', 1)) throw unsupportedAt(this.source, t.s, l10n("a loop ('{0}')", v), t.e, l10n('select straight-line code, or the formula inside the loop'));
      if (BRANCHES.has(v) && !this.isOp('=', 1)) {
        const branch = ['if', 'elif', 'else', 'elseif', 'switch', 'match', 'case', 'unless', 'when'].includes(v);
        throw unsupportedAt(this.source, t.s, `${/^[aeiou]/.test(v) ? 'an' : 'a'} '${v}' statement`, t.e,
          (branch ? l10n('branches are supported as conditional expressions (a if c else b, c ? a : b)') : l10n('select the formula without it')));
      }
      if (DEFINITIONS.has(v) && this.peek(1).t === 'id') throw unsupportedAt(this.source, t.s, l10n("a '{0}' definition", v), t.e, l10n('select one function or a few lines of straight-line code'));
      if (v === 'import' || v === 'from') { this.importLine(); return; }
      if (SKIP_LINE.has(v) && !this.isOp('=', 1) && !this.isOp('(', 1)) { this.skipLine(); return; }
      if (v === 'return') { this.returnStmt(); return; }
      if (v === 'def' && this.peek(1).t === 'id') { this.pyDef(); return; }
      if (v === 'function' && (this.peek(1).t === 'id' || this.isOp('[', 1) || this.isOp('(', 1))) { this.functionKeyword(); return; }
      if (v === 'fn' && this.peek(1).t === 'id') { this.rustFn(); return; }
      if (v === 'func' && (this.peek(1).t === 'id' || this.isOp('(', 1))) { this.goFunc(); return; }
    }
    const anon = this.tryAnonymous(undefined, t.s);
    if (anon) return;
    this.declarationOrExpression();
  }

  private importLine(): void {
    // import numpy as np / import torch.nn.functional as F / from jax import numpy as jnp
    const words: string[] = [];
    while (!this.endOfStatement()) words.push(this.next().v);
    const text = words.join(' ').replace(/ \. /g, '.');
    const from = /^from ([\w.]+) import (.*)$/.exec(text);
    const list = from ? from[2] : text.replace(/^import /, '');
    for (const part of list.split(',')) {
      const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part.replace(/[()]/g, ''));
      if (!m) continue;
      const full = from ? `${from[1]}.${m[1]}` : m[1];
      if (m[2]) this.aliases.set(m[2], full);
      else if (from) this.aliases.set(m[1], full);
    }
  }

  private returnStmt(): void {
    const r = this.next();
    if (this.endOfStatement()) throw errorAtOffset(this.source, r.s, l10n('A return without a value'), 'parse', r.e);
    const values = [this.expression()];
    while (this.isOp(',')) { this.next(); values.push(this.expression()); }
    this.push({ k: 'return', values, s: r.s, e: values[values.length - 1].e });
  }

  private pyDef(): void {
    const d = this.next();
    const name = this.name();
    const { params, defaults } = this.paramList();
    if (this.isOp('->')) { this.next(); this.skipType([':']); }
    this.expect(':');
    this.push({ k: 'func', name, params, defaults, s: d.s, e: this.peek(-1).e });
  }

  /** JavaScript `function f(x) {`, Julia `function f(x)`, MATLAB `function y = f(x)` / `function [a, b] = f(x)`. */
  private functionKeyword(): void {
    const kw = this.next();
    let out: Name | undefined;
    const outs: Name[] = [];
    if (this.syn.lang === 'matlab' || this.syn.lang === 'julia' || this.syn.lang === 'math') {
      if (this.isOp('[')) { // function [a, b] = f(x)
        this.next();
        while (!this.isOp(']')) {
          if (this.endOfStatement()) throw errorAtOffset(this.source, this.peek().s, l10n("Expected ']'"), 'parse');
          if (this.peek().t === 'id') outs.push(this.name());
          else this.next();
        }
        this.next();
        this.expect('=');
      }
      if (this.peek().t === 'id' && this.isOp('=', 1)) {
        out = this.name();
        this.next();
      }
    }
    const name = this.peek().t === 'id' ? this.name() : undefined;
    const { params, defaults } = this.paramList();
    if (this.isOp(':') || this.isOp('::')) { this.next(); this.skipType(['{', '=>']); }
    if (this.is('where')) this.skipLine();
    this.push({ k: 'func', name, params, out, outs: outs.length ? outs : undefined, defaults, s: kw.s, e: this.peek(-1).e });
    if (this.isOp('{')) this.next();
  }

  private rustFn(): void {
    const kw = this.next();
    const name = this.name();
    if (this.isOp('<')) this.skipAngles();
    const { params, defaults } = this.paramList();
    if (this.isOp('->')) { this.next(); this.skipType(['{']); }
    this.push({ k: 'func', name, params, defaults, s: kw.s, e: this.peek(-1).e });
  }

  private goFunc(): void {
    const kw = this.next();
    if (this.isOp('(') && this.peek(this.close[this.i] - this.i + 1).t === 'id' && this.isOp('(', this.close[this.i] - this.i + 2)) {
      this.i = this.close[this.i] + 1; // method receiver
    }
    const name = this.peek().t === 'id' ? this.name() : undefined;
    const { params, defaults } = this.paramList();
    this.skipType(['{']);
    this.push({ k: 'func', name, params, defaults, s: kw.s, e: this.peek(-1).e });
  }

  private name(): Name {
    const t = this.next();
    if (t.t !== 'id') throw errorAtOffset(this.source, t.s, l10n('Expected a name but found {0}', describe(t)), 'parse', t.e);
    return { name: t.v, s: t.s, e: t.e };
  }

  /** Skips a type annotation up to (not including) one of the stop tokens or the end of the statement. */
  private skipType(stops: string[]): void {
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.peek();
      if (depth === 0 && (t.t === 'nl' || (t.t === 'op' && (stops.includes(t.v) || t.v === ';' || t.v === '=' || t.v === ',' || t.v === ')')))) return;
      if (t.t === 'op' && (t.v === '<' || t.v === '(' || t.v === '[')) depth++;
      if (t.t === 'op' && (t.v === '>' || t.v === ')' || t.v === ']')) depth--;
      if (depth < 0) return;
      this.i++;
    }
  }

  private skipAngles(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.v === '<') depth++;
      else if (t.v === '>') depth--;
      else if (t.v === '>>') depth -= 2;
      if (t.t === 'eof') return;
    } while (depth > 0);
  }

  /** `(x, y: f64, double z, w float64, v=2.0)` → parameter names in order, and numeric defaults. */
  private paramList(): { params: Name[]; defaults: Record<string, number> } {
    const open = this.expect('(');
    const end = this.close[this.i - 1];
    if (end < 0) throw errorAtOffset(this.source, open.s, l10n("Unclosed '('"), 'parse');
    const params: Name[] = [];
    const defaults: Record<string, number> = {};
    let part: Token[] = [];
    const flush = () => {
      if (!part.length) return;
      const p = this.paramName(part);
      if (p) {
        params.push(p.name);
        if (p.def !== undefined) setOwn(defaults, p.name.name, p.def);
      }
      part = [];
    };
    let depth = 0;
    for (let k = this.i; k < end; k++) {
      const t = this.toks[k];
      if (t.t === 'op' && (t.v === '(' || t.v === '[' || t.v === '<' || t.v === '{')) depth++;
      if (t.t === 'op' && (t.v === ')' || t.v === ']' || t.v === '>' || t.v === '}')) depth--;
      if (depth === 0 && t.t === 'op' && t.v === ',') flush();
      else if (t.t !== 'nl') part.push(t);
    }
    flush();
    this.i = end + 1;
    return { params, defaults };
  }

  private paramName(part: Token[]): { name: Name; def?: number } | undefined {
    const eq = part.findIndex((t) => t.t === 'op' && t.v === '=');
    const decl = eq >= 0 ? part.slice(0, eq) : part;
    let def: number | undefined;
    if (eq >= 0) {
      const rest = part.slice(eq + 1);
      const neg = rest[0]?.v === '-';
      const num = rest[neg ? 1 : 0];
      if (num?.t === 'num' && rest.length === (neg ? 2 : 1)) def = neg ? -num.n! : num.n!;
    }
    const colon = decl.findIndex((t) => t.t === 'op' && (t.v === ':' || t.v === '::'));
    const raw = (colon >= 0 ? decl.slice(0, colon) : decl).filter((t) => t.t === 'id');
    const lastId = raw[raw.length - 1];
    // a modifier word is the name when nothing follows it (C++ `Out* out`)
    const ids = raw.filter((t) => !PARAM_MODIFIERS.has(t.v) || (t === lastId && typeFirst(this.syn.lang) && raw.length > 1));
    if (!ids.length) return undefined;
    const t = colon >= 0 || !typeFirst(this.syn.lang) ? ids[0] : ids[ids.length - 1];
    if (t.v === 'self' || t.v === 'this' || t.v === 'cls') return undefined;
    const name: Name = { name: t.v, s: t.s, e: t.e };
    // double *y, double &y, double y[], out double y, y *float64, y: &mut f64: the function can write through it
    if (this.derefs() || this.syn.lang === 'csharp') {
      if (decl.some((q) => (q.t === 'op' && (q.v === '*' || q.v === '&' || q.v === '&&' || q.v === '[')) || (q.t === 'id' && (q.v === 'out' || q.v === 'ref' || q.v === 'inout')))) name.ref = true;
    }
    return { name, def };
  }

  /**
   * Anonymous functions: `lambda x, y: …`, `(x, y) => …`, `x => …`, `(x) -> …`, `@(x) …`, `|x| …`,
   * `[](double x) { … }`, `function (x) { … }`, `func(x float64) float64 { … }`. On success pushes the
   * header (named `name`) and, for an expression body, a return of it.
   */
  private tryAnonymous(name: Name | undefined, start: number): boolean {
    const t = this.peek();
    const save = this.i;
    let params: Name[] = [];
    let defaults: Record<string, number> = {};
    if (t.t === 'id' && t.v === 'lambda') {
      this.next();
      const names: Token[][] = [[]];
      while (!this.isOp(':') && !this.endOfStatement()) {
        const x = this.next();
        if (x.t === 'op' && x.v === ',') names.push([]);
        else names[names.length - 1].push(x);
      }
      this.expect(':');
      for (const p of names) {
        const pn = p.length ? this.paramName(p) : undefined;
        if (pn) params.push(pn.name);
      }
    } else if (t.t === 'op' && t.v === '@' && this.isOp('(', 1)) {
      this.next();
      ({ params, defaults } = this.paramList());
    } else if (t.t === 'op' && (t.v === '|' || t.v === '||') && this.syn.lang === 'rust') {
      this.next();
      if (t.v === '|') {
        while (!this.isOp('|')) {
          if (this.endOfStatement()) { this.i = save; return false; }
          const p = this.next();
          if (p.t === 'id' && p.v !== 'mut') { params.push({ name: p.v, s: p.s, e: p.e }); if (this.isOp(':')) { this.next(); this.skipType(['|', ',']); } }
        }
        this.next();
      }
      if (this.isOp('->')) { this.next(); this.skipType(['{']); }
    } else if (t.t === 'id' && (t.v === 'function' || t.v === 'func') && this.isOp('(', 1)) {
      this.next();
      ({ params, defaults } = this.paramList());
      if (this.isOp(':')) { this.next(); }
      this.skipType(['{']);
    } else if (t.t === 'op' && t.v === '[' && this.close[this.i] > 0 && this.toks[this.close[this.i] + 1]?.v === '(') {
      this.i = this.close[this.i] + 1; // C++ captures
      ({ params, defaults } = this.paramList());
      while (this.is('mutable') || this.is('constexpr') || this.is('noexcept')) this.next();
      if (this.isOp('->')) { this.next(); this.skipType(['{']); }
      if (!this.isOp('{')) { this.i = save; return false; }
    } else if (t.t === 'op' && t.v === '(' && this.close[this.i] > 0) {
      const after = this.close[this.i] + 1;
      let k = after;
      if (this.toks[k]?.v === ':' || this.toks[k]?.v === '::') { // TS return type
        k++;
        while (this.toks[k] && this.toks[k].t !== 'eof' && this.toks[k].v !== '=>' && this.toks[k].v !== '->' && this.toks[k].t !== 'nl' && this.toks[k].v !== ';') k++;
      }
      if (this.toks[k]?.v !== '=>' && this.toks[k]?.v !== '->') return false;
      ({ params, defaults } = this.paramList());
      this.i = k;
    } else if (t.t === 'id' && (this.isOp('=>', 1) || (this.isOp('->', 1) && this.syn.lang !== 'rust' && this.syn.lang !== 'cpp' && this.syn.lang !== 'c' && this.syn.lang !== 'cuda-cpp'))) {
      params = [{ name: t.v, s: t.s, e: t.e }];
      this.next();
    } else {
      return false;
    }
    if (this.isOp('=>') || this.isOp('->')) this.next();
    this.push({ k: 'func', name, params, defaults, s: start, e: this.peek(-1).e });
    if (this.isOp('{')) { this.next(); return true; }
    if (this.endOfStatement()) throw errorAtOffset(this.source, this.peek().s, l10n('The function has no body'), 'parse');
    const body = this.expression();
    this.push({ k: 'return', values: [body], s: body.s, e: body.e });
    return true;
  }

  /** `double x = …`, `let mut y: f64 = …`, `x := …`, `a, b = …`, `double f(double x) {`, `f(x, y) = …`, or an expression. */
  private declarationOrExpression(): void {
    const start = this.peek().s;
    // prefix: modifiers and types, i.e. every identifier directly followed by another identifier
    let typed = false;
    let goVar = false;
    while (this.peek().t === 'id') {
      const v = this.peek().v;
      if (MODIFIERS.has(v) && (this.peek(1).t === 'id' || this.isOp('[', 1) || this.isOp('(', 1) && v === 'const')) {
        if (v === 'var' && this.syn.lang === 'go') goVar = true;
        this.next();
        if (v === 'let' || v === 'const' || v === 'var' || v === 'auto' || v === 'val') typed = true;
        continue;
      }
      if (goVar) break;
      if (this.peek(1).t === 'id' && !['if', 'else', 'and', 'or', 'not', 'as', 'in', 'where'].includes(this.peek(1).v) && !['not', 'return'].includes(v)) { this.next(); typed = true; continue; }
      if (this.isOp('<', 1) && this.angleTypeAt(this.i + 1)) { this.next(); this.skipAngles(); typed = true; continue; }
      if (this.isOp('::', 1) && this.peek(2).t === 'id' && (this.peek(3).t === 'id' || this.isOp('<', 3))) { this.next(); this.next(); continue; } // std::complex<double> z
      if (this.isOp('*', 1) && typed === false && SCALAR_TYPES.has(v) && this.peek(2).t === 'id') { this.next(); this.next(); typed = true; continue; }
      break;
    }
    if (this.peek().t === 'id' && !typed && this.isOp('(', 1)) {
      // Julia/math `f(x, y) = expr`, or a call used as an expression statement
      const close = this.close[this.i + 1];
      let eq = close + 1;
      if (close > 0 && this.toks[eq]?.v === '::') { // f(x::Float64)::Float64 = …
        eq++;
        while (this.toks[eq] && this.toks[eq].t === 'id' || this.toks[eq]?.v === '{' || this.toks[eq]?.v === '}' || this.toks[eq]?.v === ',') eq++;
      }
      const inner = this.toks.slice(this.i + 2, close);
      const indexed = this.syn.lang === 'matlab' && inner.length > 0 && inner.every((q, j) => (j % 2 === 0 ? q.t === 'num' : q.t === 'op' && q.v === ','));
      if (close > 0 && !indexed && this.toks[eq]?.t === 'op' && this.toks[eq].v === '=') {
        const name = this.name();
        const { params, defaults } = this.paramList();
        this.i = eq + 1;
        this.push({ k: 'func', name, params, defaults, s: start, e: this.peek(-1).e });
        const body = this.expression();
        this.push({ k: 'return', values: [body], s: body.s, e: body.e });
        return;
      }
    }
    if (this.peek().t === 'id' && typed && this.isOp('(', 1)) {
      const close = this.close[this.i + 1];
      const after = this.toks[close + 1];
      if (close > 0 && after && (after.v === '{' || after.v === '=>' || after.v === 'const' || after.v === 'noexcept' || after.v === '->' || after.t === 'nl' || after.t === 'eof')) {
        const name = this.name();
        const { params, defaults } = this.paramList();
        while (this.is('const') || this.is('noexcept') || this.is('override')) this.next();
        if (this.isOp('->')) { this.next(); this.skipType(['{']); }
        this.push({ k: 'func', name, params, defaults, s: start, e: this.peek(-1).e });
        if (this.isOp('=>')) {
          this.next();
          const body = this.expression();
          this.push({ k: 'return', values: [body], s: body.s, e: body.e });
        } else if (this.isOp('{')) this.next();
        return;
      }
    }
    if ((this.peek().t === 'id' || (this.isOp('*') && this.derefs())) && (typed || this.isAssignAhead())) {
      this.assignment(start, typed);
      return;
    }
    if (typed && this.endOfStatement()) return; // a declaration without a value
    const value = this.expression();
    if (this.isOp(',') && this.syn.lang !== 'python') throw this.unexpected(this.peek());
    this.push({ k: 'expr', value, s: value.s, e: value.e });
  }

  private angleTypeAt(k: number): boolean {
    // Func<double, double> f = … : a generic type when the matching '>' is followed by a name
    let depth = 0;
    for (let j = k; j < this.toks.length; j++) {
      const t = this.toks[j];
      if (t.t === 'nl' || t.t === 'eof' || (t.t === 'op' && (t.v === ';' || t.v === '='))) return false;
      if (t.v === '<') depth++;
      else if (t.v === '>') depth--;
      else if (t.v === '>>') depth -= 2;
      if (depth <= 0) return this.toks[j + 1]?.t === 'id';
    }
    return false;
  }

  /** True when the statement is `name [, name]* (: type)? (=|:=|+=…) …`. */
  private isAssignAhead(): boolean {
    let k = this.i;
    for (;;) {
      const after = this.targetEnd(k);
      if (after < 0) return false;
      const plain = after === k + 1;
      k = after;
      if (plain && this.toks[k].t === 'op' && (this.toks[k].v === ':' || this.toks[k].v === '::') && this.syn.lang !== 'matlab') {
        k++;
        let depth = 0;
        while (this.toks[k].t !== 'eof' && this.toks[k].t !== 'nl' && !(depth === 0 && this.toks[k].t === 'op' && (this.toks[k].v === '=' || this.toks[k].v === ';' || this.toks[k].v === ','))) {
          if (this.toks[k].v === '[' || this.toks[k].v === '<' || this.toks[k].v === '(') depth++;
          if (this.toks[k].v === ']' || this.toks[k].v === '>' || this.toks[k].v === ')') depth--;
          k++;
        }
        return this.toks[k].v === '=' || this.toks[k].v === ';' || this.toks[k].t === 'nl' || this.toks[k].t === 'eof';
      }
      const op = this.toks[k];
      if (op.t === 'op' && [...ASSIGN_OPS, '.^='].includes(op.v)) return true;
      if (op.t === 'op' && op.v === ',' && this.syn.lang === 'python') { k++; continue; }
      return false;
    }
  }

  /** C-family pointers: `*p` reads and assigns what p points to. */
  private derefs(): boolean {
    return ['c', 'cpp', 'cuda-cpp', 'go', 'rust'].includes(this.syn.lang);
  }

  /**
   * The token index after an assignment target starting at k, or -1: a name, `*p` (C family), an element
   * `x[0]` (MATLAB `x(1)`), a field `s.x` / `self.y` / `p->x`, or combinations (`out->v[1]`).
   */
  private targetEnd(k: number): number {
    let j = k;
    while (this.derefs() && this.toks[j]?.t === 'op' && this.toks[j].v === '*') j++;
    if (this.toks[j]?.t !== 'id') return -1;
    j++;
    const arrow = this.syn.lang === 'c' || this.syn.lang === 'cpp' || this.syn.lang === 'cuda-cpp';
    for (;;) {
      const t = this.toks[j];
      if (t?.t !== 'op') return j;
      if ((t.v === '.' || (t.v === '->' && arrow)) && this.toks[j + 1]?.t === 'id') { j += 2; continue; }
      if ((t.v === '[' || (t.v === '(' && this.syn.lang === 'matlab')) && this.close[j] > j) { j = this.close[j] + 1; continue; }
      return j;
    }
  }

  /**
   * An assignment target as one scalar name: `*y` is y, `x[0]` is x_0, `self.y` is self_y, `p->x` is p_x
   * (the names reads of the same things get). `base` is the variable it belongs to.
   */
  private target(): Name {
    const first = this.peek();
    const end = this.targetEnd(this.i);
    if (end < 0) {
      const t = this.peek();
      throw errorAtOffset(this.source, t.s, l10n('Expected a name to assign to but found {0}', describe(t)), 'parse', t.e);
    }
    let deref = false;
    while (this.isOp('*')) { this.next(); deref = true; }
    const head = this.next();
    const parts = [head.v];
    while (this.i < end) {
      const t = this.next();
      if (t.v === '.' || t.v === '->') { parts.push(this.next().v); continue; }
      const close = this.close[this.i - 1];
      const inner = this.toks.slice(this.i, close);
      const constant = inner.length > 0 && inner.every((q, j) => (j % 2 === 0 ? q.t === 'num' && /^\d+$/.test(q.v) : q.t === 'op' && q.v === ','));
      if (!constant) {
        const text = this.source.slice(first.s, this.toks[close].e);
        throw unsupportedAt(this.source, first.s, l10n("indexing '{0}' with a computed index on the left of '='", clip(text)), this.toks[close].e,
          l10n('Partials differentiates scalars: give the element a name, or use a constant index such as x[0]'));
      }
      parts.push(...inner.filter((q) => q.t === 'num').map((q) => q.v));
      this.i = close + 1;
    }
    const last = this.peek(-1);
    const name: Name = { name: parts.join('_'), s: first.s, e: last.e };
    if (deref || parts.length > 1) name.base = head.v;
    return name;
  }

  private assignment(start: number, declared: boolean): void {
    const targets: Name[] = [];
    const values: Expr[] = [];
    for (;;) {
      const target = this.target();
      if (this.isOp(':') || this.isOp('::')) { this.next(); this.skipType(['=']); }
      else if (this.syn.lang === 'go' && this.peek().t === 'id') this.skipType(['=']); // var x float64 = …
      if (this.endOfStatement() || this.isOp(',') && declared) {
        if (this.isOp(',')) { this.next(); continue; }
        break; // declaration without a value
      }
      if (this.isOp(',') && !declared) { this.next(); targets.push(target); continue; }
      const op = this.next();
      if (!ASSIGN_OPS.includes(op.v)) throw this.unexpected(op);
      if (op.v === '^=' && this.syn.pow === 'none') throw unsupportedAt(this.source, op.s, l10n("the bitwise operator '^='"), op.e);
      targets.push(target);
      if (targets.length === 1 && op.v === '=' || op.v === ':=') {
        if (this.tryAnonymous(target, start)) return;
      }
      let value = this.expression();
      while (op.v === '=' && value.k === 'id' && this.isOp('=') && !declared) { // a = b = x * 2
        targets.push({ name: value.name, s: value.s, e: value.e });
        this.next();
        value = this.expression();
      }
      if (targets.length > 1 && op.v === '=' && !declared && !this.isOp(',')) {
        const t0 = targets.splice(0);
        t0.forEach((t) => this.push(this.assignStmt([t], [value])));
        return;
      }
      if (op.v.length > 1 && op.v !== ':=') {
        const bop = op.v === '**=' || op.v === '^=' ? '^' : (op.v[0] as '+' | '-' | '*' | '/');
        value = { k: 'bin', op: bop, a: { k: 'id', name: target.name, s: target.s, e: target.e }, b: value, s: target.s, e: value.e };
      }
      values.push(value);
      while (this.isOp(',') && !declared) { this.next(); values.push(this.expression()); }
      if (declared && this.isOp(',')) {
        this.push(this.assignStmt(targets.splice(0), values.splice(0)));
        this.next();
        continue;
      }
      break;
    }
    if (targets.length) this.push(this.assignStmt(targets, values));
  }

  private assignStmt(targets: Name[], values: Expr[]): Stmt {
    if (targets.length !== values.length) {
      const t = targets[0];
      throw unsupportedAt(this.source, t.s, (values.length === 1 ? l10n('unpacking {0} value into {1} names', values.length, targets.length) : l10n('unpacking {0} values into {1} names', values.length, targets.length)), t.e);
    }
    return { k: 'assign', targets, values, s: targets[0].s, e: values[values.length - 1].e };
  }

  // ---- expressions (precedence climbing) -------------------------------------------------------------
  private depth = 0;

  /**
   * An expression, parsed through `run` (src/core/stack.ts): the methods below are generators that yield their
   * recursive calls, so nesting costs heap, not call stack (10 000 levels are a tested target).
   */
  expression(min: number = PREC.cond): Expr {
    const depth = this.depth;
    try {
      return run(this.exprG(min));
    } finally {
      this.depth = depth;
    }
  }

  private *exprG(min: number = PREC.cond): Rec<Expr> {
    if (++this.depth > MAX_NESTING) {
      throw errorAtOffset(this.source, this.peek().s, l10n('The expression is nested too deeply (more than {0} levels)', MAX_NESTING), 'limit');
    }
    const x = (yield this.expressionAt(min)) as Expr;
    this.depth--;
    return x;
  }

  private *expressionAt(min: number): Rec<Expr> {
    let left = ((yield this.unary(min)) as Expr);
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof' || t.t === 'nl' || t.t === 'str') return left;
      const v = t.v;
      // Python conditional expression: a if c else b
      if (t.t === 'id' && v === 'if' && this.syn.lang === 'python' && min <= PREC.cond) {
        this.next();
        const c = ((yield this.exprG(PREC.or)) as Expr);
        this.expect('else');
        const b = ((yield this.exprG(PREC.cond)) as Expr);
        left = { k: 'cond', c, a: left, b, s: left.s, e: b.e };
        continue;
      }
      if (t.t === 'op' && v === '?' && min <= PREC.cond) {
        this.next();
        const a = ((yield this.exprG(PREC.cond)) as Expr);
        this.expect(':');
        const b = ((yield this.exprG(PREC.cond)) as Expr);
        left = { k: 'cond', c: left, a, b, s: left.s, e: b.e };
        continue;
      }
      const info = binaryInfo(t, this.syn);
      if (!info) {
        // Julia/implicit juxtaposition handled in unary(); anything else ends the expression
        return left;
      }
      if (info.prec < min) return left;
      if (info.refuse) throw unsupportedAt(this.source, t.s, info.refuse, t.e, info.hint);
      this.next();
      if (info.op === 'cmp-chain') throw this.unexpected(t);
      const rightMin = info.right ? info.prec : info.prec + 1;
      const right = ((yield this.exprG(rightMin)) as Expr);
      if (info.prec === PREC.cmp && left.k === 'bin' && isComparison(left.op) && this.syn.lang === 'python') {
        // Python chains a < b < c as a < b and b < c
        left = { k: 'bin', op: 'and', a: left, b: { k: 'bin', op: info.op as never, a: left.b, b: right, s: left.b.s, e: right.e }, s: left.s, e: right.e };
      } else {
        left = { k: 'bin', op: info.op as never, a: left, b: right, s: left.s, e: right.e };
      }
    }
  }

  private *unary(min: number): Rec<Expr> {
    const t = this.peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~' || t.v === '√' || t.v === '∛')) {
      this.next();
      if (t.v === '~' && this.syn.lang !== 'matlab') throw unsupportedAt(this.source, t.s, l10n("the bitwise operator '~'"), t.e);
      const a = ((yield this.exprG(Math.max(PREC.unary, min))) as Expr);
      const pos = { s: t.s, e: a.e };
      if (t.v === '-') return { k: 'un', op: '-', a, ...pos };
      if (t.v === '+') return a;
      if (t.v === '√' || t.v === '∛') return { k: 'fn', name: t.v === '√' ? 'sqrt' : 'cbrt', args: [a], ns: t.s, ...pos };
      return { k: 'un', op: 'not', a, ...pos };
    }
    if (t.t === 'op' && t.v === '*' && this.derefs() && (this.peek(1).t === 'id' || this.isOp('*', 1))) { // *p reads what p points to: the scalar p
      this.next();
      const a = ((yield this.exprG(Math.max(PREC.unary, min))) as Expr);
      return { ...a, ps: t.s, pe: a.pe ?? a.e };
    }
    if (t.t === 'id' && t.v === 'not' && (this.syn.lang === 'python' || this.syn.lang === 'math')) {
      this.next();
      const a = ((yield this.exprG(PREC.cmp)) as Expr);
      return { k: 'un', op: 'not', a, s: t.s, e: a.e };
    }
    let x = ((yield this.postfix((yield this.primary()) as Expr)) as Expr);
    // Julia: 2x, 2(x + 1), 2π
    while (this.syn.juxtapose && x.k === 'num' && (this.peek().t === 'id' || this.isOp('(')) && this.peek().s === x.e) {
      const b = ((yield this.postfix((yield this.primary()) as Expr)) as Expr);
      const pw = this.isOp('^') || this.isOp('.^');
      const rhs = pw ? ((yield this.powTail(b)) as Expr) : b;
      x = { k: 'bin', op: '*', a: x, b: rhs, s: x.s, e: rhs.e };
    }
    return x;
  }

  private *powTail(base: Expr): Rec<Expr> {
    this.next();
    const r = ((yield this.exprG(PREC.pow)) as Expr);
    return { k: 'bin', op: '^', a: base, b: r, s: base.s, e: r.e };
  }

  private *primary(): Rec<Expr> {
    const t = this.next();
    if (t.t === 'num') return { k: 'num', v: t.n!, s: t.s, e: t.e };
    if (t.t === 'id') {
      switch (t.v) {
        case 'True': case 'true': return { k: 'num', v: 1, s: t.s, e: t.e };
        case 'False': case 'false': return { k: 'num', v: 0, s: t.s, e: t.e };
        case 'None': case 'null': case 'nil': case 'undefined': case 'nothing': case 'NULL': case 'nullptr':
          throw unsupportedAt(this.source, t.s, `'${t.v}'`, t.e);
        case 'if':
          if (this.syn.lang === 'rust') return (yield this.rustIf(t)) as Expr;
          break;
        case 'lambda': case 'function': case 'fn': case 'func':
          throw unsupportedAt(this.source, t.s, l10n('a function defined inside an expression'), t.e);
        case 'static_cast': case 'reinterpret_cast': case 'const_cast': case 'dynamic_cast': {
          if (this.isOp('<')) this.skipAngles();
          const operand = ((yield this.primary()) as Expr);
          return { ...operand, ps: t.s, pe: operand.pe ?? operand.e };
        }
        default:
          if ((this.typeNames.has(t.v) || SCALAR_TYPES.has(t.v)) && this.isOp('(') && this.syn.lang !== 'python' && this.syn.lang !== 'julia') {
            const operand = ((yield this.primary()) as Expr); // double(x), T(0.5): a conversion
            return { ...operand, ps: t.s, pe: operand.pe ?? operand.e };
          }
          break;
        case 'new': case 'await': case 'yield':
          throw unsupportedAt(this.source, t.s, `'${t.v}'`, t.e);
      }
      return { k: 'id', name: t.v, s: t.s, e: t.e };
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        // C cast: (double) x
        if (this.peek().t === 'id' && SCALAR_TYPES.has(this.peek().v) && this.isOp(')', 1)) {
          const after = this.peek(2);
          if (after.t === 'num' || after.t === 'id' || (after.t === 'op' && after.v === '(')) {
            this.next(); this.next();
            const operand = ((yield this.postfix((yield this.primary()) as Expr)) as Expr);
            return { ...operand, ps: t.s, pe: operand.pe ?? operand.e }; // the cast belongs to its operand
          }
        }
        if (this.isOp(')')) throw this.unexpected(this.peek());
        const inner = ((yield this.exprG()) as Expr);
        if (this.isOp(',')) throw unsupportedAt(this.source, t.s, l10n('a tuple'), this.peek().e, l10n('return one value per line, or several lines'));
        const close = this.expect(')');
        return { ...inner, ps: inner.ps ?? t.s, pe: inner.pe ?? close.e };
      }
      if (t.v === '[') throw unsupportedAt(this.source, t.s, l10n('an array or matrix literal'), this.close[this.i - 1] >= 0 ? this.toks[this.close[this.i - 1]].e : t.e);
      if (t.v === '{') throw unsupportedAt(this.source, t.s, l10n('a block or object literal'), t.e);
      if (t.v === '|' && this.syn.lang === 'julia') throw this.unexpected(t);
    }
    if (t.t === 'str') throw unsupportedAt(this.source, t.s, l10n('a string'), t.e);
    if (t.t === 'eof' || t.t === 'nl') throw errorAtOffset(this.source, t.s, l10n('The expression ends too early'), 'parse');
    throw this.unexpected(t);
  }

  private *rustIf(t: Token): Rec<Expr> {
    const c = ((yield this.exprG()) as Expr);
    this.expect('{');
    const a = ((yield this.exprG()) as Expr);
    this.expect('}');
    this.expect('else');
    let b: Expr;
    if (this.is('if')) b = ((yield this.rustIf(this.next())) as Expr);
    else {
      this.expect('{');
      b = ((yield this.exprG()) as Expr);
      this.expect('}');
    }
    return { k: 'cond', c, a, b, s: t.s, e: this.peek(-1).e };
  }

  private *postfix(x: Expr): Rec<Expr> {
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' && !(t.t === 'id' && t.v === 'as' && (this.syn.lang === 'typescript' || this.syn.lang === 'rust'))) return x;
      if (t.v === 'as') { // x as number, y as f64
        this.next();
        const ty = this.next();
        if (ty.t !== 'id') throw this.unexpected(ty);
        if (this.isOp('<')) this.skipAngles();
        continue;
      }
      if (t.v === '(') {
        if (x.k === 'num') return x;
        const args = (yield this.args()) as { list: Expr[]; kw?: Record<string, Expr> };
        x = { k: 'call', callee: x, args: args.list, kw: args.kw, s: x.ps ?? x.s, e: this.peek(-1).e };
        continue;
      }
      if (t.v === '.' || t.v === '::' || t.v === '?.') {
        const n = this.peek(1);
        if (n.t === 'op' && n.v === '(' && this.syn.lang === 'julia' && t.v === '.') { this.next(); continue; } // broadcast f.(x)
        if (n.t === 'op' && n.v === '<' && t.v === '::') { this.next(); this.skipAngles(); continue; } // turbofish
        if (n.t !== 'id') throw this.unexpected(n);
        this.next(); this.next();
        if (x.k === 'path') {
          // the path was built here: extend it in place (copying it per dot made `np.np.…` quadratic)
          x.parts.push(n.v);
          x.e = n.e;
        } else if (x.k === 'id') {
          x = { k: 'path', parts: [x.name, n.v], s: x.s, e: n.e };
        } else {
          x = { k: 'member', obj: x, name: n.v, s: x.ps ?? x.s, e: n.e };
        }
        continue;
      }
      if (t.v === '[') {
        const end = this.close[this.i];
        const e = end >= 0 ? this.toks[end].e : t.e;
        // x[0], w[1, 2]: a constant index names one scalar (x_0, w_1_2); a variable index is refused
        const inner = end > this.i ? this.toks.slice(this.i + 1, end) : [];
        const constant = inner.length > 0 && inner.every((q, j) => (j % 2 === 0 ? q.t === 'num' && /^\d+$/.test(q.v) : q.t === 'op' && q.v === ','));
        if (constant && (x.k === 'id' || x.k === 'path')) {
          const base = x.k === 'id' ? x.name : x.parts.join('_');
          x = { k: 'id', name: `${base}_${inner.filter((q) => q.t === 'num').map((q) => q.v).join('_')}`, s: x.s, e };
          this.i = end + 1;
          continue;
        }
        throw unsupportedAt(this.source, x.s, l10n("indexing '{0}' with a computed index", clip(this.source.slice(x.s, e))), e, l10n('name the element as a variable, or use a constant index such as x[0]'));
      }
      if ((t.v === '\'' || t.v === '.\'') && this.syn.transpose) {
        throw unsupportedAt(this.source, t.s, l10n('a transpose'), t.e, l10n('Partials works with scalars'));
      }
      if (t.v === '!' && this.syn.lang === 'typescript') { this.next(); continue; } // non-null assertion
      if (t.v === '?' && this.syn.lang === 'rust') { this.next(); continue; }
      return x;
    }
  }

  private *args(): Rec<{ list: Expr[]; kw?: Record<string, Expr> }> {
    const open = this.expect('(');
    const list: Expr[] = [];
    let kw: Record<string, Expr> | undefined;
    while (!this.isOp(')')) {
      if (this.atEnd()) throw errorAtOffset(this.source, open.s, l10n("Unclosed '('"), 'parse');
      if (this.peek().t === 'id' && this.isOp('=', 1)) {
        const k = this.next().v;
        this.next();
        (kw ??= {})[k] = ((yield this.exprG()) as Expr);
      } else list.push(((yield this.exprG()) as Expr));
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) throw this.unexpected(this.peek());
    }
    this.next();
    return { list, kw };
  }
}

function isComparison(op: string): boolean {
  return ['<', '<=', '>', '>=', '==', '!='].includes(op);
}

interface BinInfo { op: string; prec: number; right?: boolean; refuse?: string; hint?: string }

function binaryInfo(t: Token, syn: Syntax): BinInfo | undefined {
  const v = t.v;
  if (t.t === 'id') {
    if (v === 'and' && (syn.lang === 'python' || syn.lang === 'math')) return { op: 'and', prec: PREC.and };
    if (v === 'or' && (syn.lang === 'python' || syn.lang === 'math')) return { op: 'or', prec: PREC.or };
    if (v === 'mod') return { op: 'mod', prec: PREC.mul, refuse: l10n("the remainder operator 'mod'") };
    return undefined;
  }
  if (t.t !== 'op') return undefined;
  switch (v) {
    case '||': return { op: 'or', prec: PREC.or };
    case '&&': return { op: 'and', prec: PREC.and };
    case '<': case '<=': case '>': case '>=': return { op: v, prec: PREC.cmp };
    case '≤': return { op: '<=', prec: PREC.cmp };
    case '≥': return { op: '>=', prec: PREC.cmp };
    case '==': case '===': return { op: '==', prec: PREC.cmp };
    case '!=': case '!==': case '≠': return { op: '!=', prec: PREC.cmp };
    case '~=': return syn.lang === 'matlab' ? { op: '!=', prec: PREC.cmp } : undefined;
    // Julia's & and | on Bools (masks) are logical
    case '|': if (syn.lang === 'julia') return { op: 'or', prec: PREC.or };
      return { op: '|', prec: PREC.bitor, refuse: l10n("the bitwise operator '|'"), hint: (syn.lang === 'python' ? l10n('use or') : l10n('use ||')) };
    case '&': if (syn.lang === 'julia') return { op: 'and', prec: PREC.and };
      return { op: '&', prec: PREC.bitand, refuse: l10n("the bitwise operator '&'"), hint: (syn.lang === 'python' ? l10n('use and') : l10n('use &&')) };
    case '<<': case '>>': return { op: v, prec: PREC.shift, refuse: l10n("the shift operator '{0}'", v) };
    case '+': case '.+': return { op: '+', prec: PREC.add };
    case '-': case '.-': return { op: '-', prec: PREC.add };
    case '*': case '.*': case '×': case '⋅': case '·': return { op: '*', prec: PREC.mul };
    case '/': case './': case '÷': return v === '÷' ? { op: '/', prec: PREC.mul, refuse: l10n("integer division '÷'") } : { op: '/', prec: PREC.mul };
    case '//':
      return { op: '//', prec: PREC.mul, refuse: (syn.lang === 'julia' ? l10n("the rational operator '//'") : l10n("floor division '//'")), hint: l10n('use / (floor division has zero derivative almost everywhere)') };
    case '%': return { op: '%', prec: PREC.mul, refuse: l10n("the remainder operator '%'") };
    case '@': return { op: '@', prec: PREC.mul, refuse: l10n("a matrix product '@'"), hint: l10n('Partials works with scalar formulas') };
    case '\\': case '.\\': return { op: '\\', prec: PREC.mul, refuse: l10n("a left division '\\'"), hint: l10n('Partials works with scalar formulas') };
    case '**': return syn.pow === '**' || syn.lang === 'math' ? { op: '^', prec: PREC.pow, right: true } : { op: '**', prec: PREC.pow, refuse: l10n("the operator '**'") };
    case '.^': return { op: '^', prec: PREC.pow, right: syn.lang !== 'matlab' };
    case '^':
      if (syn.pow === '^') return { op: '^', prec: PREC.pow, right: syn.lang !== 'matlab' };
      return { op: 'xor', prec: PREC.xor, refuse: l10n("the bitwise xor operator '^'"), hint: (syn.pow === '**' ? l10n('write powers as **') : l10n('write powers with pow(a, b)')) };
    default: return undefined;
  }
}

/** Index of the matching closing bracket for every opening one (-1 when unmatched). */
function matchAll(toks: Token[]): Int32Array {
  const close = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  toks.forEach((t, k) => {
    if (t.t !== 'op') return;
    if (t.v === '(' || t.v === '[' || t.v === '{') stack.push(k);
    else if (t.v in pairs) {
      for (let j = stack.length - 1; j >= 0; j--) {
        if (toks[stack[j]].v === pairs[t.v]) {
          close[stack[j]] = k;
          stack.length = j;
          break;
        }
      }
    }
  });
  return close;
}

function describe(t: Token): string {
  if (t.t === 'eof') return l10n('the end of the text');
  if (t.t === 'nl') return l10n('the end of the line');
  return `'${clip(t.v)}'`;
}

/** A piece of the user's text short enough for a message. */
export function clip(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A Python def's body: the rest of its line, or the following lines indented deeper than `def`. */
function pythonBodyEnd(source: string, defStart: number, headerEnd: number): number {
  const lineStart = source.lastIndexOf('\n', defStart - 1) + 1;
  const indent = defStart - lineStart;
  let lineEnd = source.indexOf('\n', headerEnd);
  if (lineEnd < 0) lineEnd = source.length;
  if (source.slice(headerEnd, lineEnd).replace(/#.*/, '').trim()) return lineEnd; // def f(x): return x
  let end = lineEnd;
  let at = lineEnd + 1;
  while (at <= source.length) {
    let next = source.indexOf('\n', at);
    if (next < 0) next = source.length;
    const line = source.slice(at, next);
    if (line.replace(/#.*/, '').trim()) {
      if (/^\s*/.exec(line)![0].length <= indent) break;
      end = next;
    }
    at = next + 1;
  }
  return end;
}
