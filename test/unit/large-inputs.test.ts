import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { formatInspect } from '../../src/cli/inspect';
import { inspect, PartialsError } from '../../src/core';
import { graphView } from '../../src/core/model';
import { Graph, reachableIn } from '../../src/core/graph';
import { close } from './helpers/numeric';

/**
 * Issue #16, "Bounded work everywhere": long implicit products and long sums go through the front end, lowering,
 * differentiation and display in linear time and with little garbage (the CLI answers 200 000 LaTeX letters within
 * its default time limit). Sizes here run fast in a unit test; the values and the text are what is asserted (speed is
 * in `npm run bench -- --robustness`).
 */

/** Each partial's expr re-evaluates in mathjs to its value, and the output's expr to the output's value. */
function exprsEvaluate(r: ReturnType<typeof inspect>): void {
  for (const o of r.outputs) {
    const v = mathjsEvaluate(r.expressions[o].expr, { ...r.point }) as number;
    assert.ok(close(v, r.values[o], 1e-9, 1e-300), `${o}: ${r.expressions[o].expr} = ${v}, not ${r.values[o]}`);
  }
  for (const p of r.partials) {
    const v = mathjsEvaluate(p.expr, { ...r.point }) as number;
    assert.ok(close(v, p.value, 1e-9, 1e-300), `∂/∂${p.wrt}: ${p.expr} = ${v}, not ${p.value}`);
  }
}

describe('large inputs stay linear and exact (issue #16)', () => {
  it('20 000 LaTeX letters: f = a^20000 and ∂f/∂a = 20000 a^19999, in every form', () => {
    const r = inspect({ source: 'a'.repeat(20_000), language: 'latex', at: { a: 1.0001 } });
    assert.deepEqual(r.inputs, ['a']);
    assert.equal(r.expressions.f.expr, 'a^20000');
    assert.equal(r.expressions.f.latex, '{a}^{20000}');
    assert.equal(r.partials.length, 1);
    assert.equal(r.partials[0].expr, '20000*a^19999');
    assert.equal(r.partials[0].text, '20000a^19999');
    // the graph multiplies 20 000 times: the value of the power to rounding
    assert.ok(close(r.values.f, Math.pow(1.0001, 20_000), 1e-9));
    assert.ok(close(r.partials[0].value, 20_000 * Math.pow(1.0001, 19_999), 1e-9));
    assert.equal(r.cost.fOps, 19_999); // one product per letter after the first
    const text = formatInspect(r);
    assert.match(text, /^at a = 1\.0001 \(user\)$/m);
    assert.match(text, /^f = a\^20000 {3}= /m);
    assert.match(text, /^ {2}∂f\/∂a = 20000a\^19999 {3}= /m);
  });

  it('two letters alternating, 10 000 of them: a^5000 b^5000 and both partials, at a point where they are not 0', () => {
    const r = inspect({ source: 'ab'.repeat(5000), language: 'latex', at: { a: 1.0001, b: 0.9999 } });
    assert.deepEqual(r.inputs, ['a', 'b']);
    assert.equal(r.expressions.f.expr, 'a^5000*b^5000');
    assert.deepEqual(r.partials.map((p) => p.expr), ['5000*a^4999*b^5000', '5000*a^5000*b^4999']);
    assert.ok(close(r.values.f, Math.pow(1.0001 * 0.9999, 5000), 1e-9));
    assert.ok(close(r.partials[0].value, 5000 * Math.pow(1.0001, 4999) * Math.pow(0.9999, 5000), 1e-9));
    assert.ok(r.partials[0].value > 1000);
    exprsEvaluate(r);
  });

  it('a long run of letters keeps every rule of a short one: e is Euler\'s number, a function name after the run is a call, a subscript is one name', () => {
    const e = inspect({ source: `${'x'.repeat(1000)}ex`, language: 'latex', at: { x: 1.001 } });
    assert.equal(e.expressions.f.expr, 'x^1001*e');
    assert.ok(close(e.values.f, Math.E * Math.pow(1.001, 1001), 1e-9));
    const call = inspect({ source: `${'x'.repeat(100)}sin(y)`, language: 'latex' });
    assert.equal(call.expressions.f.expr, 'x^100*sin(y)');
    assert.deepEqual(call.partials.map((p) => p.expr), ['100*x^99*sin(y)', 'x^100*cos(y)']);
    exprsEvaluate(call);
    const sub = inspect({ source: `${'x_1'.repeat(3000)}x_{1}`, language: 'latex' });
    assert.deepEqual(sub.inputs, ['x_1']);
    assert.equal(sub.expressions.f.expr, 'x_1^3001');
    // \sin written as a word inside a run of 40 letters or fewer is still found
    const word = inspect({ source: `${'z'.repeat(38)}\\sin(z)`, language: 'latex', at: { z: 1.01 } });
    assert.equal(word.expressions.f.expr, 'z^38*sin(z)');
  });

  it('an error after 20 000 letters is placed at its column, and the message stays short', () => {
    assert.throws(() => inspect({ source: `${'a'.repeat(20_000)}!`, language: 'latex' }), (e: unknown) => {
      assert.ok(e instanceof PartialsError);
      assert.equal(e.message, 'Partials cannot differentiate a factorial (line 1, column 20001).');
      assert.equal(e.column, 20_001);
      return true;
    });
  });

  it('spans of a long product point into the user\'s text (the offset map of the printed program)', () => {
    const source = `$${'xy'.repeat(3000)}$`;
    const r = inspect({ source, language: 'markdown' });
    assert.deepEqual(r.inputs, ['x', 'y']);
    assert.equal(r.expressions.f.expr, 'x^3000*y^3000');
    exprsEvaluate(r);
    const view = graphView({ source, language: 'markdown' }, undefined, { maxNodes: 20, maxLocalChars: 200 });
    const out = view.nodes.find((n) => n.isOutput)!;
    assert.deepEqual(out.span, { start: 1, end: 6001 }); // the whole product, between the dollars
    const x = view.nodes.find((n) => n.op === 'var' && n.label === 'x');
    const y = view.nodes.find((n) => n.op === 'var' && n.label === 'y');
    assert.deepEqual([x?.span, y?.span], [{ start: 1, end: 2 }, { start: 2, end: 3 }]); // where each first occurs
    const last = view.nodes.filter((n) => n.op === 'mul').sort((a, b) => b.id - a.id)[1]; // the product before the last letter
    assert.deepEqual(last.span, { start: 1, end: 6000 });
  });

  it('x + x + … + x with 20 000 terms, and w+w+…+w: 20000 x and a partial of exactly 20000', () => {
    const spaced = inspect({ source: `${'x + '.repeat(19_999)}x` });
    assert.equal(spaced.expressions.f.expr, '20000*x');
    assert.equal(spaced.partials[0].expr, '20000');
    assert.equal(spaced.partials[0].value, 20_000);
    const tight = inspect({ source: `w${'+w'.repeat(19_999)}`, at: { w: 0.5 } });
    assert.equal(tight.expressions.f.expr, '20000*w');
    assert.equal(tight.values.f, 10_000);
    assert.equal(tight.partials[0].value, 20_000);
  });

  it('a product of 20 000 factors written with operators, and its gradient\'s value', () => {
    const r = inspect({ source: `${'x*'.repeat(19_999)}x`, at: { x: 1.0001 } });
    assert.equal(r.expressions.f.expr, 'x^20000');
    assert.equal(r.partials[0].expr, '20000*x^19999');
    assert.ok(close(r.partials[0].value, 20_000 * Math.pow(1.0001, 19_999), 1e-9));
  });

  it('reachable: the same ascending ids by the walk and by the sweep, on random graphs and root sets', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (raw, rootSeeds) => {
        // node n's arguments are smaller ids (a topological arena)
        const args = raw.map((a, n) => (n === 0 ? [] : a.map((x) => x % n)));
        const roots = rootSeeds.map((r) => r % args.length);
        const seen = new Set<number>();
        const stack = [...roots];
        while (stack.length) { const n = stack.pop()!; if (!seen.has(n)) { seen.add(n); stack.push(...args[n]); } }
        assert.deepEqual(reachableIn(args, roots), [...seen].sort((a, b) => a - b));
      },
    ), { numRuns: 300, seed: 16 });
    // a chain: most of the arena from its top (the sweep), and a small part of it (the walk)
    const g = new Graph();
    const x = g.variable('x');
    let p = x;
    for (let i = 0; i < 5000; i++) p = g.mul(p, g.fn('sin', [g.num(i)]));
    assert.equal(g.reachable([p]).length, g.size);
    assert.deepEqual(g.reachable([g.num(7)]), [g.num(7)]);
    assert.equal(g.countOps([p]), 10_000);
    assert.equal(g.countOps([p]), 10_000); // remembered: the same answer
  });
});
