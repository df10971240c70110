import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartialsError } from '../../src/core/errors';
import { lowerProgram } from '../../src/core/lower';
import { check } from '../../src/core/check/check';
import { parseClaim } from '../../src/core/check/claimText';
import { provenEqual } from '../../src/core/check/equivalence';

const ctx = { outputs: ['f', 'loss'], variables: ['x', 'y', 'w', 'dx'] };

describe('claim strings', () => {
  it('reads df/dx, ∂f/∂x, d(f)/d(x), d/dx, dfdx and df_dx', () => {
    const one = { outputs: ['f'], variables: ['x', 'y'] };
    for (const text of ['df/dx = 2*x', '∂f/∂x = 2*x', 'd f / d x=2*x', 'd(f)/d(x) = 2*x', 'd/dx = 2*x', 'dfdx = 2*x', 'df_dx = 2*x', '  df/dx   =   2*x  ']) {
      const c = parseClaim(text, one);
      assert.equal(c.of, 'f', text);
      assert.equal(c.wrt, 'x', text);
      assert.equal(c.expr, '2*x', text);
      assert.equal(text.slice(c.exprOffset, c.exprOffset + 3), '2*x');
    }
    assert.deepEqual(parseClaim('dlossdw = x*(w*x - y)', ctx).wrt, 'w');
    assert.deepEqual(parseClaim('dloss_dw = 1', ctx).of, 'loss');
    assert.deepEqual(parseClaim('dfddx = 1', ctx).wrt, 'dx');
    assert.equal(parseClaim('dfdx = x >= 0 ? 1 : 0', { outputs: ['f'], variables: ['x'] }).expr, 'x >= 0 ? 1 : 0');
  });

  it('rejects malformed claims with a message and the column', () => {
    const bad = (text: string, re: RegExp, column?: number) => {
      assert.throws(() => parseClaim(text, ctx), (e: unknown) => {
        assert.ok(e instanceof PartialsError);
        assert.match(e.message, re);
        if (column !== undefined) assert.equal(e.column, column);
        return true;
      }, text);
    };
    bad('df/dx 2*x', /has no '='/);
    bad('df/dx = ', /nothing after '='/, 8);
    bad('dg/dx = 1', /'g', which is not an output \(outputs: f, loss\)/);
    bad('df/dz = 1', /'z', which is not a variable of f/);
    bad('d/dx = 1', /does not say which output/);
    bad('dqdz = 1', /does not name an output and a variable/);
    bad('f\' = 2*x', /Cannot read the claim's left side/);
  });
});

describe('symbolic equivalence', () => {
  const eq = (a: string, b: string): boolean => {
    const p = lowerProgram(`a = ${a}\nb = ${b}`);
    return provenEqual(p.graph, p.assignments[0].node, p.assignments[1].node);
  };
  it('proves equalities that hold by algebra', () => {
    assert.ok(eq('(x + 1)^2', 'x^2 + 2*x + 1'));
    assert.ok(eq('2*x*y + y*cos(x*y)', 'y*(2*x + cos(y*x))'));
    assert.ok(eq('x/2', '0.5*x'));
    assert.ok(eq('(x^2 - 1)/x', 'x - 1/x'));
    assert.ok(eq('exp(x)*exp(x)', 'exp(x)^2'));
    assert.ok(eq('sin((x+1)^2)', 'sin(x^2 + 2x + 1)'));
    assert.ok(eq('x^3*x^-1', 'x^2'));
  });
  it('knows the mathjs spellings the printers use for sigmoid, softplus, relu, gelu, logsumexp, log1p, sqrt', () => {
    assert.ok(eq('sigmoid(2*x)', '1 / (1 + exp(-(2*x)))'));
    assert.ok(eq('softplus(x)', 'log(1 + exp(x))'));
    assert.ok(eq('relu(x - 1)', 'max(x - 1, 0)'));
    assert.ok(eq('sqrt(x^2 + 1)', '(1 + x^2)^0.5'));
    assert.ok(eq('logsumexp(x, y)', 'log(exp(y) + exp(x))'));
    assert.ok(eq('log(x, 3)', 'log(x)/log(3)'));
    assert.ok(eq('leakyRelu(x)', '((x) > 0 ? (x) : (0.01) * (x))'));
    assert.ok(eq('gelu(x)', '0.5 * (x) * (1 + tanh(sqrt(2 / pi) * ((x) + 0.044715 * (x)^3)))'));
    assert.ok(!eq('cbrt(x)', 'x^(1/3)'), 'differs for x < 0');
    assert.ok(!eq('relu(x)', 'max(0, x) + 1'));
  });
  it('does not claim a proof it does not have', () => {
    assert.ok(!eq('sin(x)^2 + cos(x)^2', '1'), 'trigonometric identities are not expanded');
    assert.ok(!eq('x^2', 'x^2 + 1e-9'));
    assert.ok(!eq('sqrt(x)^2', 'x'), 'only true for x ≥ 0');
    assert.ok(!eq('(x^2)^0.5', 'x'));
    assert.ok(!eq('(x + 1)/(x + 1)', '2'));
  });
});

describe('verifying hand-written derivatives', () => {
  it('catches a wrong claim: failing points with both values, and the correct expression', () => {
    const r = check({ source: 'x^2*y + sin(x*y)', at: { x: 1, y: 2 }, claims: ['df/dx = 2*x*y + cos(x*y)'] });
    const c = r.claims[0];
    assert.equal(c.result, 'wrong');
    assert.equal(c.proof, undefined);
    assert.ok(c.points.length >= 5);
    assert.equal(c.failures.length, c.points.length);
    assert.deepEqual(c.failures[0].point, { x: 1, y: 2 }, 'the check point is the first one compared');
    assert.ok(Math.abs(c.failures[0].claimed! - (4 + Math.cos(2))) < 1e-12);
    assert.ok(Math.abs(c.failures[0].exact! - (4 + 2 * Math.cos(2))) < 1e-12);
    assert.equal(c.correct, '2*x*y + y*cos(x*y)');
    assert.ok(c.details.some((d) => /Correct: ∂f\/∂x = 2\*x\*y \+ y\*cos\(x\*y\)/.test(d)));
    assert.equal(r.ok, false);
  });

  it('a claim wrong only away from the check point is still caught', () => {
    // 3 x² and 2x + 1 agree at x = 1 only.
    const r = check({ source: 'x^3', at: { x: 1 }, claims: ['dfdx = 2*x + 1'] });
    assert.equal(r.claims[0].result, 'wrong');
    assert.ok(r.claims[0].points[0].ok, 'agrees at the check point');
    assert.ok(r.claims[0].failures.length >= 4);
  });

  it('a correct claim holds symbolically', () => {
    const r = check({ source: 'x^2*y + sin(x*y)', claims: ['df/dx = y*(2*x + cos(x*y))', 'df_dy = x^2 + x*cos(x*y)'] });
    for (const c of r.claims) {
      assert.equal(c.result, 'holds', c.label);
      assert.equal(c.proof, 'symbolic', c.label);
      assert.ok(c.points.length >= 5 && c.points.every((p) => p.ok));
    }
    assert.ok(r.ok);
  });

  it('a correct claim the expansion cannot prove holds numerically, and says so', () => {
    const r = check({ source: 'sigmoid(x)', claims: ['dfdx = exp(-x) / (1 + exp(-x))^2'] });
    const c = r.claims[0];
    assert.equal(c.result, 'holds');
    assert.equal(c.proof, 'numeric');
    assert.match(c.details[0], /Not proven symbolically.*checked numerically/);
    const trig = check({ source: 'sin(x)^2', claims: ['dfdx = sin(2*x)'], claimPoints: 8 });
    assert.equal(trig.claims[0].proof, 'numeric');
    assert.equal(trig.claims[0].points.length, 8);
  });

  it('compares only inside the domain', () => {
    const r = check({ source: 'log(x) + sqrt(y)', claims: ['df/dx = 1/x', 'df/dy = 1/(2*sqrt(y))'] });
    for (const c of r.claims) {
      assert.equal(c.result, 'holds');
      assert.ok(c.points.every((p) => p.point.x > 0 && p.point.y > 0));
    }
  });

  it('claims may use names assigned in the program', () => {
    const r = check({ source: 'a = x*y\nf = sin(a)', claims: ['df/dx = cos(a)*y', 'da/dy = x'] });
    assert.equal(r.claims[0].result, 'holds');
    assert.equal(r.claims[0].proof, 'symbolic');
    assert.equal(r.claims[1].result, 'holds');
  });

  it('values set by the user for symbols held constant stay fixed at every point', () => {
    const r = check({ source: 'a*x^2', wrt: ['x'], at: { a: 3 }, claims: ['df/dx = 6*x'] });
    assert.equal(r.claims[0].result, 'holds');
    assert.ok(r.claims[0].points.every((p) => p.point.a === 3));
  });

  it('a malformed claim is bad input, positioned in the claim', () => {
    assert.throws(() => check({ source: 'x^2', claims: ['df/dx = 2*x +'] }), (e: unknown) => e instanceof PartialsError && e.column === 14 && /In the claim/.test(e.message));
    assert.throws(() => check({ source: 'x^2', claims: ['df/dx = 2*k*x'] }), /uses 'k', which is not a variable of f/);
    assert.throws(() => check({ source: 'x^2', claims: ['df/dx = foo(x)'] }), /Unknown function 'foo'/);
  });

  it('claims from a front end that cannot be read are reported as errors next to the others', () => {
    const r = check({ source: 'x^2', claimObjects: [
      { of: 'f', wrt: 'x', expr: '2*x', source: 'df_dx = 2*x' },
      { of: 'f', wrt: 'x', expr: '2*x +', source: 'df_dx = 2*x +' },
    ] });
    assert.equal(r.claims[0].result, 'holds');
    assert.equal(r.claims[1].result, 'error');
    assert.match(r.claims[1].error!.message, /Unexpected end of expression/);
    assert.equal(r.ok, false);
  });
});

describe('claims about intermediate names (backprop code)', () => {
  it('dL_dz is checked against the adjoint of z; a later claim may use it', () => {
    const src = [
      'z = w*x + b',
      'p = 1/(1 + np.exp(-z))',
      'L = -(y*np.log(p) + (1 - y)*np.log(1 - p))',
      'dL_dp = -(y/p - (1 - y)/(1 - p))',
      'dL_dz = p - y',
      'dL_dw = dL_dz * x',
      'dL_db = dL_dz * 2',
    ].join('\n');
    const r = check({ source: src, language: 'python', at: { w: 0.5, x: 1.5, b: -0.2, y: 1 } });
    const byLabel = Object.fromEntries(r.claims.map((c) => [c.label, c.result]));
    assert.deepEqual(byLabel, {
      'dL_dw = dL_dz * x': 'holds',
      'dL_db = dL_dz * 2': 'wrong',
      'dL_dp = -(y/p - (1 - y)/(1 - p))': 'holds',
      'dL_dz = p - y': 'holds',
    });
  });
});
