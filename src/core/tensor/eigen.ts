import { errorAt, PartialsError } from '../errors';
import { lookupFunction } from '../functions';
import { TokenCursor, type Tok } from './cursor';
import { buildProgram, type Ast, type Program, type ReadOptions, type ReadResult } from './read';
import { t as l10n } from '../l10n';

/**
 * C++ with Eigen 3: `(X * w - y).squaredNorm()`, `w.transpose() * A * w`, `w.dot(w)`, `A.inverse().trace()`,
 * `(X * w).array().exp().sum()`, `r.cwiseProduct(r).sum()`, `A.llt().solve(b)`, `X.colwise().sum()`,
 * `auto r = X * w - y;` lines and `return …;`.
 *
 * Eigen's `*` is the matrix product on matrices and vectors and the entrywise product on arrays (after
 * `.array()`, until `.matrix()`); methods carry the rest. Indices `w(0)`, `X(i, j)` count from 0.
 */

const OPS = ['::', '->', '==', '!=', '<=', '>=', '&&', '||', '+=', '-=', '*=', '/=', '+', '-', '*', '/', '(', ')', '[', ']', ',', ';', '.', '=', '<', '>', '&', '{', '}'];
/** Type words before a declared name: `const Eigen::VectorXd& r = …`, `auto r = …`, `double loss = …`. */
const TYPE_WORD = /^(const|auto|double|float|int|long|unsigned|static|constexpr|inline|Eigen|MatrixXd|VectorXd|RowVectorXd|ArrayXd|ArrayXXd|Matrix\w*|Vector\w*|RowVector\w*|Array\w*|Scalar|T|typename|std|real_t)$/;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) { const end = src.indexOf('*/', i + 2); i = end < 0 ? src.length : end + 2; continue; }
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[fFlL]?/.exec(src.slice(i, i + 64));
    if (num) { out.push({ t: 'num', v: num[0].replace(/[fFlL]$/, ''), s: i, e: i + num[0].length }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (id) { out.push({ t: 'id', v: id[0], s: i, e: i + id[0].length }); i += id[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw errorAt(src, { start: i, end: i + 1 }, l10n("Unexpected character '{0}'.", c), 'parse');
    out.push({ t: op, v: op, s: i, e: i + op.length });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', s: src.length, e: src.length });
  return out;
}

/** A parsed expression and whether it is an Eigen array (entrywise `*`) rather than a matrix. */
interface E { ast: Ast; array: boolean }

class EigenParser extends TokenCursor<Tok> {


  program(): Program {
    const assigns: Program['assigns'] = [];
    let output: Ast | undefined;
    while (this.peek().t !== 'eof') {
      const t = this.peek();
      if (t.t === ';' || t.t === '{' || t.t === '}') { this.next(); continue; }
      if (t.t === 'id' && ['for', 'while', 'if', 'switch', 'do'].includes(t.v)) this.fail(t, l10n("'{0}' is not supported in matrix code: select straight-line code.", t.v), 'unsupported');
      if (t.t === 'id' && t.v === 'return') { this.next(); output = this.expr().ast; this.endStatement(); continue; }
      const decl = this.declaredName();
      if (decl) {
        if (['+=', '-=', '*=', '/='].includes(this.peek().t)) this.fail(this.peek(), l10n("An in-place update ('{0}') cannot be differentiated here; write a new variable instead.", this.peek().v), 'unsupported');
        this.expect('=');
        const value = this.expr().ast;
        assigns.push({ name: decl.v, value, sp: this.sp(decl, value) });
        output = undefined;
        this.endStatement();
        continue;
      }
      if (output) this.fail(t, l10n('Only the last statement may be an expression; earlier ones are assignments.'));
      output = this.expr().ast;
      this.endStatement();
    }
    if (!output) {
      if (!assigns.length) throw new PartialsError(l10n('The selection is empty.'), 'parse');
      const last = assigns[assigns.length - 1];
      output = { k: 'id', name: last.name, sp: last.sp };
    }
    return { assigns, output };
  }

  private endStatement(): void {
    const t = this.peek();
    if (t.t !== ';' && t.t !== 'eof' && t.t !== '}') this.fail(t, l10n("Unexpected '{0}'.", t.v));
  }

  /** `[type words] name =` (or `+=`): the name, with the cursor on the operator; else undefined and the cursor kept. */
  private declaredName(): Tok | undefined {
    const save = this.i;
    let last: Tok | undefined;
    for (;;) {
      const t = this.peek();
      if (t.t === 'id' && this.peek(1).t !== '.' && this.peek(1).t !== '(') {
        if (['=', '+=', '-=', '*=', '/='].includes(this.peek(1).t)) { this.next(); return t; }
        if (!TYPE_WORD.test(t.v) && last) break;
        last = t;
        this.next();
        continue;
      }
      if (t.t === '::' || t.t === '&' || t.t === '*') { this.next(); continue; }
      if (t.t === '<') { let d = 0; do { const k = this.next(); if (k.t === '<') d++; if (k.t === '>') d--; if (k.t === 'eof') break; } while (d > 0); continue; }
      break;
    }
    this.i = save;
    return undefined;
  }

  expr(): E {
    if (++this.depth > 400) this.fail(this.peek(), l10n('The expression is nested too deeply.'));
    let a = this.term();
    while (this.peek().t === '+' || this.peek().t === '-') {
      const op = this.next().t;
      const b = this.term();
      a = { ast: { k: 'bin', op, a: a.ast, b: b.ast, sp: this.sp(a.ast, b.ast) }, array: a.array || b.array };
    }
    this.depth--;
    return a;
  }
  private term(): E {
    let a = this.unary();
    while (this.peek().t === '*' || this.peek().t === '/') {
      const op = this.next().t;
      const b = this.unary();
      const array = a.array || b.array;
      a = { ast: { k: 'bin', op: op === '*' ? (array ? '.*' : '*') : array ? './' : '/', a: a.ast, b: b.ast, sp: this.sp(a.ast, b.ast) }, array };
    }
    return a;
  }
  private unary(): E {
    const t = this.peek();
    if (t.t === '-' || t.t === '+') {
      this.next();
      const a = this.unary();
      return t.t === '-' ? { ast: { k: 'neg', a: a.ast, sp: this.sp(t, a.ast) }, array: a.array } : a;
    }
    return this.postfix();
  }

  private args(): { list: E[]; end: Tok } {
    this.expect('(');
    const list: E[] = [];
    if (this.peek().t !== ')') {
      for (;;) {
        list.push(this.expr());
        if (this.peek().t === ',') { this.next(); continue; }
        break;
      }
    }
    return { list, end: this.expect(')') };
  }

  private postfix(): E {
    let a = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.t === '(' && a.ast.k === 'id') {
        // w(0), X(i, j): 0-based indices
        const { list, end } = this.args();
        const items = list.map((x) => ({ k: 'at' as const, v: this.position(x.ast) }));
        a = { ast: { k: 'index', a: a.ast, items, sp: this.sp(a.ast, end) }, array: a.array };
        continue;
      }
      if (t.t !== '.' || this.peek(1).t !== 'id') return a;
      this.next();
      const name = this.next();
      if (this.peek().t !== '(') this.fail(name, l10n("'.{0}' is not supported.", name.v), 'unsupported');
      const { list, end } = this.args();
      a = this.method(a, name, list.map((x) => x.ast), end);
    }
  }

  /** A 0-based constant index as the reader's 1-based one. */
  private position(x: Ast): Ast {
    if (x.k !== 'num' || !Number.isInteger(x.v)) this.fail(x.sp, l10n('An index must be a constant integer (indices that are variables, as in loops, are not supported).'), 'unsupported');
    return { k: 'num', v: x.v + 1, sp: x.sp };
  }

  private method(obj: E, name: Tok, args: Ast[], end: Tok): E {
    const sp = this.sp(obj.ast, end);
    const nameSp = { start: name.s, end: name.e };
    const call = (n: string, list: Ast[], array = obj.array): E => ({ ast: { k: 'call', name: n, args: list, sp, nameSp }, array });
    const two: Ast = { k: 'num', v: 2, sp: nameSp };
    const arity = (n: number) => { if (args.length !== n) this.fail(nameSp, (n === 1 ? l10n('.{0}() takes {1} argument.', name.v, n) : l10n('.{0}() takes {1} arguments.', name.v, n)), 'parse'); };
    switch (name.v) {
      case 'array': arity(0); return { ast: obj.ast, array: true };
      case 'matrix': arity(0); return { ast: obj.ast, array: false };
      case 'eval': case 'noalias': arity(0); return obj;
      case 'transpose': case 'adjoint': arity(0); return { ast: { k: 'tr', a: obj.ast, sp }, array: obj.array };
      case 'squaredNorm': arity(0); return { ast: { k: 'bin', op: '^', a: call('norm', [obj.ast]).ast, b: two, sp }, array: false };
      case 'norm': arity(0); return call('norm', [obj.ast], false);
      case 'sum': case 'mean': case 'trace': arity(0); return call(name.v, [obj.ast], false);
      case 'prod': return this.fail(nameSp, l10n('.prod() is not supported in matrix code yet.'), 'unsupported');
      case 'determinant': arity(0); return call('det', [obj.ast], false);
      case 'maxCoeff': case 'minCoeff': arity(0); return call(name.v.slice(0, 3), [obj.ast], false);
      case 'inverse': arity(0); return call('inv', [obj.ast]);
      case 'dot': arity(1); return call('dot', [obj.ast, args[0]], false);
      case 'cwiseProduct': arity(1); return { ast: { k: 'bin', op: '.*', a: obj.ast, b: args[0], sp }, array: obj.array };
      case 'cwiseQuotient': arity(1); return { ast: { k: 'bin', op: './', a: obj.ast, b: args[0], sp }, array: obj.array };
      case 'cwiseAbs': arity(0); return call('abs', [obj.ast]);
      case 'cwiseAbs2': case 'abs2': case 'square': arity(0); return { ast: { k: 'bin', op: '.^', a: obj.ast, b: two, sp }, array: obj.array };
      case 'cwiseSqrt': arity(0); return call('sqrt', [obj.ast]);
      case 'pow': arity(1); return { ast: { k: 'bin', op: '.^', a: obj.ast, b: args[0], sp }, array: obj.array };
      case 'llt': case 'ldlt': case 'lu': case 'partialPivLu': case 'fullPivLu': case 'householderQr': case 'colPivHouseholderQr': {
        arity(0);
        // A.llt().solve(b)
        if (!(this.peek().t === '.' && this.peek(1).v === 'solve')) this.fail(nameSp, l10n('.{0}() is only supported as .{0}().solve(b).', name.v), 'unsupported');
        this.next(); this.next();
        const { list, end: e2 } = this.args();
        if (list.length !== 1) this.fail(nameSp, l10n('.solve() takes 1 argument.'));
        return { ast: { k: 'call', name: 'solve', args: [obj.ast, list[0].ast], sp: this.sp(obj.ast, e2), nameSp }, array: false };
      }
      case 'colwise': case 'rowwise': {
        arity(0);
        if (!(this.peek().t === '.' && ['sum', 'mean', 'maxCoeff', 'minCoeff'].includes(this.peek(1).v))) this.fail(nameSp, l10n('.{0}() is only supported before .sum(), .mean(), .maxCoeff() or .minCoeff().', name.v), 'unsupported');
        this.next();
        const red = this.next();
        const { list, end: e2 } = this.args();
        if (list.length) this.fail(red, l10n('.{0}() takes no argument here.', red.v), 'parse');
        const dim: Ast = { k: 'num', v: name.v === 'colwise' ? 1 : 2, sp: nameSp };
        const rname = red.v === 'maxCoeff' ? 'max_axis' : red.v === 'minCoeff' ? 'min_axis' : red.v;
        return { ast: { k: 'call', name: rname, args: [obj.ast, dim], sp: this.sp(obj.ast, e2), nameSp }, array: obj.array };
      }
      case 'row': case 'col': {
        arity(1);
        const at: Ast = this.position(args[0]);
        const items = name.v === 'row' ? [{ k: 'at' as const, v: at }, { k: 'all' as const }] : [{ k: 'all' as const }, { k: 'at' as const, v: at }];
        return { ast: { k: 'index', a: obj.ast, items, sp }, array: obj.array };
      }
      default:
        if (args.length === 0 && lookupFunction(name.v)) {
          if (!obj.array) this.fail(nameSp, l10n('.{0}() works on arrays in Eigen: write .array().{0}().', name.v), 'parse');
          return call(name.v, [obj.ast], true);
        }
        return this.fail(nameSp, l10n("The method '.{0}()' is not supported.", name.v), 'unsupported');
    }
  }

  private primary(): E {
    const t = this.next();
    if (t.t === 'num') return { ast: { k: 'num', v: Number(t.v), sp: { start: t.s, end: t.e } }, array: false };
    if (t.t === '(') {
      const a = this.expr();
      const end = this.expect(')');
      return { ast: { ...a.ast, sp: { start: t.s, end: end.e } }, array: a.array };
    }
    if (t.t !== 'id') return this.fail(t, (t.t === 'eof' ? l10n('The expression ended too early.') : l10n("Unexpected '{0}'.", t.v)));
    // std::exp(x), Eigen::numext::…: scalar functions of scalars
    if (this.peek().t === '::') {
      const parts = [t];
      while (this.peek().t === '::' && this.peek(1).t === 'id') { this.next(); parts.push(this.next()); }
      const last = parts[parts.length - 1];
      if (last.v === 'pi' || last.v === 'M_PI') return { ast: { k: 'id', name: 'pi', sp: { start: t.s, end: last.e } }, array: false };
      // Eigen::kroneckerProduct(A, B) (unsupported/Eigen/KroneckerProduct)
      if (last.v === 'kroneckerProduct' && this.peek().t === '(') return this.kronecker(t, last);
      if (this.peek().t !== '(' || !lookupFunction(last.v)) this.fail({ start: t.s, end: last.e }, l10n("'{0}' is not supported.", parts.map((p) => p.v).join('::')), 'unsupported');
      const { list, end } = this.args();
      return { ast: { k: 'call', name: last.v, args: list.map((x) => x.ast), sp: { start: t.s, end: end.e }, nameSp: { start: t.s, end: last.e } }, array: list.some((x) => x.array) };
    }
    if (t.v === 'M_PI') return { ast: { k: 'id', name: 'pi', sp: { start: t.s, end: t.e } }, array: false };
    if (t.v === 'kroneckerProduct' && this.peek().t === '(') return this.kronecker(t, t);
    if (this.peek().t === '(' && lookupFunction(t.v)) {
      const { list, end } = this.args();
      return { ast: { k: 'call', name: t.v, args: list.map((x) => x.ast), sp: { start: t.s, end: end.e }, nameSp: { start: t.s, end: t.e } }, array: list.some((x) => x.array) };
    }
    return { ast: { k: 'id', name: t.v, sp: { start: t.s, end: t.e } }, array: false };
  }

  /** kroneckerProduct(A, B): the Kronecker product of two matrices. */
  private kronecker(first: Tok, name: Tok): E {
    const { list, end } = this.args();
    const nameSp = { start: first.s, end: name.e };
    if (list.length !== 2) this.fail(nameSp, l10n('kroneckerProduct() takes 2 arguments.'), 'parse');
    return { ast: { k: 'call', name: 'kron', args: list.map((x) => x.ast), sp: { start: first.s, end: end.e }, nameSp }, array: false };
  }
}

/** Reads C++ Eigen matrix code into a tensor graph. */
export function readEigen(source: string, options: ReadOptions = {}): ReadResult {
  // .colwise().sum() is a 1×m row: .colwise().sum() * w is a row times a vector
  return buildProgram(source, { ...new EigenParser(source, tokenize(source)).program(), rowReductions: true }, options);
}
