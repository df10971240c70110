import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributedCommands, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('the extension is found and activates', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    const pkg = ext.packageJSON as { main: string; publisher: string };
    assert.equal(pkg.main, './dist/extension.js');
  });

  test('every contributed command is registered', async () => {
    const ext = await activateExtension();
    const contributed = contributedCommands(ext);
    assert.ok(contributed.includes('partials.inspectSelection'), 'Inspect Selection is contributed');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'commands contributed in package.json but not registered');
  });

  test('every contributed command is in the Partials category', async () => {
    const ext = await activateExtension();
    const pkg = ext.packageJSON as { contributes: { commands: Array<{ command: string; category?: string; title: string }> } };
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Partials', `${c.command} category`);
      assert.ok(c.title.length > 0, `${c.command} has a title`);
    }
  });
});
