import type { ChainFactor, NamedForm } from '../api';
import { localDerivative } from '../diff';
import { Displayer, type Disp } from '../display';
import { evalNode, evaluate } from '../evaluate';
import { Graph, isLogical, type NodeId } from '../graph';
import { children, print, PrintCache, unicodeLength } from '../print';
import { hashString, mulberry32 } from '../random';
import { BudgetExceeded, RationalSimplifier, ratOps, type Rat } from '../simplify/rational';
import { evalDisp, symbolsOf } from './evalDisp';

/**
 * Partials in the user's own names. The selection's intermediates (`z = w*x + b`, `p = 1/(1+exp(-z))`) become
 * symbols of a second, small graph where each name's definition is written in earlier names, with idioms
 * recognised (σ, softplus, tanh); the chain rule then runs over the names with the rules stated in terms of the
 * output (σ′ = σ(1−σ), tanh′ = 1 − tanh², (eᶻ)′ = eᶻ, lse′ = softmax), in rational form, so that
 * `∂loss/∂p · ∂p/∂z · ∂z/∂w` simplifies to `x (p − y)`. Every displayed form is checked against the expanded
 * partial at several points before it is kept; one that fails (or runs over budget) is never shown.
 */

export interface NamedInput {
  g: Graph;
  /** Every assignment of the program, in order. */
  assignments: { name: string; node: NodeId }[];
  outputs: { name: string; node: NodeId }[];
  inputs: string[];
  constants: string[];
  point: Record<string, number>;
  /** grads[output][input]: the expanded partial's node in g. */
  grads: NodeId[][];
  /** The expanded display of a node of g: kept as the named form when it is shorter. */
  expanded?: (n: NodeId) => Disp;
  /** The caller's print cache, when it prints those expanded displays too (only speed depends on it). */
  cache?: PrintCache;
}

export interface NamedPartial {
  named: NamedForm;
  chain: ChainFactor[];
  paths?: ChainFactor[][];
}

export interface NamedResult {
  /** partials[output][input], undefined where no checked named form exists. */
  partials: (NamedPartial | undefined)[][];
  /** Definitions in names of the intermediates (and outputs) the named forms use. */
  definitions: Map<string, NamedForm & { node: NodeId }>;
  /** The intermediates in definition order. */
  order: string[];
}

/** Above this many operations the named forms are skipped (the expanded display is already bounded). */
export const MAX_OPS = 400;
/**
 * … and above this much work for one output: the sizes (nodes and their arguments) of its expanded partials
 * together. Each partial's named form costs about its size, so n partials of size n (max or a product of n
 * variables, whose each partial mentions all of them) would cost n² — where the compact forms show them instead.
 */
const MAX_WORK = 20_000;
const MAX_PATHS = 8;

export function namedPartials(input: NamedInput): NamedResult {
  const result: NamedResult = { partials: input.outputs.map(() => []), definitions: new Map(), order: [] };
  const { g } = input;
  let points: ReturnType<typeof checkPoints> | undefined; // evaluated once, and only when an output is small enough
  input.outputs.forEach((o, oi) => {
    if (g.opsUpTo([o.node], MAX_OPS) > MAX_OPS || !withinWork(g, input.grads[oi] ?? [])) return;
    try {
      outputNamed(input, o, oi, points ??= checkPoints(input), result);
    } catch (e) {
      if (!(e instanceof BudgetExceeded) && !(e instanceof RangeError)) throw e;
    }
  });
  return result;
}

/** Whether the partials' sizes together stay within MAX_WORK (stops counting as soon as they do not). */
function withinWork(g: Graph, partials: readonly NodeId[]): boolean {
  let work = 0;
  for (const root of partials) {
    for (const n of g.reachable([root])) {
      work += 1 + g.args[n].length;
      if (work > MAX_WORK) return false;
    }
  }
  return true;
}

/** The point itself and two nearby points, with every node's value in g (deterministic). */
function checkPoints(input: NamedInput): { point: Record<string, number>; values: Float64Array }[] {
  const { g } = input;
  const roots = [...input.outputs.map((o) => o.node), ...input.grads.flat(), ...input.assignments.map((a) => a.node)];
  const out: { point: Record<string, number>; values: Float64Array }[] = [];
  for (let k = 0; k < 3; k++) {
    const point: Record<string, number> = {};
    for (const [name, v] of Object.entries(input.point)) {
      const r = k === 0 ? 0 : mulberry32(hashString(name) + k * 104729)() - 0.5;
      Object.defineProperty(point, name, { value: v * (1 + 0.08 * r) + 0.01 * r, enumerable: true, writable: true, configurable: true });
    }
    try {
      out.push({ point, values: evaluate(g, roots, point) });
    } catch {
      /* a point outside the domain: skipped */
    }
  }
  return out;
}

function outputNamed(input: NamedInput, o: { name: string; node: NodeId }, oi: number,
  points: { point: Record<string, number>; values: Float64Array }[], result: NamedResult): void {
  const { g } = input;
  const taken = new Set([...input.inputs, ...input.constants]);
  const count = new Map<string, number>();
  for (const a of input.assignments) count.set(a.name, (count.get(a.name) ?? 0) + 1);
  const live = new Set(g.reachable([o.node]));
  // Names that mean one thing: assigned once, not an input's name, a computed value the output uses.
  const nameOf = new Map<NodeId, string>();
  for (const a of input.assignments) {
    if (a.node === o.node || count.get(a.name) !== 1 || taken.has(a.name) || !live.has(a.node)) continue;
    const op = g.op[a.node];
    if (op === 'var' || op === 'num' || op === 'const' || nameOf.has(a.node)) continue;
    nameOf.set(a.node, a.name);
  }
  if (taken.has(o.name)) return;
  const named = [...nameOf.keys()].sort((x, y) => x - y);

  // ---- the graph in names ----
  const H = new Graph();
  const vars = new Map<string, NodeId>();
  const v = (name: string) => {
    let n = vars.get(name);
    if (n === undefined) { n = H.variable(name); vars.set(name, n); }
    return n;
  };
  for (const x of input.inputs) v(x);
  for (const n of named) v(nameOf.get(n)!);
  const translate = (root: NodeId): NodeId => {
    const map = new Map<NodeId, NodeId>();
    const order: NodeId[] = [];
    const seen = new Set<NodeId>();
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      order.push(n);
      if (n !== root && nameOf.has(n)) continue;
      for (const a of g.args[n]) stack.push(a);
    }
    order.sort((x, y) => x - y);
    for (const n of order) {
      if (n !== root && nameOf.has(n)) map.set(n, v(nameOf.get(n)!));
      else if (g.op[n] === 'var') map.set(n, v(g.name[n]));
      else map.set(n, idiom(H, H.make(g.op[n], g.args[n].map((a) => map.get(a)!), g.name[n], g.val[n])));
    }
    return map.get(root)!;
  };
  const defs = new Map<string, NodeId>();
  for (const n of named) defs.set(nameOf.get(n)!, translate(n));
  const outDef = translate(o.node);
  const outVar = v(o.name);

  // Bounded by a budget of term operations, not by wall time: the same input always shows the same form, however
  // loaded the machine (past the budget, the expanded form is shown).
  const S = new RationalSimplifier(H, 20_000 + 4_000 * input.inputs.length);
  for (const n of named) S.define(v(nameOf.get(n)!), defs.get(nameOf.get(n)!)!);
  const R = ratOps(S);

  // ---- local partials of each definition, in output form ----
  const defList: { name: string; nameVar: NodeId; def: NodeId }[] = [
    { name: o.name, nameVar: outVar, def: outDef },
    ...named.slice().reverse().map((n) => ({ name: nameOf.get(n)!, nameVar: v(nameOf.get(n)!), def: defs.get(nameOf.get(n)!)! })),
  ];
  const local = new Map<string, Map<NodeId, NodeId>>();
  // The output's own name is not used in its partials (∂f/∂x = … f … reads as circular).
  for (const d of defList) local.set(d.name, definitionPartials(H, d.def, d.name === o.name ? d.def : d.nameVar));

  // ---- chain rule over the names (reverse definition order) ----
  const nameVars = new Map(defList.map((d) => [d.nameVar, d.name]));
  const adj = new Map<string, Rat>([[o.name, R.one()]]);
  const grad = new Map<NodeId, Rat>();
  for (const d of defList) {
    const a = adj.get(d.name);
    if (!a || R.isZero(a)) continue;
    for (const [x, loc] of local.get(d.name)!) {
      const term = R.mul(a, S.of(loc));
      const target = nameVars.get(x);
      if (target !== undefined && target !== o.name) adj.set(target, R.add(adj.get(target) ?? R.zero(), term));
      else if (target === undefined) grad.set(x, R.add(grad.get(x) ?? R.zero(), term));
    }
  }

  // ---- display, checked ----
  // The measure is the whole text a person reads: no let-bindings (a repeated part counts each time it is written),
  // its Unicode form's length without white space, computed over the tree (not printed), each shared node once.
  // The forms shown are printed with the same cache (only speed depends on it): the candidates share their parts.
  const cache = input.cache ?? new PrintCache();
  const size = (d: Disp) => unicodeLength(d, cache);
  const scopes = points.map((p) => {
    const scope: Record<string, number> = { ...p.point };
    for (const n of named) scope[nameOf.get(n)!] = p.values[n];
    scope[o.name] = p.values[o.node];
    // The values of display subtrees at this point (the candidates share their atoms and parts), and of H's nodes.
    return { scope, values: p.values, memo: new Map<Disp, number>(), h: { values: new Float64Array(0), done: new Uint8Array(0) } };
  });
  const definitionOrder = named.map((n) => nameOf.get(n)!);
  const symbolMemo = new Map<string, Set<string>>();
  /** The names a definition mentions (as written: its plain display). */
  const defSymbols = (name: string): Set<string> => {
    let found = symbolMemo.get(name);
    if (!found) {
      const def = defs.get(name);
      found = def === undefined ? new Set() : new Set(H.variables([def]));
      symbolMemo.set(name, found);
    }
    return found;
  };
  const usesOf = (d: Disp): string[] => {
    const direct = symbolsOf(d);
    const all = new Set<string>();
    const visit = (name: string) => {
      if (all.has(name)) return;
      all.add(name);
      for (const s of defSymbols(name)) if (defs.has(s)) visit(s);
    };
    for (const s of direct) if (defs.has(s) || s === o.name) visit(s);
    return [...definitionOrder, o.name].filter((n) => all.has(n));
  };
  const checks = (d: Disp, expected: (values: Float64Array) => number): boolean => {
    let compared = 0;
    for (const { scope, values, memo } of scopes) {
      const want = expected(values);
      if (!Number.isFinite(want)) continue;
      const got = evalDisp(d, scope, memo);
      if (!(Math.abs(got - want) <= 1e-7 * Math.max(1, Math.abs(want)))) return false;
      compared++;
    }
    return compared > 0;
  };
  /**
   * A definition: its plain display or rationally simplified, whichever is shorter; but where the user pulled a
   * minus sign out of a sum, −(y log(p) + (1 − y) log(1 − p)), that form (the sum displayed as usual) when the
   * shorter one only distributes the sign and reorders (the same functions, no fewer mentions of the variables) and
   * is not clearly shorter (by a fifth). A cancellation ((x² − 1)/(x − 1) = x + 1, T/√T = √T) or an identity
   * (1 + cot² = csc²) is still shown.
   */
  const definitionDisp = (def: NodeId): Disp => {
    const plain = new Displayer(H, [def]).of(def);
    const simplified = S.displayNode(def, size);
    const best = size(simplified) <= size(plain) + 1 ? simplified : plain;
    const inner = H.args[def][0];
    if (H.op[def] !== 'neg' || (H.op[inner] !== 'add' && H.op[inner] !== 'sub')) return best;
    const written: Disp = { k: 'neg', d: new Displayer(H, [inner]).of(inner) };
    if (written.d.k !== 'add' || size(written) > 1.25 * size(best)) return best;
    const a = shape(written);
    const b = shape(best);
    return b.leaves < a.leaves || b.calls !== a.calls ? best : written;
  };
  const form = (d: Disp, uses: string[]): NamedForm => ({ expr: print(d, 'plain', { cache }), latex: print(d, 'latex', { cache }), text: print(d, 'unicode', { cache }), uses });

  /** Chain factors by (of, wrt, local node): the same step appears on the paths to several inputs. */
  const factors = new Map<string, ChainFactor>();
  input.inputs.forEach((x, xi) => {
    const xVar = v(x);
    const expanded = input.grads[oi][xi];
    const rat = grad.get(xVar) ?? R.zero();
    let disp: Disp;
    try {
      disp = S.display(rat, size);
    } catch (e) {
      if (e instanceof BudgetExceeded) return;
      throw e;
    }
    if (!checks(disp, (vals) => vals[expanded])) return;
    const plain = input.expanded?.(expanded);
    // The shorter of the two; where the expanded one writes σ′ as σ(u) σ(−u) or sech² beside tanh, a few
    // characters buy σ(u) (1 − σ(u)) and 1 − tanh² (the derivatives as a person states them).
    if (plain && size(plain) + (stableForms(plain) ? 4 : 0) < size(disp)) disp = plain;
    const uses = usesOf(disp);
    const factor = (of: string, wrt: string, loc: NodeId): ChainFactor => {
      const key = `${of}\u0000${wrt}\u0000${loc}`;
      let done = factors.get(key);
      if (!done) {
        done = factorUncached(of, wrt, loc);
        factors.set(key, done);
      }
      return { ...done };
    };
    const factorUncached = (of: string, wrt: string, loc: NodeId): ChainFactor => {
      let d = S.displayNode(loc, size);
      // Checked like the partials: the simplified factor against the factor as built, else the latter.
      const wants = scopes.map((s) => valueIn(H, loc, s));
      if (!scopes.every(({ scope, memo }, k) => {
        const w = wants[k];
        return !Number.isFinite(w) || Math.abs(evalDisp(d, scope, memo) - w) <= 1e-7 * Math.max(1, Math.abs(w));
      })) d = new Displayer(H, [loc]).of(loc);
      const value = scopes.length ? wants[0] : NaN;
      return { of, wrt, expr: print(d, 'plain', { cache }), text: print(d, 'unicode', { cache }), latex: print(d, 'latex', { cache }), value };
    };
    // Paths from the output to x through the names whose local partials are not zero.
    const paths: ChainFactor[][] = [];
    const walk = (name: string, path: ChainFactor[]) => {
      if (paths.length >= MAX_PATHS) return;
      for (const [y, loc] of local.get(name) ?? []) {
        if (H.isNum(loc, 0)) continue;
        const yName = nameVars.get(y);
        if (y === xVar) paths.push([...path, factor(name, x, loc)]);
        else if (yName !== undefined && yName !== o.name && reaches(yName)) walk(yName, [...path, factor(name, yName, loc)]);
      }
    };
    const reachMemo = new Map<string, boolean>();
    const reaches = (name: string): boolean => {
      const known = reachMemo.get(name);
      if (known !== undefined) return known;
      reachMemo.set(name, false);
      let ok = false;
      for (const [y, loc] of local.get(name) ?? []) {
        if (H.isNum(loc, 0)) continue;
        const yName = nameVars.get(y);
        if (y === xVar || (yName !== undefined && yName !== o.name && reaches(yName))) { ok = true; break; }
      }
      reachMemo.set(name, ok);
      return ok;
    };
    if (reaches(o.name)) walk(o.name, []);
    const entry: NamedPartial = { named: form(disp, uses), chain: paths[0] ?? [] };
    if (paths.length > 1) entry.paths = paths;
    result.partials[oi][xi] = entry;
    define(uses);
  });
  function define(uses: string[]): void {
    for (const u of uses) {
      if (result.definitions.has(u) || u === o.name) continue;
      const node = [...nameOf.entries()].find(([, nm]) => nm === u)![0];
      const d = definitionDisp(defs.get(u)!);
      if (!checks(d, (vals) => vals[node])) continue;
      result.definitions.set(u, { ...form(d, usesOf(d).filter((n) => n !== u)), node });
    }
  }
  // The output's own definition in names.
  const outDisp = definitionDisp(outDef);
  const outUses = usesOf(outDisp).filter((n) => n !== o.name);
  define(outUses);
  if (checks(outDisp, (vals) => vals[o.node]) && outUses.every((u) => result.definitions.has(u))) {
    result.definitions.set(o.name, { ...form(outDisp, outUses), node: o.node });
  }
  result.order = [...new Set([...result.order, ...definitionOrder.filter((n) => result.definitions.has(n))])];
}

/**
 * The value of H's node n at a check point, as `evaluate(H, [n], scope)[n]` gives it (evalNode over the nodes it
 * reaches, in id order; a variable the scope lacks is an error there too), each node evaluated once per point.
 */
function valueIn(H: Graph, n: NodeId, at: { scope: Record<string, number>; h: { values: Float64Array; done: Uint8Array } }): number {
  const h = at.h;
  if (h.values.length < H.size) {
    const values = new Float64Array(Math.max(H.size, 2 * h.values.length));
    values.set(h.values);
    const done = new Uint8Array(values.length);
    done.set(h.done);
    h.values = values;
    h.done = done;
  }
  if (h.done[n]) return h.values[n];
  const todo: NodeId[] = [];
  const stack = [n];
  while (stack.length) {
    const m = stack.pop()!;
    if (h.done[m]) continue;
    h.done[m] = 1;
    todo.push(m);
    for (const a of H.args[m]) if (!h.done[a]) stack.push(a);
  }
  todo.sort((a, b) => a - b);
  for (const m of todo) {
    const v = evalNode(H, m, h.values, at.scope);
    if (Number.isNaN(v) && H.op[m] === 'var' && !Object.hasOwn(at.scope, H.name[m])) evaluate(H, [m], at.scope); // its error
    h.values[m] = v;
  }
  return h.values[n];
}

/**
 * ∂def/∂v for every variable v of one definition (a reverse sweep over its nodes), with the rules that name
 * the output (σ′ = σ(1 − σ), tanh′ = 1 − tanh², lse′ = softmax) and the definition itself replaced by its name.
 */
function definitionPartials(H: Graph, root: NodeId, nameVar: NodeId): Map<NodeId, NodeId> {
  const adj = new Map<NodeId, NodeId>([[root, H.num(1)]]);
  const live = H.reachable([root]);
  for (let k = live.length - 1; k >= 0; k--) {
    const n = live[k];
    const seed = adj.get(n);
    if (seed === undefined || H.isNum(seed, 0) || H.args[n].length === 0 || isLogical(H.op[n])) continue;
    const a = H.args[n];
    for (let i = 0; i < a.length; i++) {
      let c: NodeId;
      if (H.op[n] === 'cond') {
        if (i === 0) continue;
        c = i === 1 ? H.cond(a[0], seed, H.num(0)) : H.cond(a[0], H.num(0), seed);
      } else c = H.mul(seed, outputForm(H, n, i));
      if (H.isNum(c, 0)) continue;
      const prev = adj.get(a[i]);
      adj.set(a[i], prev === undefined ? c : H.add(prev, c));
    }
  }
  const out = new Map<NodeId, NodeId>();
  for (const n of live) if (H.op[n] === 'var' && adj.has(n)) out.set(n, substitute(H, adj.get(n)!, root, nameVar));
  return out;
}

function outputForm(H: Graph, n: NodeId, i: number): NodeId {
  if (H.op[n] === 'fn') {
    const a = H.args[n];
    switch (H.name[n]) {
      case 'sigmoid': return H.mul(n, H.sub(H.num(1), n));
      case 'tanh': return H.sub(H.num(1), H.pow(n, H.num(2)));
      case 'logsumexp': return H.fn('exp', [H.sub(a[i], n)]);
      default: break;
    }
  }
  return localDerivative(H, n, i);
}

/** Does d hold σ of two arguments (σ(u) σ(−u)) or sech² beside tanh in a product (the numerically stable derivatives)? */
function stableForms(d: Disp): boolean {
  let sigmoids = 0;
  const seen = new Set<Disp>();
  const stack = [d];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.k === 'call' && x.name === 'sigmoid') sigmoids++;
    if (x.k === 'mul') {
      // sech(u)² in a product beside tanh(u): 2y tanh(x y) sech(x y)²
      const calls = x.num.map((f) => (f.k === 'pow' ? f.base : f)).filter((f) => f.k === 'call');
      if (calls.some((f) => f.name === 'sech') && calls.some((f) => f.name === 'tanh')) return true;
    }
    stack.push(...children(x));
  }
  return sigmoids >= 2;
}

/** How many variables a display mentions (with repetition), and the functions it calls (sorted, with repetition). */
function shape(d: Disp): { leaves: number; calls: string } {
  let leaves = 0;
  const calls: string[] = [];
  const stack = [d];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'sym' && !x.constant) leaves++;
    if (x.k === 'call') calls.push(x.name);
    stack.push(...children(x));
  }
  return { leaves, calls: calls.sort().join(',') };
}

/** node with every occurrence of `from` replaced by `to` (ascending rebuild, no recursion). */
function substitute(H: Graph, node: NodeId, from: NodeId, to: NodeId): NodeId {
  if (from === to) return node;
  const map = new Map<NodeId, NodeId>([[from, to]]);
  for (const m of H.reachable([node])) {
    if (m === from) continue;
    const args = H.args[m];
    if (!args.some((a) => map.has(a))) continue;
    map.set(m, H.make(H.op[m], args.map((a) => map.get(a) ?? a), H.name[m], H.val[m]));
  }
  return map.get(node) ?? node;
}

function isCall(H: Graph, m: NodeId, name: string): boolean {
  return H.op[m] === 'fn' && H.name[m] === name;
}

/** 1 + e (either order) → e, else undefined. */
function onePlusOf(H: Graph, m: NodeId): NodeId | undefined {
  if (H.op[m] !== 'add') return undefined;
  const [p, q] = H.args[m];
  return H.isNum(p, 1) ? q : H.isNum(q, 1) ? p : undefined;
}

/** Recognises the idioms that define a named value: σ, softplus, tanh. */
function idiom(H: Graph, n: NodeId): NodeId {
  const op = H.op[n];
  if (op !== 'div' && op !== 'fn') return n;
  const a = H.args[n];
  const isFn = (m: NodeId, name: string) => isCall(H, m, name);
  const onePlus = (m: NodeId) => onePlusOf(H, m);
  if (op === 'div') {
    const e = onePlus(a[1]);
    // 1/(1 + exp(−u)) = σ(u); exp(u)/(1 + exp(u)) = σ(u)
    if (e !== undefined && isFn(e, 'exp') && H.isNum(a[0], 1)) return H.fn('sigmoid', [H.neg(H.args[e][0])]);
    if (e !== undefined && isFn(e, 'exp') && a[0] === e) return H.fn('sigmoid', [H.args[e][0]]);
    // (exp(u) − exp(−u))/(exp(u) + exp(−u)) = tanh(u)
    if (H.op[a[0]] === 'sub' && H.op[a[1]] === 'add') {
      const [p, q] = H.args[a[0]];
      const [r, s] = H.args[a[1]];
      if (isFn(p, 'exp') && isFn(q, 'exp') && ((r === p && s === q) || (r === q && s === p))) {
        const u = H.args[p][0];
        if (H.args[q][0] === H.neg(u)) return H.fn('tanh', [u]);
      }
    }
  }
  if (op === 'fn' && H.name[n] === 'log') {
    const e = onePlus(a[0]);
    if (e !== undefined && isFn(e, 'exp')) return H.fn('softplus', [H.args[e][0]]);
  }
  if (op === 'fn' && H.name[n] === 'log1p' && isFn(a[0], 'exp')) return H.fn('softplus', [H.args[a[0]][0]]);
  return n;
}
