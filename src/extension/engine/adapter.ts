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
import { analyzeDx, dxTargetAt, type DxAnalysis, type DxTarget } from '../../core/dx';
import { statementAt } from '../../core/frontend/document';
import { documentPoint } from '../inspector/request';
import type { ChecksView, CheckMethodRow, CheckRow, ClaimRow, Notation, SweepView } from '../../shared/protocol';
import { formatNumber } from '../../shared/format';
import { position } from '../../core/errors';
import { hoverData, type HoverData } from '../hover/content';
import type { SvgStyle } from '../hover/mathSvg';
import { tensorHoverData } from '../hover/tensorContent';
import { selectionPoint, tensorCode, tensorLatex, type TensorCode, type TensorCodeOptions } from '../commands/tensorCode';
import { documentArrays } from '../../core/tensor/documentArrays';
import type { Nested } from '../../core/tensor';
import { route, runTensor } from '../../core/tensor/session';

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
  graph(req: InspectRequest, output?: string): GraphView;
  check(req: InspectRequest, opts: CheckOptions): { checks: ChecksView; sweep?: SweepView };
  code(req: InspectRequest, opts: CodeOptions): CodegenResult;
  /** One line of code per partial (`df_dx = …` in the target's syntax), keyed `${of}/${wrt}`. */
  partialCode(partials: Array<{ of: string; wrt: string; expr: string }>, target: TargetId): Map<string, string>;
  /** Where generated code goes in a document (codegen/placement.ts). */
  place(text: string, languageId: string, selStart: number, selEnd: number, form: CodegenForm): Placement;
  /** What a hover shows for a request: a few compact rows, images capped (hover/content.ts). */
  hover(req: InspectRequest, opts: HoverOptions): HoverData;
  /** The analysis of a `.dx` scratch pad (kept, per text, for dxTarget). */
  dx(text: string): DxView;
  /** The inspector's request for the statement at `offset` of a `.dx` text (from the kept analysis). */
  dxTarget(text: string, offset: number): DxTarget | undefined;
  /** The statement around `offset` of a document (a hover in `always` mode). */
  statementAt(text: string, offset: number, languageId: string): { start: number; end: number } | undefined;
  /** The numbers a document assigns to `names` above `offset` ("point from document"). */
  documentPoint(names: string[], text: string, languageId: string, offset: number): Record<string, number>;
  /**
   * Vectorised gradient code (NumPy, PyTorch, JAX, MATLAB/Octave, Julia, Eigen) for a selection the scalar engine
   * refuses and the tensor engine reads with arrays; null for scalar code (then `code`). commands/tensorCode.ts.
   */
  tensorCode(req: InspectRequest, opts: TensorCodeOptions): TensorCode | null;
  /** Copy Gradient as LaTeX for a vectorised selection (an aligned block of the gradients in matrix notation); null for scalar code. */
  tensorLatex(req: InspectRequest, eol?: string): string | null;
  /** `hover`, and for a vectorised selection the gradients in matrix notation with truncated matrix values, at the document's arrays. */
  hoverAt(req: InspectRequest, opts: HoverOptions, doc?: { text: string; languageId: string; offset: number }): HoverData;
  /** The array literals (and numbers) a document assigns above `offset` ("From document" for arrays). core/tensor/documentArrays.ts. */
  documentArrays(text: string, languageId: string, offset: number): Record<string, Nested>;
}

export type EngineMethod = keyof Engine;
export const ENGINE_METHODS: readonly EngineMethod[] = ['inspect', 'graph', 'check', 'code', 'partialCode', 'place', 'hover', 'dx', 'dxTarget', 'statementAt', 'documentPoint', 'tensorCode', 'tensorLatex', 'hoverAt', 'documentArrays'];

/** Per-partial code is a convenience: past this many partials the copy buttons offer LaTeX and plain text only. */
export const MAX_PARTIAL_CODE = 32;
/** `.dx` analyses kept for dxTarget (the documents open at once). */
const DX_KEPT = 4;

export function createEngine(): Engine {
  const analyses = new Map<string, DxAnalysis>();
  const analysis = (text: string): DxAnalysis => {
    let a = analyses.get(text);
    if (a) analyses.delete(text);
    else a = analyzeDx(text);
    analyses.set(text, a);
    while (analyses.size > DX_KEPT) analyses.delete(analyses.keys().next().value!);
    return a;
  };
  return {
    inspect: (req) => inspect(req),
    graph: (req, output) => graphView(req, output),
    check: (req, opts) => {
      const r = check({
        source: req.source, language: req.language, at: req.at, wrt: req.wrt, allOutputs: req.allOutputs,
        tolerances: { finiteDifference: { atol: opts.atol, rtol: opts.rtol } },
        sweep: opts.sweep ? [{ of: opts.sweep.of, wrt: opts.sweep.wrt }] : false,
        ...(opts.claims?.length ? { claims: opts.claims } : {}),
      });
      const sweep = r.sweeps?.find((s) => s.of === opts.sweep?.of && s.wrt === opts.sweep?.wrt);
      return { checks: checksView(r), ...(sweep ? { sweep: sweepView(sweep) } : {}) };
    },
    partialCode: (partials, target) => {
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
    },
    code: (req, opts) => generateFromSource(req.source, {
      language: req.language, wrt: req.wrt, target: opts.target, style: opts.style, form: opts.form,
      ...(opts.indent !== undefined ? { indent: opts.indent } : {}),
      ...(opts.eol !== undefined ? { eol: opts.eol } : {}),
      ...(opts.documentText !== undefined ? { documentText: opts.documentText } : {}),
      ...(opts.paramOrder ? { paramOrder: opts.paramOrder } : {}),
      ...(opts.name ? { name: opts.name } : {}),
    }),
    place: (text, languageId, selStart, selEnd, form) => placeCode(text, languageId, selStart, selEnd, form),
    hover: (req, opts) => hoverData(inspect(req), (v) => formatNumber(v, opts.digits, opts.notation), opts.style),
    dx: (text) => {
      const { graph: _graph, definitions: _definitions, ...view } = analysis(text);
      return view;
    },
    dxTarget: (text, offset) => dxTargetAt(analysis(text), offset),
    statementAt: (text, offset, languageId) => {
      const r = statementAt(text, offset, languageId);
      return r && { start: r.start, end: r.end };
    },
    documentPoint: (names, text, languageId, offset) => documentPoint(names, text, { languageId, offset }),
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
    documentArrays: (text, languageId, offset) => documentArrays(text, languageId, offset),
  };
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

export function checksView(r: CheckResult): ChecksView {
  return {
    rows: r.partials.map(checkRow),
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
