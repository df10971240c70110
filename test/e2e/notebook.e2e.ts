// Jupyter notebooks (VS Code's built-in .ipynb support, no kernel needed): a selection in a code cell is
// inspected like one in a file, and Insert Gradient Code writes into that cell.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => { wb = await Workbench.open(); });
after(async () => { await wb?.close(); });

/** Clicks a code cell's line that contains `text` and selects that whole line with the keyboard. */
async function selectCellLine(text: string): Promise<void> {
  // the built-in ipynb serializer activates on first use: the cells can take a while to appear
  const line = wb.page.locator('.notebook-editor .view-line', { hasText: text }).first();
  await line.waitFor({ timeout: 90000 });
  await line.click();
  await wb.page.keyboard.press('Home');
  await wb.page.keyboard.press('Shift+End');
}

test('a selection in a notebook code cell is inspected', async () => {
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('Control+P');
  await wb.quickInput.waitFor({ state: 'visible' });
  await wb.quickInput.fill('logistic.ipynb');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'logistic.ipynb' }).first().waitFor();
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.notebook-editor').first().waitFor({ timeout: 30000 });
  await selectCellLine('z = w * x + b');
  assert.equal(await wb.selectionLength(), 'z = w * x + b'.length);
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="partials-list"]').waitFor({ timeout: 30000 });
  await wb.screenshot('notebook-inspect');
  assert.equal(await view.locator('[data-testid="partials-list"] > li').count(), 3, 'w, x, b');
});
