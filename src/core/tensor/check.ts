import { evaluate as evaluateScalar } from '../evaluate';
import { Graph } from '../graph';
import { localDerivative } from '../diff';
import { hashString, mulberry32 } from '../random';
import { indexSpec, type TGraph, type TNodeId } from './graph';
import { broadcastTo, Evaluator, fromNested, inverse, kron, matmul, reduceGroups, tensor, transpose, type Tensor, type TensorPoint } from './evaluate';
import { setOwn } from '../own';

/**
 * Numeric opinions on tensor derivatives, independent of the symbolic rules: central differences entry by
 * entry, directional derivatives along random directions, and forward-mode AD on values (a tangent
 * carried through every op by its own rule, with no symbolic graph).
 */

/** The point an analysis uses: `at` when it gives every input, else the default point with `at` over it. */
export function pointFor(tg: TGraph, output: TNodeId, inputs: readonly string[], at?: TensorPoint): TensorPoint {
  return at && inputs.every((n) => Object.hasOwn(at, n)) ? at : { ...defaultPoint(tg, [output]), ...(at ?? {}) };
}

/** A deterministic point: every symbolic size gets a small size (2, 3, 4, …), every entry a value in [0.5, 1.5]. */
export function defaultPoint(tg: TGraph, roots: readonly TNodeId[], options: { sizes?: Record<string, number>; seed?: number } = {}): Record<string, Tensor> {
  const sizes = new Map<string, number>(Object.entries(options.sizes ?? {}));
  let next = 2;
  const size = (d: string | number): number => {
    const r = tg.dims.find(d);
    if (typeof r === 'number') return r;
    // the next small size, or more where a constant index reaches further (z[2] needs 3 entries)
    if (!sizes.has(r)) sizes.set(r, Math.max(next++, tg.dims.minimum(r)));
    return sizes.get(r)!;
  };
  const point: Record<string, Tensor> = {};
  for (const n of tg.reachable(roots)) {
    if (tg.op[n] !== 'var') continue;
    const shape = tg.shape(n).map(size);
    const rand = mulberry32(hashString(tg.name[n]) ^ (options.seed ?? 0));
    const t = tensor(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = 0.5 + rand();
    // square matrices get a dominant diagonal, so det, inv and logdet are well defined and conditioned
    if (shape.length === 2 && shape[0] === shape[1]) for (let i = 0; i < shape[0]; i++) t.data[i * shape[0] + i] += shape[0];
    setOwn(point, tg.name[n], t); // own: a variable may be called __proto__
  }
  return point;
}

function valueAt(tg: TGraph, f: TNodeId, point: TensorPoint): number {
  return new Evaluator(tg, point, [f]).get(f).data[0];
}

function withEntry(point: TensorPoint, name: string, k: number, delta: number): TensorPoint {
  const t = fromNested(point[name], name);
  const d = t.data.slice();
  d[k] += delta;
  return { ...point, [name]: { shape: t.shape, data: d } };
}

/** Central differences of a scalar f with respect to the entries of `wrt`: every entry up to `cap`, past it `cap` entries sampled evenly across the array (the rest NaN). */
export function centralDifferences(tg: TGraph, f: TNodeId, point: TensorPoint, wrt: string, options: { h?: number; cap?: number } = {}): Tensor {
  const x = fromNested(point[wrt], wrt);
  const out = tensor(x.shape);
  out.data.fill(NaN);
  const n = x.data.length;
  const cap = Math.min(options.cap ?? Infinity, n);
  // every entry up to the cap; past it, `cap` entries sampled across the whole array (first and last included)
  const picks = cap >= n ? Array.from({ length: n }, (_, k) => k) : [...new Set(Array.from({ length: cap }, (_, i) => (cap === 1 ? 0 : Math.round((i * (n - 1)) / (cap - 1)))))];
  for (const k of picks) {
    const h = (options.h ?? 1e-5) * Math.max(1, Math.abs(x.data[k]));
    out.data[k] = (valueAt(tg, f, withEntry(point, wrt, k, h)) - valueAt(tg, f, withEntry(point, wrt, k, -h))) / (2 * h);
  }
  return out;
}

/** A random unit direction for each input (deterministic by seed). */
export function randomDirections(point: TensorPoint, names: readonly string[], seed = 1): Record<string, Tensor> {
  const rand = mulberry32(seed);
  const out: Record<string, Tensor> = {};
  let norm = 0;
  for (const n of names) {
    const t = fromNested(point[n], n);
    const d = tensor(t.shape);
    for (let i = 0; i < d.data.length; i++) { d.data[i] = rand() * 2 - 1; norm += d.data[i] ** 2; }
    setOwn(out, n, d);
  }
  norm = Math.sqrt(norm) || 1;
  for (const n of names) for (let i = 0; i < out[n].data.length; i++) out[n].data[i] /= norm;
  return out;
}

/** (f(x + h d) − f(x − h d)) / 2h: the directional derivative by central differences. */
export function directionalDifference(tg: TGraph, f: TNodeId, point: TensorPoint, dir: Record<string, Tensor>, h = 1e-5): number {
  const shifted = (s: number): TensorPoint => {
    const p: Record<string, Tensor | TensorPoint[string]> = { ...point };
    for (const [n, d] of Object.entries(dir)) {
      const t = fromNested(point[n], n);
      p[n] = { shape: t.shape, data: t.data.map((v, i) => v + s * h * d.data[i]) };
    }
    return p;
  };
  return (valueAt(tg, f, shifted(1)) - valueAt(tg, f, shifted(-1))) / (2 * h);
}

/** ⟨G, D⟩ summed over inputs. */
export function inner(grads: Record<string, Tensor>, dir: Record<string, Tensor>): number {
  let s = 0;
  for (const [n, d] of Object.entries(dir)) {
    const g = grads[n];
    for (let i = 0; i < d.data.length; i++) s += g.data[i] * d.data[i];
  }
  return s;
}

// ---- forward-mode AD on values ------------------------------------------------------------------------------

const scalarDerivs = new Map<string, { g: Graph; roots: number[] }>();
/** ∂f/∂aᵢ of a table function at numbers (the scalar engine's rule, evaluated). */
export function scalarPartial(name: string, args: number[], i: number): number {
  const key = `${name}/${args.length}`;
  let t = scalarDerivs.get(key);
  if (!t) {
    const g = new Graph();
    const vars = args.map((_v, j) => g.variable(`a${j}`));
    const self = g.fn(name, vars);
    t = { g, roots: vars.map((_v, j) => localDerivative(g, self, j)) };
    scalarDerivs.set(key, t);
  }
  const point: Record<string, number> = {};
  args.forEach((v, j) => { point[`a${j}`] = v; });
  const vals = evaluateScalar(t.g, [t.roots[i]], point);
  return vals[t.roots[i]];
}

/**
 * Forward-mode AD on values: every node's value and its tangent along `dir` (inputs not in dir are held
 * fixed). Returns the tangent of `output`: the directional derivative, from value-level rules only.
 */
export function forwardMode(tg: TGraph, output: TNodeId, point: TensorPoint, dir: Record<string, Tensor>): Tensor {
  const ev = new Evaluator(tg, point, [output], { keep: true });
  const tan: (Tensor | undefined)[] = new Array(tg.size);
  const V = (n: TNodeId) => ev.get(n);
  const zeros = (n: TNodeId) => tensor(V(n).shape);
  const T = (n: TNodeId) => tan[n] ?? zeros(n);
  const ew = (n: TNodeId, f: (i: number) => number): Tensor => {
    const out = tensor(V(n).shape);
    for (let i = 0; i < out.data.length; i++) out.data[i] = f(i);
    return out;
  };
  /** An argument's value or tangent broadcast to n's shape. */
  const B = (t: Tensor, n: TNodeId) => (t.data.length === V(n).data.length && t.shape.length === V(n).shape.length ? t : broadcastTo(t, V(n).shape));
  for (const n of tg.reachable([output])) {
    const a = tg.args[n];
    const op = tg.op[n];
    if (op === 'var') { if (Object.hasOwn(dir, tg.name[n])) tan[n] = dir[tg.name[n]]; continue; }
    if (!a.length || !a.some((x) => tan[x])) continue;
    const v = V(n);
    let t: Tensor;
    switch (op) {
      case 'add': case 'sub': { const p = B(T(a[0]), n); const q = B(T(a[1]), n); t = ew(n, (i) => (op === 'add' ? p.data[i] + q.data[i] : p.data[i] - q.data[i])); break; }
      case 'neg': t = ew(n, (i) => -T(a[0]).data[i]); break;
      case 'mul': case 'div': case 'pow': case 'fn': case 'where': {
        const args = a.map((x) => B(V(x), n));
        const tans = a.map((x) => B(T(x), n));
        t = ew(n, (i) => {
          const xs = args.map((x) => x.data[i]);
          let s = 0;
          tans.forEach((d, j) => {
            const dv = d.data[i];
            if (dv === 0) return;
            let p: number;
            if (op === 'mul') p = xs[1 - j];
            else if (op === 'div') p = j === 0 ? 1 / xs[1] : -xs[0] / (xs[1] * xs[1]);
            else if (op === 'pow') p = j === 0 ? (xs[1] === 0 ? 0 : xs[1] * Math.pow(xs[0], xs[1] - 1)) : Math.pow(xs[0], xs[1]) * Math.log(xs[0]);
            else if (op === 'where') p = j === 0 ? 0 : (xs[0] !== 0) === (j === 1) ? 1 : 0;
            else p = scalarPartial(tg.name[n], xs, j);
            s += p * dv;
          });
          return s;
        });
        break;
      }
      case 'bcast': t = broadcastTo(T(a[0]), v.shape, tg.bcastAxes(n)); break;
      case 'matmul': t = add(matmul(T(a[0]), V(a[1])), matmul(V(a[0]), T(a[1]))); break;
      case 'transpose': t = transpose(T(a[0])); break;
      case 'kron': t = add(kron(T(a[0]), V(a[1])), kron(V(a[0]), T(a[1]))); break; // d(A ⊗ B) = dA ⊗ B + A ⊗ dB
      case 'outer': {
        const u = V(a[0]); const w = V(a[1]); const du = T(a[0]); const dw = T(a[1]);
        t = ew(n, (k) => { const i = Math.floor(k / w.data.length); const j = k % w.data.length; return du.data[i] * w.data[j] + u.data[i] * dw.data[j]; });
        break;
      }
      case 'trace': { const d = T(a[0]); const m = d.shape[0]; let s = 0; for (let i = 0; i < m; i++) s += d.data[i * m + i]; t = tensor([], [s]); break; }
      case 'det': case 'logdet': {
        // d det = det tr(A⁻¹ dA); d logdet = tr(A⁻¹ dA)
        const ai = inverse(V(a[0]));
        const p = matmul(ai, T(a[0]));
        const m = p.shape[0];
        let s = 0;
        for (let i = 0; i < m; i++) s += p.data[i * m + i];
        t = tensor([], [op === 'det' ? v.data[0] * s : s]);
        break;
      }
      case 'inv': t = scaleT(matmul(matmul(v, T(a[0])), v), -1); break; // d(A⁻¹) = −A⁻¹ dA A⁻¹
      case 'solve': {
        // A x = b: dx = A⁻¹ (db − dA x)
        const ai = inverse(V(a[0]));
        t = matmul(ai, add(T(a[1]), scaleT(matmul(T(a[0]), v), -1)));
        break;
      }
      case 'sum': {
        const axis = tg.attr[n][0];
        const d = T(a[0]);
        if (axis < 0) t = tensor([], [d.data.reduce((p, q) => p + q, 0)]);
        else {
          const [m, k] = d.shape.length === 2 ? d.shape : [1, d.data.length];
          t = tensor(v.shape);
          for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) t.data[d.shape.length === 1 ? 0 : axis === 0 ? j : i] += d.data[i * k + j];
        }
        break;
      }
      case 'diag': {
        const d = T(a[0]);
        t = tensor(v.shape);
        const m = v.shape[0];
        for (let i = 0; i < m; i++) {
          if (v.shape.length === 2) t.data[i * m + i] = d.data[i];
          else t.data[i] = d.data[i * m + i];
        }
        break;
      }
      case 'norm': { const x = V(a[0]); const d = T(a[0]); let s = 0; for (let i = 0; i < x.data.length; i++) s += x.data[i] * d.data[i]; t = tensor([], [s / v.data[0]]); break; }
      case 'softmax': case 'logsoftmax': case 'logsumexp': t = softTangent(tg, n, V(a[0]), T(a[0]), v); break;
      case 'amax': {
        // the one-sided rule of max: the tangent of the tied entries' mean (the gradient's even split), per group along an axis
        const x = V(a[0]); const d = T(a[0]).data;
        t = tensor(v.shape);
        reduceGroups(x.shape, tg.amaxAxis(n)[0]).forEach((grp, gi) => {
          let s = 0; let c = 0;
          for (const k of grp) if (x.data[k] === v.data[gi]) { s += d[k]; c++; }
          t.data[gi] = c ? s / c : NaN;
        });
        break;
      }
      case 'index': case 'scatter': case 'stack': case 'reshape': {
        // linear ops: the tangent is the op applied to the tangents
        t = linearApply(tg, n, a.map((x) => T(x)), v.shape);
        break;
      }
      default: continue; // comparisons, constants
    }
    tan[n] = t;
  }
  return tan[output] ?? tensor(V(output).shape);
}

function add(a: Tensor, b: Tensor): Tensor {
  return { shape: a.shape, data: a.data.map((v, i) => v + b.data[i]) };
}
function scaleT(a: Tensor, c: number): Tensor {
  return { shape: a.shape, data: a.data.map((v) => v * c) };
}

function softTangent(tg: TGraph, n: TNodeId, x: Tensor, d: Tensor, v: Tensor): Tensor {
  const op = tg.op[n];
  const axis = tg.attr[n][0];
  const [m, k] = x.shape.length === 2 ? x.shape : [1, x.data.length];
  const groups: number[][] = [];
  if (axis < 0) groups.push(Array.from({ length: x.data.length }, (_v, i) => i));
  else if (axis === 0) for (let j = 0; j < k; j++) groups.push(Array.from({ length: m }, (_v, i) => i * k + j));
  else for (let i = 0; i < m; i++) groups.push(Array.from({ length: k }, (_v, j) => i * k + j));
  const out = tensor(v.shape);
  groups.forEach((g, gi) => {
    // s = softmax over the group; d lse = Σ s dx
    let mx = -Infinity;
    for (const i of g) mx = Math.max(mx, x.data[i]);
    let z = 0;
    for (const i of g) z += Math.exp(x.data[i] - mx);
    let dl = 0;
    for (const i of g) dl += (Math.exp(x.data[i] - mx) / z) * d.data[i];
    if (op === 'logsumexp') { out.data[axis < 0 ? 0 : gi] = dl; return; }
    for (const i of g) {
      const s = Math.exp(x.data[i] - mx) / z;
      out.data[i] = op === 'softmax' ? s * (d.data[i] - dl) : d.data[i] - dl;
    }
  });
  return out;
}

function linearApply(tg: TGraph, n: TNodeId, args: Tensor[], shape: number[]): Tensor {
  const op = tg.op[n];
  if (op === 'reshape') return { shape, data: args[0].data.slice() };
  if (op === 'stack') {
    const t = tensor(shape);
    args.forEach((x, i) => t.data.set(x.data, i * x.data.length));
    return t;
  }
  const spec = indexSpec(tg.attr[n]);
  const src = op === 'index' ? args[0].shape : shape;
  const ranges = spec.map((s, i) => (s === 'all' ? [0, src[i]] : typeof s === 'number' ? [s, s + 1] : s));
  const offs: number[] = [];
  if (src.length === 1) for (let i = ranges[0][0]; i < ranges[0][1]; i++) offs.push(i);
  else for (let i = ranges[0][0]; i < ranges[0][1]; i++) for (let j = ranges[1][0]; j < ranges[1][1]; j++) offs.push(i * src[1] + j);
  const t = tensor(shape);
  offs.forEach((k, i) => {
    if (op === 'index') t.data[i] = args[0].data[k];
    else t.data[k] += args[0].data[i];
  });
  return t;
}

/** The gradient of a scalar f by forward mode, one basis direction per entry (for small checks). */
export function forwardGradient(tg: TGraph, f: TNodeId, point: TensorPoint, wrt: string): Tensor {
  const x = fromNested(point[wrt], wrt);
  const out = tensor(x.shape);
  for (let k = 0; k < x.data.length; k++) {
    const d = tensor(x.shape);
    d.data[k] = 1;
    out.data[k] = forwardMode(tg, f, point, { [wrt]: d }).data[0];
  }
  return out;
}

