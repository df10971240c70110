// The .dx scratch pad in the workbench: CodeLens results above definitions and claims, as a user sees them.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

test('scratch.dx: both claims hold, definitions show their values', async () => {
  await wb.openFile('scratch.dx', 'loss = log');
  const lenses = wb.page.locator('.editor-instance .codelens-decoration');
  await lenses.filter({ hasText: /holds/ }).nth(1).waitFor({ timeout: 30000 });
  const texts = (await lenses.allInnerTexts()).map((t) => t.trim());
  assert.equal(texts.filter((t) => /✓\s*holds/.test(t)).length, 2, JSON.stringify(texts));
  assert.ok(!texts.some((t) => /✗/.test(t)), `no wrong claim: ${JSON.stringify(texts)}`);
  // z = w*x + b at w = 0.5, x = 2, b = -0.25 is 0.75
  assert.ok(texts.some((t) => /z\s*=\s*0\.75\b/.test(t)), `the value of z: ${JSON.stringify(texts)}`);
  await wb.screenshot('dx-scratch-pad');
});
