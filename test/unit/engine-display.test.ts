import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { inspect } from '../../src/core';
import { close } from './helpers/numeric';

const partial = (source: string, wrt = 'x', at?: Record<string, number>) => {
  const r = inspect({ source, at });
  const p = r.partials.find((q) => q.wrt === wrt);
  assert.ok(p, `no partial wrt ${wrt}`);
  return p;
};

describe('readable, simplified partials', () => {
  const cases: [string, string, string][] = [
    ['x^2 + x*y + y^2', 'x', '2*x + y'],
    ['x^2 + x*y + y^2', 'y', 'x + 2*y'],
    ['sin(2x)', 'x', '2*cos(2*x)'],
    ['x^x', 'x', 'x^x*(log(x) + 1)'],
    ['x^3', 'x', '3*x^2'],
    ['3*x + 2*x', 'x', '5'],
    ['x*x*x', 'x', '3*x^2'],
    ['1/x', 'x', '-1/x^2'],
    ['exp(2*x)', 'x', '2*exp(2*x)'],
    ['x/3 + x^3/6', 'x', 'x^2/2 + 1/3'],
    ['log(x*y)', 'x', '1/x'],
    ['sqrt(x)', 'x', '1/(2*sqrt(x))'],
    ['(x + 1)^2', 'x', '2*x + 2'],
  ];
  for (const [src, wrt, expected] of cases) {
    it(`d/d${wrt} ${src} = ${expected}`, () => assert.equal(partial(src, wrt).expr, expected));
  }

  it('sigmoid keeps its compact form in the Unicode and LaTeX displays', () => {
    const p = partial('sigmoid(x)');
    assert.equal(p.text, 'σ(x) σ(−x)');
    assert.equal(p.latex, '\\sigma\\left(x\\right) \\, \\sigma\\left(-x\\right)');
  });

  it('sigmoid and tanh derivatives keep full precision far from 0', () => {
    // σ'(40) = e^-40/(1+e^-40)^2; tanh'(20) = 1/cosh(20)^2: 1 − σ and 1 − tanh² would cancel to 0 here.
    const s = partial('sigmoid(x)', 'x', { x: 40 }).value;
    assert.ok(Math.abs(s - Math.exp(-40) / (1 + Math.exp(-40)) ** 2) <= 1e-15 * s);
    const t = partial('tanh(x)', 'x', { x: 20 }).value;
    assert.ok(Math.abs(t - 1 / Math.cosh(20) ** 2) <= 1e-15 * t);
  });

  it('Unicode uses superscripts, juxtaposition and subscripts', () => {
    assert.equal(partial('x^3*w1', 'x').text, '3x² w₁');
    assert.equal(inspect({ source: 'x^2 + x*y + y^2' }).expressions.f.text, 'x² + x y + y²');
  });

  it('large results show shared subexpressions as let-bindings', () => {
    const src = 'sin(x*y + z)^3 * cos(x*y + z)^2 * exp(x*y + z) * log(1 + (x*y + z)^2)';
    const p = partial(src, 'x');
    assert.match(p.text, / where t₁ = /);
    assert.match(p.latex, /\\begin\{aligned\}t_\{1\} &= /);
    assert.doesNotMatch(p.expr, /t1/, 'plain text stays a single mathjs expression');
  });
});

describe('plain text re-parses with mathjs to the same value', () => {
  const sources = [
    'x^2 + x*y + y^2', 'sin(2x)*cos(y)/x', 'sigmoid(x*y)', 'softplus(x - y)', 'relu(x - 0.5)', 'leakyRelu(x - 2, 0.1)',
    'gelu(x*y)', 'logsumexp(x, y, 1)', 'x^x', 'log(1 + exp(-y*(x + 1)))', 'x > y ? x^2 : y^3', 'atan2(y, x)', 'hypot(x, y)',
    'erf(x)*exp(-y)', 'nthRoot(x, 3) + cbrt(y)', 'log(x, 2) + log2(y) + log10(x)', 'max(x, y, 1) + min(x, y)', 'tanh(x)^2 + sech(x)',
    'erfc(x*y) + erfc(-y)', 'normcdf(x - y) * y', 'erfinv(x/2 - y)',
  ].filter((s) => !s.includes('sech'));
  for (const src of sources) {
    it(src, () => {
      const r = inspect({ source: src, at: { x: 1.3, y: 0.7 } });
      for (const p of r.partials) {
        const v = mathjsEvaluate(p.expr, { ...r.point });
        assert.equal(typeof v, 'number', `${p.expr} did not evaluate to a number`);
        assert.ok(close(v as number, p.value, 1e-12, 1e-15), `${p.expr}: mathjs ${v}, engine ${p.value}`);
      }
      const f = mathjsEvaluate(r.expressions.f.expr, { ...r.point });
      assert.ok(close(f as number, r.values.f, 1e-12, 1e-15));
    });
  }
});

describe('non-smooth points are flagged, never a silent 0/0', () => {
  const cases: [string, Record<string, number>, string][] = [
    ['abs(x)', { x: 0 }, 'abs'],
    ['relu(x)', { x: 0 }, 'relu'],
    ['max(x, y)', { x: 1, y: 1 }, 'max'],
    ['sqrt(x)', { x: 0 }, 'sqrt'],
    ['x > 0 ? x : -x', { x: 0 }, 'branch'],
  ];
  for (const [src, at, op] of cases) {
    it(`${src} at ${JSON.stringify(at)}`, () => {
      const p = inspect({ source: src, at }).partials[0];
      assert.equal(p.differentiable, false);
      assert.equal(p.nonSmooth?.[0].op, op);
    });
  }
  it('a kink on another variable’s path does not flag this partial', () => {
    const r = inspect({ source: 'abs(x) + y^2', at: { x: 0, y: 2 } });
    assert.equal(r.partials.find((p) => p.wrt === 'x')!.differentiable, false);
    assert.equal(r.partials.find((p) => p.wrt === 'y')!.differentiable, true);
    assert.equal(r.partials.find((p) => p.wrt === 'y')!.value, 4);
  });
  it('the derivative used at a kink is reported with its value (sign(0) = 0)', () => {
    const p = inspect({ source: 'abs(x)', at: { x: 0 } }).partials[0];
    assert.equal(p.expr, 'sign(x)');
    assert.equal(p.value, 0);
  });
});

describe('mathjs spellings of functions mathjs lacks', () => {
  it('are bracketed only where their precedence needs it', () => {
    assert.equal(inspect({ source: 'cos(softplus(x))', at: { x: 0.7 } }).expressions.f.expr, 'cos(log1p(exp(x)))');
    assert.equal(inspect({ source: 'relu(x)*y', at: { x: 0.7, y: 2 } }).expressions.f.expr, 'max(x, 0)*y');
    assert.equal(inspect({ source: 'sigmoid(x)^2', at: { x: 0.7 } }).expressions.f.expr, '(1 / (1 + exp(-(x))))^2');
  });
});
