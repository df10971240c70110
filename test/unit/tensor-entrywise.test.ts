// The entrywise view (issue #14): a vectorised selection written out entry by entry at the point's sizes
// (core/tensor/entrywise.ts), differentiated by the scalar engine: every entry's partial equals the tensor
// gradient's entry, in every dialect, and the inspector's view model carries it for small inputs only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entrywise, entryName, ENTRYWISE_MAX_ENTRIES } from '../../src/core/tensor/entrywise';
import { entrywiseJson, runTensor, type EntrywisePartialJson } from '../../src/core/tensor/session';
import { readTensor } from '../../src/core/tensor/languages';
import type { Nested, TensorLanguage } from '../../src/core/tensor';
import { evaluate as evalMath } from 'mathjs';
import { createEngine } from '../../src/extension/engine/adapter';
import { inProcess } from '../../src/extension/engine/client';
import { computeModel } from '../../src/extension/inspector/pipeline';
import { emptyOverrides } from '../../src/extension/inspector/request';
import { settingsFrom } from '../../src/extension/settings';
import { fromWire, isViewModel, toWire } from '../../src/shared/protocol';

const flat = (v: Nested): number[] => (typeof v === 'number' ? [v] : v.flatMap(flat));

const CASES: Array<[string, TensorLanguage, string[]]> = [
  ['np.sum((X @ w - y)**2)', 'numpy', ['w', 'X', 'y']],
  ['((X @ w - y) ** 2).mean()', 'numpy', ['w']],
  ["w'*A*w + sum(log(1 + exp(-w)))", 'matlab', ['w', 'A']],
  ['np.log(np.sum(np.exp(z))) - z[1]', 'numpy', ['z']],
  ['np.linalg.det(A) + np.trace(A @ A.T)', 'numpy', ['A']],
  ['sum(abs2, X*w .- y)', 'julia', ['w']],
  ['np.sum(np.tanh(np.outer(u, v)))', 'numpy', ['u', 'v']],
  ['np.linalg.norm(x) + np.max(x)', 'numpy', ['x']],
  ['np.sum(np.exp(z) / np.sum(np.exp(z)) * t)', 'numpy', ['z']],
];

for (const [src, lang, wrts] of CASES) {
  test(`entrywise ${lang}: ${src}: each entry's partial is the gradient's entry`, () => {
    const run = runTensor({ source: src, lang });
    for (const wrt of wrts) {
      const grad = run.analysis.partials.find((p) => p.wrt === wrt)!;
      const j = entrywiseJson(src, lang, run.analysis.point, undefined, [wrt])[wrt];
      assert.ok('entries' in j, JSON.stringify(j));
      const want = flat(grad.value as Nested);
      assert.equal(j.entries.length, want.length);
      j.entries.forEach((e: EntrywisePartialJson, k) => {
        assert.ok(Math.abs(e.value - want[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])), `${wrt} entry ${k} (${e.name}): ${e.value} vs ${want[k]}`);
        assert.ok(e.text.length > 0 && e.latex.length > 0);
      });
    }
  });
}

test('the written-out formula is f itself: mathjs evaluates it to the tensor value at the point', () => {
  for (const [src, lang] of CASES) {
    const run = runTensor({ source: src, lang });
    const { graph, output } = readTensor(src, lang, { at: run.analysis.point });
    const e = entrywise(graph, output, run.analysis.point, run.inputs[0]);
    const scope = { ...e.at, logsumexp: (...a: number[]) => Math.log(a.reduce((s, x) => s + Math.exp(x), 0)) };
    const f = evalMath(e.source, scope) as number;
    const want = run.analysis.output.value as number;
    assert.ok(Math.abs(f - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${src}: ${f} vs ${want}`);
  }
});

test('entry names: 1-based, w_2 for a vector, X_12 for a small matrix, X_1_12 past 9', () => {
  assert.equal(entryName('w', [1], [3]), 'w_2');
  assert.equal(entryName('X', [0, 2], [4, 3]), 'X_13');
  assert.equal(entryName('X', [0, 11], [4, 12]), 'X_1_12');
  assert.equal(entryName('s', [], []), 's');
  const run = runTensor({ source: 'np.sum((X @ w - y)**2)', lang: 'numpy' });
  const j = entrywiseJson('np.sum((X @ w - y)**2)', 'numpy', run.analysis.point, undefined, ['X'])['X'];
  assert.ok('entries' in j);
  assert.deepEqual(j.entries.map((e) => e.name).slice(0, 4), ['X_11', 'X_12', 'X_13', 'X_21']);
  assert.deepEqual(j.entries[4].index, [1, 1]);
  // ∂f/∂w₁ for f = Σᵢ (Σⱼ Xᵢⱼ wⱼ − yᵢ)²: the entries of X and y appear by name
  const w = entrywiseJson('np.sum((X @ w - y)**2)', 'numpy', run.analysis.point, undefined, ['w'])['w'];
  assert.ok('entries' in w);
  assert.match(w.entries[0].text, /X₁₁/);
  assert.match(w.entries[0].text, /y₁/);
});

test('not available, with a reason: too many entries, an inverse, clashing names', () => {
  const big = runTensor({ source: 'np.sum(x**2)', lang: 'numpy', at: { x: Array.from({ length: ENTRYWISE_MAX_ENTRIES + 1 }, (_v, i) => i / 10) } });
  const a = entrywiseJson('np.sum(x**2)', 'numpy', big.analysis.point, undefined, ['x'])['x'];
  assert.ok('unavailable' in a && /at most 16/.test(a.unavailable), JSON.stringify(a));
  const inv = runTensor({ source: 'np.sum(np.linalg.inv(A) @ b)', lang: 'numpy' });
  const b = entrywiseJson('np.sum(np.linalg.inv(A) @ b)', 'numpy', inv.analysis.point, undefined, ['b'])['b'];
  assert.ok('unavailable' in b && /inverse|linear solve/.test(b.unavailable), JSON.stringify(b));
  const clash = runTensor({ source: 'np.sum(w * w) + w_1', lang: 'numpy', at: { w: [1, 2], w_1: 3 } });
  const c = entrywiseJson('np.sum(w * w) + w_1', 'numpy', clash.analysis.point, undefined, ['w'])['w'];
  assert.ok('unavailable' in c && /w_1/.test(c.unavailable), JSON.stringify(c));
});

test('the inspector: small inputs\' gradients carry the entrywise view; a large one does not; the model passes the webview\'s validator', async () => {
  const engine = inProcess(createEngine());
  const target = { uri: 'file:///t.py', file: 't.py', languageId: 'python', language: 'python', text: 'np.sum((X @ w - y) ** 2) + np.sum(v ** 2)', offset: 0, line: 0, character: 0 };
  const overrides = { ...emptyOverrides(), tensorAt: { v: Array.from({ length: 20 }, (_x, i) => i / 7) } };
  const out = await computeModel(engine, {
    target, overrides, format: { digits: 6, notation: 'auto' },
    ui: { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
    settings: settingsFrom(() => undefined), explicit: true, codeTarget: 'numpy',
  }, { signal: new AbortController().signal });
  const tv = out!.model.tensor!;
  const g = (w: string) => tv.gradients.find((x) => x.wrt === w)!;
  const want = flat(g('w').value as Nested);
  assert.deepEqual(g('w').entrywise!.map((e) => e.name), ['w_1', 'w_2', 'w_3']);
  g('w').entrywise!.forEach((e, k) => assert.ok(Math.abs(e.value - want[k]) < 1e-9));
  assert.equal(g('v').entrywise, undefined, '20 entries: no entrywise view');
  assert.ok(isViewModel(fromWire(JSON.parse(JSON.stringify(toWire(out!.model))))), 'the webview accepts it');
});
