import { errorAt, PartialsError, type Span } from '../errors';
import { lookupFunction } from '../functions';
import { TokenCursor, type Tok as BaseTok } from './cursor';
import { buildProgram, type Ast, type Item, type Program, type ReadOptions, type ReadResult } from './read';
import { t as l10n } from '../l10n';

/**
 * MATLAB/Octave and Julia matrix code: `sum((X*w - y).^2)`, `w'*A*w`, `norm(X*w - y)^2`, `trace(A*X)`,
 * `J = (1/(2*m)) * sum((X*theta - y).^2);` inside `function J = cost(theta, X, y) … end` (MATLAB), and
 * `sum(abs2, X*w .- y)`, `dot(w, w)`, `tr(A*X)`, `logdet(S)`, `f(w) = …`, `function f(w) … return … end` (Julia).
 *
 * Both languages already mean what the reader means: `*` is the matrix product, `.*` `./` `.^` are elementwise,
 * `'` transposes, indices start at 1 and `end` is the last one, dimensions count from 1. So one parser reads
 * both into the reader's program; the differences are comments (`%` / `#`), indexing brackets (`x(1)` / `x[1]`),
 * broadcasting dots (`.+`, `f.(x)` in Julia), keyword arguments (`dims=1`) and a few names (`tr`, `abs2`).
 * MATLAB's `sum(X)` and `mean(X)` of a matrix work down its columns, as MATLAB's do.
 */
export type MatlabDialect = 'matlab' | 'julia';

interface Tok extends BaseTok { /** whitespace before it */ ws: boolean }

const OPS_COMMON = ['.^', '.*', './', '.\\', "'", '==', '<=', '>=', '*', '/', '\\', '^', '+', '-', '(', ')', '[', ']', ',', ':', '<', '>', '='];
const OPS_MATLAB = [".'", '~=', ...OPS_COMMON, '{', '}', '&&', '||', '&', '|', '~'];
const OPS_JULIA = ['.+', '.-', '.==', '!=', '≠', '≤', '≥', '⋅', '->', ...OPS_COMMON, ';', '&&', '||', '!'];

/** Names the reader knows as array functions (besides the scalar function table). */
const ARRAY_FUNCTIONS = new Set(['sum', 'mean', 'dot', 'outer', 'norm', 'trace', 'tr', 'det', 'logdet', 'inv', 'transpose', 'diag', 'softmax',
  'logsoftmax', 'logsumexp', 'reshape', 'vec', 'where', 'ifelse', 'abs2', 'adjoint', 'kron', 'max', 'min', 'maximum', 'minimum', 'size', 'numel', 'length', 'ones', 'zeros', 'eye']);

/** Dialect names → the reader's names. */
const RENAME: Record<string, string> = { tr: 'trace', adjoint: 'transpose', vec: 'flatten', ifelse: 'where', logistic: 'sigmoid', σ: 'sigmoid' };

function isFunctionName(name: string): boolean {
  return ARRAY_FUNCTIONS.has(name) || Object.hasOwn(RENAME, name) || lookupFunction(name) !== undefined;
}

function tokenize(src: string, dialect: MatlabDialect): Tok[] {
  const ops = dialect === 'matlab' ? OPS_MATLAB : OPS_JULIA;
  const out: Tok[] = [];
  let i = 0;
  let depth = 0; // brackets: newlines inside them do not end a statement
  let ws = true;
  const push = (t: string, v: string, s: number, e: number) => { out.push({ t, v, s, e, ws }); ws = false; };
  while (i < src.length) {
    const c = src[i];
    // comments: MATLAB %… and %{ … %}; Julia #… and #= … =#
    if (dialect === 'matlab' && c === '%') {
      if (/^%\{[ \t]*(\r?\n|$)/.test(src.slice(i, i + 4)) && (i === 0 || /\n[ \t]*$/.test(src.slice(0, i)))) {
        const end = src.indexOf('%}', i + 2);
        i = end < 0 ? src.length : end + 2;
      } else while (i < src.length && src[i] !== '\n') i++;
      ws = true;
      continue;
    }
    if (dialect === 'julia' && c === '#') {
      if (src[i + 1] === '=') { const end = src.indexOf('=#', i + 2); i = end < 0 ? src.length : end + 2; } else while (i < src.length && src[i] !== '\n') i++;
      ws = true;
      continue;
    }
    // MATLAB continuation: ... to the end of the line
    if (dialect === 'matlab' && src.startsWith('...', i)) { while (i < src.length && src[i] !== '\n') i++; i++; ws = true; continue; }
    if (c === '\n' || (c === ';' && dialect === 'matlab' && depth === 0) || (c === ',' && dialect === 'matlab' && depth === 0)) {
      if (depth === 0) push(';', c, i, i + 1);
      else if (c === ';') push('row', c, i, i + 1); // [1 2; 3 4]
      i++;
      ws = true;
      continue;
    }
    if (c === ';' && dialect === 'matlab') { push('row', c, i, i + 1); i++; continue; }
    if (/\s/.test(c)) { i++; ws = true; continue; }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i, i + 64));
    // `2.^x` and `1./x` are a number then an elementwise operator
    if (num && !(num[0].endsWith('.') && /[*/^\\'+-]/.test(src[i + num[0].length] ?? ''))) {
      push('num', num[0], i, i + num[0].length);
      i += num[0].length;
      continue;
    }
    if (num) { push('num', num[0].slice(0, -1), i, i + num[0].length - 1); i += num[0].length - 1; continue; }
    const id = /^[\p{L}_][\p{L}\p{N}_!]*/u.exec(src.slice(i, i + 256));
    if (id) {
      const v = dialect === 'julia' ? id[0] : id[0].replace(/!+$/, '');
      push('id', v, i, i + v.length);
      i += v.length;
      continue;
    }
    // ' is a transpose after a value (no space before it in MATLAB), else a string
    if (c === "'" || c === '"') {
      const prev = out[out.length - 1];
      const afterValue = prev && !ws && (prev.t === 'id' || prev.t === 'num' || prev.t === ')' || prev.t === ']' || prev.t === '}' || prev.t === "'" || prev.t === ".'");
      if (c === "'" && (afterValue || (dialect === 'julia' && prev && (prev.t === 'id' || prev.t === ')' || prev.t === ']' || prev.t === "'")))) {
        push("'", "'", i, i + 1);
        i++;
        continue;
      }
      const end = src.indexOf(c, i + 1);
      const nl = src.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw errorAt(src, { start: i, end: i + 1 }, l10n('A string is not closed.'), 'parse');
      push('str', src.slice(i + 1, end), i, end + 1);
      i = end + 1;
      continue;
    }
    if (dialect === 'julia' && c === ':' && /[A-Za-z]/.test(src[i + 1] ?? '') && !/[\p{L}\p{N}_)\]]/u.test(src[i - 1] ?? '')) {
      // a Julia symbol, e.g. norm(X, :fro) is not written so, but dims=:… may be
      const sym = /^:[A-Za-z_]\w*/.exec(src.slice(i))![0];
      push('str', sym.slice(1), i, i + sym.length);
      i += sym.length;
      continue;
    }
    const op = ops.find((o) => src.startsWith(o, i));
    if (!op) throw errorAt(src, { start: i, end: i + 1 }, l10n("Unexpected character '{0}'.", c), 'parse');
    if (op === '(' || op === '[' || op === '{') depth++;
    if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1);
    push(op === '≠' ? '!=' : op === '≤' ? '<=' : op === '≥' ? '>=' : op === '~=' ? '!=' : op, op, i, i + op.length);
    i += op.length;
  }
  push('eof', '', src.length, src.length);
  return out;
}

interface Arg { name?: string; value: Ast }

class MatlabParser extends TokenCursor<Tok> {
  /** Names assigned so far or parameters: `x(1)` indexes them (MATLAB), it does not call a function. */
  private readonly variables = new Set<string>();
  /** Inside `[…]`: spaces separate elements in MATLAB and Julia matrix literals. */
  private inMatrix = 0;

  constructor(src: string, toks: Tok[], private readonly dialect: MatlabDialect) { super(src, toks); }

  private get lang(): string { return this.dialect === 'matlab' ? 'MATLAB' : 'Julia'; }

  program(): Program {
    const assigns: Program['assigns'] = [];
    let output: Ast | undefined;
    let functionOut: string | undefined;
    while (this.peek().t !== 'eof') {
      const t = this.peek();
      if (t.t === ';') { this.next(); continue; }
      if (t.t === 'id' && (t.v === 'end' || t.v === 'using' || t.v === 'import')) { this.skipLine(); continue; }
      if (t.t === 'id' && t.v === 'function') { functionOut = this.functionHeader() ?? functionOut; continue; }
      if (t.t === 'id' && ['for', 'while', 'if', 'switch', 'try', 'parfor', 'begin', 'let', 'do', 'struct', 'mutable', 'module'].includes(t.v)) {
        this.fail(t, l10n("'{0}' is not supported in matrix code: select straight-line code.", t.v), 'unsupported');
      }
      if (t.t === 'id' && t.v === 'return') {
        this.next();
        if (this.peek().t === ';' || this.peek().t === 'eof') continue; // MATLAB's bare return
        output = this.expr();
        continue;
      }
      // Julia one-line definition: f(w) = … ; its parameters are inputs, its body the output
      if (this.dialect === 'julia' && t.t === 'id' && this.peek(1).t === '(' && this.isOneLineDefinition()) {
        this.next();
        for (const p of this.params()) this.variables.add(p);
        this.expect('=');
        output = this.expr();
        continue;
      }
      if (t.t === 'id' && this.peek(1).t === '=') {
        this.i += 2;
        const value = this.expr();
        assigns.push({ name: t.v, value, sp: { start: t.s, end: value.sp.end } });
        this.variables.add(t.v);
        output = undefined;
        this.endOfStatement();
        continue;
      }
      if (t.t === 'id' && (this.peek(1).t === '(' || this.peek(1).t === '[') && this.assignsIndexed()) {
        this.fail(t, l10n("An in-place update of '{0}' cannot be differentiated here; build a new array instead.", t.v), 'unsupported');
      }
      if (t.t === 'id' && ['+', '-', '*', '/', '.+', '.-', '.*', './'].includes(this.peek(1).t) && this.peek(2).t === '=' && !this.peek(2).ws) {
        this.fail(t, l10n("An in-place update ('{0}=') cannot be differentiated here; write {1}_new = {1} {2} … instead.", this.peek(1).v, t.v, this.peek(1).v.replace(/^\./, '')), 'unsupported');
      }
      if (output) this.fail(t, l10n('Only the last line may be an expression; earlier lines are assignments.'));
      output = this.expr();
      this.endOfStatement();
    }
    if (!output && functionOut) {
      const a = [...assigns].reverse().find((x) => x.name === functionOut);
      if (a) output = { k: 'id', name: functionOut, sp: a.sp };
    }
    if (!output) {
      if (!assigns.length) throw new PartialsError(l10n('The selection is empty.'), 'parse');
      const last = assigns[assigns.length - 1];
      output = { k: 'id', name: last.name, sp: last.sp };
    }
    return { assigns, output };
  }

  private endOfStatement(): void {
    const t = this.peek();
    if (t.t !== ';' && t.t !== 'eof' && !(t.t === 'id' && t.v === 'end')) this.fail(t, l10n("Unexpected '{0}'.", t.v));
  }

  private skipLine(): void {
    while (this.peek().t !== ';' && this.peek().t !== 'eof') this.next();
  }

  /** `function J = cost(theta, X, y)`, `function [J, g] = f(x)`, `function f(w)`: notes the parameters and the output. */
  private functionHeader(): string | undefined {
    this.next();
    let out: string | undefined;
    if (this.peek().t === 'id' && this.peek(1).t === '=') { out = this.next().v; this.next(); }
    else if (this.peek().t === '[') {
      this.next();
      if (this.peek().t === 'id') out = this.peek().v;
      while (this.peek().t !== ']' && this.peek().t !== 'eof') this.next();
      this.expect(']');
      this.expect('=');
    }
    if (this.peek().t === 'id') this.next();
    if (this.peek().t === '(') for (const p of this.params()) this.variables.add(p);
    this.skipLine();
    return out;
  }

  /** `(a, b::Vector, c=1; k=2)` → the parameter names. */
  private params(): string[] {
    this.expect('(');
    const names: string[] = [];
    let d = 0;
    let expectName = true;
    while (this.peek().t !== 'eof') {
      const k = this.next();
      if (k.t === '(' || k.t === '[' || k.t === '{') d++;
      else if (k.t === ')' && d === 0) break;
      else if (k.t === ')' || k.t === ']' || k.t === '}') d--;
      else if (d === 0 && (k.t === ',' || k.v === ';')) expectName = true;
      else if (expectName && k.t === 'id') { names.push(k.v); expectName = false; }
      else expectName = false;
    }
    return names;
  }

  /** name(…) = … at the start of a statement (a Julia one-line function definition). */
  private isOneLineDefinition(): boolean {
    let j = this.i + 1;
    let d = 0;
    for (; j < this.toks.length; j++) {
      const k = this.toks[j];
      if (k.t === '(') d++;
      else if (k.t === ')' && --d === 0) break;
      else if (k.t === ';' || k.t === 'eof') return false;
    }
    return this.toks[j + 1]?.t === '=';
  }

  /** x(1) = … or x[1] = … */
  private assignsIndexed(): boolean {
    let j = this.i + 1;
    let d = 0;
    for (; j < this.toks.length; j++) {
      const k = this.toks[j];
      if (k.t === '(' || k.t === '[') d++;
      else if ((k.t === ')' || k.t === ']') && --d === 0) break;
      else if (k.t === ';' || k.t === 'eof') return false;
    }
    return this.toks[j + 1]?.t === '=';
  }

  expr(): Ast {
    if (++this.depth > 400) this.fail(this.peek(), l10n('The expression is nested too deeply.'));
    const a = this.comparison();
    this.depth--;
    return a;
  }
  private comparison(): Ast {
    let a = this.range();
    while (['<', '<=', '>', '>=', '==', '!=', '.=='].includes(this.peek().t)) {
      const op = this.next().t;
      const b = this.range();
      a = { k: 'bin', op: op === '.==' ? '==' : op, a, b, sp: this.sp(a, b) };
    }
    return a;
  }
  private range(): Ast {
    const a = this.additive();
    if (this.peek().t === ':' && !this.inIndex) this.fail(this.peek(), l10n('A range (a:b) is only supported inside an index.'), 'unsupported');
    return a;
  }
  private inIndex = false;
  private additive(): Ast {
    let a = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (!['+', '-', '.+', '.-'].includes(t.t)) break;
      // inside [1 -2]: a signed element, not a subtraction
      if (this.inMatrix && t.ws && !this.peek(1).ws) break;
      this.next();
      const b = this.multiplicative();
      a = { k: 'bin', op: t.t === '.+' ? '+' : t.t === '.-' ? '-' : t.t, a, b, sp: this.sp(a, b) };
    }
    return a;
  }
  private multiplicative(): Ast {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (['*', '/', '.*', './', '\\', '.\\', '⋅'].includes(t.t)) {
        this.next();
        const b = this.unary();
        if (t.t === '\\') a = { k: 'call', name: 'solve', args: [a, b], sp: this.sp(a, b), nameSp: { start: t.s, end: t.e } };
        else if (t.t === '.\\') a = { k: 'bin', op: './', a: b, b: a, sp: this.sp(a, b) };
        else if (t.t === '⋅') a = { k: 'call', name: 'dot', args: [a, b], sp: this.sp(a, b), nameSp: { start: t.s, end: t.e } };
        else a = { k: 'bin', op: t.t, a, b, sp: this.sp(a, b) };
        continue;
      }
      // Julia's juxtaposition: 2w, 2(x + 1), 0.5X, w'A
      if (this.dialect === 'julia' && (a.k === 'num' || a.k === 'tr') && !t.ws && (t.t === 'id' || t.t === '(')) {
        const b = this.unary();
        a = { k: 'bin', op: '*', a, b, sp: this.sp(a, b) };
        continue;
      }
      return a;
    }
  }
  private unary(): Ast {
    const t = this.peek();
    if (t.t === '-' || t.t === '+') {
      this.next();
      const a = this.unary();
      return t.t === '-' ? { k: 'neg', a, sp: this.sp(t, a) } : a;
    }
    if (t.t === '~' || t.t === '!') this.fail(t, l10n('Logical negation is not supported in matrix code.'), 'unsupported');
    return this.power();
  }
  private power(): Ast {
    const a = this.postfix();
    const t = this.peek();
    if (t.t === '^' || t.t === '.^') {
      this.next();
      // MATLAB: 2^-1; Julia: x^-1 — the exponent may carry a sign
      const b = this.peek().t === '-' || this.peek().t === '+' ? this.unary() : this.postfix();
      return { k: 'bin', op: t.t, a, b, sp: this.sp(a, b) };
    }
    return a;
  }

  private postfix(): Ast {
    let a = this.primary();
    for (;;) {
      const t = this.peek();
      if ((t.t === "'" || t.t === ".'") && !t.ws) { this.next(); a = { k: 'tr', a, sp: this.sp(a, t) }; continue; }
      if (t.t === '[' && !t.ws && this.dialect === 'julia') { a = this.index(a, '[', ']'); continue; }
      if (t.t === '(' && !t.ws && this.dialect === 'matlab' && (a.k === 'index' || a.k === 'tr')) { a = this.index(a, '(', ')'); continue; }
      return a;
    }
  }

  private index(a: Ast, open: string, close: string): Ast {
    this.expect(open);
    const items: Item[] = [];
    const saved = this.inIndex;
    const savedMatrix = this.inMatrix;
    this.inIndex = true;
    this.inMatrix = 0;
    for (;;) {
      items.push(this.item(close));
      if (this.peek().t === ',') { this.next(); continue; }
      break;
    }
    this.inIndex = saved;
    this.inMatrix = savedMatrix;
    const end = this.expect(close);
    return { k: 'index', a, items, sp: this.sp(a, end) };
  }
  private item(close: string): Item {
    if (this.peek().t === ':' && [',', close].includes(this.peek(1).t)) { this.next(); return { k: 'all' }; }
    const from = this.additive();
    if (this.peek().t === ':') {
      this.next();
      const to = this.additive();
      if (this.peek().t === ':') this.fail(this.peek(), l10n('A range with a step (a:s:b) is not supported.'), 'unsupported');
      return { k: 'range', from, to };
    }
    return { k: 'at', v: from };
  }

  private args(close = ')'): { list: Arg[]; end: Tok } {
    this.expect('(');
    const list: Arg[] = [];
    const savedMatrix = this.inMatrix;
    const savedIndex = this.inIndex;
    this.inMatrix = 0;
    this.inIndex = false;
    if (this.peek().t !== close) {
      for (;;) {
        // Julia keyword arguments: dims=1 (after , or ;)
        if (this.peek().t === 'id' && this.peek(1).t === '=') { const name = this.next().v; this.next(); list.push({ name, value: this.expr() }); }
        else list.push({ value: this.expr() });
        if (this.peek().t === ',' || (this.peek().t === ';' && this.dialect === 'julia')) { this.next(); if (this.peek().t === close) break; continue; }
        break;
      }
    }
    this.inMatrix = savedMatrix;
    this.inIndex = savedIndex;
    return { list, end: this.expect(close) };
  }

  private primary(): Ast {
    const t = this.next();
    if (t.t === 'num') return { k: 'num', v: Number(t.v), sp: { start: t.s, end: t.e } };
    if (t.t === 'str') return { k: 'str', v: t.v, sp: { start: t.s, end: t.e } };
    if (t.t === '(') {
      const savedMatrix = this.inMatrix;
      this.inMatrix = 0;
      const a = this.expr();
      this.inMatrix = savedMatrix;
      const end = this.expect(')');
      return { ...a, sp: { start: t.s, end: end.e } };
    }
    if (t.t === '[') return this.matrix(t);
    if (t.t !== 'id') return this.fail(t, (t.t === 'eof' ? l10n('The expression ended too early.') : l10n("Unexpected '{0}'.", t.v)));
    const nameSp = { start: t.s, end: t.e };
    if (t.v === 'end' && this.inIndex) return { k: 'id', name: 'end', sp: nameSp };
    if (this.dialect === 'julia' && (t.v === 'π' || t.v === 'ℯ')) return { k: 'id', name: t.v === 'π' ? 'pi' : 'e', sp: nameSp };
    if (this.peek().t === '(' && !this.peek().ws) {
      // MATLAB: x(1) indexes a variable; a name that is not a function is a variable
      if (this.dialect === 'matlab' && (this.variables.has(t.v) || !isFunctionName(t.v))) return this.index({ k: 'id', name: t.v, sp: nameSp }, '(', ')');
      const { list, end } = this.args();
      return this.call(t, list, { start: t.s, end: end.e }, nameSp);
    }
    return { k: 'id', name: t.v, sp: nameSp };
  }

  /** [a, b, c], [a b c], [1 2; 3 4] (rows of a matrix literal). */
  private matrix(open: Tok): Ast {
    const rows: Ast[][] = [[]];
    this.inMatrix++;
    const savedIndex = this.inIndex;
    this.inIndex = false;
    while (this.peek().t !== ']' && this.peek().t !== 'eof') {
      if (this.peek().t === ',' ) { this.next(); continue; }
      if (this.peek().t === 'row' || this.peek().t === ';') { this.next(); rows.push([]); continue; }
      rows[rows.length - 1].push(this.expr());
    }
    this.inMatrix--;
    this.inIndex = savedIndex;
    const end = this.expect(']');
    const full = rows.filter((r) => r.length);
    const sp = { start: open.s, end: end.e };
    if (full.length <= 1) return { k: 'arr', items: full[0] ?? [], sp };
    if (full.some((r) => r.length !== full[0].length)) this.fail(sp, l10n('The rows of the matrix have different lengths.'));
    return { k: 'arr', items: full.map((r) => ({ k: 'arr', items: r, sp })), sp };
  }

  private call(nameTok: Tok, args: Arg[], sp: Span, nameSp: Span): Ast {
    const raw = nameTok.v;
    const positional = args.filter((a) => !a.name).map((a) => a.value);
    const dims = args.find((a) => a.name === 'dims')?.value;
    const mk = (name: string, list: Ast[]): Ast => ({ k: 'call', name, args: list, sp, nameSp });
    if (args.some((a) => a.name && a.name !== 'dims')) this.fail(sp, l10n("The keyword argument '{0}' is not supported.", args.find((a) => a.name && a.name !== 'dims')!.name ?? ''), 'unsupported');
    const fnArg = positional[0]?.k === 'id' && !this.variables.has(positional[0].name) && (lookupFunction(positional[0].name) || positional[0].name === 'abs2') ? positional[0].name : undefined;
    switch (raw) {
      case 'sum': case 'mean': {
        // Julia: sum(abs2, v), mean(f, v)
        if (fnArg && positional.length === 2) return mk(raw, [this.applyEach(fnArg, positional[1], sp)]);
        if (this.dialect === 'matlab' && positional.length === 1) return mk(raw === 'sum' ? 'sum_columns' : 'mean_columns', positional);
        if (dims) return mk(raw, [positional[0], dims]);
        return mk(raw, positional);
      }
      case 'max': case 'min': case 'maximum': case 'minimum': {
        const r = raw.slice(0, 3);
        // MATLAB max(X, [], 'all') and Julia maximum(X): every entry; MATLAB max(x): a vector's entries (a matrix is refused in read.ts)
        if (this.dialect === 'matlab' && positional.length === 3 && positional[1].k === 'arr' && positional[1].items.length === 0 && positional[2].k === 'str' && positional[2].v === 'all') return mk(r, [positional[0]]);
        // MATLAB max(X, [], k) and Julia maximum(X, dims=k): along dimension k; MATLAB max(X) of a matrix: down its columns
        if (this.dialect === 'matlab' && positional.length === 3 && positional[1].k === 'arr' && positional[1].items.length === 0 && positional[2].k === 'num') return mk(`${r}_axis`, [positional[0], positional[2]]);
        if (this.dialect === 'matlab' && positional.length === 1 && raw.length === 3) return mk(`${r}_columns`, positional);
        if (dims) {
          if (positional.length !== 1) this.fail(sp, l10n('{0}(X, dims=k) takes one array.', raw), 'parse');
          return mk(`${r}_axis`, [positional[0], dims]);
        }
        return mk(raw.length === 3 ? raw : r, positional);
      }
      case 'log':
        // log(det(A)) is logdet(A): the same values (NaN when det < 0), and its gradient reads A⁻ᵀ
        if (positional.length === 1 && positional[0].k === 'call' && positional[0].name === 'det') return mk('logdet', positional[0].args);
        return mk('log', positional);
      case 'abs2': return { k: 'bin', op: '.^', a: positional[0], b: { k: 'num', v: 2, sp }, sp };
      case 'norm': {
        // MATLAB's norm(A) of a matrix is the 2-norm (largest singular value): say so rather than give the Frobenius norm
        if (this.dialect === 'matlab' && positional.length === 1) return mk('norm', [positional[0], { k: 'num', v: 2, sp }]);
        if (positional[1]?.k === 'str' && positional[1].v.toLowerCase() === 'fro') return mk('norm', [positional[0], positional[1]]);
        return mk('norm', positional);
      }
      case 'numel': case 'length': return mk(raw, positional);
      case 'size': case 'ones': case 'zeros': case 'eye':
        return this.fail(sp, l10n('{0}(…) is not supported in matrix code yet; use sum or mean instead of dividing by sizes.', raw), 'unsupported');
      case 'kron': return mk('kron', positional);
      case 'transpose': case 'adjoint': return { k: 'tr', a: positional[0], sp };
      case 'reshape': return mk('reshape', [positional[0], positional[1]?.k === 'arr' ? positional[1] : { k: 'arr', items: positional.slice(1), sp }]);
      default: {
        if (!isFunctionName(raw)) this.fail(nameSp, l10n("Unknown function '{0}' in {1} matrix code.", raw, this.lang), 'parse');
        return mk(RENAME[raw] ?? raw, positional);
      }
    }
  }

  /** f applied to each entry of x (Julia's sum(f, x)). */
  private applyEach(f: string, x: Ast, sp: Span): Ast {
    if (f === 'abs2') return { k: 'bin', op: '.^', a: x, b: { k: 'num', v: 2, sp }, sp };
    return { k: 'call', name: f, args: [x], sp, nameSp: sp };
  }
}

/** Julia broadcast calls f.(x) mean f applied to each entry, which is what the reader's functions do. */
function dropBroadcastDots(src: string): string {
  // `exp.(x)` → `exp (x)` would change spans; keep the length: replace the dot with a space-free marker the
  // tokenizer ignores. A dot between a name and '(' is only a broadcast call in Julia.
  return src.replace(/([\p{L}\p{N}_!])\.\(/gu, (_m, c: string) => `${c}\u200b(`);
}

/** Reads MATLAB/Octave or Julia matrix code into a tensor graph. */
export function readMatlab(source: string, options: ReadOptions = {}, dialect: MatlabDialect = 'matlab'): ReadResult {
  const text = dialect === 'julia' ? dropBroadcastDots(source) : source;
  const toks = tokenize(text.replace(/\u200b/g, ' '), dialect).map((t, i, all) => (
    // f.(x): the ( right after the removed dot counts as attached to the name
    t.t === '(' && text[t.s - 1] === '\u200b' && all[i - 1]?.t === 'id' ? { ...t, ws: false } : t));
  // MATLAB's and Julia's reductions along dimension 2 are columns: they broadcast across a matrix's columns
  return buildProgram(source, { ...new MatlabParser(source, toks, dialect).program(), columnReductions: true }, options);
}

export function readJulia(source: string, options: ReadOptions = {}): ReadResult {
  return readMatlab(source, options, 'julia');
}
