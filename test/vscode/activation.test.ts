import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributedCommands, EXTENSION_ID, partialsApi } from './helpers';

suite('activation', () => {
  test('the extension is found, activates and returns its API', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    const api = await partialsApi();
    assert.ok(['empty', 'result', 'error'].includes(api.model().kind));
  });

  test('every command the build offers is registered', async () => {
    const ext = await activateExtension();
    const contributed = contributedCommands(ext);
    for (const c of ['partials.inspectSelection', 'partials.openPanel', 'partials.showGraph', 'partials.exportGraph', 'partials.togglePin']) {
      assert.ok(contributed.includes(c), `${c} is contributed`);
    }
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

  test('an untrusted workspace cannot raise the limits or widen the hover (restrictedConfigurations)', async () => {
    const ext = await activateExtension();
    const pkg = ext.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const declared = Object.keys(pkg.contributes.configuration.properties);
    const raising = declared.filter((k) => k.startsWith('partials.limits.') || k === 'partials.hover.mode');
    assert.ok(raising.length >= 4, `limit settings found: ${raising.join(', ')}`);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [])].sort(), raising.sort());
  });
});
