import * as C from '../check/complex';
import { PartialsError } from '../errors';
import { FUNCTIONS } from '../functions';
import { scalarPartial } from './check';
import { indexSpec, type TGraph, type TNodeId } from './graph';
import { broadcastTo, Evaluator, inverse, kron, kronAdjoint, matmul, reduceGroups, solve, tensor, transpose, type Tensor, type TensorPoint } from './evaluate';
import { setOwn } from '../own';
import { t as l10n } from '../l10n';

/**
 * Two more numeric opinions on tensor gradients, working on values only (no symbolic graph is built):
 * reverse-mode AD (one backward sweep of value-level vector–Jacobian products) and the complex step
 * (f evaluated at x + ih·d in complex arithmetic; Im f / h is the directional derivative along d without
 * cancellation). The complex step is defined where every op on the path is analytic.
 */

// ---- reverse mode on values ------------------------------------------------------------------------------

/** g (shaped like a broadcast result) summed down to `shape` (NumPy's rules). */
function reduceTo(g: Tensor, shape: number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const out = tensor(shape);
  const gs = g.shape;
  const off = gs.length - shape.length;
  const idx = new Array<number>(gs.length).fill(0);
  for (let k = 0; k < g.data.length; k++) {
    let t = 0;
    for (let i = 0; i < shape.length; i++) t = t * shape[i] + (shape[i] === 1 ? 0 : idx[off + i]);
    out.data[t] += g.data[k];
    for (let i = gs.length - 1; i >= 0; i--) { if (++idx[i] < gs[i]) break; idx[i] = 0; }
  }
  return out;
}

const map2 = (a: Tensor, f: (v: number, i: number) => number): Tensor => ({ shape: a.shape, data: a.data.map(f) });
const addT = (a: Tensor, b: Tensor): Tensor => map2(a, (v, i) => v + b.data[i]);
const scaleT = (a: Tensor, c: number): Tensor => map2(a, (v) => v * c);

function localScalar(name: string, xs: number[], j: number): number {
  // ∂f/∂xⱼ of a table function: from its complex extension where analytic (exact to rounding), else the
  // scalar engine's rule evaluated (abs, relu, max: piecewise, where the complex step does not apply)
  const cf = C.COMPLEX_FUNCTIONS.get(name);
  const def = FUNCTIONS.get(name)!;
  if (cf && def.analytic) return cf(xs.map((v, k) => C.cx(v, k === j ? 1e-30 : 0)), def.eval).im / 1e-30;
  return scalarPartial(name, xs, j);
}

/** ∂output/∂input for every input, by one reverse sweep over values (output must be a scalar). */
export function reverseModeValues(tg: TGraph, output: TNodeId, point: TensorPoint): Record<string, Tensor> {
  if (!tg.isScalar(output)) throw new PartialsError(l10n('Reverse mode needs a scalar output.'), 'unsupported');
  const ev = new Evaluator(tg, point, [output], { keep: true });
  const V = (n: TNodeId) => ev.get(n);
  const adj: (Tensor | undefined)[] = new Array(tg.size);
  adj[output] = tensor([], [1]);
  const live = tg.reachable([output]);
  const acc = (n: TNodeId, g: Tensor) => { adj[n] = adj[n] ? addT(adj[n]!, g) : g; };
  for (let k = live.length - 1; k >= 0; k--) {
    const n = live[k];
    const g = adj[n];
    const a = tg.args[n];
    if (!g || !a.length) continue;
    const v = V(n);
    const op = tg.op[n];
    const full = (x: TNodeId) => broadcastTo(V(x), v.shape);
    switch (op) {
      case 'add': case 'sub': case 'neg':
        a.forEach((x, i) => {
          const negative = op === 'neg' || (op === 'sub' && i === 1);
          acc(x, reduceTo(negative ? scaleT(g, -1) : g, V(x).shape));
        });
        break;
      case 'mul': case 'div': case 'pow': case 'fn': case 'where': {
        const xs = a.map(full);
        a.forEach((x, j) => {
          if (op === 'where' && j === 0) return;
          const local = map2(g, (gv, i) => {
            if (gv === 0) return 0;
            const args = xs.map((t) => t.data[i]);
            let p: number;
            if (op === 'mul') p = args[1 - j];
            else if (op === 'div') p = j === 0 ? 1 / args[1] : -args[0] / (args[1] * args[1]);
            else if (op === 'pow') p = j === 0 ? (args[1] === 0 ? 0 : args[1] * Math.pow(args[0], args[1] - 1)) : Math.pow(args[0], args[1]) * Math.log(args[0]);
            else if (op === 'where') p = (args[0] !== 0) === (j === 1) ? 1 : 0;
            else p = localScalar(tg.name[n], args, j);
            return gv * p;
          });
          acc(x, reduceTo(local, V(x).shape));
        });
        break;
      }
      case 'bcast': {
        // sum over the target axes the source does not map to, then over repeated size-1 axes
        const map = tg.bcastAxes(n);
        const src = V(a[0]).shape;
        const expanded = v.shape.map((d, t) => (map.includes(t) ? src[map.indexOf(t)] : 1));
        acc(a[0], { shape: src, data: reduceTo(g, expanded).data });
        break;
      }
      case 'matmul': {
        const [p, q] = a.map(V);
        if (p.shape.length === 1 && q.shape.length === 1) { acc(a[0], scaleT(q, g.data[0])); acc(a[1], scaleT(p, g.data[0])); break; }
        if (q.shape.length === 1) {
          acc(a[0], matmul({ shape: [g.data.length, 1], data: g.data }, { shape: [1, q.data.length], data: q.data }));
          acc(a[1], matmul(transpose(p), g));
          break;
        }
        acc(a[0], matmul(g, transpose(q)));
        acc(a[1], matmul(transpose(p), g));
        break;
      }
      case 'transpose': acc(a[0], transpose(g)); break;
      case 'sum': {
        const [axis, keep] = tg.attr[n];
        const src = V(a[0]).shape;
        acc(a[0], axis < 0 || src.length === 1 || keep === 1 ? broadcastTo(g, src) : broadcastTo(g, src, [1 - axis]));
        break;
      }
      case 'kron': {
        const [ga, gb] = kronAdjoint(g, V(a[0]), V(a[1]));
        acc(a[0], ga);
        acc(a[1], gb);
        break;
      }
      case 'outer': {
        const [u, w] = a.map(V);
        acc(a[0], matmul(g, w));
        acc(a[1], matmul(transpose(g), u));
        break;
      }
      case 'trace': { const m = V(a[0]).shape[0]; const t = tensor([m, m]); for (let i = 0; i < m; i++) t.data[i * m + i] = g.data[0]; acc(a[0], t); break; }
      case 'det': acc(a[0], scaleT(transpose(inverse(V(a[0]))), g.data[0] * v.data[0])); break;
      case 'logdet': acc(a[0], scaleT(transpose(inverse(V(a[0]))), g.data[0])); break;
      case 'inv': { const t = transpose(v); acc(a[0], scaleT(matmul(matmul(t, g), t), -1)); break; }
      case 'solve': {
        const gb = solve(transpose(V(a[0])), g);
        acc(a[1], gb);
        const x = v.shape.length === 1 ? { shape: [1, v.data.length], data: v.data } : transpose(v);
        const gcol = gb.shape.length === 1 ? { shape: [gb.data.length, 1], data: gb.data } : gb;
        acc(a[0], scaleT(matmul(gcol, x), -1));
        break;
      }
      case 'diag': {
        const m = v.shape[0];
        const t = tensor(V(a[0]).shape);
        for (let i = 0; i < m; i++) t.data[v.shape.length === 2 ? i : i * m + i] = g.data[v.shape.length === 2 ? i * m + i : i];
        acc(a[0], t);
        break;
      }
      case 'norm': acc(a[0], scaleT(V(a[0]), g.data[0] / v.data[0])); break;
      case 'amax': {
        const x = V(a[0]); const t = tensor(x.shape);
        reduceGroups(x.shape, tg.amaxAxis(n)[0]).forEach((grp, gi) => {
          let c = 0;
          for (const k of grp) if (x.data[k] === v.data[gi]) c++;
          for (const k of grp) if (x.data[k] === v.data[gi]) t.data[k] = g.data[gi] / c;
        });
        acc(a[0], t);
        break;
      }
      case 'softmax': case 'logsoftmax': case 'logsumexp': acc(a[0], softVjp(op, tg.attr[n][0], V(a[0]), v, g)); break;
      case 'index': case 'scatter': {
        const spec = tg.attr[n];
        const big = op === 'index' ? V(a[0]).shape : v.shape;
        const offs = offsets(big, spec);
        const t = tensor(op === 'index' ? big : V(a[0]).shape);
        offs.forEach((o, i) => { if (op === 'index') t.data[o] += g.data[i]; else t.data[i] = g.data[o]; });
        acc(a[0], t);
        break;
      }
      case 'stack': {
        const k = V(a[0]).data.length;
        a.forEach((x, i) => acc(x, { shape: V(x).shape, data: g.data.slice(i * k, (i + 1) * k) }));
        break;
      }
      case 'reshape': acc(a[0], { shape: V(a[0]).shape, data: g.data.slice() }); break;
      default: break; // comparisons: no gradient
    }
  }
  const out: Record<string, Tensor> = {};
  for (const n of live) if (tg.op[n] === 'var') setOwn(out, tg.name[n], adj[n] ?? tensor(V(n).shape));
  return out;
}

function offsets(shape: number[], attr: readonly number[]): number[] {
  const spec = indexSpec(attr);
  const r = spec.map((s, i) => (s === 'all' ? [0, shape[i]] : typeof s === 'number' ? [s, s + 1] : s));
  const out: number[] = [];
  if (shape.length === 1) for (let i = r[0][0]; i < r[0][1]; i++) out.push(i);
  else for (let i = r[0][0]; i < r[0][1]; i++) for (let j = r[1][0]; j < r[1][1]; j++) out.push(i * shape[1] + j);
  return out;
}

function groupsOf(shape: number[], axis: number): number[][] {
  const size = shape.reduce((p, q) => p * q, 1);
  const [m, n] = shape.length === 2 ? shape : [1, size];
  if (axis < 0) return [Array.from({ length: size }, (_v, k) => k)];
  if (axis === 0) return Array.from({ length: n }, (_v, j) => Array.from({ length: m }, (_w, i) => i * n + j));
  return Array.from({ length: m }, (_v, i) => Array.from({ length: n }, (_w, j) => i * n + j));
}

function softVjp(op: string, axis: number, x: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = tensor(x.shape);
  groupsOf(x.shape, axis).forEach((grp, gi) => {
    let mx = -Infinity;
    for (const k of grp) mx = Math.max(mx, x.data[k]);
    let z = 0;
    for (const k of grp) z += Math.exp(x.data[k] - mx);
    const s = (k: number) => Math.exp(x.data[k] - mx) / z;
    if (op === 'logsumexp') { for (const k of grp) out.data[k] = g.data[axis < 0 ? 0 : gi] * s(k); return; }
    if (op === 'softmax') {
      let dot = 0;
      for (const k of grp) dot += g.data[k] * y.data[k];
      for (const k of grp) out.data[k] = y.data[k] * (g.data[k] - dot);
      return;
    }
    let total = 0;
    for (const k of grp) total += g.data[k];
    for (const k of grp) out.data[k] = g.data[k] - s(k) * total;
  });
  return out;
}

// ---- complex step ----------------------------------------------------------------------------------------

interface CT { shape: number[]; re: Float64Array; im: Float64Array }

const NOT_ANALYTIC = new Set(['where', 'lt', 'le', 'gt', 'ge', 'eq', 'ne']);

/**
 * The complex-step directional derivative Im f(x + ih·d)/h along d, or undefined (with the reason) where
 * an op on the path is not analytic (abs, relu, comparisons, …).
 */
export function complexStep(tg: TGraph, output: TNodeId, point: TensorPoint, dir: Record<string, Tensor>, h = 1e-30): { value?: number; reason?: string } {
  const ev = new Evaluator(tg, point, [output], { keep: true });
  const vals: (CT | undefined)[] = new Array(tg.size);
  const real = (t: Tensor): CT => ({ shape: t.shape, re: t.data, im: new Float64Array(t.data.length) });
  for (const n of tg.reachable([output])) {
    const op = tg.op[n];
    const a = tg.args[n].map((x) => vals[x]!);
    const v = ev.get(n);
    if (NOT_ANALYTIC.has(op)) return { reason: (op === 'where' ? l10n('where is not analytic') : l10n('a comparison is not analytic')) };
    if (op === 'fn' && (!FUNCTIONS.get(tg.name[n])!.analytic || !C.COMPLEX_FUNCTIONS.has(tg.name[n]))) return { reason: l10n('{0} is not analytic', tg.name[n]) };
    if (op === 'amax') {
      // max is piecewise linear: analytic off a tie, and no one derivative at one
      const x = ev.get(tg.args[n][0]);
      const tie = reduceGroups(x.shape, tg.amaxAxis(n)[0]).some((grp, gi) => grp.filter((k) => x.data[k] === v.data[gi]).length > 1);
      if (tie) return { reason: l10n('max is not analytic at a tie for the largest entry') };
    }
    switch (op) {
      case 'var': {
        const d = Object.hasOwn(dir, tg.name[n]) ? dir[tg.name[n]] : undefined;
        vals[n] = { shape: v.shape, re: v.data, im: d ? d.data.map((x) => x * h) : new Float64Array(v.data.length) };
        continue;
      }
      case 'num': case 'const': case 'count': case 'eye': vals[n] = real(v); continue;
      default: break;
    }
    if (a.every((x) => x.im.every((y) => y === 0))) { vals[n] = real(v); continue; }
    vals[n] = complexOp(tg, n, a, v.shape);
  }
  return { value: vals[output]!.im[0] / h };
}

function complexOp(tg: TGraph, n: TNodeId, a: CT[], shape: number[]): CT {
  const op = tg.op[n];
  const size = shape.reduce((p, q) => p * q, 1);
  const out: CT = { shape, re: new Float64Array(size), im: new Float64Array(size) };
  const get = (t: CT, k: number): C.Complex => C.cx(t.re[k], t.im[k]);
  const put = (k: number, z: C.Complex) => { out.re[k] = z.re; out.im[k] = z.im; };
  const bc = (t: CT, axes?: readonly number[]): CT => ({
    shape, re: broadcastTo({ shape: t.shape, data: t.re }, shape, axes).data, im: broadcastTo({ shape: t.shape, data: t.im }, shape, axes).data,
  });
  const linear = (f: (t: Tensor) => Tensor): CT => {
    const re = f({ shape: a[0].shape, data: a[0].re });
    const im = f({ shape: a[0].shape, data: a[0].im });
    return { shape: re.shape, re: re.data, im: im.data };
  };
  switch (op) {
    case 'add': case 'sub': case 'mul': case 'div': case 'neg': case 'pow': case 'fn': {
      const xs = a.map((t) => bc(t));
      const def = op === 'fn' ? FUNCTIONS.get(tg.name[n])! : undefined;
      const cf = op === 'fn' ? C.COMPLEX_FUNCTIONS.get(tg.name[n])! : undefined;
      for (let k = 0; k < size; k++) {
        const z = xs.map((t) => get(t, k));
        put(k, op === 'add' ? C.add(z[0], z[1]) : op === 'sub' ? C.sub(z[0], z[1]) : op === 'mul' ? C.mul(z[0], z[1])
          : op === 'div' ? C.div(z[0], z[1]) : op === 'neg' ? C.neg(z[0]) : op === 'pow' ? powC(z[0], z[1]) : cf!(z, def!.eval));
      }
      return out;
    }
    case 'bcast': return bc(a[0], tg.bcastAxes(n));
    case 'transpose': return linear(transpose);
    case 'kron': {
      // (P + iQ) ⊗ (R + iS) = (P⊗R − Q⊗S) + i(P⊗S + Q⊗R)
      const [x, y] = a;
      const K = (u: Float64Array, ushape: number[], w: Float64Array, wshape: number[]) => kron({ shape: ushape, data: u }, { shape: wshape, data: w }).data;
      const pr = K(x.re, x.shape, y.re, y.shape), qs = K(x.im, x.shape, y.im, y.shape);
      const ps = K(x.re, x.shape, y.im, y.shape), qr = K(x.im, x.shape, y.re, y.shape);
      return { shape, re: pr.map((v, k) => v - qs[k]), im: ps.map((v, k) => v + qr[k]) };
    }
    case 'reshape': return { shape, re: a[0].re.slice(), im: a[0].im.slice() };
    case 'stack': a.forEach((t, i) => { out.re.set(t.re, i * t.re.length); out.im.set(t.im, i * t.im.length); }); return out;
    case 'index': case 'scatter': {
      const big = op === 'index' ? a[0].shape : shape;
      offsets(big, tg.attr[n]).forEach((o, i) => {
        if (op === 'index') { out.re[i] = a[0].re[o]; out.im[i] = a[0].im[o]; } else { out.re[o] += a[0].re[i]; out.im[o] += a[0].im[i]; }
      });
      return out;
    }
    case 'sum': {
      const [axis] = tg.attr[n];
      groupsOf(a[0].shape, a[0].shape.length === 1 ? -1 : axis).forEach((grp, gi) => {
        for (const k of grp) { out.re[gi] += a[0].re[k]; out.im[gi] += a[0].im[k]; }
      });
      return out;
    }
    case 'matmul': case 'outer': {
      const [p, q] = a;
      const P = op === 'outer' ? { shape: [p.re.length, 1], re: p.re, im: p.im } : p.shape.length === 1 ? { shape: [1, p.re.length], re: p.re, im: p.im } : p;
      const Q = op === 'outer' ? { shape: [1, q.re.length], re: q.re, im: q.im } : q.shape.length === 1 ? { shape: [q.re.length, 1], re: q.re, im: q.im } : q;
      const [m, k] = P.shape;
      const nn = Q.shape[1];
      for (let i = 0; i < m; i++) for (let j = 0; j < nn; j++) {
        let re = 0, im = 0;
        for (let p2 = 0; p2 < k; p2++) {
          const ar = P.re[i * k + p2], ai = P.im[i * k + p2], br = Q.re[p2 * nn + j], bi = Q.im[p2 * nn + j];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        out.re[i * nn + j] = re;
        out.im[i * nn + j] = im;
      }
      return out;
    }
    case 'trace': { const m = a[0].shape[0]; for (let i = 0; i < m; i++) { out.re[0] += a[0].re[i * m + i]; out.im[0] += a[0].im[i * m + i]; } return out; }
    case 'amax': {
      // piecewise linear: the entry with the largest real part carries the step (the point is off a tie, else the check says so)
      reduceGroups(a[0].shape, tg.amaxAxis(n)[0]).forEach((grp, gi) => {
        let k = grp[0];
        for (const i of grp) if (a[0].re[i] > a[0].re[k]) k = i;
        put(gi, get(a[0], k));
      });
      return out;
    }
    case 'diag': {
      const m = shape[0];
      for (let i = 0; i < m; i++) {
        const src = shape.length === 2 ? i : i * m + i;
        const dst = shape.length === 2 ? i * m + i : i;
        out.re[dst] = a[0].re[src];
        out.im[dst] = a[0].im[src];
      }
      return out;
    }
    case 'norm': {
      let s = C.cx(0);
      for (let k = 0; k < a[0].re.length; k++) { const z = get(a[0], k); s = C.add(s, C.mul(z, z)); }
      put(0, C.sqrt(s));
      return out;
    }
    case 'softmax': case 'logsoftmax': case 'logsumexp': {
      groupsOf(a[0].shape, tg.attr[n][0]).forEach((grp, gi) => {
        let mx = -Infinity;
        for (const k of grp) mx = Math.max(mx, a[0].re[k]);
        let z = C.cx(0);
        for (const k of grp) z = C.add(z, C.exp(C.cx(a[0].re[k] - mx, a[0].im[k])));
        const lse = C.add(C.cx(mx), C.log(z));
        if (op === 'logsumexp') { put(tg.attr[n][0] < 0 ? 0 : gi, lse); return; }
        for (const k of grp) {
          const l = C.sub(get(a[0], k), lse);
          put(k, op === 'softmax' ? C.exp(l) : l);
        }
      });
      return out;
    }
    case 'det': case 'logdet': case 'inv': case 'solve': return complexLinalg(op, a, shape);
    default: throw new PartialsError(l10n('The complex step is not defined for {0}.', op), 'unsupported');
  }
}

function powC(z: C.Complex, w: C.Complex): C.Complex {
  // an integer power of any base by repeated products (exact for negative bases); else the principal branch
  if (w.im === 0 && Number.isInteger(w.re) && Math.abs(w.re) <= 64) {
    let r = C.cx(1);
    for (let i = 0; i < Math.abs(w.re); i++) r = C.mul(r, z);
    return w.re < 0 ? C.div(C.cx(1), r) : r;
  }
  return C.pow(z, w);
}

/** Gaussian elimination with partial pivoting (on the real parts) in complex arithmetic. */
function complexLinalg(op: 'det' | 'logdet' | 'inv' | 'solve', a: CT[], shape: number[]): CT {
  const A = a[0];
  const n = A.shape[0];
  const m: C.Complex[] = Array.from({ length: n * n }, (_v, k) => C.cx(A.re[k], A.im[k]));
  const rhsCols = op === 'inv' ? n : op === 'solve' ? (a[1].shape.length === 1 ? 1 : a[1].shape[1]) : 0;
  const rhs: C.Complex[] = op === 'inv' ? Array.from({ length: n * n }, (_v, k) => C.cx(Math.floor(k / n) === k % n ? 1 : 0))
    : op === 'solve' ? Array.from({ length: n * rhsCols }, (_v, k) => C.cx(a[1].re[k], a[1].im[k])) : [];
  let det = C.cx(1);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c].re) > Math.abs(m[p * n + c].re)) p = r;
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]];
      for (let j = 0; j < rhsCols; j++) [rhs[c * rhsCols + j], rhs[p * rhsCols + j]] = [rhs[p * rhsCols + j], rhs[c * rhsCols + j]];
      det = C.neg(det);
    }
    const piv = m[c * n + c];
    det = C.mul(det, piv);
    for (let r = c + 1; r < n; r++) {
      const f = C.div(m[r * n + c], piv);
      for (let j = c; j < n; j++) m[r * n + j] = C.sub(m[r * n + j], C.mul(f, m[c * n + j]));
      for (let j = 0; j < rhsCols; j++) rhs[r * rhsCols + j] = C.sub(rhs[r * rhsCols + j], C.mul(f, rhs[c * rhsCols + j]));
    }
  }
  const size = shape.reduce((p, q) => p * q, 1);
  const out: CT = { shape, re: new Float64Array(size), im: new Float64Array(size) };
  if (op === 'det' || op === 'logdet') {
    const z = op === 'det' ? det : C.log(det);
    out.re[0] = z.re;
    out.im[0] = z.im;
    return out;
  }
  for (let j = 0; j < rhsCols; j++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = rhs[i * rhsCols + j];
      for (let k = i + 1; k < n; k++) s = C.sub(s, C.mul(m[i * n + k], C.cx(out.re[k * rhsCols + j], out.im[k * rhsCols + j])));
      const x = C.div(s, m[i * n + i]);
      out.re[i * rhsCols + j] = x.re;
      out.im[i * rhsCols + j] = x.im;
    }
  }
  return out;
}

