// Jupyter notebooks (VS Code's built-in .ipynb support, no kernel needed): a selection in a code cell is
// inspected like one in a file, "From document" reads the values earlier cells assign, and Insert Gradient Code
// writes into that cell; the saved notebook's code cells, run in order by python3, compute the gradient.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HAS_NUMPY, PYTHON, Workbench } from './workbench';

let wb: Workbench;
before(async () => { wb = await Workbench.open(); });
after(async () => { await wb?.close(); });

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

test('the hover in a notebook code cell shows the partials of the selection, in the point the inspector uses', async () => {
  await selectCellLines('z = w * x + b');
  const text = await wb.hover('w * x + b', /∂z\/∂w/);
  // w, b, x come from the cell above (the inspector's From document, still set): ∂z/∂w = x = 1.5, ∂z/∂x = w = 0.5
  assert.match(text, /∂z\/∂w\s+1\.5\b/, text);
  assert.match(text, /∂z\/∂x\s+0\.5\b/, text);
  assert.match(text, /∂z\/∂b\s+1\b/, text);
  await wb.screenshot('notebook-hover');
  await wb.page.keyboard.press('Escape');
});

test('a Markdown cell\'s $…$ math is inspected like Markdown in a file, and hovers too', async () => {
  const MATH = 'p = \\sigma(wx + b)';
  // the Markdown cell just above the last code cell (rendered in the notebook's webview): from the code cell's
  // editor, Escape focuses the cell, ArrowUp the Markdown cell, Enter edits its source
  await wb.page.locator('.notebook-editor .view-line', { hasText: 'z = w * x + b' }).first().click();
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('ArrowUp');
  await wb.page.keyboard.press('Enter');
  const line = wb.page.locator('.notebook-editor .view-line', { hasText: 'its gradient is' }).first();
  await line.waitFor({ timeout: 30000 });
  const source = (await line.innerText()).replace(/\u00a0/g, ' ');
  const at = source.indexOf(MATH);
  assert.ok(at > 0, `the math is in the cell's text: ${source}`);
  await line.click();
  await wb.page.keyboard.press('Control+Home');
  for (let i = 0; i < at; i++) await wb.page.keyboard.press('ArrowRight');
  for (let i = 0; i < MATH.length; i++) await wb.page.keyboard.press('Shift+ArrowRight');
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="value-p-w"]').waitFor({ timeout: 30000 });
  assert.deepEqual((await view.locator('[data-testid="partials-list"] > li').allInnerTexts()).length, 3, 'w, x, b');
  const point = async (n: string) => Number(await view.locator(`[data-testid="point-${n}"]`).inputValue());
  const [w, x, b] = [await point('w'), await point('x'), await point('b')];
  const s = 1 / (1 + Math.exp(-(w * x + b)));
  assert.ok(Math.abs(num(await view.locator('[data-testid="value-p-w"]').innerText()) - s * (1 - s) * x) < 1e-4 * Math.max(1, Math.abs(s * (1 - s) * x)),
    `∂p/∂w = σ'(wx + b) x at w=${w}, x=${x}, b=${b}`);
  await wb.screenshot('notebook-markdown-inspect');
  const text = await wb.hover('sigma(wx', /∂p\/∂w/);
  assert.match(text, /∂p\/∂x/);
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('Escape');
});

test('Insert Gradient Code writes into the cell, and the notebook computes (p − y) x', { skip: !HAS_NUMPY && 'no python3 with numpy' }, async () => {
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
