/** Hover on a name in a `.dx` file: its value at the point and its partials. */
import * as vscode from 'vscode';
import { hoverFor } from './present';
import type { DxDocuments } from './documents';

const NAME = /[A-Za-z_\u0370-\u03FF][A-Za-z0-9_\u0370-\u03FF]*/u;

export class DxHoverProvider implements vscode.HoverProvider {
  constructor(private readonly docs: DxDocuments) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const a = await this.docs.get(doc);
    const range = doc.getWordRangeAtPosition(pos, NAME);
    if (!a || !range) return undefined;
    // not inside a comment
    const offset = doc.offsetAt(range.start);
    if (a.parse.comments.some((c) => offset >= c.span.start && offset < c.span.end)) return undefined;
    let name = doc.getText(range);
    // `dloss/dw`: hovering the claim's names
    const claim = a.parse.statements.find((s) => s.kind === 'claim' && offset >= s.lhsSpan.start && offset < s.lhsSpan.end);
    if (claim?.kind === 'claim') {
      if (offset >= claim.of.span.start - 1 && offset < claim.of.span.end) name = claim.of.name;
      else if (offset >= claim.wrt.span.start - 1 && offset < claim.wrt.span.end) name = claim.wrt.name;
    }
    const md = hoverFor(a, name);
    return md ? new vscode.Hover(new vscode.MarkdownString(md), range) : undefined;
  }
}
