import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FUNCTIONS } from '../../src/core/functions';
import { exported } from '../../src/core/functions';
import { check } from '../../src/core/check/check';
import * as C from '../../src/core/check/complex';
import { LOCAL_PARTIALS } from '../../src/core/check/localPartials';

const near = (a: C.Complex, b: C.Complex, tol = 1e-14): boolean => Math.hypot(a.re - b.re, a.im - b.im) <= tol * Math.max(1, Math.hypot(b.re, b.im));

describe('complex arithmetic', () => {
  it('multiplies, divides and takes roots and logs on the principal branch', () => {
    assert.deepEqual(C.mul(C.cx(1, 2), C.cx(3, -1)), C.cx(5, 5));
    assert.ok(near(C.div(C.cx(5, 5), C.cx(3, -1)), C.cx(1, 2)));
    assert.ok(near(C.div(C.cx(1, 0), C.cx(1e-300, 1e300)), C.cx(1e-300 / (1e-300 ** 2 + 1e300 ** 2), -1e-300), 1e-12));
    assert.deepEqual(C.sqrt(C.cx(-4)), C.cx(0, 2));
    assert.ok(near(C.exp(C.cx(0, Math.PI)), C.cx(-1, 0)));
    assert.ok(near(C.log(C.cx(0, 1)), C.cx(0, Math.PI / 2)));
    assert.ok(near(C.pow(C.cx(0, 1), C.cx(2)), C.cx(-1, 0)));
    assert.ok(near(C.pow(C.cx(-2, 1e-20), C.cx(3)), C.cx(-8, 12e-20)));
  });

  it('keeps a 1e-20 imaginary part exact through every analytic function (Im f(x + ih) = h f\'(x))', () => {
    const h = 1e-20;
    const cases: [string, number, number][] = [
      ['sin', 0.7, Math.cos(0.7)], ['tan', 0.7, 1 / Math.cos(0.7) ** 2], ['asin', 0.5, 1 / Math.sqrt(0.75)],
      ['acos', -0.5, -1 / Math.sqrt(0.75)], ['atanh', 0.5, 1 / 0.75], ['acosh', 2, 1 / Math.sqrt(3)], ['log', 2, 0.5],
      ['log1p', 1e-3, 1 / 1.001], ['expm1', 1e-3, Math.exp(1e-3)], ['sqrt', 4, 0.25], ['cbrt', -8, 1 / 12],
      ['erf', 0.5, (2 / Math.sqrt(Math.PI)) * Math.exp(-0.25)], ['sigmoid', -30, Math.exp(-30) / (1 + Math.exp(-30)) ** 2],
      ['softplus', 40, 1 / (1 + Math.exp(-40))], ['tanh', 25, 4 * Math.exp(-50)],
    ];
    for (const [name, x, d] of cases) {
      const def = FUNCTIONS.get(name)!;
      const z = C.COMPLEX_FUNCTIONS.get(name)!([C.cx(x, h)], (a) => def.eval(a));
      assert.ok(Math.abs(z.im / h - d) <= 1e-13 * Math.abs(d), `${name}(${x}): ${z.im / h} vs ${d}`);
      assert.ok(Math.abs(z.re - def.eval([x])) <= 1e-15 * Math.max(1, Math.abs(z.re)), `${name} real part`);
    }
  });

  it('continues the inverse functions analytically (f(f⁻¹(z)) = z off the real axis)', () => {
    const z = C.cx(0.3, 0.2);
    assert.ok(near(C.sin(C.asin(z)), z));
    assert.ok(near(C.cos(C.acos(z)), z));
    assert.ok(near(C.tan(C.atan(z)), z));
    assert.ok(near(C.sinh(C.asinh(z)), z));
    assert.ok(near(C.tanh(C.atanh(z)), z));
    assert.ok(near(C.cosh(C.acosh(C.cx(1.5, 0.2))), C.cx(1.5, 0.2)));
    assert.ok(near(C.expm1(C.log1p(z)), z));
    assert.ok(near(C.pow(C.cbrt(C.cx(-0.3, 0.2)), C.cx(3)), C.cx(-0.3, 0.2)));
    // erf against its Maclaurin series at a complex point
    let s = C.cx(0), term = z;
    const zz = C.mul(z, z);
    for (let n = 0; n < 60; n++) {
      s = C.add(s, C.scale(term, 1 / (2 * n + 1)));
      term = C.scale(C.mul(term, zz), -1 / (n + 1));
    }
    assert.ok(near(C.erf(z, exported.erf), C.scale(s, 2 / Math.sqrt(Math.PI))));
    // atan2(y, x) = −i log((x + iy)/√(x² + y²))
    const y = C.cx(0.7, 0.1), x = C.cx(-0.4, 0.05);
    const l = C.log(C.div(C.add(x, C.mul(C.cx(0, 1), y)), C.sqrt(C.add(C.mul(x, x), C.mul(y, y)))));
    assert.ok(near(C.atan2(y, x), C.cx(l.im, -l.re)));
  });
});

describe('function tables of the checks', () => {
  it('has a complex extension for every analytic function, and none for the others', () => {
    for (const def of FUNCTIONS.values()) {
      if (def.analytic) assert.ok(C.COMPLEX_FUNCTIONS.has(def.name), `no complex extension for ${def.name}`);
      else assert.ok(!C.COMPLEX_FUNCTIONS.has(def.name), `${def.name} is not analytic but has a complex extension`);
    }
    for (const name of C.COMPLEX_FUNCTIONS.keys()) assert.ok(FUNCTIONS.has(name), `${name} is not in the function table`);
  });

  it('has a numeric local derivative for every function', () => {
    for (const def of FUNCTIONS.values()) assert.ok(LOCAL_PARTIALS.has(def.name), `no local partials for ${def.name}`);
  });

  it('gets every analytic function right by complex step and both AD modes (1e-12 relative)', () => {
    const calls: Record<string, [string, number[]]> = {
      sin: ['sin(x)', [-2, 0.3]], cos: ['cos(x)', [-2, 0.3]], tan: ['tan(x)', [-1, 0.3]], sec: ['sec(x)', [-1, 0.3]],
      csc: ['csc(x)', [-1, 2.2]], cot: ['cot(x)', [-1, 2.2]], asin: ['asin(x)', [-0.7, 0.9]], acos: ['acos(x)', [-0.7, 0.9]],
      atan: ['atan(x)', [-3, 2]], acot: ['acot(x)', [-3, 2]], sinh: ['sinh(x)', [-2, 2]], cosh: ['cosh(x)', [-2, 2]],
      tanh: ['tanh(x)', [-2, 2]], sech: ['sech(x)', [-2, 0.5]], asinh: ['asinh(x)', [-2, 2]], acosh: ['acosh(x)', [1.1, 5]], atanh: ['atanh(x)', [-0.9, 0.5]],
      exp: ['exp(x)', [-2, 3]], log: ['log(x) + log(x, 3) + log(5, x)', [0.1, 30]], log2: ['log2(x)', [0.1, 30]],
      log10: ['log10(x)', [0.1, 30]], log1p: ['log1p(x)', [-0.5, 30]], expm1: ['expm1(x)', [-2, 1e-3]],
      sqrt: ['sqrt(x)', [0.01, 9]], cbrt: ['cbrt(x)', [-8, 0.5]], nthRoot: ['nthRoot(x, 3) + nthRoot(x, 4)', [0.3, 5]],
      pow: ['pow(x, 2.5) + pow(2, x) + x^x', [0.3, 2]], atan2: ['atan2(x, 2) + atan2(1, x) + atan2(x, -1)', [-1.5, 0.7]],
      erf: ['erf(x)', [-1, 0.2, 2.5]], sigmoid: ['sigmoid(x)', [-40, 0.5, 3]], softplus: ['softplus(x)', [-30, 0.5, 40]],
      gelu: ['gelu(x)', [-3, 0.5, 2]], logsumexp: ['logsumexp(x, 2*x, 1)', [-1, 0.4]],
      erfc: ['erfc(x)', [-1.5, 0.2, 4]], normcdf: ['normcdf(x)', [-6, 0.3, 2.5]], erfinv: ['erfinv(x)', [-0.9, 0.1, 0.98]],
    };
    for (const def of FUNCTIONS.values()) {
      if (!def.analytic) continue;
      const c = calls[def.name];
      assert.ok(c, `no test call for analytic function ${def.name}`);
      for (const x of c[1]) {
        const r = check({ source: c[0], at: { x } });
        const p = r.partials[0];
        assert.equal(p.verdict, 'ok', `${c[0]} at ${x}: ${p.reasons.join('; ')}`);
        for (const m of ['complexStep', 'forwardAD', 'reverseAD'] as const) {
          const rel = p.methods[m].relError ?? p.methods[m].absError!;
          assert.ok(rel <= 1e-12, `${m} of ${c[0]} at ${x}: rel error ${rel}`);
        }
        assert.ok((p.methods.centralDifference.relError ?? 0) <= 1e-6, `central difference of ${c[0]} at ${x}`);
      }
    }
  });
});

describe('complex step through non-analytic operations', () => {
  it('is flagged and skipped when abs, max, relu, sign, floor or a branch depends on the variable', () => {
    const cases: [string, RegExp][] = [
      ['abs(x) * x', /abs/], ['max(x, 2*x - 1) + x', /max/], ['relu(x) + x', /relu/], ['sign(x) * x^2', /sign/],
      ['floor(x) + x', /floor/], ['x > 1 ? x^2 : 2*x - 1', /comparison|condition/], ['hypot(x, 3)', /hypot/], ['leakyRelu(x)', /leakyRelu/],
    ];
    for (const [src, why] of cases) {
      const r = check({ source: src, at: { x: 0.6 } });
      const cs = r.partials[0].methods.complexStep;
      assert.ok(cs.skipped && why.test(cs.skipped), `${src}: ${cs.skipped}`);
      assert.equal(cs.value, null);
      assert.equal(r.partials[0].verdict, 'ok', src);
    }
  });

  it('still runs when the non-analytic part does not depend on the variable', () => {
    const r = check({ source: 'abs(y) * sin(x) + (y > 0 ? x^2 : x)', at: { x: 0.4, y: 1.5 }, wrt: ['x'] });
    const cs = r.partials[0].methods.complexStep;
    assert.equal(cs.skipped, undefined);
    assert.ok(cs.relError! <= 1e-14);
    const ry = check({ source: 'abs(y) * sin(x)', at: { x: 0.4, y: 1.5 } });
    assert.match(ry.partials.find((p) => p.wrt === 'y')!.methods.complexStep.skipped!, /abs/);
  });
});
