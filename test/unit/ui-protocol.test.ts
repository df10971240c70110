import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from '../../src/core/index';
import { fromWire, isViewModel, parseHostMessage, parseWebviewMessage, toWire } from '../../src/shared/protocol';
import { resultModel, emptyModel } from '../../src/extension/inspector/viewModel';

const ui = { pinned: false, live: true, toggles: { gradient: true, hessian: true, jacobian: true }, pointSources: {} };
const format = { digits: 6, notation: 'auto' as const };

test('webview messages: well-formed ones pass through with exactly their fields', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'setPoint', name: 'x', value: 2.5, extra: 'dropped' }), { type: 'setPoint', name: 'x', value: 2.5 });
  assert.deepEqual(parseWebviewMessage({ type: 'setWrt', wrt: ['x', 'y'] }), { type: 'setWrt', wrt: ['x', 'y'] });
  assert.deepEqual(parseWebviewMessage({ type: 'toggle', option: 'hessian', value: true }), { type: 'toggle', option: 'hessian', value: true });
  assert.deepEqual(parseWebviewMessage({ type: 'highlight', span: null }), { type: 'highlight', span: null });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', span: { start: 2, end: 5 } }), { type: 'reveal', span: { start: 2, end: 5 } });
  assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'partials.exportGraph' }), { type: 'command', command: 'partials.exportGraph' });
  assert.deepEqual(parseWebviewMessage({ type: 'pointFrom', source: 'random' }), { type: 'pointFrom', source: 'random' });
  assert.deepEqual(parseWebviewMessage({ type: 'graphCollapse', collapse: false }), { type: 'graphCollapse', collapse: false });
  assert.equal(parseWebviewMessage({ type: 'graphCollapse', collapse: 'no' }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'painted', seq: 7, stage: 'partials' }), { type: 'painted', seq: 7 });
});

test('webview messages: malformed or unknown ones are rejected', () => {
  const bad: unknown[] = [
    null, 42, 'ready', [], {}, { type: 'nope' },
    { type: 'setPoint', name: 'x', value: NaN },
    { type: 'setPoint', name: 'x', value: Infinity },
    { type: 'setPoint', name: '', value: 1 },
    { type: 'setPoint', name: 'x', value: '1' },
    { type: 'setWrt', wrt: 'x' },
    { type: 'setWrt', wrt: ['x', 3] },
    { type: 'toggle', option: 'everything', value: true },
    { type: 'reveal', span: { start: 5, end: 2 } },
    { type: 'reveal', span: { start: -1, end: 2 } },
    { type: 'reveal', span: { start: 0.5, end: 2 } },
    // Only allow-listed commands: a webview must not run arbitrary commands.
    { type: 'command', command: 'workbench.action.terminal.sendSequence' },
    { type: 'copy', text: 'x', what: 'everything' },
    { type: 'svg', requestId: 'a', svg: '' },
    { type: 'painted' }, { type: 'painted', seq: -1 }, { type: 'painted', seq: 1.5 }, { type: 'painted', seq: '3' },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('wire encoding keeps NaN and ±Infinity through JSON, and leaves look-alike strings alone', () => {
  const value = { a: NaN, b: [Infinity, -Infinity, 1.5], c: 'NaN', d: { e: -0.25 } };
  const back = fromWire(JSON.parse(JSON.stringify(toWire(value)))) as typeof value;
  assert.ok(Number.isNaN(back.a));
  assert.deepEqual(back.b, [Infinity, -Infinity, 1.5]);
  assert.equal(back.c, 'NaN');
  assert.equal(back.d.e, -0.25);
});

test('a real result model validates, survives the wire, and host messages parse', () => {
  const result = inspect({ source: 'log(x) + x*y', at: { x: 0, y: 1 }, hessian: true });
  const model = resultModel({ result }, ui, format);
  assert.ok(isViewModel(model));
  // a first model (the partials while the rest is computed) says so with a boolean, nothing else
  assert.ok(isViewModel({ ...model, pending: true }));
  assert.ok(!isViewModel({ ...model, pending: 'yes' }));
  const wired = JSON.parse(JSON.stringify({ type: 'model', model: toWire(model) }));
  const msg = parseHostMessage(fromWire(wired));
  assert.ok(msg && msg.type === 'model');
  assert.equal(msg.model.expression!.outputs[0].value, -Infinity);
  assert.deepEqual(msg.model.partials!.map((p) => p.wrt), ['x', 'y']);
  // Without the wire encoding, JSON turns -Infinity into null and the model is rejected rather than misread.
  assert.equal(parseHostMessage(JSON.parse(JSON.stringify({ type: 'model', model }))), undefined);
});

test('host messages: malformed models and unknown sections are rejected', () => {
  const good = emptyModel('Select something', ui, format);
  assert.ok(parseHostMessage({ type: 'model', model: good }));
  assert.equal(parseHostMessage({ type: 'model', model: { ...good, kind: 'weird' } }), undefined);
  assert.equal(parseHostMessage({ type: 'model', model: { ...good, toggles: { gradient: true } } }), undefined);
  assert.equal(parseHostMessage({ type: 'model', model: { ...good, partials: [{ of: 'f' }] } }), undefined);
  assert.equal(parseHostMessage({ type: 'focusSection', section: 'elsewhere' }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'focusSection', section: 'graph' }), { type: 'focusSection', section: 'graph' });
  assert.deepEqual(parseHostMessage({ type: 'requestSvg', requestId: 3 }), { type: 'requestSvg', requestId: 3 });
});
