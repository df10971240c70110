import { ERFINV_CENTRAL, ERFINV_TAIL } from '../functions';
import { Graph, type NodeId } from '../graph';
import { sech2, stabilize } from './stabilize';

/**
 * Rewrites calls of functions a target does not have into nodes of ones it has, in the same graph:
 * sec → 1/cos, sech → 2e^{−|u|}/(1 + e^{−2|u|}), sigmoid → its two-sided stable form, logsumexp → max-shifted sum, … . Each rewrite
 * computes the same float64 value as the engine's own evaluation (up to rounding), so the generated
 * code agrees with the engine. Nodes that need nothing map to themselves.
 */
export class Lowering {
  private readonly memo = new Map<NodeId, NodeId>();

  constructor(private readonly g: Graph, private readonly native: (name: string, arity: number) => boolean) {}

  /** The lowered node of each root. Iterative over the reachable nodes in id (topological) order. */
  lower(roots: readonly NodeId[]): NodeId[] {
    const g = this.g;
    for (const n of g.reachable(roots)) {
      if (this.memo.has(n)) continue;
      const args = g.args[n].map((a) => this.memo.get(a)!);
      let out: NodeId;
      if (g.op[n] === 'fn') out = this.call(g.name[n], args);
      else if (this.isSechSquared(n)) out = sech2(g, this.memo.get(g.args[g.args[n][0]][0])!, (u) => this.call('tanh', [u]));
      else if (g.op[n] === 'num' || g.op[n] === 'const' || g.op[n] === 'var') out = n;
      else out = this.select(g.op[n], args) ?? this.sech2(g.op[n], args) ?? g.make(g.op[n], args, g.name[n], g.val[n]);
      this.memo.set(n, out);
      this.memo.set(out, out);
    }
    return roots.map((r) => this.memo.get(r)!);
  }

  /**
   * Moves arithmetic into a conditional whose other arm is zero: seed·[t ? s : 0]·∂ becomes t ? s·∂ : 0, so a
   * branch not taken is never evaluated (the engine's form gives 0·NaN = NaN where that branch is undefined,
   * and Python's math raises). Two conditionals on the same test add arm by arm.
   */
  private select(op: string, a: NodeId[]): NodeId | undefined {
    const g = this.g;
    const isCond = (n: NodeId) => g.op[n] === 'cond';
    const zeroArm = (n: NodeId) => isCond(n) && (g.isNum(g.args[n][1], 0) || g.isNum(g.args[n][2], 0));
    const push = (c: NodeId, f: (arm: NodeId) => NodeId) => {
      const [t, x, y] = g.args[c];
      return g.cond(t, g.isNum(x, 0) ? x : f(x), g.isNum(y, 0) ? y : f(y));
    };
    switch (op) {
      case 'mul':
        if (zeroArm(a[0])) return push(a[0], (x) => g.mul(x, a[1]));
        if (zeroArm(a[1])) return push(a[1], (x) => g.mul(a[0], x));
        return undefined;
      case 'div':
        return zeroArm(a[0]) ? push(a[0], (x) => g.div(x, a[1])) : undefined;
      case 'neg':
        return zeroArm(a[0]) ? push(a[0], (x) => g.neg(x)) : undefined;
      case 'add': case 'sub': {
        if (!isCond(a[0]) || !isCond(a[1]) || g.args[a[0]][0] !== g.args[a[1]][0]) return undefined;
        const [t, x0, y0] = g.args[a[0]];
        const [, x1, y1] = g.args[a[1]];
        return g.cond(t, g.make(op, [x0, x1]), g.make(op, [y0, y1]));
      }
      default:
        return undefined;
    }
  }

  /** sech(u)² (tanh's derivative in the engine) → 1 − tanh(u)², which reuses the forward tanh(u). */
  private isSechSquared(n: NodeId): boolean {
    const g = this.g;
    if (g.op[n] !== 'pow' || !g.isNum(g.args[n][1], 2)) return false;
    const b = g.args[n][0];
    return g.op[b] === 'fn' && g.name[b] === 'sech' && g.args[b].length === 1;
  }

  /** a / cosh(u)² (as a user writes tanh's derivative) → a·(1 − tanh(u)²): no overflow for large |u|. */
  private sech2(op: string, a: NodeId[]): NodeId | undefined {
    const g = this.g;
    if (op !== 'div') return undefined;
    const d = a[1];
    if (g.op[d] !== 'pow' || !g.isNum(g.args[d][1], 2)) return undefined;
    const c = g.args[d][0];
    if (g.op[c] !== 'fn' || g.name[c] !== 'cosh' || g.args[c].length !== 1) return undefined;
    return g.mul(a[0], sech2(g, g.args[c][0], (u) => this.call('tanh', [u])));
  }

  /** A call of `name`, natively or rewritten. */
  private call(name: string, a: NodeId[]): NodeId {
    const g = this.g;
    if (this.native(name, a.length)) return g.fn(name, a);
    const n = (v: number) => g.num(v);
    const f = (fn: string, ...xs: NodeId[]) => this.call(fn, xs);
    const x = a[0];
    switch (name) {
      case 'sec': return g.div(n(1), f('cos', x));
      case 'csc': return g.div(n(1), f('sin', x));
      case 'cot': return g.div(n(1), f('tan', x));
      case 'acot': return f('atan', g.div(n(1), x));
      case 'sech': { // 2e^{−|u|}/(1 + e^{−2|u|}): 1/cosh(u) without its overflow (Python's math.cosh raises past 710)
        const e = f('exp', g.neg(f('abs', x)));
        return g.div(g.mul(n(2), e), g.add(n(1), g.mul(e, e)));
      }
      case 'log': return a.length === 2 ? g.div(f('log', x), f('log', a[1])) : g.fn('log', [x]);
      case 'log2': return g.div(f('log', x), f('log', n(2)));
      case 'log10': return g.div(f('log', x), f('log', n(10)));
      case 'log1p': return f('log', g.add(n(1), x));
      case 'expm1': return g.sub(f('exp', x), n(1));
      case 'asinh': {
        // log1p(u + u²/(1 + √(u²+1))) is accurate near 0; odd symmetry keeps it accurate for u < 0.
        const pos = (u: NodeId) => f('log1p', g.add(u, g.div(g.mul(u, u), g.add(n(1), f('sqrt', g.add(g.mul(u, u), n(1)))))));
        return g.cond(g.compare('lt', x, n(0)), g.neg(pos(g.neg(x))), pos(x));
      }
      case 'acosh': return f('log', g.add(x, f('sqrt', g.sub(g.mul(x, x), n(1)))));
      case 'atanh': return g.mul(n(0.5), f('log1p', g.div(g.mul(n(2), x), g.sub(n(1), x))));
      case 'cbrt': return g.cond(g.compare('lt', x, n(0)), g.neg(g.pow(g.neg(x), g.div(n(1), n(3)))), g.pow(x, g.div(n(1), n(3))));
      case 'nthRoot': {
        const k = a[1];
        const kv = g.numeric(k);
        const root = (u: NodeId) => g.pow(u, g.div(n(1), k));
        if (kv !== undefined && Number.isInteger(kv) && Math.abs(kv) % 2 === 1) return g.cond(g.compare('lt', x, n(0)), g.neg(root(g.neg(x))), root(x));
        return root(x);
      }
      case 'sign': return g.cond(g.compare('gt', x, n(0)), n(1), g.cond(g.compare('lt', x, n(0)), n(-1), n(0)));
      case 'round': // half away from zero, like mathjs
        return g.cond(g.compare('lt', x, n(0)), g.neg(f('floor', g.sub(n(0.5), x))), f('floor', g.add(x, n(0.5))));
      case 'min': case 'max': {
        if (a.length === 1) return x;
        if (this.native(name, 2)) return a.slice(1).reduce((acc, b) => g.fn(name, [acc, b]), x);
        const cmp = name === 'max' ? 'ge' : 'le';
        return a.slice(1).reduce((acc, b) => g.cond(g.compare(cmp, acc, b), acc, b), x);
      }
      case 'hypot': {
        if (a.length === 1) return f('abs', x);
        if (this.native('hypot', 2)) return a.slice(1).reduce((acc, b) => g.fn('hypot', [acc, b]), x);
        return f('sqrt', a.slice(1).reduce((acc, b) => g.add(acc, g.mul(b, b)), g.mul(x, x)));
      }
      case 'abs': return g.cond(g.compare('lt', x, n(0)), g.neg(x), x);
      case 'relu': return f('max', x, n(0));
      case 'leakyRelu': return g.cond(g.compare('gt', x, n(0)), x, g.mul(a[1] ?? n(0.01), x));
      case 'sigmoid': {
        const ex = f('exp', x);
        return g.cond(g.compare('ge', x, n(0)), g.div(n(1), g.add(n(1), f('exp', g.neg(x)))), g.div(ex, g.add(n(1), ex)));
      }
      case 'softplus': return g.add(f('max', x, n(0)), f('log1p', f('exp', g.neg(f('abs', x)))));
      case 'gelu': {
        const inner = g.mul(n(Math.sqrt(2 / Math.PI)), g.add(x, g.mul(n(0.044715), g.mul(g.mul(x, x), x))));
        return g.mul(g.mul(n(0.5), x), g.add(n(1), f('tanh', inner)));
      }
      case 'logsumexp': {
        if (a.length === 1) return x;
        const m = f('max', ...a);
        return g.add(m, f('log', a.map((v) => f('exp', g.sub(v, m))).reduce((p, q) => g.add(p, q))));
      }
      case 'erfc': return g.sub(n(1), f('erf', x)); // where the target has no erfc
      case 'normcdf': return g.mul(n(0.5), f('erfc', g.div(g.neg(x), f('sqrt', n(2))))); // Φ(x) = erfc(−x/√2)/2
      case 'erfinv': { // Giles' first guess and one Halley step on erf, as the engine's mathjs spelling
        const w = g.neg(f('log', g.mul(g.sub(n(1), x), g.add(n(1), x))));
        const horner = (c: readonly number[], t: NodeId) => c.slice(0, -1).reduceRight((acc, ci) => g.add(g.mul(acc, t), n(ci)), n(c[c.length - 1]));
        const y0 = g.mul(x, g.cond(g.compare('lt', w, n(5)), horner(ERFINV_CENTRAL, g.sub(w, n(2.5))), horner(ERFINV_TAIL, g.sub(f('sqrt', w), n(3)))));
        const e = g.sub(f('erf', y0), x);
        return g.sub(y0, g.div(e, g.add(g.mul(n(2 / Math.sqrt(Math.PI)), f('exp', g.neg(g.mul(y0, y0)))), g.mul(y0, e))));
      }
      case 'atan2': return g.fn('atan2', a); // every target has it
      default:
        // No rewrite: the target must provide it (checked by the printer, which reports what is missing).
        return g.fn(name, a);
    }
  }
}

/**
 * A copy of the part of `src` reachable from roots in a fresh graph (so generation never grows the model's graph),
 * each node in its numerically stable form (./stabilize.ts).
 */
export function copyGraph(src: Graph, roots: readonly NodeId[]): { g: Graph; map: (n: NodeId) => NodeId } {
  const g = new Graph(src.limits);
  const memo = new Map<NodeId, NodeId>();
  for (const n of src.reachable(roots)) {
    const args = src.args[n].map((a) => memo.get(a)!);
    g.currentSpan = src.span[n];
    memo.set(n, stabilize(g, g.make(src.op[n], args, src.name[n], src.val[n])));
  }
  g.currentSpan = undefined;
  return {
    g,
    map: (n) => {
      if (!memo.has(n)) {
        // Nodes outside the copied part (e.g. a variable that does not appear): copy leaves on demand.
        if (src.op[n] === 'var') memo.set(n, g.variable(src.name[n]));
        else if (src.op[n] === 'num') memo.set(n, g.num(src.val[n]));
        else throw new Error(`codegen: node ${n} was not copied`);
      }
      return memo.get(n)!;
    },
  };
}
