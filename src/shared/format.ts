/** Number formatting shared by the webview and the host (hover text, status bar). Pure. */
import type { Notation } from './protocol';

/** Formats a value with `digits` significant digits; non-finite values get their usual names. */
export function formatNumber(v: number, digits = 6, notation: Notation = 'auto'): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const d = Math.min(17, Math.max(1, Math.round(digits)));
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const useSci = notation === 'scientific' || (notation === 'auto' && (abs >= 1e6 || abs < 1e-4));
  let s: string;
  if (useSci) {
    s = v.toExponential(d - 1);
    const [mant, exp] = s.split('e');
    s = `${trimZeros(mant)}e${exp.replace('+', '')}`;
  } else if (notation === 'fixed') {
    s = v.toFixed(Math.max(0, d - 1));
  } else {
    s = trimZeros(v.toPrecision(d));
    if (s.includes('e')) {
      const [mant, exp] = s.split('e');
      s = `${trimZeros(mant)}e${exp.replace('+', '')}`;
    }
  }
  return s.replace(/^-/, '−');
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Formats an error magnitude compactly (always scientific, 2 digits), the way error tables read. */
export function formatError(v: number | null): string {
  if (v === null) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return '∞';
  if (v === 0) return '0';
  return formatNumber(v, 2, 'scientific');
}

/** Parses what a user typed for a coordinate (decimal or scientific; ASCII or Unicode minus). */
export function parseUserNumber(text: string): number | undefined {
  const t = text.trim().replace(/\u2212/g, '-');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
