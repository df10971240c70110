/** Shared set-up of the inspector webview (sidebar view or panel): options, HTML, validated message routing. */
import * as vscode from 'vscode';
import { inspectorHtml, makeNonce } from './html';
import type { Inspector } from './inspector';
import type { Sink } from './views';
import { fromWire, parseWebviewMessage, type HostToWebview } from '../../shared/protocol';
import { t, webviewStrings } from '../l10n';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The extension's asset files, read once per session (the build does not change under a running extension). */
const assets = new Map<string, Promise<string>>();
function readAsset(uri: vscode.Uri): Promise<string> {
  const key = uri.toString();
  let text = assets.get(key);
  if (!text) {
    text = Promise.resolve(vscode.workspace.fs.readFile(uri)).then((bytes) => new TextDecoder().decode(bytes));
    assets.set(key, text);
    text.catch(() => assets.delete(key));
  }
  return text;
}

/**
 * Starts reading the assets renderHtml puts in the page (the script and the style sheets), once per session, ahead
 * of the first view: a view that a cold Inspect creates then does not wait for them (in a fresh window they took
 * ~1.5 s between VS Code creating the view and its page being made, on a loaded machine).
 */
export function warmAssets(extensionUri: vscode.Uri): void {
  void readPageAssets(extensionUri).catch(() => undefined);
}

/** The page's script, KaTeX's style sheet and ours (each read once per session). */
function readPageAssets(extensionUri: vscode.Uri): Promise<[string, string, string]> {
  const file = (...p: string[]) => vscode.Uri.joinPath(extensionUri, ...p);
  return Promise.all([readAsset(file('dist', 'webview.js')), readAsset(file('media', 'katex', 'katex.min.css')), readAsset(file('media', 'inspector.css'))]);
}

/** The fonts nearly every formula uses (KaTeX's roman and math italic). */
const FIRST_FONTS = ['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2'];

/**
 * The webview's HTML with its script and style sheets inline (see HtmlAssets.inline); KaTeX's fonts stay files,
 * their URLs made absolute. If an asset cannot be read, the plain HTML that fetches them.
 */
export async function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, host: 'sidebar' | 'panel', initial?: () => HostToWebview): Promise<string> {
  const file = (...p: string[]) => vscode.Uri.joinPath(extensionUri, ...p);
  const uri = (...p: string[]) => webview.asWebviewUri(file(...p)).toString();
  const base = {
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: uri('dist', 'webview.js'),
    styleUris: [uri('media', 'katex', 'katex.min.css'), uri('media', 'inspector.css')],
    elkWorkerUri: uri('media', 'elk', 'elk-worker.min.js'),
    host,
    lang: vscode.env.language,
    strings: webviewStrings(),
    fontPreloads: FIRST_FONTS.map((f) => uri('media', 'katex', 'fonts', f)),
  };
  try {
    const [script, katexCss, css] = await readPageAssets(extensionUri);
    const fonts = uri('media', 'katex', 'fonts');
    // the source map beside the file, not beside the page
    const mapped = script.replace(/(\/\/# sourceMappingURL=)(webview\.js\.map)\s*$/, (_m, c: string, f: string) => `${c}${uri('dist', f)}`);
    // the newest model last of all, so that it is as new as it can be
    const model = initial ? { initial: asJson(initial()) } : {};
    return inspectorHtml({ ...base, ...model, inline: { script: mapped, styles: [katexCss.replace(/url\((['"]?)fonts\//g, (_m, q: string) => `url(${q}${fonts}/`), css] } });
  } catch {
    return inspectorHtml({ ...base, ...(initial ? { initial: asJson(initial()) } : {}) });
  }
}

/**
 * A model message as JSON text, made once however many views it goes to. VS Code serialises a posted object on the
 * extension host with a replacer (it looks for ArrayBuffers) that is several times slower than JSON.stringify
 * itself; a string goes through as it is (the webview parses it, then validates it as any message).
 */
const jsonOf = new WeakMap<object, string>();
/** A model's JSON, made once however many messages carry it (their traces differ: the page's, `ready`'s). */
const modelJsonOf = new WeakMap<object, string>();
export function asJson(msg: HostToWebview): string {
  let json = jsonOf.get(msg);
  if (json !== undefined) return json;
  if (msg.type === 'model') {
    const { model, ...rest } = msg;
    let m = modelJsonOf.get(model);
    if (m === undefined) modelJsonOf.set(model, (m = JSON.stringify(model)));
    // the rest has `type` at least: its JSON ends with the object's closing brace, the model goes before it
    json = `${JSON.stringify(rest).slice(0, -1)},"model":${m}}`;
  } else json = JSON.stringify(msg);
  jsonOf.set(msg, json);
  return json;
}

/**
 * Connects a webview to the inspector; returns what to dispose when the webview goes away, and `initial`: the
 * model message to put in its page (renderHtml), which it then shows without asking for it.
 */
export function connect(webview: vscode.Webview, inspector: Inspector, isVisible: () => boolean, resolved = Date.now()): vscode.Disposable & { initial(): HostToWebview } {
  const sink: Sink = {
    post: (msg) => webview.postMessage(msg.type === 'model' ? asJson(msg) : msg),
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
  return Object.assign(vscode.Disposable.from(attached, listener), { initial: () => inspector.initialMessage(sink) });
}
