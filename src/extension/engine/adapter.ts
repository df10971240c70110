/**
 * The engine as the extension uses it: every operation the views and commands need (inspection, the graph view,
 * numeric checks, code generation and placement, the hover's rows, the `.dx` analysis), synchronous and pure.
 * It runs in the worker thread (worker.ts); client.ts is the one async, cancellable way the extension reaches it.
 * Check results are mapped to the webview's view-model types here (pure mapping functions, unit-tested).
 */
import { buildModel, graphView, inspect, type GraphView, type InspectRequest, type InspectResult } from '../../core/index';
import { translateProgram } from '../../core/codegen/generate';
import { check, type CheckResult, type ClaimCheck, type PartialCheck, type SweepResult } from '../../core/check';
import { generateFromSource, TARGETS, type CodegenForm, type CodegenResult, type CodegenStyle, type TargetId } from '../../core/codegen';
import { placeCode, type Placement } from '../../core/codegen/placement';
import { analyzeDx, DxCache, dxTargetAt, type DxAnalysis, type DxTarget } from '../../core/dx';
import { statementAt } from '../../core/frontend/document';
import { documentPoint } from './documentPoint';
import type { ChecksView, CheckMethodRow, CheckRow, ClaimRow, GraphModel, Notation, SweepView } from '../../shared/protocol';
import { buildGraphModel, type GraphModelOptions } from './graphModel';
import { formatNumber } from '../../shared/format';
import { VIEW_CHECK_WORK, VIEW_GRAPH_NODES, VIEW_LOCAL_CHARS, viewBindingsOf, viewPartialsOf, type ViewResult } from './viewLimits';
import { position } from '../../core/errors';
import { hoverData, type HoverData } from '../hover/content';
import type { SvgStyle } from '../hover/mathSvg';
import { checkJson, entrywiseJson, inspectJson, route, runTensor, tensorGraphJson, tensorLanguage, type EntrywiseJson, type TensorCheckJson, type TensorTermJson } from '../../core/tensor/session';
import { directionalSweep, Evaluator, fromNested, gradients, inner, randomDirections, readTensor, type Dim, type Nested, type Shape, type TensorLanguage } from '../../core/tensor';
import { PartialsError } from '../../core/errors';
import { tensorHoverData } from '../hover/tensorContent';
import { t as l10n } from '../l10n';
import { selectionPoint, tensorCode, tensorLatex, type TensorCode, type TensorCodeOptions } from '../commands/tensorCode';
import { documentArrays as documentArraysIn } from '../../core/tensor/documentArrays';

export interface CheckOptions {
  atol: number;
  rtol: number;
  /** Run the step-size study for this partial. */
  sweep?: { of: string; wrt: string };
  /** Extra claims to verify (`df/dx = …`), besides those the front end finds in the source. */
  claims?: string[];
}

export interface CodeOptions {
  target: TargetId;
  style: CodegenStyle;
  form: CodegenForm;
  indent?: string;
  eol?: string;
  documentText?: string;
  /** The enclosing function's parameter order (function form), and the base name of the function. */
  paramOrder?: string[];
  name?: string;
  /**
   * Refuse (PartialsError, code 'limit', naming the size) code longer than this many characters: the inspector's Code
   * section, which shows VIEW_CODE_CHARS at most (Insert Gradient Code sets no limit). Code is linear in the graph.
   */
  maxChars?: number;
}

export interface HoverOptions {
  style: SvgStyle;
  digits: number;
  notation: Notation;
}

/** A `.dx` analysis as it crosses the thread boundary: everything but the graph and the definitions map. */
export type DxView = Omit<DxAnalysis, 'graph' | 'definitions'>;

export interface Engine {
  inspect(req: InspectRequest): InspectResult;
  /**
   * `inspect` as the inspector shows it, for the message from the worker to stay bounded: a result whose partials
   * share let-bindings and whose self-contained forms would run past VIEW_FORMS_BUDGET characters in all (softmax
   * cross-entropy over 1 024 logits: 40 MB) carries, in each partial that has one, its compact form (over
   * `bindings`, what the view shows) in place of the self-contained `expr`, `latex` and `text`. The size is
   * estimated before printing (core inspect `forms: 'auto'`), so those self-contained forms are never built (the
   * product of 3 300 variables: 0.3 s instead of over 30 s); viewFormsOf still applies when the estimate fell short.
   * Otherwise the same as `inspect` (and the same kept computation).
   */
  inspectView(req: InspectRequest): ViewResult;
  graph(req: InspectRequest, output?: string): GraphView;
  /**
   * The graph as the inspector draws it (graphModel.ts: chains, literals and repeated terms folded past the
   * threshold), built here rather than on the extension host: a large graph's model is work the host must not do,
   * and the message stays as small as what is drawn.
   */
  graphModel(req: InspectRequest, output: string | undefined, opts: GraphModelOptions): GraphModel;
  check(req: InspectRequest, opts: CheckOptions): { checks: ChecksView; sweep?: SweepView };
  code(req: InspectRequest, opts: CodeOptions): CodegenResult;
  /** One line of code per partial (`df_dx = …` in the target's syntax), keyed `${of}/${wrt}`. */
  partialCode(partials: Array<{ of: string; wrt: string; expr: string }>, target: TargetId): Map<string, string>;
  /**
   * `inspectView` and `partialCode` of its partials (those in self-contained form: codeablePartials) in one call:
   * the inspector's first model needs both, and one round trip to the worker is shorter than two.
   */
  inspectViewCode(req: InspectRequest, target: TargetId): { result: ViewResult; partialCode: Map<string, string> };
  /** Where generated code goes in a document (codegen/placement.ts). */
  place(text: string, languageId: string, selStart: number, selEnd: number, form: CodegenForm): Placement;
  /** The analysis of a `.dx` scratch pad (kept, per text, for dxTarget). */
  dx(text: string): DxView;
  /**
   * The analysis of a `.dx` scratch pad within a budget for its blocks and claims (DxOptions.budgetMs): what does not
   * fit is pending (DxView.pending > 0), and the next call for the same text goes on from there (the worker's
   * DxCache keeps what is done).
   */
  dxWithin(text: string, budgetMs: number): DxView;
  /** The inspector's request for the statement at `offset` of a `.dx` text (from the kept analysis). */
  dxTarget(text: string, offset: number): DxTarget | undefined;
  /** The statement around `offset` of a document (a hover in `always` mode). */
  statementAt(text: string, offset: number, languageId: string): { start: number; end: number } | undefined;
  /** The numbers a document assigns to `names` above `offset` ("point from document"). */
  documentPoint(names: string[], text: string, languageId: string, offset: number): Record<string, number>;
  /**
   * Scalar or tensor, decided by session.route exactly as `partials inspect` decides (the scalar engine first
   * unless arrays or sizes are given; the tensor engine when it refuses the text or finds no partial and the
   * tensor reader reads it with arrays). `scalar` is the scalar request (re-run here for the decision).
   */
  tensorInspect(req: TensorInspectRequest, scalar: InspectRequest): { kind: 'scalar' } | { kind: 'tensor'; result: TensorInspectJson };
  /** The tensor graph (nodes with shapes, values and adjoints) of a selection tensorInspect sent to the tensor engine. */
  tensorGraph(req: TensorInspectRequest): ReturnType<typeof tensorGraphJson>;
  /** The tensor checks (per input: worst entry, directional, AD, complex step) and the step-size study for `sweepWrt`. */
  tensorCheck(req: TensorInspectRequest, sweepWrt?: string): TensorCheckResult;
  /** Numbers and array literals (`np.array([[…]])`, `torch.tensor(…)`, `[1 2; 3 4]`) a document assigns to `names` above `offset`. */
  tensorDocumentPoint(names: string[], text: string, offset: number, languageId: string): Record<string, Nested>;
  /**
   * Vectorised gradient code (NumPy, PyTorch, JAX, MATLAB/Octave, Julia, Eigen) for a selection the scalar engine
   * refuses and the tensor engine reads with arrays; null for scalar code (then `code`). commands/tensorCode.ts.
   */
  tensorCode(req: InspectRequest, opts: TensorCodeOptions): TensorCode | null;
  /** Copy Gradient as LaTeX for a vectorised selection (an aligned block of the gradients in matrix notation); null for scalar code. */
  tensorLatex(req: InspectRequest, eol?: string): string | null;
  /**
   * What a hover shows for a request: a few compact rows, images capped (hover/content.ts); for a vectorised selection
   * the gradients in matrix notation with truncated matrix values, at the document's arrays (`doc`; without it, the engine's point).
   */
  hoverAt(req: InspectRequest, opts: HoverOptions, doc?: { text: string; languageId: string; offset: number }): HoverData;
  /** The array literals (and numbers) a document assigns above `offset` ("From document" for arrays). core/tensor/documentArrays.ts. */
  documentArrays(text: string, languageId: string, offset: number): Record<string, Nested>;
  /** The entrywise view of each of `wrt`: every entry's partial of the selection written out entry by entry (small arrays). */
  tensorEntrywise(req: TensorInspectRequest, wrt: string[]): Record<string, EntrywiseJson>;
}

/** A vectorised selection as the inspector asks for it (the CLI's --at arrays and --shape, from the UI). */
export interface TensorInspectRequest {
  source: string;
  /** The engine language (the tensor reader is chosen from it as `partials inspect --lang` does). */
  language: string;
  /** Point values the user set (arrays and numbers); the rest is the engine's deterministic default. */
  at?: Record<string, Nested>;
  /** Sizes the user gave to symbolic dimensions (n = 5): they become --shape. */
  dims?: Record<string, number>;
  wrt?: string[];
}

/** `partials inspect --json` of a tensor selection (session.inspectJson, the CLI's contract), typed, plus: */
export interface TensorInspectJson {
  language: TensorLanguage;
  engine: 'tensor';
  outputs: string[];
  inputs: string[];
  point: Record<string, Nested>;
  pointSource: Record<string, 'user' | 'default'>;
  shapes: Record<string, Dim[]>;
  values: { f: Nested | null };
  partials: TensorTermJson[];
  expressions: { f: { expr: string; latex: string; text: string; shape: Dim[] } };
  cost: { fOps: number; gradientOps: number };
  warnings: string[];
  /** The shapes as read, before any point or size: a symbol (n) for every size nobody fixed. */
  symbolic: Record<string, Dim[]>;
  /** Each symbol's size at the point. */
  sizes: Record<string, number>;
}

/** The tensor check with the step-size study of one input along a random direction. */
export interface TensorCheckResult {
  check: TensorCheckJson;
  sweep?: { wrt: string; exact: number; series: { method: string; label: string; points: [number, number | null][] }[]; best?: { method: string; h: number; error: number } };
}

export type EngineMethod = keyof Engine;
export const ENGINE_METHODS: readonly EngineMethod[] = ['inspect', 'graph', 'check', 'code', 'partialCode', 'place', 'dx', 'dxWithin', 'dxTarget', 'statementAt', 'documentPoint',
  'tensorInspect', 'tensorGraph', 'tensorCheck', 'tensorDocumentPoint', 'tensorCode', 'tensorLatex', 'hoverAt', 'documentArrays',
  'tensorEntrywise', 'inspectView', 'graphModel', 'inspectViewCode'];

/** Per-partial code is a convenience: past this many partials the copy buttons offer LaTeX and plain text only. */
export const MAX_PARTIAL_CODE = 32;
export { VIEW_CHECK_WORK, VIEW_CODE_CHARS, VIEW_GRAPH_NODES, VIEW_LOCAL_CHARS } from './viewLimits';
/**
 * Characters of self-contained partials (expr + latex + text of all of them) past which inspectView sends the
 * compact forms instead: well past what the webview shows of them (shared/fit.ts cuts each string at 100 000), and
 * far below the tens of megabytes a large result's self-contained forms reach.
 */
export const VIEW_FORMS_BUDGET = 1_000_000;


/** The result with each partial's compact form in place of its self-contained forms, when those are too large. */
export function viewFormsOf(r: InspectResult): InspectResult {
  if (!r.bindings?.length || !r.partials.some((p) => p.compact)) return r;
  let total = 0;
  for (const p of r.partials) total += p.expr.length + p.latex.length + p.text.length;
  if (total <= VIEW_FORMS_BUDGET) return r;
  return {
    ...r,
    warnings: [...r.warnings],
    partials: r.partials.map((p) => (p.compact ? { ...p, expr: p.compact.expr, latex: p.compact.latex, text: p.compact.text } : p)),
  };
}

/** The partials that get one line of code each: not those that came in their compact form, over the shared bindings (inspectView). */
export const codeablePartials = (r: InspectResult): InspectResult['partials'] => r.partials.filter((p) => !(p.compact && p.expr === p.compact.expr));

/** The code without the model generateFromSource also returns (the whole graph, cloned to the host for nothing). */
function codeOnly(maxChars: number | undefined, r: CodegenResult & { model?: unknown }): CodegenResult {
  const { model: _model, ...code } = r;
  if (maxChars !== undefined && code.code.length > maxChars) {
    throw new PartialsError(l10n('The gradient code is {0} characters long, more than the {1} shown here: insert it with “Partials: Insert Gradient Code”.',
      code.code.length, maxChars), 'limit');
  }
  return code;
}


/**
 * What the extension host gets of a `.dx` analysis: no graph, no definitions, and each claim's points with the values
 * of the names its claimed and exact partials use (each point has every name of the pad: 140 claims of a 420-line pad
 * carried 1.7 MB, deserialised on the host at every step of the analysis).
 */
export function dxView(a: DxAnalysis): DxView {
  const { graph: _graph, definitions: _definitions, ...view } = a;
  const keep = (c: ClaimCheck) => {
    const names = new Set([c.wrt, ...`${c.claimed} ${c.correct ?? ''}`.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []]);
    return (q: ClaimCheck['points'][number]) => ({ ...q, point: Object.fromEntries(Object.entries(q.point).filter(([k]) => names.has(k))) });
  };
  return {
    ...view,
    results: view.results.map((r) => {
      if (!r.claim?.points.length) return r;
      const slim = keep(r.claim);
      return { ...r, claim: { ...r.claim, points: r.claim.points.map(slim), failures: r.claim.failures.map(slim) } };
    }),
  };
}

/** `.dx` analyses kept for dxTarget (the documents open at once). */
const DX_KEPT = 4;

export function createEngine(): Engine {
  const analyses = new Map<string, DxAnalysis>();
  // Per-block results between versions: an edit re-analyses the blocks it changes (and those depending on them).
  const dxCache = new DxCache();
  // complete: a kept analysis with pending blocks is continued (within budgetMs, or to the end without one).
  const analysis = (text: string, want: { complete?: boolean; budgetMs?: number } = {}): DxAnalysis => {
    let a = analyses.get(text);
    if (a) analyses.delete(text);
    if (!a || (a.pending > 0 && want.complete)) a = analyzeDx(text, want.budgetMs === undefined ? {} : { budgetMs: want.budgetMs }, dxCache);
    analyses.set(text, a);
    while (analyses.size > DX_KEPT) analyses.delete(analyses.keys().next().value!);
    return a;
  };
  // The last scalar inspect, result or error: the inspector asks tensorInspect only after inspect refused the text or
  // found no partial, and route's scalar step is that same call (not run twice).
  // The forms asked for are apart from the key: a result with self-contained partials (no `forms: 'compact'`), or an
  // error, answers either kind of request.
  let lastInspect: { key: string; forms: string; result?: InspectResult; error?: unknown } | undefined;
  const inspectKept = (req: InspectRequest): InspectResult => {
    const { forms: asked, formsBudget, ...rest } = req;
    const key = JSON.stringify(rest);
    const forms = `${asked ?? 'self-contained'}:${formsBudget ?? ''}`;
    if (lastInspect?.key === key && (lastInspect.forms === forms || !lastInspect.result?.forms)) {
      if (lastInspect.result) return lastInspect.result;
      throw lastInspect.error;
    }
    try {
      const result = inspect(req);
      lastInspect = { key, forms, result };
      return result;
    } catch (error) {
      lastInspect = { key, forms, error };
      throw error;
    }
  };
  // (what the view lists, whole; the other partials by value: viewLimits.ts)
  const inspectView = (req: InspectRequest) => viewPartialsOf(viewBindingsOf(viewFormsOf(inspectKept({ ...req, forms: 'auto', formsBudget: VIEW_FORMS_BUDGET }))));
  const partialCode = (partials: Array<{ of: string; wrt: string; expr: string }>, target: TargetId): Map<string, string> => {
    const out = new Map<string, string>();
    if (target === 'latex' || partials.length > MAX_PARTIAL_CODE) return out;
    for (const p of partials) {
      try {
        const model = buildModel({ source: `d${p.of}_d${p.wrt} = ${p.expr}`, language: 'math' });
        out.set(`${p.of}/${p.wrt}`, translateProgram(model, { target }));
      } catch {
        // A partial the target cannot spell just gets no Code button; the LaTeX and plain forms remain.
      }
    }
    return out;
  };
  return {
    inspect: (req) => inspectKept(req),
    inspectView,
    inspectViewCode: (req, target) => {
      const result = inspectView(req);
      return { result, partialCode: partialCode(codeablePartials(result), target) };
    },
    graph: (req, output) => graphView(req, output),
    graphModel: (req, output, opts) => {
      // bounded for the view: the nodes nearest the output, no edge derivative printed past VIEW_LOCAL_CHARS
      const view = graphView(req, output, { maxNodes: VIEW_GRAPH_NODES, maxLocalChars: VIEW_LOCAL_CHARS });
      const model = buildGraphModel(view, opts);
      return view.truncated ? { ...model, truncated: { ...view.truncated } } : model;
    },
    check: (req, opts) => {
      const r = check({
        source: req.source, language: req.language, at: req.at, wrt: req.wrt, allOutputs: req.allOutputs,
        tolerances: { finiteDifference: { atol: opts.atol, rtol: opts.rtol } },
        sweep: opts.sweep ? [{ of: opts.sweep.of, wrt: opts.sweep.wrt }] : false,
        ...(opts.claims?.length ? { claims: opts.claims } : {}),
        // the view shows values and verdicts, never the partials' text (quadratic to print for a long product)
        partialForms: false,
        maxWork: VIEW_CHECK_WORK,
      });
      const sweep = r.sweeps?.find((s) => s.of === opts.sweep?.of && s.wrt === opts.sweep?.wrt);
      return { checks: checksView(r), ...(sweep ? { sweep: sweepView(sweep) } : {}) };
    },
    partialCode,
    code: (req, opts) => codeOnly(opts.maxChars, generateFromSource(req.source, {
      language: req.language, wrt: req.wrt, target: opts.target, style: opts.style, form: opts.form,
      ...(opts.indent !== undefined ? { indent: opts.indent } : {}),
      ...(opts.eol !== undefined ? { eol: opts.eol } : {}),
      ...(opts.documentText !== undefined ? { documentText: opts.documentText } : {}),
      ...(opts.paramOrder ? { paramOrder: opts.paramOrder } : {}),
      ...(opts.name ? { name: opts.name } : {}),
    })),
    place: (text, languageId, selStart, selEnd, form) => placeCode(text, languageId, selStart, selEnd, form),
    dx: (text) => dxView(analysis(text, { complete: true })),
    dxWithin: (text, budgetMs) => dxView(analysis(text, { complete: true, budgetMs })),
    dxTarget: (text, offset) => dxTargetAt(analysis(text), offset),
    statementAt: (text, offset, languageId) => {
      const r = statementAt(text, offset, languageId);
      return r && { start: r.start, end: r.end };
    },
    documentPoint: (names, text, languageId, offset) => documentPoint(names, text, { languageId, offset }),
    tensorInspect: (req, scalarReq) => {
      const t = tensorArgs(req);
      // No tensor reader for this language and nothing vectorised asked for: route runs the scalar engine as
      // before (the caller already has its result or its error).
      if (!t.lang && !t.parsed?.hasArray && !t.shapes) return { kind: 'scalar' };
      const routed = route({ source: req.source, lang: req.language, at: t.parsed, shapes: t.shapes },
        () => inspectKept(scalarReq),
        (lang) => runTensor({ source: req.source, lang, at: req.at, shapes: t.shapes, wrt: req.wrt }));
      if (routed.kind === 'scalar') return { kind: 'scalar' };
      const json = inspectJson(routed.run, routed.lang, Object.keys(req.at ?? {})) as unknown as Omit<TensorInspectJson, 'symbolic' | 'sizes'>;
      return { kind: 'tensor', result: { ...json, symbolic: t.symbolic, sizes: symbolSizes(t.symbolic, routed.run.analysis.point) } };
    },
    tensorGraph: (req) => {
      const t = tensorArgs(req);
      return tensorGraphJson(req.source, needLang(t.lang, req), req.at, t.shapes);
    },
    tensorCheck: (req, sweepWrt) => {
      const t = { ...tensorArgs(req) };
      const lang = needLang(t.lang, req);
      const run = runTensor({ source: req.source, lang, at: req.at, shapes: t.shapes, wrt: req.wrt, check: true });
      const check = checkJson(run, lang, []);
      const wrt = sweepWrt && run.inputs.includes(sweepWrt) ? sweepWrt : run.analysis.partials[0]?.wrt;
      if (!wrt) return { check };
      // The study runs along a random unit direction d in this input: differences of f along d against ⟨∇f, d⟩.
      const { graph: tg, output } = readTensor(req.source, lang, { shapes: t.shapes, at: run.analysis.point });
      const point = run.analysis.point;
      const g = gradients(tg, output, [wrt]).get(wrt)!;
      const dir = randomDirections(point, [wrt], 7);
      const exact = inner({ [wrt]: new Evaluator(tg, point, [g]).get(g) }, dir);
      return { check, sweep: { wrt, ...directionalSweep(tg, output, point, dir, exact) } };
    },
    tensorDocumentPoint: (names, text, offset, languageId) => {
      const all = documentArraysIn(text, languageId, offset);
      return Object.fromEntries(names.filter((n) => Object.hasOwn(all, n)).map((n) => [n, all[n]]));
    },
    tensorCode: (req, opts) => tensorCode(req, opts),
    tensorLatex: (req, eol) => tensorLatex(req, eol),
    hoverAt: (req, opts, doc) => {
      const fmt = (v: number) => formatNumber(v, opts.digits, opts.notation);
      const routed = route({ source: req.source, lang: req.language }, () => inspect(req), (lang) => {
        const point = selectionPoint(req, lang, doc ? { documentText: doc.text, languageId: doc.languageId, offset: doc.offset } : {});
        const base = { source: req.source, lang, ...(req.wrt?.length ? { wrt: req.wrt } : {}) };
        const arrays = Object.keys(point).length ? point : undefined;
        if (!arrays) return runTensor(base);
        try {
          return runTensor({ ...base, at: arrays });
        } catch {
          // the document's arrays do not fit this selection: the engine's own point
          return runTensor(base);
        }
      });
      if (routed.kind === 'scalar') return hoverData(routed.result, fmt, opts.style);
      return tensorHoverData(routed.run.analysis, routed.run.inputs, fmt, opts.style);
    },
    documentArrays: (text, languageId, offset) => documentArraysIn(text, languageId, offset),
    tensorEntrywise: (req, wrts) => {
      const t = tensorArgs(req);
      return entrywiseJson(req.source, needLang(t.lang, req), req.at, t.shapes, wrts);
    },
  };
}

/** The tensor reader, the symbolic shapes as read, and --shape from the sizes the user gave to symbols. */
const needLang = (lang: TensorLanguage | undefined, req: TensorInspectRequest): TensorLanguage => {
  if (!lang) throw new PartialsError(l10n('Arrays are read in math, Python (NumPy, JAX, PyTorch), MATLAB/Octave, Julia, C++ (Eigen) and LaTeX; {0} is read as scalar code.', req.language), 'input');
  return lang;
};

function tensorArgs(req: TensorInspectRequest): { lang: TensorLanguage | undefined; symbolic: Record<string, Dim[]>; shapes?: Record<string, Shape>; parsed?: { values: Record<string, Nested>; hasArray: boolean } } {
  const lang = tensorLanguage(req.language, req.source);
  const symbolic: Record<string, Dim[]> = {};
  try {
    if (!lang) throw new Error('no tensor reader');
    const r = readTensor(req.source, lang, {});
    for (const n of r.inputs) Object.defineProperty(symbolic, n, { value: r.graph.shape(r.graph.lookupVariable(n)!), enumerable: true, writable: true, configurable: true });
  } catch {
    // Not readable without a point (or not at all): the run reports why; no size fields.
  }
  let shapes: Record<string, Shape> | undefined;
  const dims = req.dims ?? {};
  if (Object.keys(dims).length) {
    shapes = {};
    for (const [n, s] of Object.entries(symbolic)) {
      if (!s.some((d) => typeof d === 'string' && Object.hasOwn(dims, d))) continue;
      Object.defineProperty(shapes, n, { value: s.map((d) => (typeof d === 'string' && Object.hasOwn(dims, d) ? dims[d] : d)), enumerable: true, writable: true, configurable: true });
    }
    if (!Object.keys(shapes).length) shapes = undefined;
  }
  const at = req.at && Object.keys(req.at).length ? req.at : undefined;
  return { lang, symbolic, ...(shapes ? { shapes } : {}), ...(at ? { parsed: { values: at, hasArray: Object.values(at).some(Array.isArray) } } : {}) };
}

/** Each symbolic size's value at the point (from the arrays' own shapes). */
function symbolSizes(symbolic: Record<string, Dim[]>, point: Record<string, Nested>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [n, s] of Object.entries(symbolic)) {
    const v = point[n];
    if (v === undefined) continue;
    const shape = fromNested(v, n).shape;
    s.forEach((d, i) => {
      if (typeof d === 'string' && shape[i] !== undefined && !Object.hasOwn(out, d)) Object.defineProperty(out, d, { value: shape[i], enumerable: true, writable: true, configurable: true });
    });
  }
  return out;
}

export const isTarget = (t: string): t is TargetId => (TARGETS as readonly string[]).includes(t);

// ---- mapping check results to the view model ---------------------------------------------------------

const num = (v: number | null): number => (v === null ? NaN : v);

export function methodRow(m: PartialCheck['methods'][keyof PartialCheck['methods']]): CheckMethodRow {
  const note = m.skipped ?? m.note ?? (m.h !== undefined ? `h = ${m.h.toExponential(2)}` : undefined);
  return {
    method: m.method, label: m.label, value: m.value, absError: m.absError, relError: m.relError,
    verdict: m.skipped ? 'skipped' : m.verdict,
    ...(note !== undefined ? { note } : {}),
  };
}

export function checkRow(p: PartialCheck): CheckRow {
  return {
    of: p.of, wrt: p.wrt, exact: num(p.exact), verdict: p.verdict,
    methods: Object.values(p.methods).map(methodRow),
    ...(p.reasons.length ? { reasons: [...p.reasons] } : {}),
  };
}

export function claimRow(c: ClaimCheck): ClaimRow {
  const fmt = (v: number | null) => (v === null ? 'undefined' : formatNumber(v, 6));
  const at = (pt: Record<string, number>) => Object.entries(pt).map(([k, v]) => `${k} = ${formatNumber(v, 4)}`).join(', ');
  const details = [...c.details];
  for (const f of c.failures.slice(0, 3)) details.push(`at ${at(f.point)}: claimed ${fmt(f.claimed)}, exact ${fmt(f.exact)}`);
  if (c.error) details.push(`${c.error.message}${position(c.error.line, c.error.column)}`);
  return {
    label: c.label, claimed: c.claimed, result: c.result,
    ...(c.proof ? { proof: c.proof } : {}),
    ...(c.correct !== undefined ? { correct: c.correct } : {}),
    details: [...new Set(details)],
  };
}

/**
 * The checks table lists this many partials at most (each is a table of seven methods): a selection with 1 500
 * inputs would post 1.8 MB of rows nobody reads. Every failing or suspect row is listed first; the count of the rest,
 * and how many of them passed, goes with the view.
 */
export const MAX_CHECK_ROWS = 100;

export function checksView(r: CheckResult): ChecksView {
  let partials = r.partials;
  let omitted: ChecksView['omitted'];
  if (partials.length > MAX_CHECK_ROWS) {
    const flagged = partials.filter((p) => p.verdict !== 'ok');
    const kept = new Set([...flagged, ...partials.filter((p) => p.verdict === 'ok')].slice(0, MAX_CHECK_ROWS));
    partials = [...kept];
    const rest = r.partials.filter((p) => !kept.has(p));
    omitted = { rows: rest.length, ok: rest.filter((p) => p.verdict === 'ok').length };
  }
  return {
    ...(omitted ? { omitted } : {}),
    ...(r.unchecked ? { unchecked: r.unchecked } : {}),
    rows: partials.map(checkRow),
    claims: r.claims.map(claimRow),
    atol: r.tolerances.finiteDifference.atol,
    rtol: r.tolerances.finiteDifference.rtol,
  };
}

export function sweepView(s: SweepResult): SweepView {
  return {
    of: s.of, wrt: s.wrt,
    series: s.series.map((x) => ({ method: x.method, label: x.label, points: x.points.map(([h, e]) => [h, num(e)] as [number, number]) })),
    ...(s.best ? { best: { ...s.best } } : {}),
  };
}
