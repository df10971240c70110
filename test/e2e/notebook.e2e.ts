// Jupyter notebooks (VS Code's built-in .ipynb support, no kernel needed): a selection in a code cell is
// inspected like one in a file, "From document" reads the values earlier cells assign, and Insert Gradient Code
// writes into that cell; the saved notebook's code cells, run in order by python3, compute the gradient.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => { wb = await Workbench.open(); });
after(async () => { await wb?.close(); });

const PYTHON = '/usr/bin/python3';
const hasNumpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy']).status === 0;
const num = (s: string): number => Number(s.replace(/^=\s*/, '').replace('−', '-').trim());

/** Clicks a code cell's line that contains `text` and selects from its start to the end of the line `extra` below. */
async function selectCellLines(text: string, extra = 0): Promise<void> {
  // the built-in ipynb serializer activates on first use: the cells can take a while to appear
  const line = wb.page.locator('.notebook-editor .view-line', { hasText: text }).first();
  await line.waitFor({ timeout: 90000 });
  await line.click();
  await wb.page.keyboard.press('Home');
  for (let i = 0; i < extra; i++) await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
}

interface Notebook { cells: Array<{ cell_type: string; source: string[] | string }> }
const cellText = (c: Notebook['cells'][number]) => (Array.isArray(c.source) ? c.source.join('') : c.source);

test('a selection in a notebook code cell is inspected, with the point from the cells above', async () => {
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('Control+P');
  await wb.quickInput.waitFor({ state: 'visible' });
  await wb.quickInput.fill('logistic.ipynb');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'logistic.ipynb' }).first().waitFor();
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.notebook-editor').first().waitFor({ timeout: 30000 });
  await selectCellLines('z = w * x + b');
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="partials-list"]').waitFor({ timeout: 30000 });
  assert.equal(await view.locator('[data-testid="partials-list"] > li').count(), 3, 'w, x, b');
  await view.locator('[data-testid="point-from-document"]').click();
  // w, b = 0.5, -0.25 and x, y = 1.5, 1.0 are assigned in the second cell, not in this one
  await view.locator('[data-testid="point-w"][value="0.5"]').waitFor({ timeout: 15000 });
  assert.equal(Number(await view.locator('[data-testid="point-b"]').inputValue()), -0.25);
  assert.equal(Number(await view.locator('[data-testid="point-x"]').inputValue()), 1.5);
  await view.locator('[data-testid="value-z-w"]', { hasText: '1.5' }).waitFor({ timeout: 15000 });
  assert.equal(num(await view.locator('[data-testid="value-z-w"]').innerText()), 1.5, '∂z/∂w = x = 1.5');
  await wb.screenshot('notebook-inspect');
});

test('Insert Gradient Code writes into the cell, and the notebook computes (p − y) x', { skip: !hasNumpy && 'no python3 with numpy' }, async () => {
  await selectCellLines('z = w * x + b', 2);
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.page.locator('.notebook-editor .view-line', { hasText: 'dloss_dw' }).first().waitFor({ timeout: 30000 });
  await wb.screenshot('notebook-insert');
  await wb.page.keyboard.press('Control+S');
  const file = join(wb.workspace, 'logistic.ipynb');
  let nb: Notebook | undefined;
  for (let i = 0; i < 100 && !nb; i++) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Notebook;
    if (parsed.cells.some((c) => cellText(c).includes('dloss_dw'))) nb = parsed;
    else await wb.page.waitForTimeout(100);
  }
  assert.ok(nb, 'the saved notebook has the inserted code');
  const code = nb.cells.filter((c) => c.cell_type === 'code').map(cellText);
  assert.equal(code.length, 2, 'no cell was added or lost');
  assert.match(code[1], /^z = w \* x \+ b\n/, 'the cell still starts with the selection');
  const dir = mkdtempSync(join(tmpdir(), 'partials-e2e-nb-'));
  try {
    const prog = join(dir, 'nb.py');
    writeFileSync(prog, code.join('\n') + '\nimport json; print(json.dumps([float(dloss_dw), float(dloss_db)]))\n');
    const r = spawnSync(PYTHON, [prog], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr + '\n' + code.join('\n'));
    const [dw, db] = JSON.parse(r.stdout.trim().split('\n').pop()!) as number[];
    const p = 1 / (1 + Math.exp(-(0.5 * 1.5 - 0.25)));
    assert.ok(Math.abs(dw - (p - 1) * 1.5) < 1e-12, `dloss/dw = (p − y) x = ${(p - 1) * 1.5}, got ${dw}`);
    assert.ok(Math.abs(db - (p - 1)) < 1e-12, `dloss/db = p − y = ${p - 1}, got ${db}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
