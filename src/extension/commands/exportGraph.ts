/** Export Graph…: the inspected computation graph as Graphviz DOT, or as the SVG the webview drew. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../context';
import { graphToDot } from '../../core/dot';
import type { Inspector } from '../inspector/inspector';
import type { InspectorPanel } from '../inspector/panel';
import { formatNumber } from '../../shared/format';
import { t } from '../l10n';

export const exportGraphCommand: CommandFactory = (ctx) => (args) => exportGraph(ctx.inspector, ctx.panel, args);

interface ExportArgs {
  format?: 'dot' | 'svg';
  /** File path to write without asking (tests, scripted use). */
  path?: string;
}

async function exportGraph(inspector: Inspector, panel: InspectorPanel, raw: unknown): Promise<string | undefined> {
  const args = (raw && typeof raw === 'object' ? raw : {}) as ExportArgs;
  const model = inspector.current;
  const graph = model.graph;
  if (!graph) {
    void vscode.window.showWarningMessage(t('Partials: there is no computation graph to export. Inspect an expression first.'));
    return undefined;
  }
  const format = args.format ?? (await vscode.window.showQuickPick(
    [
      { label: 'DOT', description: t('Graphviz source'), format: 'dot' as const },
      { label: 'SVG', description: t('the drawing as shown'), format: 'svg' as const },
    ],
    { title: t('Export computation graph as'), placeHolder: t('Format') },
  ))?.format;
  if (!format) return undefined;
  let content: string;
  if (format === 'dot') {
    content = graphToDot(graph, { format: (v) => formatNumber(v, model.format.digits, model.format.notation), direction: graph.direction });
  } else {
    content = await inspector.requestSvg();
    if (!content) {
      // No webview has the graph drawn (sidebar hidden): draw it in the panel and ask again.
      panel.show();
      await new Promise((r) => setTimeout(r, 1500));
      content = await inspector.requestSvg();
    }
    if (!content) {
      void vscode.window.showErrorMessage(t('Partials: the graph could not be drawn for export; try again with the inspector visible.'));
      return undefined;
    }
  }
  let target: vscode.Uri | undefined;
  if (args.path) {
    // a path on the workspace's file system (a remote one in a browser workbench, where file: is not writable)
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = folder && folder.scheme !== 'file' ? folder.with({ path: args.path }) : vscode.Uri.file(args.path);
  }
  else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${graph.output}-graph.${format}`;
    target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'dot' ? { 'Graphviz DOT': ['dot', 'gv'] } : { SVG: ['svg'] },
      title: t('Export computation graph'),
    });
  }
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  if (!args.path) void vscode.window.showInformationMessage(t('Partials: graph exported to {0}.', vscode.workspace.asRelativePath(target)));
  return target.toString();
}
