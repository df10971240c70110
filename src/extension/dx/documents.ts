/** One analysis per `.dx` document version, shared by the CodeLens, diagnostics, quick fix and hover. */
import * as vscode from 'vscode';
import { analyzeDx, type DxAnalysis } from '../../core/dx';

export const DX_LANGUAGE = 'dx';
/** Larger files are not analysed on every keystroke (a scratch pad is a few dozen lines). */
export const MAX_DX_CHARS = 200_000;

export class DxDocuments {
  private readonly cache = new Map<string, { version: number; analysis: DxAnalysis }>();

  /** The analysis of the document as it is now, or undefined when it is not a (reasonably sized) .dx file. */
  get(doc: vscode.TextDocument): DxAnalysis | undefined {
    if (doc.languageId !== DX_LANGUAGE) return undefined;
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const text = doc.getText();
    if (text.length > MAX_DX_CHARS) return undefined;
    const analysis = analyzeDx(text);
    this.cache.set(key, { version: doc.version, analysis });
    return analysis;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }
}

export function rangeOf(doc: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}
