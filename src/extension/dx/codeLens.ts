/** CodeLens above each `.dx` statement: value and partials, claim verdicts, and the point. */
import * as vscode from 'vscode';
import { lensFor, pointLens } from './present';
import { rangeOf, type DxDocuments } from './documents';

export const DX_COMMANDS = {
  inspectStatement: 'partials.dx.inspectStatement',
  replaceClaim: 'partials.dx.replaceClaim',
  newScratchPad: 'partials.newScratchPad',
} as const;

export class DxCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly docs: DxDocuments) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const a = await this.docs.get(doc);
    if (!a || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const r of a.results) {
      const text = lensFor(r);
      if (!text) continue;
      const range = rangeOf(doc, r.statement.span);
      const fix = r.kind === 'claim' ? a.diagnostics.find((d) => d.fix && d.code === 'wrong-claim' && d.span.start >= r.statement.span.start && d.span.end <= r.statement.span.end) : undefined;
      const command: vscode.Command = fix?.fix
        ? { title: text.title, tooltip: text.tooltip, command: DX_COMMANDS.replaceClaim, arguments: [doc.uri.toString(), fix.fix.span.start, fix.fix.span.end, fix.fix.text, doc.version] }
        : { title: text.title, tooltip: text.tooltip, command: DX_COMMANDS.inspectStatement, arguments: [doc.uri.toString(), r.statement.span.start, r.statement.span.end] };
      lenses.push(new vscode.CodeLens(range, command));
    }
    const point = pointLens(a);
    const anchor = a.results.find((r) => r.kind === 'wrt') ?? a.results.find((r) => r.kind === 'define' || r.kind === 'expr');
    if (point && anchor) {
      lenses.push(new vscode.CodeLens(rangeOf(doc, anchor.statement.span), { title: point.title, tooltip: point.tooltip, command: '' }));
    }
    return lenses;
  }
}
