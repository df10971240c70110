import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readdirSync, readFileSync } from 'node:fs';
import { activateExtension, closeAll, contributedCommands, EXTENSION_ID, inspectActive, openWithSelection, partialsApi } from './helpers';

suite('activation', () => {
  test('the extension is found, activates and returns its API', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    const api = await partialsApi();
    assert.ok(['empty', 'result', 'error'].includes(api.model().kind));
  });

  test('the engine works in a worker thread that yields to the extension host (Linux: 5 nicer, engine/node.ts)', async function () {
    if (process.platform !== 'linux') this.skip();
    const api = await partialsApi();
    await openWithSelection('nice.py', 'f = x*y\n', 'x*y');
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'result');
    assert.equal(api.engineThread(), 'worker');
    // this test runs in the extension host's process: its threads, each with its nice value (field 19 of stat)
    const nice = (tid: string) => {
      const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tids = readdirSync(`/proc/${process.pid}/task`);
    const main = nice(String(process.pid));
    assert.ok(tids.some((tid) => nice(tid) === Math.min(19, main + 5)), `a thread 5 nicer than the main thread (${main}): ${tids.map((tid) => `${tid}:${nice(tid)}`).join(' ')}`);
    await closeAll();
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
