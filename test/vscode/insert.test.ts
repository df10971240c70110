// Insert Gradient Code / Function / Hessian and Copy as LaTeX: the text that lands in the document, as one undo
// step, where it runs (before a return, beside the enclosing function), indented, with the document's line endings,
// and correct: re-read by the engine, and the resulting Python and JavaScript files run and compared with the
// inspector's values.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { inspect } from '../../src/core/index';
import type { ViewModel } from '../../src/shared/protocol';
import { assertClose, closeAll, inspectActive, openWithSelection, partialsApi } from './helpers';

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

  test('Insert Gradient Function: a Python function beside f (not inside it), with f\'s parameters', async () => {
    await partialsApi();
    const editor = await openWithSelection('insert.py', PY.join('\n'), SELECTED);
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientFunction', { target: 'python', style: 'closed' }), true);
    const lines = editor.document.getText().split('\n');
    assert.deepEqual(lines.slice(0, 6), PY.slice(0, 6), 'f is unchanged');
    const code = lines.slice(6).join('\n');
    assert.match(code, /^def f_grad\(x, y\):$/m, 'at the indentation of f, after it');
    assert.match(code, /^ {4}return f, \(df_dx, df_dy\)$/m);
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

// ---- run the file: the inserted code computes what the inspector shows -------------------------------------------

const PYTHON = '/usr/bin/python3';
const hasNumpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

/** demo/logistic.py's loss (its signature order w, b, x, y is not the order of first use w, x, b, y). */
const LOGISTIC = [
  '"""Logistic regression on one example."""',
  'import numpy as np',
  '',
  '',
  'def loss(w, b, x, y):',
  '    z = w * x + b',
  '    p = 1 / (1 + np.exp(-z))',
  '    return -(y * np.log(p) + (1 - y) * np.log(1 - p))',
  '',
  '',
  'def gaussian(x, mu, sigma):',
  '    return np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))',
  '',
];
const LOSS_LINES = LOGISTIC.slice(5, 8).join('\n').trimStart();

const PENDULUM = [
  '// Select the returned expression.',
  'function pendulumPeriod(L, g, theta0) {',
  '  return 2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16);',
  '}',
  '',
];
const PENDULUM_EXPR = '2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16)';

/** The inspector's point and partials for the active selection. */
async function inspected(): Promise<{ point: Record<string, number>; partial: Record<string, number>; model: ViewModel }> {
  const { model } = await inspectActive(await partialsApi());
  assert.equal(model.kind, 'result', JSON.stringify(model.error));
  const point = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
  // the partials of the last output (what the inserted code differentiates)
  const outputs = model.expression?.outputs ?? [];
  const out = outputs[outputs.length - 1]?.name;
  const partial = Object.fromEntries((model.partials ?? []).filter((p) => p.of === out).map((p) => [p.wrt, p.value]));
  return { point, partial, model };
}

/** Runs a program (python3 or node) written to a scratch file; its last stdout line is JSON. */
function runFile(cmd: string, ext: string, text: string): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'partials-insert-'));
  const file = join(dir, `prog${ext}`);
  writeFileSync(file, text);
  const r = spawnSync(cmd, [file], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `${cmd} ${file} failed:\n${r.stderr}\n--- program ---\n${text}`);
  const out = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(out) as Record<string, unknown>;
}

const lit = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));

suite('inserted code runs: Python (demo/logistic.py) and JavaScript', () => {
  teardown(closeAll);

  test('Insert Gradient Code on the three lines of loss: statements before the return; the file runs and matches the inspector', async function () {
    if (!hasNumpy) this.skip();
    const editor = await openWithSelection('logistic.py', LOGISTIC.join('\n'), LOSS_LINES);
    const { point, partial } = await inspected();
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'numpy', style: 'closed' }), true);
    const after = editor.document.getText().split('\n');
    assert.deepEqual(after.slice(0, 7), LOGISTIC.slice(0, 7), 'everything before the return is unchanged');
    const ret = after.findIndex((l) => l.trimStart().startsWith('return -('));
    const inserted = after.slice(7, ret);
    assert.ok(inserted.length > 2, 'code inserted between p = … and the return');
    assert.deepEqual(after.slice(ret), LOGISTIC.slice(7), 'the return and everything after it are unchanged');
    for (const l of inserted) assert.ok(l === '' || l.startsWith('    '), `indented like the return: ${JSON.stringify(l)}`);
    const names = inserted.map((l) => /^\s*(df_d\w+) =/.exec(l)?.[1]).filter((n): n is string => !!n);
    assert.deepEqual(names.sort(), ['df_db', 'df_dw', 'df_dx', 'df_dy']);
    // Run the document as it now is, with a line that reports the inserted variables just before the return.
    const report = `    import json; print(json.dumps({${names.map((n) => `'${n}': float(${n})`).join(', ')}}))`;
    const program = [...after.slice(0, ret), report, ...after.slice(ret),
      `loss(${['w', 'b', 'x', 'y'].map((v) => lit(point[v])).join(', ')})`].join('\n');
    const got = runFile(PYTHON, '.py', program) as Record<string, number>;
    for (const v of ['w', 'b', 'x', 'y']) assertClose(got[`df_d${v}`], partial[v], 1e-10, `∂loss/∂${v}`);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), LOGISTIC.join('\n'), 'one undo step restores the document');
  });

  test('Insert Gradient Function on the three lines of loss: loss_grad(w, b, x, y) beside loss; called like loss, it matches', async function () {
    if (!hasNumpy) this.skip();
    const editor = await openWithSelection('logistic.py', LOGISTIC.join('\n'), LOSS_LINES);
    const { point, partial } = await inspected();
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientFunction', { target: 'numpy', style: 'adjoint' }), true);
    const after = editor.document.getText().split('\n');
    assert.deepEqual(after.slice(0, 8), LOGISTIC.slice(0, 8), 'loss is unchanged');
    const def = after.findIndex((l) => l.startsWith('def loss_grad('));
    assert.ok(def > 7, `a top-level def after loss:\n${after.join('\n')}`);
    assert.equal(after[def], 'def loss_grad(w, b, x, y):', 'the parameters of loss, in its order');
    assert.deepEqual(after.slice(after.length - 5), LOGISTIC.slice(LOGISTIC.length - 5), 'gaussian is unchanged and after it');
    const args = ['w', 'b', 'x', 'y'].map((v) => lit(point[v])).join(', ');
    const program = [...after, 'import json',
      `v, g = loss_grad(${args})`,
      `print(json.dumps({'v': float(v), 'f': float(loss(${args})), 'g': [float(t) for t in g]}))`].join('\n');
    const got = runFile(PYTHON, '.py', program) as { v: number; f: number; g: number[] };
    assertClose(got.v, got.f, 1e-12, 'the value is loss\'s');
    ['w', 'b', 'x', 'y'].forEach((v, i) => assertClose(got.g[i], partial[v], 1e-10, `∂loss/∂${v} in position ${i}`));
  });

  test('JavaScript: the returned expression; statements go before the return and the function beside it, both run', async () => {
    const editor = await openWithSelection('pendulum.js', PENDULUM.join('\n'), PENDULUM_EXPR);
    const { point, partial } = await inspected();
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'javascript', style: 'closed' }), true);
    let after = editor.document.getText().split('\n');
    const ret = after.findIndex((l) => l.trimStart().startsWith('return 2 * Math.PI'));
    assert.ok(ret > 2, 'the code is above the return');
    assert.deepEqual(after.slice(0, 2), PENDULUM.slice(0, 2));
    assert.deepEqual(after.slice(ret), PENDULUM.slice(2));
    const names = after.slice(2, ret).map((l) => /^\s+const (df\w+) =/.exec(l)?.[1]).filter((n): n is string => !!n);
    assert.deepEqual(names, ['dfDL', 'dfDg', 'dfDtheta0']);
    const args = ['L', 'g', 'theta0'].map((v) => String(point[v])).join(', ');
    const report = `  console.log(JSON.stringify({ ${names.join(', ')} }));`;
    const got = runFile(process.execPath, '.js', [...after.slice(0, ret), report, ...after.slice(ret), `pendulumPeriod(${args});`].join('\n')) as Record<string, number>;
    assertClose(got.dfDL, partial.L, 1e-10, '∂/∂L');
    assertClose(got.dfDg, partial.g, 1e-10, '∂/∂g');
    assertClose(got.dfDtheta0, partial.theta0, 1e-10, '∂/∂theta0');

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), PENDULUM.join('\n'));
    const sel = editor.document.getText().indexOf(PENDULUM_EXPR);
    editor.selection = new vscode.Selection(editor.document.positionAt(sel), editor.document.positionAt(sel + PENDULUM_EXPR.length));
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientFunction', { target: 'javascript', style: 'adjoint' }), true);
    after = editor.document.getText().split('\n');
    assert.deepEqual(after.slice(0, 4), PENDULUM.slice(0, 4), 'pendulumPeriod is unchanged');
    const head = after.findIndex((l) => l.startsWith('function pendulumPeriodGrad('));
    assert.ok(head >= 4, `after pendulumPeriod:\n${after.join('\n')}`);
    assert.equal(after[head], 'function pendulumPeriodGrad(L, g, theta0) {', 'beside it, its parameters in order');
    const fn = runFile(process.execPath, '.js', [...after, `console.log(JSON.stringify([pendulumPeriod(${args}), pendulumPeriodGrad(${args})]));`].join('\n')) as unknown as [number, [number, [number, number, number]]];
    assertClose(fn[1][0], fn[0], 1e-12, 'value');
    ['L', 'g', 'theta0'].forEach((v, i) => assertClose(fn[1][1][i], partial[v], 1e-10, `∂/∂${v}`));
  });

  test('a CRLF document stays CRLF when the code goes above the return', async function () {
    if (!hasNumpy) this.skip();
    const text = LOGISTIC.join('\r\n');
    const editor = await openWithSelection('logistic-crlf.py', text, LOSS_LINES.replace(/\n/g, '\r\n'));
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'numpy', style: 'adjoint' }), true);
    const after = editor.document.getText();
    assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    const lines = after.split('\r\n');
    const ret = lines.findIndex((l) => l.trimStart().startsWith('return -('));
    assert.ok(lines.slice(7, ret).some((l) => /^ {4}df_dw = /.test(l)), 'the gradient above the return');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
  });

  test('a one-line function: nothing inserted, and the reason says what to do', async () => {
    await partialsApi();
    const content = 'const sq = (x) => x * x * 3;\n';
    const editor = await openWithSelection('oneline.js', content, 'x * x * 3');
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'javascript', style: 'closed' }), false);
    assert.equal(editor.document.getText(), content);
    assert.equal(await vscode.commands.executeCommand('partials.insertGradientFunction', { target: 'javascript', style: 'closed' }), true);
    assert.match(editor.document.getText(), /^const sq = \(x\) => x \* x \* 3;\n[\s\S]*function fGrad\(x\) \{/);
  });
});
