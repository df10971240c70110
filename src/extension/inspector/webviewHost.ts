/** Shared set-up of the inspector webview (sidebar view or panel): options, HTML, validated message routing. */
import * as vscode from 'vscode';
import { inspectorHtml, makeNonce } from './html';
import type { Inspector } from './inspector';
import type { Sink } from './views';
import { fromWire, parseWebviewMessage } from '../../shared/protocol';
import { t, webviewStrings } from '../l10n';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, host: 'sidebar' | 'panel'): string {
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return inspectorHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: uri('dist', 'webview.js'),
    styleUris: [uri('media', 'katex', 'katex.min.css'), uri('media', 'inspector.css')],
    elkWorkerUri: uri('media', 'elk', 'elk-worker.min.js'),
    host,
    lang: vscode.env.language,
    strings: webviewStrings(),
  });
}

/** Connects a webview to the inspector; returns what to dispose when the webview goes away. */
export function connect(webview: vscode.Webview, inspector: Inspector, isVisible: () => boolean, resolved = Date.now()): vscode.Disposable {
  const sink: Sink = {
    post: (msg) => webview.postMessage(msg),
    resolved,
    get visible() {
      return isVisible();
    },
  };
  const attached = inspector.attach(sink);
  const listener = webview.onDidReceiveMessage((raw: unknown) => {
    const msg = parseWebviewMessage(fromWire(raw));
    if (!msg) return; // malformed or unknown: ignored, never acted on
    inspector.handle(msg, sink).catch((err: unknown) => {
      void vscode.window.showErrorMessage(t('Partials: {0}', err instanceof Error ? err.message : String(err)));
    });
  });
  return vscode.Disposable.from(attached, listener);
}
