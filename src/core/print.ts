import { PartialsError } from './errors';
import { FUNCTIONS } from './functions';
import type { CompareOp } from './graph';
import { asFraction, type Disp } from './display';
import { shortNumber } from './number';

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
}

export function print(root: Disp, style: Style, options: PrintOptions = {}): string {
  // Plain text stays one mathjs expression unless inlining would explode (shared DAGs expand exponentially).
  const bindAbove = style === 'plain' ? PLAIN_INLINE_LIMIT : options.bindAbove ?? 48;
  const printer = new Printer(style, options.digits ?? 6);
  const share = expandedSize(root, bindAbove + 1) > bindAbove;
  if (share || height(root) > DEPTH_CUT) {
    const { bound, tainted } = chooseBindings(root, share);
    if (bound.length) return printer.withBindings(root, bound, tainted);
  }
  return printer.expr(root);
}

/** Above this many nodes, plain text names shared subexpressions: `t1 = …; t2 = …; result`. */
const PLAIN_INLINE_LIMIT = 20_000;
/** Deeper results are cut into named pieces this tall, so printing never recurses too deep. */
const DEPTH_CUT = 400;

const heights = new WeakMap<Disp, number>();
/** Height of a display tree (memoised; iterative, children first). */
function height(root: Disp): number {
  const stack: Disp[] = [root];
  while (stack.length) {
    const d = stack[stack.length - 1];
    if (heights.has(d)) { stack.pop(); continue; }
    const pending = children(d).filter((c) => !heights.has(c));
    if (pending.length) { for (const c of pending) stack.push(c); continue; } // no spread: a sum may have 10⁵ terms
    stack.pop();
    heights.set(d, 1 + children(d).reduce((m, c) => Math.max(m, heights.get(c)!), 0));
  }
  return heights.get(root)!;
}

/** Tree size with repetition, stopping early once it exceeds `cap` (shared DAGs can be exponential). */
function expandedSize(root: Disp, cap: number): number {
  let size = 0;
  const stack = [root];
  while (stack.length && size <= cap) {
    size++;
    for (const c of children(stack.pop()!)) stack.push(c);
  }
  return size;
}

function children(d: Disp): Disp[] {
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

/**
 * Subtrees worth naming: reached along more than one path and big enough that naming them saves at least
 * 8 nodes; innermost first. Also returns every node that contains a bound one (printed differently then).
 */
type Bindings = { bound: Disp[]; tainted: Set<Disp> };
const bindingsCache = [new WeakMap<Disp, Bindings>(), new WeakMap<Disp, Bindings>()];
/** Shallow display nodes already analysed inside an earlier result: later results treat them as leaves. */
const analysed = new WeakSet<Disp>();

function chooseBindings(root: Disp, share: boolean): Bindings {
  // LaTeX and Unicode print the same result with the same bindings: decide once.
  const cache = bindingsCache[share ? 1 : 0];
  let found = cache.get(root);
  if (!found) {
    found = analyseBindings(root, share);
    cache.set(root, found);
  }
  return found;
}

function analyseBindings(root: Disp, share: boolean): Bindings {
  const parents = new Map<Disp, number>();
  const order: Disp[] = [];
  const stack: Disp[] = [root];
  const expanded: Disp[] = [];
  while (stack.length) {
    const d = stack.pop()!;
    if (expanded.length && expanded[expanded.length - 1] === d && parents.get(d) === -1) {
      expanded.pop();
      parents.set(d, 1);
      order.push(d);
      continue;
    }
    const seen = parents.get(d);
    if (seen !== undefined) {
      parents.set(d, seen === -1 ? -1 : seen + 1);
      continue;
    }
    // The partials of one expression share big subtrees (a softmax's normaliser): one analysed before is
    // a leaf now, so each partial costs its own part only. Shallow ones only: deep ones may need cutting.
    if (d !== root && analysed.has(d) && height(d) < DEPTH_CUT / 2) {
      parents.set(d, 1);
      order.push(d);
      continue;
    }
    parents.set(d, -1); // open: children pending
    stack.push(d);
    expanded.push(d);
    for (const c of children(d)) stack.push(c);
  }
  const bound: Disp[] = [];
  const isBound = new Set<Disp>();
  const cutHeight = new Map<Disp, number>();
  for (const d of order) {
    const h = 1 + children(d).reduce((m, c) => Math.max(m, isBound.has(c) ? 1 : cutHeight.get(c) ?? height(c)), 0);
    cutHeight.set(d, h);
    if (d === root) continue;
    const size = expandedSize(d, 8);
    const shared = share && size >= 3 && parents.get(d)! > 1 && (parents.get(d)! - 1) * size >= 8;
    if (shared || h >= DEPTH_CUT) {
      bound.push(d);
      isBound.add(d);
    }
  }
  const tainted = new Set<Disp>(bound);
  for (const d of order) if (children(d).some((c) => tainted.has(c))) tainted.add(d);
  for (const d of order) if (d !== root && !tainted.has(d)) analysed.add(d);
  return { bound, tainted };
}

/**
 * Printed forms of display nodes, per style and precision. Partials of one expression share most of their
 * display tree (e.g. the normaliser of a softmax), so each shared node is printed once, not once per partial.
 */
const printed = new Map<string, WeakMap<Disp, [string, number]>>();
const symbols = new Map<string, string>();

class Printer {
  private depth = 0;
  private refs = new Map<Disp, string>();
  private tainted = new Set<Disp>();
  private readonly cache: WeakMap<Disp, [string, number]>;

  constructor(private readonly style: Style, private readonly digits: number) {
    const key = `${style}:${digits}`;
    if (!printed.has(key)) printed.set(key, new WeakMap());
    this.cache = printed.get(key)!;
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

  private tempName(i: number): string {
    if (this.style === 'latex') return `t_{${i}}`;
    if (this.style === 'unicode') return `t${String(i).split('').map((c) => SUBSCRIPT[c]).join('')}`;
    return `t${i}`;
  }

  expr(d: Disp): string {
    return this.p(d, 0);
  }

  /** Prints d in a context that needs precedence > ctx (else parenthesised). */
  private p(d: Disp, ctx: number): string {
    if (++this.depth > MAX_DEPTH) throw new PartialsError('The result is too deeply nested to display.', 'limit');
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

  private product(fs: Disp[], insideFrac = false): string {
    const s = this.style;
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

  private number(v: number): [string, number] {
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
    if (frac && frac[1] !== 1 && Math.abs(frac[0]) < 1000) {
      const [p, q] = frac;
      if (s === 'latex') return [`${p < 0 ? '-' : ''}\\frac{${Math.abs(p)}}{${q}}`, p < 0 ? P.neg : P.atom];
      return [`${p < 0 ? '−' : ''}${Math.abs(p)}/${q}`, P.mul];
    }
    const text = shortNumber(Math.abs(v), this.digits);
    const pretty = /e/.test(text)
      ? s === 'latex' ? text.replace(/e([+-]?)(\d+)/, (_m, sign, exp) => ` \\times 10^{${sign === '-' ? '-' : ''}${exp}}`)
        : text.replace(/e([+-]?)(\d+)/, (_m, sign, exp) => `·10${(sign === '-' ? '-' : '') + exp}`.replace(/-?\d+$/, (e) => e.split('').map((c) => SUPERSCRIPT[c]).join('')))
      : text;
    return v < 0 ? [`${this.minus()}${pretty}`, P.neg] : [pretty, P.atom];
  }

  private symbol(name: string, constant?: boolean): string {
    const key = `${this.style}|${constant ? 1 : 0}|${name}`;
    let text = symbols.get(key);
    if (text === undefined) {
      text = this.symbolUncached(name, constant);
      if (symbols.size < 100_000) symbols.set(key, text);
    }
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
  return expandedSize(d, 8) <= 6;
}

function startsWithName(d: Disp): boolean {
  return (d.k === 'sym' && !d.constant) || (d.k === 'pow' && d.base.k === 'sym');
}
