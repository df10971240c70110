/**
 * Where a command acts: its optional argument (parsed once, editorArgs.ts) or the active editor's selection.
 */
import * as vscode from 'vscode';
import { editorArgs } from './editorArgs';

export { editorArgs, type EditorArgs } from './editorArgs';

/**
 * The editor to act in (opening the document named by `uri`) and the range given, if any. With `select`, the
 * range becomes the editor's selection (the inspector follows it).
 */
export async function editorFor(raw: unknown, opts: { preserveFocus: boolean; select: boolean }): Promise<{ editor: vscode.TextEditor; range?: vscode.Range } | undefined> {
  const a = editorArgs(raw);
  let editor = vscode.window.activeTextEditor;
  if (a.uri !== undefined) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
    editor = await vscode.window.showTextDocument(doc, { preserveFocus: opts.preserveFocus, preview: false });
  }
  if (!editor) return undefined;
  const range = a.range ? new vscode.Range(a.range[0], a.range[1], a.range[2], a.range[3]) : undefined;
  if (range && opts.select && a.uri !== undefined) editor.selection = new vscode.Selection(range.start, range.end);
  return { editor, ...(range ? { range } : {}) };
}
