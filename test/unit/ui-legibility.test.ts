// Legibility helpers of the webview: folding long chains of single-use nodes (graphFold.ts), node cells sized
// from measured text (graphLayout.ts), and what counts as a new subject for the scroll position (subject.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphView } from '../../src/core/index';
import { buildGraphModel } from '../../src/extension/engine/graphModel';
import { chainBreakdown } from '../../src/webview/chain';
import { chainTitle, findChains, foldChains } from '../../src/webview/graphFold';
import { edgeText, nodeCells } from '../../src/webview/graphLayout';
import type { ViewModel } from '../../src/shared/protocol';
import { subjectOf } from '../../src/webview/subject';

const model = (source: string, language = 'math', at?: Record<string, number>) =>
  buildGraphModel(graphView({ source, language, ...(at ? { at } : {}) }), { outputs: [], direction: 'RIGHT', collapseThreshold: 0 });

test('a unary chain exp(sin(cos(x·y))) is found in evaluation order, ending at the output', () => {
  const g = model('exp(sin(cos(x * y)))', 'math', { x: 0.5, y: 2 });
  const chains = findChains(g);
  assert.equal(chains.length, 1);
  const ops = chains[0].nodes.map((id) => g.nodes.find((n) => n.id === id)!.op);
  assert.deepEqual(ops, ['mul', 'cos', 'sin', 'exp']);
  assert.equal(chains[0].id, chains[0].nodes[3]);
  assert.equal(chainTitle(chains[0].nodes.map((id) => g.nodes.find((n) => n.id === id)!)), '× → cos → sin → exp');
});

test('folding keeps the inputs connected, the end value and adjoint, and the chain rule sum', () => {
  const at = { x: 0.5, y: 2 };
  const g = model('exp(sin(cos(x * y))) + x', 'math', at);
  const chains = findChains(g);
  assert.equal(chains.length, 1);
  // x is a leaf: the sum is the chain's last step too
  assert.deepEqual(chains[0].nodes.map((id) => g.nodes.find((n) => n.id === id)!.op), ['mul', 'cos', 'sin', 'exp', 'add']);
  const f = foldChains(g, chains);
  assert.equal(f.nodes.length, g.nodes.length - 4);
  const folded = f.nodes.find((n) => n.chain)!;
  assert.deepEqual(folded.chain, chains[0].nodes);
  const end = g.nodes.find((n) => n.id === chains[0].id)!;
  assert.equal(folded.value, end.value);
  assert.equal(folded.adjoint, end.adjoint);
  // x and y now feed the folded node; ∂f/∂y = exp(sin(cos(xy)))·cos(cos(xy))·(−sin(xy))·x
  const y = g.nodes.find((n) => n.label === 'y')!;
  const into = f.edges.filter((e) => e.from === y.id);
  assert.equal(into.length, 1);
  assert.equal(into[0].to, folded.id);
  const u = at.x * at.y;
  const want = Math.exp(Math.sin(Math.cos(u))) * Math.cos(Math.cos(u)) * -Math.sin(u) * at.x;
  assert.ok(Math.abs(into[0].localValue - want) < 1e-12, `${into[0].localValue} vs ${want}`);
  // the chain rule at every surviving input still adds up to its adjoint
  for (const n of f.nodes) {
    const b = chainBreakdown(f, n.id)!;
    if (b.isOutput) continue;
    assert.ok(Math.abs(b.sum - n.adjoint) < 1e-9 * Math.max(1, Math.abs(n.adjoint)), `${n.label}: Σ ${b.sum} vs adjoint ${n.adjoint}`);
  }
});

test('a node used twice ends a chain, and short chains are left alone', () => {
  // (a - x)·(a - x): the difference has one consumer but feeds it twice; the rosenbrock graph has no chain of 3
  const g = model('(a - x) * (a - x) + b * (y - x * x) * (y - x * x)');
  assert.deepEqual(findChains(g), []);
  assert.ok(findChains(g, 2).length >= 2);
  const p = model('z = w * x + b\np = 1 / (1 + exp(-z))\nloss = -(y * log(p) + (1 - y) * log(1 - p))');
  const chains = findChains(p);
  assert.equal(chains.length, 1);
  assert.deepEqual(chains[0].nodes.map((id) => p.nodes.find((n) => n.id === id)!.op), ['mul', 'add', 'neg', 'exp', 'add', 'div']);
  assert.equal(p.nodes.find((n) => n.id === chains[0].id)!.name, 'p');
});

test('node cells are at least as wide as their text, side by side or stacked', () => {
  const font = { width: (t: string) => t.length * 7, ascent: 10, descent: 3, fontSize: 12 };
  const texts = ['p = ÷', 'data 0.731059', 'grad −1.2'];
  const row = nodeCells(texts, font, false);
  const col = nodeCells(texts, font, true);
  for (const [box, stacked] of [[row, false], [col, true]] as const) {
    box.cells.forEach((c, i) => {
      assert.ok(c.width >= texts[i].length * 7 + 2, `${texts[i]} fits its cell`);
      assert.ok(c.baseline - font.ascent >= c.y && c.baseline + font.descent <= c.y + c.height, 'text inside the cell vertically');
      assert.ok(c.x + c.width <= box.width && c.y + c.height <= box.height);
    });
    if (stacked) assert.equal(box.height, 3 * box.cells[0].height);
    else assert.equal(box.width, box.cells.reduce((a, c) => a + c.width, 0));
  }
});

test('edge labels: numbers as they are, short locals with their value, long ones by value only', () => {
  assert.equal(edgeText('−1', '−1'), '−1');
  assert.equal(edgeText('a − x', '−0.01'), 'a − x = −0.01');
  assert.equal(edgeText('exp(−(w x) − b) + 1', '1.73'), '1.73');
});

test('a new point keeps the subject; another selection or expression is a new subject', () => {
  const base = {
    kind: 'result', pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, warnings: [],
    format: { digits: 6, notation: 'auto' },
    origin: { file: 'a.py', line: 3, languageId: 'python', language: 'python' },
    expression: { language: 'python', inputs: ['x'], constants: [], point: [], outputs: [{ name: 'f', expr: 'x^2', latex: 'x^{2}', text: 'x²', value: 1 }] },
  } as unknown as ViewModel;
  const samePlaceNewPoint = { ...base, expression: { ...base.expression!, outputs: [{ ...base.expression!.outputs[0], value: 4 }] } };
  assert.equal(subjectOf(samePlaceNewPoint), subjectOf(base));
  assert.equal(subjectOf({ ...base, pinned: true }), subjectOf(base));
  assert.notEqual(subjectOf({ ...base, origin: { ...base.origin!, line: 9 } }), subjectOf(base));
  const otherExpr = { ...base, expression: { ...base.expression!, outputs: [{ ...base.expression!.outputs[0], text: 'sin x' }] } };
  assert.notEqual(subjectOf(otherExpr), subjectOf(base));
  assert.notEqual(subjectOf({ ...base, kind: 'error', error: { message: 'bad', line: 1, column: 1 } }), subjectOf(base));
});
