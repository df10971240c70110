import { lineColumn, PartialsError, quote, withPosition, hasPosition } from '../errors';
import {
  adjoints, analyzeTensor, bindDims, defaultPoint, Evaluator, pointFor, formatShape, gradients, printTensor, readNumpy, readTensor, readTensorMath, tensorLanguageOf, toNested,
  type TensorLanguage,
  type Dim, type Nested, type Shape, type TensorAnalysis, type TensorCheck, type TensorPartial, type TensorPoint, type TensorTerm, type TGraph, type TNodeId,
} from '.';
import { errorText, shortNumber } from '../number';
import { generateTensorCode, TENSOR_STYLES, TENSOR_TARGETS, type TensorCodegenOptions, type TensorCodegenResult, type TensorStyle, type TensorTargetId } from '.';
import { setOwn } from '../own';
import { inspect as inspectScalar } from '../model';
import { ResultTooLarge } from '../formsize';
import { entrywise } from './entrywise';
import { t as l10n } from '../l10n';

/**
 * A tensor session, shared by the CLI and the extension's engine: the `--at` arrays and `--shape` sizes, the
 * decision whether a selection goes to the tensor engine or stays with the scalar one, and the JSON, text and DOT
 * of tensor results. The scalar path and its JSON are untouched: a selection only comes here when it uses arrays.
 */

export type { TensorLanguage };

// ---- --at and --shape -----------------------------------------------------------------------------------

/** Splits on `sep` outside brackets and parentheses. */
export function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

const NAMED: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, Infinity: Infinity, '-inf': -Infinity, '-Infinity': -Infinity, nan: NaN, NaN: NaN };

function readNumber(text: string, part: string): number {
  const t = text.trim();
  if (Object.hasOwn(NAMED, t)) return NAMED[t];
  const v = t === '' ? NaN : Number(t);
  if (Number.isNaN(v)) throw new PartialsError(l10n("Cannot read the point {0}: {1} is not a number. Write name=number or name=[…], e.g. --at 'X=[[1,2],[3,4]],w=[0.5,-1],c=2'.", quote(part), quote(t)), 'input');
  return v;
}

/** `[[1,2],[3,4]]` → nested arrays of numbers (entries as --at numbers: 1e-3, -2, .5, pi). */
function readNested(text: string, part: string): Nested {
  let i = 0;
  const s = text;
  const fail = (why: string): never => {
    throw new PartialsError(l10n('Cannot read the array in {0}: {1}. Write it as nested brackets, e.g. [[1,2],[3,4]].', quote(part), why), 'input');
  };
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const value = (): Nested => {
    ws();
    if (s[i] === '[') {
      i++;
      const items: Nested[] = [];
      ws();
      if (s[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') {
          i++;
          return items;
        } else fail((i >= s.length ? l10n('a closing bracket is missing') : l10n('unexpected {0} at character {1}', quote(s[i]), i + 1)));
      }
    }
    const start = i;
    while (i < s.length && !/[,\]\s[]/.test(s[i])) i++;
    if (start === i) fail((i >= s.length ? l10n('the text ended inside the array') : l10n('unexpected {0} at character {1}', quote(s[i]), i + 1)));
    return readNumber(s.slice(start, i), part);
  };
  const v = value();
  ws();
  if (i < s.length) fail(l10n('unexpected {0} after the array', quote(s.slice(i))));
  return v;
}

export interface ParsedPoint {
  /** Every pair, numbers and nested arrays. */
  values: Record<string, Nested>;
  /** Some value is an array. */
  hasArray: boolean;
}

/** `--at 'X=[[1,2],[3,4]],w=[0.5,-1],c=2'` (repeatable): pairs separated by commas outside brackets. */
export function parseTensorPoint(texts: readonly string[] | undefined): ParsedPoint | undefined {
  if (!texts?.length) return undefined;
  const values: Record<string, Nested> = {};
  let hasArray = false;
  for (const text of texts) {
    for (const part of splitTopLevel(text)) {
      const m = /^([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*([\s\S]+)$/u.exec(part);
      if (!m) throw new PartialsError(l10n("Cannot read the point {0}: write it as name=number or name=[…], e.g. --at x=1,y=2.5 or --at 'w=[0.5,-1]'.", quote(part)), 'input');
      const raw = m[2].trim();
      const v = raw.startsWith('[') ? readNested(raw, part) : readNumber(raw, part);
      if (Array.isArray(v)) hasArray = true;
      Object.defineProperty(values, m[1], { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return { values, hasArray };
}

/** `--shape X=4x3,w=3,c=1x1` → {X: [4, 3], w: [3]}; `c=` or `c=scalar` is a scalar; sizes may be names (n). */
export function parseShapes(text: string | undefined): Record<string, Shape> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, Shape> = {};
  for (const part of splitTopLevel(text)) {
    const m = /^([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*(.*)$/u.exec(part);
    const dims = m ? (m[2].trim() === '' || m[2].trim() === 'scalar' ? [] : m[2].split(/[x×*]/).map((d) => d.trim())) : undefined;
    const bad = !m || !dims || dims.some((d) => !/^([1-9]\d*|[A-Za-z_]\w*)$/.test(d));
    if (bad) throw new PartialsError(l10n('Cannot read the shape {0}: write name=rows x columns, e.g. --shape X=4x3,w=3.', quote(part)), 'input');
    if (dims.length > 2) throw new PartialsError(l10n('The shape {0} has rank {1}: only scalars, vectors and matrices are supported.', quote(part), dims.length), 'unsupported');
    Object.defineProperty(out, m[1], { value: dims.map((d) => (/^\d+$/.test(d) ? Number(d) : d)), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The scalar `--at` text of a parsed point without arrays (for the scalar engine, as before). */
export const scalarAtText = (texts: readonly string[] | undefined): string | undefined => (texts?.length ? texts.join(',') : undefined);

// ---- routing ----------------------------------------------------------------------------------------------

/** The tensor reader for a --lang (undefined: a language the tensor engine does not read). */
export function tensorLanguage(lang: string | undefined, source: string): TensorLanguage | undefined {
  if (lang !== undefined && lang !== 'auto') return tensorLanguageOf(lang);
  return /\b(np|jnp|numpy|scipy)\s*\.|@|\.T\b|\*\*|^[^\S\n\r\u2028\u2029]*(def|import|from)\s/m.test(source) ? 'numpy' : 'math';
}

/** Text that only makes sense with arrays: `@`, `.T`, np.sum/mean/dot…, a transpose `'` in math. */
export function looksVectorised(source: string, lang: TensorLanguage): boolean {
  if (lang === 'numpy') {
    return /@|\.T\b|\b(torch|F)\s*\.\s*(sum|mean|mm|matmul|logsumexp|mse_loss|l1_loss|cross_entropy|trace|logdet|norm|linalg|max|min|amax|amin)\b|\.(mm|t|square|norm)\s*\(|\b(np|jnp|numpy)\s*\.\s*(sum|mean|dot|matmul|outer|trace|linalg|transpose|where|array|stack|diag|max|min|amax|amin)\b|\.(sum|mean|dot|reshape|flatten|ravel|max|min|amax|amin)\s*\(/.test(source);
  }
  if (lang === 'julia') return /[\p{L}\p{N}_)\]]'|\.[-+*/^]|\b(abs2|dot|tr|logdet|norm|maximum|minimum)\s*\(|\b\w+\.\(/u.test(source);
  if (lang === 'eigen') return /\.(transpose|squaredNorm|dot|array|inverse|determinant|trace|cwise\w+|colwise|rowwise|llt|ldlt|maxCoeff|minCoeff)\s*\(/.test(source);
  if (lang === 'latex') return /\\\||\^\s*\{?\s*(\\top|T\b|\\intercal|\\mathsf)|\\operatorname\{tr\}|\\det|\\odot/.test(source);
  if (lang === 'matlab') return /[\p{L}\p{N}_)\]]\.?'|\.[*/^]|\\|\b(trace|det|norm)\s*\(|\b(max|min)\s*\(\s*[^,()]+\)|\b(max|min)\s*\([^()]*,\s*\[\]\s*,/u.test(source);
  return /[\p{L}\p{N}_)\]]'(?!\s*\()/u.test(source);
}

/** The names the tensor reader found to be arrays (input or output not a scalar). */
export function usesArrays(a: TensorAnalysis): boolean {
  return Object.values(a.shapes).some((s) => s.length > 0);
}

// ---- analysis ---------------------------------------------------------------------------------------------

export interface TensorRequest {
  source: string;
  lang: TensorLanguage;
  at?: Record<string, Nested>;
  shapes?: Record<string, Shape>;
  wrt?: string[];
  jacobian?: boolean;
  hessian?: boolean;
  check?: boolean;
}

export interface TensorTermJson extends Omit<TensorTerm, 'value'> {
  of: string;
  wrt: string;
  value: Nested | null;
  /** Gradients: as the scalar JSON's field, false when the point is on a kink on this input's path. */
  differentiable?: boolean;
  nonSmooth?: { op: string; reason: string; entry: number[]; span?: { start: number; end: number }; line?: number; column?: number }[];
}

const read = (lang: TensorLanguage) => (source: string, options: Parameters<typeof readTensor>[2]) => readTensor(source, lang, options);

/** Errors from the reader carry their line and column (recomputed from the span when only that is known). */
export function located(e: unknown, source: string): unknown {
  if (e instanceof PartialsError && e.line === 1 && e.column === 1 && e.span) {
    const { line, column } = lineColumn(source, e.span.start);
    return new PartialsError(withPosition(e.message, line, column), e.code, line, column, e.span);
  }
  if (e instanceof PartialsError && !hasPosition(e.message)) {
    return new PartialsError(withPosition(e.message, e.line, e.column), e.code, e.line, e.column, e.span);
  }
  return e;
}

const termJson = (of: string, t: TensorPartial): TensorTermJson => ({
  of, wrt: t.wrt, expr: t.expr, latex: t.latex, text: t.text, value: t.value ?? null, shape: t.shape, ops: t.ops,
  ...(t.differentiable !== undefined ? { differentiable: t.differentiable } : {}),
  ...(t.nonSmooth?.length ? { nonSmooth: t.nonSmooth.map(({ op, reason, entry, line, column, span }) => ({ op, reason, entry, ...(span ? { span } : {}), ...(line !== undefined ? { line, column } : {}) })) } : {}),
});

export interface TensorRun {
  analysis: TensorAnalysis;
  inputs: string[];
  jacobians: TensorTermJson[];
  hessians: TensorTermJson[];
}

/** analyzeTensor plus a Jacobian per input (--jacobian) and a Hessian per vector input (--hessian). */
export function runTensor(req: TensorRequest): TensorRun {
  try {
    const base = { shapes: req.shapes, at: req.at, language: req.lang, check: req.check } as const;
    const probe = read(req.lang)(req.source, { shapes: req.shapes, at: req.at });
    const inputs = probe.inputs;
    if (!inputs.length) throw new PartialsError(l10n('The expression has no input variables: there is nothing to differentiate.'), 'input');
    for (const w of req.wrt ?? []) {
      if (!inputs.includes(w)) throw new PartialsError(l10n('--wrt names {0}, which is not an input; the inputs are {1}.', quote(w), inputs.join(', ')), 'input');
    }
    const wrt = req.wrt?.length ? req.wrt : inputs;
    const scalarOut = probe.graph.isScalar(probe.output);
    const jacobians: TensorTermJson[] = [];
    const hessians: TensorTermJson[] = [];
    let analysis: TensorAnalysis | undefined;
    if (req.jacobian) {
      for (const w of wrt) {
        const a = analyzeTensor(req.source, { ...base, check: req.check && scalarOut, wrt: scalarOut ? wrt : [], jacobian: w });
        analysis ??= a;
        jacobians.push(termJson('f', a.jacobian!));
      }
    }
    analysis ??= analyzeTensor(req.source, { ...base, wrt: scalarOut ? wrt : [] });
    if (req.hessian) {
      if (!scalarOut) throw new PartialsError(l10n('--hessian needs a scalar output; this one has shape {0} (use --jacobian).', formatShape(probe.graph.shape(probe.output))), 'unsupported');
      for (const w of wrt) {
        const s = analysis.shapes[w];
        if (s.length > 1) throw new PartialsError(l10n('--hessian with respect to the matrix {0} would have rank 4; give --wrt with vector or scalar inputs.', quote(w)), 'unsupported');
        const a = analyzeTensor(req.source, { ...base, check: false, wrt: [], hessian: w });
        hessians.push(termJson('f', a.hessian!));
      }
    }
    if (scalarOut && analysis.partials.length === 0) throw new PartialsError(l10n('The gradient is empty: no input to differentiate with respect to.'), 'input');
    return { analysis, inputs, jacobians, hessians };
  } catch (e) {
    throw located(e, req.source);
  }
}

/** `partials inspect` JSON for a tensor selection: the scalar fields where they have a meaning, plus shapes. */
export function inspectJson(r: TensorRun, lang: TensorLanguage, userPoint: readonly string[]) {
  const a = r.analysis;
  const out: Record<string, unknown> = {
    language: lang,
    engine: 'tensor',
    outputs: ['f'],
    inputs: r.inputs,
    constants: [],
    point: a.point,
    pointSource: Object.fromEntries(r.inputs.map((n) => [n, userPoint.includes(n) ? 'user' : 'default'])),
    shapes: a.shapes,
    values: { f: a.output.value ?? null },
    partials: a.partials.map((p) => termJson('f', p)),
    expressions: { f: { expr: a.output.expr, latex: a.output.latex, text: a.output.text, shape: a.output.shape } },
    cost: { fOps: a.output.ops, gradientOps: a.partials.reduce((s, p) => s + p.ops, 0) },
    claims: [],
    warnings: [] as string[],
  };
  if (r.jacobians.length) out.jacobian = r.jacobians;
  if (r.hessians.length) {
    out.hessians = r.hessians;
    // the scalar field's meaning (rows and columns over the inputs' entries) holds for one vector or scalar input
    if (r.hessians.length === 1) out.hessian = { f: asMatrix(r.hessians[0].value) };
  }
  return out;
}

const asMatrix = (v: Nested | null): number[][] => (v === null ? [] : typeof v === 'number' ? [[v]] : (v as Nested[]).every((x) => typeof x === 'number') ? [v as number[]] : (v as number[][]));

// ---- check ------------------------------------------------------------------------------------------------

export interface TensorClaim {
  label: string;
  of: string;
  wrt: string;
  claimed: string;
  result: 'holds' | 'wrong' | 'error';
  proof?: 'numeric';
  correct?: string;
  correctLatex?: string;
  correctText?: string;
  shape?: Dim[];
  points: { point: Record<string, Nested>; claimed: Nested | null; exact: Nested | null; error: number }[];
  failures: { point: Record<string, Nested>; claimed: Nested | null; exact: Nested | null; error: number }[];
  details: string[];
  error?: { message: string; line: number; column: number };
}

/** `df/dw = …`, `dfdw = …`, `df_dw = …`, `grad_w = …`, `dw = …` → [wrt, text]; undefined if not a claim. */
export function parseClaim(text: string, inputs: readonly string[]): { wrt: string; rhs: string } | undefined {
  const m = /^\s*(?:∂f\/∂|df\/d|dfd|df_d|grad_?|d|∂)([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)\s*([\s\S]+)$/u.exec(text);
  if (!m || !inputs.includes(m[1])) return undefined;
  return { wrt: m[1], rhs: m[2].trim() };
}

/** Lines `grad_w = …` / `dW1 = …` in code that name an input are claims, not part of the function. */
export function splitCodeClaims(source: string, lang: TensorLanguage, opts: { shapes?: Record<string, Shape>; at?: Record<string, Nested> }): { source: string; claims: { text: string; line: number }[] } {
  const lines = source.split('\n');
  const candidates = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*(?:grad_?|d)[\p{L}_][\p{L}\p{N}_]*\s*=(?!=)/u.test(l));
  if (!candidates.length) return { source, claims: [] };
  const rest = lines.map((l, i) => (candidates.some((c) => c.i === i) ? '' : l)).join('\n');
  let inputs: string[];
  try {
    inputs = read(lang)(rest, opts).inputs;
  } catch {
    return { source, claims: [] };
  }
  const claims = candidates.filter(({ l }) => parseClaim(l, inputs));
  if (!claims.length) return { source, claims: [] };
  return { source: lines.map((l, i) => (claims.some((c) => c.i === i) ? '' : l)).join('\n'), claims: claims.map(({ l, i }) => ({ text: l.trim(), line: i + 1 })) };
}

function relError(a: Float64Array | number[], b: Float64Array | number[]): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const e = Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k]));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** A claimed gradient, read into the function's own graph and compared with the exact one at three points. */
export function checkTensorClaim(label: string, source: string, lang: TensorLanguage, point: Record<string, Nested>, inputs: readonly string[], shapes: Record<string, Shape> | undefined): TensorClaim {
  const parsed = parseClaim(label, inputs);
  if (!parsed) {
    return {
      label, of: 'f', wrt: '', claimed: '', result: 'error', points: [], failures: [], details: [],
      error: { message: l10n('Cannot read the claim {0}: write df/dw = … (or grad_w = …) with w one of the inputs ({1}).', quote(label), inputs.join(', ')), line: 1, column: 1 },
    };
  }
  const { wrt, rhs } = parsed;
  const res: TensorClaim = { label, of: 'f', wrt, claimed: rhs, result: 'error', points: [], failures: [], details: [] };
  const f = read(lang)(source, { shapes, at: point });
  const tg: TGraph = f.graph;
  const g = gradients(tg, f.output, [wrt]).get(wrt)!;
  const sizes = bindDims(tg, [f.output], point);
  res.correct = printTensor(tg, g, 'expr', { sizes });
  res.correctLatex = printTensor(tg, g, 'latex');
  res.correctText = printTensor(tg, g, 'text');
  res.shape = tg.shape(g);
  let c: TNodeId | undefined;
  const errors: unknown[] = [];
  for (const reader of lang === 'math' ? [readTensorMath, readNumpy] : lang === 'numpy' ? [readNumpy, readTensorMath] : [read(lang), readTensorMath]) {
    try {
      const r = reader(rhs, { graph: tg, at: point, shapes });
      const extra = r.inputs.filter((n) => !inputs.includes(n));
      if (extra.length) throw new PartialsError(l10n('The claim uses {0}, which the function does not have.', extra.map((n) => quote(n)).join(', ')), 'input');
      c = r.output;
      break;
    } catch (e) {
      errors.push(located(e, rhs));
    }
  }
  if (c === undefined) {
    const e = errors[0] instanceof PartialsError ? errors[0] : new PartialsError(String(errors[0]), 'input');
    res.error = { message: e.message, line: e.line, column: e.column };
    return res;
  }
  const want = tg.shape(g), got = tg.shape(c);
  if (want.length !== got.length || want.some((d, i) => d !== got[i])) {
    res.result = 'wrong';
    res.details.push(l10n('The claim has shape {0}; ∂f/∂{1} has the shape of {1}, {2}.', formatShape(got), wrt, formatShape(want)));
    return res;
  }
  const concrete: Record<string, number> = Object.fromEntries(sizes);
  const points: TensorPoint[] = [point, defaultPoint(tg, [f.output], { sizes: concrete, seed: 2 }), defaultPoint(tg, [f.output], { sizes: concrete, seed: 3 })];
  for (const pt of points) {
    const ev = new Evaluator(tg, pt, [g, c]);
    const exact = ev.get(g), claimed = ev.get(c);
    const error = relError(claimed.data, exact.data);
    const pointNested = Object.fromEntries(inputs.map((n) => [n, toNestedAny(pt[n])]));
    const p = { point: pointNested, claimed: toNested(claimed), exact: toNested(exact), error };
    res.points.push(p);
    if (!(error <= 1e-8)) res.failures.push(p);
  }
  res.result = res.failures.length ? 'wrong' : 'holds';
  if (res.result === 'holds') {
    res.proof = 'numeric';
    res.details.push(l10n('Agrees with the exact gradient at {0} points (worst relative error {1}).', res.points.length, Math.max(...res.points.map((p) => p.error)).toExponential(2)));
  }
  return res;
}

const toNestedAny = (v: TensorPoint[string] | undefined): Nested => (v === undefined ? NaN : typeof v === 'number' || Array.isArray(v) ? (v as Nested) : toNested(v));

export interface TensorCheckJson {
  engine: 'tensor';
  language: TensorLanguage;
  ok: boolean;
  point: Record<string, Nested>;
  shapes: Record<string, Dim[]>;
  expressions: Record<string, { expr: string; latex: string; text: string; shape: Dim[] }>;
  values: Record<string, Nested | null>;
  partials: (TensorTermJson & { verdict: TensorCheck['verdict']; check: TensorCheck })[];
  claims: TensorClaim[];
  warnings: string[];
}

export function checkJson(r: TensorRun, lang: TensorLanguage, claims: TensorClaim[]): TensorCheckJson {
  const a = r.analysis;
  const partials = a.partials.map((p) => ({ ...termJson('f', p), verdict: p.check!.verdict, check: p.check! }));
  return {
    engine: 'tensor',
    language: lang,
    ok: partials.every((p) => p.verdict === 'ok') && claims.every((c) => c.result === 'holds'),
    point: a.point,
    shapes: a.shapes,
    expressions: { f: { expr: a.output.expr, latex: a.output.latex, text: a.output.text, shape: a.output.shape } },
    values: { f: a.output.value ?? null },
    partials,
    claims,
    warnings: [],
  };
}

// ---- graph ------------------------------------------------------------------------------------------------

export interface TensorGraphNode {
  id: number;
  op: string;
  label: string;
  text: string;
  shape: Dim[];
  /** The value at the point (nested array) and ∂f/∂node (for a scalar output). */
  value: Nested | null;
  adjoint?: Nested | null;
  name?: string;
  isInput?: boolean;
  isOutput?: boolean;
}

const OP_LABEL: Record<string, string> = { add: '+', sub: '−', mul: '⊙', div: '⊘', neg: '−', pow: '^', matmul: '@', transpose: 'ᵀ' };

export function tensorGraphJson(source: string, lang: TensorLanguage, at: Record<string, Nested> | undefined, shapes: Record<string, Shape> | undefined) {
  try {
    const f = read(lang)(source, { shapes, at });
    const tg = f.graph;
    const point = pointFor(tg, f.output, f.inputs, at);
    const reach = new Set<TNodeId>();
    const stack = [f.output];
    while (stack.length) {
      const n = stack.pop()!;
      if (reach.has(n)) continue;
      reach.add(n);
      stack.push(...tg.args[n]);
    }
    const ids = [...reach].sort((x, y) => x - y);
    const ev = new Evaluator(tg, point, ids);
    const adj = tg.isScalar(f.output) ? adjoints(tg, f.output) : undefined;
    const adjIds = adj ? ids.filter((n) => adj[n] >= 0) : [];
    const adjEv = adj ? new Evaluator(tg, point, adjIds.map((n) => adj[n])) : undefined;
    const nodes: TensorGraphNode[] = ids.map((n) => {
      const op = tg.op[n];
      const label = op === 'var' || op === 'const' ? tg.name[n] : op === 'num' ? String(tg.val[n]) : op === 'fn' ? tg.name[n] : OP_LABEL[op] ?? op;
      const node: TensorGraphNode = { id: n, op, label, text: printTensor(tg, n, 'text'), shape: tg.shape(n), value: toNested(ev.get(n)) };
      if (adj && adjEv) node.adjoint = adj[n] >= 0 ? toNested(adjEv.get(adj[n])) : null;
      if (op === 'var') node.isInput = true;
      if (n === f.output) node.isOutput = true;
      return node;
    });
    const edges = ids.flatMap((n) => tg.args[n].map((a) => ({ from: a, to: n })));
    const shapesOut: Record<string, Dim[]> = {};
    for (const name of f.inputs) setOwn(shapesOut, name, tg.shape(tg.lookupVariable(name)!));
    shapesOut.f = tg.shape(f.output);
    return { engine: 'tensor', output: 'f', point: Object.fromEntries(f.inputs.map((n) => [n, toNestedAny(point[n])])), shapes: shapesOut, nodes, edges };
  } catch (e) {
    throw located(e, source);
  }
}

const dq = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[{}|<>]/g, (c) => `\\${c}`)}"`;

export function tensorGraphToDot(view: ReturnType<typeof tensorGraphJson>): string {
  const lines = ['digraph "f" {', '  rankdir=LR;', '  node [shape=record, fontname="Helvetica"];'];
  for (const n of view.nodes) {
    const style = n.isOutput ? ', style=bold' : n.isInput ? ', style=filled, fillcolor="#e8f0fe"' : '';
    const label = `{ ${esc(n.label)} | shape ${esc(formatShape(n.shape))} | data ${esc(short(n.value))}${n.adjoint !== undefined ? ` | grad ${esc(short(n.adjoint))}` : ''} }`;
    lines.push(`  n${n.id} [label="${label.replace(/"/g, '\\"')}"${style}, tooltip=${dq(n.text)}];`);
  }
  for (const e of view.edges) lines.push(`  n${e.from} -> n${e.to};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/[{}|<>"]/g, (c) => `\\${c}`);

/** A value in one short line: a number, or its size when it has more than 6 entries. */
function short(v: Nested | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return fmt(v);
  const flat = (v as unknown[]).flat(2) as number[];
  if (flat.length > 6) return `${flat.length} entries`;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(4)) : x));
}

// ---- text -------------------------------------------------------------------------------------------------

const fmt = (v: number) => shortNumber(v);
const shapeText = (s: readonly Dim[]) => (s.length ? s.join('×') : 'scalar');

/** A value readably: a number, a vector on one line, a matrix as rows (at most 8 × 8 entries, then "…"). */
export function formatValue(v: Nested | null | undefined, indent: string): string[] {
  if (v === null || v === undefined) return [`${indent}—`];
  if (typeof v === 'number') return [`${indent}${fmt(v)}`];
  const row = (r: number[]) => `[ ${r.slice(0, 8).map(fmt).join(', ')}${r.length > 8 ? `, … (${r.length})` : ''} ]`;
  if (v.every((x) => typeof x === 'number')) return [`${indent}${row(v as number[])}`];
  const rows = v as number[][];
  return [...rows.slice(0, 8).map((r) => `${indent}${row(r)}`), ...(rows.length > 8 ? [`${indent}… (${rows.length} rows)`] : [])];
}

export function formatTensorInspect(r: TensorRun, lang: TensorLanguage): string {
  const a = r.analysis;
  const lines: string[] = [];
  lines.push(`language: ${lang} (tensor)   inputs: ${r.inputs.join(', ')}`);
  lines.push(`shapes: ${Object.entries(a.shapes).map(([k, s]) => `${k} ${shapeText(s)}`).join(', ')}`);
  lines.push('at');
  for (const n of r.inputs) {
    const v = a.point[n];
    if (typeof v === 'number') lines.push(`  ${n} = ${fmt(v)}`);
    else lines.push(`  ${n} =`, ...formatValue(v, '    '));
  }
  lines.push('');
  lines.push(`f = ${a.output.text}   (${shapeText(a.output.shape)})`);
  lines.push(...formatValue(a.output.value, '    = '));
  for (const p of a.partials) {
    lines.push(`  ∂f/∂${p.wrt} = ${p.text}   (${shapeText(p.shape)})`);
    lines.push(...formatValue(p.value, '    '));
  }
  for (const j of r.jacobians) {
    lines.push(`  Jacobian ∂f/∂${j.wrt} = ${j.text}   (${shapeText(j.shape)})`);
    lines.push(...formatValue(j.value, '    '));
  }
  for (const h of r.hessians) {
    lines.push(`  Hessian ∂²f/∂${h.wrt}² = ${h.text}   (${shapeText(h.shape)})`);
    lines.push(...formatValue(h.value, '    '));
  }
  return lines.join('\n') + '\n';
}

const err = errorText;

export function formatTensorCheck(r: TensorCheckJson): string {
  const lines: string[] = [];
  lines.push(`language: ${r.language} (tensor)   shapes: ${Object.entries(r.shapes).map(([k, s]) => `${k} ${shapeText(s)}`).join(', ')}`);
  lines.push('');
  lines.push(`f = ${r.expressions.f.text}`);
  for (const p of r.partials) {
    const c = p.check;
    lines.push(`  ∂f/∂${p.wrt} = ${p.text}   (${shapeText(p.shape)})   ${c.verdict === 'ok' ? '✓' : '✗'} ${c.verdict}`);
    lines.push(...formatValue(p.value, '    '));
    lines.push(`    central differences: ${c.entriesChecked} entries, worst error ${err(c.worstEntryError)} at [${c.worstEntry.join(', ')}]`);
    lines.push(`    directional difference ${err(c.directionalError)}, forward AD ${err(c.forwardError)}, reverse AD ${err(c.reverseError)}, complex step ${c.complexStepError !== undefined ? err(c.complexStepError) : `skipped: ${c.complexStepSkipped ?? ''}`}`);
  }
  if (r.claims.length) {
    lines.push('', 'Claims:');
    for (const c of r.claims) {
      lines.push(`  ${c.result === 'holds' ? '✓' : '✗'} ${c.label}: ${c.result}${c.result === 'holds' ? ' (checked numerically)' : ''}`);
      if (c.result === 'wrong') {
        for (const d of c.details) lines.push(`      ${d}`);
        const f = c.failures[0];
        if (f) lines.push(`      worst relative error ${err(f.error)}; claimed`, ...formatValue(f.claimed, '        '), '      exact', ...formatValue(f.exact, '        '));
        lines.push(`      correct: ∂f/∂${c.wrt} = ${c.correctText ?? c.correct ?? ''}`);
      } else if (c.result === 'error') lines.push(`      ${c.error?.message ?? ''}`);
    }
  }
  lines.push('');
  lines.push(r.ok ? 'All checks passed.' : 'Some checks FAILED.');
  return lines.join('\n') + '\n';
}

// ---- the routing decision -----------------------------------------------------------------------------------

export type Routed<T> = { kind: 'scalar'; result: T } | { kind: 'tensor'; lang: TensorLanguage; run: TensorRun };

/**
 * Scalar or tensor: a selection goes straight to the tensor engine when its point has an array or --shape is
 * given. Otherwise the scalar engine runs first, exactly as before (its output is unchanged), and the tensor
 * result replaces it only when the scalar engine refuses the text (an array construct: `@`, `.T`, `'`, `np.sum`,
 * `sum`, indexing …) or finds no partial at all, and the tensor reader reads it with some array. When both
 * refuse the text, the tensor engine's error is shown if the text only makes sense with arrays (`@`, `.T`,
 * `np.sum`, a transpose `'`), else the scalar engine's. A scalar error that is a size limit (code 'limit') is reported
 * as it is, without trying the tensor engine.
 */
export function route<T extends { partials: unknown[] }>(
  req: { source: string; lang: string | undefined; at?: ParsedPoint; shapes?: Record<string, Shape> },
  scalar: () => T,
  tensor: (lang: TensorLanguage) => TensorRun,
): Routed<T> {
  const tl = tensorLanguage(req.lang, req.source);
  if (!tl) {
    if (req.at?.hasArray || req.shapes) throw new PartialsError(l10n('Arrays (--at with […], --shape) are read in math and Python/NumPy (--lang python); --lang {0} is read as scalar code.', quote(req.lang ?? '')), 'input');
    return { kind: 'scalar', result: scalar() };
  }
  if (req.at?.hasArray || req.shapes) return { kind: 'tensor', lang: tl, run: tensor(tl) };
  let result: T;
  try {
    result = scalar();
  } catch (e) {
    // a size limit (too long, nested too deeply, too many nodes, partials too large to print): the tensor engine
    // would read the same text no faster (seconds in the worker for nothing); the scalar engine's message stands
    if (e instanceof ResultTooLarge || (e instanceof PartialsError && e.code === 'limit')) throw e;
    const t = tryTensor(() => tensor(tl));
    if (t.run) return { kind: 'tensor', lang: tl, run: t.run };
    throw looksVectorised(req.source, tl) && t.error !== undefined ? t.error : e;
  }
  if (result.partials.length === 0) {
    const t = tryTensor(() => tensor(tl));
    if (t.run) return { kind: 'tensor', lang: tl, run: t.run };
  }
  return { kind: 'scalar', result };
}

function tryTensor(f: () => TensorRun): { run?: TensorRun; error?: unknown } {
  try {
    const r = f();
    return usesArrays(r.analysis) ? { run: r } : {};
  } catch (e) {
    return { error: e };
  }
}

// ---- codegen ------------------------------------------------------------------------------------------------

export interface TensorCodegenRequest {
  source: string;
  lang: string | undefined;
  target: string;
  style?: string;
  form: 'statements' | 'function';
  name?: string;
  output?: string;
  wrt?: string[];
  at?: ParsedPoint;
  shapes?: Record<string, Shape>;
  /** Where the code goes (the extension's insert commands): indentation, line ending, the enclosing function's parameter order, a Hessian. */
  layout?: Pick<TensorCodegenOptions, 'indent' | 'eol' | 'paramOrder' | 'hessian' | 'avoid'>;
}

const SCALAR_ONLY_TARGETS = new Set(['python', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'latex']);
const isTensorTarget = (t: string): t is TensorTargetId => (TENSOR_TARGETS as readonly string[]).includes(t);

/**
 * Scalar or vectorised code: `jax` and `eigen` are vectorised only; for numpy, pytorch, matlab and julia a
 * selection is vectorised when its point has an array or --shape is given, or when the scalar engine refuses
 * it (or finds no partial) and the tensor reader reads it with some array — the routing of `inspect`.
 */
export function wantsTensorCodegen<M extends { outputs?: unknown }>(req: TensorCodegenRequest, scalar: () => M): { kind: 'scalar'; model: M } | { kind: 'tensor'; lang: TensorLanguage } {
  const tl = tensorLanguage(req.lang, req.source);
  const arrays = Boolean(req.at?.hasArray || req.shapes);
  if (!isTensorTarget(req.target)) {
    if (arrays) throw new PartialsError(l10n('--target {0} has no vectorised code; the vectorised targets are {1}.', quote(req.target), TENSOR_TARGETS.join(', ')), 'input');
    return { kind: 'scalar', model: scalar() };
  }
  if (req.target === 'jax' || req.target === 'eigen' || arrays) {
    if (!tl) throw new PartialsError(l10n('Vectorised code is generated from math and Python/NumPy input; --lang {0} is read as scalar code.', req.lang ?? ''), 'input');
    return { kind: 'tensor', lang: tl };
  }
  if (!tl || SCALAR_ONLY_TARGETS.has(req.target)) return { kind: 'scalar', model: scalar() };
  let model: M;
  try {
    model = scalar();
  } catch (e) {
    const t = tryRead(req, tl);
    if (t.ok) return { kind: 'tensor', lang: tl };
    throw looksVectorised(req.source, tl) && t.error !== undefined ? t.error : e;
  }
  return { kind: 'scalar', model };
}

function tryRead(req: TensorCodegenRequest, tl: TensorLanguage): { ok: boolean; error?: unknown } {
  try {
    const r = read(tl)(req.source, { shapes: req.shapes, at: req.at?.values });
    const arrays = r.inputs.some((n) => r.graph.rank(r.graph.lookupVariable(n)!) > 0) || r.graph.rank(r.output) > 0;
    return { ok: arrays };
  } catch (e) {
    return { ok: false, error: located(e, req.source) };
  }
}

/** Vectorised gradient code for a tensor selection. */
export function tensorCodegen(req: TensorCodegenRequest, lang: TensorLanguage): TensorCodegenResult {
  const style = req.style ?? 'closed';
  if (!(TENSOR_STYLES as readonly string[]).includes(style)) {
    throw new PartialsError(l10n('--style {0} is not available for vectorised code; use {1}.', quote(style), TENSOR_STYLES.join(l10n(' or '))), 'input');
  }
  if (req.form !== 'statements' && req.form !== 'function') throw new PartialsError(l10n('--form must be statements or function, not {0}.', quote(String(req.form))), 'input');
  try {
    return generateTensorCode(req.source, {
      target: req.target as TensorTargetId, style: style as TensorStyle, form: req.form, name: req.name, output: req.output,
      wrt: req.wrt?.length ? req.wrt : undefined, language: lang, shapes: req.shapes, at: req.at?.values, ...req.layout,
    });
  } catch (e) {
    throw located(e, req.source);
  }
}

// ---- the entrywise view ----------------------------------------------------------------------------------------

/** One entry's partial, as the scalar engine gives it for the selection written entry by entry. */
export interface EntrywisePartialJson {
  /** The entry's name in the scalar formula (w_2, X_12) and where it sits (0-based). */
  name: string;
  index: number[];
  expr: string;
  latex: string;
  text: string;
  value: number;
}

export type EntrywiseJson = { entries: EntrywisePartialJson[] } | { unavailable: string };

/**
 * The partials of every entry of each of `wrt` (entrywise.ts writes the selection out entry by entry at the point's
 * sizes; the scalar engine differentiates that), at the point the analysis uses for `at` (given, or the default).
 * `{ unavailable }` says why not (too many entries, an inverse …).
 */
export function entrywiseJson(source: string, lang: TensorLanguage, at: Record<string, Nested> | undefined, shapes: Record<string, Shape> | undefined, wrt: readonly string[]): Record<string, EntrywiseJson> {
  const { graph, output, inputs } = readTensor(source, lang, { shapes, at });
  const point = pointFor(graph, output, inputs, at);
  const out: Record<string, EntrywiseJson> = {};
  for (const w of wrt) setOwn(out, w, entrywiseOf(graph, output, point, w));
  return out;
}

function entrywiseOf(graph: TGraph, output: TNodeId, point: TensorPoint, wrt: string): EntrywiseJson {
  try {
    const e = entrywise(graph, output, point, wrt);
    const names = e.entries.map((x) => x.name);
    const r = inspectScalar({ source: e.source, language: 'math', at: e.at, wrt: names });
    const byName = new Map(r.partials.map((p) => [p.wrt, p]));
    return {
      entries: e.entries.map((x) => {
        const p = byName.get(x.name);
        if (!p) throw new PartialsError(l10n('no partial for {0}', x.name), 'unsupported');
        return { name: x.name, index: x.index, expr: p.expr, latex: p.latex, text: p.text, value: p.value };
      }),
    };
  } catch (err) {
    if (!(err instanceof PartialsError)) throw err;
    return { unavailable: err.message };
  }
}
