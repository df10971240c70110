import { errorAt, PartialsError, type Span } from '../errors';
import { TokenCursor, type Tok } from './cursor';
import { buildProgram, type Ast, type Item, type Program, type ReadOptions, type ReadResult } from './read';
import { t as l10n } from '../l10n';

/**
 * NumPy (and jax.numpy) matrix code: `np.sum((X @ w - y)**2)`, `X.T @ (X @ w - y)`, `np.dot(w, w)`,
 * `x.sum(axis=0)`, `np.linalg.inv(A)`, `r = X @ w - y` lines, a `def f(x): return …` body. Parsed with Python's
 * precedence and meanings (`*` `/` `**` elementwise, `@` the matrix product, 0-based indices and axes) into
 * the reader's program, so shapes, spans and errors work as for mathjs syntax.
 */

const OPS = ['**', '==', '!=', '<=', '>=', '@', '*', '/', '+', '-', '(', ')', '[', ']', ',', ':', '.', '=', '<', '>'];
const MODULES = new Set(['np', 'numpy', 'jnp', 'jax', 'scipy', 'special', 'linalg', 'math', 'nn', 'F', 'torch', 'functional']);

/** NumPy names → the reader's names (functions of the scalar table pass through). */
const RENAME: Record<string, string> = {
  transpose: "'", linalg_inv: 'inv', inv: 'inv', det: 'det', solve: 'solve', norm: 'norm', trace: 'trace', diag: 'diag', outer: 'outer', kron: 'kron',
  sum: 'sum', mean: 'mean', where: 'where', logsumexp: 'logsumexp', softmax: 'softmax', log_softmax: 'log_softmax', expit: 'sigmoid',
  maximum: 'max', minimum: 'min', reshape: 'reshape', ravel: 'flatten', flatten: 'flatten', abs: 'abs', absolute: 'abs', exp: 'exp', log: 'log',
};

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\n' || c === ';') { if (depth === 0) out.push({ t: ';', v: c, s: i, e: i + 1 }); i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0], s: i, e: i + num[0].length }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0], s: i, e: i + id[0].length }); i += id[0].length; continue; }
    const str = /^(['"])([^'"\\]*)\1/.exec(src.slice(i));
    if (str) { out.push({ t: 'str', v: str[2], s: i, e: i + str[0].length }); i += str[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw errorAt(src, { start: i, end: i + 1 }, l10n("Unexpected character '{0}'.", c), 'parse');
    if (op === '(' || op === '[') depth++;
    if (op === ')' || op === ']') depth = Math.max(0, depth - 1);
    out.push({ t: op, v: op, s: i, e: i + op.length });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', s: src.length, e: src.length });
  return out;
}

interface Arg { name?: string; value: Ast }

class NumpyParser extends TokenCursor<Tok> {
  /** PyTorch code: torch.max(X, dim) and X.max(dim) are (values, indices) pairs, read through .values or [0]. */
  private readonly torch = /\btorch\b/.test(this.src);

  program(): Program {
    const assigns: Program['assigns'] = [];
    let output: Ast | undefined;
    while (this.peek().t !== 'eof') {
      const t = this.peek();
      if (t.t === ';') { this.next(); continue; }
      if (t.t === 'id' && (t.v === 'import' || t.v === 'from')) { this.skipLine(); continue; }
      if (t.t === 'id' && t.v === 'def') { this.skipLine(); continue; } // the body's free names are the inputs
      if (t.t === 'id' && ['for', 'while', 'if', 'with', 'class'].includes(t.v)) this.fail(t, l10n("'{0}' is not supported in matrix code: select straight-line code.", t.v), 'unsupported');
      if (t.t === 'id' && t.v === 'return') { this.next(); output = this.expr(); continue; }
      if (t.t === 'id' && this.peek(1).t === '=') {
        this.i += 2;
        const value = this.expr();
        assigns.push({ name: t.v, value, sp: { start: t.s, end: value.sp.end } });
        output = undefined;
        continue;
      }
      if (t.t === 'id' && this.peek(1).t === '[' ) {
        // x[0] = … is an in-place update
        const save = this.i;
        this.next();
        let d = 0;
        while (this.peek().t !== 'eof' && this.peek().t !== ';') {
          const k = this.next();
          if (k.t === '[') d++;
          if (k.t === ']' && --d === 0) break;
        }
        if (this.peek().t === '=') this.fail(t, l10n("An in-place update of '{0}' cannot be differentiated here; build a new array instead.", t.v), 'unsupported');
        this.i = save;
      }
      if ((this.peek(1).t === '+' || this.peek(1).t === '-' || this.peek(1).t === '*' || this.peek(1).t === '/') && this.peek(2).t === '=') {
        this.fail(t, l10n("An in-place update ('{0}=') cannot be differentiated here; write {1}_new = {1} {0} … instead.", this.peek(1).v, t.v), 'unsupported');
      }
      if (output) this.fail(t, l10n('Only the last line may be an expression; earlier lines are assignments.'));
      output = this.expr();
    }
    if (!output) {
      if (!assigns.length) throw new PartialsError(l10n('The selection is empty.'), 'parse');
      const last = assigns[assigns.length - 1];
      output = { k: 'id', name: last.name, sp: last.sp };
    }
    return { assigns, output };
  }

  private skipLine(): void {
    while (this.peek().t !== ';' && this.peek().t !== 'eof') this.next();
  }

  expr(): Ast {
    if (++this.depth > 400) this.fail(this.peek(), l10n('The expression is nested too deeply.'));
    let a = this.additive();
    while (['<', '<=', '>', '>=', '==', '!='].includes(this.peek().t)) {
      const op = this.next().t;
      const b = this.additive();
      a = { k: 'bin', op, a, b, sp: this.sp(a, b) };
    }
    this.depth--;
    return a;
  }
  private additive(): Ast {
    let a = this.multiplicative();
    while (this.peek().t === '+' || this.peek().t === '-') {
      const op = this.next().t;
      const b = this.multiplicative();
      a = { k: 'bin', op, a, b, sp: this.sp(a, b) };
    }
    return a;
  }
  private multiplicative(): Ast {
    let a = this.unary();
    while (['*', '/', '@'].includes(this.peek().t)) {
      const op = this.next().t;
      const b = this.unary();
      // NumPy: * and / are elementwise, @ is the matrix product
      a = { k: 'bin', op: op === '*' ? '.*' : op === '/' ? './' : '@', a, b, sp: this.sp(a, b) };
    }
    return a;
  }
  private unary(): Ast {
    const t = this.peek();
    if (t.t === '-' || t.t === '+') {
      this.next();
      const a = this.unary();
      return t.t === '-' ? { k: 'neg', a, sp: this.sp(t, a) } : a;
    }
    return this.power();
  }
  private power(): Ast {
    const a = this.postfix();
    if (this.peek().t === '**') {
      this.next();
      const b = this.unary();
      return { k: 'bin', op: '.^', a, b, sp: this.sp(a, b) };
    }
    return a;
  }

  private postfix(): Ast {
    let a = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.t === '.' && this.peek(1).t === 'id') {
        this.next();
        const name = this.next();
        if (name.v === 'T') { a = { k: 'tr', a, sp: this.sp(a, name) }; continue; }
        // torch.max(X, dim).values: the maxima (the indices are not differentiable)
        if ((name.v === 'values' || name.v === 'indices') && a.k === 'call' && (a.name === 'max_axis' || a.name === 'min_axis')) {
          if (name.v === 'indices') this.fail(name, l10n('The indices of {0} (an arg-{0}) are integers and have no derivative; use .values.', a.name.slice(0, 3)), 'unsupported');
          a = { ...a, sp: this.sp(a, name) };
          continue;
        }
        if (this.peek().t === '(') {
          const args = this.args();
          a = this.method(a, name, args.list, args.end);
          continue;
        }
        this.fail(name, l10n("The attribute '.{0}' is not supported.", name.v), 'unsupported');
      }
      if (t.t === '[') {
        this.next();
        const items: Item[] = [];
        for (;;) {
          items.push(this.item());
          if (this.peek().t === ',') { this.next(); continue; }
          break;
        }
        const end = this.expect(']');
        // torch.max(X, dim)[0] is the values of the (values, indices) pair
        if (this.torch && a.k === 'call' && (a.name === 'max_axis' || a.name === 'min_axis') && items.length === 1 && items[0].k === 'at' && items[0].v.k === 'num') {
          if (items[0].v.v !== 1) this.fail(items[0].v.sp, l10n('[1] of {0} along a dim is the indices (an arg-{0}), integers with no derivative; [0] (or .values) is the values.', a.name.slice(0, 3)), 'unsupported');
          a = { ...a, sp: this.sp(a, end) };
          continue;
        }
        // np.linalg.slogdet(X)[1] is log |det X|
        if (a.k === 'call' && a.name === 'slogdet' && items.length === 1 && items[0].k === 'at' && items[0].v.k === 'num' && items[0].v.v === 2) {
          a = { ...a, name: 'logdet', sp: this.sp(a, end) };
          continue;
        }
        a = { k: 'index', a, items, sp: this.sp(a, end) };
        continue;
      }
      return a;
    }
  }

  /** An index item, converted from Python's 0-based, end-exclusive form to the reader's 1-based form. */
  private item(): Item {
    const one = (sp: Span): Ast => ({ k: 'num', v: 1, sp });
    const startTok = this.peek();
    if (startTok.t === ':') {
      this.next();
      if (this.peek().t === ',' || this.peek().t === ']') return { k: 'all' };
      const to = this.additive();
      return { k: 'range', from: one({ start: startTok.s, end: startTok.e }), to: this.endOf(to) };
    }
    const from = this.additive();
    if (this.peek().t === ':') {
      const colon = this.next();
      const to: Ast = this.peek().t === ',' || this.peek().t === ']' ? { k: 'id', name: 'end', sp: { start: colon.s, end: colon.e } } : this.endOf(this.additive());
      return { k: 'range', from: this.position(from), to };
    }
    return { k: 'at', v: this.position(from) };
  }
  /** A 0-based index k as the reader's 1-based k + 1 (−1 is `end`). */
  private position(x: Ast): Ast {
    const v = x.k === 'num' ? x.v : x.k === 'neg' && x.a.k === 'num' ? -x.a.v : NaN;
    if (!Number.isInteger(v)) this.fail(x.sp, l10n('An index must be a constant integer (indices that are variables, as in loops, are not supported).'), 'unsupported');
    if (v >= 0) return { k: 'num', v: v + 1, sp: x.sp };
    const end: Ast = { k: 'id', name: 'end', sp: x.sp };
    return v === -1 ? end : { k: 'bin', op: '-', a: end, b: { k: 'num', v: -1 - v, sp: x.sp }, sp: x.sp };
  }
  /** An exclusive 0-based end k as the reader's inclusive 1-based end (k itself; −k counts from `end`). */
  private endOf(x: Ast): Ast {
    const v = x.k === 'num' ? x.v : x.k === 'neg' && x.a.k === 'num' ? -x.a.v : NaN;
    if (!Number.isInteger(v)) this.fail(x.sp, l10n('A slice bound must be a constant integer.'), 'unsupported');
    if (v > 0) return { k: 'num', v, sp: x.sp };
    return { k: 'bin', op: '-', a: { k: 'id', name: 'end', sp: x.sp }, b: { k: 'num', v: -v, sp: x.sp }, sp: x.sp };
  }

  private args(): { list: Arg[]; end: Tok } {
    this.expect('(');
    const list: Arg[] = [];
    if (this.peek().t !== ')') {
      for (;;) {
        if (this.peek().t === 'id' && this.peek(1).t === '=') {
          const name = this.next().v;
          this.next();
          list.push({ name, value: this.expr() });
        } else list.push({ value: this.expr() });
        if (this.peek().t === ',') { this.next(); if (this.peek().t === ')') break; continue; }
        break;
      }
    }
    return { list, end: this.expect(')') };
  }

  private primary(): Ast {
    const t = this.next();
    if (t.t === 'num') return { k: 'num', v: Number(t.v), sp: { start: t.s, end: t.e } };
    if (t.t === 'str') return { k: 'str', v: t.v, sp: { start: t.s, end: t.e } };
    if (t.t === '(') {
      const a = this.expr();
      if (this.peek().t === ',') {
        // a tuple: (a, b) — only as reshape's sizes
        const items = [a];
        while (this.peek().t === ',') { this.next(); if (this.peek().t === ')') break; items.push(this.expr()); }
        const end = this.expect(')');
        return { k: 'arr', items, sp: { start: t.s, end: end.e } };
      }
      const end = this.expect(')');
      return { ...a, sp: { start: t.s, end: end.e } };
    }
    if (t.t === '[') {
      const items: Ast[] = [];
      if (this.peek().t !== ']') {
        for (;;) {
          items.push(this.expr());
          if (this.peek().t === ',') { this.next(); if (this.peek().t === ']') break; continue; }
          break;
        }
      }
      const end = this.expect(']');
      return { k: 'arr', items, sp: { start: t.s, end: end.e } };
    }
    if (t.t !== 'id') return this.fail(t, (t.t === 'eof' ? l10n('The expression ended too early.') : l10n("Unexpected '{0}'.", t.v)));
    // a dotted path: np.linalg.inv, np.pi, scipy.special.logsumexp
    const parts = [t];
    while (this.peek().t === '.' && this.peek(1).t === 'id' && MODULES.has(parts[parts.length - 1].v) && this.peek(1).v !== 'T') {
      this.next();
      parts.push(this.next());
    }
    const last = parts[parts.length - 1];
    const nameSp = { start: t.s, end: last.e };
    if (this.peek().t === '(') {
      const { list, end } = this.args();
      const callSp = { start: t.s, end: end.e };
      // np.var(x) divides by n (ddof=0), torch.var(x) by n − 1 (unbiased by default)
      if ((last.v === 'var' || last.v === 'std') && parts.length > 1) return this.variance(last.v, list, callSp, nameSp, parts[0].v === 'torch' ? 1 : 0);
      return this.call(last.v, list, callSp, nameSp, parts.length > 1);
    }
    if (parts.length > 1 && (last.v === 'pi' || last.v === 'e')) return { k: 'id', name: last.v, sp: nameSp };
    if (parts.length > 1) this.fail(nameSp, l10n("'{0}' is not supported.", parts.map((p) => p.v).join('.')), 'unsupported');
    return { k: 'id', name: t.v, sp: nameSp };
  }

  /**
   * The reduction's arguments: the array, the axis (axis= or dim=, or the argument at `position`) as the reader's
   * 1-based dimension, and keepdims=True / keepdim=True as a third argument 1; other keywords are refused.
   */
  private reduction(raw: string, args: Arg[], position: number, sp: Span): Ast[] {
    const bad = args.find((a) => a.name && !['axis', 'dim', 'keepdims', 'keepdim'].includes(a.name));
    if (bad) this.fail(bad.value.sp, l10n("{0}'s {1}= is not supported.", raw, String(bad.name)), 'unsupported');
    const x = args.find((a) => !a.name)?.value;
    if (!x) this.fail(sp, l10n('{0} needs an array.', raw), 'parse');
    const axis = this.axisArg(args, position);
    const kd = args.find((a) => a.name === 'keepdims' || a.name === 'keepdim')?.value;
    const keep = kd !== undefined && !(kd.k === 'id' && kd.name === 'False') && !(kd.k === 'num' && kd.v === 0);
    if (kd && !keep) return axis ? [x, axis] : [x];
    if (kd && !(kd.k === 'id' && kd.name === 'True') && !(kd.k === 'num' && kd.v === 1)) this.fail(kd.sp, l10n('keepdims must be True or False.'), 'unsupported');
    if (keep && !axis) this.fail(kd.sp, l10n('{0} of every entry with keepdims=True is not supported; give an axis, or drop keepdims (the result is a scalar).', raw), 'unsupported');
    return keep ? [x, axis!, { k: 'num', v: 1, sp: kd.sp }] : axis ? [x, axis] : [x];
  }

  /**
   * var and std: the mean square deviation divided by n − ddof (NumPy's ddof=, PyTorch's correction= or
   * unbiased=), over every entry or along an axis. `ddof` is the library's default, undefined for a method
   * (x.var() divides by n in NumPy and by n − 1 in PyTorch: the code must say which).
   */
  private variance(raw: string, args: Arg[], sp: Span, nameSp: Span, ddof: number | undefined): Ast {
    const x = args.find((a) => !a.name)?.value;
    if (!x) return this.fail(sp, l10n('{0} needs an array.', raw), 'parse');
    let d = ddof;
    for (const a of args) {
      if (!a.name) continue;
      const v = a.value;
      if (a.name === 'ddof' || a.name === 'correction') {
        if (v.k !== 'num' || !Number.isInteger(v.v) || v.v < 0) this.fail(v.sp, l10n('{0} must be a constant integer.', a.name), 'unsupported');
        d = (v as { v: number }).v;
      } else if (a.name === 'unbiased') {
        if (v.k !== 'id' || (v.name !== 'True' && v.name !== 'False')) this.fail(v.sp, l10n('unbiased must be True or False.'), 'unsupported');
        d = v.k === 'id' && v.name === 'True' ? 1 : 0;
      } else if (!['axis', 'dim', 'keepdims', 'keepdim'].includes(a.name)) {
        this.fail(v.sp, l10n("{0}'s {1}= is not supported.", raw, a.name), 'unsupported');
      }
    }
    if (d === undefined) {
      return this.fail(nameSp, l10n('x.{0}() divides by n in NumPy and by n − 1 in PyTorch: write np.{0}(x) or torch.{0}(x), or give ddof= (NumPy) or correction= (PyTorch).', raw), 'unsupported');
    }
    const rest = this.reduction(raw, args.filter((a) => a.name !== 'ddof' && a.name !== 'correction' && a.name !== 'unbiased'), 1, sp);
    return { k: 'call', name: raw === 'var' ? 'variance' : 'stdev', args: [rest[0], { k: 'num', v: d, sp }, ...rest.slice(1)], sp, nameSp };
  }

  /** axis=k (0-based) as the reader's 1-based dimension argument. */
  private axisArg(args: Arg[], position: number): Ast | undefined {
    const a = args.find((x) => x.name === 'axis' || x.name === 'dim') ?? args.filter((x) => !x.name)[position];
    if (!a) return undefined;
    const v = a.value.k === 'num' ? a.value.v : a.value.k === 'neg' && a.value.a.k === 'num' ? -a.value.a.v : NaN;
    if (!Number.isInteger(v)) this.fail(a.value.sp, l10n('axis must be a constant integer.'), 'unsupported');
    if (v < 0) this.fail(a.value.sp, l10n('A negative axis is not supported yet; give the axis counted from 0.'), 'unsupported');
    return { k: 'num', v: v + 1, sp: a.value.sp };
  }

  private isIntLiteral(x: Ast): boolean {
    const v = x.k === 'num' ? x.v : x.k === 'neg' && x.a.k === 'num' ? -x.a.v : NaN;
    return Number.isInteger(v);
  }

  /** A call; `qualified` when written with a module (np.max, torch.max) rather than Python's builtin max. */
  private call(raw: string, args: Arg[], sp: Span, nameSp: Span, qualified = true): Ast {
    const positional = args.filter((a) => !a.name).map((a) => a.value);
    const mk = (name: string, list: Ast[]): Ast => ({ k: 'call', name, args: list, sp, nameSp });
    switch (raw) {
      case 'dot': case 'matmul': case 'mm': case 'mv':
        if (positional.length !== 2) this.fail(sp, l10n('{0} takes 2 arguments.', raw), 'parse');
        return { k: 'bin', op: '@', a: positional[0], b: positional[1], sp };
      case 'transpose': return { k: 'tr', a: positional[0], sp };
      case 'square': return { k: 'bin', op: '.^', a: positional[0], b: { k: 'num', v: 2, sp }, sp };
      case 'power': return { k: 'bin', op: '.^', a: positional[0], b: positional[1], sp };
      case 'array': case 'asarray': case 'stack': case 'tensor':
        if (positional[0]?.k !== 'arr') this.fail(sp, l10n('{0} needs a list, e.g. np.array([a, b]).', raw), 'unsupported');
        return positional[0];
      case 'sum': case 'mean': case 'logsumexp': return mk(raw, this.reduction(raw, args, 1, sp));
      case 'softmax': case 'log_softmax': {
        const axis = this.axisArg(args, 1);
        return mk(raw, axis ? [positional[0], axis] : [positional[0]]);
      }
      case 'slogdet': return mk('slogdet', positional);
      case 'max': case 'amax': case 'min': case 'amin': {
        // np.max(x), torch.max(x): over every entry; np.max(X, axis=1), np.max(X, 1), torch.amax(X, dim=1),
        // torch.max(X, 1) (with .values or [0]): along an axis; two arrays (torch.max(a, b), Python's max(a, 0))
        // stay elementwise
        const name = raw.startsWith('a') ? raw.slice(1) : raw;
        const initial = args.find((a) => a.name === 'initial' || a.name === 'out' || a.name === 'where');
        if (initial) this.fail(initial.value.sp, l10n("{0}'s {1}= is not supported.", raw, String(initial.name)), 'unsupported');
        const axisGiven = args.some((a) => a.name === 'axis' || a.name === 'dim' || a.name === 'keepdims' || a.name === 'keepdim')
          || (qualified && positional.length === 2 && this.isIntLiteral(positional[1]));
        if (axisGiven) {
          const list = this.reduction(raw, args, 1, sp);
          return mk(list.length > 1 ? `${name}_axis` : name, list);
        }
        return mk(name, positional);
      }
      case 'cross_entropy': {
        // torch.nn.functional.cross_entropy(z, t): logits z (a vector, or a batch as rows of a matrix) and a class
        // index t (an integer literal, 0-based) or a one-hot / probability target shaped like z; read in read.ts
        if (positional.length !== 2) this.fail(sp, l10n('cross_entropy takes the logits and the target.'), 'parse');
        const other = args.find((a) => a.name && a.name !== 'reduction');
        if (other) this.fail(other.value.sp, l10n("cross_entropy's {0}= is not supported.", String(other.name)), 'unsupported');
        const red = args.find((a) => a.name === 'reduction')?.value;
        if (red && (red.k !== 'str' || !['mean', 'sum'].includes(red.v))) this.fail(red.sp, l10n("reduction must be 'mean' or 'sum' (a loss per sample is not a scalar)."), 'unsupported');
        return mk('cross_entropy', [positional[0], positional[1], { k: 'str', v: red?.k === 'str' ? red.v : 'mean', sp }]);
      }
      case 'mse_loss': case 'l1_loss': {
        // torch.nn.functional: the mean (reduction='mean', the default) or the sum of the entrywise losses
        if (positional.length !== 2) this.fail(sp, l10n('{0} takes the prediction and the target.', raw), 'parse');
        const red = args.find((a) => a.name === 'reduction')?.value;
        if (red && (red.k !== 'str' || !['mean', 'sum'].includes(red.v))) this.fail(red.sp, l10n("reduction must be 'mean' or 'sum' (a loss per entry is not a scalar)."), 'unsupported');
        const diff: Ast = { k: 'bin', op: '-', a: positional[0], b: positional[1], sp };
        const each: Ast = raw === 'mse_loss' ? { k: 'bin', op: '.^', a: diff, b: { k: 'num', v: 2, sp }, sp } : mk('abs', [diff]);
        return mk(red?.k === 'str' && red.v === 'sum' ? 'sum' : 'mean', [each]);
      }
      case 'norm': {
        const ord = args.find((a) => a.name === 'ord')?.value ?? positional[1];
        return mk('norm', ord ? [positional[0], ord] : [positional[0]]);
      }
      case 'reshape': return mk('reshape', [positional[0], positional[1].k === 'arr' ? positional[1] : { k: 'arr', items: positional.slice(1), sp }]);
      default: return mk(Object.hasOwn(RENAME, raw) ? RENAME[raw] : raw, positional);
    }
  }

  /** x.sum(), x.mean(axis=0), x.dot(y), x.reshape(2, 3), x.flatten(), x.T handled in postfix. */
  private method(obj: Ast, name: Tok, args: Arg[], end: Tok): Ast {
    const sp = this.sp(obj, end);
    const nameSp = { start: name.s, end: name.e };
    switch (name.v) {
      case 'dot': case 'matmul': case 'mm': case 'mv': return { k: 'bin', op: '@', a: obj, b: args[0].value, sp };
      case 'transpose': case 't': return { k: 'tr', a: obj, sp };
      case 'square': return { k: 'bin', op: '.^', a: obj, b: { k: 'num', v: 2, sp: nameSp }, sp };
      case 'norm': case 'softmax': case 'log_softmax': case 'logsumexp': case 'relu': case 'log1p': case 'expm1': case 'sin': case 'cos':
        return this.call(name.v, [{ value: obj }, ...args], sp, nameSp);
      case 'reshape': return this.call('reshape', [{ value: obj }, ...args], sp, nameSp);
      case 'max': case 'min': case 'amax': case 'amin': {
        // X.max() over every entry; X.max(1), X.max(axis=1), X.max(dim=1) along an axis (a torch (values, indices)
        // pair read through .values or [0]); X.max(Y) with an array is elementwise, as torch's is
        const first = args.find((a) => !a.name);
        if (first && !args.some((a) => a.name) && !this.isIntLiteral(first.value)) return this.call(name.v, [{ value: obj }, first], sp, nameSp, false);
        return this.call(name.v, [{ value: obj }, ...args], sp, nameSp);
      }
      case 'flatten': case 'ravel': return { k: 'call', name: 'flatten', args: [obj], sp, nameSp };
      case 'sum': case 'mean': case 'trace': case 'exp': case 'log': case 'tanh': case 'sigmoid': case 'abs': case 'sqrt':
        return this.call(name.v, [{ value: obj }, ...args], sp, nameSp);
      case 'pow': return { k: 'bin', op: '.^', a: obj, b: args[0].value, sp };
      case 'var': case 'std': return this.variance(name.v, [{ value: obj }, ...args], sp, nameSp, undefined);
      default: return this.fail(nameSp, l10n("The method '.{0}()' is not supported for arrays.", name.v), 'unsupported');
    }
  }
}

/** Reads NumPy code into a tensor graph (0-based indices and axes, * elementwise, @ the matrix product). */
export function readNumpy(source: string, options: ReadOptions = {}): ReadResult {
  return buildProgram(source, { ...new NumpyParser(source, tokenize(source)).program(), zeroBasedAxes: true }, options);
}
