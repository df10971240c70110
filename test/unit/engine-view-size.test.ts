/**
 * The message the engine's worker posts for the inspector stays bounded (issue #12): for a large result it carries
 * what the view shows — each partial's compact form over the shared bindings — instead of the self-contained forms
 * (tens of megabytes for softmax cross-entropy over 1 024 logits). Sizes are measured as the worker posts them:
 * worker.ts `run`'s reply, serialised as postMessage does (v8.serialize, the structured clone). No timing here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { evaluate } from 'mathjs';
import { createEngine, MAX_CHECK_ROWS, VIEW_FORMS_BUDGET, viewFormsOf } from '../../src/extension/engine/adapter';
import { run } from '../../src/extension/engine/worker';
import { resultModel } from '../../src/extension/inspector/viewModel';
import type { InspectResult } from '../../src/core/api';
import { partialCount, partialValues, VIEW_PARTIALS, type ViewResult } from '../../src/extension/engine/viewLimits';

const ui = { pinned: false, live: true, toggles: { gradient: true, hessian: false, jacobian: false }, pointSources: {} };
const format = { digits: 6, notation: 'auto' as const };

const names = Array.from({ length: 1024 }, (_, i) => `x${i + 1}`);
const SOFTMAX_XENT = `log(${names.map((x) => `exp(${x})`).join(' + ')}) - x1`;

test('softmax cross-entropy over 1 024 logits: the view\'s message is bounded, and shows what the full one shows', () => {
  const engine = createEngine();
  const req = { source: SOFTMAX_XENT, language: 'math' };
  const full = run(engine, { id: 1, method: 'inspect', args: [req] });
  const view = run(engine, { id: 2, method: 'inspectView', args: [req] });
  assert.equal(full.error, undefined);
  assert.equal(view.error, undefined);
  const fullBytes = serialize(full).length, viewBytes = serialize(view).length;
  // before: the self-contained forms of every partial (tens of MB); after: the compact forms and the bindings
  assert.ok(fullBytes > 20_000_000, `inspect: ${fullBytes} bytes`);
  assert.ok(viewBytes < 1_000_000, `inspectView: ${viewBytes} bytes (inspect: ${fullBytes})`);

  const a = full.value as InspectResult, b = view.value as ViewResult;
  // the listed partials whole, the others by value (viewLimits.ts viewPartialsOf)
  assert.equal(b.partials.length, VIEW_PARTIALS);
  assert.equal(partialCount(b), 1024);
  assert.deepEqual(partialValues(b).map((p) => p.value), a.partials.map((p) => p.value));
  assert.deepEqual(b.bindings, a.bindings);
  assert.deepEqual(b.partials.map((p) => p.compact), a.partials.slice(0, VIEW_PARTIALS).map((p) => p.compact));
  // the view model's partials read the same from both (the view shows the compact forms over the bindings)
  const shown = (r: InspectResult) => resultModel({ result: r }, ui, format).partials!.map((p) => [p.latex, p.text, p.value]);
  assert.deepEqual(shown(b), shown(a));
  assert.deepEqual(resultModel({ result: b }, ui, format).bindings, resultModel({ result: a }, ui, format).bindings);
  // each partial sent is still true: its expr evaluates in mathjs to its value once the bindings are bound in order
  const scope = new Map<string, number>(Object.entries(b.point));
  for (const binding of b.bindings!) scope.set(binding.name, evaluate(binding.expr, scope) as number);
  for (const i of [0, 1, 2, 100, VIEW_PARTIALS - 1]) {
    const p = b.partials[i];
    assert.equal(p.expr, p.compact!.expr);
    const got = evaluate(p.expr, scope) as number;
    assert.ok(Math.abs(got - p.value) <= 1e-12 * Math.max(1, Math.abs(p.value)), `∂/∂${p.wrt}: ${got} vs ${p.value}`);
  }
});

test('a result within the budget is sent as inspect gives it', () => {
  const engine = createEngine();
  for (const source of ['x*y + sin(x)', names.slice(0, 12).join('*'), `log(${names.slice(0, 8).map((x) => `exp(${x})`).join(' + ')}) - x1`]) {
    const req = { source, language: 'math' };
    assert.deepEqual(run(engine, { id: 1, method: 'inspectView', args: [req] }), run(engine, { id: 1, method: 'inspect', args: [req] }), source);
  }
  // the budget decides, not the bindings alone: under it, the self-contained forms stay
  const r = createEngine().inspect({ source: names.slice(0, 40).join('*'), language: 'math' });
  const forms = r.partials.reduce((n, p) => n + p.expr.length + p.latex.length + p.text.length, 0);
  assert.ok(r.bindings?.length && forms < VIEW_FORMS_BUDGET, `${forms} characters`);
  assert.equal(viewFormsOf(r), r);
});

test('the checks of 300 partials list 100, flagged rows first, and say how many more were checked and passed', () => {
  const engine = createEngine();
  const vars = Array.from({ length: 300 }, (_, i) => `y${i + 1}`);
  // |y7| at 0 is not differentiable: its row is flagged and must be listed though it comes late
  const source = `${vars.filter((v) => v !== 'y250').map((v) => `sin(${v})`).join(' + ')} + abs(y250)`;
  const at = { ...Object.fromEntries(vars.map((v) => [v, 0.5])), y250: 0 };
  const msg = run(engine, { id: 1, method: 'check', args: [{ source, language: 'math', at }, { atol: 1e-6, rtol: 1e-6 }] });
  assert.equal(msg.error, undefined);
  const { checks } = msg.value as { checks: { rows: Array<{ wrt: string; verdict: string }>; omitted?: { rows: number; ok: number } } };
  assert.equal(checks.rows.length, MAX_CHECK_ROWS);
  assert.deepEqual(checks.omitted, { rows: 200, ok: 200 });
  assert.equal(checks.rows[0].wrt, 'y250');
  assert.notEqual(checks.rows[0].verdict, 'ok');
  // the rest keep the partials' order
  assert.deepEqual(checks.rows.slice(1, 4).map((r) => r.wrt), ['y1', 'y2', 'y3']);
  assert.ok(serialize(msg).length < 200_000, `${serialize(msg).length} bytes`);
  // a small selection lists every row and says nothing more
  const small = run(engine, { id: 2, method: 'check', args: [{ source: 'x*y', language: 'math' }, { atol: 1e-6, rtol: 1e-6 }] });
  const sc = (small.value as { checks: { rows: unknown[]; omitted?: unknown } }).checks;
  assert.equal(sc.rows.length, 2);
  assert.equal(sc.omitted, undefined);
});

test('a .dx analysis reaches the host with each claim\'s points in the names it uses, not the whole pad\'s', () => {
  const blocks = 60;
  const padOf = (n: number) => Array.from({ length: n }, (_, i) => [`a${i} = ${(1 + i / 100).toFixed(2)}`, `f${i} = sin(a${i}*x) + a${i}*x^2`, `df${i}/dx = a${i}*cos(a${i}*x) + 2*a${i}*x`].join('\n')).join('\n') + '\nwrt x\n';
  const engine = createEngine();
  const view = engine.dx(padOf(blocks));
  const claims = view.results.filter((r) => r.claim);
  assert.equal(claims.length, blocks);
  for (const r of claims) {
    const c = r.claim!;
    assert.equal(c.result, 'holds', c.label);
    assert.ok(c.points.length >= 1);
    for (const q of c.points) {
      const keys = Object.keys(q.point);
      assert.ok(keys.includes('x'), c.label);
      assert.ok(keys.length <= 2, `${c.label}: ${keys.join(', ')}`);
      assert.equal(q.claimed, q.exact);
    }
  }
  // bytes the host deserialises grow with the pad, not with its square
  const bytes = serialize(view).length;
  const twice = serialize(engine.dx(padOf(2 * blocks))).length;
  assert.ok(twice < 2.3 * bytes, `${bytes} bytes for ${blocks} blocks, ${twice} for ${2 * blocks}`);
});
