import { errorAt, PartialsError, type Span } from '../errors';
import { buildProgram, type Ast, type Program, type ReadOptions, type ReadResult } from './read';
import { t as l10n } from '../l10n';

/**
 * Matrix calculus written in LaTeX, as papers and The Matrix Cookbook write it: `\|Xw - y\|_2^2`,
 * `\frac{1}{2} w^\top A w - b^\top w`, `\operatorname{tr}(A X^{-1})`, `\log\det\Sigma`, `\log|\Sigma|`,
 * `-\sum` free forms such as `y^\top \log\sigma(Xw)`, `\lambda\|w\|^2`, `x \odot y`.
 *
 * Juxtaposition is the product (`Xw` is X times w: one letter is one name), `\cdot` and `\times` too;
 * `\odot`/`\circ` and `\oslash` are entrywise. `^\top`, `^T`, `^{\mathsf T}` transpose, `^{-1}` inverts a matrix,
 * `\|·\|` is the 2-norm (`_F` the Frobenius norm), `|X|` of a matrix inside a log is its determinant.
 * Capital letters are matrices, lower-case letters vectors where used as vectors, as the reader assumes.
 * `$…$`, `\[…\]` and a leading `f(w) =` or `L =` are ignored; lines `r = Xw - y` (or split by `\\`) name
 * intermediates.
 */

interface Tok { t: 'cmd' | 'id' | 'num' | 'op' | 'eof'; v: string; s: number; e: number }

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda',
  'mu', 'nu', 'xi', 'pi', 'rho', 'varrho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega']);
/** Commands that are functions of what follows. */
const FUNCTIONS: Record<string, string> = {
  log: 'log', ln: 'log', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh', sinh: 'sinh', cosh: 'cosh', det: 'det', tr: 'trace',
  Tr: 'trace', trace: 'trace', diag: 'diag', softmax: 'softmax', logsumexp: 'logsumexp', LSE: 'logsumexp', sigmoid: 'sigmoid', relu: 'relu',
  ReLU: 'relu', softplus: 'softplus', vec: 'flatten', sqrt: 'sqrt', abs: 'abs', logdet: 'logdet', arctan: 'atan', erf: 'erf',
};
/** Spacing and sizing commands that mean nothing here. */
const IGNORED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'quad', 'qquad', 'displaystyle',
  'textstyle', 'limits', ',', ';', ':', '!', ' ', 'nonumber', 'notag']);
const NAME_WRAPPERS = new Set(['mathbf', 'boldsymbol', 'bm', 'vec', 'mathit', 'mathsf', 'mathrm', 'mathbb', 'text', 'operatorname', 'mathcal', 'hat', 'tilde', 'bar', 'mathnormal']);

/** A line that ends so is complete (not after an operator or an opening bracket). */
function endsStatement(last: Tok | undefined): boolean {
  if (!last) return false;
  if (last.t === 'op') return [')', ']', '|', '‖', "'", '.'].includes(last.v);
  if (last.t === 'cmd') return !['cdot', 'times', 'otimes', 'odot', 'circ', 'oslash', 'div', 'frac', 'dfrac', 'tfrac', 'sqrt'].includes(last.v) && !Object.hasOwn(FUNCTIONS, last.v);
  return true;
}
/** A line that starts with a binary operator continues the previous one. */
function continuesLine(next: string): boolean {
  return /^\s*(?:[+\-=^_)}\]&*/]|\\(?:cdot|times|otimes|odot|circ|oslash|right|quad|qquad)\b)/.test(next);
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '%') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\n') {
      if (depth === 0 && endsStatement(out[out.length - 1]) && !continuesLine(src.slice(i + 1, i + 40))) out.push({ t: 'op', v: ';', s: i, e: i + 1 });
      i++;
      continue;
    }
    if (/\s/.test(c) || c === '&' || c === '$') { i++; continue; }
    if (c === '\\') {
      if (src[i + 1] === '\\') { out.push({ t: 'op', v: ';', s: i, e: i + 2 }); i += 2; continue; }
      if (src[i + 1] === '|') { out.push({ t: 'op', v: '‖', s: i, e: i + 2 }); i += 2; continue; }
      if (src[i + 1] === '[' || src[i + 1] === ']') { i += 2; continue; } // \[ … \]
      if (src[i + 1] === '{' || src[i + 1] === '}') { out.push({ t: 'op', v: src[i + 1] === '{' ? '(' : ')', s: i, e: i + 2 }); i += 2; continue; }
      const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i, i + 64));
      if (!m) throw errorAt(src, { start: i, end: i + 1 }, l10n('A backslash ends the text.'), 'parse');
      out.push({ t: 'cmd', v: m[1], s: i, e: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)/.exec(src.slice(i, i + 64))!;
      out.push({ t: 'num', v: m[0], s: i, e: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(c)) { out.push({ t: 'id', v: c, s: i, e: i + 1 }); i++; continue; } // one letter, one name
    if ('({['.includes(c)) depth++;
    if (')}]'.includes(c)) depth = Math.max(0, depth - 1);
    if (c === '{' || c === '}') { out.push({ t: 'op', v: c === '{' ? '(' : ')', s: i, e: i + 1 }); i++; continue; }
    if ('+-*/=^_()[]|,;\'<>.'.includes(c)) { out.push({ t: 'op', v: c, s: i, e: i + 1 }); i++; continue; }
    if (c === '‖') { out.push({ t: 'op', v: '‖', s: i, e: i + 1 }); i++; continue; }
    throw errorAt(src, { start: i, end: i + 1 }, l10n("Unexpected character '{0}'.", c), 'parse');
  }
  out.push({ t: 'eof', v: '', s: src.length, e: src.length });
  return out.filter((t) => !(t.t === 'cmd' && IGNORED.has(t.v)));
}

class LatexParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string, private readonly toks: Tok[]) {}

  private peek(k = 0): Tok { return this.toks[Math.min(this.i + k, this.toks.length - 1)]; }
  private next(): Tok { return this.toks[this.i++]; }
  private is(v: string, k = 0): boolean { const t = this.peek(k); return t.t === 'op' && t.v === v; }
  private isCmd(v: string, k = 0): boolean { const t = this.peek(k); return t.t === 'cmd' && t.v === v; }
  private fail(k: Tok | Span, msg: string, code: 'parse' | 'unsupported' = 'parse'): never {
    const sp = 's' in k ? { start: k.s, end: Math.max(k.e, k.s + 1) } : k;
    throw errorAt(this.src, sp, msg, code);
  }
  private expectOp(v: string): Tok {
    const k = this.next();
    if (!(k.t === 'op' && k.v === v)) this.fail(k, (k.t === 'eof' ? l10n("Expected '{0}' but the formula ended.", v) : l10n("Expected '{0}' but found '{1}'.", v, k.v)));
    return k;
  }
  private sp(a: Ast | Tok, b: Ast | Tok): Span {
    return { start: 'sp' in a ? a.sp.start : a.s, end: 'sp' in b ? b.sp.end : b.e };
  }

  program(): Program {
    const assigns: Program['assigns'] = [];
    let output: Ast | undefined;
    while (this.peek().t !== 'eof') {
      if (this.is(';') || this.is(',') || this.is('.')) { this.next(); continue; }
      const start = this.i;
      // name = … (a one-letter name, a subscripted one, a Greek letter, or f(w) = …)
      const lhs = this.assignmentTarget();
      const value = this.expr();
      if (lhs && lhs.name) {
        assigns.push({ name: lhs.name, value, sp: this.sp(lhs.tok, value) });
        output = undefined;
      } else {
        if (output) this.fail(this.toks[start], l10n('Only the last line may be a formula without a name; name the earlier ones (r = Xw - y).'));
        output = value;
      }
      if (!this.is(';') && !this.is(',') && this.peek().t !== 'eof') this.fail(this.peek(), l10n("Unexpected '{0}'.", this.peek().v));
    }
    if (!output) {
      if (!assigns.length) throw new PartialsError(l10n('The formula is empty.'), 'parse');
      const last = assigns.pop()!;
      output = last.value;
    }
    return { assigns, output };
  }

  /** `r =`, `f(w) =`, `L(w, b) =`, `\mathcal{L} =` before the formula: a name (or none, for a function's own name). */
  private assignmentTarget(): { name?: string; tok: Tok } | undefined {
    const save = this.i;
    const tok = this.peek();
    let name: string | undefined;
    try {
      name = this.nameAt();
    } catch {
      this.i = save;
      return undefined;
    }
    if (name === undefined) { this.i = save; return undefined; }
    if (this.is('(')) {
      // f(w) = …: the function's own name is not an intermediate
      let d = 0;
      let j = this.i;
      for (; j < this.toks.length; j++) {
        const k = this.toks[j];
        if (k.t === 'op' && k.v === '(') d++;
        else if (k.t === 'op' && k.v === ')' && --d === 0) break;
        else if (k.t === 'eof') break;
      }
      const eq = this.toks[j + 1];
      if (eq?.t === 'op' && eq.v === '=') { this.i = j + 2; return { tok }; }
      this.i = save;
      return undefined;
    }
    if (this.is('=')) { this.next(); return { name, tok }; }
    this.i = save;
    return undefined;
  }

  /** A name at the cursor (x, x_i, w_{1}, \lambda, \mathbf{w}, \hat{y}), or undefined. */
  private nameAt(): string | undefined {
    const t = this.peek();
    let base: string | undefined;
    if (t.t === 'id') { this.next(); base = t.v; }
    else if (t.t === 'cmd' && GREEK.has(t.v)) { this.next(); base = t.v; }
    else if (t.t === 'cmd' && NAME_WRAPPERS.has(t.v) && !(t.v === 'operatorname' || t.v === 'text' || t.v === 'mathrm') ) {
      this.next();
      const inner = this.group(() => this.nameAt());
      if (!inner) return undefined;
      base = t.v === 'hat' ? `${inner}_hat` : t.v === 'tilde' ? `${inner}_tilde` : t.v === 'bar' ? `${inner}_bar` : inner;
    } else if (t.t === 'cmd' && (t.v === 'mathrm' || t.v === 'text' || t.v === 'operatorname')) {
      const word = this.wordArg(1);
      if (!word || Object.hasOwn(FUNCTIONS, word) || word === 'T') return undefined;
      this.i += word.length + 3; // cmd { letters }
      base = word;
    } else return undefined;
    if (this.is('_') && !(this.peek(1).t === 'op' && this.peek(1).v === '(' && this.src[this.peek(1).s] === '(')) {
      const at = this.peek(1);
      this.next();
      const sub = this.subscript();
      // inside \sum_i: x_i is the i-th entry of the vector x
      if (this.sumIndex !== undefined && sub === this.sumIndex) { this.usedIndex = true; return base; }
      if (this.sumIndex !== undefined && sub.includes(this.sumIndex)) this.fail(at, l10n('Only one summation index per name is supported ({0}_{1}).', base, sub), 'unsupported');
      base = `${base}_${sub}`;
    }
    return base;
  }

  /** The letters of `\cmd{letters}` at offset k from the cursor, if that is what is there. */
  private wordArg(k = 0): string | undefined {
    if (!(this.peek(k).t === 'op' && this.peek(k).v === '(' && this.toks[this.i + k].s < this.src.length && this.src[this.toks[this.i + k].s] === '{')) return undefined;
    let j = k + 1;
    let w = '';
    while (this.peek(j).t === 'id') w += this.peek(j++).v;
    return this.peek(j).t === 'op' && this.peek(j).v === ')' ? w : undefined;
  }

  /** A subscript: one letter or digit, or {letters, digits and commas} — kept distinct as the name's suffix. */
  private subscript(): string {
    const t = this.next();
    if (t.t === 'id' || t.t === 'num') return t.v;
    if (t.t === 'cmd' && GREEK.has(t.v)) return t.v;
    if (t.t === 'op' && t.v === '(') {
      let s = '';
      while (!this.is(')') && this.peek().t !== 'eof') {
        const k = this.next();
        if (k.t === 'id' || k.t === 'num') s += k.v;
        else if (k.t === 'cmd' && GREEK.has(k.v)) s += k.v;
        else this.fail(k, l10n('Only letters and digits are supported in a subscript.'), 'unsupported');
      }
      this.expectOp(')');
      if (!s) this.fail(t, l10n('The subscript is empty.'));
      return s;
    }
    return this.fail(t, l10n('Expected a subscript.'));
  }

  /** {…} around something (or a single token without braces, as \frac12 and \mathbf w allow). */
  private group<T>(f: () => T): T {
    if (this.is('(') && this.src[this.peek().s] === '{') {
      this.next();
      const v = f();
      this.expectOp(')');
      return v;
    }
    return f();
  }
  private braced(): Ast {
    const t = this.peek();
    if (t.t === 'op' && t.v === '(' && this.src[t.s] === '{') {
      this.next();
      const a = this.expr();
      const end = this.expectOp(')');
      return { ...a, sp: this.sp(t, end) };
    }
    if (t.t === 'num' && t.v.length > 1 && /^\d+$/.test(t.v)) {
      // \frac12: one digit per argument
      this.toks.splice(this.i, 1, { ...t, v: t.v[0], e: t.s + 1 }, { ...t, v: t.v.slice(1), s: t.s + 1 });
    }
    return this.atom();
  }

  expr(): Ast {
    if (++this.depth > 400) this.fail(this.peek(), l10n('The formula is nested too deeply.'));
    let a = this.term();
    while (this.is('+') || this.is('-')) {
      const op = this.next().v;
      const b = this.term();
      a = { k: 'bin', op, a, b, sp: this.sp(a, b) };
    }
    this.depth--;
    return a;
  }

  /** Products: juxtaposition, \cdot, \times (matrix products), \odot/\circ (entrywise), / and \oslash. */
  private term(): Ast {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t === 'cmd' && (t.v === 'cdot' || t.v === 'times')) { this.next(); const b = this.unary(); a = { k: 'bin', op: '*', a, b, sp: this.sp(a, b) }; continue; }
      if (t.t === 'cmd' && t.v === 'otimes') {
        this.next();
        const b = this.unary();
        a = { k: 'call', name: 'kron', args: [a, b], sp: this.sp(a, b), nameSp: { start: t.s, end: t.e } };
        continue;
      }
      if (t.t === 'cmd' && (t.v === 'odot' || t.v === 'circ')) { this.next(); const b = this.unary(); a = { k: 'bin', op: '.*', a, b, sp: this.sp(a, b) }; continue; }
      if ((t.t === 'cmd' && (t.v === 'oslash' || t.v === 'div')) || (t.t === 'op' && t.v === '/')) {
        this.next();
        const b = this.unary();
        a = { k: 'bin', op: t.v === 'oslash' ? './' : '/', a, b, sp: this.sp(a, b) };
        continue;
      }
      if (this.startsFactor()) { const b = this.factor(); a = { k: 'bin', op: '*', a, b, sp: this.sp(a, b) }; continue; }
      return a;
    }
  }
  private startsFactor(): boolean {
    const t = this.peek();
    if (t.t === 'id' || t.t === 'num') return true;
    if (t.t === 'op') return t.v === '(' || (t.v === '‖' && !this.inNorm) || (t.v === '|' && !this.inAbs);
    if (t.t === 'cmd') return GREEK.has(t.v) || Object.hasOwn(FUNCTIONS, t.v) || NAME_WRAPPERS.has(t.v) || ['frac', 'dfrac', 'tfrac', 'sqrt', 'sum', 'prod', 'int'].includes(t.v);
    return false;
  }
  private inAbs = false;
  private inNorm = 0;

  private unary(): Ast {
    const t = this.peek();
    if (this.is('-') || this.is('+')) {
      this.next();
      const a = this.unary();
      return t.v === '-' ? { k: 'neg', a, sp: this.sp(t, a) } : a;
    }
    return this.factor();
  }

  /** An atom with its superscripts: ^\top, ^T, ^{-1}, ^{-\top}, ^2. */
  private factor(): Ast {
    let a = this.atom();
    for (;;) {
      if (this.is("'")) { const t = this.next(); a = { k: 'tr', a, sp: this.sp(a, t) }; continue; }
      if (!this.is('^')) return a;
      const hat = this.next();
      const sup = this.superscript();
      if (sup === 'T') { a = { k: 'tr', a, sp: this.sp(a, this.toks[this.i - 1]) }; continue; }
      if (sup === '-T') { a = { k: 'call', name: 'inv', args: [{ k: 'tr', a, sp: a.sp }], sp: this.sp(a, this.toks[this.i - 1]), nameSp: this.sp(hat, hat) }; continue; }
      if (sup === '-1' && this.looksMatrix(a)) { a = { k: 'call', name: 'inv', args: [a], sp: this.sp(a, this.toks[this.i - 1]), nameSp: this.sp(hat, hat) }; continue; }
      const b = typeof sup === 'string' ? { k: 'num' as const, v: Number(sup), sp: this.sp(hat, this.toks[this.i - 1]) } : sup;
      a = { k: 'bin', op: '^', a, b, sp: this.sp(a, b) };
    }
  }
  /** A capital letter (or a transposed one) is a matrix: X^{-1} inverts it; x^{-1} is 1/x. */
  private looksMatrix(a: Ast): boolean {
    return (a.k === 'id' && /^[A-Z]|^(Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega)/.test(a.name)) || (a.k === 'tr' && this.looksMatrix(a.a));
  }
  /** 'T' (transpose), '-T', a number text, or an expression. */
  private superscript(): 'T' | '-T' | string | Ast {
    const t = this.peek();
    const isT = (k: Tok) => (k.t === 'id' && k.v === 'T') || (k.t === 'cmd' && (k.v === 'top' || k.v === 'intercal' || k.v === 'mathsf' || k.v === 'mathrm' || k.v === 'rm' || k.v === 'sf'));
    if (isT(t)) { this.next(); if (t.t === 'cmd' && t.v !== 'top' && t.v !== 'intercal') this.group(() => this.next()); return 'T'; }
    if (t.t === 'num' && /^\d+$/.test(t.v)) {
      if (t.v.length > 1) { this.toks.splice(this.i, 1, { ...t, v: t.v[0], e: t.s + 1 }, { ...t, v: t.v.slice(1), s: t.s + 1 }); }
      return this.next().v;
    }
    if (t.t === 'op' && t.v === '(' && this.src[t.s] === '{') {
      this.next();
      if (isT(this.peek())) { const k = this.next(); if (k.t === 'cmd' && k.v !== 'top' && k.v !== 'intercal') this.group(() => this.next()); this.expectOp(')'); return 'T'; }
      if (this.is('-') && isT(this.peek(1))) { this.next(); const k = this.next(); if (k.t === 'cmd' && k.v !== 'top' && k.v !== 'intercal') this.group(() => this.next()); this.expectOp(')'); return '-T'; }
      if (this.is('-') && this.peek(1).t === 'num' && this.peek(1).v === '1' && this.is(')', 2)) { this.i += 3; return '-1'; }
      const e = this.expr();
      const end = this.expectOp(')');
      return { ...e, sp: this.sp(t, end) };
    }
    return this.atom();
  }

  private atom(): Ast {
    const t = this.peek();
    if (t.t === 'num') { this.next(); return { k: 'num', v: Number(t.v), sp: this.sp(t, t) }; }
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const a = this.expr();
      const end = this.next();
      if (!(end.t === 'op' && end.v === ')')) this.fail(end, (end.t === 'eof' ? l10n('A bracket is not closed.') : l10n("Expected a closing bracket but found '{0}'.", end.v)));
      return { ...a, sp: this.sp(t, end) };
    }
    if (t.t === 'op' && t.v === '[') {
      this.next();
      const a = this.expr();
      const end = this.expectOp(']');
      return { ...a, sp: this.sp(t, end) };
    }
    if (t.t === 'op' && t.v === '‖') return this.norm();
    if (t.t === 'op' && t.v === '|') {
      this.next();
      const saved = this.inAbs;
      this.inAbs = true;
      const a = this.expr();
      this.inAbs = saved;
      const end = this.expectOp('|');
      return { k: 'call', name: 'abs', args: [a], sp: this.sp(t, end), nameSp: this.sp(t, t) };
    }
    if (t.t === 'cmd') {
      if (t.v === 'frac' || t.v === 'dfrac' || t.v === 'tfrac') {
        this.next();
        const a = this.braced();
        const b = this.braced();
        return { k: 'bin', op: '/', a, b, sp: this.sp(t, b) };
      }
      if (t.v === 'sqrt') {
        this.next();
        if (this.is('[')) this.fail(this.peek(), l10n('Only square roots are supported (\\sqrt[n] is not).'), 'unsupported');
        const a = this.braced();
        return { k: 'call', name: 'sqrt', args: [a], sp: this.sp(t, a), nameSp: this.sp(t, t) };
      }
      if (t.v === 'sum' && this.is('_', 1)) return this.indexSum(t);
      if (t.v === 'sum' || t.v === 'prod' || t.v === 'int') {
        return this.fail(t, l10n('\\{0} with an index is not read as matrix notation; write it with vectors and matrices, e.g. \\|x\\|^2, x^\\top y or \\operatorname{tr}(A^\\top B).', t.v), 'unsupported');
      }
      if (t.v === 'operatorname' || t.v === 'mathrm' || t.v === 'text') {
        const word = this.wordArg(1);
        if (word && Object.hasOwn(FUNCTIONS, word)) { this.i += word.length + 3; return this.apply(FUNCTIONS[word], t); }
      }
      if (Object.hasOwn(FUNCTIONS, t.v)) { this.next(); return this.apply(FUNCTIONS[t.v], t); }
      if (t.v === 'sigma' && this.is('(', 1)) { this.next(); return this.apply('sigmoid', t); }
      if (t.v === 'mathbf' || t.v === 'boldsymbol' || t.v === 'bm') {
        const one = this.peek(2);
        if (one.t === 'num' && one.v === '1') this.fail(t, l10n('The ones vector \\mathbf{1} is not supported yet; write the sum of a vector as sum(x).'), 'unsupported');
      }
    }
    const name = this.nameAt();
    if (name !== undefined) return { k: 'id', name, sp: this.sp(t, this.toks[this.i - 1]) };
    return this.fail(t, (t.t === 'eof' ? l10n('The formula ended too early.') : l10n("Unexpected '{0}'.", t.t === 'cmd' ? `\\${t.v}` : t.v)));
  }

  private sumIndex: string | undefined;
  private usedIndex = false;

  /**
   * \sum_i body, \sum_{i=1}^{n} body: the body (a product, as in `\sum_i x_i y_i + c`) with x_i read as the
   * vector x and its operations entrywise, summed: \sum_i (x_i - y_i)^2 is sum((x - y).^2).
   */
  private indexSum(t: Tok): Ast {
    this.next();
    this.expectOp('_');
    const sub = this.peek();
    let index: string | undefined;
    if (sub.t === 'id') { this.next(); index = sub.v; }
    else if (sub.t === 'op' && sub.v === '(') {
      this.next();
      const k = this.next();
      if (k.t !== 'id') this.fail(k, l10n('Expected the summation index (a letter).'));
      index = k.v;
      // {i=1}, {i = 1}: the lower bound is the vector's first entry
      while (!this.is(')') && this.peek().t !== 'eof') this.next();
      this.expectOp(')');
    } else this.fail(sub, l10n('Expected the summation index (a letter).'));
    if (this.is('^')) { this.next(); this.superscript(); } // the upper bound is the vector's length
    if (this.sumIndex !== undefined) this.fail(t, l10n('Nested sums are not supported; write the inner one with vectors (x^\\top y).'), 'unsupported');
    this.sumIndex = index;
    this.usedIndex = false;
    const body = this.term();
    const used = this.usedIndex;
    this.sumIndex = undefined;
    if (!used) this.fail(t, l10n("The sum's body does not use the index {0} (write x_{0} for the entries of a vector x).", index), 'unsupported');
    const entrywise = (a: Ast): Ast => {
      switch (a.k) {
        case 'bin': return { ...a, op: a.op === '*' ? '.*' : a.op === '/' ? './' : a.op === '^' ? '.^' : a.op, a: entrywise(a.a), b: entrywise(a.b) };
        case 'neg': return { ...a, a: entrywise(a.a) };
        case 'call': return { ...a, args: a.args.map(entrywise) };
        case 'tr': return this.fail(a.sp, l10n('A transpose inside \\sum_i is not supported; write the sum with vectors instead.'), 'unsupported');
        default: return a;
      }
    };
    return { k: 'call', name: 'sum', args: [entrywise(body)], sp: this.sp(t, body), nameSp: this.sp(t, t) };
  }

  /** \|x\|, \|x\|_2, \|X\|_F, \|x\|^2 (the power is read by factor). */
  private norm(): Ast {
    const open = this.next();
    this.inNorm++;
    const saved = this.inAbs;
    this.inAbs = false;
    const a = this.expr();
    this.inNorm--;
    this.inAbs = saved;
    const close = this.expectOp('‖');
    let fro = false;
    if (this.is('_')) {
      this.next();
      const sub = this.subscript();
      if (sub === 'F') fro = true;
      else if (sub === '1') {
        const sp1 = this.sp(open, this.toks[this.i - 1]);
        return { k: 'call', name: 'sum', args: [{ k: 'call', name: 'abs', args: [a], sp: sp1, nameSp: this.sp(open, close) }], sp: sp1, nameSp: this.sp(open, close) };
      } else if (sub !== '2') this.fail(this.toks[this.i - 1], l10n('Only the 1-norm, the 2-norm and the Frobenius norm (_F) are supported, not _{0}.', sub), 'unsupported');
    }
    const sp = this.sp(open, this.toks[this.i - 1]);
    return { k: 'call', name: 'norm', args: fro ? [a, { k: 'str', v: 'fro', sp }] : [a], sp, nameSp: this.sp(open, close) };
  }

  /** A function command applied to (…) or to the product that follows (\log\det X, \det X, \log x). */
  private apply(name: string, t: Tok): Ast {
    // \log |X|, \log\det X → logdet
    if (name === 'log' && this.isCmd('det')) { const d = this.next(); const inner = this.apply('det', d); return inner.k === 'call' ? { ...inner, name: 'logdet', sp: this.sp(t, inner) } : inner; }
    if (name === 'log' && this.is('|')) {
      const open = this.next();
      const saved = this.inAbs;
      this.inAbs = true;
      const a = this.expr();
      this.inAbs = saved;
      const end = this.expectOp('|');
      if (this.looksMatrix(a)) return { k: 'call', name: 'logdet', args: [a], sp: this.sp(t, end), nameSp: this.sp(t, t) };
      return { k: 'call', name: 'log', args: [{ k: 'call', name: 'abs', args: [a], sp: this.sp(open, end), nameSp: this.sp(open, open) }], sp: this.sp(t, end), nameSp: this.sp(t, t) };
    }
    // \log^2 x is not a power of the argument: refuse rather than guess
    if (this.is('^')) this.fail(this.peek(), l10n('Write (\\{0} x)^2 rather than \\{0}^2 x.', t.v), 'unsupported');
    let arg: Ast;
    if (this.is('(') || this.is('[')) arg = this.factor();
    else {
      arg = this.factor();
      while (this.startsFactor() && !(this.peek().t === 'cmd' && Object.hasOwn(FUNCTIONS, this.peek().v))) {
        const b = this.factor();
        arg = { k: 'bin', op: '*', a: arg, b, sp: this.sp(arg, b) };
      }
    }
    return { k: 'call', name, args: [arg], sp: this.sp(t, arg), nameSp: this.sp(t, t) };
  }
}

/** Reads matrix calculus in LaTeX into a tensor graph. */
export function readLatexTensor(source: string, options: ReadOptions = {}): ReadResult {
  return buildProgram(source, new LatexParser(source, tokenize(source)).program(), options);
}
