/** The sidebar inspector: a WebviewView in the Partials activity-bar container. */
import * as vscode from 'vscode';
import type { Inspector } from './inspector';
import { INSPECTOR_VIEW_ID } from './ids';
import { connect, renderHtml, warmAssets, webviewOptions } from './webviewHost';

export { INSPECTOR_VIEW_ID } from './ids';

export class InspectorViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly inspector: Inspector) {}

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    const resolved = Date.now();
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    // listening before the page exists: its first message is `ready`
    const connection = connect(view.webview, this.inspector, () => view.visible, resolved);
    const describe = () => {
      const m = this.inspector.current;
      view.description = m.pinned ? 'pinned' : m.origin ? `${m.origin.file}:${m.origin.line}` : undefined;
    };
    describe();
    const sub = this.inspector.onDidChangeModel(describe);
    let disposed = false;
    view.onDidDispose(() => {
      disposed = true;
      sub.dispose();
      connection.dispose();
      if (this.view === view) this.view = undefined;
    });
    const html = await renderHtml(view.webview, this.extensionUri, 'sidebar', connection.initial);
    if (!disposed) view.webview.html = html;
  }

  /** Reads the page's assets ahead of the view's creation (the first selection in a supported language). */
  warm(): void {
    if (!this.view) warmAssets(this.extensionUri);
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /**
   * Shows the view (creating it if needed). A view already on screen is left alone: showing it again is a round
   * trip through the workbench while the first paint of the Inspect that asked for it is on its way.
   */
  async reveal(): Promise<void> {
    if (this.view?.visible) return;
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${INSPECTOR_VIEW_ID}.focus`);
  }
}
