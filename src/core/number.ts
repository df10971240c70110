/**
 * The engine's one plain-number formatter: `digits` significant digits, trailing zeros dropped, JavaScript's own
 * spelling otherwise (`1e-7`, `NaN`, `Infinity`), so the text reads back as the same rounded number in mathjs,
 * Python, JSON and DOT. (The webview's display formatter with notation settings is `src/shared/format.ts`.)
 */
export function shortNumber(v: number, digits = 6): string {
  return String(Number(v.toPrecision(digits)));
}

/** An error magnitude for text tables: `0`, or scientific with three significant digits (`1.23e-9`); `—` when absent. */
export function errorText(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v === 0 ? '0' : v.toExponential(2);
}
