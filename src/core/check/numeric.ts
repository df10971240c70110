import { evalNode, type Point } from '../evaluate';
import { FUNCTIONS } from '../functions';
import { compareValues, isCompare, isLogical, type Graph, type NodeId } from '../graph';
import * as C from './complex';
import { localPartials } from './localPartials';
import { t as l10n } from '../l10n';

/**
 * Numeric evaluation of one output over the graph: plain values, forward-mode AD with dual numbers,
 * reverse-mode AD with a float adjoint sweep (micrograd-style), and complex evaluation for the complex step.
 * None of these builds derivative nodes: they are independent of the symbolic derivative they check.
 */
export class NumericTape {
  /** Nodes the output depends on, ascending (a topological order). */
  readonly order: NodeId[];

  constructor(readonly g: Graph, readonly root: NodeId) {
    this.order = g.reachable([root]);
  }

  values(point: Point): Float64Array {
    const v = new Float64Array(this.g.size).fill(NaN);
    for (const n of this.order) v[n] = evalNode(this.g, n, v, point);
    return v;
  }

  value(point: Point): number {
    return this.values(point)[this.root];
  }

  /** Nodes on a path from variable `wrt` to the output, ascending: the only ones a change of wrt moves. */
  cone(wrt: string): NodeId[] {
    let c = this.cones.get(wrt);
    if (!c) {
      const g = this.g;
      const x = this.order.find((n) => g.op[n] === 'var' && g.name[n] === wrt);
      const dep = x === undefined ? undefined : g.dependsOn(new Set([x]), this.root);
      c = dep ? this.order.filter((n) => dep[n]) : [];
      this.cones.set(wrt, c);
    }
    return c;
  }
  private readonly cones = new Map<string, NodeId[]>();
  private readonly scratch = new WeakMap<Float64Array, Float64Array>();

  /**
   * f with variable `wrt` moved to x, re-evaluating only the cone of wrt on top of `base` (the values at the
   * point): a partial of a 512-term sum costs a few nodes, not the whole graph.
   */
  shifted(base: Float64Array, point: Point, wrt: string, x: number): number {
    const cone = this.cone(wrt);
    if (!cone.length) return base[this.root];
    const g = this.g;
    let v = this.scratch.get(base);
    if (!v) this.scratch.set(base, (v = base.slice()));
    // The only variable in the cone is wrt itself (no copy of a 512-coordinate point per step).
    for (const n of cone) v[n] = g.op[n] === 'var' ? x : evalNode(g, n, v, point);
    const out = v[this.root];
    for (const n of cone) v[n] = base[n];
    return out;
  }

  /** Forward mode with dual numbers v + ε·t (ε² = 0), seeded with t = 1 on variable `wrt`. */
  forwardAD(point: Point, wrt: string, base: Float64Array = this.values(point)): { value: number; derivative: number } {
    const g = this.g;
    const v = base;
    const t = new Float64Array(g.size);
    for (const n of this.cone(wrt)) {
      const op = g.op[n];
      if (op === 'var') {
        t[n] = g.name[n] === wrt ? 1 : 0;
        continue;
      }
      const a = g.args[n];
      if (a.length === 0 || isLogical(op)) continue;
      if (op === 'cond') {
        const test = v[a[0]];
        t[n] = Number.isNaN(test) ? NaN : test !== 0 ? t[a[1]] : t[a[2]];
        continue;
      }
      // Terms whose argument tangent is 0 are skipped, as ε·0 is: log x of a negative constant base is never formed.
      if (a.every((x) => t[x] === 0)) continue;
      const p = localPartials(g, n, a.map((x) => v[x]), v[n]);
      let s = 0;
      for (let i = 0; i < a.length; i++) if (t[a[i]] !== 0) s += p[i] * t[a[i]];
      t[n] = s;
    }
    return { value: v[this.root], derivative: t[this.root] };
  }

  /** Reverse mode: one forward pass, then one backward sweep of float adjoints; ∂f/∂v for every variable. */
  reverseAD(point: Point): { value: number; gradient: Map<string, number> } {
    const g = this.g;
    const v = this.values(point);
    const live = this.dependsOnVariable();
    const adj = new Float64Array(g.size);
    adj[this.root] = 1;
    for (let k = this.order.length - 1; k >= 0; k--) {
      const n = this.order[k];
      const seed = adj[n];
      const a = g.args[n];
      if (seed === 0 || a.length === 0 || isLogical(g.op[n])) continue;
      if (g.op[n] === 'cond') {
        const test = v[a[0]];
        if (Number.isNaN(test)) {
          adj[a[1]] += NaN;
          continue;
        }
        adj[test !== 0 ? a[1] : a[2]] += seed;
        continue;
      }
      if (!a.some((x) => live[x])) continue;
      const p = localPartials(g, n, a.map((x) => v[x]), v[n]);
      for (let i = 0; i < a.length; i++) if (live[a[i]]) adj[a[i]] += seed * p[i];
    }
    // A Map: a variable may be called __proto__ (gradient['__proto__'] = … would set the prototype).
    const gradient = new Map<string, number>();
    for (const n of this.order) if (g.op[n] === 'var') gradient.set(g.name[n], adj[n]);
    return { value: v[this.root], gradient };
  }

  private live?: Uint8Array;
  /** Nodes that depend on some variable: only those receive adjoints. */
  private dependsOnVariable(): Uint8Array {
    if (this.live) return this.live;
    const vars = new Set(this.order.filter((n) => this.g.op[n] === 'var'));
    this.live = this.g.dependsOn(vars, this.root);
    return this.live;
  }

  /**
   * f at the point with variable `wrt` moved to x + i·h, in complex arithmetic. Only valid when
   * `complexStepBlocker` finds nothing on the path; non-analytic functions off the path see real arguments.
   */
  complexValue(point: Point, wrt: string, h: number, base: Float64Array = this.values(point)): C.Complex {
    const g = this.g;
    const v = new Map<NodeId, C.Complex>();
    const get = (x: NodeId): C.Complex => v.get(x) ?? C.cx(base[x]);
    for (const n of this.cone(wrt)) v.set(n, complexNode(g, n, g.args[n].map(get), point, wrt, h));
    return get(this.root);
  }

  /** Why the complex step is not valid for ∂f/∂wrt (a non-analytic op on the path), else null. */
  complexStepBlocker(wrt: string): string | null {
    const g = this.g;
    const cone = this.cone(wrt);
    const inCone = new Set(cone);
    for (const n of cone) {
      const op = g.op[n];
      if (op === 'fn' && !FUNCTIONS.get(g.name[n])!.analytic) return l10n('{0} has no analytic continuation', g.name[n]);
      if (op === 'cond' && inCone.has(g.args[n][0])) return l10n('a condition depends on {0} (a branch is not analytic)', wrt);
      if (isLogical(op)) return l10n('a comparison depends on {0} (a branch is not analytic)', wrt);
    }
    return null;
  }
}

function complexNode(g: Graph, n: NodeId, a: C.Complex[], point: Point, wrt: string, h: number): C.Complex {
  const op = g.op[n];
  switch (op) {
    case 'num': case 'const': return C.cx(g.val[n]);
    case 'var': {
      const name = g.name[n];
      const x = Object.prototype.hasOwnProperty.call(point, name) ? point[name] : NaN;
      return C.cx(x, name === wrt ? h : 0);
    }
    case 'add': return C.add(a[0], a[1]);
    case 'sub': return C.sub(a[0], a[1]);
    case 'mul': return C.mul(a[0], a[1]);
    case 'div': return C.div(a[0], a[1]);
    case 'neg': return C.neg(a[0]);
    case 'pow': return C.pow(a[0], a[1]);
    case 'fn': {
      const def = FUNCTIONS.get(g.name[n])!;
      const cf = C.COMPLEX_FUNCTIONS.get(def.name);
      if (cf && def.analytic) return cf(a, (r) => def.eval(r));
      // Off the differentiation path the arguments are real.
      if (a.every((z) => z.im === 0)) return C.cx(def.eval(a.map((z) => z.re)));
      return C.cx(NaN, NaN);
    }
    case 'cond': {
      const t = a[0].re;
      return Number.isNaN(t) ? C.cx(NaN, NaN) : t !== 0 ? a[1] : a[2];
    }
    case 'and': return C.cx(a[0].re !== 0 && a[1].re !== 0 ? 1 : 0);
    case 'or': return C.cx(a[0].re !== 0 || a[1].re !== 0 ? 1 : 0);
    case 'not': return C.cx(a[0].re === 0 ? 1 : 0);
    default:
      if (isCompare(op)) return C.cx(compareValues(op, a[0].re, a[1].re) ? 1 : 0);
      throw new Error(`complexNode: unknown op ${op}`);
  }
}
