import { lineColumn, PartialsError, position, spanPosition } from '../errors';
import { branchTies, diagnose, type Finding as EngineFinding, type Point } from '../evaluate';
import type { Claim } from '../frontend';
import type { NodeId } from '../graph';
import { analyse, forms, type Model } from '../model';
import { setOwn } from '../own';
import { print, PrintCache } from '../print';
import { verifyClaim, type ClaimInput } from './claims';
import { parseClaim } from './claimText';
import { COMPLEX_STEP, Differences, centralStep, forwardStep, richardsonStep, sweep, sweepSteps } from './finite';
import { NumericTape } from './numeric';
import {
  CHECK_EVALUATIONS, DEFAULT_TOLERANCES, METHOD_LABELS, METHODS, type CheckRequest, type CheckResult, type ClaimCheck, type Finding,
  type MethodName, type MethodResult, type PartialCheck, type SweepResult, type Tolerance, type Tolerances, type Verdict,
} from './types';
import { t as l10n } from '../l10n';

/**
 * Numeric checks of every partial at one point — the exact symbolic value next to forward and reverse AD,
 * forward/central differences, Richardson extrapolation and the complex step, each with its error and a
 * verdict — plus verification of hand-written derivatives and, on request, the step-size study.
 */
export function check(req: CheckRequest): CheckResult {
  const { model, g, inputNodes, grads, point, source, values, displayer, warnings } = analyse(req);
  const printCache = new PrintCache(); // the partials share most of their display trees (speed only)
  const tolerances = resolveTolerances(req.tolerances);
  const partials: PartialCheck[] = [];
  const sweeps: SweepResult[] = [];
  const outValues: CheckResult['values'] = {};
  let unchecked = 0;
  const expressions: CheckResult['expressions'] = {};

  model.outputs.forEach((o, oi) => {
    setOwn(outValues, o.name, finiteOrNull(values[o.node]));
    setOwn(expressions, o.name, forms(displayer, o.node, printCache));
    const tape = new NumericTape(g, o.node);
    const reverse = tape.reverseAD(point);
    const found = diagnose(g, o.node, values);
    const ties = branchTies(g, o.node, values);
    const nonFinite = g.variables([o.node]).filter((v) => !Number.isFinite(point[v]));
    for (const f of [...found.undefinedAt, ...found.overflowAt]) warnings.push(`${o.name}: ${f.reason}${where(model, f)}.`);
    // maxWork: the partials (in input order) whose checks fit, at least one, and the swept ones.
    const fit = req.maxWork === undefined ? Infinity : Math.max(1, Math.floor(req.maxWork / (CHECK_EVALUATIONS * Math.max(1, g.reachable([o.node]).length))));
    model.inputs.forEach((x, xi) => {
      if (xi >= fit && !wantSweep(req.sweep, o.name, x)) {
        unchecked++;
        return;
      }
      const exactNode = grads[oi][xi];
      const pc = checkPartial({ model, tape, point, values, of: o.name, out: o.node, wrt: x, xNode: inputNodes[xi], exactNode,
        reverse: reverse.gradient.get(x) ?? 0, tolerances, found, ties, nonFinite });
      pc.expr = req.partialForms === false ? '' : print(displayer.of(exactNode), 'plain', { cache: printCache });
      partials.push(pc);
      if (wantSweep(req.sweep, o.name, x)) {
        const d = new Differences(tape, point, x, values);
        sweeps.push({ of: o.name, wrt: x, ...sweep(d, values[exactNode], sweepSteps(req.sweepSteps), tape.complexStepBlocker(x)) });
      }
    });
  });

  const claims = checkClaims(model, req, point, source);
  const result: CheckResult = {
    language: model.language,
    outputs: model.outputs.map((o) => o.name),
    inputs: model.inputs,
    constants: model.constants,
    point,
    pointSource: source,
    values: outValues,
    expressions,
    tolerances,
    partials,
    claims,
    ok: partials.every((p) => p.verdict !== 'mismatch') && claims.every((c) => c.result === 'holds'),
    warnings,
  };
  if (req.sweep) result.sweeps = sweeps;
  if (unchecked) result.unchecked = unchecked;
  return result;
}

function resolveTolerances(t: CheckRequest['tolerances']): Tolerances {
  const pick = (base: Tolerance, over?: Partial<Tolerance>): Tolerance => {
    const atol = over?.atol ?? base.atol, rtol = over?.rtol ?? base.rtol;
    if (!(atol >= 0) || !(rtol >= 0)) throw new PartialsError(l10n('Tolerances must be non-negative numbers.'), 'input');
    return { atol, rtol };
  };
  return {
    finiteDifference: pick(DEFAULT_TOLERANCES.finiteDifference, t?.finiteDifference),
    exactMethods: pick(DEFAULT_TOLERANCES.exactMethods, t?.exactMethods),
  };
}

function wantSweep(s: CheckRequest['sweep'], of: string, wrt: string): boolean {
  if (!s) return false;
  if (s === true) return true;
  return s.some((t) => t.wrt === wrt && (t.of === undefined || t.of === of));
}

// ---- one partial -----------------------------------------------------------------------------------

interface PartialInput {
  model: Model;
  tape: NumericTape;
  point: Point;
  values: Float64Array;
  of: string;
  out: NodeId;
  wrt: string;
  xNode: NodeId;
  exactNode: NodeId;
  reverse: number;
  tolerances: Tolerances;
  /** diagnose() and branchTies() of the output at the point (shared by its partials). */
  found: ReturnType<typeof diagnose>;
  ties: EngineFinding[];
  /** Variables of the output whose coordinate is not finite. */
  nonFinite: string[];
}

/** Where the derivative cannot be compared: f undefined or overflowing, a kink on the path, or ∂f/∂x not finite. */
function pointVerdict(inp: PartialInput): { verdict: Verdict; findings: EngineFinding[] } {
  const { model, values, out, exactNode, xNode } = inp;
  const g = model.graph;
  const f = inp.found;
  const bad = inp.nonFinite;
  if (bad.length) {
    const reason = l10n('the point is not finite: {0}', bad.map((v) => `${v} = ${inp.point[v]}`).join(', '));
    return { verdict: 'undefined here', findings: [{ node: out, op: 'point', reason }] };
  }
  if (!Number.isFinite(values[out])) {
    if (Number.isNaN(values[out]) || f.undefinedAt.length) return { verdict: 'undefined here', findings: f.undefinedAt };
    return { verdict: 'overflow', findings: f.overflowAt };
  }
  const all = [...f.kinks, ...inp.ties];
  const onPath = all.length ? g.dependsOn(new Set([xNode]), out) : undefined;
  const kinks = all.filter((k) => onPath![k.node]);
  if (kinks.length) return { verdict: 'non-differentiable here', findings: kinks };
  if (!Number.isFinite(values[exactNode])) {
    const d = diagnose(g, exactNode, values);
    if (Number.isNaN(values[exactNode]) || d.undefinedAt.length) return { verdict: 'undefined here', findings: d.undefinedAt };
    return { verdict: 'overflow', findings: d.overflowAt };
  }
  return { verdict: 'ok', findings: [] };
}

function checkPartial(inp: PartialInput): PartialCheck {
  const { tape, point, wrt, values, exactNode, tolerances } = inp;
  const exact = values[exactNode];
  const pv = pointVerdict(inp);
  const x = point[wrt];
  // The values at the point (every node of f is among them) are the base the steps re-evaluate on.
  const base = values;
  const d = new Differences(tape, point, wrt, base);
  const blocker = tape.complexStepBlocker(wrt);
  const methods = {} as Record<MethodName, MethodResult>;
  const estimate = (method: MethodName, value: number, h?: number, skipped?: string): void => {
    methods[method] = judge(method, value, exact, pv.verdict, method === 'forwardDifference' || method === 'centralDifference' || method === 'richardson'
      ? tolerances.finiteDifference : tolerances.exactMethods, h, skipped);
  };
  estimate('exact', exact);
  estimate('forwardAD', tape.forwardAD(point, wrt, base).derivative);
  estimate('reverseAD', inp.reverse);
  estimate('forwardDifference', d.forward(), forwardStep(x));
  estimate('centralDifference', d.central(), centralStep(x));
  estimate('richardson', d.richardson(), richardsonStep(x));
  if (blocker) estimate('complexStep', NaN, COMPLEX_STEP, blocker);
  else estimate('complexStep', d.complexStep(), COMPLEX_STEP);

  const findings = pv.findings.map((f) => finding(inp.model, f));
  const reasons = findings.map((f) => `${f.reason}${f.line ? position(f.line, f.column) : ''}`);
  let verdict = pv.verdict;
  if (verdict === 'ok') {
    const bad = METHODS.filter((m) => methods[m].verdict === 'mismatch');
    if (bad.length) {
      verdict = 'mismatch';
      for (const m of bad) reasons.push(methods[m].value == null ? l10n('{0} gives no finite value against exact {1}', methodLabel(m), exact) : l10n('{0} gives {1} against exact {2}', methodLabel(m), methods[m].value, exact));
      const independent = (['forwardAD', 'reverseAD', 'complexStep'] as const).filter((m) => !methods[m].skipped);
      const agree = independent.length >= 2 && independent.every((m) => methods[m].verdict === 'mismatch' && methods[m].value !== null && methods[independent[0]].value !== null &&
        Math.abs(methods[m].value! - methods[independent[0]].value!) <= 1e-12 * Math.abs(methods[independent[0]].value!));
      if (agree) {
        reasons.push(l10n('{0} agree with each other: the symbolic form loses precision here (cancellation in float64)', independent.map(methodLabel).join(', ')));
      }
    }
  }
  return { of: inp.of, wrt, expr: '', exact: finiteOrNull(exact), verdict, reasons, findings, methods };
}

function judge(method: MethodName, value: number, exact: number, pointLevel: Verdict, tol: Tolerance, h?: number, skipped?: string): MethodResult {
  const r: MethodResult = { method, label: METHOD_LABELS[method], value: skipped ? null : finiteOrNull(value), absError: null, relError: null, verdict: pointLevel };
  if (h !== undefined) r.h = h;
  if (skipped) {
    r.skipped = skipped;
    return r;
  }
  const err = Math.abs(value - exact);
  if (Number.isFinite(err)) {
    r.absError = err;
    r.relError = exact !== 0 ? err / Math.abs(exact) : null;
  }
  if (pointLevel !== 'ok') return r;
  if (!Number.isFinite(value)) {
    const isDifference = method === 'forwardDifference' || method === 'centralDifference' || method === 'richardson';
    if (isDifference) {
      // The step left the domain or overflowed: that says nothing about the derivative.
      r.verdict = Number.isNaN(value) ? 'undefined here' : 'overflow';
      r.note = (Number.isNaN(value) ? l10n('f is undefined at a stepped point (the step leaves the domain)') : l10n('f overflows at a stepped point'));
    } else r.verdict = 'mismatch';
    return r;
  }
  r.verdict = err <= tol.atol + tol.rtol * Math.abs(exact) ? 'ok' : 'mismatch';
  return r;
}

function finding(model: Model, f: EngineFinding): Finding {
  const out: Finding = { op: f.op, reason: f.reason };
  if (f.span) Object.assign(out, lineColumn(model.program.source, f.span.start));
  return out;
}

function where(model: Model, f: EngineFinding): string {
  return spanPosition(model.program.source, f.span);
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

// ---- claims ----------------------------------------------------------------------------------------

function checkClaims(model: Model, req: CheckRequest, point: Point, source: CheckResult['pointSource']): ClaimCheck[] {
  const count = Math.max(5, req.claimPoints ?? 6);
  const fixed = model.constants.filter((c) => source[c] !== 'default');
  const opts = { point, fixed, count };
  const out: ClaimCheck[] = [];
  const variables = [...model.inputs, ...model.constants];
  const outputs = [...new Set([...model.outputs.map((o) => o.name), ...model.program.assignments.map((a) => a.name)])];
  // Claims given as strings (CLI): malformed ones are bad input and throw, with the column in the claim.
  for (const text of req.claims ?? []) {
    const c = parseClaim(text, { outputs, variables });
    out.push(verifyClaim(model, { of: c.of, wrt: c.wrt, expr: c.expr, label: c.source, exprColumn: c.exprOffset + 1 }, opts));
  }
  // Claims found in the document: a malformed one is reported as an `error` result next to the others.
  for (const c of [...model.claims, ...model.adjointClaims, ...(req.claimObjects ?? [])]) out.push(documentClaim(model, c, opts));
  return out;
}

function documentClaim(model: Model, c: Claim, opts: { point: Point; fixed: string[]; count: number }): ClaimCheck {
  const pos = c.span ? lineColumn(model.program.source, c.span.start) : { line: 1, column: 1 };
  const input: ClaimInput = { of: c.of, wrt: c.wrt, expr: c.expr, label: c.source, exprLine: pos.line, exprColumn: pos.column };
  try {
    return verifyClaim(model, input, opts);
  } catch (e) {
    if (!(e instanceof PartialsError)) throw e;
    return {
      label: c.source, of: c.of, wrt: c.wrt, claimed: c.expr, result: 'error', points: [], failures: [],
      details: [e.message], error: { message: e.message, line: e.line, column: e.column },
    };
  }
}

/** A method's name in a reason, in the user's language (the `label` field of the JSON keeps METHOD_LABELS). */
function methodLabel(m: MethodName): string {
  switch (m) {
    case 'exact': return l10n('exact (symbolic)');
    case 'forwardAD': return l10n('forward AD (dual numbers)');
    case 'reverseAD': return l10n('reverse AD (tape)');
    case 'forwardDifference': return l10n('forward difference');
    case 'centralDifference': return l10n('central difference');
    case 'richardson': return l10n('Richardson extrapolation');
    case 'complexStep': return l10n('complex step');
  }
}
