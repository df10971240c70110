/** The sidebar inspector: a WebviewView in the Partials activity-bar container. */
import * as vscode from 'vscode';
import type { Inspector } from './inspector';
import { INSPECTOR_VIEW_ID } from './ids';
import { connect, renderHtml, webviewOptions } from './webviewHost';

export { INSPECTOR_VIEW_ID } from './ids';

export class InspectorViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly inspector: Inspector) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const resolved = Date.now();
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderHtml(view.webview, this.extensionUri, 'sidebar');
    const connection = connect(view.webview, this.inspector, () => view.visible, resolved);
    const describe = () => {
      const m = this.inspector.current;
      view.description = m.pinned ? 'pinned' : m.origin ? `${m.origin.file}:${m.origin.line}` : undefined;
    };
    describe();
    const sub = this.inspector.onDidChangeModel(describe);
    view.onDidDispose(() => {
      sub.dispose();
      connection.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /** Shows the view (creating it if needed). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${INSPECTOR_VIEW_ID}.focus`);
  }
}
