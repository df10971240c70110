import { PartialsError, type Span } from './errors';
import { FUNCTIONS } from './functions';
import { compareValues, isCompare, type Graph, type NodeId } from './graph';
import { t as l10n } from './l10n';

export type Point = Readonly<Record<string, number>>;

/**
 * Float64 values of every node reachable from roots (others NaN). One ascending loop over the arena:
 * no recursion, so graph depth never matters.
 */
export function evaluate(g: Graph, roots: readonly NodeId[], point: Point): Float64Array {
  const values = new Float64Array(g.size).fill(NaN);
  const missing: string[] = [];
  for (const n of g.reachable(roots)) {
    const v = evalNode(g, n, values, point);
    if (Number.isNaN(v) && g.op[n] === 'var' && !Object.hasOwn(point, g.name[n])) missing.push(g.name[n]);
    values[n] = v;
  }
  if (missing.length) throw new PartialsError(l10n('No value given for {0}.', missing.map((m) => `'${m}'`).join(', ')), 'input');
  return values;
}

export function evalNode(g: Graph, n: NodeId, v: ArrayLike<number>, point: Point): number {
  const a = g.args[n];
  switch (g.op[n]) {
    case 'num': case 'const': return g.val[n];
    case 'var': return Object.prototype.hasOwnProperty.call(point, g.name[n]) ? point[g.name[n]] : NaN;
    case 'add': return v[a[0]] + v[a[1]];
    case 'sub': return v[a[0]] - v[a[1]];
    case 'mul': return v[a[0]] * v[a[1]];
    case 'div': return v[a[0]] / v[a[1]];
    case 'neg': return -v[a[0]];
    case 'pow': return Math.pow(v[a[0]], v[a[1]]);
    case 'fn': return FUNCTIONS.get(g.name[n])!.eval(a.map((x) => v[x]));
    case 'cond': {
      const t = v[a[0]];
      return Number.isNaN(t) ? NaN : t !== 0 ? v[a[1]] : v[a[2]];
    }
    case 'and': return v[a[0]] !== 0 && v[a[1]] !== 0 ? 1 : 0;
    case 'or': return v[a[0]] !== 0 || v[a[1]] !== 0 ? 1 : 0;
    case 'not': return v[a[0]] === 0 ? 1 : 0;
    default: {
      const op = g.op[n];
      if (isCompare(op)) return compareValues(op, v[a[0]], v[a[1]]) ? 1 : 0;
      throw new Error(`evalNode: unknown op ${op}`);
    }
  }
}

export interface Finding {
  node: NodeId;
  op: string;
  reason: string;
  span?: Span;
}

/**
 * For many roots over one graph (a `.dx` pad's statements): which nodes reach a finding of `diagnose` along the
 * active path (`active`), and which reach a condition on its boundary (`ties`, for branchTies), in one pass over
 * nodes 0…upTo. Passed to diagnose and branchTies, it lets them skip the parts that hold nothing to report — most of
 * the graph, usually — so diagnosing every statement of a chain of n definitions is no longer n walks of the chain.
 */
export interface FindingMask {
  active: Uint8Array;
  ties: Uint8Array;
}

export function findingMask(g: Graph, values: ArrayLike<number>, upTo = Math.min(g.size, values.length) - 1): FindingMask {
  const active = new Uint8Array(upTo + 1);
  const ties = new Uint8Array(upTo + 1);
  for (let n = 0; n <= upTo; n++) {
    const a = g.args[n];
    const op = g.op[n];
    let tie = 0;
    for (let i = 0; i < a.length; i++) if (ties[a[i]]) { tie = 1; break; }
    if (!tie && op === 'cond') {
      const t = a[0];
      if (isCompare(g.op[t]) && g.op[t] !== 'eq' && g.op[t] !== 'ne' && values[g.args[t][0]] === values[g.args[t][1]]) tie = 1;
    }
    ties[n] = tie;
    let hit = 0;
    if (op === 'cond') {
      const taken = Number.isNaN(values[a[0]]) ? a[1] : values[a[0]] !== 0 ? a[1] : a[2];
      hit = active[a[0]] | active[taken];
    } else for (let i = 0; i < a.length; i++) if (active[a[i]]) { hit = 1; break; }
    if (!hit) hit = findingHere(g, n, values) ? 1 : 0;
    active[n] = hit;
  }
  return { active, ties };
}

/** Does diagnose report anything at node n itself (the tests of its loop, without the reasons)? */
function findingHere(g: Graph, n: NodeId, values: ArrayLike<number>): boolean {
  const a = g.args[n];
  const op = g.op[n];
  const v = values[n];
  if (op === 'var') return !Number.isFinite(v);
  const argv = a.map((x) => values[x]);
  if (!argv.every(Number.isFinite)) return false;
  if (!Number.isFinite(v) && op !== 'cond') return true;
  return whyKink(g, n, argv) !== null;
}

/**
 * Walks the active path from root (through the taken branch of each cond only) and reports where the
 * value stops being finite (domain errors) and where a function sits on a kink (not differentiable).
 */
export function diagnose(g: Graph, root: NodeId, values: ArrayLike<number>, within?: FindingMask): { undefinedAt: Finding[]; overflowAt: Finding[]; kinks: Finding[] } {
  const undefinedAt: Finding[] = [];
  const overflowAt: Finding[] = [];
  const kinks: Finding[] = [];
  const seen = new Uint8Array(g.size);
  // With a mask, the walk skips what reaches no finding (the same findings, in the same order).
  const active = within && root < within.active.length ? within.active : undefined;
  const stack = active && !active[root] ? [] : [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen[n]) continue;
    seen[n] = 1;
    const a = g.args[n];
    const op = g.op[n];
    const kids = op === 'cond' ? [a[0], Number.isNaN(values[a[0]]) ? a[1] : values[a[0]] !== 0 ? a[1] : a[2]] : a;
    for (const k of kids) if (!active || active[k]) stack.push(k); // no spread: an n-ary call may have 10⁵ arguments
    // a finite value where no kink can be (whyKink: functions and powers only): nothing to find here
    if (Number.isFinite(values[n]) && op !== 'fn' && op !== 'pow') continue;
    const argv = a.map((x) => values[x]);
    const argsFinite = argv.every(Number.isFinite);
    const v = values[n];
    const label = op === 'fn' ? g.name[n] : op;
    if (op === 'var' && !Number.isFinite(v)) {
      const reason = l10n("the value of '{0}' is {1}", g.name[n], v);
      (Number.isNaN(v) ? undefinedAt : overflowAt).push({ node: n, op: g.name[n], reason, span: g.span[n] });
    } else if (argsFinite && !Number.isFinite(v) && op !== 'cond') {
      const reason = whyUndefined(g, n, argv);
      if (Number.isNaN(v) || reason) undefinedAt.push({ node: n, op: label, reason: reason ?? l10n('{0} is undefined here', label), span: g.span[n] });
      else overflowAt.push({ node: n, op: label, reason: l10n('{0} overflows to {1}Infinity', label, v > 0 ? '' : '-'), span: g.span[n] });
    }
    if (argsFinite) {
      const kink = whyKink(g, n, argv);
      if (kink) kinks.push({ node: n, op: label, reason: kink, span: g.span[n] });
    }
  }
  return { undefinedAt, overflowAt, kinks };
}

function whyUndefined(g: Graph, n: NodeId, a: number[]): string | null {
  switch (g.op[n]) {
    case 'div': return a[1] === 0 ? l10n('division by zero') : null;
    case 'pow':
      if (a[0] === 0 && a[1] < 0) return l10n('zero raised to a negative power');
      if (a[0] < 0 && !Number.isInteger(a[1])) return l10n('a negative number raised to a fractional power');
      return null;
    case 'fn': return FUNCTIONS.get(g.name[n])!.domain?.(a) ?? null;
    default: return null;
  }
}

function whyKink(g: Graph, n: NodeId, a: number[]): string | null {
  if (g.op[n] === 'fn') return FUNCTIONS.get(g.name[n])!.kink?.(a) ?? null;
  if (g.op[n] === 'pow' && a[0] === 0 && a[1] > 0 && a[1] < 1) return l10n('a fractional power has an infinite slope at 0');
  if (g.op[n] === 'pow' && a[0] === 0 && !g.isNum(g.args[n][1])) return l10n('a variable power of 0 is not differentiable');
  return null;
}

/** Kinks where a branch condition compares equal (x > 0 at x = 0): the branches meet there. */
export function branchTies(g: Graph, root: NodeId, values: ArrayLike<number>, within?: FindingMask): Finding[] {
  const out: Finding[] = [];
  if (within && root < within.ties.length && !within.ties[root]) return out;
  for (const n of g.reachable([root])) {
    if (g.op[n] !== 'cond') continue;
    const t = g.args[n][0];
    if (!isCompare(g.op[t]) || g.op[t] === 'eq' || g.op[t] === 'ne') continue;
    const [l, r] = g.args[t];
    if (values[l] === values[r]) {
      out.push({ node: n, op: 'branch', reason: l10n('the point is on the boundary between the two branches of a condition'), span: g.span[n] });
    }
  }
  return out;
}
