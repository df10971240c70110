import { PartialsError } from '../errors';
import { FUNCTIONS } from '../functions';
import { compareValues, isCompare } from '../graph';
import { indexSpec, type TGraph, type TNodeId } from './graph';
import { formatShape, MAX_RANK, type Dim } from './shape';
import { t as l10n } from '../l10n';

/**
 * Numeric evaluation of the tensor graph: one ascending loop over the arena, every value a Float64Array in
 * row-major order. No per-entry graph nodes, so evaluating a gradient costs a few times evaluating f.
 */
export interface Tensor {
  readonly shape: number[];
  readonly data: Float64Array;
}

export type Nested = number | Nested[];
export type TensorPoint = Readonly<Record<string, Tensor | Nested>>;

export function tensor(shape: number[], data?: ArrayLike<number>): Tensor {
  const n = shape.reduce((p, q) => p * q, 1);
  const d = new Float64Array(n);
  if (data) d.set(data);
  return { shape: [...shape], data: d };
}

const scalarTensor = (v: number): Tensor => tensor([], [v]);

/** A nested array (or number) as a tensor; ragged arrays and ranks above 2 are refused. */
export function fromNested(v: Nested | Tensor, name = 'value'): Tensor {
  if (typeof v === 'object' && !Array.isArray(v)) return v;
  if (typeof v === 'number') return scalarTensor(v);
  const shape: number[] = [];
  let cur: Nested = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (!cur.length) break;
    cur = cur[0];
  }
  if (shape.length > MAX_RANK) throw new PartialsError(l10n("'{0}' has rank {1}; only scalars, vectors and matrices are supported.", name, shape.length), 'input');
  const out = tensor(shape);
  let k = 0;
  const walk = (x: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== 'number') throw new PartialsError(l10n("'{0}' is not a rectangular array of numbers.", name), 'input');
      out.data[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) throw new PartialsError(l10n("'{0}' is not a rectangular array of numbers.", name), 'input');
    for (const y of x) walk(y, depth + 1);
  };
  walk(v, 0);
  return out;
}

export function toNested(t: Tensor): Nested {
  if (t.shape.length === 0) return t.data[0];
  if (t.shape.length === 1) return Array.from(t.data);
  const [m, n] = t.shape;
  return Array.from({ length: m }, (_v, i) => Array.from(t.data.subarray(i * n, i * n + n)));
}

/** The concrete size of every symbolic dimension, read from the point's arrays (sizes must agree). */
export function bindDims(tg: TGraph, roots: readonly TNodeId[], point: TensorPoint): Map<string, number> {
  const sizes = new Map<string, number>();
  const from = new Map<string, string>();
  // every input the point gives fixes sizes, reachable or not (the gradient I of tr X mentions no input)
  const vars = new Set(tg.reachable(roots).filter((n) => tg.op[n] === 'var'));
  for (const name of tg.variableNames()) if (Object.hasOwn(point, name)) vars.add(tg.lookupVariable(name)!);
  for (const n of vars) {
    const name = tg.name[n];
    if (!Object.hasOwn(point, name)) continue;
    const t = fromNested(point[name], name);
    const s = tg.shape(n);
    if (t.shape.length !== s.length) {
      throw new PartialsError(l10n("'{0}' has shape {1} in the expression, but the point gives it shape {2}.", name, formatShape(s), formatShape(t.shape)), 'input');
    }
    s.forEach((d, i) => {
      const size = t.shape[i];
      if (typeof d === 'number') {
        if (d !== size) throw new PartialsError(l10n("'{0}' needs size {1} on axis {2}, but the point gives {3} (shape {4}).", name, d, i, size, formatShape(t.shape)), 'input');
        return;
      }
      const prev = sizes.get(d);
      if (prev !== undefined && prev !== size) {
        throw new PartialsError(l10n("The size {0} is {1} from '{2}' but {3} from '{4}' at the point.", d, prev, String(from.get(d)), size, name), 'input');
      }
      sizes.set(d, size);
      from.set(d, name);
    });
  }
  return sizes;
}

export interface EvaluatorOptions {
  /**
   * Keep every intermediate value (default false). Without it, an elementwise node that is the only user of
   * an intermediate array (not a root, not an input) writes its result into that array's buffer, and the
   * intermediate is dropped; get() recomputes it if asked later. Callers that read many intermediates by
   * get() (the numeric AD sweeps) keep them.
   */
  keep?: boolean;
}

export class Evaluator {
  readonly values: (Tensor | undefined)[];
  private readonly sizes: Map<string, number>;
  /** Per node: 1 when its value is a buffer this evaluator allocated and nobody else holds (may be reused). */
  private readonly owned: Uint8Array;
  /** Per node: how many evaluated nodes read it (0 outside the first pass: nothing is reused then). */
  private uses: Uint32Array | undefined;
  /** (matrix node, vector node) → the evaluated product node, so M v computed once is read again, not redone. */
  private readonly products = new Map<number, TNodeId>();

  constructor(readonly tg: TGraph, readonly point: TensorPoint, private readonly roots: readonly TNodeId[], options: EvaluatorOptions = {}) {
    this.sizes = bindDims(tg, roots, point);
    this.values = new Array(tg.size);
    this.owned = new Uint8Array(tg.size);
    const order = needed(tg, roots);
    const missing: string[] = [];
    for (const n of order) if (tg.op[n] === 'var' && !Object.hasOwn(point, tg.name[n])) missing.push(tg.name[n]);
    if (missing.length) throw new PartialsError(l10n('No value given for {0}.', missing.map((m) => `'${m}'`).join(', ')), 'input');
    if (!options.keep) {
      const uses = new Uint32Array(tg.size);
      for (const n of order) for (const a of readsOf(tg, n, roots)) uses[a]++;
      // a root is read by the caller: never reused
      for (const r of roots) uses[r] += 2;
      this.uses = uses;
    }
    for (const n of order) {
      if (tg.op[n] === 'matmul' && tg.rank(tg.args[n][0]) === 2 && tg.rank(tg.args[n][1]) === 1) this.products.set(tg.args[n][0] * tg.size + tg.args[n][1], n);
      this.values[n] = this.node(n);
    }
    this.uses = undefined;
  }

  dim(d: Dim): number {
    const r = this.tg.dims.find(d);
    if (typeof r === 'number') return r;
    const v = this.sizes.get(r);
    if (v === undefined) throw new PartialsError(l10n('The size {0} is not fixed by the point.', r), 'input');
    return v;
  }

  shapeOf(n: TNodeId): number[] {
    return this.tg.shape(n).map((d) => this.dim(d));
  }

  /** M v following matvecSources: sums distributed, transposes read in place. */
  private matvec(m: TNodeId, vn: TNodeId, top = false): Tensor {
    const tg = this.tg;
    const v = this.values[vn]!;
    const known = this.values[m];
    if (known) return matmul(known, v);
    if (!top) {
      // a part already evaluated as a product of its own (Aᵀx of xᵀAx, read again by (A + Aᵀ)x): not redone
      const p = this.products.get(m * tg.size + vn);
      const pv = p === undefined ? undefined : this.values[p];
      if (pv) return pv;
    }
    const a = tg.args[m];
    switch (tg.op[m]) {
      case 'transpose': return transposedTimesVector(this.values[a[0]]!, v);
      case 'add': case 'sub': {
        const p = this.matvec(a[0], vn);
        const q = this.matvec(a[1], vn);
        const out = new Float64Array(p.data.length);
        const x = p.data, y = q.data;
        if (tg.op[m] === 'add') for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
        else for (let i = 0; i < out.length; i++) out[i] = x[i] - y[i];
        return { shape: p.shape, data: out };
      }
      case 'neg': return scaled(this.matvec(a[0], vn), -1);
      case 'mul': return scaled(this.matvec(a[1], vn), this.values[a[0]]!.data[0]);
      default: throw new Error(`tensor evaluate: matrix ${tg.op[m]} was not evaluated`);
    }
  }

  /** The value of n; a node the evaluation skipped (a transpose read in place) is computed on demand. */
  get(n: TNodeId): Tensor {
    const v = this.values[n];
    if (v) return v;
    for (const a of this.tg.args[n]) this.get(a);
    if (this.tg.op[n] === 'var' && !Object.hasOwn(this.point, this.tg.name[n])) throw new PartialsError(l10n("No value given for '{0}'.", this.tg.name[n]), 'input');
    return (this.values[n] = this.node(n));
  }

  /**
   * The buffer of argument i of n when n may write its result there: an intermediate this evaluator
   * allocated, shaped like n, read by n alone (not a root, not an input). The argument's value is dropped.
   */
  private reuse(n: TNodeId, i: number, len: number): Float64Array | undefined {
    const uses = this.uses;
    if (!uses) return undefined;
    const x = this.tg.args[n][i];
    const v = this.values[x];
    if (!v || uses[x] !== 1 || !this.owned[x] || v.data.length !== len || v.shape.length !== this.tg.rank(n)) return undefined;
    // an argument n does not count as read (an outer product it scales) belongs to its other reader
    if (!readsOf(this.tg, n, this.roots).includes(x)) return undefined;
    this.values[x] = undefined;
    this.owned[x] = 0;
    return v.data;
  }

  private node(n: TNodeId): Tensor {
    const v = this.compute(n);
    // inputs, constants and a vector's transpose (the vector itself) are shared; the rest was allocated here
    const op = this.tg.op[n];
    if (this.uses && op !== 'var' && op !== 'num' && op !== 'const' && op !== 'count' && op !== 'reshape' && !(op === 'transpose' && this.tg.rank(n) < 2)) this.owned[n] = 1;
    return v;
  }

  private compute(n: TNodeId): Tensor {
    const tg = this.tg;
    const o = scaledOuterOf(tg, n);
    if (o !== undefined && !this.values[o]) {
      // the outer product was not formed (readsOf): −(u vᵀ) or c·(u vᵀ) written in one pass
      const [u, v] = tg.args[o].map((x) => this.values[x]!.data);
      return outerProduct(u, v, tg.op[n] === 'neg' ? -1 : this.values[tg.args[n][0]]!.data[0]);
    }
    const a = tg.args[n].map((x) => this.values[x]!);
    const at = tg.attr[n];
    const op = tg.op[n];
    const shape = this.shapeOf(n);
    const len = shape.reduce((p, q) => p * q, 1);
    switch (op) {
      case 'num': case 'const': return scalarTensor(tg.val[n]);
      case 'var': return fromNested(this.point[tg.name[n]], tg.name[n]);
      case 'count': return scalarTensor(tg.countDims(n).reduce<number>((p, d) => p * this.dim(d), 1));
      case 'eye': {
        const t = tensor(shape);
        for (let i = 0; i < shape[0]; i++) t.data[i * shape[0] + i] = 1;
        return t;
      }
      case 'bcast': return broadcastTo(a[0], shape, tg.bcastAxes(n));
      case 'add': case 'sub': case 'mul': case 'div':
        return arith(op, shape, a[0], a[1], () => this.reuse(n, 0, len) ?? this.reuse(n, 1, len)) ?? zip(shape, a, op === 'add' ? (x) => x[0] + x[1] : op === 'sub' ? (x) => x[0] - x[1] : op === 'mul' ? (x) => x[0] * x[1] : (x) => x[0] / x[1]);
      case 'neg': {
        const x = a[0].data;
        const out = this.reuse(n, 0, len) ?? new Float64Array(len);
        for (let i = 0; i < len; i++) out[i] = -x[i];
        return { shape, data: out };
      }
      case 'pow': {
        const x = a[0].data;
        if (x.length === len && a[1].data.length === 1) {
          // a constant power: squares as products, no callback per entry
          const e = a[1].data[0];
          const out = this.reuse(n, 0, len) ?? new Float64Array(len);
          if (e === 2) for (let i = 0; i < len; i++) out[i] = x[i] * x[i];
          else for (let i = 0; i < len; i++) out[i] = Math.pow(x[i], e);
          return { shape, data: out };
        }
        return zip(shape, a, (x) => Math.pow(x[0], x[1]));
      }
      case 'fn': {
        const f = FUNCTIONS.get(tg.name[n])!.eval;
        if (a.length === 1 && a[0].data.length === len) {
          const x = a[0].data;
          const out = this.reuse(n, 0, len) ?? new Float64Array(len);
          const buf = [0];
          for (let i = 0; i < len; i++) { buf[0] = x[i]; out[i] = f(buf); }
          return { shape, data: out };
        }
        return zip(shape, a, (x) => f(x));
      }
      case 'where': return zip(shape, a, (x) => (Number.isNaN(x[0]) ? NaN : x[0] !== 0 ? x[1] : x[2]));
      case 'matmul': {
        const [m, v] = tg.args[n];
        if (tg.rank(m) === 2 && tg.rank(v) === 1) return this.matvec(m, v, true);
        return matmul(a[0], a[1]);
      }
      case 'transpose': return transpose(a[0]);
      case 'sum': return at[0] < 0 ? scalarTensor(sumAll(a[0].data)) : sumAxis(a[0], at[0], at[1] === 1);
      case 'outer': return outerProduct(a[0].data, a[1].data);
      case 'kron': return kron(a[0], a[1]);
      case 'trace': {
        const k = a[0].shape[0];
        let s = 0;
        for (let i = 0; i < k; i++) s += a[0].data[i * k + i];
        return scalarTensor(s);
      }
      case 'det': return scalarTensor(lu(a[0]).det);
      case 'logdet': {
        const { det, logAbsDet } = lu(a[0]);
        return scalarTensor(det > 0 ? logAbsDet : det === 0 ? -Infinity : NaN);
      }
      case 'inv': return inverse(a[0]);
      case 'solve': return solve(a[0], a[1]);
      case 'diag': {
        const k = shape[0];
        const t = tensor(shape);
        if (shape.length === 2) for (let i = 0; i < k; i++) t.data[i * k + i] = a[0].data[i];
        else for (let i = 0; i < k; i++) t.data[i] = a[0].data[i * k + i];
        return t;
      }
      case 'norm': {
        let s = 0;
        for (const v of a[0].data) s += v * v;
        return scalarTensor(Math.sqrt(s));
      }
      case 'softmax': case 'logsoftmax': case 'logsumexp': return softFamily(op, a[0], at[0]);
      case 'amax': {
        if (at.length) {
          // along an axis: the largest entry of each group (column or row); NaN wins, as in NumPy
          const t = tensor(shape);
          reduceGroups(a[0].shape, at[0]).forEach((grp, gi) => {
            let m = -Infinity;
            for (const k of grp) { const v = a[0].data[k]; m = v > m || Number.isNaN(v) ? v : m; }
            t.data[gi] = grp.length ? m : NaN;
          });
          return t;
        }
        let m = -Infinity;
        for (const v of a[0].data) m = v > m || Number.isNaN(v) ? v : m;
        return scalarTensor(a[0].data.length ? m : NaN);
      }
      case 'index': return gather(a[0], at, shape);
      case 'scatter': return scatter(a[0], at, shape);
      case 'stack': {
        const t = tensor(shape);
        const k = a[0].data.length;
        a.forEach((x, i) => t.data.set(x.data, i * k));
        return t;
      }
      case 'reshape': return { shape, data: a[0].data.slice() };
      default:
        if (isCompare(op)) return zip(shape, a, (x) => (compareValues(op, x[0], x[1]) ? 1 : 0));
        throw new Error(`tensor evaluate: unknown op ${op}`);
    }
  }
}

/**
 * The nodes to evaluate for roots, in id order: as reachable, except that Aᵀv reads A directly, so a
 * transpose used only that way is never formed.
 */
function needed(tg: TGraph, roots: readonly TNodeId[]): TNodeId[] {
  const seen = new Uint8Array(tg.size);
  const stack = [...roots];
  const out: TNodeId[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen[n]) continue;
    seen[n] = 1;
    out.push(n);
    for (const x of readsOf(tg, n, roots)) if (!seen[x]) stack.push(x);
  }
  return out.sort((x, y) => x - y);
}

/** The nodes whose values evaluating n reads: its arguments, except that M v reads the parts of M. */
function readsOf(tg: TGraph, n: TNodeId, roots: readonly TNodeId[]): readonly TNodeId[] {
  const a = tg.args[n];
  if (tg.op[n] === 'matmul' && tg.rank(a[1]) === 1 && tg.rank(a[0]) === 2 && !roots.includes(a[0])) return [a[1], ...matvecSources(tg, a[0])];
  const o = scaledOuterOf(tg, n);
  if (o !== undefined && !roots.includes(o)) return tg.op[n] === 'neg' ? tg.args[o] : [a[0], ...tg.args[o]];
  return a;
}

/** The outer product u vᵀ of −(u vᵀ) or c·(u vᵀ) (c a scalar): written scaled in one pass, not formed first. */
function scaledOuterOf(tg: TGraph, n: TNodeId): TNodeId | undefined {
  const a = tg.args[n];
  if (tg.op[n] === 'neg' && tg.op[a[0]] === 'outer') return a[0];
  if (tg.op[n] === 'mul' && tg.op[a[1]] === 'outer' && tg.isScalar(a[0])) return a[1];
  return undefined;
}

/** c·(u vᵀ) in a new array, entry by entry c·(uᵢvⱼ): the same numbers as forming u vᵀ and scaling it. */
export function outerProduct(u: Float64Array, v: Float64Array, c = 1): Tensor {
  const m = u.length;
  const k = v.length;
  const t = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const ui = u[i];
    const row = i * k;
    if (c === 1) for (let j = 0; j < k; j++) t[row + j] = ui * v[j];
    else if (c === -1) for (let j = 0; j < k; j++) t[row + j] = -(ui * v[j]);
    else for (let j = 0; j < k; j++) t[row + j] = c * (ui * v[j]);
  }
  return { shape: [m, k], data: t };
}

/**
 * The nodes a matrix–vector product M v reads when M is a sum, difference, transpose or scaling of
 * matrices: (A + Aᵀ) v is computed as A v + Aᵀ v, and Aᵀ v without forming Aᵀ (n² work, not 3n²).
 */
function matvecSources(tg: TGraph, m: TNodeId): TNodeId[] {
  switch (tg.op[m]) {
    case 'transpose': return [tg.args[m][0]];
    case 'add': case 'sub':
      if (tg.rank(tg.args[m][0]) === 2 && tg.rank(tg.args[m][1]) === 2) return tg.args[m].flatMap((x) => matvecSources(tg, x));
      return [m];
    case 'neg': return matvecSources(tg, tg.args[m][0]);
    case 'mul':
      if (tg.isScalar(tg.args[m][0]) && tg.rank(tg.args[m][1]) === 2) return [tg.args[m][0], ...matvecSources(tg, tg.args[m][1])];
      return [m];
    default: return [m];
  }
}

/** Values of roots at a point (nested arrays or tensors by name). */
export function evaluateTensors(tg: TGraph, roots: readonly TNodeId[], point: TensorPoint): Tensor[] {
  const ev = new Evaluator(tg, point, roots);
  return roots.map((r) => ev.get(r));
}

// ---- kernels ----------------------------------------------------------------------------------------------

/** Strides of t read as broadcast to `shape` (right-aligned unless `axes` says where its axes go). */
function stridesFor(t: Tensor, shape: number[], axes?: readonly number[]): number[] {
  const st = new Array<number>(shape.length).fill(0);
  const map = axes ?? t.shape.map((_d, i) => shape.length - t.shape.length + i);
  let s = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i] !== 1) st[map[i]] = s;
    s *= t.shape[i];
  }
  return st;
}

export function broadcastTo(t: Tensor, shape: number[], axes?: readonly number[]): Tensor {
  const out = tensor(shape);
  const st = stridesFor(t, shape, axes);
  if (shape.length === 0) out.data[0] = t.data[0];
  else if (shape.length === 1) for (let i = 0; i < shape[0]; i++) out.data[i] = t.data[i * st[0]];
  else {
    const [m, n] = shape;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = t.data[i * st[0] + j * st[1]];
  }
  return out;
}

/** + − × ÷ without a callback per entry, for same-shaped operands or a scalar with an array. */
function arith(op: 'add' | 'sub' | 'mul' | 'div', shape: number[], x: Tensor, y: Tensor, reuse?: () => Float64Array | undefined): Tensor | undefined {
  const len = shape.reduce((p, q) => p * q, 1);
  const fullX = x.data.length === len && x.shape.length === shape.length;
  const fullY = y.data.length === len && y.shape.length === shape.length;
  if (!(fullX || x.data.length === 1) || !(fullY || y.data.length === 1)) return undefined;
  const a = x.data;
  const b = y.data;
  // entry i of the result reads entry i (or 0) of each operand only, so it may overwrite a spent operand
  const out = reuse?.() ?? new Float64Array(len);
  if (fullX && fullY) {
    if (op === 'add') for (let i = 0; i < len; i++) out[i] = a[i] + b[i];
    else if (op === 'sub') for (let i = 0; i < len; i++) out[i] = a[i] - b[i];
    else if (op === 'mul') for (let i = 0; i < len; i++) out[i] = a[i] * b[i];
    else for (let i = 0; i < len; i++) out[i] = a[i] / b[i];
  } else if (fullY) {
    const c = a[0];
    if (op === 'add') for (let i = 0; i < len; i++) out[i] = c + b[i];
    else if (op === 'sub') for (let i = 0; i < len; i++) out[i] = c - b[i];
    else if (op === 'mul') for (let i = 0; i < len; i++) out[i] = c * b[i];
    else for (let i = 0; i < len; i++) out[i] = c / b[i];
  } else {
    const c = b[0];
    if (op === 'add') for (let i = 0; i < len; i++) out[i] = a[fullX ? i : 0] + c;
    else if (op === 'sub') for (let i = 0; i < len; i++) out[i] = a[fullX ? i : 0] - c;
    else if (op === 'mul') for (let i = 0; i < len; i++) out[i] = a[fullX ? i : 0] * c;
    else for (let i = 0; i < len; i++) out[i] = a[fullX ? i : 0] / c;
  }
  return { shape, data: out };
}

/** An elementwise map with NumPy broadcasting; fast paths for same-shaped and scalar operands. */
function zip(shape: number[], xs: Tensor[], f: (v: number[]) => number): Tensor {
  const out = tensor(shape);
  const len = out.data.length;
  const buf = new Array<number>(xs.length);
  const full = xs.map((x) => x.data.length === len && x.shape.length === shape.length);
  if (xs.every((x, i) => full[i] || x.data.length === 1)) {
    for (let k = 0; k < len; k++) {
      for (let i = 0; i < xs.length; i++) buf[i] = full[i] ? xs[i].data[k] : xs[i].data[0];
      out.data[k] = f(buf);
    }
    return out;
  }
  const b = xs.map((x) => broadcastTo(x, shape));
  for (let k = 0; k < len; k++) {
    for (let i = 0; i < b.length; i++) buf[i] = b[i].data[k];
    out.data[k] = f(buf);
  }
  return out;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 2 && b.shape.length === 1) {
    // matrix × vector: one dot product per row
    const [m, k] = a.shape;
    const out = new Float64Array(m);
    const A = a.data;
    const v = b.data;
    for (let i = 0; i < m; i++) {
      let s = 0;
      const row = i * k;
      for (let p = 0; p < k; p++) s += A[row + p] * v[p];
      out[i] = s;
    }
    return { shape: [m], data: out };
  }
  const A = a.shape.length === 1 ? { shape: [1, a.shape[0]], data: a.data } : a;
  const B = b.shape.length === 1 ? { shape: [b.shape[0], 1], data: b.data } : b;
  const [m, k] = A.shape;
  const n = B.shape[1];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A.data[i * k + p];
      if (aip === 0) continue;
      const row = p * n;
      for (let j = 0; j < n; j++) out[i * n + j] += aip * B.data[row + j];
    }
  }
  const shape = [...a.shape.slice(0, a.shape.length - 1), ...b.shape.slice(1)];
  return { shape, data: out };
}

/** The Kronecker product of two matrices: block (i, j) of the (mp)×(nq) result is a[i, j]·b. */
export function kron(a: Tensor, b: Tensor): Tensor {
  const [m, n] = a.shape;
  const [p, q] = b.shape;
  const cols = n * q;
  const t = new Float64Array(m * p * cols);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    const aij = a.data[i * n + j];
    if (aij === 0) continue;
    for (let k = 0; k < p; k++) {
      const row = (i * p + k) * cols + j * q;
      for (let l = 0; l < q; l++) t[row + l] = aij * b.data[k * q + l];
    }
  }
  return { shape: [m * p, cols], data: t };
}

/**
 * The adjoint of C = A ⊗ B on values, for the seed g (shaped like C): ∂/∂A[i, j] = ⟨G_ij, B⟩ and ∂/∂B = Σᵢⱼ A[i, j] G_ij
 * over the p×q blocks G_ij of g.
 */
export function kronAdjoint(g: Tensor, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const [m, n] = a.shape;
  const [p, q] = b.shape;
  const cols = n * q;
  const ga = tensor([m, n]);
  const gb = tensor([p, q]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    const aij = a.data[i * n + j];
    let s = 0;
    for (let k = 0; k < p; k++) {
      const row = (i * p + k) * cols + j * q;
      for (let l = 0; l < q; l++) {
        const gv = g.data[row + l];
        s += gv * b.data[k * q + l];
        gb.data[k * q + l] += aij * gv;
      }
    }
    ga.data[i * n + j] = s;
  }
  return [ga, gb];
}

export function transpose(a: Tensor): Tensor {
  if (a.shape.length < 2) return a;
  const [m, n] = a.shape;
  const src = a.data;
  const out = new Float64Array(m * n);
  // blocked, so both sides stay in cache
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    for (let j0 = 0; j0 < n; j0 += B) {
      const i1 = Math.min(i0 + B, m);
      const j1 = Math.min(j0 + B, n);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * m + i] = src[i * n + j];
    }
  }
  return { shape: [n, m], data: out };
}

/** c·t in a new array. */
function scaled(t: Tensor, c: number): Tensor {
  const out = new Float64Array(t.data.length);
  const x = t.data;
  for (let i = 0; i < out.length; i++) out[i] = c * x[i];
  return { shape: t.shape, data: out };
}

function transposedTimesVector(A: Tensor, v: Tensor): Tensor {
  const [m, k] = A.shape;
  const out = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const vi = v.data[i];
    if (vi === 0) continue;
    const row = i * k;
    for (let j = 0; j < k; j++) out[j] += vi * A.data[row + j];
  }
  return { shape: [k], data: out };
}

function sumAll(d: Float64Array): number {
  let s = 0;
  for (const v of d) s += v;
  return s;
}

/**
 * The flat indices of each group a reduction along `axis` combines, in the result's order: everything
 * (axis −1, or a vector), the columns of a matrix (axis 0) or its rows (axis 1).
 */
export function reduceGroups(shape: readonly number[], axis: number): number[][] {
  const size = shape.reduce((p, q) => p * q, 1);
  if (axis < 0 || shape.length < 2) return [Array.from({ length: size }, (_v, k) => k)];
  const [m, n] = shape;
  if (axis === 0) return Array.from({ length: n }, (_v, j) => Array.from({ length: m }, (_w, i) => i * n + j));
  return Array.from({ length: m }, (_v, i) => Array.from({ length: n }, (_w, j) => i * n + j));
}

function sumAxis(a: Tensor, axis: number, keep: boolean): Tensor {
  if (a.shape.length === 1) return keep ? tensor([1], [sumAll(a.data)]) : scalarTensor(sumAll(a.data));
  const [m, n] = a.shape;
  const out = tensor(axis === 0 ? (keep ? [1, n] : [n]) : keep ? [m, 1] : [m]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[axis === 0 ? j : i] += a.data[i * n + j];
  return out;
}

function softFamily(op: 'softmax' | 'logsoftmax' | 'logsumexp', a: Tensor, axis: number): Tensor {
  // groups of entries that share a normalisation: everything (axis −1), columns (0) or rows (1)
  const [m, n] = a.shape.length === 2 ? a.shape : [1, a.data.length];
  const groups: number[][] = [];
  if (axis < 0) groups.push(Array.from({ length: a.data.length }, (_v, k) => k));
  else if (axis === 0) for (let j = 0; j < n; j++) groups.push(Array.from({ length: m }, (_v, i) => i * n + j));
  else for (let i = 0; i < m; i++) groups.push(Array.from({ length: n }, (_v, j) => i * n + j));
  const lse = groups.map((g) => {
    let mx = -Infinity;
    for (const k of g) mx = Math.max(mx, a.data[k]);
    if (!Number.isFinite(mx)) return mx;
    let s = 0;
    for (const k of g) s += Math.exp(a.data[k] - mx);
    return mx + Math.log(s);
  });
  if (op === 'logsumexp') return axis < 0 ? scalarTensor(lse[0]) : tensor([groups.length], lse);
  const out = tensor(a.shape);
  groups.forEach((g, gi) => {
    for (const k of g) out.data[k] = op === 'softmax' ? Math.exp(a.data[k] - lse[gi]) : a.data[k] - lse[gi];
  });
  return out;
}

/** The flat source offsets an index spec selects, in the result's row-major order. */
function selected(srcShape: number[], attr: readonly number[]): number[] {
  const spec = indexSpec(attr);
  const ranges = spec.map((s, i) => (s === 'all' ? [0, srcShape[i]] : typeof s === 'number' ? [s, s + 1] : s));
  spec.forEach((s, i) => {
    const [from, to] = ranges[i];
    if (from < 0 || to > srcShape[i]) throw new PartialsError(l10n('Index {0} is out of range for size {1}.', typeof s === 'number' ? s : `${from}:${to}`, srcShape[i]), 'input');
  });
  const out: number[] = [];
  if (srcShape.length === 1) for (let i = ranges[0][0]; i < ranges[0][1]; i++) out.push(i);
  else {
    const n = srcShape[1];
    for (let i = ranges[0][0]; i < ranges[0][1]; i++) for (let j = ranges[1][0]; j < ranges[1][1]; j++) out.push(i * n + j);
  }
  return out;
}

export function gather(a: Tensor, attr: readonly number[], shape: number[]): Tensor {
  const out = tensor(shape);
  selected(a.shape, attr).forEach((k, i) => { out.data[i] = a.data[k]; });
  return out;
}

export function scatter(g: Tensor, attr: readonly number[], shape: number[]): Tensor {
  const out = tensor(shape);
  selected(shape, attr).forEach((k, i) => { out.data[k] += g.data[i]; });
  return out;
}

/** LU decomposition with partial pivoting (for det, logdet, inv, solve). */
function lu(a: Tensor): { m: Float64Array; perm: number[]; det: number; logAbsDet: number; singular: boolean } {
  const n = a.shape[0];
  const m = a.data.slice();
  const perm = Array.from({ length: n }, (_v, i) => i);
  let sign = 1;
  let logAbs = 0;
  let singular = false;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (m[p * n + c] === 0) { singular = true; continue; }
    if (p !== c) {
      for (let j = 0; j < n; j++) { const t = m[c * n + j]; m[c * n + j] = m[p * n + j]; m[p * n + j] = t; }
      [perm[c], perm[p]] = [perm[p], perm[c]];
      sign = -sign;
    }
    const piv = m[c * n + c];
    if (piv < 0) sign = -sign;
    logAbs += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = (m[r * n + c] /= piv);
      if (f !== 0) for (let j = c + 1; j < n; j++) m[r * n + j] -= f * m[c * n + j];
    }
  }
  const det = singular ? 0 : sign * Math.exp(logAbs);
  return { m, perm, det, logAbsDet: singular ? -Infinity : logAbs, singular };
}

function luSolve(f: ReturnType<typeof lu>, n: number, b: Float64Array, cols: number): Float64Array {
  const x = new Float64Array(n * cols);
  if (f.singular) return x.fill(NaN);
  const { m, perm } = f;
  for (let c = 0; c < cols; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[perm[i] * cols + c];
      for (let j = 0; j < i; j++) s -= m[i * n + j] * y[j];
      y[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let j = i + 1; j < n; j++) s -= m[i * n + j] * y[j];
      y[i] = s / m[i * n + i];
    }
    for (let i = 0; i < n; i++) x[i * cols + c] = y[i];
  }
  return x;
}

export function solve(a: Tensor, b: Tensor): Tensor {
  const n = a.shape[0];
  const cols = b.shape.length === 1 ? 1 : b.shape[1];
  return { shape: [...b.shape], data: luSolve(lu(a), n, b.data, cols) };
}

export function inverse(a: Tensor): Tensor {
  const n = a.shape[0];
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return { shape: [n, n], data: luSolve(lu(a), n, eye, n) };
}
