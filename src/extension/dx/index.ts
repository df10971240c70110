/**
 * The `.dx` scratch pad in the editor: CodeLens, diagnostics with a quick fix, hovers, and the New Scratch Pad
 * command, all over one per-version analysis (documents.ts) computed in the engine's worker. activate.ts calls
 * registerDx once; the inspector reads the statement under the cursor through the same engine.
 */
import * as vscode from 'vscode';
import { DX_COMMANDS, DxCodeLensProvider } from './codeLens';
import { registerDiagnostics } from './diagnostics';
import { DX_LANGUAGE, type DxDocuments } from './documents';
import { DxHoverProvider } from './hover';
import { DxQuickFixProvider } from './quickFix';
import { SCRATCH_PAD_SAMPLE } from './sample';

export { DX_COMMANDS } from './codeLens';
export { DX_LANGUAGE, DxDocuments } from './documents';
export { SCRATCH_PAD_SAMPLE } from './sample';

export function registerDx(context: vscode.ExtensionContext, documents: DxDocuments): void {
  const selector: vscode.DocumentSelector = { language: DX_LANGUAGE };
  const lenses = new DxCodeLensProvider(documents);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(selector, lenses),
    documents.onDidAnalyse(() => lenses.refresh()),
    vscode.languages.registerCodeActionsProvider(selector, new DxQuickFixProvider(documents), { providedCodeActionKinds: DxQuickFixProvider.kinds }),
    vscode.languages.registerHoverProvider(selector, new DxHoverProvider(documents)),
    ...registerDiagnostics(documents),
    vscode.commands.registerCommand(DX_COMMANDS.newScratchPad, newScratchPad),
    vscode.commands.registerCommand(DX_COMMANDS.inspectStatement, inspectStatement),
    vscode.commands.registerCommand(DX_COMMANDS.replaceClaim, replaceClaim),
  );
}
async function newScratchPad(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: DX_LANGUAGE, content: SCRATCH_PAD_SAMPLE });
  return vscode.window.showTextDocument(doc);
}

async function editorOf(uri: unknown): Promise<vscode.TextEditor | undefined> {
  if (typeof uri !== 'string') return vscode.window.activeTextEditor;
  const target = vscode.Uri.parse(uri);
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  if (open) return vscode.window.showTextDocument(open.document, { viewColumn: open.viewColumn, preserveFocus: false });
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
}

/** CodeLens click: select the statement and open it in the inspector. */
async function inspectStatement(uri: unknown, start: unknown, end: unknown): Promise<boolean> {
  const editor = await editorOf(uri);
  if (!editor || typeof start !== 'number' || typeof end !== 'number') return false;
  const doc = editor.document;
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range);
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes('partials.inspectSelection')) return false;
  await vscode.commands.executeCommand('partials.inspectSelection', {
    uri: doc.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character],
  });
  return true;
}

/** CodeLens click on a wrong claim: the same edit as the quick fix (only if the document has not changed). */
async function replaceClaim(uri: unknown, start: unknown, end: unknown, text: unknown, version: unknown): Promise<boolean> {
  const editor = await editorOf(uri);
  if (!editor || typeof start !== 'number' || typeof end !== 'number' || typeof text !== 'string') return false;
  const doc = editor.document;
  if (typeof version === 'number' && doc.version !== version) return false;
  return editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(start), doc.positionAt(end)), text));
}
