// Every command on a selection in a Python, JavaScript, C and LaTeX document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, inspectActive, openWithSelection, partialsApi, waitFor, withSetting } from './helpers';

interface Doc { file: string; content: string; selected: string; target: string; declares: RegExp }

// The same function, f = x·y² + sin(x), in each language; the selection is on an indented line.
const DOCS: Doc[] = [
  { file: 'f.py', content: 'import math\n\ndef f(x, y):\n    r = x * y**2 + math.sin(x)\n    return r\n', selected: 'x * y**2 + math.sin(x)', target: 'python', declares: /^ {4}df_dx = /m },
  { file: 'f.js', content: 'function f(x, y) {\n  const r = x * y ** 2 + Math.sin(x);\n  return r;\n}\n', selected: 'x * y ** 2 + Math.sin(x)', target: 'javascript', declares: /^ {2}const dfDx = /m },
  { file: 'f.c', content: '#include <math.h>\ndouble f(double x, double y) {\n    double r = x * y * y + sin(x);\n    return r;\n}\n', selected: 'x * y * y + sin(x)', target: 'c', declares: /^ {4}double df_dx = /m },
  { file: 'f.tex', content: '\\begin{equation}\n  f = x y^2 + \\sin(x)\n\\end{equation}\n', selected: 'x y^2 + \\sin(x)', target: 'latex', declares: /\\frac\{\\partial f\}\{\\partial x\}/ },
];

suite('every command in every language', () => {
  teardown(closeAll);

  for (const d of DOCS) {
    test(`${d.file}: inspect, check, graph, insert, copy LaTeX`, async () => {
      const api = await partialsApi();
      const editor = await openWithSelection(d.file, d.content, d.selected);
      const { model } = await inspectActive(api);
      assert.equal(model.kind, 'result', JSON.stringify(model.error));
      const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
      const dx = model.partials?.find((p) => p.wrt === 'x')?.value ?? NaN;
      assert.ok(Math.abs(dx - (at.y * at.y + Math.cos(at.x))) < 1e-12, `∂f/∂x = y² + cos x: ${dx}`);

      const checked = await inspectActive(api, 'partials.checkGradient');
      assert.deepEqual(checked.model.checks?.rows.map((r) => `${r.wrt}:${r.verdict}`).sort(), ['x:ok', 'y:ok']);

      const graphed = await inspectActive(api, 'partials.showGraph');
      assert.deepEqual(graphed.model.graph?.nodes.filter((n) => n.isInput).map((n) => n.label).sort(), ['x', 'y']);
      await vscode.window.showTextDocument(editor.document); // the panel opened beside; back to the document

      const latex = await vscode.commands.executeCommand<string>('partials.copyGradientLatex');
      assert.match(latex ?? '', /\\frac\{\\partial f\}\{\\partial y\}/);

      const before = editor.document.getText();
      assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: d.target, style: 'closed' }), true);
      const after = editor.document.getText();
      assert.match(after, d.declares);
      // only lines were added, right after the selected line
      const lineOfSelection = before.split('\n').findIndex((l) => l.includes(d.selected));
      assert.deepEqual(after.split('\n').slice(0, lineOfSelection + 1), before.split('\n').slice(0, lineOfSelection + 1));
      assert.ok(after.endsWith(before.split('\n').slice(lineOfSelection + 1).join('\n')));
    });
  }
});

suite('settings', () => {
  teardown(closeAll);

  test('codegen.style = adjoint makes Insert Gradient Code emit the reverse sweep', async () => {
    await partialsApi();
    const restore = await withSetting('codegen.style', 'adjoint');
    try {
      const editor = await openWithSelection('adj.py', 'def f(x, y):\n    r = x * y + y\n    return r\n', 'x * y + y');
      assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'python' }), true);
      assert.match(editor.document.getText(), /backward sweep/);
      assert.match(editor.document.getText(), /\by_bar\b/);
    } finally {
      await restore();
    }
  });

  test('live.enabled = false: moving the selection no longer updates the inspector', async () => {
    const api = await partialsApi();
    const restore = await withSetting('live.enabled', false);
    try {
      const editor = await openWithSelection('live.c', 'double a = x * x;\ndouble b = y * y;\n', 'x * x');
      const { model } = await inspectActive(api);
      assert.deepEqual(model.expression?.inputs, ['x']);
      editor.selection = new vscode.Selection(1, 11, 1, 16);
      await new Promise((r) => setTimeout(r, 1200));
      assert.deepEqual(api.model().expression?.inputs, ['x'], 'unchanged without live update');
      const again = await inspectActive(api);
      assert.deepEqual(again.model.expression?.inputs, ['y'], 'an explicit Inspect still works');
    } finally {
      await restore();
    }
    await waitFor(() => vscode.workspace.getConfiguration('partials').get('live.enabled') === true, 'live update back on');
  });
});
