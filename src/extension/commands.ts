/** The palette / context-menu commands (category "Partials"). IDs are stable: tests and keybindings use them. */
import * as vscode from 'vscode';
import type { EngineAdapter } from './engine';
import { graphToDot } from '../core/dot';
import { editorArgs } from './commandArgs';
import type { Inspector } from './inspector';
import type { InspectorViewProvider } from './inspectorView';
import type { InspectorPanel } from './panel';
import { formatNumber } from '../shared/format';
import type { SectionId } from '../shared/protocol';

export const COMMANDS = {
  inspectSelection: 'partials.inspectSelection',
  openPanel: 'partials.openPanel',
  showGraph: 'partials.showGraph',
  checkGradient: 'partials.checkGradient',
  verifyDerivative: 'partials.verifyDerivative',
  exportGraph: 'partials.exportGraph',
  togglePin: 'partials.togglePin',
} as const;

interface Deps {
  engine: EngineAdapter;
  inspector: Inspector;
  view: InspectorViewProvider;
  panel: InspectorPanel;
}

/** Where a command should act: explicit args (hover links, tests) or the active editor's selection. */
async function editorFor(args: unknown): Promise<{ editor: vscode.TextEditor; range?: vscode.Range } | undefined> {
  const a = editorArgs(args);
  if (a.uri !== undefined) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: true, preview: false });
    const r = a.range ? new vscode.Range(a.range[0], a.range[1], a.range[2], a.range[3]) : undefined;
    if (r) editor.selection = new vscode.Selection(r.start, r.end);
    return { editor, ...(r ? { range: r } : {}) };
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? { editor } : undefined;
}

export function registerCommands({ engine, inspector, view, panel }: Deps): vscode.Disposable[] {
  /** Inspects the selection (when there is an editor) and shows the inspector where it is open. */
  const inspectAndShow = async (args: unknown, section?: SectionId): Promise<boolean> => {
    const loc = await editorFor(args);
    if (loc) inspector.inspectEditor(loc.editor, loc.range);
    else if (inspector.current.kind === 'empty') {
      void vscode.window.showInformationMessage('Partials: open a file and select an expression to inspect.');
      return false;
    }
    if (panel.visible) panel.show();
    else await view.reveal();
    if (section) inspector.focusSection(section);
    return true;
  };

  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg(COMMANDS.inspectSelection, (args) => inspectAndShow(args)),
    reg(COMMANDS.openPanel, () => {
      panel.show();
    }),
    reg(COMMANDS.showGraph, async (args) => {
      const loc = await editorFor(args);
      if (loc && (!loc.editor.selection.isEmpty || loc.range)) inspector.inspectEditor(loc.editor, loc.range);
      panel.show();
      inspector.focusSection('graph');
    }),
    reg(COMMANDS.checkGradient, async (args) => {
      if (!engine.features.checks) {
        void vscode.window.showInformationMessage('Partials: numeric checks are not available in this build; the inspector shows the exact partials.');
      }
      await inspectAndShow(args, engine.features.checks ? 'checks' : 'partials');
    }),
    reg(COMMANDS.verifyDerivative, async (args) => {
      if (!engine.features.checks) {
        void vscode.window.showInformationMessage('Partials: verifying hand-written derivatives needs the numeric checks, which this build does not have.');
        return undefined;
      }
      if (!(await inspectAndShow(args, 'checks'))) return undefined;
      const model = await inspector.settled();
      const claims = model?.checks?.claims ?? [];
      if (model?.kind === 'result' && claims.length === 0) {
        void vscode.window.showInformationMessage(
          'Partials: no hand-written derivative in the selection. Select the formula together with a claim such as `df_dx = …` (or `df/dx = …` in a .dx file).');
      } else if (claims.length) {
        const wrong = claims.filter((c) => c.result !== 'holds');
        const msg = wrong.length
          ? `Partials: ${wrong.length} of ${claims.length} hand-written derivatives ${wrong.length === 1 ? 'is' : 'are'} wrong: ${wrong.map((c) => c.label).join('; ')}`
          : `Partials: ${claims.length === 1 ? 'the hand-written derivative holds' : `all ${claims.length} hand-written derivatives hold`}.`;
        if (wrong.length) void vscode.window.showWarningMessage(msg);
        else void vscode.window.showInformationMessage(msg);
      }
      return claims;
    }),
    reg(COMMANDS.exportGraph, (args) => exportGraph(inspector, panel, args)),
    reg(COMMANDS.togglePin, () => inspector.togglePin()),
    // View-title buttons: the icon shows the state (pin / pinned); the palette has the toggle.
    reg('partials.pin', () => !inspector.isPinned && inspector.togglePin()),
    reg('partials.unpin', () => inspector.isPinned && inspector.togglePin()),
  ];
}

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
    void vscode.window.showWarningMessage('Partials: there is no computation graph to export. Inspect an expression first.');
    return undefined;
  }
  const format = args.format ?? (await vscode.window.showQuickPick(
    [
      { label: 'DOT', description: 'Graphviz source', format: 'dot' as const },
      { label: 'SVG', description: 'the drawing as shown', format: 'svg' as const },
    ],
    { title: 'Export computation graph as', placeHolder: 'Format' },
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
      void vscode.window.showErrorMessage('Partials: the graph could not be drawn for export; try again with the inspector visible.');
      return undefined;
    }
  }
  let target: vscode.Uri | undefined;
  if (args.path) target = vscode.Uri.file(args.path);
  else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${graph.output}-graph.${format}`;
    target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'dot' ? { 'Graphviz DOT': ['dot', 'gv'] } : { SVG: ['svg'] },
      title: 'Export computation graph',
    });
  }
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  if (!args.path) void vscode.window.showInformationMessage(`Partials: graph exported to ${vscode.workspace.asRelativePath(target)}.`);
  return target.toString();
}
