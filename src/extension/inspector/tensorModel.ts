/**
 * The view model of a vectorised selection: the tensor engine's inspect and check JSON (core/tensor/session.ts,
 * the CLI's contract) mapped to what the webview shows (shapes, gradients in matrix notation, array values with
 * their norms, per-input checks, the directional step-size study), and the tensor graph mapped to the graph
 * view's nodes and edges. Pure (no vscode import): unit-tested in plain Node.
 */
import type { TensorCheckResult, TensorInspectJson } from '../engine/adapter';
import type { tensorGraphJson } from '../../core/tensor/session';
import type {
  GraphDirection, GraphEdgeModel, GraphModel, GraphNodeModel, NestedNum, PointSource, SweepView, TensorCheckView, TensorFill, TensorInputView, TensorTermView, TensorView,
  ViewModel, WebviewToHost,
} from '../../shared/protocol';
import { position } from '../../core/errors';
import { setOwn } from '../../core/own';
import { seededRandom } from '../source';
import { t as l10n } from '../l10n';
import type { Overrides } from './request';

type Nested = NestedNum;

/** Every entry of a nested value, in row-major order. */
export const entries = (v: Nested | null | undefined): number[] => (v === null || v === undefined ? [] : typeof v === 'number' ? [v] : (v as Nested[]).flatMap((x) => entries(x)));

/** The shape of a nested value: [] for a number, [n] for a vector, [rows, cols] for a matrix. */
export function shapeOf(v: Nested | null | undefined): number[] {
  if (v === null || v === undefined || typeof v === 'number') return [];
  const rows = v as Nested[];
  if (rows.length && Array.isArray(rows[0])) return [rows.length, (rows[0] as Nested[]).length];
  return [rows.length];
}

/** The 2-norm of a vector, the Frobenius norm of a matrix, |x| of a number. */
export const norm = (v: Nested | null | undefined): number => Math.sqrt(entries(v).reduce((s, x) => s + x * x, 0));

interface TermJson {
  wrt?: string;
  expr: string;
  latex: string;
  text: string;
  value: Nested | null;
  shape: unknown[];
  differentiable?: boolean;
  nonSmooth?: { op: string; reason: string; line?: number; column?: number }[];
}

function term(t: TermJson, value: Nested | null | undefined): TensorTermView {
  const notes = (t.nonSmooth ?? []).map((k) => `${k.op}: ${k.reason}${k.line !== undefined && k.column !== undefined ? position(k.line, k.column) : ''}`);
  if (t.differentiable === false && !notes.length) notes.push(l10n('not differentiable at this point'));
  const v = value ?? null;
  return {
    wrt: t.wrt ?? '', latex: t.latex, text: t.text, expr: t.expr, shape: shapeOf(v), value: v, norm: norm(v),
    differentiable: t.differentiable !== false, notes,
  };
}

/** The tensor view of an inspect result (checks are added by withTensorChecks). */
export function tensorView(r: TensorInspectJson, sources: Record<string, PointSource>, maxEntries: number): TensorView {
  const point = r.point as Record<string, Nested>;
  const inputs: TensorInputView[] = r.inputs.map((name) => ({
    name,
    symbolic: [...(r.symbolic[name] ?? r.shapes[name] ?? [])],
    shape: shapeOf(point[name]),
    value: point[name],
    source: sources[name] ?? r.pointSource[name] ?? 'default',
  }));
  const f = r.expressions.f;
  const values = r.values;
  return {
    language: r.language,
    output: term({ ...f, value: values.f }, values.f),
    inputs,
    dims: Object.entries(r.sizes).map(([symbol, size]) => ({ symbol, size })),
    gradients: r.partials.map((p) => term(p as TermJson, p.value)),
    maxEntries,
  };
}

export function tensorChecks(c: TensorCheckResult): TensorCheckView[] {
  return c.check.partials.map((p) => ({
    wrt: p.wrt, verdict: p.check.verdict, worstEntryError: p.check.worstEntryError, worstEntry: [...p.check.worstEntry],
    entriesChecked: p.check.entriesChecked, entries: Math.max(1, entries(p.value).length),
    directionalError: p.check.directionalError, forwardError: p.check.forwardError, reverseError: p.check.reverseError,
    ...(p.check.complexStepError !== undefined ? { complexStepError: p.check.complexStepError } : {}),
    ...(p.check.complexStepSkipped !== undefined ? { complexStepSkipped: p.check.complexStepSkipped } : {}),
  }));
}

export function tensorSweep(c: TensorCheckResult): SweepView | undefined {
  const s = c.sweep;
  if (!s) return undefined;
  return {
    of: 'f', wrt: s.wrt,
    series: s.series.map((x) => ({ method: x.method, label: x.label, points: x.points.map(([h, e]) => [h, e === null ? NaN : e] as [number, number]) })),
    ...(s.best ? { best: { ...s.best } } : {}),
    directional: { exact: s.exact },
  };
}

// ---- the graph ------------------------------------------------------------------------------------------------

type TensorGraph = ReturnType<typeof tensorGraphJson>;

const OP_SYMBOL: Record<string, string> = { add: '+', sub: '−', mul: '⊙', div: '⊘', pow: '^', matmul: '@' };
const ELEMENTWISE = new Set(['add', 'sub', 'mul', 'div', 'pow', 'where', 'fn', 'lt', 'le', 'gt', 'ge', 'eq', 'ne']);
const dimText = (s: readonly unknown[]) => s.map(String).join('×');

/**
 * A node's label with its shape: `X@w : 4` (an operation on named inputs spelled out), `sum : scalar` is just
 * `sum`, inputs `X : 4×3`.
 */
function nodeLabel(g: TensorGraph, n: TensorGraph['nodes'][number], byId: Map<number, TensorGraph['nodes'][number]>): string {
  const args = g.edges.filter((e) => e.to === n.id).map((e) => byId.get(e.from)!);
  const sym = OP_SYMBOL[n.op];
  const leaf = (a: TensorGraph['nodes'][number]) => a.op === 'var' || a.op === 'num' || a.op === 'const';
  let base = n.label;
  if (sym && args.length === 2 && args.every(leaf)) base = `${args[0].label}${sym}${args[1].label}`;
  else if (n.op === 'transpose' && args.length === 1 && leaf(args[0])) base = `${args[0].label}ᵀ`;
  // the sizes at the point (n × m stays symbolic in the derivation, the point fixes it)
  const shape = n.value !== null && n.value !== undefined ? shapeOf(n.value) : n.shape;
  return shape.length ? `${base} : ${dimText(shape)}` : base;
}

/** What an edge does to shapes, and what the backward sweep does in its place: reductions and broadcasts. */
function edgeLabel(from: TensorGraph['nodes'][number], to: TensorGraph['nodes'][number]): string {
  const same = dimText(from.shape) === dimText(to.shape);
  if (to.op === 'sum') return to.shape.length === 0 ? 'sum ↦ 1ᵀ' : 'sum ↦ broadcast';
  if (to.op === 'logsumexp') return 'logsumexp ↦ softmax';
  if (to.op === 'trace') return 'tr ↦ I';
  if (to.op === 'bcast' || (ELEMENTWISE.has(to.op) && !same)) return from.shape.length === 0 ? 'broadcast ↦ sum' : 'broadcast ↦ sum';
  if (to.op === 'transpose') return 'ᵀ ↦ ᵀ';
  if (to.op === 'norm') return 'norm';
  return '';
}

/** The tensor graph as the graph view draws it: every node with its shape, value and adjoint (arrays). */
export function buildTensorGraphModel(g: TensorGraph, opts: { direction: GraphDirection }): GraphModel {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const nodes: GraphNodeModel[] = g.nodes.map((n) => ({
    id: n.id, op: n.op, label: nodeLabel(g, n, byId), value: NaN, adjoint: NaN,
    ...(n.isInput ? { isInput: true } : {}),
    ...(n.isOutput ? { isOutput: true } : {}),
    shape: n.value !== null && n.value !== undefined ? shapeOf(n.value) : [...n.shape],
    tensorValue: n.value,
    ...(n.adjoint !== undefined ? { tensorAdjoint: n.adjoint } : {}),
  }));
  const edges: GraphEdgeModel[] = g.edges.map((e) => ({ from: e.from, to: e.to, local: edgeLabel(byId.get(e.from)!, byId.get(e.to)!), localValue: NaN }));
  return { output: 'f', outputs: ['f'], nodes, edges, direction: opts.direction, collapsed: 0, totalNodes: nodes.length };
}

// ---- the point editor's fill actions ----------------------------------------------------------------------

/**
 * A value of `shape` filled as asked: random entries in [−1, 1], zeros, ones, the identity (square matrices; a
 * vector of ones otherwise) or a symmetric positive definite matrix (AᵀA/n + I from a random A).
 */
export function fillValue(shape: readonly number[], fill: TensorFill, rand: () => number): Nested {
  const make = (f: (i: number, j: number) => number): Nested =>
    shape.length === 0 ? f(0, 0) : shape.length === 1 ? Array.from({ length: shape[0] }, (_, i) => f(i, 0))
      : Array.from({ length: shape[0] }, (_, i) => Array.from({ length: shape[1] }, (_, j) => f(i, j)));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  switch (fill) {
    case 'zeros': return make(() => 0);
    case 'ones': return make(() => 1);
    case 'identity': return make((i, j) => (shape.length === 2 ? (i === j ? 1 : 0) : 1));
    case 'random': return make(() => round(rand() * 2 - 1));
    case 'spd': {
      if (shape.length !== 2 || shape[0] !== shape[1]) return make(() => round(0.5 + rand()));
      const n = shape[0];
      const a = Array.from({ length: n }, () => Array.from({ length: n }, () => rand() * 2 - 1));
      // AᵀA/n + I: symmetric, eigenvalues ≥ 1
      return make((i, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[k][i] * a[k][j];
        return round(s / n + (i === j ? 1 : 0));
      });
    }
  }
}

/** `value` with the entry at `index` replaced (a copy; undefined when the index is outside the shape). */
export function withEntry(value: Nested, index: readonly number[], x: number): Nested | undefined {
  const shape = shapeOf(value);
  if (index.length !== shape.length || index.some((i, k) => i >= shape[k])) return undefined;
  if (shape.length === 0) return x;
  const copy = (value as Nested[]).map((r) => (Array.isArray(r) ? [...r] : r));
  if (shape.length === 1) copy[index[0]] = x;
  else (copy[index[0]] as Nested[])[index[1]] = x;
  return copy;
}

/**
 * An edit of a vectorised selection's point: a size field (arrays whose shape uses that size go back to the
 * engine's default), one entry of an array, or a fill action. False when it names nothing shown.
 */
export function tensorEdit(o: Overrides, model: ViewModel, msg: Extract<WebviewToHost, { type: 'tensorDim' | 'tensorEntry' | 'tensorFill' }>, rand: () => number = seededRandom(Date.now())): boolean {
  const tv = model.tensor;
  if (!tv) return false;
  if (msg.type === 'tensorDim') {
    if (!tv.dims.some((d) => d.symbol === msg.symbol)) return false;
    o.dims = { ...(o.dims ?? {}) };
    setOwn(o.dims, msg.symbol, msg.size);
    for (const i of tv.inputs) {
      if (!i.symbolic.includes(msg.symbol) || !o.tensorAt || !Object.hasOwn(o.tensorAt, i.name)) continue;
      delete o.tensorAt[i.name];
      delete o.sources[i.name];
    }
    return true;
  }
  const input = tv.inputs.find((i) => i.name === msg.name);
  if (!input) return false;
  let next: Nested | undefined;
  if (msg.type === 'tensorEntry') next = withEntry(input.value, msg.index, msg.value);
  else next = fillValue(input.shape, msg.fill, rand);
  if (next === undefined) return false;
  o.tensorAt = { ...(o.tensorAt ?? {}) };
  setOwn(o.tensorAt, msg.name, next);
  o.sources[msg.name] = msg.type === 'tensorFill' && msg.fill === 'random' ? 'random' : 'user';
  return true;
}

/**
 * The document's values that fit the inputs: a number for a scalar, a vector for a vector (a MATLAB row or
 * column is one), a matrix for a matrix. Sizes are the engine's to check (a mismatch is its error, with positions).
 */
export function documentHits(inputs: readonly Pick<TensorInputView, 'name' | 'symbolic'>[], found: Record<string, Nested>): Record<string, Nested> {
  const out: Record<string, Nested> = {};
  for (const i of inputs) {
    if (!Object.hasOwn(found, i.name)) continue;
    let v = found[i.name];
    const rank = i.symbolic.length;
    const s = shapeOf(v);
    if (rank === 1 && s.length === 2 && (s[0] === 1 || s[1] === 1)) v = entries(v);
    if (shapeOf(v).length !== rank) continue;
    setOwn(out, i.name, v);
  }
  return out;
}
