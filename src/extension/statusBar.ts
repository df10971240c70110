/** Status-bar item shown while the inspected selection is a detected expression; click opens the inspector. */
import * as vscode from 'vscode';
import { readSettings } from './config';
import type { Inspector } from './inspector/inspector';
import { formatNumber } from '../shared/format';
import type { ViewModel } from '../shared/protocol';
import { statusText } from './inspector/viewModel';
import { t } from './l10n';

export function createStatusBar(inspector: Inspector): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('partials.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Partials';
  item.command = 'partials.inspector.focus';
  const update = (model: ViewModel) => {
    const text = statusText(model);
    const editor = vscode.window.activeTextEditor;
    const target = inspector.currentTarget;
    if (!text || !readSettings().statusBar || !editor || !target || editor.document.uri.toString() !== target.uri) {
      item.hide();
      return;
    }
    item.text = `$(symbol-operator) ${text}${model.pinned ? ' $(pinned)' : ''}`;
    const fmt = (v: number) => formatNumber(v, model.format.digits, model.format.notation);
    const md = new vscode.MarkdownString(`**Partials** — ${t('{0} partial derivatives at the point', model.partials?.length ?? 0)}\n\n`);
    md.appendCodeblock((model.partials ?? []).slice(0, 12).map((p) => `∂${p.of}/∂${p.wrt} = ${fmt(p.value)}`).join('\n'), 'text');
    md.appendMarkdown(`\n${t('Click to open the inspector.')}`);
    item.tooltip = md;
    item.accessibilityInformation = { label: t('Partials: {0}. Open the inspector.', text) };
    item.show();
  };
  const subs = [
    inspector.onDidChangeModel(update),
    vscode.window.onDidChangeActiveTextEditor(() => update(inspector.current)),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('partials.statusBar') && update(inspector.current)),
  ];
  update(inspector.current);
  return vscode.Disposable.from(item, ...subs);
}
