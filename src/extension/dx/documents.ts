/** One analysis per `.dx` document version, shared by the CodeLens, diagnostics, quick fix and hover. */
import * as vscode from 'vscode';
import { analyzeDx, type DxAnalysis } from '../../core/dx';

export const DX_LANGUAGE = 'dx';
/** Larger files are not analysed on every keystroke (a scratch pad is a few dozen lines). */
export const MAX_DX_CHARS = 200_000;

export class DxDocuments {
  // Keyed by the document object, not its URI: an untitled pad's URI (Untitled-1) is reused by the next new pad
  // before the old one's close event arrives, and both start at version 1.
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; analysis: DxAnalysis }>();

  /** The analysis of the document as it is now, or undefined when it is not a (reasonably sized) .dx file. */
  get(doc: vscode.TextDocument): DxAnalysis | undefined {
    if (doc.languageId !== DX_LANGUAGE) return undefined;
    const hit = this.cache.get(doc);
    if (hit && hit.version === doc.version) return hit.analysis;
    const text = doc.getText();
    if (text.length > MAX_DX_CHARS) return undefined;
    const analysis = analyzeDx(text);
    this.cache.set(doc, { version: doc.version, analysis });
    return analysis;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc);
  }
}

export function rangeOf(doc: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}
