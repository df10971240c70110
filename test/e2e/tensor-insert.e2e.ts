// Insert Gradient Code on a vectorised NumPy selection as a user runs it: the two lines of loss in
// demo/least_squares.py selected with the keyboard, the command from the palette, then the saved file is run with
// python3 and NumPy and the gradients it computes are compared with the engine's at the file's arrays. Ctrl+Z
// and a save restore the demo file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeTensor, type Nested } from '../../src/core/tensor';
import { documentArrays } from '../../src/core/tensor/documentArrays';
import { HAS_NUMPY, PYTHON, Workbench } from './workbench';

let wb: Workbench;
before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

const LOSS = 'r = X @ w - y\n    return r @ r';

test('least_squares.py: Insert Gradient Code on the two lines of loss writes grad_w = 2 Xᵀ(X w − y) before the return, and it runs', { skip: !HAS_NUMPY && 'no python3 with numpy' }, async () => {
  await wb.openFile('least_squares.py', 'def loss');
  const original = readFileSync(join(wb.workspace, 'least_squares.py'), 'utf8');
  await wb.selectText('r = X @ w - y');
  await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
  await wb.page.locator('.statusbar-item[id="status.editor.selection"]').filter({ hasText: `(${LOSS.length} selected)` }).waitFor({ timeout: 10000 });
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.editorLine('grad_w').waitFor({ timeout: 30000 });
  const text = await wb.saved('least_squares.py');
  const lines = text.split('\n');
  const ret = lines.indexOf('    return r @ r');
  const grad = lines.indexOf('    grad_w = 2.0 * (X.T @ t1)');
  assert.ok(grad > lines.indexOf('    r = X @ w - y') && grad < ret, `grad_w is computed before the return:\n${text}`);
  await wb.screenshot('tensor-insert-numpy');
  const dir = mkdtempSync(join(tmpdir(), 'partials-e2e-tensor-'));
  try {
    const names = ['f', 'grad_X', 'grad_w', 'grad_y'];
    const program = [...lines.slice(0, ret), `    __import__('builtins').OUT = {${names.map((n) => `'${n}': ${n}`).join(', ')}}`, ...lines.slice(ret),
      'import json', 'loss(w, X, y)', `print(json.dumps({k: np.asarray(v, dtype=float).tolist() for k, v in OUT.items()}))`].join('\n');
    writeFileSync(join(dir, 'prog.py'), program);
    const r = spawnSync(PYTHON, [join(dir, 'prog.py')], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Nested>;
    const a = analyzeTensor(LOSS, { language: 'numpy', at: documentArrays(original, 'python', original.indexOf(LOSS)) });
    const want: Record<string, number[]> = { f: flat(a.output.value!), ...Object.fromEntries(a.partials.map((p) => [`grad_${p.wrt}`, flat(p.value!)])) };
    for (const n of names) {
      const got = flat(out[n]);
      assert.equal(got.length, want[n].length, n);
      got.forEach((g, i) => assert.ok(Math.abs(g - want[n][i]) <= 1e-10 * Math.max(1, Math.abs(want[n][i])), `${n}[${i}]: ${g} vs ${want[n][i]}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('grad_w').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.saved('least_squares.py'), original, 'one undo step restores the file');
});
