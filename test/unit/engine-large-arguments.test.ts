import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FUNCTIONS, inspect } from '../../src/core';
import { check as runChecks } from '../../src/core/check';
import { close, riddersDerivative } from './helpers/numeric';

/**
 * Far from 0 (|x| = 1e3, 1e5) every derivative the engine gives — gradient and Hessian — must be a number
 * wherever the function's value is one: tanh″ = −2 sinh/cosh³ was ∞/∞ = NaN past |x| ≈ 710, and so were
 * gelu's and every composition through tanh. Each row of the Hessian is also compared with a numeric derivative
 * of the engine's gradient, so a finite but wrong value fails too.
 */

const FAR = [1e3, -1e3, 1e5, -1e5];
const Y = 1.5; // the other argument of a function of several: moderate

/** Calls of each function: one argument far out (x) and the others moderate (y), and every argument far out. */
function calls(name: string): string[] {
  const def = FUNCTIONS.get(name)!;
  const arity = Number.isFinite(def.maxArgs) ? Math.min(def.maxArgs, Math.max(def.minArgs, 2)) : 3;
  const out = new Set<string>();
  for (let n = def.minArgs; n <= arity; n++) {
    if (n === 1) { out.add(`${name}(x)`); continue; }
    for (let i = 0; i < n; i++) out.add(`${name}(${Array.from({ length: n }, (_v, j) => (j === i ? 'x' : 'y')).join(', ')})`);
    out.add(`${name}(${Array.from({ length: n }, (_v, j) => (j === 0 ? 'x' : `${j + 1}*x`)).join(', ')})`);
  }
  return [...out];
}

/** The numbers a function must give here: NaN or ±∞ only where its own value is not finite (or off its domain). */
function check(source: string, x: number): string[] {
  const wrt = /\by\b/.test(source) ? ['x', 'y'] : ['x'];
  const at = { x, y: Y };
  const r = inspect({ source, at, wrt, hessian: true });
  const f = r.values.f;
  if (!Number.isFinite(f) || r.warnings.some((w) => /needs|undefined/.test(w))) return [];
  const problems: string[] = [];
  const grad = r.partials.map((p) => p.value);
  const hess = r.hessian!.f;
  grad.forEach((v, i) => { if (!Number.isFinite(v)) problems.push(`${source} at x=${x}: ∂f/∂${wrt[i]} = ${v}`); });
  hess.forEach((row, i) => row.forEach((v, j) => {
    if (!Number.isFinite(v)) problems.push(`${source} at x=${x}: ∂²f/∂${wrt[i]}∂${wrt[j]} = ${v}`);
  }));
  if (problems.length) return problems;
  // ∂²f/∂x∂(each input): a numeric derivative, along x, of the engine's gradient (steps of 0.01 around x).
  wrt.forEach((_w, j) => {
    const g = (t: number) => inspect({ source, at: { ...at, x: t }, wrt }).partials[j].value;
    const ref = riddersDerivative(g, x, 0.01 / Math.abs(x));
    if (!close(hess[0][j], ref.value, 1e-6, 1e-12 + 1e3 * ref.error)) {
      problems.push(`${source} at x=${x}: ∂²f/∂x∂${wrt[j]} = ${hess[0][j]}, numeric ${ref.value}`);
    }
  });
  return problems;
}

describe('derivatives far from 0', () => {
  for (const name of FUNCTIONS.keys()) {
    if (name === 'pow') continue; // lowered to the ^ operator: covered by the x^y cases below
    it(`${name}: gradient and Hessian are finite and right at ±1e3, ±1e5`, () => {
      const problems = calls(name).flatMap((c) => FAR.flatMap((x) => check(c, x)));
      assert.deepEqual(problems, []);
    });
  }

  it('x^y, y^x and x^2: finite and right', () => {
    const problems = ['x^y', 'y^x', 'x^2', 'pow(x, 3)'].flatMap((c) => FAR.flatMap((x) => check(c, x)));
    assert.deepEqual(problems, []);
  });

  it('tanh, sech, gelu, sigmoid: the values (0 and ±1) at ±800 and ±1e4, with compositions', () => {
    for (const x of [800, -800, 1e4, -1e4]) {
      const t = inspect({ source: 'tanh(x)', at: { x }, hessian: true });
      assert.equal(t.values.f, Math.sign(x));
      assert.equal(t.partials[0].value, 0);
      assert.equal(Math.abs(t.hessian!.f[0][0]), 0);
      const gl = inspect({ source: 'gelu(x)', at: { x }, hessian: true });
      assert.equal(gl.partials[0].value, x > 0 ? 1 : 0);
      assert.equal(Math.abs(gl.hessian!.f[0][0]), 0);
      // tanh of a scaled input inside a loss: the Hessian of (tanh(w*x) - 1)^2 in w at x = 1
      const l = inspect({ source: 'y = tanh(w*x)\nf = (y - 1)^2', at: { w: x, x: 1 }, wrt: ['w'], hessian: true });
      assert.ok(Number.isFinite(l.hessian!.f[0][0]), `loss Hessian at w=${x}: ${l.hessian!.f[0][0]}`);
    }
    // Where the tail is still representable the value is the right tiny number, not a rounded 0: 4e^{−2|x|}.
    const t30 = inspect({ source: 'tanh(x)', at: { x: 30 }, hessian: true });
    assert.ok(close(t30.partials[0].value, 4 * Math.exp(-60), 1e-12), String(t30.partials[0].value));
    assert.ok(close(t30.hessian!.f[0][0], -8 * Math.exp(-60), 1e-12), String(t30.hessian!.f[0][0]));
    const s = inspect({ source: 'sech(x)', at: { x: 720 }, hessian: true });
    assert.ok(close(s.values.f, 2 * Math.exp(-720), 1e-12) && s.values.f > 0, String(s.values.f));
    assert.ok(close(s.hessian!.f[0][0], 2 * Math.exp(-720), 1e-12), String(s.hessian!.f[0][0]));
  });

  it('the numeric checks (complex step, forward and reverse AD) agree at ±800 and ±1e4, and a 1/cosh² claim holds', () => {
    for (const source of ['tanh(x)', 'sech(x)', 'gelu(x)', 'tanh(x)^2', 'sigmoid(x)*tanh(x)']) {
      for (const x of [800, -800, 1e4, -1e4, 30]) {
        const r = runChecks({ source, at: { x } });
        const p = r.partials[0];
        assert.equal(p.verdict, 'ok', `${source} at ${x}: ${p.reasons.join('; ')}`);
        for (const m of ['complexStep', 'forwardAD', 'reverseAD'] as const) {
          const v = p.methods[m].value;
          assert.ok(v !== null && Number.isFinite(v) && p.exact !== null && close(v, p.exact, 1e-12, 1e-300), `${m} of ${source} at ${x}: ${v} vs ${p.exact}`);
        }
      }
    }
    const c = runChecks({ source: 'tanh(x)*y', at: { x: 800, y: 2 }, claims: ['df/dx = y/cosh(x)^2', 'df/dx = y*(1 - tanh(x)^2)'] });
    assert.deepEqual(c.claims.map((k) => k.result), ['holds', 'holds']);
    assert.equal(c.claims[0].proof, 'symbolic');
  });
});
