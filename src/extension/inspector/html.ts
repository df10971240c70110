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
  /**
   * The script's and the style sheets' text, put in the page itself (with the nonce) instead of fetched: a new
   * webview then starts without a round trip per file through VS Code's resource loader, which is most of a cold
   * Inspect's time in a remote or browser workbench. `scriptUri` and `styleUris` are used when this is absent.
   */
  inline?: { script: string; styles: string[] };
  /** Fonts the first render needs (KaTeX's main and math italic): fetched at once rather than after layout. */
  fontPreloads?: string[];
  /**
   * The model message (JSON) the page shows as soon as its script runs, before it says `ready` (the webview
   * validates it like any message from the host): a view created by an Inspect does not wait for a round trip.
   */
  initial?: string;
}

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(random() * chars.length));
  return s;
}

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const JSON_ATTR: Record<string, string> = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' };
/**
 * JSON for a single-quoted attribute: JSON has few `&`, `'`, `<` and `>`, where escaping its every `"` for a
 * double-quoted attribute took ~100 ms per megabyte on the extension host (a model can be in the page).
 */
const escJsonAttr = (s: string) => (/[&'<>]/.test(s) ? s.replace(/[&'<>]/g, (c) => JSON_ATTR[c]) : s);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The graph layout runs in a worker made from the extension's own ELK script (fetched, then a blob: URL).
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

export function inspectorHtml(a: HtmlAssets): string {
  const lang = a.lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(a.lang) ? a.lang : 'en';
  const strings = a.strings && Object.keys(a.strings).length ? ` data-strings='${escJsonAttr(JSON.stringify(a.strings))}'` : '';
  const initial = a.initial ? ` data-initial='${escJsonAttr(a.initial)}'` : '';
  // Inside the text, `</script` (`</style`) would end the element early, and `<!--` in a script changes how the
  // rest is parsed: a script's `<` there is written \x3C (the same character in JS strings, template literals and
  // regular expressions; the bundle has none outside those and comments), a style sheet's `</` as `<\/` (the same in
  // CSS strings).
  const rawScript = (text: string) => text.replace(/<(?=\/script|!--)/gi, '\\x3C');
  const rawStyle = (text: string) => text.replace(/<\/(?=style)/gi, '<\\/');
  const preloads = (a.fontPreloads ?? []).map((u) => `  <link rel="preload" href="${escAttr(u)}" as="font" type="font/woff2" crossorigin>`);
  const styles = [...preloads, ...(a.inline
    ? a.inline.styles.map((css) => `  <style nonce="${a.nonce}">${rawStyle(css)}</style>`)
    : a.styleUris.map((u) => `  <link rel="stylesheet" href="${escAttr(u)}">`))].join('\n');
  const script = a.inline ? `<script nonce="${a.nonce}">${rawScript(a.inline.script)}</script>` : `<script nonce="${a.nonce}" src="${escAttr(a.scriptUri)}"></script>`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escAttr(contentSecurityPolicy(a.cspSource, a.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>Partials</title>
</head>
<body class="host-${a.host}" data-host="${a.host}" data-elk-worker="${escAttr(a.elkWorkerUri)}"${strings}${initial}>
  <main id="app" data-testid="partials-app" aria-live="polite" aria-busy="false">
    <p class="empty" id="empty-state" data-testid="empty-state">${escAttr(a.strings?.['Loading…'] ?? 'Loading…')}</p>
  </main>
  ${script}
</body>
</html>`;
}
