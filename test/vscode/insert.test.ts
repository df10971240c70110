// Insert Gradient Code / Function / Hessian and Copy as LaTeX: the text that lands in the document, as one undo
// step, indented like the selection, with the document's line endings, and correct (re-read by the engine).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { inspect } from '../../src/core/index';
import { assertClose, closeAll, openWithSelection, partialsApi } from './helpers';

const PY = ['import math', '', '', 'def f(x, y):', '    z = x**2 * math.sin(y)', '    return z', ''];
const SELECTED = 'x**2 * math.sin(y)';

/**
 * The values the inserted Python statements compute for `names`, evaluated by the engine at `at`. The names are
 * renamed first: the Python front end reads `df_dx = …` as a claim about f, not as an assignment.
 */
function evaluateInserted(code: string, names: string[], at: Record<string, number>): Record<string, number> {
  const rename = (s: string) => s.replace(/\bd(2?)f_d/g, 'res$1_f_d');
  const statements = code.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map(rename);
  const r = inspect({ source: statements.join('\n'), language: 'python', at, allOutputs: true, wrt: [] });
  return Object.fromEntries(names.map((n) => [n, r.values[rename(n)]]));
}

async function insertInto(eol: string, command: string, args: Record<string, string>): Promise<{ before: string; after: string; inserted: string[]; editor: vscode.TextEditor }> {
  await partialsApi();
  const before = PY.join(eol);
  const editor = await openWithSelection('insert.py', before, SELECTED);
  const ok = await vscode.commands.executeCommand(command, args);
  assert.equal(ok, true, `${command} reports success`);
  const after = editor.document.getText();
  const afterLines = after.split(eol);
  // Everything before and after the inserted block is unchanged.
  assert.deepEqual(afterLines.slice(0, 5), PY.slice(0, 5));
  assert.deepEqual(afterLines.slice(afterLines.length - 2), PY.slice(PY.length - 2));
  const inserted = afterLines.slice(5, afterLines.length - 2);
  assert.ok(inserted.length > 0, 'lines were inserted after the selection');
  return { before, after, inserted, editor };
}

suite('insert code', () => {
  teardown(closeAll);

  test('Insert Gradient Code (closed form): statements after the selection, indented, correct, one undo step', async () => {
    const { before, inserted, editor } = await insertInto('\n', 'partials.insertGradientCode', { target: 'python', style: 'closed' });
    for (const l of inserted) assert.ok(l === '' || l.startsWith('    '), `indented like the selection: ${JSON.stringify(l)}`);
    const at = { x: 0.7, y: -1.3 };
    const v = evaluateInserted(inserted.join('\n'), ['df_dx', 'df_dy'], at);
    assertClose(v.df_dx, 2 * at.x * Math.sin(at.y), 1e-12, 'df_dx');
    assertClose(v.df_dy, at.x ** 2 * Math.cos(at.y), 1e-12, 'df_dy');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo restores the document');
  });

  test('the selection ends at the end of its line: it stays as it was, so a second insert repeats the first', async () => {
    const { editor, inserted } = await insertInto('\n', 'partials.insertGradientCode', { target: 'python', style: 'closed' });
    assert.equal(editor.document.getText(editor.selection), SELECTED, 'the selection did not grow over the inserted code');
    const once = editor.document.getText();
    const ok = await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'python', style: 'closed' });
    assert.equal(ok, true);
    assert.equal(editor.document.getText(editor.selection), SELECTED);
    // the second block is the gradient of the same expression, not of the generated code
    const lines = editor.document.getText().split('\n');
    assert.deepEqual(lines.slice(5, 5 + inserted.length), inserted, 'the newer block, right after the selection');
    assert.deepEqual(lines.slice(5 + inserted.length, 5 + 2 * inserted.length), inserted, 'the first block, unchanged');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), once, 'each insert is one undo step');
  });

  test('Insert Gradient Code (adjoint) into a CRLF document: CRLF line endings, correct adjoints', async () => {
    const { after, inserted } = await insertInto('\r\n', 'partials.insertGradientCode', { target: 'python', style: 'adjoint' });
    assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF in a CRLF document');
    assert.ok(inserted.some((l) => /_bar\b/.test(l)), 'adjoint variables');
    const at = { x: 1.1, y: 0.4 };
    const v = evaluateInserted(inserted.join('\n'), ['df_dx', 'df_dy'], at);
    assertClose(v.df_dx, 2 * at.x * Math.sin(at.y), 1e-12, 'df_dx');
    assertClose(v.df_dy, at.x ** 2 * Math.cos(at.y), 1e-12, 'df_dy');
  });

  test('Insert Gradient Function: a Python function returning the value and the gradient', async () => {
    const { inserted } = await insertInto('\n', 'partials.insertGradientFunction', { target: 'python', style: 'closed' });
    const code = inserted.join('\n');
    assert.match(code, /^ {4}def f_grad\(x, y\):$/m);
    assert.match(code, /^ {8}return f, \(df_dx, df_dy\)$/m);
  });

  test('Insert Hessian Code: second derivatives, correct', async () => {
    const { inserted } = await insertInto('\n', 'partials.insertHessianCode', { target: 'python' });
    const at = { x: 0.9, y: 0.2 };
    const names = ['d2f_dx2', 'd2f_dx_dy', 'd2f_dy2'];
    const v = evaluateInserted(inserted.join('\n'), names, at);
    assertClose(v.d2f_dx2, 2 * Math.sin(at.y), 1e-12, 'd2f_dx2');
    assertClose(v.d2f_dx_dy, 2 * at.x * Math.cos(at.y), 1e-12, 'd2f_dx_dy');
    assertClose(v.d2f_dy2, -(at.x ** 2) * Math.sin(at.y), 1e-12, 'd2f_dy2');
  });

  test('Copy Gradient as LaTeX: an aligned block on the clipboard', async () => {
    await partialsApi();
    await openWithSelection('latex.py', 'f = x**2 * y\n', 'x**2 * y');
    const latex = await vscode.commands.executeCommand<string>('partials.copyGradientLatex');
    assert.match(latex, /\\begin\{aligned\}/);
    assert.match(latex, /\\frac\{\\partial f\}\{\\partial x\} &= 2 x \\, y/);
    assert.equal(await vscode.env.clipboard.readText(), latex);
  });

  test('a bad selection inserts nothing', async () => {
    await partialsApi();
    const content = 'z = (x +* 2)\n';
    const editor = await openWithSelection('bad.py', content, '(x +* 2)');
    const ok = await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'python', style: 'closed' });
    assert.equal(ok, false);
    assert.equal(editor.document.getText(), content);
  });
});
