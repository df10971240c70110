/** The inspector webview's HTML shell: strict CSP with a per-load nonce, assets only from the extension. Pure. */
import type { UiStrings } from '../../shared/strings';

export interface HtmlAssets {
  /** `webview.cspSource` */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** ELK's layout worker script (fetched and started from a blob: URL, as webviews require). */
  elkWorkerUri: string;
  /** 'sidebar' | 'panel': the webview lays out differently in a wide panel. */
  host: 'sidebar' | 'panel';
  /** The display language (`vscode.env.language`, e.g. `en`, `zh-cn`) and the webview's strings in it. */
  lang?: string;
  strings?: UiStrings;
}

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(random() * chars.length));
  return s;
}

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The graph layout runs in a worker made from the extension's own ELK script (fetched, then a blob: URL).
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

export function inspectorHtml(a: HtmlAssets): string {
  const lang = a.lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(a.lang) ? a.lang : 'en';
  const strings = a.strings && Object.keys(a.strings).length ? ` data-strings="${escAttr(JSON.stringify(a.strings))}"` : '';
  const styles = a.styleUris.map((u) => `  <link rel="stylesheet" href="${escAttr(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escAttr(contentSecurityPolicy(a.cspSource, a.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>Partials</title>
</head>
<body class="host-${a.host}" data-host="${a.host}" data-elk-worker="${escAttr(a.elkWorkerUri)}"${strings}>
  <main id="app" data-testid="partials-app" aria-live="polite" aria-busy="false">
    <p class="empty" id="empty-state" data-testid="empty-state">${escAttr(a.strings?.['Loading…'] ?? 'Loading…')}</p>
  </main>
  <script nonce="${a.nonce}" src="${escAttr(a.scriptUri)}"></script>
</body>
</html>`;
}
