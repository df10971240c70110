// The inspector's session (src/extension/inspector/session.ts) across a reload, in plain Node with an in-memory
// workspace state: the point, the inputs differentiated, and a vectorised selection's arrays and sizes come back;
// arrays too large for the workspace state and saved state that is not sound do not. And the tensor path honours
// the inputs chosen with the ∂ boxes (setWrt): only their gradients are computed and shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Session } from '../../src/extension/inspector/session';
import { emptyOverrides, type Target } from '../../src/extension/inspector/request';
import { settingsFrom } from '../../src/extension/settings';
import { createEngine } from '../../src/extension/engine/adapter';
import { inProcess } from '../../src/extension/engine/client';
import { computeModel } from '../../src/extension/inspector/pipeline';
import { analyzeTensor } from '../../src/core/tensor';

/** The workspace state as VS Code keeps it: JSON in, JSON out. */
function memento(): vscode.Memento & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    keys: () => [...raw.keys()],
    get: <T>(key: string, fallback?: T): T | undefined => (raw.has(key) ? (JSON.parse(raw.get(key)!) as T) : fallback),
    update: (key: string, value: unknown) => {
      raw.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
  } as vscode.Memento & { raw: Map<string, string> };
}

const settings = settingsFrom(() => undefined);
const target = (text: string): Target => ({ uri: 'file:///ls.py', file: 'ls.py', languageId: 'python', language: 'python', text, offset: 10, line: 3, character: 4 });

test('a reload brings back the arrays, the sizes and the inputs differentiated of a vectorised selection', () => {
  const m = memento();
  const before = new Session(settings, m);
  before.switchTo(target('np.sum((X @ w - y) ** 2)'));
  before.overrides.tensorAt = { X: [[1, 2], [3, 4], [5, 6]], w: [0.5, -1], y: [1, 0, 2] };
  before.overrides.dims = { n: 3 };
  before.overrides.wrt = ['w'];
  before.overrides.at = { c: 2 };
  before.save();

  const after = new Session(settings, m);
  const saved = after.saved();
  assert.ok(saved);
  assert.equal(saved.target.text, 'np.sum((X @ w - y) ** 2)');
  saved.apply();
  assert.deepEqual({ ...after.overrides.tensorAt }, { X: [[1, 2], [3, 4], [5, 6]], w: [0.5, -1], y: [1, 0, 2] });
  assert.deepEqual({ ...after.overrides.dims }, { n: 3 });
  assert.deepEqual(after.overrides.wrt, ['w']);
  assert.deepEqual(after.overrides.at, { c: 2 });
});

test('arrays past 10 000 entries are not written to the workspace state; the sizes still are', () => {
  const m = memento();
  const s = new Session(settings, m);
  s.switchTo(target('np.sum(A @ x)'));
  s.overrides.tensorAt = { A: Array.from({ length: 101 }, () => Array.from({ length: 100 }, () => 1)), x: Array(100).fill(2) };
  s.overrides.dims = { n: 101, d: 100 };
  s.save();
  assert.ok(m.raw.get('partials.inspector.last')!.length < 2000, 'the state stays small');
  const back = new Session(settings, m);
  back.saved()!.apply();
  assert.equal(back.overrides.tensorAt, undefined);
  assert.deepEqual({ ...back.overrides.dims }, { n: 101, d: 100 });
});

test('saved arrays or sizes that are not sound are dropped, never passed on', () => {
  for (const [tensorAt, dims] of [
    [{ X: [[1, 2], [3]] }, { n: 0 }],
    [{ X: 'rm -rf' }, { n: 2.5 }],
    [{ X: [[1, null]] }, { n: 'x' }],
    [{ X: [] }, { n: 1e9 }],
    [[1, 2], [3]],
  ] as const) {
    const m = memento();
    m.raw.set('partials.inspector.last', JSON.stringify({ target: target('np.sum(X)'), overrides: { at: {}, sources: {}, tensorAt, dims } }));
    const s = new Session(settings, m);
    s.saved()!.apply();
    assert.equal(s.overrides.tensorAt, undefined, JSON.stringify(tensorAt));
    assert.equal(s.overrides.dims, undefined, JSON.stringify(dims));
    assert.equal(s.target?.text, 'np.sum(X)');
  }
});

test('the tensor inspector computes the gradients of the inputs chosen (∂ boxes → setWrt → wrt) only', async () => {
  const engine = inProcess(createEngine());
  const at = { X: [[1, 2], [3, 4], [5, 6]], w: [0.5, -1], y: [1, 0, 2] };
  const run = async (wrt?: string[]) => {
    const overrides = { ...emptyOverrides(), tensorAt: at, ...(wrt ? { wrt } : {}) };
    const out = await computeModel(engine, {
      target: target('np.sum((X @ w - y) ** 2)'), overrides, format: { digits: 6, notation: 'auto' },
      ui: { pinned: false, live: false, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
      settings, explicit: true, codeTarget: 'python',
    }, { signal: new AbortController().signal });
    assert.ok(out?.model.tensor, 'a tensor model');
    return out.model.tensor;
  };
  const all = await run();
  assert.deepEqual(all.gradients.map((g) => g.wrt), ['X', 'w', 'y']);
  const onlyW = await run(['w']);
  assert.deepEqual(onlyW.gradients.map((g) => g.wrt), ['w']);
  assert.deepEqual(onlyW.inputs.map((i) => i.name), ['X', 'w', 'y'], 'every input stays in the point editor');
  const ref = analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy', at }).partials.find((p) => p.wrt === 'w')!;
  assert.deepEqual(onlyW.gradients[0].value, ref.value);
  assert.deepEqual(onlyW.gradients[0].value, [2 * (1 * (0.5 - 2 - 1) + 3 * (1.5 - 4 - 0) + 5 * (2.5 - 6 - 2)), 2 * (2 * (0.5 - 2 - 1) + 4 * (1.5 - 4 - 0) + 6 * (2.5 - 6 - 2))]);
  const two = await run(['X', 'y']);
  assert.deepEqual(two.gradients.map((g) => g.wrt), ['X', 'y']);
});
