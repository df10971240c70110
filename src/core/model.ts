import type { CompactForm, GraphEdgeView, GraphNodeView, GraphView, InspectRequest, InspectResult, NonSmoothPoint, PartialResult, SharedBinding } from './api';
import * as diff from './diff';
import { Displayer } from './display';
import { lineColumn, PartialsError, spanPosition } from './errors';
import { branchTies, diagnose, evaluate, type Finding, type Point } from './evaluate';
import { readSource, type Claim } from './frontend';
import { confusableWarnings } from './frontend/confusables';
import type { Graph, NodeId } from './graph';
import { lowerProgram, type Program } from './lower';
import { namedPartials } from './named';
import { print, PrintCache, printShared } from './print';
import { estimateFormsChars, plainSizes, ResultTooLarge } from './formsize';
import { hashString, mulberry32 } from './random';
import { shortNumber } from './number';
import { setOwn } from './own';
import { t } from './l10n';

/** A selection read and lowered: the graph plus which nodes are outputs and inputs. */
export interface Model {
  language: string;
  program: Program;
  graph: Graph;
  outputs: { name: string; node: NodeId }[];
  /** Variables differentiated with respect to, in order. */
  inputs: string[];
  /** Free variables held constant. */
  constants: string[];
  /** The parameters of the selected function, when it defines one. */
  params?: string[];
  claims: Claim[];
  /** Claims with respect to an intermediate name (dL_dz in backprop code): checked against that node's adjoint. */
  adjointClaims: Claim[];
  /** Numeric values assigned in the document (front ends), for the default point. */
  documentValues: Record<string, number>;
}

export function buildModel(req: Pick<InspectRequest, 'source' | 'language' | 'wrt' | 'allOutputs' | 'returnName'>): Model {
  const fe = readSource(req.source, req.language, req.returnName ? { returnName: req.returnName } : {});
  const program = lowerProgram(fe.text, { source: req.source, mapOffset: fe.mapOffset, variables: new Set(fe.variables ?? []), ...(fe.ast ? { ast: fe.ast } : {}) });
  const g = program.graph;
  const byName = new Map(program.assignments.map((a) => [a.name, a]));
  let outputs = req.allOutputs ? dedupeLast(program.assignments) : [program.assignments[program.assignments.length - 1]];
  if (fe.outputs?.length && !req.allOutputs) {
    outputs = fe.outputs.map((name) => {
      const a = byName.get(name);
      if (!a) throw new PartialsError(t("The output '{0}' is never assigned.", name), 'input');
      return a;
    });
  }
  const free = variablesOf(g, outputs);
  const params = fe.params ?? program.params;
  const order = params ? [...params.filter((p) => free.includes(p)), ...free.filter((v) => !params.includes(v))] : free;
  let inputs = order;
  if (req.wrt?.length) {
    const known = new Set([...order, ...(params ?? [])]);
    const unknown = req.wrt.filter((w) => !known.has(w));
    if (unknown.length) {
      throw new PartialsError((unknown.length > 1 ? t('Cannot differentiate with respect to {0}: they do not appear in the expression (variables: {1}).', unknown.map((u) => `'${u}'`).join(', '), order.join(', ') || t('none')) : t('Cannot differentiate with respect to {0}: it does not appear in the expression (variables: {1}).', unknown.map((u) => `'${u}'`).join(', '), order.join(', ') || t('none'))), 'input');
    }
    inputs = [...new Set(req.wrt)];
  } else if (params) inputs = params.filter((p) => free.includes(p));
  const inputSet = new Set(inputs); // a Set: 100 000 variables must not cost 100 000² comparisons
  return {
    language: fe.language,
    program,
    graph: g,
    outputs: outputs.map((o) => ({ name: o.name, node: o.node })),
    inputs,
    constants: order.filter((v) => !inputSet.has(v)),
    ...(params ? { params } : {}),
    claims: fe.claims,
    adjointClaims: fe.adjointClaims ?? [],
    documentValues: fe.values,
  };
}

/**
 * The outputs' free variables in order of first appearance in the source: those the graph reaches, and those the
 * text mentions but that folded away (`0*w128 + …`, `w - w`): their partials are 0, and they can be asked for.
 */
function variablesOf(g: Graph, outputs: { node: NodeId; mentions?: NodeId[] }[]): string[] {
  const vars = new Set(g.reachable(outputs.map((o) => o.node)).filter((n) => g.op[n] === 'var'));
  for (const o of outputs) for (const v of o.mentions ?? []) vars.add(v);
  return [...vars]
    .sort((a, b) => (g.span[a]?.start ?? Infinity) - (g.span[b]?.start ?? Infinity) || a - b)
    .map((n) => g.name[n]);
}

function dedupeLast<T extends { name: string }>(xs: T[]): T[] {
  const last = new Map<string, T>();
  for (const x of xs) {
    last.delete(x.name);
    last.set(x.name, x);
  }
  return [...last.values()];
}

// ---- the point -------------------------------------------------------------------------------------

const RANGES: [number, number][] = [[0.1, 2], [0.1, 2], [0.1, 2], [0.1, 2], [-2, 2], [-2, 2], [-2, 2], [0.1, 10], [-10, 10], [1, 100], [-100, 100]];

/**
 * The point: user values, then values from the document, then deterministic values inside the domain
 * (retrying until every output and partial is finite and no kink is hit).
 */
export function choosePoint(model: Model, user: Record<string, number> = {}, probe: NodeId[] = []): { point: Record<string, number>; source: InspectResult['pointSource']; ignored: string[]; values?: Float64Array } {
  const vars = [...model.inputs, ...model.constants];
  // Values for names the expression does not use are ignored (a point kept while the selection changed).
  const ignored = Object.keys(user).filter((k) => !vars.includes(k));
  const fixed: Record<string, number> = {};
  const source: InspectResult['pointSource'] = {};
  for (const v of vars) {
    // Own keys, defined (not assigned): a variable may be called `constructor` or `__proto__`.
    if (Object.hasOwn(user, v)) { setOwn(fixed, v, user[v]); setOwn(source, v, 'user'); }
    else if (Object.hasOwn(model.documentValues, v)) { setOwn(fixed, v, model.documentValues[v]); setOwn(source, v, 'document'); }
  }
  const free = vars.filter((v) => !Object.hasOwn(fixed, v));
  for (const v of free) setOwn(source, v, 'default');
  if (!free.length) return { point: fixed, source, ignored };
  const roots = [...model.outputs.map((o) => o.node), ...probe];
  let fallback: Record<string, number> | undefined;
  for (let attempt = 0; attempt < 40; attempt++) {
    const [lo, hi] = RANGES[Math.min(attempt, RANGES.length - 1)];
    const point = { ...fixed };
    for (const v of free) {
      const r = mulberry32(hashString(v) + attempt * 7919)();
      setOwn(point, v, Math.round((lo + (hi - lo) * r) * 100) / 100 || 0.5);
    }
    fallback ??= point;
    const values = evaluate(model.graph, roots, point);
    if (!roots.every((n) => Number.isFinite(values[n]))) continue;
    if (model.outputs.some((o) => diagnose(model.graph, o.node, values).kinks.length)) continue;
    // the values of the outputs and the probes there, so a caller need not evaluate them again
    return { point, source, ignored, values };
  }
  return { point: fallback!, source, ignored };
}

// ---- inspect ---------------------------------------------------------------------------------------

/** What inspect and check both start from: the model, every partial as a node, the point and the values there. */
export interface Analysis {
  model: Model;
  g: Graph;
  inputNodes: NodeId[];
  /** grads[output][input]: the partial's node. */
  grads: NodeId[][];
  allPartials: NodeId[];
  point: Record<string, number>;
  source: InspectResult['pointSource'];
  values: Float64Array;
  displayer: Displayer;
  warnings: string[];
}

export function analyse(req: InspectRequest): Analysis {
  const model = buildModel(req);
  const g = model.graph;
  const inputNodes = model.inputs.map((v) => g.variable(v));
  const grads = model.outputs.map((o) => diff.gradient(g, o.node, inputNodes));
  const allPartials = grads.flat();
  const chosen = choosePoint(model, req.at, allPartials);
  const { point, source, ignored } = chosen;
  const roots = [...model.outputs.map((o) => o.node), ...allPartials];
  // choosePoint evaluated these very roots at the point it chose (when it chose one by trying)
  const values = chosen.values ?? evaluate(g, roots, point);
  const displayer = new Displayer(g, roots);
  const warnings = ignored.map((k) => t("'{0}' is not a variable of the expression; its value is ignored.", k));
  const empty = noInputs(model);
  if (empty) warnings.unshift(empty);
  warnings.push(...confusableWarnings([...model.inputs, ...model.constants]));
  return { model, g, inputNodes, grads, allPartials, point, source, values, displayer, warnings };
}

/** Why the gradient is empty, and what to select instead (never a silent empty gradient), else undefined. */
function noInputs(model: Model): string | undefined {
  if (model.inputs.length) return undefined;
  const list = (xs: string[]) => xs.slice(0, 8).map((x) => `'${x}'`).join(', ') + (xs.length > 8 ? ', …' : '');
  if (!model.constants.length) {
    return t('Nothing to differentiate: the selection has no variables (every name in it is a number or a known constant). Select a formula with a variable, such as x^2 + y, or a whole function with its parameters.');
  }
  const params = model.params ?? [];
  const head = params.length
    ? t("No inputs: the function's parameters ({0}) do not appear in its result, so every name in it ({1}) is held constant", list(params), list(model.constants))
    : t('No inputs: every name ({0}) is held constant', list(model.constants));
  return t('{0} and the gradient is empty. Select the function with the lines that use its parameters, or choose the names to differentiate with respect to (--wrt {1} in the CLI).', head, model.constants.slice(0, 3).join(','));
}

export function inspect(req: InspectRequest): InspectResult {
  const { model, g, inputNodes, grads, allPartials, point, source, values, displayer, warnings } = analyse(req);
  const partials: PartialResult[] = [];
  const expressions: InspectResult['expressions'] = {};
  const outValues: Record<string, number> = {};
  const cache = new PrintCache(); // this result's partials share most of their display trees
  // The forms are chosen before any is printed: self-contained forms can be quadratic in the input (n partials of a
  // product of n variables), the compact ones over shared bindings stay linear (issue #16).
  const estimate = estimateFormsChars(g, allPartials);
  const mode = req.forms ?? 'self-contained';
  const wantCompact = mode === 'compact' || (mode === 'auto' && estimate > (req.formsBudget ?? FORMS_BUDGET));
  let compact = wantCompact ? compactForms(model, allPartials, estimate / 3) : undefined;
  const useCompact = compact !== undefined;
  if (!useCompact && req.formsLimit !== undefined && estimate > req.formsLimit) {
    throw new ResultTooLarge(t('The partials would be about {0} characters in all, more than the {1} that can be printed in time. Select less, ask for fewer partials (--wrt in the CLI), or for the compact forms over shared bindings (--compact in the CLI).', roundedCount(estimate), roundedCount(req.formsLimit)));
  }

  // Compact forms: the partials are never displayed expanded, so the outputs' display counts uses among the outputs'
  // own nodes (Displayer `shown`; linear for x₁⋯xₙ); anything else asks a full display, made only if asked.
  const outDisplayer = useCompact ? new Displayer(g, [...model.outputs.map((o) => o.node), ...allPartials], { shown: model.outputs.map((o) => o.node) }) : displayer;

  model.outputs.forEach((o, oi) => {
    setOwn(outValues, o.name, values[o.node]);
    setOwn(expressions, o.name, forms(outDisplayer, o.node, cache));
    const found = diagnose(g, o.node, values);
    for (const f of [...found.undefinedAt, ...found.overflowAt]) warnings.push(`${o.name}: ${f.reason}${where(model, f)}.`);
    // Where f itself is undefined (log at −1) no partial is a derivative there, whatever its formula gives.
    const kinks = [...found.kinks, ...branchTies(g, o.node, values), ...found.undefinedAt];
    model.inputs.forEach((x, xi) => {
      const node = grads[oi][xi];
      const xNode = inputNodes[xi];
      const onPath = kinks.filter((k) => dependsOnVar(g, k.node, xNode));
      const c = useCompact ? compact!.forms[oi * model.inputs.length + xi] : undefined;
      const own = c ? { expr: c.expr, latex: c.latex, text: c.text } : forms(displayer, node, cache);
      const p: PartialResult = { of: o.name, wrt: x, ...own, value: values[node], differentiable: onPath.length === 0 };
      if (onPath.length) p.nonSmooth = onPath.map((k) => nonSmooth(model, k));
      partials.push(p);
    });
  });

  const names = namedPartials({ g, assignments: model.program.assignments, outputs: model.outputs, inputs: model.inputs, constants: model.constants, point, grads, expanded: (n) => displayer.of(n), cache });
  model.outputs.forEach((_o, oi) => model.inputs.forEach((_x, xi) => {
    const n = names.partials[oi][xi];
    if (!n) return;
    const p = partials[oi * model.inputs.length + xi];
    p.named = n.named;
    p.chain = n.chain;
    if (n.paths) p.paths = n.paths;
  }));
  for (const [name, d] of names.definitions) {
    const named = { expr: d.expr, latex: d.latex, text: d.text, uses: d.uses };
    if (Object.hasOwn(expressions, name)) expressions[name].named = named;
    else setOwn(expressions, name, { ...forms(displayer, d.node, cache), named });
  }

  const result: InspectResult = {
    language: model.language,
    outputs: model.outputs.map((o) => o.name),
    inputs: model.inputs,
    constants: model.constants,
    point,
    pointSource: source,
    values: outValues,
    partials,
    expressions,
    cost: { fOps: g.countOps(model.outputs.map((o) => o.node)), gradientOps: g.countOps([...model.outputs.map((o) => o.node), ...allPartials]) },
    claims: model.claims,
    warnings,
  };
  if (names.order.length) result.names = names.order;
  if (useCompact) result.forms = 'compact';
  // Self-contained forms: the compact ones too when they are less than half as long as the printed partials.
  else if (!wantCompact) compact = compactForms(model, allPartials, partials.reduce((s, p) => s + p.expr.length, 0));
  if (compact) {
    result.bindings = compact.bindings;
    partials.forEach((p, i) => { if (compact.forms[i]) p.compact = compact.forms[i]; });
  }
  if (req.hessian) {
    result.hessian = {};
    for (const o of model.outputs) {
      const h = diff.hessian(g, o.node, inputNodes);
      const hv = evaluate(g, h.flat(), point);
      setOwn(result.hessian, o.name, h.map((row) => row.map((n) => hv[n])));
    }
  }
  return result;
}

/** The plain, LaTeX and Unicode forms of a node (`cache`: shared by the forms of one result, for speed only). */
export function forms(d: Displayer, n: NodeId, cache = new PrintCache()): { expr: string; latex: string; text: string } {
  const disp = d.of(n);
  return { expr: print(disp, 'plain', { cache }), latex: print(disp, 'latex', { cache }), text: print(disp, 'unicode', { cache }) };
}

/** Characters of self-contained partials past which `forms: 'auto'` gives the compact ones (InspectRequest.formsBudget). */
export const FORMS_BUDGET = 1_000_000;

/** 12 345 678 → "12 000 000": a size in a message, to two significant digits. */
function roundedCount(n: number): string {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, n))) - 1);
  return (Math.round(n / p) * p).toLocaleString('en-US').replace(/,/g, ' ');
}

/** Compact forms are tried when the partials' plain text together is longer than this many characters … */
const COMPACT_ABOVE = 2000;
/** … and kept when they (with their bindings) take at most this fraction of it. */
const COMPACT_GAIN = 0.5;

/**
 * The partials over shared let-bindings (issue #12, "Display stays linear"): a second display of the partials
 * that keeps shared subexpressions whole (Displayer `keepShared`), printed together so each shared one is named
 * once. Undefined when the partials are small or share nothing worth naming.
 */
function compactForms(model: Model, nodes: NodeId[], full: number): { bindings: SharedBinding[]; forms: (CompactForm | undefined)[] } | undefined {
  if (nodes.length < 2) return undefined;
  if (full <= COMPACT_ABOVE) return undefined;
  const displayer = new Displayer(model.graph, nodes, { keepShared: 8 });
  const roots = nodes.map((n) => displayer.of(n));
  const prefix = bindingPrefix([...model.inputs, ...model.constants, ...model.program.assignments.map((a) => a.name)]);
  const cache = new PrintCache();
  const plain = printShared(roots, 'plain', { cache, prefix });
  if (!plain.bindings.length) return undefined;
  const size = plain.bindings.reduce((s, b) => s + b.name.length + b.text.length, 0) + plain.bodies.reduce((s, b) => s + b.length, 0);
  if (size > full * COMPACT_GAIN) return undefined;
  const latex = printShared(roots, 'latex', { cache, prefix });
  const text = printShared(roots, 'unicode', { cache, prefix });
  const bindings = plain.bindings.map((b, i) => ({ name: b.name, expr: b.text, latex: latex.bindings[i].text, text: text.bindings[i].text }));
  const forms = roots.map((_r, i) => plain.uses[i].length
    ? { expr: plain.bodies[i], latex: latex.bodies[i], text: text.bodies[i], uses: plain.uses[i].map((j) => bindings[j].name) }
    : undefined);
  return { bindings, forms };
}

/** A name for let-bindings that no variable's name can be mistaken for: t (t1, t₁), else tt, ttt … */
function bindingPrefix(names: string[]): string {
  let prefix = 't';
  while (names.some((n) => n.startsWith(prefix) && /^_?\d+$/.test(n.slice(prefix.length)))) prefix += 't';
  return prefix;
}

function dependsOnVar(g: Graph, n: NodeId, v: NodeId): boolean {
  return g.reachable([n]).includes(v);
}

function where(model: Model, f: Finding): string {
  return spanPosition(model.program.source, f.span);
}

function nonSmooth(model: Model, f: Finding): NonSmoothPoint {
  const out: NonSmoothPoint = { op: f.op, reason: f.reason };
  if (f.span) {
    const p = lineColumn(model.program.source, f.span.start);
    Object.assign(out, { span: f.span, line: p.line, column: p.column });
  }
  return out;
}

// ---- the graph view --------------------------------------------------------------------------------

const OP_LABEL: Record<string, string> = { add: '+', sub: '−', mul: '×', div: '÷', neg: '−', pow: '^', cond: '?:', lt: '<', le: '≤', gt: '>', ge: '≥', eq: '=', ne: '≠', and: 'and', or: 'or', not: 'not' };

/** Every node of one output's graph with its forward value and backward adjoint; edges carry ∂to/∂from. */
/** Bounds of graphView for a caller that shows the graph (the inspector): none by default (the CLI's full graph). */
export interface GraphViewOptions {
  /**
   * At most this many nodes: past it, the nodes nearest the output (breadth first over the arguments) and the edges
   * between them, and `truncated` says how many there were.
   */
  maxNodes?: number;
  /**
   * An edge's local derivative whose plain text would take more than this many characters (estimated from the graph
   * before anything is printed) is not printed: its `local` is `…` (its value stays exact). The local of one factor
   * of x₁⋯xₙ is the product of all the others: printing each one is quadratic in n.
   */
  maxLocalChars?: number;
}

export function graphView(req: InspectRequest, outputName?: string, opts: GraphViewOptions = {}): GraphView {
  const model = buildModel(req);
  const g = model.graph;
  const out = outputName ? model.outputs.find((o) => o.name === outputName) ?? model.program.assignments.find((a) => a.name === outputName) : model.outputs[model.outputs.length - 1];
  if (!out) throw new PartialsError(t("There is no output named '{0}'.", String(outputName)), 'input');
  const { point } = choosePoint(model, req.at);
  const all = g.reachable([out.node]);
  const live = opts.maxNodes !== undefined && all.length > opts.maxNodes ? nearest(g, out.node, opts.maxNodes) : all;
  const kept = new Set(live);
  const adj = diff.adjoints(g, out.node);
  const locals = new Map<string, NodeId>();
  for (const n of live) g.args[n].forEach((a, i) => { if (kept.has(a)) locals.set(`${n}:${i}`, diff.localDerivative(g, n, i)); });
  const adjNodes = live.map((n) => (adj[n] >= 0 ? adj[n] : g.num(0)));
  const values = evaluate(g, [out.node, ...adjNodes, ...locals.values()], point);
  const names = new Map<NodeId, string>();
  for (const a of model.program.assignments) names.set(a.node, a.name);
  const inputs = new Set(model.inputs);
  // Only the locals small enough to print are displayed (their sizes estimated over the graph first, O(nodes)).
  const sizes = opts.maxLocalChars === undefined ? undefined : plainSizes(g, [...locals.values()]);
  const printable = (l: NodeId) => !sizes || sizes.get(l)! <= opts.maxLocalChars!;
  const shown = [...new Set([...locals.values()].filter(printable))];
  const displayer = new Displayer(g, shown, sizes ? { shown } : {});
  const nodes: GraphNodeView[] = live.map((n, i) => {
    const view: GraphNodeView = { id: n, op: g.op[n] === 'fn' ? g.name[n] : g.op[n], label: label(g, n), value: values[n], adjoint: values[adjNodes[i]] };
    if (names.has(n)) view.name = names.get(n);
    if (g.span[n]) view.span = g.span[n];
    if (g.op[n] === 'var' && inputs.has(g.name[n])) view.isInput = true;
    if (n === out.node) view.isOutput = true;
    return view;
  });
  const edges: GraphEdgeView[] = [];
  const printCache = new PrintCache();
  for (const n of live) {
    g.args[n].forEach((a, i) => {
      const local = locals.get(`${n}:${i}`);
      if (local === undefined) return;
      const text = printable(local) ? print(displayer.of(local), 'unicode', { cache: printCache }) : '…';
      edges.push({ from: a, to: n, arg: i, local: text, localValue: values[local] });
    });
  }
  const view: GraphView = { output: out.name, point, nodes, edges };
  if (live.length < all.length) view.truncated = { nodes: all.length, shown: live.length };
  return view;
}

/** The `max` nodes nearest `root` (breadth first over the arguments), in id order (a topological order). */
function nearest(g: Graph, root: NodeId, max: number): NodeId[] {
  const seen = new Set<NodeId>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length && seen.size < max; i++) {
    for (const a of g.args[queue[i]]) {
      if (seen.has(a)) continue;
      seen.add(a);
      queue.push(a);
      if (seen.size >= max) break;
    }
  }
  return [...seen].sort((a, b) => a - b);
}

function label(g: Graph, n: NodeId): string {
  switch (g.op[n]) {
    case 'num': return shortNumber(g.val[n]);
    case 'const': return g.name[n] === 'pi' ? 'π' : g.name[n];
    case 'var': case 'fn': return g.name[n];
    default: return OP_LABEL[g.op[n]] ?? g.op[n];
  }
}

export type { Point };
