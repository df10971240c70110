import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, PartialsError } from '../../src/core/index';
import { isViewModel } from '../../src/shared/protocol';
import { errorView, gradientViews, hessianViews, jacobianView, listedBindings, partialNotes, resultModel, statusText, emptyModel } from '../../src/extension/inspector/viewModel';
import { createEngine } from '../../src/extension/engine/adapter';
import { partialCount, VIEW_BINDINGS, VIEW_PARTIALS } from '../../src/extension/engine/viewLimits';
import type { PartialResult } from '../../src/core/api';
import { inspectRequest, carryOverrides } from '../../src/extension/inspector/request';
import { settingsFrom } from '../../src/extension/settings';

const ui = (over: Partial<{ gradient: boolean; hessian: boolean; jacobian: boolean }> = {}) => ({
  pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false, ...over }, pointSources: {},
});
const format = { digits: 6, notation: 'auto' as const };

test('result model: outputs, point, and one row per partial with the engine values', () => {
  const r = inspect({ source: 'x^2 + x*y + y^2', at: { x: 1, y: 2 } });
  const m = resultModel({ result: r, origin: { file: 'a.py', line: 3, languageId: 'python', language: 'python' } }, ui(), format);
  assert.equal(m.kind, 'result');
  assert.deepEqual(m.expression!.outputs.map((o) => [o.name, o.value]), [['f', 7]]);
  assert.deepEqual(m.expression!.point, [
    { name: 'x', value: 1, isInput: true, source: 'user' },
    { name: 'y', value: 2, isInput: true, source: 'user' },
  ]);
  assert.deepEqual(m.partials!.map((p) => [p.wrt, p.expr, p.value]), [['x', '2*x + y', 4], ['y', 'x + 2*y', 5]]);
  assert.equal(m.origin!.line, 3);
  assert.equal(m.expression!.language, 'math');
  const dx = resultModel({ result: r, origin: { file: 'pad.dx', line: 5, languageId: 'dx', language: 'math' } }, ui(), format);
  assert.equal(dx.expression!.language, 'dx');
  assert.equal(m.gradient, undefined);
  assert.equal(m.hessian, undefined);
});

test('held-constant variables are listed after the inputs and marked as not differentiated', () => {
  const r = inspect({ source: 'a*x^2', wrt: ['x'], at: { x: 3, a: 2 } });
  const m = resultModel({ result: r }, { ...ui(), pointSources: { a: 'document' } }, format);
  assert.deepEqual(m.expression!.point.map((p) => [p.name, p.isInput, p.source]), [['x', true, 'user'], ['a', false, 'document']]);
  assert.deepEqual(m.partials!.map((p) => [p.wrt, p.value]), [['x', 12]]);
});

test('gradient, Hessian and Jacobian views carry the right numbers in inputs order', () => {
  const r = inspect({ source: 'u = x*y\nv = x + y^2', at: { x: 2, y: 3 }, hessian: true, allOutputs: true });
  const g = gradientViews(r);
  assert.deepEqual(g.map((v) => v.title), ['∇u', '∇v']);
  assert.deepEqual(g[0].values, [[3], [2]]);
  assert.deepEqual(g[1].values, [[1], [6]]);
  const h = hessianViews(r);
  assert.deepEqual(h.find((v) => v.title === 'H(v)')!.values, [[0, 0], [0, 2]]);
  assert.deepEqual(h.find((v) => v.title === 'H(u)')!.values, [[0, 1], [1, 0]]);
  const j = jacobianView(r);
  assert.deepEqual(j.rowLabels, ['u', 'v']);
  assert.deepEqual(j.colLabels, ['x', 'y']);
  assert.deepEqual(j.values, [[3, 2], [1, 6]]);
  const m = resultModel({ result: r }, ui({ gradient: true, hessian: true, jacobian: true }), format);
  assert.equal(m.gradient!.length, 2);
  assert.equal(m.hessian!.length, 2);
  assert.deepEqual(m.jacobian!.values, [[3, 2], [1, 6]]);
});

test('non-smooth points become readable notes with their location', () => {
  const r = inspect({ source: 'abs(x) + y', at: { x: 0, y: 1 } });
  const px = r.partials.find((p) => p.wrt === 'x')!;
  assert.equal(px.differentiable, false);
  const notes = partialNotes(px);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /^abs: .*\(line 1, column 1\)$/);
  assert.deepEqual(partialNotes(r.partials.find((p) => p.wrt === 'y')!), []);
});

test('engine errors map to document coordinates with the source line and caret', () => {
  let err: unknown;
  try { inspect({ source: 'x + (y' }); } catch (e) { err = e; }
  assert.ok(err instanceof PartialsError);
  // The selection starts at line 10, column 5 of the document.
  const v = errorView(err, 'x + (y', { line: 10, column: 5 });
  assert.equal(v.line, 10);
  assert.equal(v.column, 5 + err.column - 1);
  assert.equal(v.sourceLine, 'x + (y');
  assert.equal(v.caret, err.column);
  assert.equal(v.code, 'parse');
  assert.doesNotMatch(v.message, /at line \d+, column \d+/, 'the selection-relative position is not repeated');
  assert.equal(errorView(new PartialsError('Unexpected x at line 1, column 6.', 'parse', 1, 6), 'ab', { line: 3, column: 1 }).message, 'Unexpected x.');
  const second = errorView(new PartialsError('bad', 'parse', 2, 3), 'a = 1\nb = )', { line: 10, column: 5 });
  assert.deepEqual([second.line, second.column, second.sourceLine], [11, 3, 'b = )']);
  // np.sum on line 32 of the document (line 2 of the selection): one position, the document's
  let unsupported: unknown;
  try { inspect({ source: 'w = 2\ny = np.sum(w * x)', language: 'python' }); } catch (e) { unsupported = e; }
  const u = errorView(unsupported, 'w = 2\ny = np.sum(w * x)', { line: 31, column: 1 });
  assert.equal(u.line, 32);
  assert.equal(u.column, 5);
  assert.match(u.message, /^Partials cannot differentiate the array operation 'np\.sum': /);
  assert.doesNotMatch(u.message, /line \d+|column \d+/, `one position only: ${u.message}`);
  const internal = errorView(new TypeError('boom'), 'x');
  assert.equal(internal.message, 'Internal error: boom');
});

test('status text names outputs and inputs, and is absent for empty models', () => {
  const r = inspect({ source: 'x*y', at: { x: 1, y: 1 } });
  assert.equal(statusText(resultModel({ result: r }, ui(), format)), '∂f/∂(x, y)');
  const one = inspect({ source: 'sin(t)', at: { t: 1 } });
  assert.equal(statusText(resultModel({ result: one }, ui(), format)), '∂f/∂t');
  assert.equal(statusText(emptyModel('x', ui(), format)), undefined);
});

test('requests carry overrides and toggles; a new text drops wrt/sweep choices but keeps the point', () => {
  const t = { uri: 'file:///a.py', file: 'a.py', languageId: 'python', language: 'python', text: 'x*y', offset: 0, line: 0, character: 0 };
  const o = { at: { x: 2 }, sources: { x: 'user' as const }, wrt: ['x'], sweep: { of: 'f', wrt: 'x' } };
  assert.deepEqual(inspectRequest(t, o, { gradient: false, hessian: true, jacobian: true }),
    { source: 'x*y', language: 'python', at: { x: 2 }, wrt: ['x'], hessian: true, allOutputs: true });
  assert.deepEqual(carryOverrides(o, false), { at: { x: 2 }, sources: { x: 'user' } });
  assert.equal(carryOverrides(o, true), o);
});

test('settings are defaulted and clamped', () => {
  const s = settingsFrom(() => undefined);
  assert.equal(s.hoverMode, 'selection');
  assert.equal(s.debounceMs, 250);
  assert.equal(s.atol, 1e-5);
  assert.equal(s.rtol, 1e-3);
  const odd: Record<string, unknown> = { 'hover.mode': 'sometimes', 'numbers.digits': 99, 'live.debounceMs': -5, 'graph.direction': 'DOWN', 'numbers.notation': 'fixed' };
  const t = settingsFrom((k) => odd[k]);
  assert.equal(t.hoverMode, 'selection');
  assert.equal(t.digits, 17);
  assert.equal(t.debounceMs, 0);
  assert.equal(t.graphDirection, 'DOWN');
  assert.equal(t.notation, 'fixed');
});

test('an input-less selection reaches the panel as a warning that says what to select, not an empty gradient', () => {
  const r = inspect({ source: 'def f(x):\n    return a * b', language: 'python' });
  const m = resultModel({ result: r }, ui({ gradient: true }), format);
  assert.equal(m.kind, 'result');
  assert.deepEqual(m.partials, []);
  assert.match(m.warnings[0], /^No inputs: the function's parameters \('x'\) do not appear in its result/);
  assert.match(m.warnings[0], /Select the function with the lines that use its parameters/);
});

test('named forms: each partial in the selection\'s names with its chain, the output named, the intermediates listed once', async () => {
  const { isViewModel, toWire, fromWire } = await import('../../src/shared/protocol');
  const source = 'z = w * x + b\np = 1 / (1 + np.exp(-z))\nloss = -(y * np.log(p) + (1 - y) * np.log(1 - p))';
  const r = inspect({ source, language: 'python', at: { w: 0.5, x: 1.5, b: -0.25, y: 1 } });
  const m = resultModel({ result: r }, ui(), format);
  const w = m.partials!.find((p) => p.wrt === 'w')!;
  assert.equal(w.named!.text, 'x (p − y)');
  const p = 1 / (1 + Math.exp(-(0.5 * 1.5 - 0.25)));
  assert.ok(Math.abs(w.value - (p - 1) * 1.5) < 1e-12);
  // ∂loss/∂w = ∂loss/∂p · ∂p/∂z · ∂z/∂w, and the factors multiply to the partial
  assert.deepEqual(w.chain!.map((c) => [c.of, c.wrt]), [['loss', 'p'], ['p', 'z'], ['z', 'w']]);
  assert.ok(Math.abs(w.chain!.reduce((a, c) => a * c.value, 1) - w.value) < 1e-12);
  assert.equal(w.chain![2].text, 'x');
  assert.deepEqual(m.definitions!.map((d) => [d.name, d.text]), [['z', 'w x + b'], ['p', 'σ(z)']]);
  assert.equal(m.expression!.outputs[0].named!.text, '−(y log(p) + (1 − y) log(1 − p))');
  // the expanded forms stay as they were
  assert.equal(w.expr, r.partials.find((q) => q.wrt === 'w')!.expr);
  assert.ok(isViewModel(fromWire(JSON.parse(JSON.stringify(toWire(m))))), 'the model with named forms passes the webview\'s validation');
  assert.ok(!isViewModel({ ...m, definitions: [{ name: 'p' }] }), 'a malformed definition is refused');
  assert.ok(!isViewModel({ ...m, partials: [{ ...w, chain: [{ of: 'loss' }] }] }), 'a malformed chain step is refused');
  // a formula without intermediates has no named forms, no definitions
  const plain = resultModel({ result: inspect({ source: 'x*y', at: { x: 1, y: 2 } }) }, ui(), format);
  assert.equal(plain.definitions, undefined);
  assert.equal(plain.expression!.outputs[0].named, undefined);
});

test('a return inside a function is named after the function (returnName), unless the selection uses that name', () => {
  const source = 'z = w * x + b\n    p = 1 / (1 + np.exp(-z))\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))';
  const r = inspect({ source, language: 'python', returnName: 'loss', at: { w: 0.5, x: 1.5, b: -0.25, y: 1 } });
  assert.deepEqual(r.outputs, ['loss']);
  assert.deepEqual(r.partials.map((p) => `${p.of}/${p.wrt}`), ['loss/w', 'loss/x', 'loss/b', 'loss/y']);
  assert.equal(r.partials[0].named!.text, 'x (p − y)');
  // the selection already has a `p`: the return keeps the default name
  assert.deepEqual(inspect({ source, language: 'python', returnName: 'p' }).outputs, ['f']);
  assert.deepEqual(inspect({ source, language: 'python', returnName: 'not a name' }).outputs, ['f']);
  assert.deepEqual(inspect({ source, language: 'python' }).outputs, ['f']);
  // a selected header still wins
  assert.deepEqual(inspect({ source: 'def g(x):\n    return x**2', language: 'python', returnName: 'loss' }).outputs, ['g']);
});

test('the inspector request carries the enclosing function\'s name', () => {
  const t = { uri: 'file:///a.py', file: 'a.py', languageId: 'python', language: 'python', text: 'return x**2', offset: 0, line: 1, character: 4, returnName: 'loss' };
  assert.equal(inspectRequest(t, { at: {}, sources: {} }, ui().toggles).returnName, 'loss');
});

test('a large product: the partials shown over the shared bindings, each binding once; the text stays proportional to the input', () => {
  const names = Array.from({ length: 120 }, (_v, i) => `x${i + 1}`);
  const source = names.join('*');
  const at = Object.fromEntries(names.map((n, i) => [n, 1 + i / 1000]));
  const r = inspect({ source, at });
  assert.ok(r.bindings?.length && r.partials.every((p) => p.compact), 'the engine gives compact forms');
  const m = resultModel({ result: r }, ui(), format);
  assert.ok(isViewModel(m));
  assert.deepEqual(m.bindings!.map((b) => b.name), r.bindings!.map((b) => b.name));
  const shown = [...m.partials!.map((p) => p.text), ...m.bindings!.map((b) => `${b.name} = ${b.text}`)].join('\n');
  assert.ok(shown.length <= 20 * source.length, `${shown.length} characters shown for a ${source.length}-character input`);
  // each row shows its compact form; Plain still copies the self-contained expression, and the value is exact
  m.partials!.forEach((p, k) => {
    assert.equal(p.text, r.partials[k].compact!.text);
    assert.equal(p.expr, r.partials[k].expr);
    const want = names.filter((_n, j) => j !== k).reduce((s, n) => s * at[n], 1);
    assert.ok(Math.abs(p.value - want) <= 1e-12 * Math.abs(want));
  });
  // a small result is shown as before: no bindings
  assert.equal(resultModel({ result: inspect({ source: 'x*y*z' }) }, ui(), format).bindings, undefined);
});

test('a large result lists the first VIEW_PARTIALS partials and the shared bindings they use, and says so', () => {
  const names = Array.from({ length: 600 }, (_, i) => `x${i + 1}`);
  const r = createEngine().inspectView({ source: `f = ${names.join('*')}`, language: 'python' });
  // the worker sends the listed partials whole and the other 400 by value only
  assert.equal(r.partials.length, VIEW_PARTIALS);
  assert.equal(partialCount(r), 600);
  assert.deepEqual(Object.keys(r.unlisted![0]).sort(), ['of', 'value', 'wrt']);
  const m = resultModel({ result: r }, ui(), format);
  assert.equal(m.partials!.length, VIEW_PARTIALS);
  assert.deepEqual(m.partials!.map((p) => p.wrt), names.slice(0, VIEW_PARTIALS));
  assert.ok(m.warnings.some((w) => w.includes(`first ${VIEW_PARTIALS} of the 600 partials`)), m.warnings.join('\n'));
  // every name a listed partial's compact form uses is defined in the list; no binding is listed that none uses
  const listed = new Set(m.bindings!.map((b) => b.name));
  const used = new Set(r.partials.slice(0, VIEW_PARTIALS).flatMap((p) => p.compact?.uses ?? []));
  for (const u of used) assert.ok(listed.has(u), u);
  // pruned in the worker already (inspectView): fewer than the whole result's (and a note, once, when some are left out)
  const all = inspect({ source: `f = ${names.join('*')}`, language: 'python', forms: 'compact' }).bindings!;
  assert.ok(r.bindings!.length < all.length, `${r.bindings!.length} of ${all.length}`);
  assert.deepEqual(m.bindings!.map((b) => b.name), r.bindings!.map((b) => b.name));
  assert.ok(m.warnings.filter((w) => /more shared subexpressions that the listed partials use/.test(w)).length <= 1, m.warnings.join('\n'));
  // the values are the engine's: ∂f/∂x₁ of the first row
  assert.equal(m.partials![0].value, r.partials[0].value);
  // the gradient table still covers every input
  assert.equal(resultModel({ result: r }, ui({ gradient: true }), format).gradient![0].values.length, 600);
});

test('listedBindings: the transitive closure when small, the directly used ones past VIEW_BINDINGS, with the count left', () => {
  const chain = Array.from({ length: 10 }, (_, i) => ({ name: `t${i + 1}`, expr: i ? `x${i}*t${i}` : 'x0*x1' }));
  const row = (uses: string[]) => ({ compact: { uses } }) as unknown as PartialResult;
  // t5 names t4 … t1: all five listed, in binding order
  assert.deepEqual(listedBindings(chain, [row(['t5'])]).listed.map((b) => b.name), ['t1', 't2', 't3', 't4', 't5']);
  assert.deepEqual(listedBindings(chain, [row([])]), { listed: [], left: 0 });
  const long = Array.from({ length: VIEW_BINDINGS + 50 }, (_, i) => ({ name: `t${i + 1}`, expr: i ? `y*t${i}` : 'y' }));
  const cut = listedBindings(long, [row([`t${long.length}`]), row(['t3'])]);
  assert.deepEqual(cut.listed.map((b) => b.name), ['t3', `t${long.length}`]);
  assert.equal(cut.left, long.length - 2);
});

test('a long point is listed in part with a note; every input stays in expression.inputs', () => {
  const names = Array.from({ length: VIEW_PARTIALS + 30 }, (_, i) => `x${i + 1}`);
  const r = inspect({ source: names.join(' + ') });
  const m = resultModel({ result: r }, ui(), format);
  assert.equal(m.expression!.point.length, VIEW_PARTIALS);
  assert.deepEqual(m.expression!.point.map((p) => p.name), names.slice(0, VIEW_PARTIALS));
  assert.equal(m.expression!.inputs.length, names.length);
  assert.ok(m.warnings.includes(`The point lists the first ${VIEW_PARTIALS} of the ${names.length} variables; the others keep their values (give them in the document, then From document).`), m.warnings.join('\n'));
  const small = resultModel({ result: inspect({ source: 'x*y' }) }, ui(), format);
  assert.equal(small.warnings.length, 0);
});
