/**
 * Issue #18 (read more real code): messages that name what cannot be read, one position per error, long
 * tokens clipped, and a selection without inputs that says so instead of showing an empty gradient.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../src/core/check/check';
import { inspect, PartialsError, readSource } from '../../src/core/index';
import { runCli } from './helpers/cli';

function refusal(source: string, language: string): PartialsError {
  try {
    inspect({ source, language });
  } catch (e) {
    assert.ok(e instanceof PartialsError, `expected a PartialsError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${language}: '${source}' was read`);
}

/** Positions a message states ("line 3, column 5"), wherever they are. */
const positions = (m: string) => [...m.matchAll(/line \d+, column \d+/g)].length;

describe('parser messages name the construct', () => {
  const cases: [lang: string, src: string, names: RegExp, line: number, column: number][] = [
    ['python', 'x + 1 = 3', /an assignment to an expression \('x \+ 1'\) on the left of '='/, 1, 1],
    ['python', 'y = 2\nf(x) + g(x) = y', /an assignment to an expression \('f\(x\) \+ g\(x\)'\) on the left of '='/, 2, 1],
    ['c', 'double t = 1.0;\ny[i] = t;', /indexing 'y\[i\]' with a computed index on the left of '='/, 2, 1],
    ['javascript', 'a.b(c) = 2;', /an assignment to a function call \('a\.b\(c\)'\) on the left of '='/, 1, 1],
    ['python', 'y = (x = 2)', /An assignment '=' inside an expression \(write '==' to compare\)/, 1, 8],
  ];
  for (const [lang, src, names, line, column] of cases) {
    it(`${lang}: ${src.replace(/\n/g, ' ⏎ ')}`, () => {
      const e = refusal(src, lang);
      assert.match(e.message, names);
      assert.doesNotMatch(e.message, /^Unexpected '='/);
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.equal(positions(e.message), 1, `one position: ${e.message}`);
    });
  }

  it('pointer dereferences, elements and fields on the left of = are read, not refused', () => {
    const r = inspect({ source: 'void f(double x, double *y, double *z) {\n  *y = x * x;\n  z[0] = *y + x;\n}', language: 'c', at: { x: 3 } });
    assert.deepEqual(r.outputs, ['y', 'z_0']);
    assert.deepEqual(r.inputs, ['x']);
    assert.deepEqual([r.values.y, r.values.z_0], [9, 12]);
    assert.deepEqual(r.partials.map((p) => p.value), [6, 7]);
  });

  it('a * that cannot dereference a name is still an error (x +* 2)', () => {
    const e = refusal('double z = (x +* 2);', 'c');
    assert.deepEqual([e.line, e.column], [1, 16]);
    const r = inspect({ source: 'double z = x + *p;', language: 'c', at: { x: 1, p: 2 } });
    assert.equal(r.values.z, 3);
  });

  it('long tokens are clipped in messages', () => {
    const long = 'w'.repeat(5000);
    for (const [lang, src] of [['python', `${long}[i] = 2`], ['python', `y = 2 ${long}`], ['c', `x + ${long} = 2;`]]) {
      const e = refusal(src, lang);
      assert.ok(e.message.length < 300, `${e.message.length} characters: ${e.message.slice(0, 120)}…`);
      assert.match(e.message, /w…/);
    }
  });
});

describe('an input-less selection says so', () => {
  it('constants only: nothing to differentiate, and what to select', () => {
    const r = inspect({ source: 'y = 2 * 3', language: 'python' });
    assert.deepEqual(r.inputs, []);
    assert.equal(r.partials.length, 0);
    assert.match(r.warnings[0], /^Nothing to differentiate: the selection has no variables/);
    assert.match(r.warnings[0], /Select a formula with a variable/);
  });

  it("a function whose parameters its result does not use: names them and the constants, suggests --wrt", () => {
    const r = inspect({ source: 'def f(x):\n    return a * b', language: 'python' });
    assert.deepEqual(r.constants, ['a', 'b']);
    assert.match(r.warnings[0], /the function's parameters \('x'\) do not appear in its result, so every name in it \('a', 'b'\) is held constant/);
    assert.match(r.warnings[0], /--wrt a,b/);
  });

  it('a selection with inputs has no such warning; parameters read by element are inputs', () => {
    const r = inspect({ source: 'def f(x):\n    return x[0] * x[1]', language: 'python' });
    assert.deepEqual(r.inputs, ['x_0', 'x_1']);
    assert.ok(!r.warnings.some((w) => /No inputs|Nothing to differentiate/.test(w)), r.warnings.join('; '));
  });

  it('partials inspect prints it (text and JSON)', () => {
    const text = runCli(['inspect', '--file', '-', '--lang', 'python'], {}, 'def f(x):\n    return a * b');
    assert.equal(text.code, 0);
    assert.match(text.out, /warning: No inputs: the function's parameters \('x'\)/);
    const json = runCli(['inspect', '--file', '-', '--lang', 'python', '--json'], {}, 'y = 2 * 3');
    assert.match(JSON.parse(json.out).warnings[0], /^Nothing to differentiate/);
  });

  it('check reports the same warning', () => {
    const r = check({ source: 'def f(x):\n    return a * b', language: 'python' });
    assert.ok(r.warnings.some((w) => /^No inputs/.test(w)), JSON.stringify(r.warnings));
  });
});

describe('Black–Scholes reads the same in every language', () => {
  const at = { S: 100, K: 95, T: 0.5, r: 0.03, sigma: 0.2 };
  const sources: [string, string][] = [
    ['python', 'from scipy.stats import norm\nd1 = (np.log(S/K) + (r + sigma**2/2)*T) / (sigma*np.sqrt(T))\nd2 = d1 - sigma*np.sqrt(T)\nC = S*norm.cdf(d1) - K*np.exp(-r*T)*norm.cdf(d2)'],
    ['matlab', 'd1 = (log(S/K) + (r + sigma^2/2)*T) / (sigma*sqrt(T));\nd2 = d1 - sigma*sqrt(T);\nC = S*normcdf(d1) - K*exp(-r*T)*normcdf(d2);'],
    ['julia', 'd1 = (log(S/K) + (r + sigma^2/2)*T) / (sigma*sqrt(T))\nd2 = d1 - sigma*sqrt(T)\nC = S*cdf(Normal(), d1) - K*exp(-r*T)*cdf(Normal(), d2)'],
    ['c', 'double d1 = (log(S/K) + (r + sigma*sigma/2)*T) / (sigma*sqrt(T));\ndouble d2 = d1 - sigma*sqrt(T);\ndouble C = S*0.5*erfc(-d1/sqrt(2.0)) - K*exp(-r*T)*0.5*erfc(-d2/sqrt(2.0));'],
    ['latex', 'd_1 = \\frac{\\ln(S/K) + (r + \\sigma^2/2)T}{\\sigma\\sqrt{T}} \\\\ d_2 = d_1 - \\sigma\\sqrt{T} \\\\ C = S\\Phi(d_1) - K e^{-rT}\\Phi(d_2)'],
  ];
  // Reference values (Hull's closed forms): price, delta = Φ(d1), vega = S φ(d1) √T, rho = K T e^{−rT} Φ(d2)
  const d1 = (Math.log(100 / 95) + (0.03 + 0.02) * 0.5) / (0.2 * Math.sqrt(0.5));
  const d2 = d1 - 0.2 * Math.sqrt(0.5);
  for (const [lang, src] of sources) {
    it(lang, () => {
      const r = inspect({ source: src, language: lang, at });
      const out = r.outputs[0];
      assert.equal(out, 'C');
      const by = (x: string) => r.partials.find((p) => p.wrt === x)!.value;
      assert.ok(Math.abs(r.values.C - 9.251090315) < 1e-8, `${r.values.C}`);
      assert.ok(Math.abs(by('S') - 0.5 * (1 + erfRef(d1 / Math.SQRT2))) < 1e-12, `delta ${by('S')}`);
      assert.ok(Math.abs(by('sigma') - 100 * Math.exp(-d1 * d1 / 2) / Math.sqrt(2 * Math.PI) * Math.sqrt(0.5)) < 1e-9, `vega ${by('sigma')}`);
      assert.ok(Math.abs(by('r') - 95 * 0.5 * Math.exp(-0.015) * 0.5 * (1 + erfRef(d2 / Math.SQRT2))) < 1e-9, `rho ${by('r')}`);
      const c = check({ source: src, language: lang, at });
      for (const p of c.partials) assert.equal(p.verdict, 'ok', `${lang} ∂C/∂${p.wrt}: ${p.reasons.join('; ')}`);
    });
  }

  it('LaTeX prints Φ as \\Phi and the plain text re-evaluates without a normcdf', () => {
    const fe = readSource('C = S \\Phi(d)', 'latex');
    assert.match(fe.text, /normcdf\(d\)/);
    const r = inspect({ source: 'C = S \\Phi(d)', language: 'latex', at: { S: 2, d: 0.3 } });
    assert.equal(r.expressions.C.latex, 'S \\, \\Phi\\left(d\\right)');
    assert.match(r.expressions.C.text, /Φ\(d\)/);
    assert.doesNotMatch(r.expressions.C.expr, /normcdf/);
  });
});

/** erf by its Taylor series (independent of the engine). */
function erfRef(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
