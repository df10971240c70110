// Inspect Selection on real documents: the model the webviews show, computed from the editor's selection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertClose, closeAll, inspectActive, openWithSelection, partialsApi, withSetting } from './helpers';

const ROSENBROCK = '(1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)';

suite('inspect selection', () => {
  teardown(closeAll);

  test('C: the partials of the selected expression, at the model point', async () => {
    const api = await partialsApi();
    await openWithSelection('t.c', `double rosen(double x, double y) {\n    return ${ROSENBROCK};\n}\n`, ROSENBROCK);
    const { model, returned } = await inspectActive(api);
    assert.equal(returned, true);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    assert.equal(model.origin?.line, 2);
    assert.deepEqual(model.expression?.inputs, ['x', 'y']);
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    const { x, y } = at;
    assert.ok(Number.isFinite(x) && Number.isFinite(y), 'the point has x and y');
    const byWrt = Object.fromEntries((model.partials ?? []).map((p) => [p.wrt, p]));
    assert.deepEqual(Object.keys(byWrt).sort(), ['x', 'y']);
    assertClose(byWrt.x.value, -2 * (1 - x) - 400 * x * (y - x * x), 1e-12, '∂f/∂x');
    assertClose(byWrt.y.value, 200 * (y - x * x), 1e-12, '∂f/∂y');
    assertClose(model.expression?.outputs[0].value ?? NaN, (1 - x) ** 2 + 100 * (y - x * x) ** 2, 1e-12, 'f');
    // the graph: inputs x, y and the output are nodes; every edge joins two nodes of the graph
    const g = model.graph;
    assert.ok(g, 'a computation graph');
    const ids = new Set(g.nodes.map((n) => n.id));
    assert.deepEqual(g.nodes.filter((n) => n.isInput).map((n) => n.label).sort(), ['x', 'y']);
    assert.equal(g.nodes.filter((n) => n.isOutput).length, 1);
    assert.ok(g.edges.every((e) => ids.has(e.from) && ids.has(e.to)));
    // the adjoint of each input is its partial
    for (const n of g.nodes.filter((n) => n.isInput)) assertClose(n.adjoint, byWrt[n.label].value, 1e-12, `adjoint of ${n.label}`);
  });

  test('a selection that rests has its partials computed ahead: the Inspect that follows finds them (prefetch.ts)', async () => {
    const api = await partialsApi();
    // (no live update: it would make the same call after its debounce, and the Inspect would find that instead)
    const restore = await withSetting('live.enabled', false);
    const expr = 'exp(-q*q) * cos(3*q*r) + r';
    let model;
    let before;
    try {
      await openWithSelection('prefetch.py', `import numpy as np\nf = ${expr}\n`, expr);
      // the prefetch waits PREFETCH_MS for the selection to rest, then asks the worker
      await new Promise((r) => setTimeout(r, 1500));
      before = api.engineStats();
      ({ model } = await inspectActive(api));
    } finally {
      await restore();
    }
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    const after = api.engineStats();
    assert.ok(after.cacheHits + after.joined > before.cacheHits + before.joined,
      `the Inspect's first call was answered by the prefetch (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    const dq = (model.partials ?? []).find((p) => p.wrt === 'q')!.value;
    assertClose(dq, -2 * at.q * Math.exp(-at.q * at.q) * Math.cos(3 * at.q * at.r) - Math.exp(-at.q * at.q) * 3 * at.r * Math.sin(3 * at.q * at.r), 1e-12, '∂f/∂q');
  });

  test('a multi-line selection: every assignment, the last one differentiated', async () => {
    const api = await partialsApi();
    const body = 'a = x * y\nb = sin(a) + x\n';
    await openWithSelection('t.c', `${body}rest\n`, body);
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    const byWrt = Object.fromEntries((model.partials ?? []).filter((p) => p.of === 'b').map((p) => [p.wrt, p.value]));
    assertClose(byWrt.x, Math.cos(at.x * at.y) * at.y + 1, 1e-12, '∂b/∂x');
    assertClose(byWrt.y, Math.cos(at.x * at.y) * at.x, 1e-12, '∂b/∂y');
  });

  test('a bad selection gives the parse error with its document position, not an exception', async () => {
    const api = await partialsApi();
    await openWithSelection('t.c', 'double z = (x +* 2);\n', '(x +* 2)');
    const { model, returned } = await inspectActive(api);
    assert.equal(returned, true);
    assert.equal(model.kind, 'error');
    assert.ok(model.error && model.error.message.length > 0, 'an error message');
    // the `*` that cannot start an operand: line 1, column 16 of the document
    assert.equal(model.error.line, 1);
    assert.equal(model.error.column, 16);
    assert.equal(model.partials, undefined);
  });

  test('inspect with explicit arguments (hover links) selects and inspects that range', async () => {
    const api = await partialsApi();
    const editor = await openWithSelection('t.c', 'double q = x * x * x;\ndouble r = 0;\n', 'double r');
    const args = { uri: editor.document.uri.toString(), range: [0, 11, 0, 20] };
    const { model } = await inspectActive(api, 'partials.inspectSelection', args);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    assertClose(model.partials?.[0].value ?? NaN, 3 * at.x * at.x, 1e-12, '∂/∂x x³');
    assert.equal(vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection), 'x * x * x');
  });

  test('a selection over the size limit gets the limit message, not a computation', async () => {
    const api = await partialsApi();
    const restore = await withSetting('limits.maxSelectionChars', 100);
    try {
      const long = Array.from({ length: 30 }, (_, i) => `x${i} * y`).join(' + ');
      await openWithSelection('big.c', `double s = ${long};\n`, long);
      const { model } = await inspectActive(api);
      assert.equal(model.kind, 'error');
      assert.equal(model.error?.code, 'limit');
      assert.match(model.error?.message ?? '', new RegExp(`${long.length} characters.*at most 100.*partials\\.limits\\.maxSelectionChars`));
    } finally {
      await restore();
    }
  });

  test('a live update still waiting for a closed editor does not replace the inspected result', async () => {
    const api = await partialsApi();
    const restore = await withSetting('live.debounceMs', 1500);
    try {
      await openWithSelection('kept.c', 'double q = y * y * y;\n', 'y * y * y');
      const { model } = await inspectActive(api);
      assert.equal(model.kind, 'result', JSON.stringify(model.error));
      // a selection in another editor schedules a live update; the editor closes before the debounce ends
      await openWithSelection('closed.c', 'double p = x * x;\n', 'x * x');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await new Promise((r) => setTimeout(r, 2500));
      const now = api.model();
      assert.match(now.origin?.file ?? '', /^kept-/, `still the inspected file, not the closed one: ${now.origin?.file}`);
      assert.deepEqual(now.expression?.inputs, ['y']);
    } finally {
      await restore();
    }
  });
});
