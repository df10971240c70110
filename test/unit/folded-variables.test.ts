/**
 * Variables that fold away still have partials (issue #12): `0*w128 + …`, `w - w`, `w/w` leave no `w` in the graph,
 * but `w` is in the text: it is an input, its partial is 0, and `--wrt w` is accepted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { buildModel, inspect } from '../../src/core';
import { check } from '../../src/core/check/check';
import { generateFromSource } from '../../src/core/codegen';
import { runCli } from './helpers/cli';

const partials = (r: { partials: { of: string; wrt: string; expr: string; value: number }[] }) => r.partials.map((p) => [p.wrt, p.expr, p.value]);

describe('variables that fold away', () => {
  it('0*w128 + x: w128 is an input in order of appearance, with partial 0', () => {
    const r = inspect({ source: '0*w128 + x', at: { w128: 3, x: 2 } });
    assert.deepEqual(r.inputs, ['w128', 'x']);
    assert.deepEqual(partials(r), [['w128', '0', 0], ['x', '1', 1]]);
    assert.deepEqual(r.point, { w128: 3, x: 2 });
    assert.deepEqual(r.values, { f: 2 });
  });

  it('every identity that removes a variable leaves it an input with partial 0', () => {
    const cases: [string, string[], Record<string, number>][] = [
      ['w - w', ['w'], { w: 0 }],
      ['w - w + x', ['w', 'x'], { w: 0, x: 1 }],
      ['w/w + x', ['w', 'x'], { w: 0, x: 1 }],
      ['w^0 * x', ['w', 'x'], { w: 0, x: 1 }],
      ['(v - v)*y + x', ['v', 'y', 'x'], { v: 0, y: 0, x: 1 }],
      ['x + 0*w*z', ['x', 'w', 'z'], { x: 1, w: 0, z: 0 }],
      ['exp(0*w)', ['w'], { w: 0 }],
      ['x > 0 ? y : y', ['x', 'y'], { x: 0, y: 1 }],
    ];
    for (const [source, inputs, want] of cases) {
      const r = inspect({ source, at: { x: 0.5, y: 0.25, z: 2, v: 1.5, w: 0.75 } });
      assert.deepEqual(r.inputs, inputs, source);
      assert.deepEqual(Object.fromEntries(r.partials.map((p) => [p.wrt, p.value])), want, source);
      for (const p of r.partials) {
        // every `expr` re-evaluates in mathjs to its value
        assert.equal(Number(mathjsEvaluate(p.expr, { ...r.point })), p.value, `${source}: ∂/∂${p.wrt} = ${p.expr}`);
      }
    }
  });

  it('through earlier assignments: a = 0*w; f = a + x', () => {
    const r = inspect({ source: 'a = 0*w\nf = a + x', at: { w: 2, x: 3 } });
    assert.deepEqual(r.outputs, ['f']);
    assert.deepEqual(r.inputs, ['w', 'x']);
    assert.deepEqual(partials(r), [['w', '0', 0], ['x', '1', 1]]);
    // reassignment is SSA: the w of the first binding is still mentioned by the second
    const ssa = inspect({ source: 'a = w - w\na = a + x\nf = 2*a', at: { w: 2, x: 3 } });
    assert.deepEqual(ssa.inputs, ['w', 'x']);
    assert.deepEqual(partials(ssa), [['w', '0', 0], ['x', '2', 2]]);
  });

  it('a variable only in a statement the output does not use is not an input', () => {
    const r = inspect({ source: 'a = w*2\nf = x^2', at: { x: 3 } });
    assert.deepEqual(r.inputs, ['x']);
    assert.throws(() => buildModel({ source: 'a = w*2\nf = x^2', wrt: ['w'] }), /'w': it does not appear in the expression \(variables: x\)/);
  });

  it('--wrt accepts a folded variable; an absent one is still an error', () => {
    const m = buildModel({ source: '0*w128 + x', wrt: ['w128'] });
    assert.deepEqual(m.inputs, ['w128']);
    assert.deepEqual(m.constants, ['x']);
    const ok = runCli(['inspect', '0*w128 + x', '--wrt', 'w128', '--at', 'w128=1,x=2', '--json']);
    assert.equal(ok.code, 0, ok.out);
    const r = JSON.parse(ok.out);
    assert.deepEqual([r.inputs, r.constants], [['w128'], ['x']]);
    assert.deepEqual(partials(r), [['w128', '0', 0]]);
    const bad = runCli(['inspect', '0*w128 + x', '--wrt', 'w129', '--json']);
    assert.equal(bad.code, 2);
    assert.match(JSON.parse(bad.out).error.message, /Cannot differentiate with respect to 'w129': it does not appear in the expression \(variables: w128, x\)/);
  });

  it('a front end: a Python function whose parameter is multiplied by zero', () => {
    const r = inspect({ source: 'def f(x, w):\n    return x**2 + 0*w', language: 'python', at: { x: 3, w: 1 } });
    assert.deepEqual(r.inputs, ['x', 'w']);
    assert.deepEqual(partials(r), [['x', '2*x', 6], ['w', '0', 0]]);
  });

  it('the Hessian has a zero row and column for it', () => {
    const r = inspect({ source: 'x^3 + 0*w', at: { x: 2, w: 5 }, hessian: true });
    assert.deepEqual(r.inputs, ['x', 'w']);
    assert.deepEqual(r.hessian, { f: [[12, 0], [0, 0]] });
  });

  it('check: every method agrees that the partial is 0', () => {
    const r = check({ source: '0*w + x^2', at: { w: 1, x: 3 } });
    assert.equal(r.ok, true);
    const p = r.partials.find((q) => q.wrt === 'w')!;
    assert.equal(p.verdict, 'ok');
    for (const [m, row] of Object.entries(p.methods)) if (!row.skipped) assert.equal(row.value, 0, m);
  });

  it('generated code takes the folded variable as a parameter and returns 0 for it (run)', () => {
    for (const style of ['closed', 'adjoint'] as const) {
      const g = generateFromSource('0*w + x*y', { target: 'javascript', style, form: 'function' });
      // eslint-disable-next-line no-new-func -- running the generated code is the test
      const fn = new Function(`${g.code}\nreturn ${g.functionName};`)() as (w: number, x: number, y: number) => [number, number[]];
      assert.deepEqual(fn(7, 2, 5), [10, [0, 5, 2]], style);
    }
  });
});
