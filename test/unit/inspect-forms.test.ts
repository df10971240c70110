/**
 * Which forms `inspect` prints (InspectRequest.forms, issue #16 "huge results answer fast"): the size of the
 * self-contained forms is estimated from the graph before anything is printed, and `forms: 'auto'` goes straight to
 * the compact forms over shared bindings when they would be too large; `formsLimit` refuses at once with the size.
 * Values and chosen forms only; no timing here (bench/limits.ts measures it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from 'mathjs';
import { inspect, PartialsError, type InspectResult } from '../../src/core';
import { analyse } from '../../src/core/model';
import { estimateFormsChars } from '../../src/core/formsize';

const names = (n: number, p = 'x') => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);
const product = (n: number) => names(n).join('*');
const chain = (d: number) => ['h0 = x', ...names(d, 'w').map((w, i) => `h${i + 1} = tanh(${w}*h${i})`)].join('\n');
const formsChars = (r: InspectResult) => r.partials.reduce((s, p) => s + p.expr.length + p.latex.length + p.text.length, 0);

/** Each listed partial's expr evaluates in mathjs to its value with the bindings bound in order. */
function assertCompactTrue(r: InspectResult, which: number[]): void {
  const scope = new Map<string, number>(Object.entries(r.point));
  for (const b of r.bindings!) scope.set(b.name, evaluate(b.expr, scope) as number);
  for (const i of which) {
    const p = r.partials[i];
    const got = evaluate(p.expr, scope) as number;
    assert.ok(Math.abs(got - p.value) <= 1e-9 * Math.max(1, Math.abs(p.value)), `∂${p.of}/∂${p.wrt}: ${got} vs ${p.value}`);
  }
}

test('the product of 3 300 variables, forms auto: compact forms only, true, and a small result', () => {
  const r = inspect({ source: product(3300), language: 'math', forms: 'auto' });
  assert.equal(r.forms, 'compact');
  assert.equal(r.partials.length, 3300);
  for (const p of r.partials) {
    assert.ok(p.compact, `∂f/∂${p.wrt} has a compact form`);
    assert.equal(p.expr, p.compact.expr);
    assert.equal(p.latex, p.compact.latex);
    assert.equal(p.text, p.compact.text);
  }
  // linear in the input: the self-contained forms would be about 3 300² names
  assert.ok(formsChars(r) < 1_000_000, `${formsChars(r)} characters`);
  assertCompactTrue(r, [0, 1, 1649, 3298, 3299]);
  // the output itself stays self-contained, as written (too deep for mathjs to evaluate 3 300 factors)
  assert.equal(r.expressions.f.expr, product(3300));
});

test('forms default and within the budget: exactly what inspect gave before', () => {
  for (const source of ['x*y + sin(x)', product(12), product(60), `log(${names(8).map((x) => `exp(${x})`).join(' + ')}) - x1`, chain(6)]) {
    const plain = inspect({ source, language: 'math' });
    assert.equal(plain.forms, undefined);
    assert.deepEqual(inspect({ source, language: 'math', forms: 'self-contained' }), plain, source);
    assert.deepEqual(inspect({ source, language: 'math', forms: 'auto' }), plain, source);
  }
});

test('forms compact: the same compact forms and bindings as the self-contained result lists', () => {
  for (const source of [product(60), chain(40)]) {
    const full = inspect({ source, language: 'math' });
    const compact = inspect({ source, language: 'math', forms: 'compact' });
    assert.ok(full.bindings?.length, source);
    assert.equal(compact.forms, 'compact');
    assert.deepEqual(compact.bindings, full.bindings);
    assert.deepEqual(compact.partials.map((p) => p.compact), full.partials.map((p) => p.compact));
    assert.deepEqual(compact.partials.map((p) => p.value), full.partials.map((p) => p.value));
    // a partial with no compact form keeps its self-contained forms
    compact.partials.forEach((p, i) => {
      const q = full.partials[i];
      assert.deepEqual([p.expr, p.latex, p.text], p.compact ? [q.compact!.expr, q.compact!.latex, q.compact!.text] : [q.expr, q.latex, q.text]);
    });
    assert.deepEqual(compact.expressions, full.expressions);
    assertCompactTrue(compact, compact.partials.map((_p, i) => i).filter((i) => compact.partials[i].compact));
  }
});

test('a 400-line tanh chain, forms auto: compact, true', () => {
  const r = inspect({ source: chain(399), language: 'math', forms: 'auto' });
  assert.equal(r.forms, 'compact');
  assert.ok(formsChars(r) < 1_000_000, `${formsChars(r)} characters`);
  assertCompactTrue(r, r.partials.map((_p, i) => i).filter((i) => i % 50 === 0 && r.partials[i].compact));
});

test('formsLimit: a result too large to print says so at once, with its size; compact forms pass', () => {
  assert.throws(() => inspect({ source: product(3300), language: 'math', formsLimit: 50_000_000 }), (e: unknown) => {
    assert.ok(e instanceof PartialsError);
    assert.equal(e.code, 'limit');
    assert.match(e.message, /The partials would be about \d{2,3}( 000)+ characters in all, more than the 50 000 000/);
    assert.match(e.message, /--wrt/);
    return true;
  });
  // a few partials of the same product are small
  const few = inspect({ source: product(3300), language: 'math', wrt: ['x1', 'x2'], formsLimit: 50_000_000 });
  assert.equal(few.partials.length, 2);
  assert.equal(few.forms, undefined);
  const compact = inspect({ source: product(3300), language: 'math', forms: 'compact', formsLimit: 50_000_000 });
  assert.equal(compact.forms, 'compact');
  // within the limit: no change
  assert.deepEqual(inspect({ source: product(12), language: 'math', formsLimit: 50_000_000 }), inspect({ source: product(12), language: 'math' }));
});

test('the estimate is within a small factor of the printed size', () => {
  for (const source of [product(200), `log(${names(200).map((x) => `exp(${x})`).join(' + ')}) - x1`, `max(${names(200).join(', ')})`, chain(60)]) {
    const a = analyse({ source, language: 'math' });
    const estimate = estimateFormsChars(a.g, a.allPartials);
    const actual = formsChars(inspect({ source, language: 'math' }));
    assert.ok(estimate > actual / 4 && estimate < actual * 4, `${source.slice(0, 30)}…: estimate ${estimate}, printed ${actual}`);
  }
});
