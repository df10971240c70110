/**
 * A notebook cell's text in its notebook's context: the code cells above it (same language) and the cell itself,
 * joined with newlines, so "point from document" reads the values earlier cells assign (`w = 0.5`,
 * `x = np.array([…])`) as it reads the lines above a selection in a file. Outside a notebook, the document as is.
 */
import * as vscode from 'vscode';

export interface DocumentContext {
  text: string;
  /** `offset` in the document, as an offset into `text`. */
  offset: number;
}

export function documentContext(doc: vscode.TextDocument, offset: number): DocumentContext {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
  if (!notebook) return { text: doc.getText(), offset };
  const parts: string[] = [];
  for (const cell of notebook.getCells()) {
    if (cell.document === doc) break;
    if (cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === doc.languageId) parts.push(cell.document.getText());
  }
  const prefix = parts.length ? parts.join('\n') + '\n' : '';
  return { text: prefix + doc.getText(), offset: prefix.length + offset };
}
