import { PartialsError } from '../errors';
import { isLogical, type CompareOp, type Graph, type NodeId } from '../graph';
import { t as l10n } from '../l10n';

/**
 * Expression printing for one target. The base class prints C-like infix syntax; targets override the
 * few places where their syntax or semantics differ (power, conditionals, literals, function spelling).
 */

// Precedence: higher binds tighter. A child printed in context c is bracketed unless its precedence > c.
export const P = { cond: 1, or: 2, and: 3, cmp: 4, add: 5, mul: 6, neg: 7, pow: 8, atom: 9, recv: 8.5 } as const;

export type Printed = [text: string, prec: number];
/** How a target spells a native function: `arg(i, ctx)` prints argument i in context ctx (default 0). */
export type FnSpell = (arg: (i: number, ctx?: number) => string, n: number) => string;

export const call = (fn: string): FnSpell => (arg, n) => `${fn}(${Array.from({ length: n }, (_, i) => arg(i)).join(', ')})`;

export interface NameEnv {
  /** The name a node is available under at this point of the program, if any. */
  nameOf(n: NodeId): string | undefined;
}

const CMP_TEXT: Record<CompareOp, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

export abstract class ExprPrinter {
  /** Native functions by engine name; the lowering rewrites every other function into these. */
  abstract readonly fns: Record<string, FnSpell>;
  /** Functions that exist only for some arities (e.g. binary-only max). */
  protected arity: Record<string, number[]> = {};
  protected depth = 0;
  protected g!: Graph;
  protected env!: NameEnv;

  native(name: string, arity: number): boolean {
    if (!Object.hasOwn(this.fns, name) || (name === 'log' && arity !== 1)) return false;
    const allowed = this.arity[name];
    return !allowed || allowed.includes(arity);
  }

  /** Prints node n as a numeric expression in statement context (no outer brackets). */
  print(g: Graph, n: NodeId, env: NameEnv, ctx = 0): string {
    this.g = g;
    this.env = env;
    return this.p(n, ctx);
  }

  /** Prints n in context ctx; wantBool when the place needs a truth value (a test). */
  protected p(n: NodeId, ctx: number, wantBool = false): string {
    if (++this.depth > 2000) throw new PartialsError(l10n('The generated expression is too deeply nested.'), 'limit');
    try {
      const logical = isLogical(this.g.op[n]);
      let [text, prec] = this.node(n, wantBool ? P.cmp : ctx);
      if (logical && !wantBool) [text, prec] = this.boolToNum(this.bracket([text, prec], P.cmp), prec);
      else if (!logical && wantBool) [text, prec] = this.numToBool(this.bracket([text, prec], P.cmp));
      return prec > ctx ? text : `(${text})`;
    } finally {
      this.depth--;
    }
  }

  protected bracket([text, prec]: Printed, ctx: number): string {
    return prec > ctx ? text : `(${text})`;
  }

  private node(n: NodeId, ctx: number): Printed {
    const g = this.g;
    const named = this.env.nameOf(n);
    if (named !== undefined) return [named, P.atom];
    const a = g.args[n];
    switch (g.op[n]) {
      case 'num': return this.literal(g.val[n], ctx);
      case 'const': return this.constant(g.name[n], g.val[n], ctx);
      case 'var': return [g.name[n], P.atom];
      case 'add': return [`${this.p(a[0], P.add - 0.5)} + ${this.p(a[1], P.add)}`, P.add];
      case 'sub': return [`${this.p(a[0], P.add - 0.5)} - ${this.p(a[1], P.add)}`, P.add];
      case 'mul': return this.product(n);
      case 'div': return [`${this.p(a[0], P.mul - 0.5)} ${this.divOp} ${this.p(a[1], P.mul)}`, P.mul];
      case 'neg': return [`-${this.p(a[0], P.neg)}`, P.neg];
      case 'pow': return this.pow(a[0], a[1]);
      case 'fn': {
        const spell = this.fns[g.name[n]];
        if (!spell || !this.native(g.name[n], a.length)) {
          throw new PartialsError(l10n("This target has no '{0}' with {1} argument(s).", g.name[n], a.length), 'unsupported');
        }
        return [spell((i, c = 0) => this.p(a[i], c), a.length), P.atom];
      }
      case 'cond': return this.cond(a[0], a[1], a[2]);
      case 'and': case 'or': case 'not': return this.logic(g.op[n] as 'and' | 'or' | 'not', a);
      default: {
        const op = g.op[n] as CompareOp;
        return [`${this.p(a[0], P.cmp)} ${this.cmpText(op)} ${this.p(a[1], P.cmp)}`, P.cmp];
      }
    }
  }

  /**
   * A product as people write it: the numeric coefficient first, then the factors (2 * x * y, not
   * y * (2 * x)). Only inline factors are flattened, so the reordering stays within one line.
   */
  protected product(n: NodeId): Printed {
    const g = this.g;
    const factors: NodeId[] = [];
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (g.op[m] === 'mul' && (m === n || this.env.nameOf(m) === undefined) && factors.length + stack.length < 64) stack.push(g.args[m][1], g.args[m][0]);
      else factors.push(m);
    }
    let nums = factors.filter((f) => g.op[f] === 'num');
    // Integer coefficients multiply exactly: 2 * (2 * x) * y prints as 4 * x * y.
    if (nums.length > 1 && nums.every((f) => Number.isInteger(g.val[f]))) {
      const k = nums.reduce((acc, f) => acc * g.val[f], 1);
      if (Math.abs(k) < 2 ** 53) {
        const rest = factors.filter((f) => g.op[f] !== 'num');
        const coef = g.num(k);
        factors.splice(0, factors.length, coef, ...rest);
        nums = [coef];
      }
    }
    if (nums.length !== 1 || factors.length < 3) {
      return [`${this.p(g.args[n][0], P.mul - 0.5)} ${this.mulOp} ${this.p(g.args[n][1], P.mul)}`, P.mul];
    }
    const ordered = [nums[0], ...factors.filter((f) => f !== nums[0])];
    return [ordered.map((f, i) => this.p(f, i === 0 ? P.mul - 0.5 : P.mul)).join(` ${this.mulOp} `), P.mul];
  }

  protected mulOp = '*';
  protected divOp = '/';
  protected andOp = '&&';
  protected orOp = '||';
  protected notOp = '!';

  protected logic(op: 'and' | 'or' | 'not', a: NodeId[]): Printed {
    if (op === 'not') return [`${this.notOp}${this.p(a[0], P.neg, true)}`, P.neg];
    const prec = op === 'and' ? P.and : P.or;
    return [`${this.p(a[0], prec - 0.5, true)} ${op === 'and' ? this.andOp : this.orOp} ${this.p(a[1], prec, true)}`, prec];
  }

  protected cmpText(op: CompareOp): string {
    return CMP_TEXT[op];
  }

  /** Shortest round-trip decimal; float-typed targets add `.0` to integers. */
  protected literal(v: number, _ctx: number): Printed {
    if (!Number.isFinite(v)) return this.nonFinite(v);
    const text = this.floatText(Math.abs(v));
    return v < 0 || Object.is(v, -0) ? [`-${text}`, P.neg] : [text, P.atom];
  }

  protected floatText(v: number): string {
    const s = String(v);
    return /[.e]/.test(s) ? s : `${s}.0`;
  }

  protected nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['NAN', P.atom];
    return v > 0 ? ['INFINITY', P.atom] : ['-INFINITY', P.neg];
  }

  protected constant(name: string, v: number, ctx: number): Printed {
    const spelled = this.constantName(name);
    return spelled ? [spelled, P.atom] : this.literal(v, ctx);
  }

  protected abstract constantName(name: string): string | undefined;

  /** Default: a pow function; a square of a name is a product (exact, and cheaper than pow in Go and Java). */
  protected pow(base: NodeId, exp: NodeId): Printed {
    if (this.intExponent(exp) === 2 && (this.g.op[base] === 'var' || this.env.nameOf(base) !== undefined)) {
      const b = this.p(base, P.atom - 0.5);
      return [`${b} ${this.mulOp} ${b}`, P.mul];
    }
    return [`${this.powFn}(${this.p(base, 0)}, ${this.p(exp, 0)})`, P.atom];
  }

  protected powFn = 'pow';

  /** Default: C's ternary. */
  protected cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    return [`${this.p(t, P.cond, true)} ? ${this.p(a, P.cond)} : ${this.p(b, P.cond)}`, P.cond];
  }

  /** A truth value where a number is needed (printed text has precedence ≥ cmp). */
  protected boolToNum(text: string, prec: number): Printed {
    return [text, prec];
  }

  /** A number where a truth value is needed. */
  protected numToBool(text: string): Printed {
    return [`${text} != ${this.literal(0, P.cmp)[0]}`, P.cmp];
  }

  /** Is this printed exponent an integer literal (targets with integer-power forms use it)? */
  protected intExponent(exp: NodeId): number | undefined {
    const v = this.g.numeric(exp);
    return this.g.op[exp] === 'num' && v !== undefined && Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? v : undefined;
  }
}
