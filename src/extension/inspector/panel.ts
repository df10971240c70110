/** "Open in Panel": the same inspector in an editor-area WebviewPanel, restored across reloads. */
import * as vscode from 'vscode';
import type { Inspector } from './inspector';
import { PANEL_VIEW_TYPE } from './ids';
import { connect, renderHtml, webviewOptions } from './webviewHost';

export { PANEL_VIEW_TYPE } from './ids';

export class InspectorPanel {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly inspector: Inspector) {}

  get isOpen(): boolean {
    return !!this.panel;
  }
  get visible(): boolean {
    return !!this.panel?.visible;
  }

  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Partials', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    this.adopt(panel);
    return panel;
  }

  /** Takes over a panel (new, or revived by the serializer after a reload). */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'partials.svg');
    panel.webview.options = webviewOptions(this.extensionUri);
    const connection = connect(panel.webview, this.inspector, () => panel.visible);
    let disposed = false;
    panel.onDidDispose(() => {
      disposed = true;
      connection.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    void renderHtml(panel.webview, this.extensionUri, 'panel', connection.initial).then((html) => {
      if (!disposed) panel.webview.html = html;
    });
  }

  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        // The webview shows its last model from its own saved state until the inspector has something newer.
        this.adopt(panel);
      },
    };
  }
}
