// Insert Gradient Code / Function as a user runs them on the demo files: keyboard selection, the palette, then the
// saved file is run (python3 with NumPy, node) and what the inserted code computes is compared with the inspector
// (the point it shows) and the engine (the exact values at that point). Ctrl+Z and a save restore the demo file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inspect } from '../../src/core/index';
import { HAS_NUMPY, PYTHON, Workbench } from './workbench';

let wb: Workbench;
before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

const num = (s: string): number => Number(s.replace(/^=\s*/, '').replace('−', '-').trim());

/**
 * Selects `first` (found with the find widget), then extends the selection with the keyboard to the end of the line
 * `lines` below; waits until the status bar counts `length` selected characters.
 */
async function selectLines(first: string, lines: number, length: number): Promise<void> {
  await wb.selectText(first);
  for (let i = 0; i < lines; i++) await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
  const item = wb.page.locator('.statusbar-item[id="status.editor.selection"]');
  await item.filter({ hasText: `(${length} selected)` }).waitFor({ timeout: 10000 })
    .catch(async (e) => { await wb.screenshot('error-select-lines'); throw e; });
}

/** Inspects the selection and returns the point the sidebar shows for `vars`. */
async function inspectedPoint(vars: string[]): Promise<Record<string, number>> {
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator(`[data-testid="point-${vars[0]}"]`).waitFor({ timeout: 30000 });
  const point: Record<string, number> = {};
  for (const v of vars) point[v] = Number(await view.locator(`[data-testid="point-${v}"]`).inputValue());
  return point;
}

/** The partial the sidebar shows for `wrt` (the last output's row). */
async function shownPartial(wrt: string): Promise<number> {
  const cells = wb.webview('view').locator(`[data-testid$="-${wrt}"][data-testid^="value-"]`);
  return num(await cells.last().innerText());
}

function run(cmd: string, ext: string, program: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'partials-e2e-insert-'));
  const file = join(dir, `prog${ext}`);
  writeFileSync(file, program);
  const r = spawnSync(cmd, [file], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `${cmd} failed:\n${r.stderr}\n--- ${file} ---\n${program}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

const close = (got: number, want: number, rtol: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

const LOSS = 'z = w * x + b\n    p = 1 / (1 + np.exp(-z))\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))';

test('logistic.py: Insert Gradient Code on the three lines of loss lands before the return, and the file computes the gradient', { skip: !HAS_NUMPY && 'no python3 with numpy' }, async () => {
  await wb.openFile('logistic.py', 'def loss');
  const original = readFileSync(join(wb.workspace, 'logistic.py'), 'utf8');
  await selectLines('z = w * x + b', 2, LOSS.length);
  const point = await inspectedPoint(['w', 'x', 'b', 'y']);
  const shownDw = await shownPartial('w');
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.editorLine('df_dw').waitFor({ timeout: 30000 });
  const text = await wb.saved('logistic.py');
  const lines = text.split('\n');
  const ret = lines.findIndex((l) => l.startsWith('    return -(y'));
  const pLine = lines.findIndex((l) => l.startsWith('    p = 1 / (1 + np.exp(-z))'));
  const block = lines.slice(pLine + 1, ret);
  assert.ok(block.some((l) => /^ {4}df_dw = /.test(l)), `the gradient is between p = … and the return:\n${text}`);
  assert.equal(lines.slice(ret + 1).join('\n'), original.split('\n').slice(9).join('\n'), 'the rest of the file is unchanged');
  const report = `    import json; print(json.dumps([float(df_dw), float(df_db), float(df_dx), float(df_dy)]))`;
  const call = `loss(${['w', 'b', 'x', 'y'].map((v) => `${point[v]}`).join(', ')})`;
  // the module's own top-level lines (f = x ** 2 * … at the end) need x and y: run only up to gaussian
  const upTo = lines.findIndex((l) => l.startsWith('def gaussian'));
  const got = run(PYTHON, '.py', [...lines.slice(0, ret), report, ...lines.slice(ret, upTo), call].join('\n')) as number[];
  const engine = inspect({ source: LOSS, language: 'python', at: point });
  const partial = (wrt: string) => engine.partials.find((p) => p.wrt === wrt && p.of === engine.outputs[engine.outputs.length - 1])!.value!;
  ['w', 'b', 'x', 'y'].forEach((v, i) => close(got[i], partial(v), 1e-10, `∂loss/∂${v}`));
  close(got[0], shownDw, 1e-5, '∂loss/∂w as the inspector shows it');
  await wb.screenshot('insert-before-return');
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('df_dw').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.saved('logistic.py'), original, 'one undo step restores the file');
});

test('logistic.py: Insert Gradient Function puts loss_grad(w, b, x, y) beside loss; called like loss, it is right', { skip: !HAS_NUMPY && 'no python3 with numpy' }, async () => {
  await wb.openFile('logistic.py', 'def loss');
  const original = readFileSync(join(wb.workspace, 'logistic.py'), 'utf8');
  await selectLines('z = w * x + b', 2, LOSS.length);
  const point = await inspectedPoint(['w', 'x', 'b', 'y']);
  await wb.runCommand('Partials: Insert Gradient Function');
  await wb.editorLine('def loss_grad').waitFor({ timeout: 30000 });
  const text = await wb.saved('logistic.py');
  const lines = text.split('\n');
  assert.ok(lines.includes('def loss_grad(w, b, x, y):'), `at column 0, the parameters of loss in its order:\n${text}`);
  assert.ok(lines.indexOf('def loss_grad(w, b, x, y):') > lines.findIndex((l) => l.startsWith('    return -(y')), 'after loss');
  const upTo = lines.findIndex((l) => l.startsWith('def gaussian'));
  const args = ['w', 'b', 'x', 'y'].map((v) => `${point[v]}`).join(', ');
  const got = run(PYTHON, '.py', [...lines.slice(0, upTo), 'import json',
    `v, g = loss_grad(${args})`, `print(json.dumps([float(v), float(loss(${args}))] + [float(t) for t in g]))`].join('\n')) as number[];
  close(got[0], got[1], 1e-12, 'value');
  const engine = inspect({ source: LOSS, language: 'python', at: point });
  const out = engine.outputs[engine.outputs.length - 1];
  ['w', 'b', 'x', 'y'].forEach((v, i) => close(got[2 + i], engine.partials.find((p) => p.wrt === v && p.of === out)!.value!, 1e-10, `∂loss/∂${v}`));
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('def loss_grad').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.saved('logistic.py'), original);
});

test('physics.js: the returned expression of pendulumPeriod; the statements go above the return and run in node', async () => {
  await wb.openFile('physics.js', 'pendulumPeriod');
  const original = readFileSync(join(wb.workspace, 'physics.js'), 'utf8');
  const expr = '2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16)';
  await wb.selectText(expr);
  const point = await inspectedPoint(['L', 'g', 'theta0']);
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.editorLine('dfDtheta0').waitFor({ timeout: 30000 });
  const lines = (await wb.saved('physics.js')).split('\n');
  const ret = lines.findIndex((l) => l.includes(`return ${expr}`));
  const head = lines.findIndex((l) => l.startsWith('export function pendulumPeriod('));
  assert.ok(lines.slice(head + 1, ret).some((l) => /^ {2}const dfDL = /.test(l)), lines.join('\n'));
  const report = '  console.log(JSON.stringify([dfDL, dfDg, dfDtheta0]));';
  const got = run(process.execPath, '.mjs', [...lines.slice(0, ret), report, ...lines.slice(ret),
    `pendulumPeriod(${point.L}, ${point.g}, ${point.theta0});`].join('\n')) as number[];
  const engine = inspect({ source: expr, language: 'javascript', at: point });
  ['L', 'g', 'theta0'].forEach((v, i) => close(got[i], engine.partials.find((p) => p.wrt === v)!.value!, 1e-10, `∂T/∂${v}`));
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('dfDtheta0').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.saved('physics.js'), original);
});
