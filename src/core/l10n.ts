/**
 * The engine's messages in the user's language. Every user-facing message in src/core (errors, check notes, codegen
 * refusals, inspector notes) is written `t('English text {0}', arg)`: the English text is the key and `{0}`, `{1}`…
 * are the arguments, as `vscode.l10n.t`. `scripts/l10n.mjs` collects the call sites into `l10n/bundle.l10n.json`.
 *
 * Pure (no vscode import). By default `t` formats the English text, so the CLI (a contract: its JSON compares
 * messages) and tests stay English. The extension installs a translator with {@link setTranslator}: on the host
 * one backed by `vscode.l10n.t`, in the engine's worker thread and Web Worker one reading the bundle they are
 * started with (`src/extension/l10n.ts` `useL10n`).
 */
export type L10nArg = string | number | boolean;
export type Translator = (message: string, args: readonly L10nArg[]) => string;

/** `{0}`, `{1}`… of `template` replaced by the arguments (a placeholder with no argument stays as written). */
export function fillPlaceholders(template: string, args: readonly L10nArg[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

const english: Translator = fillPlaceholders;
let translator: Translator = english;

/** Installs where translations come from (undefined: English again). */
export function setTranslator(fn: Translator | undefined): void {
  translator = fn ?? english;
}

/** `message` in the user's language with its arguments filled in. The message must be a string literal (the key). */
export function t(message: string, ...args: L10nArg[]): string {
  return translator(message, args);
}
