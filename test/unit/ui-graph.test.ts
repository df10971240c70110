import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphView } from '../../src/core/index';
import { graphToDot } from '../../src/core/dot';
import { buildGraphModel, collapse, MAX_EXPANDED_NODES } from '../../src/extension/engine/graphModel';
import { chainBreakdown, pathProducts, pathToOutput } from '../../src/webview/chain';
import type { GraphModel } from '../../src/shared/protocol';

const opts = (collapseThreshold: number) => ({ outputs: ['f'], direction: 'RIGHT' as const, collapseThreshold });

test('below the threshold the graph is shown in full, with the engine values and adjoints', () => {
  const v = graphView({ source: 'x*y + sin(x)', at: { x: 1, y: 2 } });
  const m = buildGraphModel(v, opts(60));
  assert.equal(m.collapsed, 0);
  assert.equal(m.nodes.length, v.nodes.length);
  const x = m.nodes.find((n) => n.op === 'var' && n.label === 'x')!;
  assert.ok(Math.abs(x.adjoint - (2 + Math.cos(1))) < 1e-12);
  assert.equal(m.nodes.filter((n) => n.isOutput).length, 1);
});

test('collapsing folds a chain of adds into one Σ node and keeps every input connected', () => {
  const v = graphView({ source: 'a + b + c + d + k', at: { a: 1, b: 2, c: 3, d: 4, k: 5 } });
  const m = buildGraphModel(v, opts(1));
  const sums = m.nodes.filter((n) => n.op === 'add');
  assert.equal(sums.length, 1);
  assert.equal(sums[0].label, 'Σ');
  assert.equal(sums[0].value, 15);
  assert.equal(sums[0].members!.length, 4);
  assert.equal(m.collapsed, 3);
  const into = m.edges.filter((e) => e.to === sums[0].id).map((e) => m.nodes.find((n) => n.id === e.from)!.label).sort();
  assert.deepEqual(into, ['a', 'b', 'c', 'd', 'k']);
  assert.ok(m.edges.every((e) => e.localValue === 1));
});

test('an expanded graph past the threshold is shown in full and says so', () => {
  const v = graphView({ source: 'a + b + c + d + k' });
  const m = buildGraphModel(v, { ...opts(1), expanded: true });
  assert.equal(m.collapsed, 0);
  assert.equal(m.nodes.length, v.nodes.length);
  assert.equal(m.expandedPastThreshold, true);
  assert.equal(buildGraphModel(v, opts(100)).expandedPastThreshold, undefined);
});

test('collapsing multiplies local derivatives along a folded product chain', () => {
  const v = graphView({ source: 'a*b*c', at: { a: 2, b: 3, c: 5 } });
  const m = buildGraphModel(v, opts(1));
  const prod = m.nodes.find((n) => n.op === 'mul')!;
  assert.equal(prod.label, 'Π');
  const local = (name: string) => m.edges.find((e) => e.to === prod.id && m.nodes.find((n) => n.id === e.from)!.label === name)!.localValue;
  // ∂(abc)/∂a = bc, ∂/∂b = ac, ∂/∂c = ab: the folded edge carries the whole chain's product.
  assert.equal(local('a'), 15);
  assert.equal(local('b'), 10);
  assert.equal(local('c'), 6);
  // The adjoint recurrence still holds on the collapsed graph.
  for (const n of m.nodes.filter((x) => x.op === 'var')) {
    const b = chainBreakdown(m, n.id)!;
    assert.ok(Math.abs(b.sum - n.adjoint) < 1e-12, n.label);
  }
});

test('single-use literals fold into their consumer label', () => {
  const v = graphView({ source: 'p + q + r + 3*s', at: { p: 1, q: 1, r: 1, s: 1 } });
  const m = buildGraphModel(v, opts(1));
  assert.equal(m.nodes.some((n) => n.op === 'num'), false);
  const mul = m.nodes.find((n) => n.op === 'mul')!;
  assert.equal(mul.label, '× 3');
  assert.equal(m.totalNodes, v.nodes.length);
});

test('the chain rule at every node of a full graph reproduces the engine adjoints', () => {
  const v = graphView({ source: 'u = x*y\nv = sin(u) + u^2\nv*x', at: { x: 0.7, y: -1.3 } });
  const m = buildGraphModel(v, opts(0));
  for (const n of m.nodes) {
    const b = chainBreakdown(m, n.id)!;
    const expected = n.isOutput ? 1 : n.adjoint;
    // The literal exponent of u^2 has a NaN adjoint here (∂u²/∂2 = u² log u, u < 0): NaN on both sides.
    if (Number.isNaN(expected)) { assert.ok(Number.isNaN(b.sum), n.label); continue; }
    assert.ok(Math.abs(b.sum - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${n.label}: ${b.sum} vs ${expected}`);
  }
  // The sum over paths of local-derivative products is also the adjoint (for inputs: the partial).
  const x = m.nodes.find((n) => n.label === 'x')!;
  const { paths, truncated } = pathProducts(m, x.id, 100);
  assert.equal(truncated, false);
  const total = paths.reduce((a, p) => a + p.value, 0);
  assert.ok(Math.abs(total - x.adjoint) < 1e-12);
});

test('the path to the output contains the node, its consumers, and the output', () => {
  const g: GraphModel = {
    output: 'f', outputs: ['f'], direction: 'RIGHT', collapsed: 0, totalNodes: 4,
    nodes: [
      { id: 0, op: 'var', label: 'x', value: 1, adjoint: 2 },
      { id: 1, op: 'var', label: 'y', value: 1, adjoint: 1 },
      { id: 2, op: 'mul', label: '×', value: 1, adjoint: 1 },
      { id: 3, op: 'add', label: '+', value: 2, adjoint: 1, isOutput: true },
    ],
    edges: [
      { from: 0, to: 2, local: 'y', localValue: 1 },
      { from: 1, to: 2, local: 'x', localValue: 1 },
      { from: 2, to: 3, local: '1', localValue: 1 },
      { from: 0, to: 3, local: '1', localValue: 1 },
    ],
  };
  const p = pathToOutput(g, 0);
  assert.deepEqual([...p.nodes].sort(), [0, 2, 3]);
  assert.deepEqual([...p.edges].sort(), [0, 2, 3]);
  assert.equal(pathProducts(g, 0).paths.length, 2);
  const y = pathToOutput(g, 1);
  assert.deepEqual([...y.nodes].sort(), [1, 2, 3]);
});

test('collapse never loses an input: each is shown, connected, or folded into a node that stands for it', () => {
  for (let n = 3; n < 40; n += 7) {
    const names = Array.from({ length: n }, (_, i) => `v${i}`);
    const src = names.map((x, i) => (i % 3 === 0 ? `${x}*${names[(i + 1) % n]}` : x)).join(' + ');
    const v = graphView({ source: src });
    const m = collapse(buildGraphModel(v, opts(0)));
    const shown = new Map(m.nodes.map((x) => [x.id, x]));
    const folded = new Set(m.nodes.flatMap((x) => x.members ?? []));
    for (const orig of v.nodes.filter((x) => x.op === 'var')) {
      const x = shown.get(orig.id);
      if (x) assert.ok(m.edges.some((e) => e.from === x.id), `${x.label} is connected`);
      else assert.ok(folded.has(orig.id), `${orig.label} is folded into a repeat`);
    }
    // Where nothing was folded as a repeat, the adjoint recurrence holds for every variable.
    if (!m.nodes.some((x) => x.repeat)) {
      for (const x of m.nodes.filter((y) => y.op === 'var')) assert.ok(Math.abs(chainBreakdown(m, x.id)!.sum - x.adjoint) < 1e-9);
    }
  }
});

test('repeated structure: 300 similar terms of a sum are shown once, marked ×300', () => {
  const N = 300;
  const v = graphView({ source: Array.from({ length: N }, (_, i) => `sin(x${i}*x${(i + 1) % N})`).join(' + ') });
  const m = buildGraphModel(v, opts(60));
  assert.ok(m.nodes.length < 10, `${m.nodes.length} nodes`);
  const sum = m.nodes.find((x) => x.isOutput)!;
  assert.equal(sum.label, 'Σ');
  assert.equal(sum.value, v.nodes.find((x) => x.isOutput)!.value);
  const sin = m.nodes.find((x) => x.op === 'sin')!;
  assert.equal(sin.repeat, N);
  assert.ok(m.edges.some((e) => e.from === sin.id && e.to === sum.id));
  assert.equal(m.collapsed + m.nodes.length, v.nodes.length);
  // Differently shaped arguments are not merged.
  const mixed = buildGraphModel(graphView({ source: 'sin(a*b) + sin(c*d) + cos(e1*f) + exp(g) + sin(h*k)' }), opts(1));
  assert.equal(mixed.nodes.find((x) => x.op === 'sin')!.repeat, 3);
  assert.ok(mixed.nodes.some((x) => x.op === 'cos') && mixed.nodes.some((x) => x.op === 'exp'));
});

test('DOT export is a record graph with data and grad, escaped', () => {
  const v = graphView({ source: 'x*y', at: { x: 2, y: 3 } });
  const model = buildGraphModel(v, opts(0));
  const dot = graphToDot(model, { format: (n) => String(n), direction: model.direction });
  assert.match(dot, /^digraph "f" \{\n {2}rankdir=LR;/);
  assert.match(dot, /\[label="\{ x \| data 2 \| grad 3 \}", style=filled, fillcolor="#e8f0fe"\]/);
  assert.match(dot, /\[label="\{ f = × \| data 6 \| grad 1 \}", penwidth=2\]/);
  assert.equal((dot.match(/->/g) ?? []).length, v.edges.length);
  assert.ok(dot.endsWith('}\n'));
});

test('Step forward / backward: every node after the nodes it reads, then the same walk reversed for the adjoints', async () => {
  const { sweepOrder, sweepStep, forwardInputs } = await import('../../src/webview/chain');
  const v = graphView({ source: 'z = w*x + b\np = 1/(1 + exp(-z))\nloss = -(y*log(p) + (1 - y)*log(1 - p))', at: { w: 0.5, x: 1.5, b: -0.25, y: 1 } });
  const m = buildGraphModel(v, opts(1000));
  const order = sweepOrder(m);
  assert.equal(order.length, m.nodes.length, 'every node once');
  assert.equal(new Set(order).size, order.length);
  const at = new Map(order.map((id, i) => [id, i]));
  for (const e of m.edges) assert.ok(at.get(e.from)! < at.get(e.to)!, `${e.from} is computed before ${e.to} reads it`);
  const n = order.length;
  assert.equal(sweepStep(order, 0), undefined);
  assert.deepEqual(sweepStep(order, 1), { phase: 'forward', index: 1, of: n, node: order[0] });
  assert.deepEqual(sweepStep(order, n), { phase: 'forward', index: n, of: n, node: order[n - 1] });
  // the backward pass starts at the output (its adjoint is 1) and ends where the forward pass began
  const first = sweepStep(order, n + 1)!;
  assert.equal(first.phase, 'backward');
  assert.ok(m.nodes.find((x) => x.id === first.node)!.isOutput);
  assert.equal(sweepStep(order, 2 * n)!.node, order[0]);
  assert.equal(sweepStep(order, 2 * n + 1), undefined);
  // each backward step's consumers were visited before it: their adjoints are known when it sums them
  for (let j = 1; j <= n; j++) {
    const id = sweepStep(order, n + j)!.node;
    for (const e of m.edges.filter((x) => x.from === id)) assert.ok(order.indexOf(e.to) > order.indexOf(id));
  }
  const out = m.nodes.find((x) => x.isOutput)!;
  assert.ok(forwardInputs(m, out.id).length > 0, 'the output is computed from other nodes');
  assert.ok(Math.abs(out.value - -Math.log(1 / (1 + Math.exp(-(0.5 * 1.5 - 0.25))))) < 1e-12);
});

test('a product of 400 variables folds into one Π read from one input marked ×400, with short edge labels (linear, not quadratic)', () => {
  const N = 400;
  const names = Array.from({ length: N }, (_, i) => `x${i + 1}`);
  const at = Object.fromEntries(names.map((x, i) => [x, 1 + ((i % 7) - 3) / 100]));
  const v = graphView({ source: names.join('*'), at });
  const m = buildGraphModel(v, opts(60));
  assert.equal(m.nodes.length, 2, m.nodes.map((n) => n.label).join(' '));
  const prod = m.nodes.find((n) => n.op === 'mul')!;
  assert.equal(prod.label, 'Π');
  const x = m.nodes.find((n) => n.op === 'var')!;
  assert.equal(x.label, 'x1');
  assert.equal(x.repeat, N);
  assert.equal(m.collapsed + m.nodes.length, v.nodes.length);
  // every original node is shown or folded into a node that stands for it
  const members = new Set(m.nodes.flatMap((n) => n.members ?? [n.id]));
  for (const n of v.nodes) assert.ok(members.has(n.id), `${n.label} is accounted for`);
  const e = m.edges.find((d) => d.from === x.id && d.to === prod.id)!;
  assert.equal(e.local, `x₂ · x₃ · x₄ · … (${N - 1} factors)`);
  const others = names.slice(1).reduce((p, n) => p * at[n], 1);
  assert.ok(Math.abs(e.localValue - others) <= 1e-12 * Math.abs(others), `${e.localValue} vs ${others}`);
  assert.ok(Math.abs(x.adjoint - others) <= 1e-12 * Math.abs(others));
  // the model stays as small as what is drawn
  assert.ok(JSON.stringify(m).length < 20_000, `${JSON.stringify(m).length} characters`);
});

test('expanding a graph past MAX_EXPANDED_NODES keeps it folded', () => {
  const N = 1200; // 2 399 nodes as written
  const v = graphView({ source: Array.from({ length: N }, (_, i) => `x${i + 1}`).join('*') });
  assert.ok(v.nodes.length > MAX_EXPANDED_NODES);
  const m = buildGraphModel(v, { ...opts(60), expanded: true });
  assert.equal(m.expandedPastThreshold, undefined);
  assert.ok(m.collapsed > 0 && m.nodes.length < 10);
  const small = graphView({ source: Array.from({ length: 40 }, (_, i) => `x${i + 1}`).join('*') });
  assert.equal(buildGraphModel(small, { ...opts(10), expanded: true }).nodes.length, small.nodes.length);
});

test('a variable read many times by one folded product is one edge whose derivative is the sum through every use', () => {
  const v = graphView({ source: Array.from({ length: 40 }, () => 'x').join('*'), at: { x: 1.01 } });
  const m = collapse(buildGraphModel(v, opts(0)));
  const x = m.nodes.find((n) => n.op === 'var')!;
  const into = m.edges.filter((e) => e.from === x.id);
  assert.equal(into.length, 1, 'one edge from x');
  // f = x^40: ∂f/∂x = 40 x^39, the sum of the 40 uses' local derivatives along the folded chain
  assert.ok(Math.abs(into[0].localValue - 40 * 1.01 ** 39) < 1e-9 * 40 * 1.01 ** 39, String(into[0].localValue));
  assert.match(into[0].local, /… \(40 terms\)$/);
  assert.ok(Math.abs(chainBreakdown(m, x.id)!.sum - x.adjoint) < 1e-9 * Math.abs(x.adjoint));
  // two uses: both terms written out
  const two = collapse(buildGraphModel(graphView({ source: 'x*x*y', at: { x: 2, y: 3 } }), opts(0)));
  const xs = two.edges.filter((e) => e.from === two.nodes.find((n) => n.label === 'x')!.id);
  assert.equal(xs.length, 1);
  assert.equal(xs[0].localValue, 12);
});
