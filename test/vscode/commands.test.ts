// The other palette commands: panel, computation graph, export, pin.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, inspectActive, openWithSelection, partialsApi, waitFor } from './helpers';

const panelTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('partials.inspectorPanel'));

suite('commands', () => {
  teardown(closeAll);

  test('Open Inspector Panel opens one webview panel, a second call reuses it', async () => {
    await vscode.commands.executeCommand('partials.openPanel');
    await waitFor(() => panelTabs().length === 1, 'the Partials panel tab');
    await vscode.commands.executeCommand('partials.openPanel');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(panelTabs().length, 1);
    assert.equal(panelTabs()[0].label, 'Partials');
  });

  test('Show Computation Graph inspects the selection and opens the panel', async () => {
    const api = await partialsApi();
    await openWithSelection('t.c', 'double p = x * y + y;\n', 'x * y + y');
    const { model } = await inspectActive(api, 'partials.showGraph');
    assert.equal(model.kind, 'result');
    await waitFor(() => panelTabs().length === 1, 'the Partials panel tab');
    assert.deepEqual(model.graph?.nodes.filter((n) => n.isInput).map((n) => n.label).sort(), ['x', 'y']);
  });

  test('Export Graph… as DOT writes every node and edge of the inspected graph', async () => {
    const api = await partialsApi();
    await openWithSelection('t.c', 'double p = exp(x * y) + x;\n', 'exp(x * y) + x');
    const { model } = await inspectActive(api);
    const g = model.graph;
    assert.ok(g);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partials-export-')), 'graph.dot');
    const written = await vscode.commands.executeCommand<string>('partials.exportGraph', { format: 'dot', path: file });
    assert.equal(written, vscode.Uri.file(file).toString());
    const dot = fs.readFileSync(file, 'utf8');
    assert.match(dot, /^digraph /);
    assert.equal((dot.match(/^ {2}n\d+ \[label=/gm) ?? []).length, g.nodes.length, 'one DOT node per graph node');
    assert.equal((dot.match(/^ {2}n\d+ -> n\d+ /gm) ?? []).length, g.edges.length, 'one DOT edge per graph edge');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('Pin freezes the inspector while the selection moves; unpin follows it again', async () => {
    const api = await partialsApi();
    const editor = await openWithSelection('t.c', 'double a = x * x;\ndouble b = y * y * y;\n', 'x * x');
    const { model } = await inspectActive(api);
    assert.deepEqual(model.expression?.inputs, ['x']);
    await vscode.commands.executeCommand('partials.togglePin');
    await waitFor(() => api.model().pinned, 'pinned model');
    try {
      editor.selection = new vscode.Selection(1, 11, 1, 20); // y * y * y
      await new Promise((r) => setTimeout(r, 1200)); // longer than the live-update debounce
      assert.deepEqual(api.model().expression?.inputs, ['x'], 'still the pinned expression');
    } finally {
      await vscode.commands.executeCommand('partials.togglePin');
    }
    assert.equal(api.model().pinned, false);
    editor.selection = new vscode.Selection(1, 11, 1, 16); // y * y (a new selection event)
    const live = await waitFor(() => {
      const m = api.model();
      return m.expression?.inputs.join() === 'y' ? m : undefined;
    }, 'the live model for the new selection');
    assert.equal(live.pinned, false);
  });
});
