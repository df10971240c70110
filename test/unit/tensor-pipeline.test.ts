// The inspector's tensor path (src/extension/inspector/pipeline.ts → the engine's tensorInspect, tensorGraph and
// tensorCheck → tensorModel.ts) in plain Node against the in-process engine: vectorised selections in every
// dialect give shapes, gradients in matrix notation and values equal to analyzeTensor's, tensor checks, the
// directional step-size study and a tensor graph; the scalar path is unchanged; sizes, entries and fills re-inspect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createEngine } from '../../src/extension/engine/adapter';
import { inProcess } from '../../src/extension/engine/client';
import { computeModel, type PipelineInput } from '../../src/extension/inspector/pipeline';
import { emptyOverrides, tensorLanguageFor, type Overrides, type Target } from '../../src/extension/inspector/request';
import { documentHits, fillValue, norm, shapeOf, tensorEdit, withEntry } from '../../src/extension/inspector/tensorModel';
import { settingsFrom } from '../../src/extension/settings';
import { codegenTargets, importLines } from '../../src/extension/commands/codegenTarget';
import { analyzeTensor, type Nested } from '../../src/core/tensor';
import { documentArrays as documentArraysIn } from '../../src/core/tensor/documentArrays';

/** What the engine's tensorDocumentPoint answers: the document's literals, for `names`. */
const documentArrays = (text: string, names: string[], offset = text.length, languageId = 'python') => {
  const all = documentArraysIn(text, languageId, offset);
  return Object.fromEntries(names.filter((n) => Object.hasOwn(all, n)).map((n) => [n, all[n]]));
};
import { route, runTensor } from '../../src/core/tensor/session';
import { inspect } from '../../src/core/index';
import { isViewModel, parseWebviewMessage, toWire, fromWire, type NestedNum, type TensorInputView, type TensorTermView, type ViewModel } from '../../src/shared/protocol';
import { seededRandom } from '../../src/extension/source';

const engine = inProcess(createEngine());

function target(text: string, languageId: string, file: string): Target {
  return { uri: `file:///${file}`, file, languageId, language: languageId, text, offset: 0, line: 4, character: 2 };
}

function input(t: Target, overrides: Overrides = emptyOverrides(), over: Partial<PipelineInput> = {}): PipelineInput {
  return {
    target: t, overrides, format: { digits: 6, notation: 'auto' },
    ui: { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
    settings: settingsFrom(() => undefined), explicit: true, codeTarget: 'python', ...over,
  };
}

async function model(t: Target, overrides?: Overrides): Promise<ViewModel> {
  const out = await computeModel(engine, input(t, overrides), { signal: new AbortController().signal });
  assert.ok(out);
  return out.model;
}

const flat = (v: Nested | NestedNum | null | undefined): number[] => (v === null || v === undefined ? [] : typeof v === 'number' ? [v] : (v as Nested[]).flatMap(flat));

function assertClose(actual: NestedNum | null, expected: Nested | undefined, what: string): void {
  const a = flat(actual), e = flat(expected);
  assert.equal(a.length, e.length, `${what}: entry count`);
  assert.deepEqual(shapeOf(actual), shapeOf(expected as NestedNum), `${what}: shape`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= 1e-12 * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
}

const CASES = [
  { name: 'NumPy', text: 'np.sum((X @ w - y) ** 2)', languageId: 'python', file: 'least_squares.py', lang: 'numpy', shapes: { X: 2, w: 1, y: 1 }, w: 'w', latex: '2 X^\\top \\left(X w - y\\right)' },
  { name: 'PyTorch', text: '((X @ w - y) ** 2).mean()', languageId: 'python', file: 'mlp_torch.py', lang: 'numpy', shapes: { X: 2, w: 1, y: 1 }, w: 'w' },
  { name: 'MATLAB (a .m opened as Objective-C)', text: "J = 0.5 * x'*A*x - b'*x;", languageId: 'objective-c', file: 'ridge.m', lang: 'matlab', shapes: { x: 1, A: 2, b: 1 }, w: 'x', latex: '0.5 A^\\top x - b + 0.5 A x' },
  { name: 'MATLAB', text: "J = 0.5 * x'*A*x - b'*x;", languageId: 'matlab', file: 'ridge.m', lang: 'matlab', shapes: { x: 1, A: 2, b: 1 }, w: 'x' },
  { name: 'Julia', text: 'sum(abs2, X*w .- y)', languageId: 'julia', file: 'gaussian.jl', lang: 'julia', shapes: { X: 2, w: 1, y: 1 }, w: 'w' },
  { name: 'LaTeX', text: '\\|Xw - y\\|_2^2', languageId: 'latex', file: 'notes.tex', lang: 'latex', shapes: { X: 2, w: 1, y: 1 }, w: 'w', latex: '2 X^\\top \\left(X w - y\\right)' },
  { name: 'Eigen', text: '(X * w - y).squaredNorm()', languageId: 'cpp', file: 'fit.cpp', lang: 'eigen', shapes: { X: 2, w: 1, y: 1 }, w: 'w' },
] as const;

for (const c of CASES) {
  test(`${c.name}: shapes, the gradient in matrix notation, values equal to analyzeTensor's, checks ok, the study and the graph`, async () => {
    const m = await model(target(c.text, c.languageId, c.file));
    assert.equal(m.kind, 'result', JSON.stringify(m.error));
    assert.ok(isViewModel(fromWire(toWire(m))), 'the webview accepts the model');
    const tv = m.tensor;
    assert.ok(tv, 'a tensor view');
    assert.equal(m.partials, undefined, 'no scalar partials');
    assert.equal(tv.language, c.lang);
    const ref = analyzeTensor(c.text, { language: c.lang });
    // shapes: every input with its rank, symbolic as read and concrete at the point
    for (const [name, rank] of Object.entries(c.shapes)) {
      const i: TensorInputView | undefined = tv.inputs.find((x) => x.name === name);
      assert.ok(i, `input ${name}`);
      assert.equal(i.shape.length, rank, `${name} rank`);
      assert.deepEqual(i.symbolic, ref.shapes[name], `${name} symbolic shape`);
      assertClose(i.value, ref.point[name], `point ${name}`);
    }
    assert.equal(tv.dims.length > 0, true, 'symbolic sizes get size fields');
    assertClose(tv.output.value, ref.output.value, 'f');
    assert.equal(tv.output.latex, ref.output.latex);
    for (const p of ref.partials) {
      const g: TensorTermView | undefined = tv.gradients.find((x) => x.wrt === p.wrt);
      assert.ok(g, `gradient ${p.wrt}`);
      assert.equal(g.latex, p.latex, `∇_${p.wrt} LaTeX`);
      assertClose(g.value, p.value, `∇_${p.wrt}`);
      assert.ok(Math.abs(g.norm - Math.hypot(...flat(p.value))) < 1e-12 * Math.max(1, g.norm), 'norm');
    }
    if ('latex' in c) assert.equal(tv.gradients.find((g) => g.wrt === c.w)?.latex, c.latex);
    assert.deepEqual(tv.checks?.map((x) => x.verdict), ref.partials.map(() => 'ok'), 'every input checks ok');
    for (const k of tv.checks ?? []) assert.ok(k.worstEntryError < 1e-6 && k.entriesChecked === k.entries, `${k.wrt}: ${k.worstEntryError}`);
    // the directional study: central differences reach ≤ 1e-7 relative somewhere, and the exact value is ⟨∇f, d⟩
    const sw = m.sweep;
    assert.ok(sw?.directional, 'the directional step-size study');
    assert.equal(sw.wrt, ref.partials[0].wrt);
    const central = sw.series.find((s) => s.method === 'centralDifference')!;
    assert.ok(Math.min(...central.points.map(([, e]) => e).filter(Number.isFinite)) < 1e-7 * Math.max(1, Math.abs(sw.directional.exact)));
    // the graph: tensor nodes carry their shapes; the output is a scalar
    const g = m.graph;
    assert.ok(g && g.nodes.some((n) => n.isInput && n.shape?.length === 2), 'a matrix input node with its shape');
    assert.ok(g.nodes.some((n) => n.isOutput && n.shape?.length === 0 && typeof n.tensorValue === 'number'));
    assert.ok(Math.abs((g.nodes.find((n) => n.isOutput)!.tensorValue as number) - (ref.output.value as number)) < 1e-12 * Math.max(1, Math.abs(ref.output.value as number)));
  });
}

test('the least-squares loss: `X@w : 2`-style labels, `sum ↦ 1ᵀ` on the reduction, adjoints shaped like values', async () => {
  const m = await model(target('np.sum((X @ w - y) ** 2)', 'python', 'least_squares.py'));
  const g = m.graph!;
  const n = m.tensor!.dims.find((d) => d.symbol === m.tensor!.inputs[0].symbolic[0])!.size;
  assert.ok(g.nodes.some((x) => x.label === `X@w : ${n}`), g.nodes.map((x) => x.label).join(' | '));
  assert.ok(g.edges.some((e) => e.local === 'sum ↦ 1ᵀ'));
  for (const x of g.nodes) if (x.tensorAdjoint !== null && x.tensorAdjoint !== undefined) assert.deepEqual(shapeOf(x.tensorAdjoint), shapeOf(x.tensorValue ?? null), `adjoint of ${x.label}`);
  const wNode = g.nodes.find((x) => x.isInput && x.label.startsWith('w :'))!;
  assertClose(wNode.tensorAdjoint ?? null, m.tensor!.gradients.find((x) => x.wrt === 'w')!.value as Nested, 'the adjoint of w is ∇_w');
});

test('routing: scalar selections stay scalar; a selection goes to the tensor engine exactly when session.route sends it', async () => {
  const scalar = await model(target('f = x*y + sin(x)', 'python', 't.py'));
  assert.equal(scalar.tensor, undefined);
  assert.equal(scalar.partials?.length, 2);
  const cases = [['np.sum((X @ w - y) ** 2)', 'python'], ['x**2 + y', 'python'], ['r = X @ w - y\nreturn r @ r', 'python'], ["w'*w", 'matlab'],
    ['x^2 + y', 'latex'], ['X @ @ w', 'python'], ['a*b', 'julia']] as const;
  const seen = new Set<string>();
  for (const [text, lang] of cases) {
    const expected = (() => {
      try {
        return route({ source: text, lang }, () => inspect({ source: text, language: lang }), (l) => runTensor({ source: text, lang: l })).kind;
      } catch {
        return 'error';
      }
    })();
    seen.add(expected);
    const m = await model(target(text, lang, 't'));
    const got = m.kind === 'error' ? 'error' : m.tensor ? 'tensor' : 'scalar';
    assert.equal(got, expected, text);
  }
  assert.deepEqual([...seen].sort(), ['error', 'scalar', 'tensor'], 'every outcome is exercised');
});

test('a shape error shows the engine message at its document line and column', async () => {
  const o = emptyOverrides();
  o.tensorAt = { X: [[1, 2, 3], [4, 5, 6]], w: [1, 2] };
  const m = await model(target('np.sum((X @ w - y) ** 2)', 'python', 't.py'), o);
  assert.equal(m.kind, 'error');
  assert.match(m.error!.message, /X/);
  assert.match(m.error!.message, /2×3|\(2, 3\)|2x3/);
  assert.equal(m.error!.line, 5, 'the target starts on document line 5');
  assert.ok(m.error!.column >= 3, `column ${m.error!.column} is in the document`);
  assert.equal(m.error!.sourceLine, 'np.sum((X @ w - y) ** 2)');
});

test('a size field re-inspects at that size; arrays using it go back to the default; entries and fills set the point', async () => {
  const t = target('np.sum((X @ w - y) ** 2)', 'python', 'least_squares.py');
  const o = emptyOverrides();
  const m0 = await model(t, o);
  const rows = m0.tensor!.inputs.find((i) => i.name === 'X')!.symbolic[0] as string;
  o.tensorAt = { y: m0.tensor!.inputs.find((i) => i.name === 'y')!.value };
  assert.ok(tensorEdit(o, m0, { type: 'tensorDim', symbol: rows, size: 5 }));
  assert.equal(o.tensorAt.y, undefined, 'y uses the changed size: back to the default');
  const m1 = await model(t, o);
  assert.deepEqual(m1.tensor!.inputs.find((i) => i.name === 'X')!.shape.slice(0, 1), [5]);
  assert.deepEqual(m1.tensor!.inputs.find((i) => i.name === 'y')!.shape, [5]);
  assert.equal(m1.tensor!.dims.find((d) => d.symbol === rows)!.size, 5);
  assert.deepEqual(m1.tensor!.gradients.find((g) => g.wrt === 'y')!.shape, [5]);
  // one entry, then a fill
  assert.ok(tensorEdit(o, m1, { type: 'tensorEntry', name: 'w', index: [0], value: 2.5 }));
  assert.ok(tensorEdit(o, m1, { type: 'tensorFill', name: 'X', fill: 'ones' }));
  assert.equal(tensorEdit(o, m1, { type: 'tensorEntry', name: 'w', index: [99], value: 1 }), false, 'outside the shape');
  assert.equal(tensorEdit(o, m1, { type: 'tensorFill', name: 'nope', fill: 'ones' }), false);
  const m2 = await model(t, o);
  const X = m2.tensor!.inputs.find((i) => i.name === 'X')!;
  const w = m2.tensor!.inputs.find((i) => i.name === 'w')!;
  assert.equal((w.value as number[])[0], 2.5);
  assert.ok(flat(X.value).every((x) => x === 1));
  assert.equal(X.source, 'user');
  const ref = analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy', at: o.tensorAt as Record<string, Nested> });
  assertClose(m2.tensor!.gradients.find((g) => g.wrt === 'w')!.value, ref.partials.find((p) => p.wrt === 'w')!.value, '∇_w at the edited point');
});

test('fill actions: zeros, ones, identity, random in [−1, 1], SPD symmetric with eigenvalues ≥ 1', () => {
  const rand = seededRandom(3);
  assert.deepEqual(fillValue([2, 2], 'identity', rand), [[1, 0], [0, 1]]);
  assert.deepEqual(fillValue([3], 'zeros', rand), [0, 0, 0]);
  assert.deepEqual(fillValue([], 'ones', rand), 1);
  const r = flat(fillValue([4, 3], 'random', rand));
  assert.equal(r.length, 12);
  assert.ok(r.every((x) => x >= -1 && x <= 1) && new Set(r).size > 6);
  const s = fillValue([3, 3], 'spd', rand) as number[][];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(s[i][j], s[j][i]);
  // xᵀ S x ≥ 0.99 |x|² for random x (eigenvalues ≥ 1 up to the rounding to 3 decimals)
  for (let k = 0; k < 50; k++) {
    const x = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
    const q = x.reduce((acc, xi, i) => acc + xi * x.reduce((a2, xj, j) => a2 + s[i][j] * xj, 0), 0);
    assert.ok(q >= 0.99 * x.reduce((a, v) => a + v * v, 0), `xᵀSx = ${q}`);
  }
  assert.deepEqual(withEntry([[1, 2], [3, 4]], [1, 0], 9), [[1, 2], [9, 4]]);
  assert.equal(withEntry([1, 2], [2], 9), undefined);
  assert.equal(norm([[3, 0], [0, 4]]), 5);
});

test('the tensor language for a target: .m as Objective-C is MATLAB, plain text is detected', () => {
  assert.equal(tensorLanguageFor({ languageId: 'objective-c', language: 'objective-c', file: 'ridge.m' }), 'matlab');
  assert.equal(tensorLanguageFor({ languageId: 'objective-c', language: 'objective-c', file: 'a.mm' }), 'objective-c');
  assert.equal(tensorLanguageFor({ languageId: 'plaintext', language: 'plaintext', file: 'a.txt' }), 'auto');
  assert.equal(tensorLanguageFor({ languageId: 'python', language: 'python', file: 'a.py' }), 'python');
});

test('webview messages for sizes, entries and fills are validated', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'tensorDim', symbol: 'n', size: 5 }), { type: 'tensorDim', symbol: 'n', size: 5 });
  assert.equal(parseWebviewMessage({ type: 'tensorDim', symbol: 'n', size: 0 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'tensorDim', symbol: 'n', size: 2.5 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'tensorDim', symbol: 'n', size: 1e6 }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'tensorEntry', name: 'X', index: [1, 2], value: -1 }), { type: 'tensorEntry', name: 'X', index: [1, 2], value: -1 });
  assert.equal(parseWebviewMessage({ type: 'tensorEntry', name: 'X', index: [1, 2, 3], value: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'tensorEntry', name: 'X', index: [-1], value: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'tensorEntry', name: 'X', index: [0], value: NaN }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'tensorFill', name: 'A', fill: 'spd' }), { type: 'tensorFill', name: 'A', fill: 'spd' });
  assert.equal(parseWebviewMessage({ type: 'tensorFill', name: 'A', fill: 'magic' }), undefined);
});

test('a cancelled tensor inspection returns nothing and stops calling the engine', async () => {
  const calls: string[] = [];
  const abort = new AbortController();
  const spy = {
    call: ((method, args, opts) => {
      calls.push(method);
      if (method === 'tensorInspect') abort.abort();
      return engine.call(method, args, opts);
    }) as typeof engine.call,
    dispose: () => {},
  };
  const out = await computeModel(spy, input(target('np.sum((X @ w - y) ** 2)', 'python', 't.py')), { signal: abort.signal });
  assert.equal(out, undefined);
  assert.deepEqual(calls, ['inspectViewCode', 'tensorInspect']);
});

test('From document: array literals above the selection (NumPy, PyTorch, MATLAB, Julia) become the point', async () => {
  const py = readFileSync(new URL('../../demo/least_squares.py', import.meta.url), 'utf8');
  const sel = 'np.sum((X @ w - y) ** 2)';
  const offset = py.indexOf(sel);
  const found = documentArrays(py, ['X', 'w', 'y', 'lam', 'nope'], offset);
  assert.deepEqual(found.X, [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]]);
  assert.deepEqual(found.w, [0.5, -0.25, 1.0]);
  assert.deepEqual(found.y, [1.0, 0.0, 2.0, -1.0]);
  assert.equal(found.lam, 0.1);
  assert.equal(found.nope, undefined);
  assert.deepEqual(documentArrays(py, ['X'], 10), {}, 'only above the selection');
  assert.deepEqual(documentArrays('t = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n', ['t']), { t: [[1, 2], [3, 4]] });
  assert.deepEqual(documentArrays('v = [1.5, -2, 3e-1]\nr = np.array([[1, 2], [3]])\nq = np.array([a, b])\n', ['v', 'r', 'q']), { v: [1.5, -2, 0.3] }, 'ragged and non-numeric literals are skipped');
  assert.deepEqual(documentArrays('A = [4 1\n     1 3];\nb = [1 2];\n', ['A', 'b'], undefined, 'matlab'), { A: [[4, 1], [1, 3]], b: [1, 2] });
  // the inputs' ranks decide: a MATLAB row is a vector; a matrix for a vector input is left out
  assert.deepEqual(documentHits([{ name: 'x', symbolic: ['n'] }, { name: 'A', symbolic: ['n'] }], { x: [[1, 2, 3]], A: [[1, 2], [3, 4]] }), { x: [1, 2, 3] });
  // the inspector at the document's point: X 4×3, w 3, y 4, and ∇_w = 2 Xᵀ(X w − y) there
  const o = emptyOverrides();
  o.tensorAt = documentHits([{ name: 'X', symbolic: ['n', 'm'] }, { name: 'w', symbolic: ['m'] }, { name: 'y', symbolic: ['n'] }], found);
  const m = await model(target(sel, 'python', 'least_squares.py'), o);
  assert.deepEqual(m.tensor!.inputs.map((i) => `${i.name} ${i.shape.join('×')}`), ['X 4×3', 'w 3', 'y 4']);
  const X = found.X as number[][], w = found.w as number[], y = found.y as number[];
  const r = X.map((row, i) => row.reduce((s, x, j) => s + x * w[j], 0) - y[i]);
  const grad = w.map((_, j) => 2 * X.reduce((s, row, i) => s + row[j] * r[i], 0));
  assertClose(m.tensor!.gradients.find((g) => g.wrt === 'w')!.value, grad, '∇_w = 2 Xᵀ(X w − y) at the document point');
});

test('a scalar parse error in a language without a tensor reader keeps its own message and position', async () => {
  const calls: string[] = [];
  const spy = { call: ((method, args, opts) => { calls.push(method); return engine.call(method, args, opts); }) as typeof engine.call, dispose: () => {} };
  const out = await computeModel(spy, input(target('(x +* 2)', 'c', 't.c')), { signal: new AbortController().signal });
  const m = out!.model;
  assert.equal(m.kind, 'error');
  assert.match(m.error!.message, /Unexpected '\*'/);
  assert.equal(m.error!.column, 3 + 5 - 1, 'column 5 of the selection, which starts at document column 3');
  assert.deepEqual(calls, ['inspectViewCode', 'tensorInspect'], 'the scalar engine runs once');
});

/** The `loss` of demo/least_squares.py as a user selects it (from `r` to the end of `return r @ r`), and the arrays above it. */
function leastSquaresLoss(): { t: Target; at: Record<string, number[][] | number[]> } {
  const py = readFileSync(new URL('../../demo/least_squares.py', import.meta.url), 'utf8');
  const text = 'r = X @ w - y\n    return r @ r';
  const offset = py.indexOf(text);
  assert.ok(offset > 0, 'the loss is in demo/least_squares.py');
  const t = { ...target(text, 'python', 'least_squares.py'), offset };
  const at = documentArrays(py, ['X', 'w', 'y'], offset) as Record<string, number[][] | number[]>;
  return { t, at };
}

const missingNumpy = (): string | undefined =>
  spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0 ? undefined : '/usr/bin/python3 has no numpy';

test('the Code section of demo/least_squares.py\'s loss: grad_w = 2 Xᵀ(X w − y) in NumPy, and it runs to analyzeTensor\'s gradient', { skip: missingNumpy() }, async () => {
  const { t, at } = leastSquaresLoss();
  const o = emptyOverrides();
  o.tensorAt = at; // "From document": X 4×3, w 3, y 4
  const out = await computeModel(engine, input(t, o, { codeTarget: 'numpy' }), { signal: new AbortController().signal });
  const m = out!.model;
  assert.ok(m.tensor, JSON.stringify(m.error));
  assert.ok(isViewModel(fromWire(toWire(m))), 'the webview accepts the model');
  assert.deepEqual(m.code, {
    target: 'numpy', style: 'closed',
    code: [
      '# value and gradient in matrix form: f, grad_X, grad_w, grad_y',
      't1 = X @ w - y',
      'f = t1 @ t1',
      'grad_X = np.outer(2.0 * t1, w)',
      'grad_w = 2.0 * (X.T @ t1)',
      'grad_y = -2.0 * t1',
    ].join('\n'),
  });
  // run it at the document's arrays; every gradient equals the engine's to 1e-10
  const ref = analyzeTensor('r = X @ w - y\nreturn r @ r', { language: 'numpy', at });
  const prog = [
    'import json, numpy as np',
    ...Object.entries(at).map(([k, v]) => `${k} = np.array(${JSON.stringify(v)}, dtype=float)`),
    m.code!.code,
    'print(json.dumps({"f": float(f), "X": grad_X.tolist(), "w": grad_w.tolist(), "y": grad_y.tolist()}))',
  ].join('\n');
  const py = spawnSync('/usr/bin/python3', ['-c', prog], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const got = JSON.parse(py.stdout) as Record<string, Nested>;
  const close = (a: Nested, e: Nested | undefined, what: string) => {
    const x = flat(a), y = flat(e);
    assert.equal(x.length, y.length, `${what}: entry count`);
    x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= 1e-10 * Math.max(1, Math.abs(y[i])), `${what}[${i}]: ${v} vs ${y[i]}`));
  };
  close(got.f, ref.output.value, 'f');
  assert.deepEqual(ref.partials.map((p) => p.wrt).sort(), ['X', 'w', 'y']);
  for (const p of ref.partials) close(got[p.wrt], p.value, `grad_${p.wrt}`);
  // the code's ∇_w is the one the inspector shows
  close(got.w, m.tensor.gradients.find((g) => g.wrt === 'w')!.value as Nested, 'grad_w vs the inspector');
});

test('the Code section follows the style setting and the document\'s dialect (MATLAB, Julia, Eigen, JAX, LaTeX)', async () => {
  const run = async (t: Target, codeTarget: PipelineInput['codeTarget'], style = 'closed', imports?: string) => {
    const settings = settingsFrom((k) => (k === 'codegen.style' ? style : undefined));
    const out = await computeModel(engine, input(t, emptyOverrides(), { codeTarget, settings, imports }), { signal: new AbortController().signal });
    assert.ok(out!.model.tensor, JSON.stringify(out!.model.error));
    return out!.model.code;
  };
  const adj = await run(target('np.sum((X @ w - y) ** 2)', 'python', 'least_squares.py'), 'numpy', 'adjoint');
  assert.equal(adj?.style, 'adjoint');
  assert.match(adj!.code, /^# forward sweep, then backward sweep/);
  assert.match(adj!.code, /^t2_bar = 2\.0 \* t2$/m);
  assert.match(adj!.code, /^grad_w = 2\.0 \* \(X\.T @ t2\)$/m);
  // a .m file VS Code opens as Objective-C has no code target of its own (the inspector passes the first of all,
  // python): the code is in the dialect the tensor engine read, MATLAB, as Insert Gradient Code writes it
  for (const [languageId, codeTarget] of [['objective-c', codegenTargets('objective-c', '')[0]], ['matlab', 'matlab']] as const) {
    const mat = await run(target("J = 0.5 * x'*A*x - b'*x;", languageId, 'ridge.m'), codeTarget);
    assert.equal(mat?.target, 'matlab', languageId);
    assert.match(mat!.code, /^grad_b = -x;$/m);
  }
  const txt = await run(target('np.sum((X @ w - y) ** 2)', 'plaintext', 'notes.txt'), codegenTargets('plaintext', '')[0]);
  assert.equal(txt?.target, 'numpy');
  const jl = await run(target('sum(abs2, X*w .- y)', 'julia', 'gaussian.jl'), 'julia');
  assert.equal(jl?.target, 'julia');
  assert.match(jl!.code, /^grad_w = 2\.0 \.\* \(transpose\(X\) \* t1\)$/m);
  const eigen = await run(target('(X * w - y).squaredNorm()', 'cpp', 'fit.cpp'), 'cpp');
  assert.equal(eigen?.target, 'eigen');
  assert.match(eigen!.code, /^const Eigen::VectorXd grad_w = 2\.0 \* \(X\.transpose\(\) \* t1\);$/m);
  const jax = await run(target('jnp.sum((X @ w - y) ** 2)', 'python', 'fit.py'), 'numpy');
  assert.equal(jax?.target, 'jax');
  assert.match(jax!.code, /^grad_w = 2\.0 \* \(X\.T @ t1\)$/m);
  // a selection with no jnp. in it, in a file that imports jax: JAX too (the inspector passes the import lines);
  // the same selection in a NumPy file stays NumPy
  const doc = '"""Fit."""\nimport jax\nimport jax.numpy as jnp\n\ndef loss(w, X, y):\n    return ((X @ w - y) ** 2).mean()\n';
  assert.equal(importLines(doc), 'import jax\nimport jax.numpy as jnp');
  const jaxFile = await run(target('((X @ w - y) ** 2).mean()', 'python', 'fit.py'), 'numpy', 'closed', importLines(doc));
  assert.equal(jaxFile?.target, 'jax');
  const npFile = await run(target('((X @ w - y) ** 2).mean()', 'python', 'fit.py'), 'numpy', 'closed', importLines('import numpy as np\n'));
  assert.equal(npFile?.target, 'numpy');
  const tex = await run(target('\\|Xw - y\\|_2^2', 'latex', 'notes.tex'), 'latex');
  assert.equal(tex?.target, 'latex');
  assert.match(tex!.code, /\\frac\{\\partial f\}\{\\partial w\} &= 2 X\^\\top \\left\(X w - y\\right\)/);
});

test('the tensor Code stage: skipped past the time budget like the scalar one, and cancellable', async () => {
  // a live update (not explicit) whose first stages took longer than the budget: no checks, no code, a warning
  let clock = 0;
  const slow = await computeModel(engine, input(target('np.sum((X @ w - y) ** 2)', 'python', 't.py'), emptyOverrides(), { explicit: false, codeTarget: 'numpy' }),
    { signal: new AbortController().signal, now: () => (clock += 1000) });
  assert.ok(slow!.model.tensor);
  assert.equal(slow!.model.code, undefined);
  assert.equal(slow!.model.tensor.checks, undefined);
  assert.ok(slow!.model.warnings.some((w) => /Checks and code were skipped/.test(w)), slow!.model.warnings.join(' | '));
  // superseded while the code is generated: nothing comes back, and no stage runs after it
  const calls: string[] = [];
  const abort = new AbortController();
  const spy = {
    call: ((method, args, opts) => {
      calls.push(method);
      if (method === 'tensorCode') abort.abort();
      return engine.call(method, args, opts);
    }) as typeof engine.call,
    dispose: () => {},
  };
  const out = await computeModel(spy, input(target('np.sum((X @ w - y) ** 2)', 'python', 't.py'), emptyOverrides(), { codeTarget: 'numpy' }), { signal: abort.signal });
  assert.equal(out, undefined);
  assert.deepEqual(calls, ['inspectViewCode', 'tensorInspect', 'tensorEntrywise', 'tensorGraph', 'tensorCheck', 'tensorCode']);
});
