import { adjoints } from '../../../src/core/diff';
import { evaluate } from '../../../src/core/evaluate';
import { Graph, type NodeId } from '../../../src/core/graph';
import { indexSpec, type TGraph, type TNodeId } from '../../../src/core/tensor/graph';
import type { Tensor } from '../../../src/core/tensor/evaluate';

/**
 * An independent reference for the tensor engine: the tensor expression expanded entry by entry into the
 * SCALAR engine (src/core/graph.ts) at concrete sizes, differentiated there with src/core/diff.ts. It shares
 * nothing with the tensor rules (no VJPs, no matrix identities): det and inv are cofactor expansions, a
 * softmax is exp(xᵢ)/Σexp, a matrix product is sums of products.
 */
export interface Scalarised {
  g: Graph;
  /** Entries of the output, row-major. */
  out: NodeId[];
  outShape: number[];
  /** The scalar variable of each entry of each input, row-major. */
  inputs: Map<string, { shape: number[]; vars: NodeId[] }>;
}

interface E { shape: number[]; e: NodeId[] }

export function scalarise(tg: TGraph, root: TNodeId, point: Record<string, Tensor>): Scalarised {
  const g = new Graph();
  const vals = new Map<TNodeId, E>();
  const inputs = new Map<string, { shape: number[]; vars: NodeId[] }>();
  const sizes = new Map<string, number>();
  // sizes from the point
  for (const n of tg.reachable([root])) {
    if (tg.op[n] !== 'var') continue;
    tg.shape(n).forEach((d, i) => { if (typeof d === 'string') sizes.set(d, point[tg.name[n]].shape[i]); });
  }
  const dim = (d: string | number) => {
    const r = tg.dims.find(d);
    return typeof r === 'number' ? r : sizes.get(r)!;
  };
  const at = (x: E, idx: number[]): NodeId => {
    // NumPy broadcasting read of x at an index of a (possibly larger) shape
    const off = idx.length - x.shape.length;
    let k = 0;
    for (let i = 0; i < x.shape.length; i++) k = k * x.shape[i] + (x.shape[i] === 1 ? 0 : idx[off + i]);
    return x.e[k];
  };
  const indices = (shape: number[]): number[][] => {
    if (shape.length === 0) return [[]];
    if (shape.length === 1) return Array.from({ length: shape[0] }, (_v, i) => [i]);
    const out: number[][] = [];
    for (let i = 0; i < shape[0]; i++) for (let j = 0; j < shape[1]; j++) out.push([i, j]);
    return out;
  };
  const sumOf = (xs: NodeId[]) => xs.reduce((p, q) => g.add(p, q), g.num(0));
  const det = (m: NodeId[], n: number): NodeId => {
    if (n === 1) return m[0];
    if (n === 2) return g.sub(g.mul(m[0], m[3]), g.mul(m[1], m[2]));
    let s = g.num(0);
    for (let j = 0; j < n; j++) {
      const minor: NodeId[] = [];
      for (let r = 1; r < n; r++) for (let c = 0; c < n; c++) if (c !== j) minor.push(m[r * n + c]);
      const t = g.mul(m[j], det(minor, n - 1));
      s = j % 2 === 0 ? g.add(s, t) : g.sub(s, t);
    }
    return s;
  };
  const inv = (m: NodeId[], n: number): NodeId[] => {
    // adjugate / determinant
    const d = det(m, n);
    const out: NodeId[] = new Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const minor: NodeId[] = [];
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (r !== j && c !== i) minor.push(m[r * n + c]);
        const cof = n === 1 ? g.num(1) : det(minor, n - 1);
        out[i * n + j] = g.div((i + j) % 2 === 0 ? cof : g.neg(cof), d);
      }
    }
    return out;
  };
  const matmul = (a: E, b: E): E => {
    const A = a.shape.length === 1 ? { shape: [1, a.shape[0]], e: a.e } : a;
    const B = b.shape.length === 1 ? { shape: [b.shape[0], 1], e: b.e } : b;
    const [m, k] = A.shape;
    const n = B.shape[1];
    const e: NodeId[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) e.push(sumOf(Array.from({ length: k }, (_v, p) => g.mul(A.e[i * k + p], B.e[p * n + j]))));
    return { shape: [...a.shape.slice(0, a.shape.length - 1), ...b.shape.slice(1)], e };
  };
  const groups = (x: E, axis: number): number[][] => {
    const [m, n] = x.shape.length === 2 ? x.shape : [1, x.e.length];
    if (axis < 0) return [Array.from({ length: x.e.length }, (_v, k) => k)];
    if (axis === 0) return Array.from({ length: n }, (_v, j) => Array.from({ length: m }, (_w, i) => i * n + j));
    return Array.from({ length: m }, (_v, i) => Array.from({ length: n }, (_w, j) => i * n + j));
  };
  const selected = (shape: number[], attr: readonly number[]) => {
    const spec = indexSpec(attr);
    const r = spec.map((s, i) => (s === 'all' ? [0, shape[i]] : typeof s === 'number' ? [s, s + 1] : s));
    const out: number[] = [];
    if (shape.length === 1) for (let i = r[0][0]; i < r[0][1]; i++) out.push(i);
    else for (let i = r[0][0]; i < r[0][1]; i++) for (let j = r[1][0]; j < r[1][1]; j++) out.push(i * shape[1] + j);
    return out;
  };

  for (const n of tg.reachable([root])) {
    const a = tg.args[n].map((x) => vals.get(x)!);
    const shape = tg.shape(n).map(dim);
    const op = tg.op[n];
    const ew = (f: (xs: NodeId[]) => NodeId): E => ({ shape, e: indices(shape).map((idx) => f(a.map((x) => at(x, idx)))) });
    let v: E;
    switch (op) {
      case 'num': v = { shape: [], e: [g.num(tg.val[n])] }; break;
      case 'const': v = { shape: [], e: [g.constant(tg.name[n], tg.val[n])] }; break;
      case 'var': {
        const name = tg.name[n];
        const vars = indices(shape).map((idx) => g.variable(`${name}__${idx.join('_')}`));
        inputs.set(name, { shape, vars });
        v = { shape, e: vars };
        break;
      }
      case 'count': v = { shape: [], e: [g.num(tg.countDims(n).reduce<number>((p, d) => p * dim(d), 1))] }; break;
      case 'eye': v = { shape, e: indices(shape).map(([i, j]) => g.num(i === j ? 1 : 0)) }; break;
      case 'bcast': {
        const map = tg.bcastAxes(n);
        const src = a[0];
        v = { shape, e: indices(shape).map((idx) => {
          let k = 0;
          src.shape.forEach((d, i) => { k = k * d + (d === 1 ? 0 : idx[map[i]]); });
          return src.e[k];
        }) };
        break;
      }
      case 'add': v = ew(([x, y]) => g.add(x, y)); break;
      case 'sub': v = ew(([x, y]) => g.sub(x, y)); break;
      case 'mul': v = ew(([x, y]) => g.mul(x, y)); break;
      case 'div': v = ew(([x, y]) => g.div(x, y)); break;
      case 'neg': v = ew(([x]) => g.neg(x)); break;
      case 'pow': v = ew(([x, y]) => g.pow(x, y)); break;
      case 'fn': v = ew((xs) => g.fn(tg.name[n], xs)); break;
      case 'where': v = ew(([c, x, y]) => g.cond(c, x, y)); break;
      case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': v = ew(([x, y]) => g.compare(op, x, y)); break;
      case 'matmul': v = matmul(a[0], a[1]); break;
      case 'transpose': {
        const [m, k] = a[0].shape;
        v = { shape, e: indices(shape).map(([i, j]) => a[0].e[j * k + i]) };
        void m;
        break;
      }
      case 'sum': {
        const [axis, keep] = tg.attr[n];
        const gs = groups(a[0], a[0].shape.length === 1 ? -1 : axis);
        v = { shape, e: gs.map((gr) => sumOf(gr.map((k) => a[0].e[k]))) };
        void keep;
        break;
      }
      case 'outer': v = { shape, e: indices(shape).map(([i, j]) => g.mul(a[0].e[i], a[1].e[j])) }; break;
      case 'kron': {
        // entry (i p + k, j q + l) of A ⊗ B is A[i, j] B[k, l]
        const [p, q] = a[1].shape;
        const n2 = a[0].shape[1];
        v = { shape, e: indices(shape).map(([r, c]) => g.mul(a[0].e[Math.floor(r / p) * n2 + Math.floor(c / q)], a[1].e[(r % p) * q + (c % q)])) };
        break;
      }
      case 'trace': v = { shape, e: [sumOf(Array.from({ length: a[0].shape[0] }, (_v, i) => a[0].e[i * a[0].shape[0] + i]))] }; break;
      case 'det': v = { shape, e: [det(a[0].e, a[0].shape[0])] }; break;
      case 'logdet': v = { shape, e: [g.fn('log', [det(a[0].e, a[0].shape[0])])] }; break;
      case 'inv': v = { shape, e: inv(a[0].e, a[0].shape[0]) }; break;
      case 'solve': v = matmul({ shape: a[0].shape, e: inv(a[0].e, a[0].shape[0]) }, a[1]); break;
      case 'diag': {
        const k = shape[0];
        v = shape.length === 2
          ? { shape, e: indices(shape).map(([i, j]) => (i === j ? a[0].e[i] : g.num(0))) }
          : { shape, e: Array.from({ length: k }, (_v, i) => a[0].e[i * k + i]) };
        break;
      }
      case 'norm': v = { shape, e: [g.fn('sqrt', [sumOf(a[0].e.map((x) => g.mul(x, x)))])] }; break;
      case 'softmax': case 'logsoftmax': case 'logsumexp': {
        const axis = tg.attr[n][0];
        const gs = groups(a[0], a[0].shape.length === 1 ? -1 : axis);
        const e: NodeId[] = new Array(op === 'logsumexp' ? gs.length : a[0].e.length);
        gs.forEach((gr, gi) => {
          const lse = g.fn('log', [sumOf(gr.map((k) => g.fn('exp', [a[0].e[k]])))]);
          if (op === 'logsumexp') e[gi] = lse;
          else for (const k of gr) e[k] = op === 'softmax' ? g.div(g.fn('exp', [a[0].e[k]]), sumOf(gr.map((q) => g.fn('exp', [a[0].e[q]])))) : g.sub(a[0].e[k], lse);
        });
        v = { shape, e };
        break;
      }
      case 'index': v = { shape, e: selected(a[0].shape, tg.attr[n]).map((k) => a[0].e[k]) }; break;
      case 'scatter': {
        const e = new Array<NodeId>(shape.reduce((p, q) => p * q, 1)).fill(g.num(0));
        selected(shape, tg.attr[n]).forEach((k, i) => { e[k] = g.add(e[k], a[0].e[i]); });
        v = { shape, e };
        break;
      }
      case 'stack': v = { shape, e: a.flatMap((x) => x.e) }; break;
      case 'reshape': v = { shape, e: a[0].e }; break;
      default: throw new Error(`scalarise: ${op}`);
    }
    vals.set(n, v);
  }
  const out = vals.get(root)!;
  return { g, out: out.e, outShape: out.shape, inputs };
}

/** Values of the scalarised output and its gradient with respect to every entry of each input. */
export function scalarGradient(s: Scalarised, point: Record<string, Tensor>, wrt: string): { value: number; grad: Float64Array } {
  const p: Record<string, number> = {};
  for (const [name, { vars }] of s.inputs) vars.forEach((v, k) => { p[s.g.name[v]] = point[name].data[k]; });
  const root = s.out[0];
  const adj = adjoints(s.g, root);
  const input = s.inputs.get(wrt)!;
  const roots = input.vars.map((v) => (v <= root && adj[v] >= 0 ? adj[v] : s.g.num(0)));
  const values = evaluate(s.g, [root, ...roots], p);
  return { value: values[root], grad: Float64Array.from(roots.map((r) => values[r])) };
}

/** Values of every scalarised output entry at the point. */
export function scalarValues(s: Scalarised, point: Record<string, Tensor>): Float64Array {
  const p: Record<string, number> = {};
  for (const [name, { vars }] of s.inputs) vars.forEach((v, k) => { p[s.g.name[v]] = point[name].data[k]; });
  const values = evaluate(s.g, s.out, p);
  return Float64Array.from(s.out.map((r) => values[r]));
}
