/** Quick fix on a wrong claim: "Replace with the correct derivative". */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { rangeOf, type DxDocuments } from './documents';

export class DxQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly docs: DxDocuments) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const analysis = await this.docs.get(doc);
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of analysis.diagnostics) {
      if (!d.fix) continue;
      const where = rangeOf(doc, d.span);
      if (!where.intersection(range) && !context.diagnostics.some((x) => x.range.isEqual(where))) continue;
      const action = new vscode.CodeAction(d.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, rangeOf(doc, d.fix.span), d.fix.text);
      action.diagnostics = context.diagnostics.filter((x) => x.source === DIAGNOSTIC_SOURCE && x.code === d.code && x.range.isEqual(where));
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
