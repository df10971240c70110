/**
 * Typed messages between the extension host and the inspector webview, and their validators.
 * Both sides validate what they receive: the webview is untrusted from the host's point of view (it renders
 * user text), and the host's messages may come from an older or newer build after a reload.
 * Pure module: no DOM, no vscode import — the host bundle and unit tests import it too.
 */

export type Verdict = 'ok' | 'mismatch' | 'non-differentiable here' | 'undefined here' | 'overflow' | 'skipped';
export const VERDICTS: readonly Verdict[] = ['ok', 'mismatch', 'non-differentiable here', 'undefined here', 'overflow', 'skipped'];

export type PointSource = 'user' | 'document' | 'default' | 'random';
export type Notation = 'auto' | 'fixed' | 'scientific';
/** AUTO: top-down in a narrow view, left-to-right in a wide one (the webview decides from its width). */
export type GraphDirection = 'AUTO' | 'RIGHT' | 'DOWN' | 'LEFT' | 'UP';
export type ToggleOption = 'gradient' | 'hessian' | 'jacobian';
export type SectionId = 'expression' | 'partials' | 'checks' | 'sweep' | 'graph' | 'code';

export interface SpanRef {
  start: number;
  end: number;
}

/** A formula in the selection's own names (`x (p − y)`), as the engine's named forms give it. */
export interface NamedText {
  expr: string;
  latex: string;
  text: string;
}

/** One factor of the chain rule along a path through the names: ∂of/∂wrt, in names, with its value. */
export interface ChainStep {
  of: string;
  wrt: string;
  latex: string;
  text: string;
  value: number;
}

/** An intermediate the named forms use (`p = σ(z)`), in definition order. */
export interface Definition {
  name: string;
  latex: string;
  text: string;
}

export interface OutputEntry {
  name: string;
  expr: string;
  latex: string;
  text: string;
  value: number;
  /** The output in the selection's names (`−(y log p) − (1 − y) log(1 − p)`). */
  named?: NamedText;
}

export interface PointEntry {
  name: string;
  value: number;
  source: PointSource;
  /** True when the variable is differentiated with respect to (else held constant). */
  isInput: boolean;
}

export interface PartialRow {
  of: string;
  wrt: string;
  latex: string;
  expr: string;
  text: string;
  value: number;
  differentiable: boolean;
  /** Human-readable notes, e.g. "abs is not differentiable at 0 (line 1, column 5)". */
  notes: string[];
  /** Code for this partial in the document's language, when code generation is available. */
  code?: string;
  /** The partial in the selection's own names, checked equal to the expanded form at the point. */
  named?: NamedText;
  /** The chain-rule factors along the named path (Explain), and every path when there are several. */
  chain?: ChainStep[];
  paths?: ChainStep[][];
}

export interface MatrixView {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
}

export interface CheckMethodRow {
  method: string;
  label: string;
  value: number | null;
  absError: number | null;
  relError: number | null;
  verdict: Verdict;
  note?: string;
}

export interface CheckRow {
  of: string;
  wrt: string;
  exact: number;
  verdict: Verdict;
  methods: CheckMethodRow[];
  /** Why the verdict is not ok. */
  reasons?: string[];
}

export interface ClaimRow {
  label: string;
  claimed: string;
  result: 'holds' | 'wrong' | 'error';
  /** How a holding claim was established. */
  proof?: 'symbolic' | 'numeric';
  correct?: string;
  details: string[];
}

export interface ChecksView {
  rows: CheckRow[];
  claims: ClaimRow[];
  atol: number;
  rtol: number;
  /** Partials checked but not listed (past the table's row limit; every flagged row is listed), and how many passed. */
  omitted?: { rows: number; ok: number };
  /** Partials not checked at all (the engine's bound on the checks' work; the pipeline says so in a warning). */
  unchecked?: number;
}

export interface SweepSeries {
  method: string;
  label: string;
  /** [h, |error|] pairs; non-finite or zero errors are dropped when plotted. */
  points: Array<[number, number]>;
}

export interface SweepView {
  of: string;
  wrt: string;
  series: SweepSeries[];
  best?: { method: string; h: number; error: number };
  /** A tensor gradient's study: along a random unit direction in `wrt`, against the exact ⟨∇f, d⟩. */
  directional?: { exact: number };
}

/** An input of a vectorised selection: its shape, as read and at the point, and its value there. */
export interface TensorInputView {
  name: string;
  /** Sizes as the reader inferred them: a symbol for each size nobody fixed. */
  symbolic: TensorDim[];
  /** Sizes at the point. */
  shape: number[];
  value: NestedNum;
  source: PointSource;
}

/** The output or one gradient of a vectorised selection: matrix notation, value, shape and norm. */
export interface TensorTermView {
  /** The input (for a gradient); '' for the output. */
  wrt: string;
  latex: string;
  text: string;
  expr: string;
  shape: number[];
  value: NestedNum | null;
  /** The 2-norm of a vector, the Frobenius norm of a matrix, |x| of a scalar. */
  norm: number;
  differentiable: boolean;
  notes: string[];
  /** A gradient of a small input: every entry's partial of the selection written out entry by entry. */
  entrywise?: TensorEntryView[];
}

/** One entry's partial in the entrywise view: ∂f/∂w₂ = … (the entry's name as the scalar formula calls it). */
export interface TensorEntryView {
  name: string;
  latex: string;
  text: string;
  value: number;
}

export interface TensorCheckView {
  wrt: string;
  verdict: 'ok' | 'mismatch';
  worstEntryError: number;
  worstEntry: number[];
  entriesChecked: number;
  entries: number;
  directionalError: number;
  forwardError: number;
  reverseError: number;
  complexStepError?: number;
  complexStepSkipped?: string;
}

/** The inspector's view of a vectorised selection (the tensor engine's result). */
export interface TensorView {
  language: string;
  output: TensorTermView;
  inputs: TensorInputView[];
  /** The symbolic sizes and their values at the point (each gets a size field). */
  dims: { symbol: string; size: number }[];
  gradients: TensorTermView[];
  checks?: TensorCheckView[];
  /** Rows and columns shown before a matrix is truncated with ⋯ (setting partials.tensor.maxEntries). */
  maxEntries: number;
}

export type TensorFill = 'random' | 'zeros' | 'ones' | 'identity' | 'spd';
export const TENSOR_FILLS: readonly TensorFill[] = ['random', 'zeros', 'ones', 'identity', 'spd'];

/** A scalar, a vector (flat array) or a matrix (rows): values of the tensor engine. */
export type NestedNum = number | NestedNum[];
/** A size: a number, or a symbol nobody fixed (n). */
export type TensorDim = number | string;

export interface GraphNodeModel {
  id: number;
  op: string;
  label: string;
  value: number;
  adjoint: number;
  name?: string;
  span?: SpanRef;
  isInput?: boolean;
  isOutput?: boolean;
  /** Original node ids folded into this one when repeated structure is collapsed. */
  members?: number[];
  /** This node stands for this many similar computations (the others are folded away). */
  repeat?: number;
  /** A tensor node: its shape, and its value and adjoint as arrays (`value`/`adjoint` are NaN then). */
  shape?: TensorDim[];
  tensorValue?: NestedNum | null;
  tensorAdjoint?: NestedNum | null;
}

export interface GraphEdgeModel {
  from: number;
  to: number;
  local: string;
  localValue: number;
}

export interface GraphModel {
  output: string;
  outputs: string[];
  nodes: GraphNodeModel[];
  edges: GraphEdgeModel[];
  direction: GraphDirection;
  /** How many original nodes were folded away by collapsing (0 when shown in full). */
  collapsed: number;
  totalNodes: number;
  /** The user expanded a graph that is past the collapse threshold (the webview offers to fold it again). */
  expandedPastThreshold?: boolean;
  /** Only the nodes nearest the output are here (the engine's graphModel bound): how many the graph has, how many were kept. */
  truncated?: { nodes: number; shown: number };
}

export interface CodeView {
  target: string;
  style: string;
  code: string;
}

export interface ErrorView {
  message: string;
  line: number;
  column: number;
  code?: string;
  /** The offending source line and the caret column within it (1-based), when known. */
  sourceLine?: string;
  caret?: number;
}

export interface ViewModel {
  kind: 'empty' | 'error' | 'result';
  pinned: boolean;
  live: boolean;
  /** Empty-state text. */
  message?: string;
  error?: ErrorView;
  origin?: { file: string; line: number; languageId: string; language: string };
  expression?: {
    language: string;
    outputs: OutputEntry[];
    inputs: string[];
    constants: string[];
    point: PointEntry[];
  };
  partials?: PartialRow[];
  /** The intermediates the named forms use (`z = w x + b`, `p = σ(z)`). */
  definitions?: Definition[];
  /**
   * A large result's shared subexpressions, each once (`t₁ = x₁ x₂ ⋯ x₈`): the partials shown over them (their
   * `compact` forms, core/api.ts) keep the display proportional to the graph, not to partials × its size.
   */
  bindings?: Definition[];
  toggles: Record<ToggleOption, boolean>;
  gradient?: MatrixView[];
  hessian?: MatrixView[];
  jacobian?: MatrixView;
  checks?: ChecksView;
  sweep?: SweepView;
  graph?: GraphModel;
  code?: CodeView;
  /** A vectorised selection: shapes, gradients in matrix notation, array values and tensor checks. */
  tensor?: TensorView;
  /** Which optional engine parts this build has; the webview hides what is missing and says why. */
  format: { digits: number; notation: Notation };
  warnings: string[];
  cost?: { fOps: number; gradientOps: number };
  /** Milliseconds the engine took for this model. */
  elapsedMs?: number;
  /**
   * A first model of a computation (the partials and the point) while the graph, checks and code are still being
   * computed: the webview shows its first sections only, and the final model adds the rest.
   */
  pending?: boolean;
}

// ---- messages -----------------------------------------------------------------------------------------

export type HostToWebview =
  | { type: 'model'; model: ViewModel }
  | { type: 'busy'; busy: boolean }
  | { type: 'focusSection'; section: SectionId }
  | { type: 'requestSvg'; requestId: number };

/** Commands the webview may ask the host to run (an allow-list: nothing else gets through). */
const WEBVIEW_COMMANDS = [
  'partials.openPanel',
  'partials.exportGraph',
  'partials.checkGradient',
  'partials.verifyDerivative',
  'partials.insertGradientCode',
  'partials.insertGradientFunction',
  'partials.insertHessianCode',
  'partials.copyGradientLatex',
] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

export type WebviewToHost =
  | { type: 'ready' }
  /** The partials-only model of computation `seq` is on screen (the host then computes the rest: see views.ts). */
  | { type: 'painted'; seq: number }
  | { type: 'setPoint'; name: string; value: number }
  | { type: 'pointFrom'; source: 'document' | 'random' | 'default' }
  | { type: 'setWrt'; wrt: string[] }
  | { type: 'toggle'; option: ToggleOption; value: boolean }
  | { type: 'togglePin' }
  | { type: 'copy'; text: string; what: 'latex' | 'plain' | 'code' | 'value' }
  | { type: 'highlight'; span: SpanRef | null }
  | { type: 'reveal'; span: SpanRef }
  | { type: 'sweep'; of: string; wrt: string }
  | { type: 'graphOutput'; output: string }
  | { type: 'graphCollapse'; collapse: boolean }
  | { type: 'svg'; requestId: number; svg: string }
  | { type: 'command'; command: WebviewCommand }
  | { type: 'tensorDim'; symbol: string; size: number }
  | { type: 'tensorEntry'; name: string; index: number[]; value: number }
  | { type: 'tensorFill'; name: string; fill: TensorFill };

/** The largest size a size field accepts (a matrix of MAX_TENSOR_DIM² entries is still quick to check). */
export const MAX_TENSOR_DIM = 1000;

// ---- validation -----------------------------------------------------------------------------------------

/** Upper bounds that keep a misbehaving peer from making the other side allocate without limit. */
export const LIMITS = { maxText: 200_000, maxSvg: 20_000_000, maxName: 256, maxList: 10_000, maxNested: 1_000_000 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number = LIMITS.maxText): v is string => typeof v === 'string' && v.length <= max;
const isName = (v: unknown): v is string => isStr(v, LIMITS.maxName) && v.length > 0;
/** Any JS number, including NaN and ±Infinity (values at a point legitimately are). */
const isNum = (v: unknown): v is number => typeof v === 'number';
const isFiniteNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isInt = (v: unknown): v is number => Number.isInteger(v);
const oneOf = <T extends string>(v: unknown, options: readonly T[]): v is T => typeof v === 'string' && (options as readonly string[]).includes(v);
const isList = <T>(v: unknown, item: (x: unknown) => x is T, max: number = LIMITS.maxList): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => item(x));
const isSpan = (v: unknown): v is SpanRef =>
  isObj(v) && isInt(v.start) && isInt(v.end) && (v.start as number) >= 0 && (v.end as number) >= (v.start as number);

/** Validates a message from the webview. Returns undefined (and the host ignores it) when malformed. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'painted':
      return isInt(m.seq) && (m.seq as number) >= 0 ? { type: 'painted', seq: m.seq as number } : undefined;
    case 'togglePin':
      return { type: 'togglePin' };
    case 'setPoint':
      return isName(m.name) && isFiniteNum(m.value) ? { type: 'setPoint', name: m.name, value: m.value } : undefined;
    case 'pointFrom':
      return oneOf(m.source, ['document', 'random', 'default'] as const) ? { type: 'pointFrom', source: m.source } : undefined;
    case 'setWrt':
      return isList(m.wrt, isName, 1000) ? { type: 'setWrt', wrt: [...m.wrt] } : undefined;
    case 'toggle':
      return oneOf(m.option, ['gradient', 'hessian', 'jacobian'] as const) && isBool(m.value)
        ? { type: 'toggle', option: m.option, value: m.value }
        : undefined;
    case 'copy':
      return isStr(m.text) && oneOf(m.what, ['latex', 'plain', 'code', 'value'] as const) ? { type: 'copy', text: m.text, what: m.what } : undefined;
    case 'highlight':
      if (m.span === null) return { type: 'highlight', span: null };
      return isSpan(m.span) ? { type: 'highlight', span: { start: m.span.start, end: m.span.end } } : undefined;
    case 'reveal':
      return isSpan(m.span) ? { type: 'reveal', span: { start: m.span.start, end: m.span.end } } : undefined;
    case 'sweep':
      return isName(m.of) && isName(m.wrt) ? { type: 'sweep', of: m.of, wrt: m.wrt } : undefined;
    case 'graphOutput':
      return isName(m.output) ? { type: 'graphOutput', output: m.output } : undefined;
    case 'graphCollapse':
      return isBool(m.collapse) ? { type: 'graphCollapse', collapse: m.collapse } : undefined;
    case 'svg':
      return isInt(m.requestId) && isStr(m.svg, LIMITS.maxSvg) ? { type: 'svg', requestId: m.requestId, svg: m.svg } : undefined;
    case 'command':
      return oneOf(m.command, WEBVIEW_COMMANDS) ? { type: 'command', command: m.command } : undefined;
    case 'tensorDim':
      return isName(m.symbol) && isInt(m.size) && (m.size as number) >= 1 && (m.size as number) <= MAX_TENSOR_DIM
        ? { type: 'tensorDim', symbol: m.symbol, size: m.size as number } : undefined;
    case 'tensorEntry':
      return isName(m.name) && isList(m.index, isInt, 2) && (m.index as number[]).every((i) => i >= 0) && isFiniteNum(m.value)
        ? { type: 'tensorEntry', name: m.name, index: [...(m.index as number[])], value: m.value } : undefined;
    case 'tensorFill':
      return isName(m.name) && oneOf(m.fill, TENSOR_FILLS) ? { type: 'tensorFill', name: m.name, fill: m.fill } : undefined;
    default:
      return undefined;
  }
}

const isMatrix = (v: unknown): v is MatrixView =>
  isObj(v) && isStr(v.title) && isList(v.rowLabels, isStr) && isList(v.colLabels, isStr) &&
  isList(v.values, (r): r is number[] => isList(r, isNum)) &&
  (v.values as number[][]).length === (v.rowLabels as string[]).length &&
  (v.values as number[][]).every((r) => r.length === (v.colLabels as string[]).length);

const isNamed = (v: unknown): v is NamedText => isObj(v) && isStr(v.expr) && isStr(v.latex) && isStr(v.text);

const isChainStep = (v: unknown): v is ChainStep =>
  isObj(v) && isName(v.of) && isName(v.wrt) && isStr(v.latex) && isStr(v.text) && isNum(v.value);

const isDefinition = (v: unknown): v is Definition => isObj(v) && isName(v.name) && isStr(v.latex) && isStr(v.text);

const isOutput = (v: unknown): v is OutputEntry =>
  isObj(v) && isName(v.name) && isStr(v.expr) && isStr(v.latex) && isStr(v.text) && isNum(v.value) &&
  (v.named === undefined || isNamed(v.named));

const isPoint = (v: unknown): v is PointEntry =>
  isObj(v) && isName(v.name) && isNum(v.value) && oneOf(v.source, ['user', 'document', 'default', 'random'] as const) && isBool(v.isInput);

const isPartial = (v: unknown): v is PartialRow =>
  isObj(v) && isName(v.of) && isName(v.wrt) && isStr(v.latex) && isStr(v.expr) && isStr(v.text) && isNum(v.value) &&
  isBool(v.differentiable) && isList(v.notes, isStr) && (v.code === undefined || isStr(v.code)) &&
  (v.named === undefined || isNamed(v.named)) && (v.chain === undefined || isList(v.chain, isChainStep, 64)) &&
  (v.paths === undefined || isList(v.paths, (q: unknown) => isList(q, isChainStep, 64), 16));

const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const isMethod = (v: unknown): v is CheckMethodRow =>
  isObj(v) && isStr(v.method) && isStr(v.label) && isNumOrNull(v.value) && isNumOrNull(v.absError) && isNumOrNull(v.relError) &&
  oneOf(v.verdict, VERDICTS) && (v.note === undefined || isStr(v.note));

const isCheckRow = (v: unknown): v is CheckRow =>
  isObj(v) && isName(v.of) && isName(v.wrt) && isNum(v.exact) && oneOf(v.verdict, VERDICTS) && isList(v.methods, isMethod) &&
  (v.reasons === undefined || isList(v.reasons, isStr));

const isClaim = (v: unknown): v is ClaimRow =>
  isObj(v) && isStr(v.label) && isStr(v.claimed) && oneOf(v.result, ['holds', 'wrong', 'error'] as const) &&
  (v.proof === undefined || oneOf(v.proof, ['symbolic', 'numeric'] as const)) && (v.correct === undefined || isStr(v.correct)) &&
  isList(v.details, isStr);

const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]);
const isSeries = (v: unknown): v is SweepSeries => isObj(v) && isStr(v.method) && isStr(v.label) && isList(v.points, isPair);

const isGraphNode = (v: unknown): v is GraphNodeModel =>
  isObj(v) && isInt(v.id) && isStr(v.op) && isStr(v.label) && isNum(v.value) && isNum(v.adjoint) &&
  (v.name === undefined || isStr(v.name)) && (v.span === undefined || isSpan(v.span)) &&
  (v.isInput === undefined || isBool(v.isInput)) && (v.isOutput === undefined || isBool(v.isOutput)) &&
  (v.members === undefined || isList(v.members, isInt, 1_000_000)) && (v.repeat === undefined || isInt(v.repeat)) &&
  (v.shape === undefined || isList(v.shape, isDim, 2)) &&
  (v.tensorValue === undefined || v.tensorValue === null || isNested(v.tensorValue)) &&
  (v.tensorAdjoint === undefined || v.tensorAdjoint === null || isNested(v.tensorAdjoint));

const isDim = (v: unknown): v is TensorDim => isInt(v) || isName(v);
/** A number, a vector of numbers or a matrix (rows of numbers), at most LIMITS.maxNested entries. */
const isNested = (v: unknown): v is NestedNum => {
  if (isNum(v)) return true;
  if (!Array.isArray(v) || v.length > LIMITS.maxNested) return false;
  if (v.every(isNum)) return true;
  let n = 0;
  return v.every((r) => Array.isArray(r) && r.every(isNum) && (n += r.length) <= LIMITS.maxNested);
};
const isNestedOrNull = (v: unknown): v is NestedNum | null => v === null || isNested(v);
const isTensorTerm = (v: unknown): v is TensorTermView =>
  isObj(v) && isStr(v.wrt, LIMITS.maxName) && isStr(v.latex) && isStr(v.text) && isStr(v.expr) && isList(v.shape, isInt, 2) &&
  isNestedOrNull(v.value) && isNum(v.norm) && isBool(v.differentiable) && isList(v.notes, isStr) &&
  (v.entrywise === undefined || isList(v.entrywise, isTensorEntry, 1000));
const isTensorEntry = (v: unknown): v is TensorEntryView =>
  isObj(v) && isName(v.name) && isStr(v.latex) && isStr(v.text) && isNum(v.value);
const isTensorInput = (v: unknown): v is TensorInputView =>
  isObj(v) && isName(v.name) && isList(v.symbolic, isDim, 2) && isList(v.shape, isInt, 2) && isNested(v.value) &&
  oneOf(v.source, ['user', 'document', 'default', 'random'] as const);
const isTensorCheck = (v: unknown): v is TensorCheckView =>
  isObj(v) && isName(v.wrt) && oneOf(v.verdict, ['ok', 'mismatch'] as const) && isNum(v.worstEntryError) && isList(v.worstEntry, isInt, 2) &&
  isInt(v.entriesChecked) && isInt(v.entries) && isNum(v.directionalError) && isNum(v.forwardError) && isNum(v.reverseError) &&
  (v.complexStepError === undefined || isNum(v.complexStepError)) && (v.complexStepSkipped === undefined || isStr(v.complexStepSkipped));
const isTensorView = (v: unknown): v is TensorView =>
  isObj(v) && isStr(v.language) && isTensorTerm(v.output) && isList(v.inputs, isTensorInput, 1000) &&
  isList(v.dims, (d): d is { symbol: string; size: number } => isObj(d) && isName(d.symbol) && isInt(d.size), 1000) &&
  isList(v.gradients, isTensorTerm, 1000) && (v.checks === undefined || isList(v.checks, isTensorCheck, 1000)) && isInt(v.maxEntries);

const isGraphEdge = (v: unknown): v is GraphEdgeModel =>
  isObj(v) && isInt(v.from) && isInt(v.to) && isStr(v.local) && isNum(v.localValue);

const isGraph = (v: unknown): v is GraphModel =>
  isObj(v) && isStr(v.output) && isList(v.outputs, isStr) && isList(v.nodes, isGraphNode, 100_000) &&
  isList(v.edges, isGraphEdge, 400_000) && oneOf(v.direction, ['AUTO', 'RIGHT', 'DOWN', 'LEFT', 'UP'] as const) &&
  isInt(v.collapsed) && isInt(v.totalNodes) && (v.expandedPastThreshold === undefined || isBool(v.expandedPastThreshold)) &&
  (v.truncated === undefined || (isObj(v.truncated) && isInt(v.truncated.nodes) && isInt(v.truncated.shown)));

/** Structural check of a whole view model (the webview runs it on every model it receives). */
export function isViewModel(v: unknown): v is ViewModel {
  if (!isObj(v)) return false;
  if (!oneOf(v.kind, ['empty', 'error', 'result'] as const) || !isBool(v.pinned) || !isBool(v.live)) return false;
  if (v.message !== undefined && !isStr(v.message)) return false;
  if (v.error !== undefined) {
    const e = v.error;
    if (!isObj(e) || !isStr(e.message) || !isInt(e.line) || !isInt(e.column)) return false;
    if (e.sourceLine !== undefined && !isStr(e.sourceLine)) return false;
    if (e.caret !== undefined && !isInt(e.caret)) return false;
  }
  if (v.origin !== undefined) {
    const o = v.origin;
    if (!isObj(o) || !isStr(o.file) || !isInt(o.line) || !isStr(o.languageId) || !isStr(o.language)) return false;
  }
  if (v.expression !== undefined) {
    const x = v.expression;
    if (!isObj(x) || !isStr(x.language) || !isList(x.outputs, isOutput) || !isList(x.inputs, isName) ||
      !isList(x.constants, isName) || !isList(x.point, isPoint)) return false;
  }
  if (v.partials !== undefined && !isList(v.partials, isPartial, 1_000_000)) return false;
  if (v.definitions !== undefined && !isList(v.definitions, isDefinition)) return false;
  if (v.bindings !== undefined && !isList(v.bindings, isDefinition, 100_000)) return false;
  const t = v.toggles;
  if (!isObj(t) || !isBool(t.gradient) || !isBool(t.hessian) || !isBool(t.jacobian)) return false;
  if (v.gradient !== undefined && !isList(v.gradient, isMatrix)) return false;
  if (v.hessian !== undefined && !isList(v.hessian, isMatrix)) return false;
  if (v.jacobian !== undefined && !isMatrix(v.jacobian)) return false;
  if (v.checks !== undefined) {
    const c = v.checks;
    if (!isObj(c) || !isList(c.rows, isCheckRow) || !isList(c.claims, isClaim) || !isNum(c.atol) || !isNum(c.rtol)) return false;
    if (c.omitted !== undefined && !(isObj(c.omitted) && isInt(c.omitted.rows) && isInt(c.omitted.ok))) return false;
    if (c.unchecked !== undefined && !isInt(c.unchecked)) return false;
  }
  if (v.sweep !== undefined) {
    const s = v.sweep;
    if (!isObj(s) || !isName(s.of) || !isName(s.wrt) || !isList(s.series, isSeries)) return false;
    if (s.best !== undefined && !(isObj(s.best) && isStr(s.best.method) && isNum(s.best.h) && isNum(s.best.error))) return false;
    if (s.directional !== undefined && !(isObj(s.directional) && isNum(s.directional.exact))) return false;
  }
  if (v.pending !== undefined && !isBool(v.pending)) return false;
  if (v.tensor !== undefined && !isTensorView(v.tensor)) return false;
  if (v.graph !== undefined && !isGraph(v.graph)) return false;
  if (v.code !== undefined && !(isObj(v.code) && isStr(v.code.target) && isStr(v.code.style) && isStr(v.code.code))) return false;
  const fmt = v.format;
  if (!isObj(fmt) || !isInt(fmt.digits) || !oneOf(fmt.notation, ['auto', 'fixed', 'scientific'] as const)) return false;
  if (!isList(v.warnings, isStr)) return false;
  if (v.cost !== undefined && !(isObj(v.cost) && isNum(v.cost.fOps) && isNum(v.cost.gradientOps))) return false;
  if (v.elapsedMs !== undefined && !isNum(v.elapsedMs)) return false;
  return true;
}

/** Validates a message from the host (the webview ignores anything malformed). */
export function parseHostMessage(raw: unknown): HostToWebview | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'model':
      return isViewModel(raw.model) ? { type: 'model', model: raw.model } : undefined;
    case 'busy':
      return isBool(raw.busy) ? { type: 'busy', busy: raw.busy } : undefined;
    case 'focusSection':
      return oneOf(raw.section, ['expression', 'partials', 'checks', 'sweep', 'graph', 'code'] as const)
        ? { type: 'focusSection', section: raw.section }
        : undefined;
    case 'requestSvg':
      return isInt(raw.requestId) ? { type: 'requestSvg', requestId: raw.requestId } : undefined;
    default:
      return undefined;
  }
}

// ---- wire encoding ------------------------------------------------------------------------------------------

/**
 * postMessage and webview state go through JSON, which turns NaN and ±Infinity into null. Values at a point
 * legitimately are non-finite (log(0), 1/0), so they travel as a tagged object and are revived on arrival.
 */
const NUM_TAG = '$num';

export function toWire(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { [NUM_TAG]: String(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      // defined, not assigned: a key named __proto__ stays data
      if (k === '__proto__') Object.defineProperty(out, k, { value: toWire(v), enumerable: true, writable: true, configurable: true });
      else out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

export function fromWire(value: unknown, depth = 0): unknown {
  if (depth > 64) return undefined;
  if (Array.isArray(value)) return value.map((v) => fromWire(v, depth + 1));
  if (isObj(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NUM_TAG) {
      const s = value[NUM_TAG];
      return s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : undefined;
    }
    const out: Obj = {};
    // Defined, not assigned: a key named __proto__ must stay data, never become the object's prototype.
    for (const k of keys) Object.defineProperty(out, k, { value: fromWire(value[k], depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
