// The workbench with Partials loaded from source: contributions show up and a user can reach them by keyboard.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../../scripts/vscode/server.mjs';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => { wb = await Workbench.open(); });
after(async () => { await wb?.close(); });

test('the command palette lists the Partials commands', async () => {
  const titles = await wb.paletteCommands('Partials:');
  assert.ok(titles.includes('Partials: Inspect Selection'), `palette: ${JSON.stringify(titles)}`);
});

test('a file opens and an expression is selected with the keyboard', async () => {
  await wb.openFile('physics.js', 'pendulumPeriod');
  await wb.selectText('0.5 * m * v ** 2 + m * g * h');
  assert.equal(await wb.selectionLength(), '0.5 * m * v ** 2 + m * g * h'.length);
  await wb.screenshot('workbench-selection');
});

test('the Inspect keybinding from package.json inspects the selection', async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { keybindings: Array<{ command: string; key: string }> } };
  const binding = pkg.contributes.keybindings.find((k) => k.command === 'partials.inspectSelection');
  assert.ok(binding, 'Inspect Selection has a keybinding');
  // a chord ("ctrl+k ctrl+g") is pressed part by part; no part may need AltGr (Ctrl+Alt on European layouts)
  const chord = binding.key.split(' ').map((part) =>
    part.split('+').map((k) => ({ ctrl: 'Control', alt: 'Alt', shift: 'Shift', meta: 'Meta' })[k] ?? k.toUpperCase()).join('+'));
  assert.ok(chord.every((p) => !(p.includes('Control') && p.includes('Alt'))), `no Ctrl+Alt (AltGr) in ${binding.key}`);
  await wb.selectText('0.5 * m * v ** 2 + m * g * h');
  for (const keys of chord) await wb.page.keyboard.press(keys);
  const view = wb.webview('view');
  await view.locator('[data-testid="origin"]', { hasText: 'physics.js:3' }).waitFor({ timeout: 30000 });
  await view.locator('[data-testid="partials-list"]').waitFor();
  assert.equal(await view.locator('[data-testid="partials-list"] > li').count(), 4, 'm, v, g, h');
});
