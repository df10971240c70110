/**
 * The webview's strings in the user's language: the host puts its dictionary (English key → translation) on
 * <body data-strings> (src/extension/inspector/html.ts); `t` looks a key up, falls back to the English key and
 * fills `{0}`, `{1}`… with the arguments.
 */
import { fill, parseUiStrings, type UiString, type UiStrings } from '../shared/strings';

let strings: UiStrings | undefined;

/** Sets the dictionary (tests); by default it is read from the page once, on first use. */
export function setStrings(raw: unknown): void {
  strings = parseUiStrings(raw);
}

function dictionary(): UiStrings {
  if (strings) return strings;
  let raw: unknown;
  try {
    const data = typeof document !== 'undefined' ? document.body?.dataset.strings : undefined;
    raw = data ? JSON.parse(data) : undefined;
  } catch {
    raw = undefined; // a broken dictionary: English
  }
  strings = parseUiStrings(raw);
  return strings;
}

export function t(key: UiString, ...args: Array<string | number>): string {
  return fill(dictionary()[key] ?? key, args);
}
