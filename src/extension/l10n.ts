/**
 * The extension's runtime strings in the user's language. Every message the extension shows goes through `t`
 * (English text as the key, `{0}`, `{1}`… for arguments, as `vscode.l10n.t`): `scripts/l10n.mjs` collects the
 * call sites into `l10n/bundle.l10n.json`, translations live in `l10n/bundle.l10n.<lang>.json`.
 *
 * Pure (no vscode import) so the pure modules (view model, `.dx` presentation, the engine's worker) use it too: on
 * the extension host activation hands it `vscode.l10n.t` and `vscode.l10n.bundle`; the engine's worker thread gets
 * the bundle in its workerData (vscode does not exist there). Without either (unit tests, the CLI): English.
 */
import { setTranslator } from '../core/l10n';
import { fill, WEBVIEW_STRINGS, type UiString, type UiStrings } from '../shared/strings';

export type L10nArg = string | number | boolean;
type Translate = (message: string, args: L10nArg[]) => string;

let bundle: Readonly<Record<string, string>> | undefined;
let translate: Translate | undefined;

/**
 * Sets where translations come from: the loaded bundle (key → text) and, on the host, `vscode.l10n.t`. The engine's
 * own messages (`src/core/l10n.ts`) follow: the in-process engine, the worker thread and the Web Worker all call this.
 */
export function useL10n(contents: unknown, t?: Translate): void {
  bundle = isBundle(contents) ? contents : undefined;
  translate = t;
  setTranslator(bundle || translate ? (message, args) => lookup(message, [...args]) : undefined);
}

function lookup(message: string, args: L10nArg[]): string {
  if (translate) return translate(message, args);
  const own = bundle && Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message] : undefined;
  return fill(own ?? message, args);
}

/** The loaded bundle (handed to the engine's worker thread). */
export function l10nBundle(): Readonly<Record<string, string>> | undefined {
  return bundle;
}

function isBundle(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((s) => typeof s === 'string');
}

/** `message` in the user's language, arguments filled in. The message must be a string literal (it is the key). */
export function t(message: string, ...args: L10nArg[]): string {
  return lookup(message, args);
}

/** The webview's dictionary in the user's language (sent with the webview's HTML). */
export function webviewStrings(): UiStrings {
  const out: Partial<Record<UiString, string>> = {};
  for (const key of WEBVIEW_STRINGS) {
    const own = bundle && Object.prototype.hasOwnProperty.call(bundle, key) ? bundle[key] : undefined;
    if (own !== undefined && own !== key) out[key] = own;
  }
  return out;
}
