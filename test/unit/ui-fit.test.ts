// A result too long for the webview is cut on the host, visibly, instead of being refused by the webview (which
// would leave the previous selection's result on screen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from '../../src/core/index';
import { resultModel } from '../../src/extension/inspector/viewModel';
import { fitModel, fitWire, FIT_TEXT, MODEL_BUDGET } from '../../src/shared/fit';
import { fromWire, isViewModel, LIMITS, toWire } from '../../src/shared/protocol';

const ui = { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} };
const format = { digits: 6, notation: 'auto' as const };
const wire = (m: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(m))));

test('a model within the limits passes through unchanged', () => {
  const m = resultModel({ result: inspect({ source: 'x^2*y', at: { x: 1, y: 2 } }) }, ui, format);
  assert.deepEqual(fitModel(m), m);
});

test('formulas and code past the webview\'s limit are cut with a note, and the model is accepted', () => {
  const m = resultModel({ result: inspect({ source: 'x^2*y', at: { x: 1, y: 2 } }) }, ui, format);
  const long = 'x + '.repeat(80_000) + 'x';
  m.partials![0] = { ...m.partials![0], latex: long, text: long, expr: long };
  m.code = { target: 'python', style: 'closed', code: long };
  assert.ok(!isViewModel(wire(m)), 'as it is, the webview would refuse it');
  const f = fitModel(m);
  assert.ok(isViewModel(wire(f)), 'cut, it is accepted');
  const p = f.partials![0];
  assert.equal(p.latex, `\\text{(${long.length.toLocaleString('en-US')} characters: too long to typeset here)}`);
  assert.ok(p.text.length <= FIT_TEXT && p.text.length < LIMITS.maxText);
  assert.ok(p.text.startsWith('x + x + ') && p.text.endsWith(`… (${long.length.toLocaleString('en-US')} characters in all; cut for display)`));
  assert.ok(f.code!.code.endsWith('cut for display)'));
  assert.equal(f.partials![1].latex, m.partials![1].latex, 'the short ones are untouched');
  assert.equal(f.warnings.length, m.warnings.length + 1);
  assert.match(f.warnings.at(-1)!, /too long to show in full here \(the longest has 320,001 characters\)/);
  assert.equal(m.partials![0].latex, long, 'the host\'s own model is not modified');
});

test('a model past MODEL_BUDGET leaves out its largest optional parts, largest first, each with a warning', () => {
  const m = resultModel({ result: inspect({ source: 'x^2*y', at: { x: 1, y: 2 } }) }, ui, format);
  // 500 check tables of 7 methods (about 2 MB as JSON) and a small piece of code
  const row = { of: 'f', wrt: 'x', exact: 4, verdict: 'ok' as const, methods: Array.from({ length: 7 }, (_, i) => ({ method: `m${i}`, label: 'a method with a long label '.repeat(8), value: 4, absError: 0, relError: 0, verdict: 'ok' as const })) };
  m.checks = { rows: Array.from({ length: 1000 }, () => row), claims: [], atol: 1e-6, rtol: 1e-6 };
  m.code = { target: 'python', style: 'closed', code: 'df_dx = 2*x*y\n' };
  const f = fitModel(m);
  assert.equal(f.checks, undefined, 'the checks are left out');
  assert.deepEqual(f.code, m.code, 'the small code stays');
  assert.deepEqual(f.partials, m.partials, 'the partials stay');
  assert.match(f.warnings.at(-1)!, /^The checks table is too large to show here \(about [\d,]+ characters\) and is left out/);
  assert.ok(JSON.stringify(f).length <= MODEL_BUDGET);
  assert.ok(isViewModel(wire(f)));
  assert.equal(m.checks!.rows.length, 1000, 'the host\'s own model is not modified');
  // the estimate follows JSON's size
  const est = JSON.stringify(m).length;
  const g = fitModel(m, FIT_TEXT, undefined, Math.floor(est * 0.9));
  assert.equal(g.checks, undefined);
  assert.ok(fitModel(m, FIT_TEXT, undefined, Math.ceil(est * 1.1)).checks, 'within a budget a little over its JSON size it stays');
});

test('fitWire is fitModel then toWire in one walk; a key named __proto__ stays data', () => {
  const m = resultModel({ result: inspect({ source: 'x^2*y + log(z)', at: { x: 1, y: 2, z: 0 } }) }, ui, format);
  const long = 'x + '.repeat(80_000) + 'x';
  m.partials![0] = { ...m.partials![0], latex: long, text: long };
  assert.deepEqual(fitWire(m), toWire(fitModel(m)));
  assert.ok(JSON.stringify(fitWire(m)).includes('"$num"'), 'non-finite values are tagged');
  const odd = JSON.parse('{"kind":"empty","warnings":[],"extra":{"__proto__":{"polluted":1}}}') as never;
  const w = fitWire(odd) as { extra: object };
  assert.equal(Object.getPrototypeOf(w.extra), Object.prototype);
  assert.deepEqual(Object.keys(w.extra), ['__proto__']);
  const t = toWire(odd) as { extra: object };
  assert.deepEqual(Object.keys(t.extra), ['__proto__']);
});
