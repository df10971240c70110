// Shared helpers for the extension-host suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'partials.partials';

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await ext.activate();
  return ext;
}

/** The commands the extension contributes in package.json. */
export function contributedCommands(ext: vscode.Extension<unknown>): string[] {
  const pkg = ext.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
  return (pkg.contributes?.commands ?? []).map((c) => c.command);
}

/** Opens an untitled document (nothing on disk changes) and selects `selected` (first occurrence, or all text). */
export async function openWithSelection(language: string, content: string, selected?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(doc);
  const start = selected === undefined ? 0 : content.indexOf(selected);
  assert.ok(start >= 0, `"${selected}" occurs in the document`);
  const end = selected === undefined ? content.length : start + selected.length;
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
  return editor;
}

/** Closes every editor without saving (untitled documents are discarded). */
export async function closeAll(): Promise<void> {
  // revert first: closing a dirty untitled editor would open a "save?" dialog and wait for it
  for (let i = 0; i < 100 && vscode.window.activeTextEditor; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Markdown text of every hover at `pos`. */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n');
}

/** Polls `probe` until it returns a truthy value or the time is up. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
