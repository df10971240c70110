import { lookupFunction } from '../functions';
import { run, type Rec } from '../stack';
import type { Expr, Name, Pos, Stmt } from './ast';
import { detectLanguage } from './detect';
import { errorAtOffset, unsupportedAt } from './errors';
import type { FrontEndResult } from './types';
import { canonicalLanguage, syntaxOf, type Lang } from './languages';
import { tokenize } from './lexer';
import { MAX_NESTING, parseCode } from './parser';
import { assemble, shiftTree } from './program';
import { freeNames } from './printer';
import { t as l10n } from '../l10n';

/**
 * LaTeX (and math inside Markdown `$…$`): \frac, \sqrt[n]{}, ^{} _{}, \cdot \times, implicit products,
 * \left( \right), \sin^2 x, \ln, \exp, e^{x}, Greek letters as variables, \sigma(z) as the logistic
 * function, `f(x, y) = …` definitions and claims such as \frac{\partial f}{\partial x} = ….
 */
interface Tok { t: 'cmd' | 'num' | 'letter' | 'op' | 'nl' | 'eof'; v: string; s: number; e: number; n?: number; space: boolean }

const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'rho', 'varrho', 'sigma', 'varsigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma',
  'Upsilon', 'Phi', 'Psi', 'Omega', 'ell'];
const FUNCS: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', arcsin: 'asin', arccos: 'acos', arctan: 'atan', sinh: 'sinh', cosh: 'cosh',
  tanh: 'tanh', coth: 'coth', ln: 'log', log: 'log', lg: 'log10', exp: 'exp', max: 'max', min: 'min', sgn: 'sign', erf: 'erf', erfc: 'erfc', arcsinh: 'asinh',
  arccosh: 'acosh', arctanh: 'atanh', arccot: 'acot',
};
const CASES = '\u0001cases';
const END_CASES = '\u0001endcases';
const IGNORED = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle', 'textstyle', 'left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr',
  'Bigl', 'Bigr', 'biggl', 'biggr', 'middle', 'limits', 'nonumber', 'notag', 'mathrm_d', 'vphantom', 'strut', 'tag']);
const DECORATIONS: Record<string, string> = { hat: '_hat', bar: '_bar', tilde: '_tilde', dot: '_dot', ddot: '_ddot', overline: '_bar', widehat: '_hat', widetilde: '_tilde', vec: '', mathbf: '', boldsymbol: '', bm: '', mathit: '', mathcal: '', mathbb: '', mathsf: '', mathrm: '', text: '', textrm: '', textit: '', operatorname: '', mathtt: '', mathscr: '', mathfrak: '' };
/** Constructs the scalar reader refuses, named in the user's language when the error is raised. */
const REFUSED: Record<string, () => string> = {
  sum: () => l10n('a sum (\\sum)'), prod: () => l10n('a product (\\prod)'), int: () => l10n('an integral (\\int)'), iint: () => l10n('an integral'), oint: () => l10n('an integral'), lim: () => l10n('a limit (\\lim)'),
  nabla: () => l10n('a gradient operator (\\nabla)'), partial: () => l10n('a partial derivative written in the formula'), det: () => l10n('a determinant'), pm: () => l10n('a plus-minus sign'), mp: () => l10n('a minus-plus sign'),
  top: () => l10n('a transpose'), intercal: () => l10n('a transpose'), otimes: () => l10n('a tensor product'), langle: () => l10n('an inner product'), in: () => l10n('set membership'), forall: () => l10n('a quantifier'),
  to: () => l10n('an arrow'), rightarrow: () => l10n('an arrow'), mapsto: () => l10n('an arrow'), approx: () => l10n('an approximate equation'), equiv: () => l10n('an identity'), '|': () => l10n('a norm'), Vert: () => l10n('a norm'), binom: () => l10n('a binomial coefficient'),
  choose: () => l10n('a binomial coefficient'), mod: () => l10n('a remainder'), bmod: () => l10n('a remainder'), pmod: () => l10n('a remainder'), circ: () => l10n('a composition'), star: () => l10n('a convolution'), ast: () => l10n('a convolution'),
};

const COMMAND = /\\([A-Za-z]+|.)/y;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)/y;

function tokenizeLatex(text: string, source: string, base: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let space = false;
  while (i < text.length) {
    const c = text[i];
    const s = base + i;
    const code = text.charCodeAt(i);
    // a Latin letter first: the commonest token, and one no rule below would take
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
      out.push({ t: 'letter', v: c, s, e: s + 1, space });
      i++;
      space = false;
      continue;
    }
    if (c === '\n') { out.push({ t: 'nl', v: '\n', s, e: s + 1, space }); i++; space = true; continue; }
    if (/\s/.test(c) || c === '~') { i++; space = true; continue; }
    if (c === '&') { out.push({ t: 'op', v: '&', s, e: s + 1, space }); i++; space = true; continue; }
    if (c === '%') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '\\') {
      // sticky expressions match at i: no copy of the rest of the text per token
      COMMAND.lastIndex = i;
      const m = COMMAND.exec(text);
      if (!m) { i++; continue; }
      out.push({ t: 'cmd', v: m[1], s, e: s + m[0].length, space });
      i += m[0].length;
      space = false;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = (code >= 48 && code <= 57) || c === '.' ? NUMBER.exec(text) : null;
    if (num) {
      out.push({ t: 'num', v: num[0], s, e: s + num[0].length, n: Number(num[0]), space });
      i += num[0].length;
      space = false;
      continue;
    }
    if (/[A-Za-z\u0370-\u03FF]/.test(c)) {
      out.push({ t: 'letter', v: c, s, e: s + 1, space });
      i++;
      space = false;
      continue;
    }
    if ('+-*/^_=()[]{}|,<>!\'.;:·×−'.includes(c)) {
      out.push({ t: 'op', v: c === '−' ? '-' : c === '·' ? '*' : c === '×' ? '*' : c, s, e: s + 1, space });
      i++;
      space = false;
      continue;
    }
    throw errorAtOffset(source, s, l10n("Unexpected character '{0}'", c), 'parse');
  }
  out.push({ t: 'eof', v: '', s: base + text.length, e: base + text.length, space });
  return out;
}

/**
 * Distinct LaTeX names stay distinct variables (as SymPy keeps `x_{a,b}` and `x_{a;b}` apart): each name is keyed
 * by what the user wrote (the subscript's text, whitespace collapsed, so `x_1` and `x_{1}` are one name), and a
 * key whose identifier spelling (`x_a_b`) another key already took gets the next free one (`x_a_b_2`).
 */
export class LatexNames {
  private readonly keyOf = new Map<string, string>();
  private readonly idOf = new Map<string, string>();

  id(spelling: string, key: string): string {
    const known = this.idOf.get(key);
    if (known !== undefined) return known;
    let id = spelling;
    for (let k = 2; this.keyOf.has(id); k++) id = `${spelling}_${k}`;
    this.keyOf.set(id, key);
    this.idOf.set(key, id);
    return id;
  }
}

class LatexParser {
  private i = 0;
  private toks: Tok[];
  constructor(toks: Tok[], private readonly source: string, private readonly names = new LatexNames()) {
    this.toks = toks.filter((t) => !(t.t === 'cmd' && IGNORED.has(t.v)));
  }

  private peek(o = 0): Tok { return this.toks[Math.min(this.i + o, this.toks.length - 1)]; }
  private next(): Tok { const t = this.peek(); if (t.t !== 'eof') this.i++; return t; }
  private isOp(v: string, o = 0): boolean { const t = this.peek(o); return t.t === 'op' && t.v === v; }
  private isCmd(v: string, o = 0): boolean { const t = this.peek(o); return t.t === 'cmd' && t.v === v; }
  private expectOp(v: string): Tok {
    if (!this.isOp(v)) throw errorAtOffset(this.source, this.peek().s, l10n("Expected '{0}' but found {1}", v, this.describe(this.peek())), 'parse');
    return this.next();
  }
  private describe(t: Tok): string { return t.t === 'eof' ? l10n('the end of the formula') : t.t === 'cmd' ? `'\\${t.v}'` : `'${t.v}'`; }

  statements(): Stmt[] {
    const out: Stmt[] = [];
    this.skipEnvironments();
    while (this.peek().t !== 'eof') {
      if (this.isSeparator()) { this.next(); continue; }
      out.push(this.statement(), ...this.pending.splice(0));
      if (!this.isSeparator() && this.peek().t !== 'eof') {
        throw errorAtOffset(this.source, this.peek().s, l10n('Unexpected {0}', this.describe(this.peek())), 'parse');
      }
    }
    return out;
  }

  private skipEnvironments(): void {
    // \begin{aligned} … \end{aligned}: the names in braces are not math; `cases` becomes a conditional,
    // inside which & separates a value from its condition and line breaks do not end the statement
    const keep: Tok[] = [];
    let cases = 0;
    for (let k = 0; k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.t === 'cmd' && (t.v === 'begin' || t.v === 'end' || t.v === 'label' || t.v === 'tag') && this.toks[k + 1]?.v === '{') {
        let depth = 0;
        let name = '';
        for (k++; k < this.toks.length; k++) {
          if (this.toks[k].v === '{') depth++;
          else if (this.toks[k].v === '}' && --depth === 0) break;
          else name += this.toks[k].v;
        }
        if (/^[dr]?cases\*?$/.test(name)) {
          cases += t.v === 'begin' ? 1 : -1;
          keep.push({ ...t, v: t.v === 'begin' ? CASES : END_CASES, e: this.toks[Math.min(k, this.toks.length - 1)].e });
        }
        continue;
      }
      if ((t.t === 'op' && t.v === '&' || t.t === 'nl') && cases > 0) {
        if (t.v === '&') keep.push(t);
        continue;
      }
      if (t.t === 'op' && t.v === '&') continue;
      keep.push(t);
    }
    this.toks = keep;
  }

  /** \begin{cases} a & x > 0 \\ b & \text{otherwise} \end{cases} → x > 0 ? a : b. */
  private *cases(open: Tok): Rec<Expr> {
    const branches: { value: Expr; cond?: Expr }[] = [];
    for (;;) {
      const value = ((yield this.exprG()) as Expr);
      if (this.isOp(',')) this.next();
      let cond: Expr | undefined;
      if (this.isOp('&')) {
        this.next();
        cond = ((yield this.condition()) as Expr | undefined);
      }
      branches.push({ value, cond });
      if (this.isCmd('\\')) { this.next(); if (!this.isCmd(END_CASES)) continue; }
      if (this.isCmd(END_CASES)) break;
      throw errorAtOffset(this.source, this.peek().s, l10n('Expected \\\\ or \\end{cases} but found {0}', this.describe(this.peek())), 'parse');
    }
    const close = this.next();
    let acc = branches[branches.length - 1].value;
    for (let i = branches.length - 2; i >= 0; i--) {
      const b = branches[i];
      if (!b.cond) throw unsupportedAt(this.source, b.value.s, l10n('a case without a condition before the last one'), b.value.e);
      acc = { k: 'cond', c: b.cond, a: b.value, b: acc, s: b.value.s, e: acc.e };
    }
    return { ...acc, ps: open.s, pe: close.e };
  }

  /** `x > 0`, `\text{if } x \le 1`, `0 < x < 1`, or `\text{otherwise}` (no condition). */
  private *condition(): Rec<Expr | undefined> {
    while (this.isCmd('text') || this.isCmd('mathrm') || this.isCmd('textrm') || this.isCmd('quad') || this.isCmd('qquad')) {
      const save = this.i;
      this.next();
      if (!this.isOp('{')) { this.i = save; break; }
      const w = this.braceWord();
      const word = (w?.word ?? '').toLowerCase();
      if (/^(otherwise|else|elsewhere|sonst)$/.test(word)) return undefined;
      if (!/^(if|for|when|where|and)?$/.test(word)) throw unsupportedAt(this.source, this.toks[save].s, l10n("the condition '{0}'", word), w?.e ?? this.peek().s);
    }
    if (this.isCmd(END_CASES) || this.isCmd('\\')) return undefined;
    this.comparing++;
    try {
      let left = ((yield this.exprG()) as Expr);
      let result: Expr | undefined;
      for (;;) {
        const op = this.compareOp();
        if (!op) break;
        const right = ((yield this.exprG()) as Expr);
        const c: Expr = { k: 'bin', op, a: left, b: right, s: left.s, e: right.e };
        result = result ? { k: 'bin', op: 'and', a: result, b: c, s: result.s, e: c.e } : c;
        left = right;
      }
      if (!result) throw errorAtOffset(this.source, left.s, l10n('Expected a comparison as the condition of a case'), 'parse', left.e);
      return result;
    } finally {
      this.comparing--;
    }
  }

  private comparing = 0;

  private compareOp(): '<' | '<=' | '>' | '>=' | '==' | '!=' | undefined {
    const t = this.peek();
    const ops: Record<string, '<' | '<=' | '>' | '>=' | '==' | '!='> = { '<': '<', '>': '>', '=': '==', le: '<=', leq: '<=', leqslant: '<=', ge: '>=', geq: '>=', geqslant: '>=', lt: '<', gt: '>', ne: '!=', neq: '!=' };
    if ((t.t === 'op' || t.t === 'cmd') && Object.hasOwn(ops, t.v) && (t.t === 'cmd' || '<>='.includes(t.v))) {
      this.next();
      if (t.t === 'op' && (t.v === '<' || t.v === '>') && this.isOp('=')) { this.next(); return t.v === '<' ? '<=' : '>='; }
      return ops[t.v];
    }
    return undefined;
  }

  private isSeparator(): boolean {
    const t = this.peek();
    if (t.t === 'cmd' && t.v === '\\') return true;
    if (t.t === 'op' && (t.v === ';' || (t.v === ',' && this.depth0End()) || (t.v === '.' && this.peek(1).t === 'eof'))) return true;
    if (t.t === 'nl') {
      // a newline ends a statement unless the formula obviously continues
      const prev = this.toks[this.i - 1];
      const nxt = this.toks.slice(this.i + 1).find((x) => x.t !== 'nl');
      const open = prev && ((prev.t === 'op' && '+-*/^_=({[,'.includes(prev.v)) || (prev.t === 'cmd' && ['cdot', 'times', 'div', 'frac', 'left'].includes(prev.v)));
      const cont = nxt && ((nxt.t === 'op' && '+-*/^_=)}]'.includes(nxt.v)) || (nxt.t === 'cmd' && ['cdot', 'times', 'div', 'right'].includes(nxt.v)));
      if (open || cont) { this.toks.splice(this.i, 1); this.runLength = -1; return this.isSeparator(); }
      return true;
    }
    return false;
  }

  private depth0End(): boolean {
    // `x = 1, y = 2` separates statements; commas inside brackets are arguments
    const t = this.peek(1);
    if (t.t === 'eof' || (t.t === 'cmd' && (t.v === 'quad' || t.v === 'qquad'))) return true;
    // `C = S \Phi(d_1) - …, \quad d_1 = …`: a definition follows (a name, then '=' before any other comma)
    let depth = 0;
    for (let k = this.i + 1; k < this.toks.length; k++) {
      const q = this.toks[k];
      if (q.t === 'eof' || q.t === 'nl') return false;
      if (q.t === 'op' && '({['.includes(q.v)) depth++;
      else if (q.t === 'op' && ')}]'.includes(q.v)) depth--;
      else if (depth === 0 && q.t === 'op' && q.v === ',') return false;
      else if (depth === 0 && q.t === 'op' && q.v === '=') return k > this.i + 1;
      else if (depth === 0 && q.t === 'cmd' && ['frac', 'sqrt', 'cdot', 'times', 'le', 'ge', 'leq', 'geq', 'neq', 'in'].includes(q.v)) return false;
    }
    return false;
  }

  private statement(): Stmt {
    const start = this.peek().s;
    const claim = this.tryClaimLhs();
    if (claim) {
      this.expectOp('=');
      const value = this.chainTail(this.expr());
      return { k: 'claim', of: claim.of, wrt: claim.wrt, value, label: this.source.slice(start, claim.e).trim(), s: start, e: value.e };
    }
    const def = this.tryDefinition();
    if (def) return def;
    const lhs = this.expr();
    if (!this.isOp('=')) return { k: 'expr', value: lhs, s: lhs.s, e: lhs.e };
    if (lhs.k !== 'id') throw unsupportedAt(this.source, lhs.s, l10n('an equation whose left side is not a name'), lhs.e, l10n('write name = formula'));
    this.next();
    const value = this.chainTail(this.expr());
    const target: Name = { name: lhs.name, s: lhs.s, e: lhs.e };
    return { k: 'assign', targets: [target], values: [value], s: lhs.s, e: value.e };
  }

  /** `y = a = b`: the last side is the formula. */
  private chainTail(x: Expr): Expr {
    let v = x;
    while (this.isOp('=')) {
      this.next();
      v = this.expr();
    }
    return v;
  }

  /** `f(x, y) = …` defines f with parameters x, y. */
  private tryDefinition(): Stmt | undefined {
    const save = this.i;
    const name = this.tryName();
    if (!name || !this.isOp('(')) { this.i = save; return undefined; }
    this.next();
    const params: Name[] = [];
    for (;;) {
      const p = this.tryName();
      if (!p) { this.i = save; return undefined; }
      params.push({ name: p.name, s: p.s, e: p.e });
      if (this.isOp(',')) { this.next(); continue; }
      break;
    }
    if (!this.isOp(')') || !this.isOp('=', 1)) { this.i = save; return undefined; }
    this.next();
    this.next();
    const header: Stmt = { k: 'func', name: { name: name.name, s: name.s, e: name.e }, params, defaults: {}, s: name.s, e: this.peek(-1).e };
    this.defined.add(name.name);
    const value = this.chainTail(this.expr());
    this.pending.push({ k: 'return', values: [value], s: value.s, e: value.e });
    return header;
  }

  readonly pending: Stmt[] = [];
  /** Functions defined earlier (g(t) = …): g(x) is then a call, not g times x. */
  private readonly defined = new Set<string>();

  /** ∂f/∂x written as \frac{\partial f}{\partial x}, \frac{df}{dx}, \partial_x f, f'(x) or \nabla_x f. */
  private tryClaimLhs(): { of: string; wrt: string; e: number } | undefined {
    const save = this.i;
    const fail = () => { this.i = save; return undefined; };
    if (this.isCmd('frac') || this.isCmd('dfrac') || this.isCmd('tfrac')) {
      this.next();
      if (!this.isOp('{')) return fail();
      this.next();
      if (!this.diffMark()) return fail();
      const of = this.tryName();
      if (!of || !this.isOp('}')) return fail();
      this.next();
      if (!this.isOp('{')) return fail();
      this.next();
      if (!this.diffMark()) return fail();
      const wrt = this.tryName();
      if (!wrt || !this.isOp('}')) return fail();
      const close = this.next();
      if (!this.isOp('=')) return fail();
      return { of: of.name, wrt: wrt.name, e: close.e };
    }
    if (this.isCmd('partial') || this.isCmd('nabla')) {
      this.next();
      if (!this.isOp('_')) return fail();
      this.next();
      const wrt = this.groupName();
      const of = wrt && this.tryName();
      if (!wrt || !of || !this.isOp('=')) return fail();
      return { of: of.name, wrt, e: of.e };
    }
    const f = this.tryName();
    if (f && this.isOp('\'')) {
      this.next();
      if (!this.isOp('(')) return fail();
      this.next();
      const x = this.tryName();
      if (!x || !this.isOp(')')) return fail();
      const close = this.next();
      if (!this.isOp('=')) return fail();
      return { of: f.name, wrt: x.name, e: close.e };
    }
    return fail();
  }

  private diffMark(): boolean {
    if (this.isCmd('partial')) { this.next(); return true; }
    if (this.peek().t === 'letter' && this.peek().v === 'd') { this.next(); return true; }
    if ((this.isCmd('mathrm') || this.isCmd('text')) && this.isOp('{', 1) && this.peek(2).v === 'd' && this.isOp('}', 3)) { this.i += 4; return true; }
    return false;
  }

  private groupName(): string | undefined {
    if (this.isOp('{')) {
      this.next();
      const n = this.tryName();
      if (!n || !this.isOp('}')) return undefined;
      this.next();
      return n.name;
    }
    return this.tryName()?.name;
  }

  /** A variable name: a letter or Greek letter with decorations and a subscript. */
  private tryName(): { name: string; s: number; e: number } | undefined {
    const t = this.peek();
    let name: string;
    let s = t.s;
    if (t.t === 'letter') {
      this.next();
      name = t.v;
    } else if (t.t === 'cmd' && GREEK.includes(t.v)) {
      this.next();
      name = t.v.replace(/^var/, '') || t.v;
    } else if (t.t === 'cmd' && Object.hasOwn(DECORATIONS, t.v) && this.isOp('{', 1)) {
      this.next();
      const inner = this.braceWord();
      if (!inner) return undefined;
      name = inner.word + DECORATIONS[t.v];
      s = t.s;
    } else return undefined;
    let e = this.peek(-1).e;
    let key = t.t === 'cmd' && t.v in DECORATIONS ? this.source.slice(s, e).replace(/\s+/g, ' ') : name;
    if (this.isOp('_')) {
      const underscore = this.next();
      const sub = this.subscript();
      name += `_${sub.text}`;
      // the key: what the subscript says, braces and surrounding space aside (x_1 ≡ x_{1}, x_{a,b} ≠ x_{a;b} ≠ x_{ab} ≠ x_{a b})
      const raw = this.source.slice(underscore.e, sub.e).trim();
      key += `_{${(raw.startsWith('{') && raw.endsWith('}') ? raw.slice(1, -1) : raw).trim().replace(/\s+/g, ' ')}}`;
      e = sub.e;
    }
    return { name: this.names.id(name, key), s, e };
  }

  private braceWord(): { word: string; e: number } | undefined {
    this.next(); // {
    let word = '';
    while (!this.isOp('}')) {
      const t = this.next();
      if (t.t === 'eof') return undefined;
      if (t.t === 'letter' || t.t === 'num') word += t.v;
      else if (t.t === 'cmd' && GREEK.includes(t.v)) word += t.v;
      else if (t.t === 'op' && (t.v === '_' || t.v === '-')) word += '_';
      else if (t.t === 'cmd' && (t.v === ',' || t.v === ' ')) continue;
      else return undefined;
    }
    const close = this.next();
    return { word, e: close.e };
  }

  private subscript(): { text: string; e: number } {
    if (this.isOp('{')) {
      const open = this.next();
      let text = '';
      let depth = 1;
      for (;;) {
        const t = this.next();
        if (t.t === 'eof') throw errorAtOffset(this.source, open.s, l10n("Unclosed '{'"), 'parse');
        if (t.v === '{' && t.t === 'op') depth++;
        if (t.v === '}' && t.t === 'op' && --depth === 0) return { text: text.replace(/_+$/, '') || 'sub', e: t.e };
        if (t.t === 'letter' || t.t === 'num') text += t.v.replace('.', '_');
        else if (t.t === 'cmd' && GREEK.includes(t.v)) text += t.v;
        else if (t.t === 'op' && text && !text.endsWith('_')) text += '_';
      }
    }
    const t = this.next();
    if (t.t === 'letter' || t.t === 'num') return { text: t.t === 'num' ? t.v[0] : t.v, e: t.t === 'num' ? t.s + 1 : t.e };
    if (t.t === 'cmd' && GREEK.includes(t.v)) return { text: t.v, e: t.e };
    throw errorAtOffset(this.source, t.s, l10n('Expected a subscript'), 'parse');
  }

  // ---- expressions -----------------------------------------------------------------------------------
  private depth = 0;

  /**
   * A formula, parsed through `run` (src/core/stack.ts): the methods below are generators that yield their
   * recursive calls, so nesting costs heap, not call stack (10 000 levels are a tested target).
   */
  expr(): Expr {
    const depth = this.depth;
    try {
      return run(this.exprG());
    } finally {
      this.depth = depth;
    }
  }

  private *exprG(): Rec<Expr> {
    if (++this.depth > MAX_NESTING) {
      throw errorAtOffset(this.source, this.peek().s, l10n('The formula is nested too deeply (more than {0} levels)', MAX_NESTING), 'limit');
    }
    const x = (yield this.sum()) as Expr;
    this.depth--;
    return x;
  }

  private *sum(): Rec<Expr> {
    let left = ((yield this.term()) as Expr);
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.v === '+' || t.v === '-')) {
        this.next();
        const right = ((yield this.term()) as Expr);
        left = { k: 'bin', op: t.v as '+' | '-', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if ((t.t === 'op' && (t.v === '<' || t.v === '>')) || (t.t === 'cmd' && ['le', 'leq', 'ge', 'geq', 'lt', 'gt', 'neq', 'ne', 'leqslant', 'geqslant'].includes(t.v))) {
        if (this.comparing) return left;
        throw unsupportedAt(this.source, t.s, l10n('a comparison'), t.e, l10n('conditions belong in \\begin{cases}'));
      }
      if (t.t === 'cmd' && Object.hasOwn(REFUSED, t.v)) throw unsupportedAt(this.source, t.s, REFUSED[t.v](), t.e);
      return left;
    }
  }

  private *term(): Rec<Expr> {
    let left = this.plainLetter() ?? ((yield this.signed()) as Expr);
    for (;;) {
      left = this.plainFactors(left);
      const t = this.peek();
      if ((t.t === 'op' && (t.v === '*' || t.v === '/')) || (t.t === 'cmd' && (t.v === 'cdot' || t.v === 'times' || t.v === 'div' || t.v === 'ast'))) {
        this.next();
        const right = ((yield this.signed()) as Expr);
        const op = t.v === '/' || t.v === 'div' ? '/' : '*';
        left = { k: 'bin', op, a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if (this.startsFactor()) {
        const right = this.plainLetter() ?? ((yield this.power()) as Expr);
        left = { k: 'bin', op: '*', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      return left;
    }
  }

  /**
   * The plain letters that follow `left` in an implicit product (`abc…`), each a factor as term() would link it: in a
   * plain loop, since V8 runs a long loop inside a generator far slower (200 000 letters are that many links).
   */
  private plainFactors(left: Expr): Expr {
    for (;;) {
      const right = this.peek().t === 'letter' ? this.plainLetter() : undefined;
      if (!right) return left;
      left = { k: 'bin', op: '*', a: left, b: right, s: left.s, e: right.e };
    }
  }

  private *signed(): Rec<Expr> {
    const t = this.peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      this.next();
      const a = ((yield this.term1()) as Expr);
      return t.v === '-' ? { k: 'un', op: '-', a, s: t.s, e: a.e } : a;
    }
    return ((yield this.power()) as Expr);
  }

  /** The operand of a leading sign: one implicit product (−2x is −(2x)). */
  private *term1(): Rec<Expr> {
    let left = ((yield this.power()) as Expr);
    while (this.startsFactor()) {
      const right = ((yield this.power()) as Expr);
      left = { k: 'bin', op: '*', a: left, b: right, s: left.s, e: right.e };
    }
    return left;
  }

  private startsFactor(): boolean {
    const t = this.peek();
    if (t.t === 'num' || t.t === 'letter') return true;
    if (t.t === 'op') return t.v === '(' || t.v === '[' || (t.v === '{') || (t.v === '|' && !this.closingBar);
    if (t.t === 'cmd') return !(Object.hasOwn(REFUSED, t.v)) && !['cdot', 'times', 'div', 'ast', 'right', '\\', 'le', 'leq', 'ge', 'geq', 'neq', 'rvert', 'rfloor', 'rceil', '}', 'quad', 'qquad'].includes(t.v);
    return false;
  }

  private closingBar = false;

  private *power(): Rec<Expr> {
    const base = ((yield this.atom()) as Expr);
    return ((yield this.powerTail(base)) as Expr);
  }

  private *powerTail(base: Expr): Rec<Expr> {
    let x = base;
    while (this.isOp('^')) {
      const caret = this.next();
      if (this.isCmd('top') || this.isCmd('intercal') || (this.peek().t === 'letter' && this.peek().v === 'T' && !this.peek(1).space && this.peek(1).t !== 'letter')) {
        throw unsupportedAt(this.source, caret.s, l10n('a transpose'), this.peek().e, l10n('Partials works with scalars'));
      }
      const exp = ((yield this.group()) as Expr);
      x = { k: 'bin', op: '^', a: x, b: exp, s: x.s, e: exp.e };
    }
    if (this.isOp('!')) throw unsupportedAt(this.source, this.peek().s, l10n('a factorial'), this.peek().e);
    if (this.isOp('\'')) throw unsupportedAt(this.source, this.peek().s, l10n("a prime (') inside a formula"), this.peek().e, l10n("write the derivative as f'(x) = … on its own line"));
    return x;
  }

  /** A superscript, \frac argument or \sqrt argument: a braced expression or one token. */
  private *group(): Rec<Expr> {
    if (this.isOp('{')) {
      const open = this.next();
      const x = ((yield this.exprG()) as Expr);
      const close = this.expectOp('}');
      return { ...x, ps: x.ps ?? open.s, pe: x.pe ?? close.e };
    }
    const t = this.peek();
    if (t.t === 'num') { // \frac12, x^23 means x^2 3
      this.next();
      const digit = t.v[0];
      if (t.v.length > 1) {
        this.toks.splice(this.i, 0, { t: 'num', v: t.v.slice(1), s: t.s + 1, e: t.e, n: Number(t.v.slice(1)), space: false });
        this.runLength = -1; // the tokens moved: the letter run measured is forgotten
        return { k: 'num', v: Number(digit), s: t.s, e: t.s + 1 };
      }
      return { k: 'num', v: t.n!, s: t.s, e: t.e };
    }
    if (t.t === 'op' && t.v === '-') {
      this.next();
      const a = ((yield this.group()) as Expr);
      return { k: 'un', op: '-', a, s: t.s, e: a.e };
    }
    return ((yield this.atom()) as Expr);
  }

  private *atom(): Rec<Expr> {
    const t = this.peek();
    if (t.t === 'num') { this.next(); return { k: 'num', v: t.n!, s: t.s, e: t.e }; }
    if (t.t === 'op') {
      if (t.v === '(' || t.v === '[' || t.v === '{') {
        this.next();
        const x = ((yield this.exprG()) as Expr);
        const closing = t.v === '(' ? ')' : t.v === '[' ? ']' : '}';
        if (this.isCmd('right')) this.next();
        const close = this.expectOp(closing);
        return { ...x, ps: x.ps ?? t.s, pe: x.pe ?? close.e };
      }
      if (t.v === '|') return ((yield this.bars(t, '|')) as Expr);
      throw errorAtOffset(this.source, t.s, l10n('Unexpected {0}', this.describe(t)), 'parse');
    }
    if (t.t === 'letter') return ((yield this.letters()) as Expr);
    if (t.t === 'cmd') return ((yield this.command()) as Expr);
    throw errorAtOffset(this.source, t.s, (t.t === 'eof' ? l10n('The formula ends too early') : l10n('Unexpected {0}', this.describe(t))), 'parse');
  }

  private *bars(open: Tok, close: string): Rec<Expr> {
    this.next();
    const saved = this.closingBar;
    this.closingBar = true;
    const x = ((yield this.exprG()) as Expr);
    this.closingBar = saved;
    if (this.isCmd('right')) this.next();
    const end = this.peek();
    if (!(end.t === 'op' && end.v === close) && !(end.t === 'cmd' && end.v === close)) throw errorAtOffset(this.source, end.s, l10n('Expected a closing |'), 'parse');
    this.next();
    return { k: 'fn', name: 'abs', args: [x], ns: open.s, s: open.s, e: end.e };
  }

  /** A run of adjacent letters (no space between) from runFrom to runTo, measured while toks had runLength tokens (-1: none). */
  private runFrom = -1;
  private runTo = -1;
  private runLength = -1;

  /**
   * Where a function name starting at the current letter would end: after the adjacent letters that follow it, at
   * most 41 (a function's name is short: looking further for one made 200 000 letters quadratic). The run of letters
   * is measured once and remembered until the tokens move (a splice forgets it), so each letter of a long run costs O(1).
   */
  private wordEnd(): number {
    const i = this.i;
    const toks = this.toks;
    if (!(this.runLength === toks.length && i >= this.runFrom && i < this.runTo)) {
      let k = i + 1;
      while (toks[k].t === 'letter' && !toks[k].space && toks[k].s === toks[k - 1].e) k++;
      this.runFrom = i;
      this.runTo = k;
      this.runLength = toks.length;
    }
    return Math.min(this.runTo, i + 41);
  }

  /**
   * A letter that is a variable on its own (no function name, subscript, power, prime or factorial after it), read
   * as `power()` would read it, without its generators: most of a long implicit product (`abc…`). Undefined, with
   * nothing read, when it is anything else.
   */
  private plainLetter(): Expr | undefined {
    const t = this.peek();
    if (t.t !== 'letter') return undefined;
    const next = this.toks[this.i + 1];
    if (next.t === 'op' && (next.v === '_' || next.v === '^' || next.v === '(' || next.v === '!' || next.v === '\'')) return undefined;
    const k = this.wordEnd();
    if (k - this.i > 1 && this.toks[k].t === 'op' && this.toks[k].v === '(') return undefined;
    const n = this.tryName()!;
    if (n.name === 'e' && n.e === n.s + 1) return { k: 'const', name: 'e', s: n.s, e: n.e };
    return { k: 'id', name: n.name, s: n.s, e: n.e };
  }

  /** Letters: a known function name followed by '(' is a call; otherwise each letter is a variable. */
  private *letters(): Rec<Expr> {
    const first = this.peek();
    const k = this.wordEnd();
    if (k - this.i > 1 && this.toks[k].t === 'op' && this.toks[k].v === '(') {
      const word = this.toks.slice(this.i, k).map((t) => t.v).join('');
      if (lookupFunction(word) || Object.hasOwn(FUNCS, word)) {
        this.i = k;
        return ((yield this.call(Object.hasOwn(FUNCS, word) ? FUNCS[word] : word, first.s, this.toks[k - 1].e)) as Expr);
      }
    }
    const n = this.tryName()!;
    if (this.defined.has(n.name) && this.isOp('(')) return ((yield this.call(n.name, n.s, n.e)) as Expr);
    if (n.name === 'e' && n.e === n.s + 1) return { k: 'const', name: 'e', s: n.s, e: n.e };
    return { k: 'id', name: n.name, s: n.s, e: n.e };
  }

  private *call(name: string, s: number, ne: number): Rec<Expr> {
    // parenthesised argument list
    const open = this.next();
    const args: Expr[] = [((yield this.exprG()) as Expr)];
    while (this.isOp(',')) { this.next(); args.push(((yield this.exprG()) as Expr)); }
    if (this.isCmd('right')) this.next();
    const close = this.expectOp(open.v === '(' ? ')' : open.v === '[' ? ']' : '}');
    return { k: 'call', callee: { k: 'id', name, s, e: ne }, args, s, e: close.e };
  }

  private *command(): Rec<Expr> {
    const t = this.next();
    const v = t.v;
    if (Object.hasOwn(REFUSED, v)) throw unsupportedAt(this.source, t.s, REFUSED[v](), t.e);
    if (v === 'frac' || v === 'dfrac' || v === 'tfrac' || v === 'cfrac') {
      const a = ((yield this.group()) as Expr);
      const b = ((yield this.group()) as Expr);
      return { k: 'bin', op: '/', a, b, s: t.s, e: this.peek(-1).e };
    }
    if (v === 'sqrt') {
      let n: Expr | undefined;
      if (this.isOp('[')) {
        this.next();
        n = ((yield this.exprG()) as Expr);
        this.expectOp(']');
      }
      const x = ((yield this.group()) as Expr);
      const pos = { s: t.s, e: this.peek(-1).e };
      return n ? { k: 'fn', name: 'nthRoot', args: [x, n], ns: t.s, ...pos } : { k: 'fn', name: 'sqrt', args: [x], ns: t.s, ...pos };
    }
    if (v === 'pi') return { k: 'const', name: 'pi', s: t.s, e: t.e };
    if (v === 'infty') return { k: 'const', name: 'Infinity', s: t.s, e: t.e };
    if (v === 'exponentialE') return { k: 'const', name: 'e', s: t.s, e: t.e };
    if (v === 'lvert' || v === 'vert') {
      this.i--; // bars() reads the opening bar itself
      return ((yield this.bars({ ...t, t: 'op' }, v === 'lvert' ? 'rvert' : 'vert')) as Expr);
    }
    if (v === 'lfloor' || v === 'lceil') {
      const x = ((yield this.exprG()) as Expr);
      if (this.isCmd('right')) this.next();
      const close = this.next();
      if (close.v !== (v === 'lfloor' ? 'rfloor' : 'rceil')) throw errorAtOffset(this.source, close.s, (v === 'lfloor' ? l10n('Expected \\rfloor') : l10n('Expected \\rceil')), 'parse');
      return { k: 'fn', name: v === 'lfloor' ? 'floor' : 'ceil', args: [x], ns: t.s, s: t.s, e: close.e };
    }
    if (v === '{') {
      const x = ((yield this.exprG()) as Expr);
      if (this.isCmd('right')) this.next();
      if (!this.isCmd('}')) throw errorAtOffset(this.source, this.peek().s, l10n('Expected \\}'), 'parse');
      this.next();
      return x;
    }
    if (v === CASES) return ((yield this.cases(t)) as Expr);
    if (v === 'sigma' && this.isOp('(')) return ((yield this.call('sigmoid', t.s, t.e)) as Expr);
    if (v === 'Phi' && this.isOp('(')) return ((yield this.call('normcdf', t.s, t.e)) as Expr); // the standard normal CDF
    if (Object.hasOwn(FUNCS, v) || v === 'operatorname' || ((v === 'mathrm' || v === 'text') && this.isOp('{') && this.wordIsFunction())) {
      let name = FUNCS[v];
      let ne = t.e;
      if (!name) {
        const w = this.braceWord();
        if (!w) throw errorAtOffset(this.source, t.s, l10n('Expected a function name in braces'), 'parse');
        name = lookupFunction(w.word) || !lookupFunction(w.word.toLowerCase()) ? w.word : w.word.toLowerCase(); // \mathrm{ReLU}
        ne = w.e;
      }
      return ((yield this.applyFunction(name, t, ne)) as Expr);
    }
    if (GREEK.includes(v) || Object.hasOwn(DECORATIONS, v)) {
      this.i--;
      const n = this.tryName();
      if (!n) throw errorAtOffset(this.source, t.s, l10n('Cannot read \\{0} here', v), 'parse');
      return { k: 'id', name: n.name, s: n.s, e: n.e };
    }
    throw unsupportedAt(this.source, t.s, l10n("the LaTeX command '\\{0}'", v), t.e);
  }

  private wordIsFunction(): boolean {
    let k = this.i + 1;
    let word = '';
    while (this.toks[k] && this.toks[k].t === 'letter') word += this.toks[k++].v;
    return this.toks[k]?.v === '}' && !!(lookupFunction(word) || lookupFunction(word.toLowerCase()) || Object.hasOwn(FUNCS, word));
  }

  /** \sin x, \sin(x), \sin^2 x, \sin^{-1} x, \log_2 x, \max(a, b). */
  private *applyFunction(name: string, t: Tok, ne: number): Rec<Expr> {
    let power: Expr | undefined;
    let inverse = false;
    let base: Expr | undefined;
    for (;;) {
      if (this.isOp('^')) {
        this.next();
        const p = ((yield this.group()) as Expr);
        if (p.k === 'un' && p.a.k === 'num' && p.a.v === 1) inverse = true;
        else power = p;
        continue;
      }
      if (this.isOp('_')) {
        this.next();
        base = ((yield this.group()) as Expr);
        continue;
      }
      break;
    }
    if (inverse) {
      const inv: Record<string, string> = { sin: 'asin', cos: 'acos', tan: 'atan', sinh: 'asinh', cosh: 'acosh', tanh: 'atanh', cot: 'acot' };
      if (!inv[name]) throw unsupportedAt(this.source, t.s, l10n('the inverse of {0}', name), t.e);
      name = inv[name];
    }
    let args: Expr[];
    let end: number;
    if (this.isCmd('left') || this.isOp('(') || (this.isOp('[') && (name === 'max' || name === 'min')) || (this.isCmd('{') && (name === 'max' || name === 'min'))) {
      if (this.isCmd('left')) this.next();
      if (this.isCmd('{')) {
        this.next();
        args = [((yield this.exprG()) as Expr)];
        while (this.isOp(',')) { this.next(); args.push(((yield this.exprG()) as Expr)); }
        if (this.isCmd('right')) this.next();
        end = this.next().e;
      } else {
        const c = ((yield this.call(name, t.s, ne)) as Expr) as Extract<Expr, { k: 'call' }>;
        args = c.args;
        end = c.e;
      }
    } else {
      // \sin 2x: the argument is the implicit product that follows, up to an operator or another function
      let a = ((yield this.power()) as Expr);
      while (this.startsFactor() && !(this.peek().t === 'cmd' && (Object.hasOwn(FUNCS, this.peek().v) || this.peek().v === 'operatorname'))) {
        const b = ((yield this.power()) as Expr);
        a = { k: 'bin', op: '*', a, b, s: a.s, e: b.e };
      }
      args = [a];
      end = a.e;
    }
    if (base) args = [...args, base];
    let x: Expr = { k: 'call', callee: { k: 'id', name, s: t.s, e: ne }, args, s: t.s, e: end };
    if (power) x = { k: 'bin', op: '^', a: x, b: power, s: t.s, e: end };
    return x;
  }
}

function parseLatexSegments(source: string, segments: Pos[]): Stmt[] {
  const stmts: Stmt[] = [];
  const names = new LatexNames(); // one namespace for the whole selection
  for (const seg of segments) {
    const p = new LatexParser(tokenizeLatex(source.slice(seg.s, seg.e), source, seg.s), source, names);
    stmts.push(...p.statements());
  }
  return whereOrder(stmts);
}

/**
 * Mathematics defines after use: `C = S\Phi(d_1) - …, \quad d_1 = …`. When a formula uses a name that a later
 * line defines (and no earlier one), the definitions move before their uses (a stable topological order).
 */
function whereOrder(stmts: Stmt[]): Stmt[] {
  const assigns = stmts.filter((st): st is Extract<Stmt, { k: 'assign' }> => st.k === 'assign' && st.targets.length === 1);
  if (assigns.length !== stmts.length || assigns.length < 2) return stmts;
  const names = assigns.map((st) => st.targets[0].name);
  if (new Set(names).size !== names.length) return stmts; // a name assigned twice: the order is the meaning
  const uses = assigns.map((st) => new Set(freeNames(st.values[0]).filter((n) => names.includes(n))));
  if (!uses.some((u, i) => [...u].some((n) => names.indexOf(n) > i))) return stmts;
  const placed = new Set<string>();
  const out: Stmt[] = [];
  while (out.length < assigns.length) {
    const next = assigns.findIndex((st, i) => !placed.has(names[i]) && [...uses[i]].every((n) => placed.has(n) || n === names[i]));
    if (next < 0) return stmts; // a cycle: leave it to the engine's messages
    placed.add(names[next]);
    out.push(assigns[next]);
  }
  return out;
}

/** Math inside $$…$$, $…$, \[…\], \(…\) and ```math fences, in order. */
export function mathSegments(text: string): Pos[] {
  const out: Pos[] = [];
  const re = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$|```math[^\n]*\n([\s\S]*?)```/g;
  for (const m of text.matchAll(re)) {
    const g = m.findIndex((x, i) => i > 0 && x !== undefined);
    const inner = m[g];
    const s = m.index! + m[0].indexOf(inner);
    out.push({ s, e: s + inner.length });
  }
  return out;
}

export function readLatex(source: string): FrontEndResult {
  const segs = /\$|\\\[|\\\(/.test(source) ? mathSegments(source) : [];
  const stmts = parseLatexSegments(source, segs.length ? segs : [{ s: 0, e: source.length }]);
  return assemble({ stmts, lang: 'latex', source, aliases: new Map() });
}

/** Markdown: math between dollars is LaTeX; a fenced code block is read in its language; else detect. */
export function readMarkdown(source: string, fallback: (text: string, language?: string) => FrontEndResult): FrontEndResult {
  const segs = mathSegments(source);
  if (segs.length) return assemble({ stmts: parseLatexSegments(source, segs), lang: 'latex', source, aliases: new Map() });
  const fence = /```[ \t]*([\w+#-]*)[^\n]*\n([\s\S]*?)```/.exec(source);
  if (fence) {
    const id = canonicalLanguage(fence[1] || 'auto');
    const start = fence.index + fence[0].indexOf('\n') + 1;
    const inner = fence[2];
    if (id === 'auto' || id === 'markdown' || id === 'math' || id === 'latex') {
      const r = fallback(inner, id === 'markdown' ? 'auto' : id);
      return { ...r, mapOffset: (i) => start + r.mapOffset(i), ...(r.ast ? { ast: shiftTree(r.ast, start) } : {}) };
    }
    return readCodeAt(source, start, inner, id);
  }
  const stripped = source.replace(/[`$]/g, ' ');
  return fallback(stripped, detectLanguage(stripped));
}

function readCodeAt(source: string, start: number, inner: string, lang: Lang): FrontEndResult {
  const syn = syntaxOf(lang);
  const { stmts, aliases } = parseCode(tokenize(inner, syn, source, start), syn, source);
  return assemble({ stmts, lang, source, aliases });
}
