/** The editor side of the inspector: highlighting the text a graph node or term came from, and going to it. */
import * as vscode from 'vscode';
import type { SpanRef } from '../../shared/protocol';
import type { Target } from './request';

export class SpanDecorations implements vscode.Disposable {
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
  });

  dispose(): void {
    this.highlight.dispose();
  }

  /** Highlights `span` of the target's text in its visible editor (null: clears). */
  highlightSpan(t: Target | undefined, span: SpanRef | null): void {
    const editor = t && editorFor(t.uri);
    if (!t || !editor) return;
    const range = span ? rangeOf(t, editor, span) : undefined;
    editor.setDecorations(this.highlight, range ? [range] : []);
  }

  /** Opens the target's document and selects `span`. */
  async revealSpan(t: Target | undefined, span: SpanRef): Promise<void> {
    if (!t) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri));
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false, viewColumn: editorFor(t.uri)?.viewColumn });
    const range = rangeOf(t, editor, span);
    if (!range) return;
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function editorFor(uri: string): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
}

function rangeOf(t: Target, editor: vscode.TextEditor, span: SpanRef): vscode.Range | undefined {
  if (t.noSpans || editor.document.getText().length < t.offset + span.end) return undefined;
  return new vscode.Range(editor.document.positionAt(t.offset + span.start), editor.document.positionAt(t.offset + span.end));
}
