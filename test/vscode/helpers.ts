// Shared helpers for the extension-host suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PartialsApi } from '../../src/extension/extension';
import type { ViewModel } from '../../src/shared/protocol';

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

let fileCounter = 0;

/**
 * Writes `content` to a new file `name` (its extension picks the language, as for a user) in a scratch folder of
 * the test workspace (a copy of demo/), opens it and selects `selected` (first occurrence, or all the text).
 * Files rather than untitled documents: VS Code may hand a new untitled document the name, and state, of one
 * closed just before.
 */
export async function openWithSelection(name: string, content: string, selected?: string): Promise<vscode.TextEditor> {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'a workspace folder is open');
  // a unique name: the model's origin names the file, so tests can tell their model from an earlier one
  const unique = name.replace(/(\.[^.]+)?$/, (ext) => `-${Date.now().toString(36)}${++fileCounter}${ext}`);
  const uri = vscode.Uri.joinPath(ws.uri, 'vscode-tests', unique);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const start = selected === undefined ? 0 : content.indexOf(selected);
  assert.ok(start >= 0, `"${selected}" occurs in the document`);
  const end = selected === undefined ? content.length : start + selected.length;
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
  return editor;
}

/** Closes every editor without saving (untitled documents are discarded). */
export async function closeAll(): Promise<void> {
  // revert first: closing a dirty editor would open a "save?" dialog and wait for it
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
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The test API `activate()` returns (src/extension/extension.ts). */
export async function partialsApi(): Promise<PartialsApi> {
  const ext = await activateExtension();
  const api = ext.exports as PartialsApi | undefined;
  assert.ok(api && typeof api.model === 'function', 'activate() returns the test API');
  return api;
}

/**
 * Runs `partials.inspectSelection` on the active editor and waits for the model computed for it: a new model
 * object (not the one before the call) whose origin is this document.
 */
export async function inspectActive(api: PartialsApi, command = 'partials.inspectSelection', args?: unknown): Promise<{ model: ViewModel; returned: unknown }> {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'an editor is active');
  // a computation still in flight (the previous Inspect's final model after its partials-first one) must not be
  // taken for this one's answer: wait until no model has come for a moment
  await settled(api);
  const before = api.model();
  const file = editor.document.uri.path.split('/').pop();
  const returned = await vscode.commands.executeCommand(command, ...(args === undefined ? [] : [args]));
  // a one-line selection's model names its line (a model for another selection of the same file is not this one's;
  // with arguments the command inspects the range they give)
  const sel = editor.selection;
  const line = args === undefined && !sel.isEmpty && sel.isSingleLine && editor.document.languageId !== 'dx' ? sel.start.line + 1 : undefined;
  const model = await waitFor(() => {
    const m = api.model();
    return m !== before && m.kind !== 'empty' && m.origin?.file.endsWith(file ?? '') && m.origin.languageId === editor.document.languageId &&
      (line === undefined || m.origin.line === line) ? m : undefined;
  }, `a model for ${file}${line === undefined ? '' : `:${line}`}`, 15000);
  return { model, returned };
}

/** Resolves once no new model has been published for `quietMs` (at most `timeoutMs` in all). */
export async function settled(api: PartialsApi, quietMs = 400, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const next = await api.nextModel(quietMs).then(() => true, () => false);
    if (!next) return;
  }
}

/** Sets a `partials.*` setting globally and returns a function that restores the previous value. */
export async function withSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('partials');
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.workspace.getConfiguration('partials').get(key) === value || undefined, `setting partials.${key}`);
  return async () => {
    await vscode.workspace.getConfiguration('partials').update(key, previous, vscode.ConfigurationTarget.Global);
  };
}

/** The plain-text block of a Partials hover: `d<of>/d<wrt> = <expr>    # = <value>` rows. */
export function hoverRows(text: string): Array<{ of: string; wrt: string; expr: string; value: number }> {
  const rows: Array<{ of: string; wrt: string; expr: string; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^d(\S+)\/d(\S+) = (.*?)\s+# = (\S+)/.exec(line);
    if (m) rows.push({ of: m[1], wrt: m[2], expr: m[3], value: Number(m[4].replace('−', '-')) });
  }
  return rows;
}

/** |a - b| within a relative tolerance (values shown with a given number of significant digits). */
export function assertClose(actual: number, expected: number, rtol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rtol * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≉ ${expected} (rtol ${rtol})`);
}
