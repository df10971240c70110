/**
 * The engine's public result types. The JSON the CLI prints (`partials inspect --json`, `partials graph
 * --format json`) is exactly these objects: a contract — extend, never rename or drop a field.
 */
import type { Span } from './errors';
import type { Claim } from './frontend';

export interface InspectRequest {
  /** Source text: a plain-math expression, or several `name = expr` lines (mathjs syntax). */
  source: string;
  /** Language of the source ('math' for plain mathjs syntax); front ends add more. */
  language?: string;
  /** Values for variables; missing ones get deterministic values inside the domain. */
  at?: Record<string, number>;
  /** Inputs to differentiate with respect to (others are held constant). Default: all free variables. */
  wrt?: string[];
  /** Differentiate every assigned name (Jacobian) instead of only the last. */
  allOutputs?: boolean;
  hessian?: boolean;
  /**
   * The name a `return` in the selection gives its value when the selection does not include the function's
   * header (the editor passes the enclosing function's name, so `return …` inside `def loss` is `loss`, not `f`).
   * Ignored when it is not an identifier or the selection already uses the name.
   */
  returnName?: string;
  /**
   * Which forms the partials' `expr`, `latex` and `text` hold. 'self-contained' (the default): each one on its own,
   * however long. 'compact': a partial that has a `compact` form (over the result's shared `bindings`) carries it
   * there too, and its self-contained forms are never built (the result says `forms: 'compact'`). 'auto': compact
   * when the self-contained forms of all partials together would take more than `formsBudget` characters (estimated
   * from the graph before anything is printed), else self-contained.
   */
  forms?: 'auto' | 'self-contained' | 'compact';
  /** Characters for `forms: 'auto'` (default 1 000 000). */
  formsBudget?: number;
  /**
   * Refuse (PartialsError, code 'limit', naming the size) instead of printing self-contained forms estimated to take
   * more than this many characters in all; no limit by default. The CLI sets one, so a result too large to print
   * in time says so at once.
   */
  formsLimit?: number;
}

export interface NonSmoothPoint {
  /** Function or operator that is not differentiable at this point, e.g. 'abs'. */
  op: string;
  reason: string;
  /** Where it is in the source. */
  span?: Span;
  line?: number;
  column?: number;
}

export interface PartialResult {
  of: string;
  wrt: string;
  /** Plain text in mathjs syntax: re-parses with mathjs `parse` and evaluates to `value`. */
  expr: string;
  /** LaTeX for KaTeX (large results use let-bindings: `\begin{aligned}…`). */
  latex: string;
  /** Unicode pretty form for hovers (large results use `where t₁ = …`). */
  text: string;
  value: number;
  /** False when the point is on a kink (abs at 0, relu at 0, max at a tie, sqrt at 0 …) on this path. */
  differentiable: boolean;
  nonSmooth?: NonSmoothPoint[];
  /**
   * The partial in the selection's own names (`x*(p - y)` with `p` and `z` defined in `expressions`), simplified.
   * `expr` evaluates in mathjs to `value` once each name in `uses` is bound (in order) to its `expressions[name]`
   * value. Absent when no checked form exists (large graphs, a failed numeric check).
   */
  named?: NamedForm;
  /** The chain-rule factors along the path through the names: ∂of/∂wrt each, with its value at the point. */
  chain?: ChainFactor[];
  /** Every path (up to 8) when the output reaches the input through several of the names. */
  paths?: ChainFactor[][];
  /**
   * The partial written over the result's shared let-bindings (`bindings`): `expr` evaluates in mathjs to `value`
   * once the bindings are bound in order (each binding's `expr` names only earlier bindings). Present only for large results whose
   * partials share subexpressions (the prefix and suffix products of x₁⋯xₙ, a softmax's normaliser), and only
   * when this partial uses a binding. `expr`, `latex` and `text` above stay self-contained.
   */
  compact?: CompactForm;
}

export interface CompactForm {
  expr: string;
  latex: string;
  text: string;
  /** The `bindings` names the form names itself, in binding order (they may name earlier bindings in turn). */
  uses: string[];
}

/** One let-binding shared by the partials' compact forms: `name = expr`; `expr` uses only earlier names. */
export interface SharedBinding {
  name: string;
  expr: string;
  latex: string;
  text: string;
}

export interface NamedForm {
  expr: string;
  latex: string;
  text: string;
  /** The names the form uses (and the names their definitions use), in definition order. */
  uses: string[];
}

export interface ChainFactor {
  of: string;
  wrt: string;
  /** mathjs text (in names). */
  expr: string;
  text: string;
  latex: string;
  value: number;
}

/**
 * What `inspect` and `check` results both start with: the selection's language, its names, the point and the
 * displayed expressions. One type, so the two JSON contracts cannot drift apart.
 */
export interface ResultHeader {
  language: string;
  outputs: string[];
  inputs: string[];
  /** Symbols held constant (free variables not in `wrt`). */
  constants: string[];
  point: Record<string, number>;
  /** Where each coordinate of the point came from. */
  pointSource: Record<string, 'user' | 'document' | 'default'>;
  /**
   * The expression of each output, displayed (plain mathjs syntax, LaTeX, Unicode), expanded in the inputs; in
   * `inspect`, also of each intermediate the named forms use, with `named`: the definition in the selection's
   * names (`p = σ(z)`).
   */
  expressions: Record<string, { expr: string; latex: string; text: string; named?: NamedForm }>;
  warnings: string[];
}

export interface InspectResult extends ResultHeader {
  values: Record<string, number>;
  partials: PartialResult[];
  /** Per output, rows and columns in `inputs` order (only when requested). */
  hessian?: Record<string, number[][]>;
  /** The intermediates the named forms use, in definition order (each is a key of `expressions`). */
  names?: string[];
  /** Gradient graph operations / f operations (the cheap-gradient ratio). */
  cost: { fOps: number; gradientOps: number };
  /** Hand-written derivatives found in the selection (df_dx = …), as the front end read them. */
  claims: Claim[];
  /**
   * Subexpressions the partials share, each named once, innermost first (`t1 = x1*x2*…*x8`, `t2 = t1*x9` …):
   * what the partials' `compact` forms are written in. Absent unless compact forms are, so the text of all
   * partials together stays proportional to the graph's size instead of the number of partials times it.
   */
  bindings?: SharedBinding[];
  /**
   * 'compact' when the partials that have a `compact` form carry it in `expr`, `latex` and `text` (InspectRequest.forms):
   * those then evaluate to `value` only with `bindings` bound. Absent for self-contained forms.
   */
  forms?: 'compact';
}

export interface GraphNodeView {
  id: number;
  op: string;
  /** Short label: the variable name, the number, the function name or the operator symbol. */
  label: string;
  value: number;
  /** ∂output/∂node at the point (the backward adjoint). */
  adjoint: number;
  /** Name given to this node in the source (assigned variable), if any. */
  name?: string;
  span?: Span;
  isInput?: boolean;
  isOutput?: boolean;
}

export interface GraphEdgeView {
  from: number;
  to: number;
  /** Argument position at `to`. */
  arg: number;
  /** ∂to/∂from, as text and at the point. */
  local: string;
  localValue: number;
}

export interface GraphView {
  output: string;
  point: Record<string, number>;
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  /** Present when only part of the graph is here (graphView's maxNodes): how many nodes it has, how many are shown. */
  truncated?: { nodes: number; shown: number };
}

export interface ErrorResult {
  error: { message: string; line: number; column: number; code?: string };
}
