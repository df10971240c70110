// Inspect Selection on a vectorised selection in a real VS Code: demo/least_squares.py's loss goes to the tensor
// engine and the inspector's model has the shapes, ∇_w = 2 Xᵀ(X w − y), its value and the checks, equal to the
// engine's own result; a size set in the inspector re-inspects; a shape error is an error model at its position.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeTensor, type Nested } from '../../src/core/tensor';
import { closeAll, inspectActive, openWithSelection, partialsApi, waitFor } from './helpers';

const flat = (v: unknown): number[] => (typeof v === 'number' ? [v] : Array.isArray(v) ? v.flatMap(flat) : []);

function assertAllClose(actual: unknown, expected: Nested | undefined, what: string): void {
  const a = flat(actual), e = flat(expected);
  assert.equal(a.length, e.length, `${what}: entries`);
  a.forEach((x, i) => assert.ok(Math.abs(x - e[i]) <= 1e-12 * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${x} vs ${e[i]}`));
}

suite('tensor inspect', () => {
  teardown(closeAll);

  test('demo/least_squares.py: the loss with shapes, ∇_w in matrix notation, values and checks equal to the engine', async () => {
    const api = await partialsApi();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ws.uri, 'least_squares.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const start = text.indexOf('r = X @ w - y');
    const end = text.indexOf('return r @ r') + 'return r @ r'.length;
    assert.ok(start > 0 && end > start);
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
    const selected = text.slice(start, end);
    await inspectActive(api);
    const model = await waitFor(() => {
      const m = api.model();
      return m.kind !== 'result' || m.tensor?.checks ? m : undefined;
    }, 'the final tensor model', 20000);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    const tv = model.tensor;
    assert.ok(tv, 'the tensor engine inspected the loss');
    assert.equal(model.origin?.line, doc.positionAt(start).line + 1);
    assert.equal(tv.language, 'numpy');
    const ref = analyzeTensor(selected, { language: 'numpy' });
    assert.deepEqual(tv.inputs.map((i) => i.name).sort(), ['X', 'w', 'y']);
    for (const i of tv.inputs) {
      assert.deepEqual(i.symbolic, ref.shapes[i.name], `${i.name}'s shape as read`);
      assertAllClose(i.value, ref.point[i.name], `point ${i.name}`);
    }
    const X = tv.inputs.find((i) => i.name === 'X')!;
    assert.equal(X.shape.length, 2);
    assert.deepEqual(tv.inputs.find((i) => i.name === 'w')!.shape, [X.shape[1]]);
    assert.deepEqual(tv.inputs.find((i) => i.name === 'y')!.shape, [X.shape[0]]);
    const gw = tv.gradients.find((g) => g.wrt === 'w')!;
    assert.equal(gw.text, '2 Xᵀ(X w − y)');
    assert.equal(gw.latex, ref.partials.find((p) => p.wrt === 'w')!.latex);
    for (const p of ref.partials) assertAllClose(tv.gradients.find((g) => g.wrt === p.wrt)!.value, p.value, `∇_${p.wrt}`);
    assertAllClose(tv.output.value, ref.output.value, 'f');
    assert.deepEqual(tv.checks?.map((c) => `${c.wrt}:${c.verdict}`).sort(), ['X:ok', 'w:ok', 'y:ok']);
    assert.ok(model.sweep?.directional, 'the directional step-size study');
    assert.ok(model.graph?.nodes.some((n) => n.label === `X@w : ${X.shape[0]}`), model.graph?.nodes.map((n) => n.label).join(' | '));
  });

  test('a shape error in a vectorised selection is an error model at its document position', async () => {
    const api = await partialsApi();
    const line = 'loss = np.sum(X @ w) + np.trace(w)';
    await openWithSelection('shape.py', `import numpy as np\n${line}\n`, line);
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'error', JSON.stringify(model.tensor?.output));
    assert.equal(model.error?.line, 2);
    // trace(w) needs a square matrix; w is the vector of X @ w: the engine's message, at `np.trace` on line 2
    assert.equal(model.error?.column, line.indexOf('np.trace') + 1);
    assert.match(model.error?.message ?? '', /trace\(w\).*square matrix/);
  });
});
