import * as diff from '../diff';
import { Displayer } from '../display';
import { PartialsError, rebasePosition } from '../errors';
import { branchTies, diagnose, evaluate, type Point } from '../evaluate';
import type { Graph, NodeId } from '../graph';
import { lowerProgram } from '../lower';
import type { Model } from '../model';
import { print } from '../print';
import { provenEqual } from './equivalence';
import { samplePoints } from './points';
import type { ClaimCheck, ClaimPoint } from './types';
import { shortNumber } from '../number';
import { t } from '../l10n';

/**
 * Verifying a hand-written derivative: the claim is lowered into the model's graph (so it shares every node
 * with f), compared with the exact partial symbolically (proof) and at K points inside the domain (evidence).
 */
export interface ClaimInput {
  of: string;
  wrt: string;
  expr: string;
  label: string;
  /** Where the claimed expression starts, to place errors: offset in a one-line claim string. */
  exprColumn?: number;
  exprLine?: number;
}

/** Numeric agreement of the claimed and exact values at one point. */
const CLAIM_RTOL = 1e-7;
const CLAIM_ATOL = 1e-9;
export const claimAgrees = (c: number, e: number): boolean =>
  Number.isFinite(c) && Number.isFinite(e) && Math.abs(c - e) <= CLAIM_ATOL + CLAIM_RTOL * Math.max(Math.abs(c), Math.abs(e));

export interface ClaimOptions {
  /** The check point (first point compared). */
  point: Point;
  /** Coordinates kept fixed at other points (set by the user or the document for symbols held constant). */
  fixed: readonly string[];
  count: number;
}

/** Lowers the claimed expression into g. Throws PartialsError positioned in the claim text. */
export function lowerClaim(model: Model, claim: ClaimInput): NodeId {
  const g = model.graph;
  const saved = g.currentSpan;
  let program;
  try {
    program = lowerProgram(claim.expr, { graph: g });
  } catch (e) {
    if (!(e instanceof PartialsError)) throw e;
    throw shift(e, claim);
  } finally {
    g.currentSpan = saved;
  }
  if (program.assignments.length !== 1 || program.params || /^\s*[A-Za-z_]\w*\s*=[^=]/.test(claim.expr)) {
    throw new PartialsError(t("The claim '{0}' must have one expression after '='.", claim.label), 'input', claim.exprLine ?? 1, claim.exprColumn ?? 1);
  }
  return substituteAssignments(model, program.assignments[0].node, claim);
}

function shift(e: PartialsError, claim: ClaimInput): PartialsError {
  const line = claim.exprLine ?? 1;
  const col0 = claim.exprColumn ?? 1;
  const column = e.line === 1 ? e.column + col0 - 1 : e.column;
  const msg = rebasePosition(e.message, (l, c) => ({ line: l + line - 1, column: l === 1 ? c + col0 - 1 : c }));
  return new PartialsError(t("In the claim '{0}': {1}", claim.label, msg), e.code, e.line + line - 1, column);
}

/**
 * Names assigned in the program (`a = x*y` then `f = sin(a)`) may appear in a claim: they stand for their
 * assigned expression. Other names must be variables of f.
 */
function substituteAssignments(model: Model, root: NodeId, claim: ClaimInput): NodeId {
  const g = model.graph;
  const assigned = new Map<string, NodeId>();
  for (const a of model.program.assignments) assigned.set(a.name, a.node);
  const known = new Set([...model.inputs, ...model.constants]);
  const unknown: string[] = [];
  const map = new Map<NodeId, NodeId>();
  let changed = false;
  for (const n of g.reachable([root])) {
    if (g.op[n] === 'var') {
      const name = g.name[n];
      if (known.has(name)) map.set(n, n);
      else if (assigned.has(name)) { map.set(n, assigned.get(name)!); changed = true; }
      else { unknown.push(name); map.set(n, n); }
      continue;
    }
    const args = g.args[n].map((a) => map.get(a)!);
    map.set(n, changed ? g.make(g.op[n], args, g.name[n], g.val[n]) : n);
  }
  if (unknown.length) {
    throw new PartialsError((unknown.length > 1 ? t("The claim '{0}' uses {1}, which are not a variable of {2} (variables: {3}).", claim.label, unknown.map((u) => `'${u}'`).join(', '), claim.of, [...known].join(', ') || t('none')) : t("The claim '{0}' uses {1}, which is not a variable of {2} (variables: {3}).", claim.label, unknown.map((u) => `'${u}'`).join(', '), claim.of, [...known].join(', ') || t('none'))), 'input', claim.exprLine ?? 1, claim.exprColumn ?? 1);
  }
  return map.get(root)!;
}

function outputNode(model: Model, name: string): NodeId {
  const o = model.outputs.find((x) => x.name === name) ?? [...model.program.assignments].reverse().find((a) => a.name === name);
  if (!o) throw new PartialsError(t("The claim is about '{0}', which is not an output (outputs: {1}).", name, model.outputs.map((x) => x.name).join(', ')), 'input');
  return o.node;
}

/**
 * ∂out/∂wrt: for an input, the partial; for an intermediate name (z = w*x + b; dL_dz = …), the adjoint of
 * its node — the derivative with everything computed before z held fixed, as backprop code means it.
 */
function exactPartial(model: Model, out: NodeId, wrt: string): NodeId {
  const g = model.graph;
  const assigned = [...model.program.assignments].reverse().find((a) => a.name === wrt && a.node < out);
  if (assigned && !model.inputs.includes(wrt) && g.op[assigned.node] !== 'var') {
    const adj = diff.adjoints(g, out);
    return adj[assigned.node] >= 0 ? adj[assigned.node] : g.num(0);
  }
  return diff.gradient(g, out, [g.variable(wrt)])[0];
}

export function verifyClaim(model: Model, claim: ClaimInput, opts: ClaimOptions): ClaimCheck {
  const g = model.graph;
  const out = outputNode(model, claim.of);
  const claimed = lowerClaim(model, claim);
  const exact = exactPartial(model, out, claim.wrt);
  const disp = new Displayer(g, [exact]).of(exact);
  const result: ClaimCheck = {
    label: claim.label, of: claim.of, wrt: claim.wrt, claimed: claim.expr, result: 'holds',
    correct: print(disp, 'plain'), correctLatex: print(disp, 'latex'), correctText: print(disp, 'unicode'),
    points: [], failures: [], details: [],
  };

  const symbolic = provenEqual(g, claimed, exact);
  const roots = [out, exact, claimed];
  const vary = [...model.inputs, ...model.constants].filter((v) => !opts.fixed.includes(v));
  const inside = (p: Point) => {
    const v = evalSafe(g, roots, p);
    if (!v || !Number.isFinite(v[out]) || !Number.isFinite(v[exact])) return false;
    return diagnose(g, out, v).kinks.length === 0 && branchTies(g, out, v).length === 0;
  };
  const points = samplePoints(opts.point, vary, opts.count, inside);
  for (const p of points) {
    const v = evaluate(g, roots, p);
    const cp: ClaimPoint = { point: { ...p }, claimed: finite(v[claimed]), exact: finite(v[exact]), ok: claimAgrees(v[claimed], v[exact]) };
    result.points.push(cp);
    if (!cp.ok) result.failures.push(cp);
  }

  if (symbolic) {
    result.proof = 'symbolic';
    result.details.push(t('Proven symbolically: claimed − exact expands to 0.'));
    if (result.failures.length) {
      result.details.push(t('Yet it differs numerically at {0} point(s): round-off in one of the two forms.', result.failures.length));
    }
  } else if (result.failures.length) {
    result.result = 'wrong';
    const f = result.failures[0];
    result.details.push(t('Differs from the exact partial at {0} of {1} points, e.g. at {2}: claimed {3}, exact {4}.', result.failures.length, result.points.length, fmtPoint(f.point), fmtNum(f.claimed), fmtNum(f.exact)));
    result.details.push(`Correct: ∂${claim.of}/∂${claim.wrt} = ${result.correct}`);
  } else if (result.points.length === 0) {
    result.result = 'error';
    result.error = { message: t("No point inside the domain was found to compare the claim '{0}' at.", claim.label), line: claim.exprLine ?? 1, column: 1 };
    result.details.push(result.error.message);
  } else {
    result.proof = 'numeric';
    result.details.push(t('Not proven symbolically (the difference does not expand to 0); agrees with the exact partial at {0} point(s) to {1} relative — checked numerically.', result.points.length, CLAIM_RTOL));
    if (result.points.length < opts.count) result.details.push(t('Only {0} of the {1} requested points were inside the domain.', result.points.length, opts.count));
  }
  return result;
}

function evalSafe(g: Graph, roots: NodeId[], p: Point): Float64Array | undefined {
  try {
    return evaluate(g, roots, p);
  } catch {
    return undefined;
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
const fmtNum = (v: number | null): string => (v === null ? 'undefined' : shortNumber(v, 10));
const fmtPoint = (p: Record<string, number>): string => Object.entries(p).map(([k, v]) => `${k} = ${v}`).join(', ');
