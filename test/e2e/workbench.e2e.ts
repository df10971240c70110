// The workbench with Partials loaded from source: contributions show up and a user can reach them by keyboard.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
