import { PartialsError, type Span } from '../errors';
import { FUNCTIONS } from '../functions';
import { compareValues, reachableIn, type CompareOp } from '../graph';
import { Dims, formatShape, MAX_RANK, type Dim, type Shape } from './shape';
import { t as l10n } from '../l10n';

/**
 * The tensor IR: a hash-consed DAG arena like the scalar Graph (src/core/graph.ts). A node is an integer
 * id, its arguments have smaller ids (id order is topological), and every node has a shape. The smart
 * constructors check and unify shapes, and apply only rewrites that are identities for every value of
 * the arguments (each is named where it is applied), so results stay readable without a separate pass.
 */
export type TNodeId = number;

export type TOp =
  | 'num' // scalar literal
  | 'const' // named scalar constant (pi, e)
  | 'var' // input tensor
  | 'count' // the product of some dimensions, as a scalar (n in mean = sum / n)
  | 'eye' // identity matrix [n, n]
  | 'bcast' // broadcast of args[0] to `shape`; attr maps each source axis to a target axis
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'pow' // elementwise, NumPy broadcasting
  | 'fn' // elementwise scalar function of src/core/functions.ts (name)
  | CompareOp // elementwise comparison, 0/1
  | 'where' // where(test, a, b), elementwise
  | 'matmul' // NumPy matmul for ranks 1 and 2
  | 'transpose'
  | 'sum' // attr [axis (-1 = all), keepdims]
  | 'outer' | 'trace' | 'det' | 'logdet' | 'inv' | 'solve' | 'diag'
  | 'kron' // the Kronecker product of two matrices: (m×n) ⊗ (p×q) is mp×nq
  | 'norm' // 2-norm of a vector, Frobenius norm of a matrix
  | 'amax' // the largest entry of a vector or matrix (attr []: a scalar), or along an axis (attr [axis, keepdims]); its gradient is the arg-max indicator, ties split evenly
  | 'softmax' | 'logsoftmax' // attr [axis] (-1 = all)
  | 'logsumexp' // attr [axis] (-1 = all): reduces that axis
  | 'index' // constant indexing; attr = [kind, a, b] per source axis: 0 at a, 1 slice [a, b), 2 all
  | 'scatter' // the adjoint of index: args[0] placed into zeros of `shape` at attr
  | 'stack' // [a, b, …]: k same-shaped arguments → shape [k, …]
  | 'reshape';

export class TensorShapeError extends PartialsError {
  constructor(message: string, span?: Span) {
    super(message, 'input', 1, 1, span);
    this.name = 'TensorShapeError';
  }
}

export interface TGraphLimits {
  maxNodes: number;
}

let describer: ((g: TGraph, n: TNodeId) => string) | undefined;
/** Installs the function that names nodes in error messages (src/core/tensor/print.ts does). */
export function setDescriber(f: (g: TGraph, n: TNodeId) => string): void {
  describer = f;
}

export class TGraph {
  readonly op: TOp[] = [];
  readonly args: TNodeId[][] = [];
  readonly val: number[] = [];
  readonly name: string[] = [];
  readonly attr: number[][] = [];
  /** Shapes as built; read them through shape(n), which resolves dimensions unified later. */
  readonly rawShape: Dim[][] = [];
  readonly span: (Span | undefined)[] = [];
  readonly dims = new Dims();
  private readonly table = new Map<string, TNodeId>();
  private readonly vars = new Map<string, TNodeId>();
  /** Span attached to nodes created while reading a piece of source (used in shape errors). */
  currentSpan: Span | undefined;
  /** Short text of a node for error messages (the printer module installs the real one). */
  describe(n: TNodeId): string {
    return describer ? describer(this, n) : this.op[n] === 'var' ? this.name[n] : this.op[n];
  }

  constructor(readonly limits: TGraphLimits = { maxNodes: 1_000_000 }) {}

  get size(): number {
    return this.op.length;
  }

  private intern(op: TOp, args: TNodeId[], shape: readonly Dim[], name = '', val = NaN, attr: number[] = []): TNodeId {
    // Shapes are part of the key only where they are not implied by the arguments.
    const shapeKey = op === 'bcast' || op === 'scatter' || op === 'reshape' || op === 'eye' || op === 'var'
      ? this.dims.resolve(shape).join('x') : '';
    const key = op === 'num' ? `n${val}` : `${op}|${name}|${args.join(',')}|${attr.join(',')}|${shapeKey}`;
    const found = this.table.get(key);
    if (found !== undefined) return found;
    if (this.op.length >= this.limits.maxNodes) {
      throw new PartialsError(l10n('The expression is too large (more than {0} tensor graph nodes).', this.limits.maxNodes), 'limit');
    }
    const id = this.op.length;
    this.op.push(op);
    this.args.push(args);
    this.val.push(val);
    this.name.push(name);
    this.attr.push(attr);
    this.rawShape.push([...shape]);
    this.span.push(this.currentSpan);
    this.table.set(key, id);
    return id;
  }

  // ---- shapes ---------------------------------------------------------------------------------------

  shape(n: TNodeId): Dim[] {
    return this.dims.resolve(this.rawShape[n]);
  }
  rank(n: TNodeId): number {
    return this.rawShape[n].length;
  }
  isScalar(n: TNodeId): boolean {
    return this.rawShape[n].length === 0;
  }
  sameShape(a: TNodeId, b: TNodeId): boolean {
    const sa = this.shape(a);
    const sb = this.shape(b);
    return sa.length === sb.length && sa.every((d, i) => d === sb[i]);
  }
  shapeEquals(n: TNodeId, s: Shape): boolean {
    const sn = this.shape(n);
    return sn.length === s.length && sn.every((d, i) => d === this.dims.find(s[i]));
  }

  private fail(what: string, detail: string, ...operands: TNodeId[]): never {
    const parts = operands.map((o) => l10n('{0} has shape {1}', this.describe(o), formatShape(this.shape(o)))).join(l10n(' and '));
    const span = this.currentSpan ?? operands.map((o) => this.span[o]).find((s) => s !== undefined);
    throw new TensorShapeError(detail ? l10n('Shape mismatch in {0}: {1} ({2}).', what, parts, detail) : l10n('Shape mismatch in {0}: {1}.', what, parts), span);
  }

  /** Ties two dimensions of the operands together, or fails naming both operands. */
  private tie(a: Dim, b: Dim, what: string, ...operands: TNodeId[]): void {
    if (!this.dims.unify(a, b)) this.fail(what, `${this.dims.find(a)} ≠ ${this.dims.find(b)}`, ...operands);
  }

  /** NumPy broadcasting of the operands' shapes; symbolic sizes that meet are unified. */
  broadcastShape(what: string, ...xs: TNodeId[]): Dim[] {
    const rank = Math.max(...xs.map((x) => this.rank(x)));
    const out: Dim[] = [];
    for (let k = 0; k < rank; k++) {
      let d: Dim = 1;
      for (const x of xs) {
        const s = this.shape(x);
        const j = k - (rank - s.length);
        if (j < 0) continue;
        const e = this.dims.find(s[j]);
        const cur = this.dims.find(d);
        if (e === 1) continue;
        if (cur === 1) { d = e; continue; }
        if (!this.dims.unify(cur, e)) {
          this.fail(what, l10n('sizes {0} and {1} cannot be broadcast together', cur, e), ...xs.filter((y) => this.rank(y) > 0));
        }
        d = this.dims.find(cur);
      }
      out.push(d);
    }
    return out;
  }

  // ---- leaves -----------------------------------------------------------------------------------------

  num(v: number): TNodeId {
    return this.intern('num', [], [], '', Object.is(v, -0) ? 0 : v);
  }
  constant(name: string, v: number): TNodeId {
    return this.intern('const', [], [], name, v);
  }
  /** An input. Its shape is declared once (numbers or symbols); later uses must agree. */
  variable(name: string, shape: Shape = []): TNodeId {
    const found = this.vars.get(name);
    if (found !== undefined) {
      const s = this.shape(found);
      if (s.length !== shape.length) {
        throw new TensorShapeError(l10n("'{0}' is used with shape {1} but was declared with shape {2}.", name, formatShape(shape), formatShape(s)), this.currentSpan);
      }
      shape.forEach((d, i) => this.tie(s[i], d, l10n('the declaration of {0}', name), found));
      return found;
    }
    if (shape.length > MAX_RANK) {
      throw new TensorShapeError(l10n("'{0}' has rank {1}; only scalars, vectors and matrices are supported.", name, shape.length), this.currentSpan);
    }
    const dims = shape.map((d) => (typeof d === 'string' ? this.dims.named(d) : d));
    const id = this.intern('var', [], dims, name);
    this.vars.set(name, id);
    return id;
  }
  /** A variable with fresh symbolic sizes of the given rank. */
  freshVariable(name: string, rank: number): TNodeId {
    const found = this.vars.get(name);
    if (found !== undefined) return found;
    return this.variable(name, Array.from({ length: rank }, () => this.dims.fresh()));
  }
  lookupVariable(name: string): TNodeId | undefined {
    return this.vars.get(name);
  }
  variableNames(): string[] {
    return [...this.vars.keys()];
  }

  count(dims: Shape): TNodeId {
    const r = this.dims.resolve(dims);
    if (r.every((d) => typeof d === 'number')) return this.num((r as number[]).reduce((p, q) => p * q, 1));
    return this.intern('count', [], [], r.join(','));
  }
  /** The dimensions a count node multiplies (resolved). */
  countDims(n: TNodeId): Dim[] {
    return this.name[n].split(',').map((d) => this.dims.find(/^\d+$/.test(d) ? Number(d) : d));
  }
  eye(n: Dim): TNodeId {
    return this.intern('eye', [], [n, n]);
  }
  /** Zeros / ones of a shape: a broadcast number. */
  fill(v: number, shape: Shape): TNodeId {
    return this.bcast(this.num(v), shape);
  }
  zerosLike(n: TNodeId): TNodeId {
    return this.fill(0, this.shape(n));
  }

  isNum(n: TNodeId, v?: number): boolean {
    return this.op[n] === 'num' && (v === undefined || this.val[n] === v);
  }
  /** A number, or a broadcast of one: the value of every entry. */
  filled(n: TNodeId): number | undefined {
    if (this.op[n] === 'num') return this.val[n];
    if (this.op[n] === 'bcast' && this.op[this.args[n][0]] === 'num') return this.val[this.args[n][0]];
    return undefined;
  }
  isZero(n: TNodeId): boolean {
    return this.filled(n) === 0;
  }
  isOne(n: TNodeId): boolean {
    return this.filled(n) === 1;
  }
  /** The scalar that every entry of n equals (n itself when scalar, s for bcast(s)), else undefined. */
  private uniform(n: TNodeId): TNodeId | undefined {
    if (this.isScalar(n)) return n;
    if (this.op[n] === 'bcast' && this.isScalar(this.args[n][0])) return this.args[n][0];
    return undefined;
  }

  // ---- broadcasting ---------------------------------------------------------------------------------

  /**
   * args[0] broadcast to `shape`. `axes` maps each source axis to a target axis (NumPy's right alignment
   * when omitted); a source axis of size 1 or a missing axis is repeated.
   */
  bcast(a: TNodeId, shape: Shape, axes?: readonly number[]): TNodeId {
    const target = this.dims.resolve(shape);
    const src = this.shape(a);
    const map = axes ?? src.map((_d, i) => target.length - src.length + i);
    if (map.length !== src.length || map.some((t) => t < 0 || t >= target.length)) {
      this.fail(l10n('a broadcast'), `to ${formatShape(target)}`, a);
    }
    src.forEach((d, i) => {
      if (this.dims.find(d) !== 1) this.tie(d, target[map[i]], l10n('a broadcast'), a);
    });
    if (src.length === target.length && src.every((d, i) => d === target[i])) return a;
    if (this.op[a] === 'bcast' && this.isScalar(this.args[a][0])) return this.bcast(this.args[a][0], target);
    // bcast(−v) = −bcast(v): the sign moves out, where it meets other signs (−(𝟏(−w)ᵀ) ⊙ M is (𝟏 wᵀ) ⊙ M)
    if (this.op[a] === 'neg' && !this.isScalar(a)) return this.neg(this.bcast(this.args[a][0], target, axes));
    // bcast(c·v) = c·bcast(v) for a number c
    if (this.op[a] === 'mul' && this.isNum(this.args[a][0]) && !this.isScalar(a)) return this.mul(this.args[a][0], this.bcast(this.args[a][1], target, axes));
    const canonical = axes === undefined || map.every((t, i) => t === target.length - src.length + i);
    return this.intern('bcast', [a], target, '', NaN, canonical ? [] : [...map]);
  }
  /** The axes of the target that args[0] of a bcast node maps onto (resolving the default alignment). */
  bcastAxes(n: TNodeId): number[] {
    const src = this.rank(this.args[n][0]);
    return this.attr[n].length ? this.attr[n] : Array.from({ length: src }, (_v, i) => this.rank(n) - src + i);
  }

  /** The adjoint of broadcasting: g (shaped like a broadcast result) summed down to `shape`. */
  unbroadcast(g: TNodeId, shape: Shape): TNodeId {
    let out = g;
    const target = this.dims.resolve(shape);
    while (this.rank(out) > target.length) out = this.sum(out, 0);
    const s = this.shape(out);
    for (let i = 0; i < target.length; i++) {
      if (target[i] === 1 && s[i] !== 1) out = this.sum(out, i, true);
    }
    return out;
  }

  // ---- elementwise ------------------------------------------------------------------------------------

  add(a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} + ${this.describe(b)}`, a, b);
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] + this.val[b]);
    if (this.isZero(a)) return this.bcast(b, shape);
    if (this.isZero(b)) return this.bcast(a, shape);
    // two broadcast scalars add as scalars: 𝟏𝟏ᵀ + (−1) 𝟏𝟏ᵀ is 0
    {
      const ua = this.uniform(a);
      const ub = this.uniform(b);
      if (ua !== undefined && ub !== undefined && (ua !== a || ub !== b)) return this.bcast(this.add(ua, ub), shape);
    }
    if (this.op[b] === 'neg') return this.sub(a, this.args[b][0]);
    if (this.op[a] === 'neg') return this.sub(b, this.args[a][0]);
    // x + x = 2x, and x + (y + x) = 2x + y: the product rule's two equal halves meet ((λ/2) θᵀθ gives λ θ)
    if (a === b && this.shapeEquals(a, shape)) return this.mul(this.num(2), a);
    if (this.op[b] === 'add' && this.shapeEquals(a, shape)) {
      const [p, q] = this.args[b];
      if (q === a) return this.add(this.mul(this.num(2), a), p);
      if (p === a) return this.add(this.mul(this.num(2), a), q);
    }
    if (this.op[a] === 'add' && this.shapeEquals(b, shape)) {
      const [p, q] = this.args[a];
      if (q === b) return this.add(p, this.mul(this.num(2), b));
      if (p === b) return this.add(this.mul(this.num(2), b), q);
    }
    // a + (−c)·b = a − c·b
    if (this.op[b] === 'mul' && this.isNum(this.args[b][0]) && this.val[this.args[b][0]] < 0) return this.sub(a, this.neg(b));
    if (this.op[a] === 'mul' && this.isNum(this.args[a][0]) && this.val[this.args[a][0]] < 0) return this.sub(b, this.neg(a));
    // (t ? a : b) + (t ? c : d) = t ? a + c : b + d (one branch point, as in the scalar graph)
    if (this.op[a] === 'where' && this.op[b] === 'where' && this.args[a][0] === this.args[b][0]) {
      return this.bcast(this.where(this.args[a][0], this.add(this.args[a][1], this.args[b][1]), this.add(this.args[a][2], this.args[b][2])), shape);
    }
    // entries placed into a small vector of known size add up entry by entry: [g₀, g₁, …]
    const ea = this.entries(a);
    const eb = ea && this.entries(b);
    if (ea && eb && ea.length === eb.length) return this.stack(ea.map((x, i) => this.add(x, eb[i])));
    // c·x + c·y = c·(x + y) and c·x + (−c)·y = c·(x − y) for a number c ≠ ±1
    {
      const [ca, xa] = this.coefficient(a);
      const [cb, xb] = this.coefficient(b);
      if (Math.abs(ca) !== 1 && Math.abs(ca) === Math.abs(cb) && xa !== xb && this.sameShape(a, b)) {
        return this.mul(this.num(ca), ca === cb ? this.add(xa, xb) : this.sub(xa, xb));
      }
    }
    // p/s + q/s = (p + q)/s for the same scalar s
    if (this.op[a] === 'div' && this.op[b] === 'div' && this.args[a][1] === this.args[b][1] && this.isScalar(this.args[a][1])) {
      return this.div(this.add(this.args[a][0], this.args[b][0]), this.args[a][1]);
    }
    // x + x = 2x; c·x + x = (c+1)·x; c·x + d·x = (c+d)·x
    const [ca, xa] = this.coefficient(a);
    const [cb, xb] = this.coefficient(b);
    if (xa === xb) return this.bcast(this.mul(this.num(ca + cb), xa), shape);
    // P v + Q v = (P + Q) v and P v + P w = P (v + w) (distributivity of the matrix product)
    if (this.op[a] === 'matmul' && this.op[b] === 'matmul') {
      const [p, v] = this.args[a];
      const [q, w] = this.args[b];
      if (v === w && this.sameShape(p, q)) return this.matmul(this.add(p, q), v);
      if (p === q && this.sameShape(v, w)) return this.matmul(p, this.add(v, w));
    }
    return a <= b ? this.intern('add', [a, b], shape) : this.intern('add', [b, a], shape);
  }

  /**
   * The entries of a vector of known size at most 32 that is built from scalars: [a, b, …], c·[…], or g
   * placed at one index (scatter). Undefined for anything else.
   */
  entries(n: TNodeId): TNodeId[] | undefined {
    if (this.rank(n) !== 1) return undefined;
    const size = this.dims.find(this.rawShape[n][0]);
    if (typeof size !== 'number' || size > 32) return undefined;
    if (this.op[n] === 'stack') return this.args[n];
    if (this.op[n] === 'scatter' && this.attr[n][0] === 0) {
      const out = Array.from({ length: size }, () => this.num(0));
      out[this.attr[n][1]] = this.args[n][0];
      return out;
    }
    if (this.op[n] === 'mul' && this.isScalar(this.args[n][0])) {
      const inner = this.entries(this.args[n][1]);
      return inner?.map((x) => this.mul(this.args[n][0], x));
    }
    if (this.op[n] === 'neg') return this.entries(this.args[n][0])?.map((x) => this.neg(x));
    return undefined;
  }

  /** n as c·x with a numeric c (c = 1 when n has no numeric factor). */
  private coefficient(n: TNodeId): [number, TNodeId] {
    if (this.op[n] === 'neg') {
      const [c, x] = this.coefficient(this.args[n][0]);
      return [-c, x];
    }
    if (this.op[n] === 'mul' && this.isNum(this.args[n][0])) return [this.val[this.args[n][0]], this.args[n][1]];
    return [1, n];
  }

  sub(a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} - ${this.describe(b)}`, a, b);
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] - this.val[b]);
    if (this.isZero(b)) return this.bcast(a, shape);
    if (this.isZero(a)) return this.bcast(this.neg(b), shape);
    if (a === b) return this.fill(0, shape);
    {
      const ua = this.uniform(a);
      const ub = this.uniform(b);
      if (ua !== undefined && ub !== undefined && (ua !== a || ub !== b)) return this.bcast(this.sub(ua, ub), shape);
    }
    if (this.op[b] === 'neg') return this.add(a, this.args[b][0]);
    if (this.isNum(b) && this.val[b] < 0) return this.add(a, this.num(-this.val[b]));
    // a − (−c)·x = a + c·x
    if (this.op[b] === 'mul' && this.isNum(this.args[b][0]) && this.val[this.args[b][0]] < 0) return this.add(a, this.neg(b));
    // c·x − c·y = c·(x − y) and c·x − (−c)·y = c·(x + y) for a number c ≠ ±1
    {
      const [ca, xa] = this.coefficient(a);
      const [cb, xb] = this.coefficient(b);
      if (Math.abs(ca) !== 1 && Math.abs(ca) === Math.abs(cb) && xa !== xb && this.sameShape(a, b)) {
        return this.mul(this.num(ca), ca === cb ? this.sub(xa, xb) : this.add(xa, xb));
      }
    }
    if (this.op[a] === 'where' && this.op[b] === 'where' && this.args[a][0] === this.args[b][0]) {
      return this.bcast(this.where(this.args[a][0], this.sub(this.args[a][1], this.args[b][1]), this.sub(this.args[a][2], this.args[b][2])), shape);
    }
    // p/s − q/s = (p − q)/s for the same scalar s: the mean cross-entropy's gradient reads (softmax(Z) − T) / n
    if (this.op[a] === 'div' && this.op[b] === 'div' && this.args[a][1] === this.args[b][1] && this.isScalar(this.args[a][1])) {
      return this.div(this.sub(this.args[a][0], this.args[b][0]), this.args[a][1]);
    }
    const ea = this.entries(a);
    const eb = ea && this.entries(b);
    if (ea && eb && ea.length === eb.length) return this.stack(ea.map((x, i) => this.sub(x, eb[i])));
    const [ca, xa] = this.coefficient(a);
    const [cb, xb] = this.coefficient(b);
    if (xa === xb) return this.bcast(this.mul(this.num(ca - cb), xa), shape);
    return this.intern('sub', [a, b], shape);
  }

  neg(a: TNodeId): TNodeId {
    if (this.isNum(a)) return this.num(-this.val[a]);
    if (this.op[a] === 'neg') return this.args[a][0];
    if (this.op[a] === 'sub') return this.sub(this.args[a][1], this.args[a][0]);
    const f = this.filled(a);
    if (f !== undefined) return this.fill(-f, this.shape(a));
    if (this.op[a] === 'mul' && this.isNum(this.args[a][0])) return this.mul(this.num(-this.val[this.args[a][0]]), this.args[a][1]);
    // −(c 𝟏) = (−c) 𝟏: a broadcast scalar stays one (so it can meet the array it scales)
    if (this.op[a] === 'bcast' && this.isScalar(this.args[a][0])) return this.bcast(this.neg(this.args[a][0]), this.shape(a));
    return this.intern('neg', [a], this.rawShape[a]);
  }

  mul(a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} * ${this.describe(b)}`, a, b);
    if (this.isNum(a) && this.isNum(b)) return this.num(this.val[a] * this.val[b]);
    if (this.isZero(a) || this.isZero(b)) return this.fill(0, shape);
    if (this.isOne(a)) return this.bcast(b, shape);
    if (this.isOne(b)) return this.bcast(a, shape);
    if (this.filled(a) === -1) return this.bcast(this.neg(b), shape);
    if (this.filled(b) === -1) return this.bcast(this.neg(a), shape);
    // a broadcast scalar times a full-shaped array is the scalar times the array
    const ua = this.uniform(a);
    const ub = this.uniform(b);
    if (ua !== undefined && ua !== a && this.shapeEquals(b, shape)) return this.mul(ua, b);
    if (ub !== undefined && ub !== b && this.shapeEquals(a, shape)) return this.mul(a, ub);
    // two broadcast scalars multiply as scalars
    if (ua !== undefined && ub !== undefined && (ua !== a || ub !== b)) return this.bcast(this.mul(ua, ub), shape);
    // … and times a smaller array, the scalar scales the smaller array before it is broadcast: r ⊙ (c 𝟏𝟏ᵀ) = 𝟏(c r)
    if (ua !== undefined && ua !== a && !this.isScalar(b)) return this.bcast(this.mul(ua, b), shape);
    if (ub !== undefined && ub !== b && !this.isScalar(a)) return this.bcast(this.mul(a, ub), shape);
    if (this.op[a] === 'neg') return this.neg(this.mul(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.mul(a, this.args[b][0]));
    // n·(x/n) = x for a size n (a positive integer): the mean's count meets the sum's (Σ(x − x̄) = Σx − n (Σx / n) = 0)
    if (this.op[a] === 'count' && this.op[b] === 'div' && this.args[b][1] === a) return this.bcast(this.args[b][0], shape);
    if (this.op[b] === 'count' && this.op[a] === 'div' && this.args[a][1] === b) return this.bcast(this.args[a][0], shape);
    // c1·(c2·x) = (c1 c2)·x
    if (this.isNum(a) && this.op[b] === 'mul' && this.isNum(this.args[b][0])) {
      return this.mul(this.num(this.val[a] * this.val[this.args[b][0]]), this.args[b][1]);
    }
    if (this.isNum(b) && !this.isNum(a)) return this.mul(b, a);
    // c·(u vᵀ) = (c u) vᵀ: the scalar scales the shorter vector, not the matrix
    if (this.isScalar(a) && this.op[b] === 'outer') return this.outer(this.mul(a, this.args[b][0]), this.args[b][1]);
    if (this.isScalar(b) && this.op[a] === 'outer') return this.outer(this.mul(b, this.args[a][0]), this.args[a][1]);
    // a·(1/b) = a/b
    if (this.op[b] === 'div' && this.isOne(this.args[b][0]) && !this.isNum(a)) return this.div(a, this.args[b][1]);
    if (this.op[a] === 'div' && this.isOne(this.args[a][0]) && !this.isNum(b)) return this.div(b, this.args[a][1]);
    // c·(t ? x : 0) = t ? c·x : 0 for a number c: masks stay outermost and merge
    if (this.isNum(a) && this.op[b] === 'where' && (this.isZero(this.args[b][1]) || this.isZero(this.args[b][2]))) {
      return this.where(this.args[b][0], this.mul(a, this.args[b][1]), this.mul(a, this.args[b][2]));
    }
    // c·((x/d)·y) = ((c·x)/d)·y for numbers c, d: the numbers meet (2(λ/2) θ is λ θ)
    if (this.isNum(a) && this.op[b] === 'mul' && this.op[this.args[b][0]] === 'div' && this.isScalar(this.args[b][0]) && this.isNum(this.args[this.args[b][0]][1])) {
      const [x, d] = this.args[this.args[b][0]];
      return this.mul(this.div(this.mul(a, x), d), this.args[b][1]);
    }
    // c·(x/s) = (c·x)/s for a number c and a scalar s
    if (this.isNum(a) && this.op[b] === 'div' && this.isScalar(this.args[b][1])) return this.div(this.mul(a, this.args[b][0]), this.args[b][1]);
    // (c/s)·x = (c·x)/s for a scalar s: the divisor moves to the end (2 Xᵀr / m)
    if (this.op[a] === 'div' && this.isScalar(a) && this.isNum(this.args[a][0]) && !this.isScalar(b)) {
      return this.div(this.mul(this.args[a][0], b), this.args[a][1]);
    }
    if (this.op[b] === 'div' && this.isScalar(b) && this.isNum(this.args[b][0]) && !this.isScalar(a)) {
      return this.div(this.mul(this.args[b][0], a), this.args[b][1]);
    }
    // x ⊙ (y/s) = (x ⊙ y)/s for arrays x, y and a scalar s: the divisor moves out, so (P ⊙ Q)/n − T/n meets as (P ⊙ Q − T)/n
    if (!this.isScalar(a) && this.op[b] === 'div' && this.isScalar(this.args[b][1]) && !this.isScalar(this.args[b][0])) {
      return this.div(this.mul(a, this.args[b][0]), this.args[b][1]);
    }
    if (!this.isScalar(b) && this.op[a] === 'div' && this.isScalar(this.args[a][1]) && !this.isScalar(this.args[a][0])) {
      return this.div(this.mul(this.args[a][0], b), this.args[a][1]);
    }
    // x·(c·y) = c·(x·y): numeric coefficients move outward
    if (this.op[b] === 'mul' && this.isNum(this.args[b][0]) && !this.isNum(a)) return this.mul(this.args[b][0], this.mul(a, this.args[b][1]));
    if (this.op[a] === 'mul' && this.isNum(this.args[a][0])) return this.mul(this.args[a][0], this.mul(this.args[a][1], b));
    // scalars before arrays; otherwise a canonical order (commutative)
    if (this.isNum(a)) return this.intern('mul', [a, b], shape);
    const ra = this.rank(a);
    const rb = this.rank(b);
    if (ra !== rb) return ra < rb ? this.intern('mul', [a, b], shape) : this.intern('mul', [b, a], shape);
    return a <= b ? this.intern('mul', [a, b], shape) : this.intern('mul', [b, a], shape);
  }

  div(a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} / ${this.describe(b)}`, a, b);
    // 0/b is 0 (where b is 0 the rest of such a derivative divides by it too: a number is all it hides)
    if (this.isZero(a) && !this.isZero(b)) return this.fill(0, shape);
    if (this.isOne(b)) return this.bcast(a, shape);
    if (a === b && this.isNum(a) && this.val[a] !== 0) return this.num(1);
    if (this.isNum(a) && this.isNum(b) && this.val[b] !== 0) {
      const q = this.val[a] / this.val[b];
      if (q * this.val[b] === this.val[a] && String(q).length <= 8) return this.num(q);
    }
    if (this.op[a] === 'neg') return this.neg(this.div(this.args[a][0], b));
    // 1/(1 + exp(−v)) and exp(v)/(1 + exp(v)) are σ(v) (issue #15's idioms: σ′ then reads σ(v)(1 − σ(v)))
    {
      const v = this.onePlusExp(b);
      if (v !== undefined && this.shapeEquals(b, shape)) {
        if (this.isOne(a) && this.isScalar(a)) return this.fn('sigmoid', [this.neg(v)]);
        if (this.op[a] === 'fn' && this.name[a] === 'exp' && this.args[a][0] === v) return this.fn('sigmoid', [v]);
      }
    }
    // a size over itself is 1 (a count is a positive integer), as a number over itself
    if (a === b && this.op[a] === 'count') return this.num(1);
    // (x/c)/d = x/(c·d) for numbers c, d: 2 X𝟏/3/3 reads 2 X𝟏/9
    if (this.isNum(b) && this.op[a] === 'div' && this.isNum(this.args[a][1]) && this.val[b] !== 0) {
      const d = this.val[this.args[a][1]] * this.val[b];
      if (Number.isSafeInteger(d)) return this.div(this.args[a][0], this.num(d));
    }
    // (c 𝟏)/s = (c/s) 𝟏 for scalars c, s: a broadcast scalar stays one (−m 𝟏/m is −𝟏)
    {
      const ua = this.uniform(a);
      const ub = this.uniform(b);
      if (ua !== undefined && ub !== undefined && (ua !== a || ub !== b)) return this.bcast(this.div(ua, ub), shape);
    }
    // exp(x) / Σ exp(x) is softmax(x): over every entry, or along an axis kept with size 1 (NumPy's keepdims=True)
    if (this.op[a] === 'fn' && this.name[a] === 'exp' && this.op[b] === 'sum' && this.args[b][0] === a && !this.isScalar(a)) {
      const [ax, keep] = this.attr[b];
      if (ax < 0) return this.softmax(this.args[a][0]);
      if (keep === 1) return this.softmax(this.args[a][0], ax);
    }
    if (this.op[a] === 'outer' && this.isScalar(b)) return this.outer(this.div(this.args[a][0], b), this.args[a][1]);
    if (this.op[b] === 'neg') return this.neg(this.div(a, this.args[b][0]));
    // (c·x)/d = (c/d)·x for numbers c, d when the quotient is short: 2(λ/2) θ reads λ θ
    if (this.isNum(b) && this.op[a] === 'mul' && this.isNum(this.args[a][0]) && this.val[b] !== 0) {
      const q = this.val[this.args[a][0]] / this.val[b];
      if (q * this.val[b] === this.val[this.args[a][0]] && String(q).length <= 8) return this.bcast(this.mul(this.num(q), this.args[a][1]), shape);
    }
    // (u ⊙ v) ⊘ u = v and (v ⊙ u) ⊘ u = v for the same node u, entrywise (as the scalar display cancels x·y/x)
    if (this.op[a] === 'mul' && !this.isNum(b)) {
      const [p, q] = this.args[a];
      if (p === b && this.shapeEquals(q, shape)) return q;
      if (q === b && this.shapeEquals(p, shape)) return p;
    }
    return this.intern('div', [a, b], shape);
  }

  pow(a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} ** ${this.describe(b)}`, a, b);
    if (this.op[a] === 'const' && this.name[a] === 'e') return this.fn('exp', [b]);
    if (this.isOne(b)) return this.bcast(a, shape);
    if (this.isZero(b)) return this.fill(1, shape);
    if (this.isNum(a) && this.isNum(b)) {
      const v = Math.pow(this.val[a], this.val[b]);
      if (Number.isFinite(v) && (Number.isInteger(v) || String(v).length <= 8)) return this.num(v);
    }
    // (x^a)^b = x^(ab) for integer a and b
    if (this.op[a] === 'pow' && this.isNum(b) && Number.isInteger(this.val[b])) {
      const inner = this.args[a][1];
      if (this.isNum(inner) && Number.isInteger(this.val[inner])) return this.pow(this.args[a][0], this.num(this.val[inner] * this.val[b]));
    }
    // ‖x‖² is the sum of squares (the 2-norm squared): its gradient is 2x, not 2‖x‖·x/‖x‖
    if (this.op[a] === 'norm' && this.isNum(b, 2)) return this.sum(this.pow(this.args[a][0], b));
    return this.intern('pow', [a, b], shape);
  }

  /** An elementwise call of a scalar function of the function table. */
  fn(name: string, args: TNodeId[]): TNodeId {
    const def = FUNCTIONS.get(name);
    if (!def) throw new PartialsError(l10n("Unknown function '{0}'.", name), 'unknown-function');
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      throw new PartialsError(l10n('{0} takes {1} arguments, got {2}.', name, def.minArgs === def.maxArgs ? def.minArgs : l10n('{0} to {1}', def.minArgs, def.maxArgs), args.length), 'arity');
    }
    if (name === 'pow') return this.pow(args[0], args[1]);
    // log(softmax(x)) is log_softmax(x)
    if (name === 'log' && this.op[args[0]] === 'softmax') {
      const ax = this.attr[args[0]][0];
      return this.logSoftmax(this.args[args[0]][0], ax < 0 ? undefined : ax);
    }
    // log(1 + exp(v)) and log1p(exp(v)) are softplus(v), whose derivative reads σ(v) (issue #15's idioms)
    if (name === 'log' || name === 'log1p') {
      const v = name === 'log' ? this.onePlusExp(args[0]) : this.op[args[0]] === 'fn' && this.name[args[0]] === 'exp' ? this.args[args[0]][0] : undefined;
      if (v !== undefined && this.shapeEquals(v, this.shape(args[0]))) return this.fn('softplus', [v]);
    }
    const shape = this.broadcastShape(`${name}(…)`, ...args);
    if (args.every((x) => this.isNum(x)) && def.analytic) {
      const v = def.eval(args.map((x) => this.val[x]));
      if (Number.isInteger(v)) return this.num(v);
    }
    return this.intern('fn', args, shape, name);
  }

  /** v when n is 1 + exp(v) (either order), else undefined. */
  private onePlusExp(n: TNodeId): TNodeId | undefined {
    if (this.op[n] !== 'add') return undefined;
    const [p, q] = this.args[n];
    const e = this.isOne(p) && this.isScalar(p) ? q : this.isOne(q) && this.isScalar(q) ? p : undefined;
    return e !== undefined && this.op[e] === 'fn' && this.name[e] === 'exp' ? this.args[e][0] : undefined;
  }

  compare(op: CompareOp, a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape(`${this.describe(a)} ${op} ${this.describe(b)}`, a, b);
    if (this.isNum(a) && this.isNum(b)) return this.num(compareValues(op, this.val[a], this.val[b]) ? 1 : 0);
    return this.intern(op, [a, b], shape);
  }

  where(test: TNodeId, a: TNodeId, b: TNodeId): TNodeId {
    const shape = this.broadcastShape('where(…)', test, a, b);
    // a broadcast scalar branch is the scalar itself when the other operands already have the shape
    const scalarOf = (x: TNodeId) => (this.op[x] === 'bcast' && this.isScalar(this.args[x][0]) ? this.args[x][0] : x);
    if (this.shapeEquals(test, shape) && (scalarOf(a) !== a || scalarOf(b) !== b)) return this.where(test, scalarOf(a), scalarOf(b));
    if (a === b) return this.bcast(a, shape);
    if (this.isNum(test)) return this.bcast(this.val[test] !== 0 ? a : b, shape);
    return this.intern('where', [test, a, b], shape);
  }

  // ---- linear algebra ---------------------------------------------------------------------------------

  /** NumPy's matmul for vectors and matrices. A vector on the left is rewritten as Bᵀa (same values). */
  matmul(a: TNodeId, b: TNodeId): TNodeId {
    const what = `${this.describe(a)} @ ${this.describe(b)}`;
    const ra = this.rank(a);
    const rb = this.rank(b);
    if (ra === 0 || rb === 0) this.fail(what, l10n('the matrix product needs vectors or matrices; use * to scale'), a, b);
    const sa = this.shape(a);
    const sb = this.shape(b);
    this.tie(sa[ra - 1], sb[0], what, a, b);
    const shape = [...sa.slice(0, ra - 1), ...sb.slice(1)];
    if (this.isZero(a) || this.isZero(b)) return this.fill(0, shape);
    if (ra === 1 && rb === 2) return this.matmul(this.transpose(b), a); // aᵀB = (Bᵀa)ᵀ, a vector either way
    if (this.op[a] === 'eye') return b;
    if (this.op[b] === 'eye') return a;
    // scalar factors and signs move out: (cA)B = c(AB), (−A)B = −(AB)
    for (const [x, left] of [[a, true], [b, false]] as const) {
      if (this.op[x] === 'neg') return this.neg(left ? this.matmul(this.args[x][0], b) : this.matmul(a, this.args[x][0]));
      if (this.op[x] === 'mul' && this.isScalar(this.args[x][0]) && this.rank(this.args[x][1]) === this.rank(x)) {
        const [c, y] = this.args[x];
        return this.mul(c, left ? this.matmul(y, b) : this.matmul(a, y));
      }
      if (this.op[x] === 'div' && this.isScalar(this.args[x][1]) && this.rank(this.args[x][0]) === this.rank(x)) {
        const [y, s] = this.args[x];
        return this.div(left ? this.matmul(y, b) : this.matmul(a, y), s);
      }
      const u = this.uniform(x);
      if (u !== undefined && u !== x && !this.isNum(u, 1)) {
        return this.mul(u, left ? this.matmul(this.fill(1, this.shape(a)), b) : this.matmul(a, this.fill(1, this.shape(b))));
      }
    }
    // diag(d) diag(e) = diag(d ⊙ e)
    if (this.op[a] === 'diag' && this.op[b] === 'diag' && this.rank(this.args[a][0]) === 1 && this.rank(this.args[b][0]) === 1) {
      return this.diag(this.mul(this.args[a][0], this.args[b][0]));
    }
    // diag(d) v = d ⊙ v for vectors v (the diagonal scaling of each entry)
    if (this.op[a] === 'diag' && this.rank(this.args[a][0]) === 1 && rb === 1) return this.mul(this.args[a][0], b);
    // AᵀBᵀ = (BA)ᵀ: one transpose instead of two
    const invT = (x: TNodeId) => this.op[x] === 'transpose' && this.op[this.args[x][0]] === 'inv'; // A⁻ᵀ reads as one symbol
    if (ra === 2 && rb === 2 && this.op[a] === 'transpose' && this.op[b] === 'transpose' && !invT(a) && !invT(b)) {
      return this.transpose(this.matmul(this.args[b][0], this.args[a][0]));
    }
    // A⁻¹ b is solve(A, b)
    if (this.op[a] === 'inv') return this.solve(this.args[a][0], b);
    return this.intern('matmul', [a, b], shape);
  }

  dot(a: TNodeId, b: TNodeId): TNodeId {
    if (this.rank(a) !== 1 || this.rank(b) !== 1) this.fail(`dot(${this.describe(a)}, ${this.describe(b)})`, l10n('dot needs two vectors'), a, b);
    return this.matmul(a, b);
  }

  transpose(a: TNodeId): TNodeId {
    if (this.rank(a) < 2) return a;
    const s = this.shape(a);
    switch (this.op[a]) {
      case 'transpose': return this.args[a][0];
      case 'eye': return a;
      case 'neg': return this.neg(this.transpose(this.args[a][0]));
      case 'outer': return this.outer(this.args[a][1], this.args[a][0]);
      case 'kron': return this.kron(this.transpose(this.args[a][0]), this.transpose(this.args[a][1])); // (A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ
      case 'diag': return a;
      case 'bcast': if (this.isScalar(this.args[a][0])) return this.bcast(this.args[a][0], [s[1], s[0]]); break;
      case 'mul': if (this.isScalar(this.args[a][0])) return this.mul(this.args[a][0], this.transpose(this.args[a][1])); break;
      case 'div': if (this.isScalar(this.args[a][1])) return this.div(this.transpose(this.args[a][0]), this.args[a][1]); break;
      case 'matmul': {
        // (AB)ᵀ = BᵀAᵀ only when that has fewer transposes
        const [p, q] = this.args[a];
        if (this.rank(p) === 2 && this.rank(q) === 2) {
          const t = (x: TNodeId) => (this.op[x] === 'transpose' ? 0 : 1);
          if (t(p) + t(q) < 1 + (1 - t(p)) + (1 - t(q))) return this.matmul(this.transpose(q), this.transpose(p));
        }
        break;
      }
    }
    return this.intern('transpose', [a], [s[1], s[0]]);
  }

  outer(u: TNodeId, v: TNodeId): TNodeId {
    if (this.rank(u) !== 1 || this.rank(v) !== 1) this.fail(`outer(${this.describe(u)}, ${this.describe(v)})`, l10n('outer needs two vectors'), u, v);
    const shape = [this.shape(u)[0], this.shape(v)[0]];
    if (this.isZero(u) || this.isZero(v)) return this.fill(0, shape);
    // Scalar factors stay on the left vector (c u vᵀ costs n + n², (c·u vᵀ) 2n²); a factor of v moves there.
    if (this.op[u] === 'neg') return this.neg(this.outer(this.args[u][0], v));
    if (this.op[v] === 'neg') return this.neg(this.outer(u, this.args[v][0]));
    if (this.op[v] === 'mul' && this.isScalar(this.args[v][0]) && this.rank(this.args[v][1]) === 1) {
      return this.outer(this.mul(this.args[v][0], u), this.args[v][1]);
    }
    if (this.op[v] === 'div' && this.isScalar(this.args[v][1]) && this.rank(this.args[v][0]) === 1) {
      return this.outer(this.div(u, this.args[v][1]), this.args[v][0]);
    }
    // 𝟏 vᵀ and u 𝟏ᵀ are broadcasts of v (rows) and u (columns)
    if (this.isOne(u)) return this.bcast(v, shape, [1]);
    if (this.isOne(v)) return this.bcast(u, shape, [0]);
    return this.intern('outer', [u, v], shape);
  }

  /**
   * The Kronecker product A ⊗ B of two matrices: block (i, j) of the result is A[i, j]·B, so an m×n and a
   * p×q matrix give an mp×nq matrix. The result's sizes are products of the operands' sizes, which a
   * symbolic dimension cannot express: the four sizes must be known (from the point or --shape).
   */
  kron(a: TNodeId, b: TNodeId): TNodeId {
    const what = `kron(${this.describe(a)}, ${this.describe(b)})`;
    if (this.rank(a) !== 2 || this.rank(b) !== 2) this.fail(what, l10n('kron needs two matrices (2-D arrays)'), ...[a, b].filter((x) => this.rank(x) !== 2));
    const [m, n] = this.shape(a);
    const [p, q] = this.shape(b);
    const unknown = [m, n, p, q].filter((d) => typeof d !== 'number');
    if (unknown.length) {
      const names = [...new Set(unknown)];
      const span = this.currentSpan ?? this.span[a] ?? this.span[b];
      const result = formatShape([`${m}·${p}`, `${n}·${q}`]);
      const example = this.op[a] === 'var' && this.op[b] === 'var' ? l10n(', e.g. {0}', `${this.name[a]}=2x3,${this.name[b]}=4x5`) : '';
      throw new TensorShapeError(names.length > 1
        ? l10n('{0} needs known sizes (its result is {1}), and {2} are not fixed: give a point (--at) or the shapes (--shape{3}).', what, result, names.join(', '), example)
        : l10n('{0} needs known sizes (its result is {1}), and {2} is not fixed: give a point (--at) or the shapes (--shape{3}).', what, result, names[0], example), span);
    }
    const shape = [(m as number) * (p as number), (n as number) * (q as number)];
    if (this.isZero(a) || this.isZero(b)) return this.fill(0, shape);
    // signs and scalar factors move out: (cA) ⊗ B = c (A ⊗ B), (−A) ⊗ B = −(A ⊗ B)
    if (this.op[a] === 'neg') return this.neg(this.kron(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.kron(a, this.args[b][0]));
    if (this.op[a] === 'mul' && this.isScalar(this.args[a][0]) && this.rank(this.args[a][1]) === 2) return this.mul(this.args[a][0], this.kron(this.args[a][1], b));
    if (this.op[b] === 'mul' && this.isScalar(this.args[b][0]) && this.rank(this.args[b][1]) === 2) return this.mul(this.args[b][0], this.kron(a, this.args[b][1]));
    return this.intern('kron', [a, b], shape);
  }

  private square(a: TNodeId, what: string): Dim {
    if (this.rank(a) !== 2) this.fail(what, l10n('a square matrix is needed'), a);
    const [m, n] = this.shape(a);
    this.tie(m, n, l10n('{0} (the matrix must be square)', what), a);
    return this.dims.find(m);
  }

  trace(a: TNodeId): TNodeId {
    const n = this.square(a, `trace(${this.describe(a)})`);
    if (this.op[a] === 'eye') return this.count([n]);
    if (this.op[a] === 'mul' && this.isScalar(this.args[a][0])) return this.mul(this.args[a][0], this.trace(this.args[a][1]));
    if (this.op[a] === 'neg') return this.neg(this.trace(this.args[a][0]));
    if (this.op[a] === 'transpose') return this.trace(this.args[a][0]);
    return this.intern('trace', [a], []);
  }
  /**
   * max(x): the largest entry of a vector or a matrix; with an axis (NumPy's numbering) the largest entry of each
   * column (axis 0) or row (axis 1), the axis dropped or kept with size 1.
   */
  amax(a: TNodeId, axis?: number, keepdims = false): TNodeId {
    if (this.isScalar(a)) return a;
    if (axis === undefined || (this.rank(a) === 1 && !keepdims)) {
      if (this.op[a] === 'transpose') return this.amax(this.args[a][0]);
      return this.intern('amax', [a], []);
    }
    const ax = this.axisOf(a, axis, `max(${this.describe(a)}, axis=${axis})`);
    const s = this.shape(a);
    const shape = keepdims ? s.map((d, i) => (i === ax ? 1 : d)) : s.filter((_d, i) => i !== ax);
    if (this.dims.find(s[ax]) === 1) return this.reshape(a, shape);
    if (!keepdims && this.op[a] === 'transpose') return this.amax(this.args[a][0], 1 - ax);
    return this.intern('amax', [a], shape, '', NaN, [ax, keepdims ? 1 : 0]);
  }
  /** The axis an amax node reduces (−1: every entry) and whether it keeps it with size 1. */
  amaxAxis(m: TNodeId): [number, boolean] {
    const at = this.attr[m];
    return at.length ? [at[0], at[1] === 1] : [-1, false];
  }
  /**
   * The arg-max indicator of amax node m divided by the number of ties (in its row or column along an axis): the
   * sub-gradient of max, shaped like its argument.
   */
  argmaxIndicator(m: TNodeId): TNodeId {
    const x = this.args[m][0];
    const [ax, keep] = this.amaxAxis(m);
    if (ax < 0) {
      const ind = this.compare('eq', x, m);
      return this.div(ind, this.sum(ind));
    }
    const back = (v: TNodeId) => (keep || this.rank(x) === 1 ? v : this.bcast(v, this.shape(x), [1 - ax]));
    const ind = this.compare('eq', x, back(m));
    return this.div(ind, back(this.sum(ind, ax, keep)));
  }
  det(a: TNodeId): TNodeId {
    this.square(a, `det(${this.describe(a)})`);
    if (this.op[a] === 'transpose') return this.det(this.args[a][0]);
    return this.intern('det', [a], []);
  }
  logdet(a: TNodeId): TNodeId {
    this.square(a, `logdet(${this.describe(a)})`);
    if (this.op[a] === 'transpose') return this.logdet(this.args[a][0]);
    return this.intern('logdet', [a], []);
  }
  inv(a: TNodeId): TNodeId {
    const n = this.square(a, `inv(${this.describe(a)})`);
    if (this.op[a] === 'inv') return this.args[a][0];
    if (this.op[a] === 'eye') return a;
    if (this.op[a] === 'transpose') return this.transpose(this.inv(this.args[a][0])); // (Aᵀ)⁻¹ = (A⁻¹)ᵀ, printed A⁻ᵀ
    return this.intern('inv', [a], [n, n]);
  }
  solve(a: TNodeId, b: TNodeId): TNodeId {
    const n = this.square(a, `solve(${this.describe(a)}, ${this.describe(b)})`);
    if (this.rank(b) === 0) this.fail(`solve(${this.describe(a)}, ${this.describe(b)})`, l10n('the right-hand side must be a vector or a matrix'), a, b);
    this.tie(n, this.shape(b)[0], `solve(${this.describe(a)}, ${this.describe(b)})`, a, b);
    if (this.isZero(b)) return b;
    if (this.op[b] === 'neg') return this.neg(this.solve(a, this.args[b][0]));
    if (this.op[b] === 'mul' && this.isScalar(this.args[b][0]) && this.rank(this.args[b][1]) === this.rank(b)) {
      return this.mul(this.args[b][0], this.solve(a, this.args[b][1]));
    }
    if (this.op[b] === 'eye') return this.inv(a);
    return this.intern('solve', [a, b], this.rawShape[b]);
  }
  /** diag of a vector is a diagonal matrix; diag of a square matrix is its diagonal. */
  diag(a: TNodeId): TNodeId {
    if (this.rank(a) === 1) {
      const n = this.shape(a)[0];
      if (this.isOne(a)) return this.eye(n);
      return this.intern('diag', [a], [n, n]);
    }
    const n = this.square(a, `diag(${this.describe(a)})`);
    if (this.op[a] === 'diag') return this.args[a][0];
    if (this.op[a] === 'eye') return this.fill(1, [n]);
    if (this.op[a] === 'transpose') return this.diag(this.args[a][0]);
    return this.intern('diag', [a], [n]);
  }
  norm(a: TNodeId): TNodeId {
    if (this.rank(a) === 0) return this.fn('abs', [a]);
    return this.intern('norm', [a], []);
  }

  // ---- reductions and the softmax family ------------------------------------------------------------

  private axisOf(a: TNodeId, axis: number, what: string): number {
    const r = this.rank(a);
    const ax = axis < 0 ? axis + r : axis;
    if (ax < 0 || ax >= r) this.fail(what, l10n('axis {0} is out of range for rank {1}', axis, r), a);
    return ax;
  }

  /** Sum of all entries (axis undefined) or along one axis (NumPy's axis numbering). */
  sum(a: TNodeId, axis?: number, keepdims = false): TNodeId {
    if (axis === undefined || (this.rank(a) === 1 && !keepdims)) {
      if (this.rank(a) === 0) return a;
      const u = this.uniform(a);
      if (u !== undefined) return this.mul(this.count(this.shape(a)), u); // a sum of equal entries
      if (this.op[a] === 'mul' && this.isScalar(this.args[a][0])) return this.mul(this.args[a][0], this.sum(this.args[a][1]));
      if (this.op[a] === 'div' && this.isScalar(this.args[a][1]) && !this.isScalar(this.args[a][0])) return this.div(this.sum(this.args[a][0]), this.args[a][1]);
      if (this.op[a] === 'neg') return this.neg(this.sum(this.args[a][0]));
      // Σ(x ± c𝟏) = Σx ± n c: a broadcast scalar leaves the sum (Σ(x − x̄𝟏) is then Σx − n (Σx / n) = 0)
      if ((this.op[a] === 'add' || this.op[a] === 'sub') && this.args[a].some((x) => this.uniform(x) !== undefined)) {
        const [p, q] = this.args[a].map((x) => this.sum(this.bcast(x, this.shape(a))));
        return this.op[a] === 'add' ? this.add(p, q) : this.sub(p, q);
      }
      if (this.op[a] === 'transpose') return this.sum(this.args[a][0]);
      if (this.op[a] === 'diag' && this.rank(a) === 2) return this.sum(this.args[a][0]);
      if (this.op[a] === 'scatter') return this.sum(this.args[a][0]); // the zeros add nothing
      return this.intern('sum', [a], [], '', NaN, [-1, 0]);
    }
    const ax = this.axisOf(a, axis, `sum(${this.describe(a)}, axis=${axis})`);
    const s = this.shape(a);
    const shape = keepdims ? s.map((d, i) => (i === ax ? 1 : d)) : s.filter((_d, i) => i !== ax);
    if (this.dims.find(s[ax]) === 1) return this.reshape(a, shape);
    const u = this.uniform(a);
    if (u !== undefined) return this.bcast(this.mul(this.count([s[ax]]), u), shape);
    if (this.op[a] === 'mul' && this.isScalar(this.args[a][0])) return this.mul(this.args[a][0], this.sum(this.args[a][1], ax, keepdims));
    if (this.op[a] === 'div' && this.isScalar(this.args[a][1]) && this.rank(this.args[a][0]) === this.rank(a)) return this.div(this.sum(this.args[a][0], ax, keepdims), this.args[a][1]);
    if (this.op[a] === 'neg') return this.neg(this.sum(this.args[a][0], ax, keepdims));
    if (!keepdims && this.rank(a) === 2) {
      if (this.op[a] === 'diag' || this.op[a] === 'eye') return this.diag(a); // the sums of a diagonal matrix's columns
      if (this.op[a] === 'transpose') return this.sum(this.args[a][0], 1 - ax);
      // sums of a broadcast row/column: n·r, or the row/column sums of the source
      if (this.op[a] === 'bcast') {
        const src = this.args[a][0];
        const map = this.bcastAxes(a);
        if (this.rank(src) === 1 && map[0] !== ax) return this.mul(this.count([s[ax]]), src);
        if (this.rank(src) === 1 && map[0] === ax) return this.bcast(this.sum(src), shape);
      }
      if (this.op[a] === 'outer') {
        // Σᵢ uᵢvⱼ = (Σu) v and Σⱼ uᵢvⱼ = u (Σv)
        const [u2, v2] = this.args[a];
        return ax === 0 ? this.mul(this.sum(u2), v2) : this.mul(this.sum(v2), u2);
      }
    }
    return this.intern('sum', [a], shape, '', NaN, [ax, keepdims ? 1 : 0]);
  }

  mean(a: TNodeId, axis?: number, keepdims = false): TNodeId {
    const s = this.shape(a);
    if (axis === undefined) return this.div(this.sum(a), this.count(s));
    const ax = this.axisOf(a, axis, `mean(${this.describe(a)}, axis=${axis})`);
    return this.div(this.sum(a, ax, keepdims), this.count([s[ax]]));
  }

  softmax(a: TNodeId, axis?: number): TNodeId {
    return this.softFamily('softmax', a, axis);
  }
  logSoftmax(a: TNodeId, axis?: number): TNodeId {
    return this.softFamily('logsoftmax', a, axis);
  }
  logsumexp(a: TNodeId, axis?: number): TNodeId {
    if (this.rank(a) === 0) return a;
    if (axis === undefined || this.rank(a) === 1) return this.intern('logsumexp', [a], [], '', NaN, [-1]);
    const ax = this.axisOf(a, axis, `logsumexp(${this.describe(a)}, axis=${axis})`);
    return this.intern('logsumexp', [a], this.shape(a).filter((_d, i) => i !== ax), '', NaN, [ax]);
  }
  private softFamily(op: 'softmax' | 'logsoftmax', a: TNodeId, axis?: number): TNodeId {
    if (this.rank(a) === 0) this.fail(`${op}(${this.describe(a)})`, l10n('{0} needs a vector or a matrix', op), a);
    const ax = axis === undefined || this.rank(a) === 1 ? -1 : this.axisOf(a, axis, `${op}(${this.describe(a)}, axis=${axis})`);
    return this.intern(op, [a], this.rawShape[a], '', NaN, [ax]);
  }

  // ---- indexing, stacking, reshaping ----------------------------------------------------------------

  /**
   * Constant indexing: one entry per source axis, a number (removes the axis), a [start, stop) slice, or
   * 'all'. Negative numbers count from the end where the size is known.
   */
  index(a: TNodeId, spec: readonly (number | readonly [number, number] | 'all')[]): TNodeId {
    const s = this.shape(a);
    const what = `${this.describe(a)}[${spec.map((x) => (x === 'all' ? ':' : typeof x === 'number' ? x : `${x[0]}:${x[1]}`)).join(', ')}]`;
    if (spec.length !== s.length) this.fail(what, l10n('{0} indices for rank {1}', spec.length, s.length), a);
    const attr: number[] = [];
    const shape: Dim[] = [];
    spec.forEach((x, i) => {
      const d = this.dims.find(s[i]);
      const norm = (k: number): number => {
        if (k >= 0) {
          if (typeof d === 'number' && k >= d) this.fail(what, l10n('index {0} is out of range for size {1}', k, d), a);
          this.dims.atLeast(d, k + 1);
          return k;
        }
        if (typeof d !== 'number') this.fail(what, l10n('a negative index needs a known size, and this size is {0}', d), a);
        if (k + d < 0) this.fail(what, l10n('index {0} is out of range for size {1}', k, d), a);
        return k + d;
      };
      if (x === 'all') { attr.push(2, 0, 0); shape.push(d); return; }
      if (typeof x === 'number') { attr.push(0, norm(x), 0); return; }
      const from = norm(x[0]);
      let to = x[1];
      if (to === Infinity || to < 0) {
        if (typeof d !== 'number') this.fail(what, l10n('a slice to the end or from the end needs a known size, and this size is {0}', d), a);
        to = to === Infinity ? d : to + d;
      }
      if (to < from || (typeof d === 'number' && to > d)) this.fail(what, l10n('the slice {0}:{1} is out of range', x[0], x[1]), a);
      this.dims.atLeast(d, to);
      attr.push(1, from, to);
      shape.push(to - from);
    });
    if (attr.every((v, i) => (i % 3 === 0 ? v === 2 : true))) return a;
    // [a, b, …][k] is the k-th stacked argument
    if (this.op[a] === 'stack' && attr[0] === 0 && attr.slice(3).every((v, i) => (i % 3 === 0 ? v === 2 : true))) return this.args[a][attr[1]];
    if (this.isZero(a)) return this.fill(0, shape);
    // a row or column of I is a unit vector eₖ
    if (this.op[a] === 'eye' && shape.length === 1 && (attr[0] === 0 ? attr[3] === 2 : attr[0] === 2 && attr[3] === 0)) {
      return this.scatter(this.num(1), [0, attr[0] === 0 ? attr[1] : attr[4], 0], shape);
    }
    return this.intern('index', [a], shape, '', NaN, attr);
  }

  /** The adjoint of index: g placed into zeros shaped like the indexed array. */
  scatter(g: TNodeId, attr: readonly number[], shape: Shape): TNodeId {
    if (this.isZero(g)) return this.fill(0, shape);
    // scatter is linear: signs and scalar factors move out (−e₂ rather than a scatter of −1)
    if (this.op[g] === 'neg') return this.neg(this.scatter(this.args[g][0], attr, shape));
    if (this.isNum(g) && this.val[g] !== 1) return this.mul(g, this.scatter(this.num(1), attr, shape));
    if (this.op[g] === 'mul' && this.isScalar(this.args[g][0]) && this.rank(this.args[g][1]) === this.rank(g)) {
      return this.mul(this.args[g][0], this.scatter(this.args[g][1], attr, shape));
    }
    return this.intern('scatter', [g], shape, '', NaN, [...attr]);
  }

  stack(items: TNodeId[]): TNodeId {
    if (!items.length) throw new TensorShapeError(l10n('An empty array literal has no shape.'), this.currentSpan);
    const base = this.shape(items[0]);
    if (base.length >= MAX_RANK) this.fail(l10n('an array literal'), l10n('stacking matrices would give a rank-3 array'), items[0]);
    // rows built from entries are written out entry by entry: [[a, b], [c, 0]] rather than [[a, b], c e₁]
    if (base.length === 1 && items.some((x) => this.op[x] === 'stack')) {
      const rows = items.map((x) => this.entries(x));
      if (rows.every((r) => r !== undefined)) items = rows.map((r) => this.intern('stack', r!, [r!.length]));
    }
    for (const x of items.slice(1)) {
      const s = this.shape(x);
      if (s.length !== base.length) this.fail(l10n('an array literal'), l10n('the items must all have the same shape'), items[0], x);
      s.forEach((d, i) => this.tie(base[i], d, l10n('an array literal'), items[0], x));
    }
    return this.intern('stack', items, [items.length, ...base]);
  }

  reshape(a: TNodeId, shape: Shape): TNodeId {
    const s = this.shape(a);
    const t = this.dims.resolve(shape);
    if (t.length > MAX_RANK) this.fail(`reshape(${this.describe(a)})`, l10n('rank {0} is not supported', t.length), a);
    if (s.length === t.length && s.every((d, i) => d === t[i])) return a;
    const known = (x: Dim[]) => x.every((d) => typeof d === 'number');
    const prod = (x: Dim[]) => (x as number[]).reduce((p, q) => p * q, 1);
    // Sizes must be known, except for adding or removing axes of size 1.
    const strip = (x: Dim[]) => x.filter((d) => d !== 1);
    const ss = strip(s);
    const st = strip(t);
    const sameUpToOnes = ss.length === st.length && ss.every((d, i) => this.dims.same(d, st[i]));
    if (!sameUpToOnes && !(known(s) && known(t) && prod(s) === prod(t))) {
      this.fail(`reshape(${this.describe(a)}, ${formatShape(t)})`, (known(s) && known(t) ? l10n('{0} entries cannot become {1}', prod(s), prod(t)) : l10n('reshape needs known sizes; give a point or --shape')), a);
    }
    if (this.op[a] === 'reshape') return this.reshape(this.args[a][0], t);
    if (this.op[a] === 'neg') return this.neg(this.reshape(this.args[a][0], t)); // the sign moves out, as through a broadcast
    return this.intern('reshape', [a], t);
  }

  flatten(a: TNodeId): TNodeId {
    const s = this.shape(a);
    if (s.length <= 1) return this.reshape(a, s.length ? s : [1]);
    if (!s.every((d) => typeof d === 'number')) this.fail(`flatten(${this.describe(a)})`, l10n('flatten needs known sizes; give a point or --shape'), a);
    return this.reshape(a, [(s as number[]).reduce((p, q) => p * q, 1)]);
  }

  // ---- queries ------------------------------------------------------------------------------------------

  reachable(roots: readonly TNodeId[]): TNodeId[] {
    return reachableIn(this.args, roots);
  }

  /** Operations (non-leaf nodes) reachable from roots: the size of a derivation. */
  countOps(roots: readonly TNodeId[]): number {
    return this.reachable(roots).filter((n) => this.args[n].length > 0).length;
  }

  /** Input variables reachable from roots, in order of creation. */
  inputs(roots: readonly TNodeId[]): string[] {
    return this.reachable(roots).filter((n) => this.op[n] === 'var').map((n) => this.name[n]);
  }

  /** 1 for every node up to `upTo` that depends on one of `vars`. */
  dependsOn(vars: ReadonlySet<TNodeId>, upTo: TNodeId): Uint8Array {
    const dep = new Uint8Array(upTo + 1);
    for (let n = 0; n <= upTo; n++) {
      if (vars.has(n)) dep[n] = 1;
      else for (const a of this.args[n]) if (dep[a]) { dep[n] = 1; break; }
    }
    return dep;
  }

  /** A generic rebuild (used by passes that copy nodes). */
  make(n: TNodeId, args: TNodeId[]): TNodeId {
    const op = this.op[n];
    const at = this.attr[n];
    switch (op) {
      case 'num': case 'const': case 'var': case 'count': case 'eye': return n;
      case 'bcast': return this.bcast(args[0], this.shape(n), at.length ? at : undefined);
      case 'add': return this.add(args[0], args[1]);
      case 'sub': return this.sub(args[0], args[1]);
      case 'mul': return this.mul(args[0], args[1]);
      case 'div': return this.div(args[0], args[1]);
      case 'neg': return this.neg(args[0]);
      case 'pow': return this.pow(args[0], args[1]);
      case 'fn': return this.fn(this.name[n], args);
      case 'where': return this.where(args[0], args[1], args[2]);
      case 'matmul': return this.matmul(args[0], args[1]);
      case 'transpose': return this.transpose(args[0]);
      case 'sum': return at[0] < 0 ? this.sum(args[0]) : this.sum(args[0], at[0], at[1] === 1);
      case 'outer': return this.outer(args[0], args[1]);
      case 'kron': return this.kron(args[0], args[1]);
      case 'trace': return this.trace(args[0]);
      case 'det': return this.det(args[0]);
      case 'logdet': return this.logdet(args[0]);
      case 'inv': return this.inv(args[0]);
      case 'solve': return this.solve(args[0], args[1]);
      case 'diag': return this.diag(args[0]);
      case 'norm': return this.norm(args[0]);
      case 'amax': { const [ax, keep] = this.amaxAxis(n); return ax < 0 ? this.amax(args[0]) : this.amax(args[0], ax, keep); }
      case 'softmax': return this.softmax(args[0], at[0] < 0 ? undefined : at[0]);
      case 'logsoftmax': return this.logSoftmax(args[0], at[0] < 0 ? undefined : at[0]);
      case 'logsumexp': return this.logsumexp(args[0], at[0] < 0 ? undefined : at[0]);
      case 'index': return this.intern('index', args, this.rawShape[n], '', NaN, at);
      case 'scatter': return this.scatter(args[0], at, this.shape(n));
      case 'stack': return this.stack(args);
      case 'reshape': return this.reshape(args[0], this.shape(n));
      default: return this.compare(op, args[0], args[1]);
    }
  }
}

/** The index spec of an index/scatter node as (number | [from, to] | 'all')[]. */
export function indexSpec(attr: readonly number[]): (number | [number, number] | 'all')[] {
  const out: (number | [number, number] | 'all')[] = [];
  for (let i = 0; i < attr.length; i += 3) {
    out.push(attr[i] === 0 ? attr[i + 1] : attr[i] === 1 ? [attr[i + 1], attr[i + 2]] : 'all');
  }
  return out;
}
