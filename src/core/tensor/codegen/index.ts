import { PartialsError } from '../../errors';
import { FUNCTIONS } from '../../functions';
import { Names } from '../../codegen/names';
import { adjoints, gradients, hessian } from '../diff';
import type { TGraph, TNodeId } from '../graph';
import { readTensor, type TensorLanguage } from '../languages';
import type { Dim, Shape } from '../shape';
import type { Nested } from '../evaluate';
import { eigenPrinter } from './eigen';
import { binary, literal } from './common';
import { columnMajorPrinter } from './columnmajor';
import { pythonPrinter } from './python';
import { ADD, ATOM, UNARY, type P, type Param, type PrintContext, type TensorPrinter, type TensorStyle, type TensorTargetId } from './types';
import { t as l10n } from '../../l10n';

export { TENSOR_STYLES, TENSOR_TARGETS, type TensorStyle, type TensorTargetId } from './types';

/**
 * Vectorised gradient code from the tensor engine's graph: the value and the gradient of every input as
 * whole-array statements (matrix products, elementwise operations, reductions), never loops over entries.
 *
 * closed: each result is one expression in matrix notation; subexpressions used more than once become
 * temporaries t1, t2, … computed once, just before their first use.
 * adjoint: a forward sweep (one statement per operation of f) and a backward sweep (the adjoint of each
 * operation, x_bar, from the output back to the inputs), each statement a vectorised operation.
 */
export interface TensorCodegenOptions {
  target: TensorTargetId;
  style?: TensorStyle;
  form?: 'statements' | 'function';
  /** Base name of the function (default 'f'): the function is `<name>_grad`. */
  name?: string;
  /** Name of the value (default 'f'). */
  output?: string;
  wrt?: readonly string[];
  /** Parameter order (the enclosing function's): these first, then the other inputs in their order. */
  paramOrder?: readonly string[];
  indent?: string;
  indentUnit?: string;
  eol?: string;
  /** Header comment (default true). */
  comment?: boolean;
  /**
   * Also the Hessian with respect to this input (a vector or a scalar), as `hess_<name>` after the value and its
   * gradient (closed style only; `wrt` is then this input alone).
   */
  hessian?: string;
  /** Names the code must not assign (the variables of the document it goes into); the inputs keep their names. */
  avoid?: readonly string[];
}

export interface TensorCodegenResult {
  target: TensorTargetId;
  style: TensorStyle;
  /** Statements, or helpers + function. Lines joined with `eol`, indented. */
  code: string;
  imports: string[];
  /** Helper definitions the code calls (softmax, logsumexp, where …); already in `code` for the function form. */
  helpers: string[];
  /** The code without helpers. */
  body: string;
  functionName?: string;
  /** Parameters in order (function form), as named in the code. */
  parameters?: string[];
  /** The value, then the gradient of each input in `wrt` order (then the Hessian, with `hessian`). */
  resultNames: string[];
  /** Input name → name in the code (differs only where the input's name is a reserved word of the target). */
  inputNames: Record<string, string>;
  /** The shapes of the inputs (symbolic sizes stay strings). */
  shapes: Record<string, Dim[]>;
}

export function printerFor(target: TensorTargetId): TensorPrinter {
  switch (target) {
    case 'numpy': case 'jax': case 'pytorch': return pythonPrinter(target);
    case 'matlab': case 'julia': return columnMajorPrinter(target);
    case 'eigen': return eigenPrinter();
  }
  throw new PartialsError(l10n("Unknown vectorised target '{0}'.", String(target)), 'input');
}

export interface TensorSourceOptions {
  /** The reader: mathjs syntax (default), numpy, matlab, julia, latex or eigen (src/core/tensor/languages.ts). */
  language?: TensorLanguage;
  shapes?: Readonly<Record<string, Shape>>;
  at?: Readonly<Record<string, Nested>>;
}

/** Reads the source (mathjs syntax or NumPy) and generates code for it. */
export function generateTensorCode(source: string, options: TensorCodegenOptions & TensorSourceOptions): TensorCodegenResult {
  const language = options.language ?? 'math';
  // The code is for any sizes, not only the point's: a point gives the inputs' ranks and the sizes stay symbolic
  // (`np.sum(B) / (B.shape[0] * B.shape[1])`, not `/ 10.0`; B's rows are B.shape[0] even where A has as many).
  // A point with a size-1 axis (a row or column that broadcasts) keeps its sizes, as does code that needs them
  // known (kron).
  const ranks = generalRanks(options.at);
  if (ranks) {
    try {
      const r = readTensor(source, language, { shapes: options.shapes, ranks });
      return generateTensorFromGraph(r.graph, r.output, r.inputs, options);
    } catch {
      /* sizes the reading needs known: the point's, below */
    }
  }
  const r = readTensor(source, language, { shapes: options.shapes, at: options.at });
  return generateTensorFromGraph(r.graph, r.output, r.inputs, options);
}

/** The ranks of a point's values, if none has an axis of size 1 (else undefined: its sizes are kept). */
function generalRanks(at: Readonly<Record<string, Nested>> | undefined): Record<string, number> | undefined {
  if (!at || !Object.keys(at).length) return undefined;
  const ranks: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, v] of Object.entries(at)) {
    if (typeof v === 'number') ranks[name] = 0;
    else if (v.length <= 1) return undefined;
    else if (v.every((x) => typeof x === 'number')) ranks[name] = 1;
    else if (v.every((row) => Array.isArray(row) && row.length > 1)) ranks[name] = 2;
    else return undefined;
  }
  return ranks;
}

interface Root {
  name: string;
  node: TNodeId;
}

export function generateTensorFromGraph(tg: TGraph, output: TNodeId, inputs: readonly string[], options: TensorCodegenOptions): TensorCodegenResult {
  const printer = printerFor(options.target);
  const style = options.style ?? 'closed';
  const form = options.form ?? 'function';
  if (!tg.isScalar(output)) throw new PartialsError(l10n('Gradient code needs a scalar output; this one has shape ({0}).', tg.shape(output).join(', ')), 'unsupported');
  const wrt = options.hessian !== undefined ? [options.hessian] : options.wrt?.length ? [...options.wrt] : [...inputs];
  if (options.hessian !== undefined) {
    if (style !== 'closed') throw new PartialsError(l10n('Hessian code is generated in closed form only.'), 'unsupported');
    const v = tg.lookupVariable(options.hessian);
    if (v !== undefined && tg.rank(v) > 1) throw new PartialsError(l10n("The Hessian with respect to the matrix '{0}' would have rank 4: Hessian code is generated for a vector or scalar input.", options.hessian), 'unsupported');
  }
  for (const w of wrt) if (!inputs.includes(w)) throw new PartialsError(l10n("'{0}' is not an input; the inputs are {1}.", w, inputs.join(', ')), 'input');

  // ---- names: the inputs (renamed only away from reserved words), then results and temporaries
  const names = new Names(printer.reserved);
  const order = [...(options.paramOrder ?? []).filter((p) => inputs.includes(p)), ...inputs.filter((p) => !options.paramOrder?.includes(p))];
  const inputNames: Record<string, string> = {};
  for (const v of order) {
    const legal = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && !printer.reserved.has(v);
    if (legal) names.take(v);
  }
  for (const v of order) {
    const legal = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && !printer.reserved.has(v);
    Object.defineProperty(inputNames, v, { value: legal ? v : names.fresh(v), enumerable: true, writable: true, configurable: true });
  }
  for (const a of options.avoid ?? []) if (!inputs.includes(a)) names.take(a);
  const safe = (s: string | undefined, fallback: string) => (s && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : fallback);
  const valueName = names.fresh(safe(options.output, 'f'));
  const gradNames = wrt.map((w) => names.fresh(`grad_${inputNames[w]}`));
  const hessName = options.hessian !== undefined ? names.fresh(`hess_${inputNames[options.hessian]}`) : undefined;
  const fnName = names.fresh(`${safe(options.name, 'f')}_grad`);
  for (const h of ['partials_softmax', 'partials_logsumexp', 'partials_log_softmax', 'partials_where']) names.take(h);

  // ---- sizes: each dimension as the size of the first input that has it
  const dimText = new Map<Dim, string>();
  for (const v of order) {
    const node = tg.lookupVariable(v)!;
    tg.shape(node).forEach((d, axis) => {
      if (!dimText.has(d)) dimText.set(d, printer.dimExpr(inputNames[v], axis, tg.rank(node)));
    });
  }

  // ---- what to compute, in order
  const grads = gradients(tg, output, wrt);
  const roots: Root[] = [];
  if (style === 'closed') {
    roots.push({ name: valueName, node: output });
    wrt.forEach((w, i) => roots.push({ name: gradNames[i], node: grads.get(w)! }));
    if (hessName !== undefined) roots.push({ name: hessName, node: hessian(tg, output, options.hessian!) });
  } else {
    const live = tg.reachable([output]);
    const leaf = (n: TNodeId) => tg.args[n].length === 0;
    let k = 0;
    const fwdName = new Map<TNodeId, string>();
    for (const n of live) {
      if (leaf(n) || n === output) continue;
      const name = names.fresh(`t${++k}`);
      fwdName.set(n, name);
      roots.push({ name, node: n });
    }
    roots.push({ name: valueName, node: output });
    const adj = adjoints(tg, output);
    const wrtVars = new Set(wrt.map((w) => tg.lookupVariable(w)!));
    const seen = new Set<TNodeId>([...live]);
    for (let i = live.length - 1; i >= 0; i--) {
      const n = live[i];
      if (n === output || adj[n] < 0 || leaf(n) || seen.has(adj[n]) || leaf(adj[n]) || tg.filled(adj[n]) !== undefined) continue;
      seen.add(adj[n]);
      roots.push({ name: names.fresh(`${fwdName.get(n)}_bar`), node: adj[n] });
    }
    // an adjoint the gradients do not use (the engine's rewrites folded it into another) is not written
    const needed = new Set(tg.reachable(wrt.map((w) => grads.get(w)!)));
    for (let i = roots.length - 1; i >= 0; i--) if (roots[i].name.endsWith('_bar') && !needed.has(roots[i].node)) roots.splice(i, 1);
    wrt.forEach((w, i) => {
      const v = tg.lookupVariable(w)!;
      roots.push({ name: gradNames[i], node: wrtVars.has(v) ? grads.get(w)! : v });
    });
  }

  // ---- schedule: temporaries for shared subexpressions, emitted just before their first use
  const named = new Map<TNodeId, string>();
  for (const v of order) named.set(tg.lookupVariable(v)!, inputNames[v]);
  const rootSet = new Set(roots.map((r) => r.node));
  const uses = new Map<TNodeId, number>();
  const visited = new Set<TNodeId>();
  const cheap = (n: TNodeId) => tg.args[n].length === 0 && tg.op[n] !== 'eye';
  /** A matrix–vector product (P ± Q) v whose sum is used only here: [P, Q, v] (printed as P v ± Q v). */
  const distributable = (n: TNodeId): [TNodeId, TNodeId, TNodeId] | undefined => {
    if (tg.op[n] !== 'matmul') return undefined;
    const [m, v] = tg.args[n];
    if (tg.rank(v) !== 1 || tg.rank(m) !== 2 || (tg.op[m] !== 'add' && tg.op[m] !== 'sub') || (uses.get(m) ?? 0) > 1) return undefined;
    const [p, q] = tg.args[m];
    if (tg.rank(p) !== 2 || tg.rank(q) !== 2 || !tg.sameShape(p, m) || !tg.sameShape(q, m)) return undefined;
    return [p, q, v];
  };
  const count = (n: TNodeId) => {
    if (visited.has(n)) return;
    visited.add(n);
    for (const a of tg.args[n]) {
      uses.set(a, (uses.get(a) ?? 0) + 1);
      if (!rootSet.has(a)) count(a);
    }
  };
  for (const r of roots) count(r.node);
  // (P ± Q) v is printed as P v ± Q v (distributed, below): a product P v that f (or another result) computes
  // anyway is then used twice, so it becomes a temporary computed once (xᵀA x and its gradient A x + Aᵀx share Aᵀx).
  const products = new Map<string, TNodeId>();
  for (const n of visited) if (tg.op[n] === 'matmul') products.set(tg.args[n].join(','), n);
  for (const n of visited) {
    const parts = distributable(n);
    if (!parts) continue;
    const [p, q, v] = parts;
    for (const x of [p, q]) {
      const known = products.get(`${x},${v}`);
      if (known !== undefined) uses.set(known, (uses.get(known) ?? 0) + 1);
    }
  }
  const used = new Set<string>();
  const lines: string[] = [];
  let temp = 0;
  const tempPrefix = style === 'closed' ? 't' : 's';
  const ctx: PrintContext = {
    tg,
    dim: (d) => {
      const t = dimText.get(tg.dims.find(d));
      if (t !== undefined) return t;
      if (typeof tg.dims.find(d) === 'number') return String(tg.dims.find(d));
      throw new PartialsError(l10n('The size {0} is not the size of any input.', String(d)), 'unsupported');
    },
    use: (f) => used.add(f),
    expr: (n) => print(n, false),
    isNamed: (n) => named.has(n),
  };
  const mustName = (n: TNodeId) => !cheap(n) && ((uses.get(n) ?? 0) > 1 || tg.op[n] === 'scatter' && printer.statements !== undefined);
  /** The printed form of n; with `emit`, temporaries it needs are written first. */
  function print(n: TNodeId, emit = true): P {
    const nm = named.get(n);
    if (nm !== undefined) return { t: nm, p: ATOM };
    if (emit && (mustName(n) || rootSet.has(n)) && !isRootPending(n)) return { t: emitTemp(n, names.fresh(`${tempPrefix}${++temp}`)), p: ATOM };
    return printNode(n, emit);
  }
  const pending = new Set<TNodeId>();
  const isRootPending = (n: TNodeId) => pending.has(n);
  /** (P ± Q) v as P v ± Q v: two matrix–vector products instead of a new matrix (the engine folds them for reading). */
  function distributed(n: TNodeId, emit: boolean): P | undefined {
    const parts = distributable(n);
    if (!parts || named.has(tg.args[n][0])) return undefined;
    const [p, q, v] = parts;
    const m = tg.args[n][0];
    if (!named.has(v) && tg.op[v] !== 'var') return undefined;
    const pv = print(v, emit);
    // a product already computed (the forward sweep's Aᵀx) is used by name
    const product = (x: TNodeId): P => {
      const known = named.get(tg.matmul(x, v));
      return known !== undefined ? { t: known, p: ATOM } : printer.matvec(print(x, emit), pv);
    };
    return binary(product(p), tg.op[m] === 'add' ? '+' : '-', product(q), ADD);
  }
  function printNode(n: TNodeId, emit: boolean): P {
    const op = tg.op[n];
    const d = distributed(n, emit);
    if (d) return d;
    // a function of numbers is a number: log(2) is printed as its value
    if (op === 'fn' && tg.args[n].every((a) => tg.op[a] === 'num' || tg.op[a] === 'const')) {
      const v = FUNCTIONS.get(tg.name[n])!.eval(tg.args[n].map((a) => tg.val[a]));
      if (Number.isFinite(v)) return { t: literal(v), p: v < 0 ? UNARY : ATOM };
    }
    const args = tg.args[n].map((a, i) => {
      if (emit && printer.needsName?.(ctx, n, i) && !named.has(a)) return { t: emitTemp(a, names.fresh(`${tempPrefix}${++temp}`)), p: ATOM };
      return print(a, emit);
    });
    return printer.node(ctx, n, args);
  }
  function emitTemp(n: TNodeId, name: string): string {
    const d = distributed(n, true);
    if (d) {
      lines.push(printer.assign(ctx, n, name, d));
      named.set(n, name);
      return name;
    }
    const args = tg.args[n].map((a, i) => {
      if (printer.needsName?.(ctx, n, i) && !named.has(a)) return { t: emitTemp(a, names.fresh(`${tempPrefix}${++temp}`)), p: ATOM };
      return print(a);
    });
    const st = printer.statements?.(ctx, n, name, args);
    if (st) lines.push(...st);
    else {
      const e = printNodeWith(n, args);
      lines.push(printer.assign(ctx, n, name, e));
    }
    named.set(n, name);
    return name;
  }
  function printNodeWith(n: TNodeId, args: P[]): P {
    const op = tg.op[n];
    if (op === 'fn' && tg.args[n].every((a) => tg.op[a] === 'num' || tg.op[a] === 'const')) return printNode(n, false);
    return printer.node(ctx, n, args);
  }
  for (const r of roots) {
    const existing = named.get(r.node);
    if (existing !== undefined) {
      lines.push(printer.assign(ctx, r.node, r.name, { t: existing, p: ATOM }));
      continue;
    }
    if (cheap(r.node)) {
      lines.push(printer.assign(ctx, r.node, r.name, printNode(r.node, true)));
      if (tg.op[r.node] !== 'num') named.set(r.node, r.name);
      continue;
    }
    pending.add(r.node);
    emitTemp(r.node, r.name);
    pending.delete(r.node);
  }
  // print a second time is not needed: `used` was filled while printing
  const imports = printer.imports(used);
  const helpers = printer.helpers(used);
  const resultNames = [valueName, ...gradNames, ...(hessName !== undefined ? [hessName] : [])];
  const indent = options.indent ?? '';
  const unit = options.indentUnit ?? printer.indentUnit;
  const eol = options.eol ?? '\n';
  const header = options.comment === false ? [] : [`${printer.comment} ${hessName !== undefined ? 'value, gradient and Hessian in matrix form' : style === 'closed' ? 'value and gradient in matrix form' : 'forward sweep, then backward sweep (adjoints *_bar)'}: ${resultNames.join(', ')}`];
  let bodyLines: string[];
  let codeLines: string[];
  const shapes: Record<string, Dim[]> = {};
  for (const v of order) Object.defineProperty(shapes, v, { value: tg.shape(tg.lookupVariable(v)!), enumerable: true, writable: true, configurable: true });
  const rank = (n: TNodeId) => tg.rank(n);
  const params: Param[] = order.map((v) => ({ name: inputNames[v], rank: rank(tg.lookupVariable(v)!) }));
  const results: Param[] = [{ name: valueName, rank: 0 }, ...wrt.map((w, i) => ({ name: gradNames[i], rank: rank(tg.lookupVariable(w)!) }))];
  if (hessName !== undefined) results.push({ name: hessName, rank: 2 * rank(tg.lookupVariable(options.hessian!)!) });
  if (form === 'function') {
    bodyLines = [...header, ...printer.wrapFunction(fnName, params, results, lines, unit)];
    codeLines = [...helpers.flatMap((h) => [...h.split('\n'), '']), ...bodyLines];
  } else {
    bodyLines = [...header, ...lines];
    codeLines = bodyLines;
  }
  const join = (ls: string[]) => ls.map((l) => (l ? indent + l : l)).join(eol);
  return {
    target: options.target,
    style,
    code: join(codeLines),
    imports,
    helpers,
    body: join(bodyLines),
    ...(form === 'function' ? { functionName: fnName, parameters: params.map((p) => p.name) } : {}),
    resultNames,
    inputNames,
    shapes,
  };
}
