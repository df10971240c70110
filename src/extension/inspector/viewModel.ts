/**
 * Builds the webview's ViewModel from engine results. Pure (no vscode import): the host passes in what the
 * engine produced plus the UI state, and the same function backs the sidebar, the panel and the unit tests.
 */
import type { InspectResult, PartialResult } from '../../core/api';
import type {
  ChecksView, CodeView, ErrorView, GraphModel, MatrixView, Notation, PointSource, SweepView, TensorView, ToggleOption, ViewModel,
} from '../../shared/protocol';
import { position, stripPosition } from '../../core/errors';
import { t } from '../l10n';
import { bindingsNote, listedBindings, partialCount, partialValues, VIEW_PARTIALS, type ViewResult } from '../engine/viewLimits';

export { listedBindings };

export interface UiState {
  pinned: boolean;
  live: boolean;
  toggles: Record<ToggleOption, boolean>;
  /** Where the host took point coordinates from, overriding the engine's own labels. */
  pointSources: Record<string, PointSource>;
}

export interface FormatSettings {
  digits: number;
  notation: Notation;
}

export interface Origin {
  file: string;
  /** 1-based line of the first selected line in the document. */
  line: number;
  languageId: string;
  language: string;
}

export interface ResultInputs {
  /** The engine's result (inspectView: the partials past the listed ones by value only). */
  result: ViewResult;
  origin?: Origin;
  graph?: GraphModel;
  checks?: ChecksView;
  sweep?: SweepView;
  code?: CodeView;
  /** Per-partial code lines keyed `${of}/${wrt}`. */
  partialCode?: Map<string, string>;
  elapsedMs?: number;
}

/** Every build has every part (the protocol's field stays for webviews restored from an older saved state). */

export function emptyModel(message: string, ui: UiState, format: FormatSettings): ViewModel {
  return { kind: 'empty', message, pinned: ui.pinned, live: ui.live, toggles: { ...ui.toggles }, format, warnings: [] };
}

export function errorModel(error: ErrorView, ui: UiState, format: FormatSettings, origin?: Origin): ViewModel {
  return {
    kind: 'error', error, pinned: ui.pinned, live: ui.live, toggles: { ...ui.toggles }, format, warnings: [],
    ...(origin ? { origin } : {}),
  };
}

/**
 * Maps an engine error (line/column relative to the inspected text) to document coordinates: the first line of
 * the text starts at `origin` (1-based line and column in the document).
 */
export function errorView(
  err: unknown,
  source: string,
  at: { line: number; column: number } = { line: 1, column: 1 },
): ErrorView {
  const e = err as { message?: unknown; line?: unknown; column?: unknown; code?: unknown; name?: unknown };
  const known = e && e.name === 'PartialsError';
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const line = known && Number.isInteger(e.line) ? (e.line as number) : 1;
  const column = known && Number.isInteger(e.column) ? (e.column as number) : 1;
  const sourceLine = source.split(/\r?\n/)[line - 1];
  // The engine's message names the position within the selection ("… at line 1, column 5." or "… (line 1,
  // column 5): hint."); the view shows the document position instead, so an error has one position.
  const clean = stripPosition(message);
  return {
    message: known ? clean : t('Internal error: {0}', message),
    line: at.line + line - 1,
    column: line === 1 ? at.column + column - 1 : column,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(sourceLine !== undefined ? { sourceLine, caret: column } : {}),
  };
}

export function partialNotes(p: PartialResult): string[] {
  const notes: string[] = [];
  for (const ns of p.nonSmooth ?? []) {
    const where = position(ns.line, ns.column);
    notes.push(`${ns.op}: ${ns.reason}${where}`);
  }
  if (!p.differentiable && notes.length === 0) notes.push(t('not differentiable at this point'));
  return notes;
}

export function resultModel(inp: ResultInputs, ui: UiState, format: FormatSettings): ViewModel {
  const r = inp.result;
  const inputs = new Set(r.inputs);
  const pointNames = [...r.inputs, ...r.constants.filter((c) => !inputs.has(c))];
  const named = new Set(pointNames);
  for (const name of Object.keys(r.point)) if (!named.has(name)) pointNames.push(name);
  // (at most VIEW_PARTIALS rows: the inputs past them stay inputs, expression.inputs lists them all)
  const pointed = pointNames.filter((name) => name in r.point);
  const point = pointed
    .slice(0, VIEW_PARTIALS)
    .map((name) => ({
      name, value: r.point[name], isInput: inputs.has(name),
      source: ui.pointSources[name] ?? r.pointSource[name] ?? 'default',
    }));
  const outputs = r.outputs.map((name) => {
    const x = r.expressions[name] ?? { expr: name, latex: name, text: name };
    const named = x.named && x.named.uses.length ? { named: namedText(x.named) } : {};
    return { name, expr: x.expr, latex: x.latex, text: x.text, value: r.values[name] ?? NaN, ...named };
  });
  // A large result's partials over its shared bindings (each binding shown once below them); Plain copies the
  // self-contained expression.
  // The list stops at VIEW_PARTIALS (a message is posted, and typeset, in one piece), with the shared bindings those use.
  const listed = r.partials.length > VIEW_PARTIALS ? r.partials.slice(0, VIEW_PARTIALS) : r.partials;
  const shared = listedBindings(r.bindings ?? [], listed);
  const bindings = shared.listed.map((b) => ({ name: b.name, latex: b.latex, text: b.text }));
  const partials = listed.map((p) => {
    const code = inp.partialCode?.get(`${p.of}/${p.wrt}`);
    const shown = bindings.length && p.compact ? p.compact : p;
    return {
      of: p.of, wrt: p.wrt, latex: shown.latex, expr: p.expr, text: shown.text, value: p.value,
      differentiable: p.differentiable, notes: partialNotes(p), ...(code !== undefined ? { code } : {}),
      ...(p.named ? { named: namedText(p.named) } : {}),
      ...(p.chain?.length ? { chain: p.chain.map(chainStep) } : {}),
      ...(p.paths?.length ? { paths: p.paths.map((q) => q.map(chainStep)) } : {}),
    };
  });
  const definitions = (r.names ?? []).flatMap((name) => {
    const d = r.expressions[name]?.named;
    return d ? [{ name, latex: d.latex, text: d.text }] : [];
  });
  const model: ViewModel = {
    kind: 'result', pinned: ui.pinned, live: ui.live, toggles: { ...ui.toggles }, format,
    warnings: [...r.warnings, ...listNotes(partialCount(r), listed.length, shared.left),
      ...(point.length < pointed.length ? [t('The point lists the first {0} of the {1} variables; the others keep their values (give them in the document, then From document).', point.length, pointed.length)] : [])],
    // A .dx pad is read through plain math; the pad is what the user knows it as.
    expression: { language: inp.origin?.languageId === 'dx' ? 'dx' : r.language, outputs, inputs: [...r.inputs], constants: [...r.constants], point },
    partials,
    ...(definitions.length ? { definitions } : {}),
    ...(bindings.length && listed.some((p) => p.compact) ? { bindings } : {}),
    cost: { ...r.cost },
  };
  if (inp.origin) model.origin = inp.origin;
  if (ui.toggles.gradient) model.gradient = gradientViews(r);
  if (ui.toggles.hessian && r.hessian) model.hessian = hessianViews(r);
  if (ui.toggles.jacobian) model.jacobian = jacobianView(r);
  if (inp.graph) model.graph = inp.graph;
  if (inp.checks) model.checks = inp.checks;
  if (inp.sweep) model.sweep = inp.sweep;
  if (inp.code) model.code = inp.code;
  if (inp.elapsedMs !== undefined) model.elapsedMs = inp.elapsedMs;
  return model;
}

/** What the partials list leaves out, said (the CLI, the code and the LaTeX copy give everything). */
function listNotes(partials: number, listed: number, bindingsLeft: number): string[] {
  const notes: string[] = [];
  if (listed < partials) {
    notes.push(t('The inspector lists the first {0} of the {1} partials. Copy Gradient as LaTeX, Insert Gradient Code and the partials CLI give all of them.', listed, partials));
  }
  if (bindingsLeft > 0) notes.push(bindingsNote(bindingsLeft));
  return notes;
}

/** The model of a vectorised selection: the tensor view (shapes, gradients, values, checks), its graph and study. */
export function tensorResultModel(
  inp: { view: TensorView; warnings: string[]; origin?: Origin; graph?: GraphModel; sweep?: SweepView; code?: CodeView; elapsedMs?: number },
  ui: UiState, format: FormatSettings,
): ViewModel {
  const model: ViewModel = {
    kind: 'result', pinned: ui.pinned, live: ui.live, toggles: { ...ui.toggles }, format, warnings: [...inp.warnings],
    tensor: { ...inp.view, ...(inp.view.checks ? { checks: inp.view.checks.map((c) => ({ ...c })) } : {}) },
  };
  if (inp.origin) model.origin = inp.origin;
  if (inp.graph) model.graph = inp.graph;
  if (inp.sweep) model.sweep = inp.sweep;
  if (inp.code) model.code = { ...inp.code };
  if (inp.elapsedMs !== undefined) model.elapsedMs = inp.elapsedMs;
  return model;
}

/** Each partial's value by `${of}/${wrt}`, made once per result (the gradient and Jacobian ask for every one). */
const valuesOf = new WeakMap<ViewResult, Map<string, number>>();

function partialValue(r: ViewResult, of: string, wrt: string): number {
  let values = valuesOf.get(r);
  if (!values) {
    values = new Map();
    // the first of a pair wins, as find() did
    for (const p of partialValues(r)) if (!values.has(`${p.of}/${p.wrt}`)) values.set(`${p.of}/${p.wrt}`, p.value);
    valuesOf.set(r, values);
  }
  return values.get(`${of}/${wrt}`) ?? NaN;
}

/** ∇f for each output: a column vector in `inputs` order. */
export function gradientViews(r: ViewResult): MatrixView[] {
  const hasPartials = new Set(partialValues(r).map((p) => p.of));
  const outs = r.outputs.filter((o) => hasPartials.has(o));
  return outs.map((of) => ({
    title: `∇${of}`,
    rowLabels: [...r.inputs].map((x) => `∂${of}/∂${x}`),
    colLabels: [of],
    values: r.inputs.map((x) => [partialValue(r, of, x)]),
  }));
}

export function hessianViews(r: InspectResult): MatrixView[] {
  return Object.entries(r.hessian ?? {}).map(([of, m]) => ({
    title: `H(${of})`, rowLabels: [...r.inputs], colLabels: [...r.inputs], values: m.map((row) => [...row]),
  }));
}

/** Jacobian: one row per output that has partials, one column per input. */
export function jacobianView(r: ViewResult): MatrixView {
  const hasPartials = new Set(partialValues(r).map((p) => p.of));
  const outs = r.outputs.filter((o) => hasPartials.has(o));
  return {
    title: 'J', rowLabels: outs, colLabels: [...r.inputs],
    values: outs.map((of) => r.inputs.map((x) => partialValue(r, of, x))),
  };
}

/** Status-bar text for a result model: `∂f/∂(x, y)`; undefined when there is nothing to show. */
export function statusText(model: ViewModel): string | undefined {
  if (model.kind === 'result' && model.tensor) {
    const ins = model.tensor.gradients.map((g) => g.wrt);
    const s = ins.length ? `∇f (${ins.join(', ')})` : 'f';
    return s.length > 40 ? `${s.slice(0, 39)}…` : s;
  }
  if (model.kind !== 'result' || !model.expression) return undefined;
  const outs = model.expression.outputs.map((o) => o.name);
  const ins = model.expression.inputs;
  const of = outs.length === 1 ? outs[0] : `(${outs.join(', ')})`;
  const wrt = ins.length === 1 ? ins[0] : `(${ins.join(', ')})`;
  const s = `∂${of}/∂${wrt}`;
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

const namedText = (n: { expr: string; latex: string; text: string }) => ({ expr: n.expr, latex: n.latex, text: n.text });
const chainStep = (c: { of: string; wrt: string; latex: string; text: string; value: number }) =>
  ({ of: c.of, wrt: c.wrt, latex: c.latex, text: c.text, value: c.value });
