import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../src/core/check/check';
import { METHODS, type CheckResult, type PartialCheck } from '../../src/core/check/types';

const partial = (r: CheckResult, wrt = r.inputs[0], of = r.outputs[0]): PartialCheck => r.partials.find((p) => p.of === of && p.wrt === wrt)!;

describe('verdicts, each happening for real', () => {
  it('abs(x) at 0 is non-differentiable (and says where)', () => {
    const r = check({ source: 'abs(x)', at: { x: 0 } });
    const p = partial(r);
    assert.equal(p.verdict, 'non-differentiable here');
    assert.match(p.reasons[0], /abs has a corner at 0 \(line 1, column 1\)/);
    assert.deepEqual(p.findings[0], { op: 'abs', reason: 'abs has a corner at 0', line: 1, column: 1 });
    for (const m of METHODS) assert.equal(p.methods[m].verdict, 'non-differentiable here');
    // The one-sided and two-sided quotients disagree there: the reason a kink has no derivative.
    assert.equal(p.methods.forwardDifference.value, 1);
    assert.equal(p.methods.centralDifference.value, 0);
    assert.ok(r.ok, 'a kink is reported, not a failure');
  });

  it('other kinks: relu at 0, sqrt at 0, max at a tie, a branch boundary', () => {
    for (const [src, at] of [['relu(x) + x', { x: 0 }], ['sqrt(x)', { x: 0 }], ['max(x, 1 - x)', { x: 0.5 }], ['x > 1 ? x^2 : 2*x - 1', { x: 1 }]] as const) {
      assert.equal(partial(check({ source: src, at })).verdict, 'non-differentiable here', src);
    }
    // Away from the kink the same expressions are fine.
    assert.equal(partial(check({ source: 'max(x, 1 - x)', at: { x: 0.7 } })).verdict, 'ok');
  });

  it('log(x) at -1 is undefined', () => {
    const r = check({ source: 'log(x)', at: { x: -1 } });
    const p = partial(r);
    assert.equal(p.verdict, 'undefined here');
    assert.match(p.reasons[0], /log needs a positive argument, got -1/);
    assert.equal(r.values.f, null);
    assert.equal(p.methods.complexStep.value, null);
    assert.equal(p.methods.centralDifference.value, null);
  });

  it('a point that is not finite is undefined', () => {
    const p = partial(check({ source: 'x^2 + y', at: { x: Infinity, y: 1 } }));
    assert.equal(p.verdict, 'undefined here');
    assert.deepEqual(p.reasons, ['the point is not finite: x = Infinity']);
  });

  it('division by zero is undefined', () => {
    const p = partial(check({ source: '1/x + x', at: { x: 0 } }));
    assert.equal(p.verdict, 'undefined here');
    assert.match(p.reasons[0], /division by zero/);
  });

  it('exp(1000*x) overflows', () => {
    const p = partial(check({ source: 'exp(1000*x)', at: { x: 1 } }));
    assert.equal(p.verdict, 'overflow');
    assert.match(p.reasons[0], /exp overflows to Infinity/);
    assert.equal(p.exact, null);
  });

  it('a derivative that overflows while f does not is reported as overflow', () => {
    const r = check({ source: 'exp(709.7*x)', at: { x: 1 } });
    assert.notEqual(r.values.f, null);
    assert.equal(partial(r).verdict, 'overflow');
  });

  it('mismatch: a central difference that cannot resolve sin(1e5 x) with its default step', () => {
    const r = check({ source: 'sin(100000*x)', at: { x: 0.1 } });
    const p = partial(r);
    assert.equal(p.verdict, 'mismatch');
    assert.equal(p.methods.centralDifference.verdict, 'mismatch');
    assert.ok(p.methods.centralDifference.relError! > 1e-3);
    assert.equal(p.methods.complexStep.verdict, 'ok');
    assert.equal(p.methods.forwardAD.verdict, 'ok');
    assert.ok(p.reasons.some((s) => /central difference gives/.test(s)));
    assert.equal(r.ok, false);
  });

  it('mismatch follows the tolerances, which are options', () => {
    const strict = check({ source: 'x^3', at: { x: 1.3 }, tolerances: { finiteDifference: { atol: 0, rtol: 0 } } });
    assert.equal(partial(strict).methods.forwardDifference.verdict, 'mismatch');
    assert.equal(partial(strict).verdict, 'mismatch');
    const loose = check({ source: 'x^3', at: { x: 1.3 } });
    assert.deepEqual(loose.tolerances, { finiteDifference: { atol: 1e-5, rtol: 1e-3 }, exactMethods: { atol: 1e-12, rtol: 1e-12 } });
    assert.equal(partial(loose).verdict, 'ok');
    assert.ok(loose.ok);
  });

  it('when the symbolic form cancels, the independent methods agree with each other and the check says so', () => {
    // σ'(x) = σ(x)(1 − σ(x)) loses every digit of 1 − σ(x) near x = 30.
    const truth = Math.exp(-30) / (1 + Math.exp(-30)) ** 2;
    const r = check({ source: 'sigmoid(x)', at: { x: 30 }, tolerances: { exactMethods: { atol: 0 } } });
    const p = partial(r);
    assert.ok(Math.abs(p.methods.complexStep.value! - truth) <= 1e-14 * truth);
    assert.ok(Math.abs(p.methods.forwardAD.value! - truth) <= 1e-14 * truth);
    assert.ok(Math.abs(p.methods.reverseAD.value! - truth) <= 1e-14 * truth);
    if (Math.abs(p.exact! - truth) > 1e-10 * truth) {
      assert.equal(p.verdict, 'mismatch');
      assert.ok(p.reasons.some((s) => /agree with each other: the symbolic form loses precision/.test(s)), p.reasons.join('; '));
    } else assert.equal(p.verdict, 'ok');
  });

  it('a step that leaves the domain is not a mismatch', () => {
    const p = partial(check({ source: 'x^1.5', at: { x: 1e-6 } }));
    assert.equal(p.methods.centralDifference.verdict, 'undefined here');
    assert.match(p.methods.centralDifference.note!, /leaves the domain/);
    assert.equal(p.methods.complexStep.verdict, 'ok');
    assert.equal(p.verdict, 'ok');
  });

  it('reports every method with value, errors, step and verdict, and the symbolic expression', () => {
    const r = check({ source: 'x^2*y + sin(x*y)', at: { x: 1, y: 2 } });
    assert.deepEqual(r.point, { x: 1, y: 2 });
    assert.deepEqual(r.pointSource, { x: 'user', y: 'user' });
    const p = partial(r, 'x');
    assert.equal(p.expr, '2*x*y + y*cos(x*y)');
    const want = 4 + 2 * Math.cos(2);
    assert.ok(Math.abs(p.exact! - want) < 1e-15);
    assert.deepEqual(Object.keys(p.methods), [...METHODS]);
    assert.equal(p.methods.exact.absError, 0);
    assert.equal(p.methods.forwardDifference.h, Math.sqrt(Number.EPSILON));
    assert.equal(p.methods.centralDifference.h, Math.cbrt(Number.EPSILON));
    assert.equal(p.methods.complexStep.h, 1e-20);
    assert.ok(p.methods.forwardDifference.relError! < 1e-6 && p.methods.forwardDifference.relError! > 1e-12, 'forward difference has O(√ε) error');
    assert.ok(p.methods.centralDifference.relError! < 1e-9);
    assert.ok(p.methods.richardson.relError! < 1e-11);
    // Steps scale with |x|.
    const far = partial(check({ source: 'x^2', at: { x: 1000 } }));
    assert.equal(far.methods.centralDifference.h, 1000 * Math.cbrt(Number.EPSILON));
  });

  it('derivatives through a cond follow the taken branch in every method', () => {
    const r = check({ source: 'x > 0 ? x^3 : -x', at: { x: 0.5 } });
    const p = partial(r);
    assert.equal(p.verdict, 'ok');
    assert.equal(p.methods.forwardAD.value, 0.75);
    assert.equal(p.methods.reverseAD.value, 0.75);
  });
});

describe('the step-size study', () => {
  it('sweeps h from 1e-1 to 1e-16 log-spaced and finds the V of truncation against round-off', () => {
    const r = check({ source: 'exp(x) * sin(x)', at: { x: 0.7 }, sweep: true });
    assert.equal(r.sweeps!.length, 1);
    const s = r.sweeps![0];
    assert.ok(s.hs.length >= 30);
    assert.equal(s.hs[0], 0.1);
    assert.ok(Math.abs(s.hs.at(-1)! - 1e-16) < 1e-30);
    const ratios = s.hs.slice(1).map((h, i) => s.hs[i] / h);
    for (const q of ratios) assert.ok(Math.abs(q - ratios[0]) < 1e-9 * ratios[0], 'log-spaced');
    assert.deepEqual(s.series.map((x) => x.method), ['forwardDifference', 'centralDifference', 'complexStep']);
    const fwd = s.series[0].points, cen = s.series[1].points, cs = s.series[2].points;
    const best = s.bestH;
    assert.ok(best.forwardDifference!.h > 1e-10 && best.forwardDifference!.h < 1e-6, `forward best h ${best.forwardDifference!.h}`);
    assert.ok(best.centralDifference!.h > 1e-8 && best.centralDifference!.h < 1e-3, `central best h ${best.centralDifference!.h}`);
    // V shape: both ends are much worse than the bottom.
    assert.ok(fwd[0][1]! > 1e3 * best.forwardDifference!.error);
    assert.ok((fwd.at(-2)![1] ?? Infinity) > 1e3 * best.forwardDifference!.error);
    assert.ok(cen[0][1]! > 1e3 * best.centralDifference!.error);
    // Complex step has no round-off floor: tiny error for every small h.
    for (const [h, e] of cs) if (h <= 1e-8) assert.ok(e! <= 1e-15 * Math.abs(s.exact!), `complex step at h=${h}: ${e}`);
    assert.ok(s.best!.error <= best.centralDifference!.error);
  });

  it('sweeps only the requested partials, and skips the complex step where it is invalid', () => {
    const r = check({ source: 'abs(x) * y', at: { x: 0.5, y: 2 }, sweep: [{ wrt: 'x' }], sweepSteps: 31 });
    assert.equal(r.sweeps!.length, 1);
    assert.equal(r.sweeps![0].wrt, 'x');
    assert.equal(r.sweeps![0].hs.length, 31);
    assert.deepEqual(r.sweeps![0].series.map((x) => x.method), ['forwardDifference', 'centralDifference']);
    assert.match(r.sweeps![0].skipped!.complexStep!, /abs/);
    assert.equal(check({ source: 'x^2' }).sweeps, undefined);
  });
});
