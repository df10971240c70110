import { PartialsError } from '../core/errors';
import { check } from '../core/check/check';
import { METHODS, type CheckResult, type ClaimCheck, type PartialCheck, type SweepResult } from '../core/check/types';
import { flag, has, parseArgs, parseList, parsePoint, quote, readExpression, reportError, type CliIO, type OptionSpec } from './args';
import { checkJson, checkTensorClaim, formatTensorCheck, parseShapes, parseTensorPoint, route, runTensor, scalarAtText, splitCodeClaims } from '../core/tensor/session';
import { errorText, shortNumber } from '../core/number';

export const CHECK_USAGE = `partials check [EXPR] [--file F|-] [--lang L] [--at x=1,y=2] [--wrt x,y] [--claim 'df/dx = …']… [--sweep] [--json]
    [--atol A] [--rtol R] [--points K] [--shape X=4x3,w=3]

Every partial at the point by each method (exact, forward/reverse AD, forward/central differences,
Richardson, complex step) with errors and a verdict; claims (df/dx = …, dfdx = …, df_dx = …) proven or
checked at K points; --sweep adds the step-size study. Exit status: 0 ok, 1 a claim is wrong or a partial
mismatches, 2 bad input. Vectorised math and NumPy code (arrays in --at, --shape, @, .T, ') are checked by the
tensor engine: per input, the exact gradient against forward/reverse AD, central differences per entry (up to a
cap, then sampled), a directional difference and the complex step; claims such as df/dw = 2*X'*(X*w - y) or
grad_w = 2 * X.T @ (X @ w - y) lines in the code are compared entry by entry at three points.
`;

const CHECK_OPTIONS: OptionSpec = {
  command: 'check',
  strings: ['file', 'lang', 'at', 'wrt', 'claim', 'atol', 'rtol', 'points', 'shape'],
  booleans: ['json', 'sweep', 'help', 'jacobian'],
  multiple: ['claim', 'at'],
};

/** `partials check …`: argv is what follows the subcommand. */
export function runCheck(argv: string[], io: CliIO): number {
  let json = argv.includes('--json');
  try {
    const p = parseArgs(argv, CHECK_OPTIONS);
    json = has(p, 'json');
    if (has(p, 'help')) {
      io.stdout(CHECK_USAGE);
      return 0;
    }
    const source = readExpression(p, io);
    const atol = number(flag(p, 'atol'), 'atol');
    const rtol = number(flag(p, 'rtol'), 'rtol');
    const points = number(flag(p, 'points'), 'points');
    if (points !== undefined && (!Number.isInteger(points) || points < 5 || points > 1000)) {
      throw new PartialsError('--points must be a whole number from 5 to 1000.', 'input');
    }
    const atTexts = p.flags.get('at');
    const point = parseTensorPoint(atTexts);
    const shapes = parseShapes(flag(p, 'shape'));
    const lang = flag(p, 'lang');
    const wrt = parseList(flag(p, 'wrt'));
    let tensorSource = source;
    let codeClaims: string[] = [];
    const routed = route(
      { source, lang, at: point, shapes },
      () => runScalarCheck(),
      (tl) => {
        const split = splitCodeClaims(source, tl, { shapes, at: point?.values });
        tensorSource = split.source;
        codeClaims = split.claims.map((c) => c.text);
        return runTensor({ source: tensorSource, lang: tl, at: point?.values, shapes, wrt, check: true });
      },
    );
    if (routed.kind === 'tensor') {
      const run = routed.run;
      const claims = [...codeClaims, ...(p.flags.get('claim') ?? [])].map((c) => checkTensorClaim(c, tensorSource, routed.lang, run.analysis.point, run.inputs, shapes));
      const out = checkJson(run, routed.lang, claims);
      io.stdout(json ? JSON.stringify(out, null, 2) + '\n' : formatTensorCheck(out));
      return out.ok ? 0 : 1;
    }
    const result = routed.result;
    io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : formatCheck(result));
    return result.ok ? 0 : 1;
    function runScalarCheck() {
      return check({
      source,
      language: lang,
      at: parsePoint(scalarAtText(atTexts)),
      wrt,
      allOutputs: has(p, 'jacobian'),
      claims: p.flags.get('claim') ?? [],
      sweep: has(p, 'sweep'),
      tolerances: { finiteDifference: { atol, rtol } },
      claimPoints: points,
      });
    }
  } catch (e) {
    return reportError(e, json, io);
  }
}

function number(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new PartialsError(`--${name} needs a non-negative number, got ${quote(text)}.`, 'input');
  return v;
}

// ---- the readable report -----------------------------------------------------------------------------

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : shortNumber(v, 12));
const err = errorText;
const pad = (s: string, n: number): string => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));
const MARK: Record<string, string> = { ok: '✓', mismatch: '✗', 'non-differentiable here': '⚠', 'undefined here': '⚠', overflow: '⚠' };

export function formatCheck(r: CheckResult): string {
  const lines: string[] = [];
  const at = Object.entries(r.point).map(([k, v]) => `${k} = ${num(v)}${r.pointSource[k] === 'default' ? '' : ` (${r.pointSource[k]})`}`).join(', ');
  lines.push(`at ${at || '(no variables)'}`);
  const fd = r.tolerances.finiteDifference, ex = r.tolerances.exactMethods;
  lines.push(`tolerances: finite differences atol ${fd.atol}, rtol ${fd.rtol}; AD and complex step atol ${ex.atol}, rtol ${ex.rtol}`);
  for (const o of r.outputs) {
    lines.push('');
    lines.push(`${o} = ${r.expressions[o]?.text ?? ''}   = ${num(r.values[o])}`);
    for (const p of r.partials.filter((q) => q.of === o)) lines.push(...formatPartial(p));
  }
  if (r.claims.length) {
    lines.push('');
    lines.push('Claims:');
    for (const c of r.claims) lines.push(...formatClaim(c));
  }
  for (const s of r.sweeps ?? []) lines.push('', ...formatSweep(s));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push('');
  lines.push(r.ok ? 'All checks passed.' : 'Some checks FAILED.');
  return lines.join('\n') + '\n';
}

function formatPartial(p: PartialCheck): string[] {
  const out = [`  ∂${p.of}/∂${p.wrt} = ${p.expr}   ${MARK[p.verdict]} ${p.verdict}`];
  for (const reason of p.reasons) out.push(`    ${reason}`);
  out.push(`    ${pad('method', 28)}${pad('value', 22)}${pad('abs error', 11)}${pad('rel error', 11)}verdict`);
  for (const m of METHODS) {
    const r = p.methods[m];
    const tail = r.skipped ? `skipped: ${r.skipped}` : `${r.verdict}${r.note ? ` (${r.note})` : ''}`;
    out.push(`    ${pad(r.label, 28)}${pad(num(r.value), 22)}${pad(err(r.absError), 11)}${pad(err(r.relError), 11)}${tail}`);
  }
  return out;
}

function formatClaim(c: ClaimCheck): string[] {
  const how = c.result === 'holds' ? (c.proof === 'symbolic' ? ' (proven symbolically)' : ' (checked numerically)') : '';
  const out = [`  ${c.result === 'holds' ? '✓' : '✗'} ${c.label}: ${c.result}${how}`];
  if (c.result === 'wrong') {
    for (const f of c.failures.slice(0, 3)) {
      const at = Object.entries(f.point).map(([k, v]) => `${k} = ${num(v)}`).join(', ');
      out.push(`      at ${at}: claimed ${num(f.claimed)}, exact ${num(f.exact)}`);
    }
    if (c.failures.length > 3) out.push(`      … and ${c.failures.length - 3} more point(s)`);
    out.push(`      correct: ∂${c.of}/∂${c.wrt} = ${c.correct}`);
  } else if (c.result === 'error') out.push(`      ${c.error?.message ?? c.details.join(' ')}`);
  else if (c.proof === 'numeric') out.push(`      ${c.details[0]}`);
  return out;
}

function formatSweep(s: SweepResult): string[] {
  const out = [`Step-size study for ∂${s.of}/∂${s.wrt} (|error| against exact ${num(s.exact)}):`];
  out.push(`  ${pad('h', 10)}${s.series.map((x) => pad(x.label, 20)).join('')}`);
  s.hs.forEach((h, i) => out.push(`  ${pad(h.toExponential(1), 10)}${s.series.map((x) => pad(err(x.points[i][1]), 20)).join('')}`));
  for (const [m, reason] of Object.entries(s.skipped ?? {})) out.push(`  ${m} skipped: ${reason}`);
  for (const x of s.series) {
    const b = s.bestH[x.method];
    if (b) out.push(`  best h for ${x.label}: ${b.h.toExponential(1)} (error ${err(b.error)})`);
  }
  if (s.best) out.push(`  best overall: ${s.best.method} at h = ${s.best.h.toExponential(1)}`);
  return out;
}
