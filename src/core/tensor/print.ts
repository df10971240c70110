import { PartialsError } from '../errors';
import { FUNCTIONS } from '../functions';
import type { CompareOp } from '../graph';
import { indexSpec, setDescriber, type TGraph, type TNodeId } from './graph';
import type { Dim } from './shape';
import { shortNumber } from '../number';
import { t as l10n } from '../l10n';

/**
 * Printers for tensor nodes:
 * - 'expr': mathjs syntax that evaluates in mathjs 15 with the point's arrays bound as nested arrays
 *   (map(M, exp) for elementwise functions, ' for transpose, * for the matrix product, .* ./ .^
 *   elementwise, transpose([u]) * [v] for an outer product; indices are 1-based there);
 * - 'latex' and 'text' (Unicode): matrix notation, vectors as columns (ᵀ, ⊙, ⁻¹, diag, σ(·) elementwise).
 *   Indices in these are 0-based, as in NumPy.
 */
export type TStyle = 'expr' | 'latex' | 'text';

const P = { add: 1, mul: 2, neg: 3, pow: 4, atom: 5 } as const;

interface Out {
  s: string;
  p: number;
  /** A product by juxtaposition (matrix product or scaling): associative, so chains need no brackets. */
  assoc?: boolean;
  /** An elementwise product or quotient (⊙, ⊘): bracketed inside a juxtaposition and vice versa. */
  had?: boolean;
}

const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '.': '·' };
const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉' };
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', eta: 'η', theta: 'θ', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν',
  xi: 'ξ', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Sigma: 'Σ', Lambda: 'Λ', Omega: 'Ω',
};
const CMP: Record<CompareOp, [string, string, string]> = {
  lt: ['<', '<', '<'], le: ['<=', '\\le', '≤'], gt: ['>', '>', '>'], ge: ['>=', '\\ge', '≥'], eq: ['==', '=', '='], ne: ['!=', '\\ne', '≠'],
};
const TEXT_FN: Record<string, string> = { sigmoid: 'σ' };
/**
 * mathjs functions that map(M, f) applies correctly. map also passes the index to its callback, so
 * functions with an optional second argument (log, round, floor, …) are spelled map(M, f(u1_) = log(u1_)).
 */
const MAP_DIRECT = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'sinh', 'cosh', 'tanh', 'sech', 'asinh', 'acosh',
  'atanh', 'exp', 'log2', 'log10', 'expm1', 'sqrt', 'cbrt', 'abs', 'sign', 'erf']);

export interface TPrintOptions {
  /** Concrete sizes of symbolic dimensions (from a point), used by 'expr' where sizes appear. */
  sizes?: ReadonlyMap<string, number>;
  /** Significant digits of numbers in latex/text (expr keeps every digit). */
  digits?: number;
}

export function printTensor(tg: TGraph, n: TNodeId, style: TStyle, options: TPrintOptions = {}): string {
  return new TPrinter(tg, style, options).print(n).s;
}

class TPrinter {
  private readonly memo = new Map<TNodeId, Out>();
  private readonly rowMemo = new Map<TNodeId, Out>();
  private readonly ex: boolean;
  private readonly tex: boolean;
  private depth = 0;

  constructor(private readonly tg: TGraph, private readonly style: TStyle, private readonly options: TPrintOptions) {
    this.ex = style === 'expr';
    this.tex = style === 'latex';
  }

  /** The right factor of an associative product: another such product needs no brackets. */
  private wrapRight(o: Out): string {
    return o.assoc ? o.s : this.wrap(o, P.mul + 1);
  }
  /** The left factor of a juxtaposition: an elementwise product is bracketed. */
  private wrapLeft(o: Out): string {
    return o.had ? this.wrap(o, P.mul + 1) : this.wrap(o, P.mul);
  }
  /** An operand of ⊙ / ⊘: a juxtaposition is bracketed (X w ⊙ y would be ambiguous). */
  private wrapHad(o: Out, right: boolean): string {
    return o.assoc || right ? this.wrap(o, P.mul + 1) : this.wrap(o, P.mul);
  }

  private wrap(o: Out, p: number): string {
    if (o.p >= p) return o.s;
    return this.tex ? `\\left(${o.s}\\right)` : `(${o.s})`;
  }

  print(n: TNodeId): Out {
    const hit = this.memo.get(n);
    if (hit) return hit;
    if (++this.depth > 2000) throw new PartialsError(l10n('The expression is too deeply nested to print.'), 'limit');
    const o = this.node(n);
    this.depth--;
    this.memo.set(n, o);
    return o;
  }

  private numStr(v: number): string {
    if (this.ex) return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : `${v < 0 ? '-' : ''}${this.tex ? '\\infty' : '∞'}`;
    const s = shortNumber(v, this.options.digits ?? 6);
    return this.tex && s.includes('e') ? s.replace(/e([-+]?)(\d+)/, (_m, sg, d) => `\\times 10^{${sg === '-' ? '-' : ''}${d}}`) : s.replace('-', this.tex ? '-' : '−');
  }

  private ident(name: string): string {
    if (this.ex) return name;
    if (this.tex) {
      if (Object.hasOwn(GREEK, name)) return `\\${name}`;
      const m = /^([A-Za-z])_?(\d+)$/.exec(name);
      if (m) return `${m[1]}_{${m[2]}}`;
      return name.length > 1 ? `\\mathit{${name.replace(/_/g, '\\_')}}` : name;
    }
    return Object.hasOwn(GREEK, name) ? GREEK[name] : name;
  }

  private dimText(d: Dim): string {
    const r = this.tg.dims.find(d);
    if (typeof r === 'number') return String(r);
    const known = this.options.sizes?.get(r);
    if (known !== undefined && this.ex) return String(known);
    if (!this.ex) return r;
    // a symbolic size in mathjs: the size of an input that has it
    for (const name of this.tg.variableNames()) {
      const v = this.tg.lookupVariable(name)!;
      const i = this.tg.shape(v).indexOf(r);
      if (i >= 0) return `size(${name})[${i + 1}]`;
    }
    throw new PartialsError(l10n('The size {0} is unknown; give a point or a shape.', r), 'input');
  }

  private sup(k: string): string {
    return [...k].every((c) => SUP[c]) ? [...k].map((c) => SUP[c]).join('') : `^(${k})`;
  }

  private isArray(n: TNodeId): boolean {
    return this.tg.rank(n) > 0;
  }

  private ones(shape: Dim[]): string {
    if (this.ex) return `ones(${shape.map((d) => this.dimText(d)).join(', ')})`;
    // a matrix of ones is 𝟏𝟏ᵀ; a single row of ones 𝟏ᵀ, a single column 𝟏
    if (shape.length === 2 && this.tg.dims.find(shape[0]) === 1 && this.tg.dims.find(shape[1]) !== 1) return this.tex ? '\\mathbf{1}^\\top' : '𝟏ᵀ';
    if (shape.length === 2 && this.tg.dims.find(shape[1]) === 1 && this.tg.dims.find(shape[0]) !== 1) return this.tex ? '\\mathbf{1}' : '𝟏';
    if (shape.length === 2) return this.tex ? '\\mathbf{1}\\mathbf{1}^\\top' : '𝟏𝟏ᵀ';
    return this.tex ? '\\mathbf{1}' : '𝟏';
  }

  private fnName(name: string): string {
    if (this.tex) return FUNCTIONS.get(name)?.latex ?? `\\operatorname{${name}}`;
    return Object.hasOwn(TEXT_FN, name) ? TEXT_FN[name] : name;
  }

  private call(name: string, ...args: string[]): Out {
    const f = this.tex ? (name.startsWith('\\') ? name : `\\operatorname{${name}}`) : name;
    return { s: this.tex ? `${f}\\left(${args.join(', ')}\\right)` : `${f}(${args.join(', ')})`, p: P.atom };
  }

  /** A vector printed as a row (uᵀ, xᵀA) for the left side of a product. */
  private row(n: TNodeId): Out {
    const hit = this.rowMemo.get(n);
    if (hit) return hit;
    const tg = this.tg;
    const T = this.tex ? '^\\top' : 'ᵀ';
    let o: Out;
    if (tg.op[n] === 'matmul' && tg.rank(tg.args[n][0]) === 2) {
      // (M v)ᵀ = vᵀ Mᵀ
      const [m, v] = tg.args[n];
      const mt = tg.op[m] === 'transpose' ? this.print(tg.args[m][0]) : this.postfix(this.print(m), T);
      o = { s: `${this.wrapLeft(this.row(v))} ${this.wrapRight(mt)}`, p: P.mul, assoc: true };
    } else {
      o = this.postfix(this.print(n), T);
    }
    this.rowMemo.set(n, o);
    return o;
  }

  private postfix(o: Out, suffix: string): Out {
    return { s: `${this.wrap(o, P.atom)}${suffix}`, p: P.pow };
  }

  private juxtapose(a: string, b: string): string {
    if (this.tex) return `${a} ${b}`;
    if (/^\d/.test(b)) return `${a}·${b}`;
    // Xᵀ(X w − y) and 2(x − 1) need no space; b (A x)ᵀ does (b(…) would read as a call)
    if (b.startsWith('(') && !/[A-Za-z_\u0370-\u03FF][A-Za-z0-9_]*$/.test(a)) return `${a}${b}`;
    return `${a} ${b}`;
  }

  private node(n: TNodeId): Out {
    const tg = this.tg;
    const a = tg.args[n];
    const op = tg.op[n];
    const p = (x: TNodeId) => this.print(x);
    const T = this.tex ? '^\\top' : 'ᵀ';
    switch (op) {
      case 'num': {
        const v = tg.val[n];
        return { s: this.numStr(v), p: v < 0 ? P.neg : P.atom };
      }
      case 'const': return { s: this.ex ? tg.name[n] : tg.name[n] === 'pi' ? (this.tex ? '\\pi' : 'π') : tg.name[n], p: P.atom };
      case 'var': return { s: this.ident(tg.name[n]), p: P.atom };
      case 'count': {
        const ds = tg.countDims(n).map((d) => this.dimText(d));
        return { s: ds.join(this.ex ? ' * ' : this.tex ? ' ' : '·'), p: ds.length > 1 ? P.mul : P.atom };
      }
      case 'eye': return { s: this.ex ? `identity(${this.dimText(tg.shape(n)[0])})` : 'I', p: P.atom };
      case 'bcast': return this.bcast(n);
      case 'add': case 'sub': {
        const r = p(a[1]);
        const minus = this.ex || this.tex ? '-' : '−';
        let right = this.wrap(r, P.add + 1);
        let negative = op === 'sub';
        // x + (−2 y) reads x − 2 y, and x − (−2 y) reads x + 2 y: an unbracketed term's leading minus is its sign
        if (right.startsWith(minus)) {
          right = right.slice(minus.length);
          negative = !negative;
        }
        return { s: `${this.wrap(p(a[0]), P.add)} ${negative ? minus : '+'} ${right}`, p: P.add };
      }
      // −(a b) = (−a) b and −(a / b) = (−a) / b: a product needs no brackets after a minus sign
      case 'neg': {
        // −max(−x) is min(x)
        const m = a[0];
        if (tg.op[m] === 'amax' && tg.op[tg.args[m][0]] === 'neg') return this.amax(m, 'min');
        return { s: `${this.ex || this.tex ? '-' : '−'}${this.wrap(p(a[0]), P.mul)}`, p: P.neg };
      }
      case 'mul': {
        const both = this.isArray(a[0]) && this.isArray(a[1]);
        if (both) {
          const l = this.wrapHad(p(a[0]), false);
          const r = this.wrapHad(p(a[1]), true);
          return { s: `${l} ${this.ex ? '.*' : this.tex ? '\\odot' : '⊙'} ${r}`, p: P.mul, had: true };
        }
        const l = this.wrapLeft(p(a[0]));
        // scaling: c (A B) = (c A) B, so a product on the right needs no brackets
        const r = tg.isScalar(a[0]) ? this.wrapRight(p(a[1])) : this.wrap(p(a[1]), P.mul + 1);
        return { s: this.ex ? `${l} * ${r}` : this.juxtapose(l, r), p: P.mul, assoc: tg.isScalar(a[0]) };
      }
      case 'div': {
        const ind = this.ex ? undefined : this.indicatorOf(n);
        if (ind !== undefined) return this.indicator(ind);
        const arrDen = this.isArray(a[1]);
        if (this.ex) return { s: `${arrDen ? this.wrapHad(p(a[0]), false) : this.wrap(p(a[0]), P.mul)} ${arrDen ? './' : '/'} ${this.wrap(p(a[1]), P.mul + 1)}`, p: P.mul, had: true };
        if (this.tex && !arrDen) return { s: `\\frac{${p(a[0]).s}}{${p(a[1]).s}}`, p: P.atom };
        if (arrDen && this.isArray(a[0])) return { s: `${this.wrapHad(p(a[0]), false)} ${this.tex ? '\\oslash' : '⊘'} ${this.wrap(p(a[1]), P.mul + 1)}`, p: P.mul, had: true };
        return { s: `${this.wrap(p(a[0]), P.mul)} / ${this.wrap(p(a[1]), P.mul + 1)}`, p: P.mul, had: true };
      }
      case 'pow': {
        const arr = this.isArray(a[0]) || this.isArray(a[1]);
        const base = this.wrap(p(a[0]), P.atom);
        if (this.ex) return { s: `${base} ${arr ? '.^' : '^'} ${this.wrap(p(a[1]), P.pow + 1)}`, p: P.pow };
        const e = p(a[1]).s;
        if (this.tex) return { s: `${base}^{${this.isArray(a[0]) ? '\\circ ' : ''}${e}}`, p: P.pow };
        const sup = tg.isNum(a[1]) ? this.sup(e.replace('−', '-')) : `^(${e})`;
        return { s: `${base}${this.isArray(a[0]) ? '∘' : ''}${sup}`, p: P.pow };
      }
      case 'fn': return this.fn(n);
      case 'where': return this.where(n);
      case 'matmul': {
        const [l, r] = a;
        if (this.ex) return { s: `${this.wrapLeft(p(l))} * ${this.wrapRight(p(r))}`, p: P.mul, assoc: true };
        const left = tg.rank(l) === 1 ? this.row(l) : p(l);
        return { s: this.juxtapose(this.wrapLeft(left), this.wrapRight(p(r))), p: P.mul, assoc: true };
      }
      case 'transpose': {
        if (this.ex) return { s: `${this.wrap(p(a[0]), P.atom)}'`, p: P.pow };
        if (tg.op[a[0]] === 'inv') return this.postfix(p(tg.args[a[0]][0]), this.tex ? '^{-\\top}' : '⁻ᵀ');
        return this.postfix(p(a[0]), T);
      }
      case 'sum': return this.sum(n);
      case 'outer': {
        if (this.ex) return { s: `transpose([${p(a[0]).s}]) * [${p(a[1]).s}]`, p: P.mul, assoc: true };
        return { s: this.juxtapose(this.wrapLeft(p(a[0])), this.wrap(this.row(a[1]), P.mul + 1)), p: P.mul, assoc: true };
      }
      case 'kron': {
        if (this.ex) return this.call('kron', p(a[0]).s, p(a[1]).s);
        const l = this.wrap(p(a[0]), P.mul + 1);
        const r = this.wrap(p(a[1]), P.mul + 1);
        // bracketed inside a product, ⊙ or a minus sign: (A ⊗ B) ⊙ G
        return { s: `${l} ${this.tex ? '\\otimes' : '⊗'} ${r}`, p: P.mul - 0.5 };
      }
      case 'trace': return this.ex ? this.call('trace', p(a[0]).s) : this.call(this.tex ? 'tr' : 'tr', p(a[0]).s);
      case 'det': return this.call(this.tex ? '\\det' : 'det', p(a[0]).s);
      case 'logdet': {
        if (this.ex) return { s: `log(det(${p(a[0]).s}))`, p: P.atom };
        return { s: this.tex ? `\\log\\det\\left(${p(a[0]).s}\\right)` : `log det(${p(a[0]).s})`, p: P.atom };
      }
      case 'inv': return this.ex ? this.call('inv', p(a[0]).s) : this.postfix(p(a[0]), this.tex ? '^{-1}' : '⁻¹');
      case 'solve': {
        if (this.ex) {
          const s = `lusolve(${p(a[0]).s}, ${p(a[1]).s})`;
          return { s: tg.rank(a[1]) === 1 ? `flatten(${s})` : s, p: P.atom };
        }
        // solve(Aᵀ, b) is A⁻ᵀ b
        const A = tg.op[a[0]] === 'transpose' ? this.postfix(p(tg.args[a[0]][0]), this.tex ? '^{-\\top}' : '⁻ᵀ') : this.postfix(p(a[0]), this.tex ? '^{-1}' : '⁻¹');
        return { s: this.juxtapose(A.s, this.wrapRight(p(a[1]))), p: P.mul, assoc: true };
      }
      case 'diag': return this.call('diag', p(a[0]).s);
      case 'norm': {
        const fro = tg.rank(a[0]) === 2;
        if (this.ex) return { s: fro ? `norm(${p(a[0]).s}, "fro")` : `norm(${p(a[0]).s})`, p: P.atom };
        if (this.tex) return { s: `\\left\\|${p(a[0]).s}\\right\\|${fro ? '_F' : ''}`, p: P.atom };
        return { s: `‖${p(a[0]).s}‖${fro ? '_F' : ''}`, p: P.atom };
      }
      case 'softmax': case 'logsoftmax': case 'logsumexp': return this.softFamily(n);
      case 'amax': return this.amax(n);
      case 'index': return this.index(n);
      case 'scatter': return this.scatter(n);
      case 'stack': {
        const items = a.map((x) => p(x).s);
        if (this.tex) return { s: `\\left[${items.join(', ')}\\right]`, p: P.atom };
        return { s: `[${items.join(', ')}]`, p: P.atom };
      }
      case 'reshape': {
        const dims = tg.shape(n).map((d) => this.dimText(d));
        if (this.ex) return { s: `reshape(${p(a[0]).s}, [${dims.join(', ')}])`, p: P.atom };
        // a vector as an n×1 column, or back: the same column in matrix notation (vectors are columns)
        const from = tg.shape(a[0]);
        const to = tg.shape(n);
        const col = (x: Dim[], y: Dim[]) => x.length === 1 && y.length === 2 && tg.dims.find(y[1]) === 1 && tg.dims.same(x[0], y[0]);
        if (col(from, to) || col(to, from)) return p(a[0]);
        return this.call('reshape', p(a[0]).s, `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`);
      }
      default: {
        const [e, l, t] = CMP[op as CompareOp];
        return { s: `${this.wrap(p(a[0]), P.add)} ${this.ex ? e : this.tex ? l : t} ${this.wrap(p(a[1]), P.add)}`, p: 0 };
      }
    }
  }

  private bcast(n: TNodeId): Out {
    const tg = this.tg;
    const src = tg.args[n][0];
    const shape = tg.shape(n);
    const s = this.print(src);
    if (tg.isScalar(src)) {
      const v = tg.filled(n);
      if (this.ex) {
        const ones = this.ones(shape);
        return v === 1 ? { s: ones, p: P.atom } : { s: `${this.wrap(s, P.mul)} * ${ones}`, p: P.mul };
      }
      if (v === 0) return { s: this.tex ? '\\mathbf{0}' : '𝟎', p: P.atom };
      if (v === 1) return { s: this.ones(shape), p: P.atom };
      return { s: this.juxtapose(this.wrapLeft(s), this.ones(shape)), p: P.mul, assoc: true };
    }
    const map = tg.bcastAxes(n);
    const srcShape = tg.shape(src);
    const T = this.tex ? '^\\top' : 'ᵀ';
    if (srcShape.length === 1) {
      // a vector repeated as every row (𝟏vᵀ) or as every column (v𝟏ᵀ)
      if (map[0] === 1) {
        if (this.ex) return { s: `ones(${this.dimText(shape[0])}, 1) * [${s.s}]`, p: P.mul };
        return { s: this.juxtapose(this.ones([shape[0]]), this.wrap(this.row(src), P.mul + 1)), p: P.mul, assoc: true };
      }
      if (this.ex) return { s: `transpose([${s.s}]) * ones(1, ${this.dimText(shape[1])})`, p: P.mul };
      return { s: this.juxtapose(this.wrapLeft(s), `${this.ones([shape[1]])}${T}`), p: P.mul, assoc: true };
    }
    // a (1, n) row or an (m, 1) column repeated
    if (this.tg.dims.find(srcShape[0]) === 1) {
      if (this.ex) return { s: `ones(${this.dimText(shape[0])}, 1) * ${this.wrap(s, P.mul + 1)}`, p: P.mul };
      return { s: this.juxtapose(this.ones([shape[0]]), this.wrap(s, P.mul + 1)), p: P.mul };
    }
    if (this.ex) return { s: `${this.wrap(s, P.mul)} * ones(1, ${this.dimText(shape[1])})`, p: P.mul };
    // (c / m) 𝟏ᵀ: a quotient or an entrywise product is bracketed before the juxtaposition
    return { s: this.juxtapose(this.wrapLeft(s), `${this.ones([shape[1]])}${T}`), p: P.mul };
  }

  private fn(n: TNodeId): Out {
    const tg = this.tg;
    const a = tg.args[n];
    const name = tg.name[n];
    const def = FUNCTIONS.get(name)!;
    if (!this.ex) {
      if (name === 'abs' && !this.tex) return { s: `|${this.print(a[0]).s}|`, p: P.atom };
      return this.call(this.fnName(name), ...a.map((x) => this.print(x).s));
    }
    const scalarCall = (xs: string[]) => (def.mathjs ? def.mathjs(xs) : `${name}(${xs.join(', ')})`);
    const arrays = a.filter((x) => this.isArray(x));
    if (!arrays.length) return { s: scalarCall(a.map((x) => this.print(x).s)), p: def.mathjs ? P.add : P.atom };
    if (a.length === 1 && MAP_DIRECT.has(name)) return { s: `map(${this.print(a[0]).s}, ${name})`, p: P.atom };
    // map(A, B, f(u1, u2) = …): array arguments are mapped, scalar ones are read from the scope
    const params: string[] = [];
    const body = a.map((x) => {
      if (!this.isArray(x)) return `(${this.print(x).s})`;
      params.push(`u${params.length + 1}_`);
      return params[params.length - 1];
    });
    return { s: `map(${arrays.map((x) => this.print(x).s).join(', ')}, f(${params.join(', ')}) = ${scalarCall(body)})`, p: P.atom };
  }

  private where(n: TNodeId): Out {
    const tg = this.tg;
    const [c, x, y] = tg.args[n];
    const p = (k: TNodeId) => this.print(k);
    if (this.ex) {
      if (![c, x, y].some((k) => this.isArray(k))) return { s: `(${p(c).s} ? ${p(x).s} : ${p(y).s})`, p: P.atom };
      const arrays: string[] = [];
      const params: string[] = [];
      const body = [c, x, y].map((k) => {
        if (!this.isArray(k)) return `(${p(k).s})`;
        arrays.push(p(k).s);
        params.push(`u${params.length + 1}_`);
        return params[params.length - 1];
      });
      return { s: `map(${arrays.join(', ')}, f(${params.join(', ')}) = ${body[0]} ? ${body[1]} : ${body[2]})`, p: P.atom };
    }
    const iverson = (k: TNodeId) => (this.tex ? `\\left[${p(k).s}\\right]` : `[${p(k).s}]`);
    const dot = this.tex ? '\\odot' : '⊙';
    if (tg.isZero(y)) return tg.isOne(x) ? { s: iverson(c), p: P.atom } : { s: `${iverson(c)} ${dot} ${this.wrapHad(p(x), true)}`, p: P.mul, had: true };
    return this.call('where', p(c).s, p(x).s, p(y).s);
  }

  private sum(n: TNodeId): Out {
    const tg = this.tg;
    const src = tg.args[n][0];
    const [axis, keep] = tg.attr[n];
    const p = this.print(src);
    if (axis < 0) {
      if (this.ex) return { s: `sum(${p.s})`, p: P.atom };
      if (tg.op[src] === 'pow' && tg.isNum(tg.args[src][1], 2)) {
        // Σ x² is the squared 2-norm (Frobenius for matrices)
        const x = this.print(tg.args[src][0]).s;
        const fro = tg.rank(src) === 2 ? '_F' : '';
        return { s: this.tex ? `\\left\\|${x}\\right\\|${fro}^2` : `‖${x}‖${fro}²`, p: P.pow };
      }
      return this.call('sum', p.s);
    }
    if (this.ex) {
      const s = `sum(${p.s}, ${axis + 1})`;
      return { s: keep ? (axis === 0 ? `[${s}]` : `transpose([${s}])`) : s, p: P.atom };
    }
    // column sums are Xᵀ𝟏 (a vector) or 𝟏ᵀX (kept as a row); row sums are X𝟏
    const one = this.ones([]);
    const T = this.tex ? '^\\top' : 'ᵀ';
    if (axis === 0) {
      return keep ? { s: this.juxtapose(`${one}${T}`, this.wrapRight(p)), p: P.mul, assoc: true }
        : { s: this.juxtapose(this.postfix(p, T).s, one), p: P.mul, assoc: true };
    }
    return { s: this.juxtapose(this.wrapLeft(p), one), p: P.mul, assoc: true };
  }

  /** max(x), max(X, axis=k); as 'min', the amax node of −x printed min(x). */
  private amax(n: TNodeId, fn: 'max' | 'min' = 'max'): Out {
    const tg = this.tg;
    const [axis, keep] = tg.amaxAxis(n);
    const arg = fn === 'min' ? tg.args[tg.args[n][0]][0] : tg.args[n][0];
    const s = this.print(arg).s;
    const name = this.tex ? `\\${fn}` : fn;
    if (axis < 0) return this.call(name, s);
    if (this.ex) {
      // mathjs: max(X, dim) with 1-based dimensions; a kept axis as a row [m] or a column transpose([m])
      const m = `${fn}(${s}, ${axis + 1})`;
      return { s: keep ? (axis === 0 || tg.rank(arg) === 1 ? `[${m}]` : `transpose([${m}])`) : m, p: P.atom };
    }
    const ax = this.tex ? `\\mathrm{axis}=${axis}` : `axis=${axis}`;
    return this.call(name, s, ...(keep ? [ax, this.tex ? '\\mathrm{keepdims}' : 'keepdims'] : [ax]));
  }

  /**
   * The amax node m when div node n is its arg-max indicator [x = max(x)] / Σ[x = max(x)] (graph.argmaxIndicator,
   * along an axis with the max and the count broadcast back).
   */
  private indicatorOf(n: TNodeId): TNodeId | undefined {
    const tg = this.tg;
    const [num, den] = tg.args[n];
    if (tg.op[num] !== 'eq') return undefined;
    const unb = (k: TNodeId) => (tg.op[k] === 'bcast' ? tg.args[k][0] : k);
    const [x, M] = tg.args[num];
    const m = unb(M);
    const d = unb(den);
    if (tg.op[m] !== 'amax' || tg.args[m][0] !== x || tg.op[d] !== 'sum' || tg.args[d][0] !== num) return undefined;
    return m;
  }

  /** The arg-max indicator as 𝟙[x = max(x)] / #ties (the ties of each row or column along an axis). */
  private indicator(m: TNodeId): Out {
    const tg = this.tg;
    // of −max(−y) = min(y): 𝟙[y = min(y)]
    const y = tg.args[m][0];
    const min = tg.op[y] === 'neg';
    const x = this.print(min ? tg.args[y][0] : y).s;
    const mx = this.amax(m, min ? 'min' : 'max').s;
    if (this.tex) return { s: `\\mathbb{1}\\left[${x} = ${mx}\\right] / \\#\\mathrm{ties}`, p: P.mul, had: true };
    return { s: `𝟙[${x} = ${mx}] / #ties`, p: P.mul, had: true };
  }

  private softFamily(n: TNodeId): Out {
    const tg = this.tg;
    const op = tg.op[n];
    const x = tg.args[n][0];
    const axis = tg.attr[n][0];
    const s = this.print(x).s;
    if (!this.ex) {
      const name = op === 'logsoftmax' ? (this.tex ? 'log\\,softmax' : 'log softmax') : op;
      const args = axis < 0 ? [s] : [s, this.tex ? `\\mathrm{axis}=${axis}` : `axis=${axis}`];
      return this.call(this.tex ? `\\operatorname{${name}}` : name, ...args);
    }
    const e = `map(${s}, exp)`;
    if (axis < 0) {
      if (op === 'softmax') return { s: `${e} / sum(${e})`, p: P.mul };
      if (op === 'logsoftmax') return { s: `${this.wrap(this.print(x), P.add)} - log(sum(${e}))`, p: P.add };
      return { s: `log(sum(${e}))`, p: P.atom };
    }
    const sums = `sum(${e}, ${axis + 1})`;
    const shaped = (v: string) => (axis === 0 ? `[${v}]` : `transpose([${v}])`);
    if (op === 'softmax') return { s: `${e} ./ ${shaped(sums)}`, p: P.mul };
    if (op === 'logsoftmax') return { s: `${this.wrap(this.print(x), P.add)} - ${shaped(`map(${sums}, f(u1_) = log(u1_))`)}`, p: P.add };
    return { s: `map(${sums}, f(u1_) = log(u1_))`, p: P.atom };
  }

  private indexText(attr: readonly number[], shape: Dim[]): string {
    return indexSpec(attr).map((x, i) => {
      if (this.ex) {
        if (x === 'all') return `1:${this.dimText(shape[i])}`;
        if (typeof x === 'number') return String(x + 1);
        return `${x[0] + 1}:${x[1]}`;
      }
      // mathematical notation counts from 1, like mathjs (and the expr form)
      return x === 'all' ? ':' : typeof x === 'number' ? String(x + 1) : `${x[0] + 1}:${x[1]}`;
    }).join(', ');
  }

  private index(n: TNodeId): Out {
    const tg = this.tg;
    const src = tg.args[n][0];
    const s = this.print(src);
    const idx = this.indexText(tg.attr[n], tg.shape(src));
    if (this.ex) {
      if (tg.op[src] === 'var') return { s: `${s.s}[${idx}]`, p: P.atom };
      return { s: `subset(${s.s}, index(${idx}))`, p: P.atom };
    }
    const spec = indexSpec(tg.attr[n]);
    if (tg.op[src] === 'var' && spec.length === 1 && typeof spec[0] === 'number') {
      const k = String(spec[0] + 1);
      return { s: this.tex ? `${s.s}_{${k}}` : `${s.s}${[...k].map((c) => SUB[c]).join('')}`, p: P.atom };
    }
    return { s: `${this.wrap(s, P.atom)}[${idx}]`, p: P.atom };
  }

  private scatter(n: TNodeId): Out {
    const tg = this.tg;
    const g = tg.args[n][0];
    const shape = tg.shape(n);
    const spec = indexSpec(tg.attr[n]);
    const s = this.print(g);
    if (this.ex) {
      let repl = s.s;
      // a column placed into a matrix must be a column matrix in mathjs
      if (spec.length === 2 && typeof spec[1] === 'number' && typeof spec[0] !== 'number') repl = `transpose([${s.s}])`;
      return { s: `subset(zeros(${shape.map((d) => this.dimText(d)).join(', ')}), index(${this.indexText(tg.attr[n], shape)}), ${repl})`, p: P.atom };
    }
    if (shape.length === 1 && typeof spec[0] === 'number') {
      const k = String(spec[0] + 1);
      const e = this.tex ? `e_{${k}}` : `e${[...k].map((c) => SUB[c]).join('')}`;
      return tg.isOne(g) ? { s: e, p: P.atom } : { s: this.juxtapose(this.wrapLeft(s), e), p: P.mul, assoc: true };
    }
    return this.call('scatter', s.s, `[${this.indexText(tg.attr[n], shape)}]`, `(${shape.join(', ')})`);
  }
}

/** Error messages name operands by their text (shortened). */
setDescriber((g, n) => {
  if (g.op[n] === 'var') return g.name[n];
  let s: string;
  try {
    s = printTensor(g, n, 'text');
  } catch {
    s = g.op[n];
  }
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
});
