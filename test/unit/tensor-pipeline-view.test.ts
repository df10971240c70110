// The pure pieces around the inspector's tensor path: typeset matrices truncated with ⋯ (src/webview/matrix.ts),
// the graph's short values, and the directional step-size study (src/core/tensor/sweep.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { matrixLatex, shapeText, shortValue, shownIndices, texNumber } from '../../src/webview/matrix';
import { nodeValue, edgeText } from '../../src/webview/graphLayout';
import { formatNumber } from '../../src/shared/format';
import { directionalSteps, directionalSweep, Evaluator, gradients, inner, randomDirections, readTensor } from '../../src/core/tensor';

const fmt = (v: number) => formatNumber(v, 4);

test('shownIndices keeps everything up to max, else the first max − 2, an ellipsis and the last', () => {
  assert.deepEqual(shownIndices(3, 6), [0, 1, 2]);
  assert.deepEqual(shownIndices(6, 6), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(shownIndices(10, 6), [0, 1, 2, 3, -1, 9]);
  assert.deepEqual(shownIndices(10, 1), [0, -1, 9], 'never fewer than three slots');
});

test('matrixLatex: numbers, column vectors, matrices, truncation with ⋯ ⋮ ⋱; KaTeX typesets every form', () => {
  assert.equal(matrixLatex(2.5, fmt, 6), '2.5');
  assert.equal(matrixLatex([1, -2, 3], fmt, 6), '\\begin{bmatrix} 1 \\\\ -2 \\\\ 3 \\end{bmatrix}');
  assert.equal(matrixLatex([[1, 2], [3, 4]], fmt, 6), '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}');
  const big = Array.from({ length: 10 }, (_, i) => Array.from({ length: 12 }, (_, j) => i * 12 + j));
  const tex = matrixLatex(big, fmt, 5);
  assert.equal((tex.match(/\\\\/g) ?? []).length, 4, 'five rows shown');
  assert.ok(tex.includes('\\cdots') && tex.includes('\\vdots') && tex.includes('\\ddots'));
  assert.ok(tex.includes(' 119 '), 'the last entry is shown');
  assert.ok(!tex.includes(' 50 '), 'a middle entry is not');
  const longVec = matrixLatex(Array.from({ length: 100 }, (_, i) => i), fmt, 6);
  assert.ok(longVec.includes('\\vdots') && longVec.includes('99'));
  for (const t of [tex, longVec, matrixLatex([1e-9, NaN, -Infinity], fmt, 6), matrixLatex(null, fmt, 6)]) {
    assert.doesNotThrow(() => katex.renderToString(t, { throwOnError: true }), t);
  }
  assert.equal(texNumber('−1.5e-7'), '-1.5\\times 10^{-7}');
  assert.equal(texNumber('∞'), '\\infty');
});

test('short values for graph nodes and shapes', () => {
  assert.equal(shortValue([1, 2, 3], fmt), '[1, 2, 3]');
  assert.equal(shortValue([1, 2, 3, 4, 5, 6], fmt, 4), '[1, 2, …, 6]');
  assert.equal(shortValue([[1, 2], [3, 4]], fmt), '[[1, 2], [3, 4]]');
  assert.equal(shortValue(null, fmt), '—');
  assert.equal(shapeText([4, 3]), '4×3');
  assert.equal(shapeText([]), 'scalar');
  const node = { id: 1, op: 'matmul', label: 'X@w : 2', value: NaN, adjoint: NaN, shape: [2], tensorValue: [1.5, 2], tensorAdjoint: [0.25, -1] };
  assert.equal(nodeValue(node, 'value', fmt), '[1.5, 2]');
  assert.equal(nodeValue(node, 'adjoint', fmt), '[0.25, −1]');
  assert.equal(nodeValue({ id: 2, op: 'add', label: '+', value: 3, adjoint: 1 }, 'value', fmt), '3', 'scalar nodes as before');
  assert.equal(edgeText('sum ↦ 1ᵀ', 'NaN'), 'sum ↦ 1ᵀ');
  assert.equal(edgeText('cos(x)', '0.5'), 'cos(x) = 0.5', 'scalar edges as before');
});

test('directionalSweep: forward error falls like h, central like h², the best error is tiny, exact is ⟨∇f, d⟩', () => {
  const src = 'np.sum(np.exp(X @ w) - y * (X @ w))';
  const at = { X: [[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]], w: [0.2, -0.1, 0.3], y: [1, 0.5] };
  const { graph: tg, output } = readTensor(src, 'numpy', { at });
  const g = gradients(tg, output, ['w']).get('w')!;
  const dir = randomDirections(at, ['w'], 7);
  const exact = inner({ w: new Evaluator(tg, at, [g]).get(g) }, dir);
  const hs = directionalSteps(31);
  assert.equal(hs.length, 31);
  assert.ok(Math.abs(hs[0] - 1e-1) < 1e-15 && Math.abs(hs[30] - 1e-16) < 1e-28);
  const s = directionalSweep(tg, output, at, dir, exact, hs);
  assert.equal(s.exact, exact);
  assert.deepEqual(s.series.map((x) => x.method), ['forwardDifference', 'centralDifference', 'complexStep']);
  const err = (m: string, h: number) => s.series.find((x) => x.method === m)!.points.find(([hh]) => Math.abs(hh - h) / h < 1e-9)![1]!;
  // between h = 1e-1 and 1e-2 the truncation error dominates: forward falls ~10×, central ~100×
  const f1 = err('forwardDifference', 1e-1), f2 = err('forwardDifference', 1e-2);
  const c1 = err('centralDifference', 1e-1), c2 = err('centralDifference', 1e-2);
  assert.ok(f1 / f2 > 7 && f1 / f2 < 13, `forward ratio ${f1 / f2}`);
  assert.ok(c1 / c2 > 70 && c1 / c2 < 130, `central ratio ${c1 / c2}`);
  assert.ok(s.best && s.best.error < 1e-12 * Math.max(1, Math.abs(exact)), JSON.stringify(s.best));
  assert.ok(err('complexStep', 1e-8) < 1e-13, 'the complex step has no round-off floor');
});
