/**
 * Every string the inspector webview shows, in English: the keys of the dictionary the host sends with the
 * webview's HTML (`src/extension/l10n.ts` `webviewStrings()`, translations from `l10n/bundle.l10n.<lang>.json`).
 * The webview's `t(key, …args)` (src/webview/l10n.ts) looks a key up and falls back to the English key itself;
 * `{0}`, `{1}`… are its arguments. A string not listed here does not type-check as a key.
 * Pure module (host, webview and tests import it).
 */
export const WEBVIEW_STRINGS = [
  // header, empty and error states (main.ts)
  'Inspector',
  'Pin',
  'Pinned',
  'Pin: keep this expression while the selection moves',
  'Unpin: follow the selection again',
  'Open in Panel',
  'Open in panel',
  'pinned',
  'live',
  'manual',
  'Loading…',
  'Select an expression to inspect its derivatives.',
  'For example select {0} or a few lines of straight-line code, then run “Partials: Inspect Selection” (Ctrl+K Ctrl+G).',
  'line {0}, column {1}',
  '{0}, line {1}, column {2}',
  'Source line with the error at {0}',
  'Fix the selection or select a different expression; Partials updates as the selection changes.',
  'Restored from the last session: select an expression to update.',
  'computed in {0} ms',
] as const;

export type UiString = (typeof WEBVIEW_STRINGS)[number];
/** Translations by English key; a missing key means the English text. */
export type UiStrings = Partial<Record<UiString, string>>;

/** Keeps only known keys with string values (what the webview accepts from its HTML). */
export function parseUiStrings(raw: unknown): UiStrings {
  const out: UiStrings = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  const known = new Set<string>(WEBVIEW_STRINGS);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (known.has(k) && typeof v === 'string' && v.length <= 2000) out[k as UiString] = v;
  }
  return out;
}

/** `{0}`, `{1}`… replaced by the arguments (a placeholder without an argument stays). */
export function fill(template: string, args: ReadonlyArray<string | number | boolean>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
