import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributedCommands, EXTENSION_ID, partialsApi } from './helpers';

interface PaletteEntry { command: string; when?: string }

suite('activation', () => {
  test('the extension is found, activates and returns its API', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    const api = await partialsApi();
    const f = api.features();
    assert.deepEqual(Object.keys(f).sort(), ['checks', 'codegen', 'frontends']);
    assert.ok(['empty', 'result', 'error'].includes(api.model().kind));
  });

  test('every command the build offers is registered', async () => {
    const ext = await activateExtension();
    const features = (await partialsApi()).features();
    const pkg = ext.packageJSON as { contributes: { menus?: { commandPalette?: PaletteEntry[] } } };
    const palette = pkg.contributes.menus?.commandPalette ?? [];
    // Commands of optional engine parts are hidden (palette `when`) until that part is in the build.
    const offered = (command: string): boolean => {
      const when = palette.find((p) => p.command === command)?.when ?? '';
      if (when.includes('partials.codegenAvailable') && !features.codegen) return false;
      if (when.includes('partials.checksAvailable') && !features.checks) return false;
      return true;
    };
    const contributed = contributedCommands(ext);
    for (const c of ['partials.inspectSelection', 'partials.openPanel', 'partials.showGraph', 'partials.exportGraph', 'partials.togglePin']) {
      assert.ok(contributed.includes(c), `${c} is contributed`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => offered(c) && !registered.has(c));
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
