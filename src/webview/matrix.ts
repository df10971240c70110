/**
 * Arrays as small typeset matrices: LaTeX for a vector or matrix with rows and columns past `max` replaced by
 * ⋯, ⋮ and ⋱ (the first max − 2 entries, the ellipsis, the last one), plus a short plain-text form for graph
 * nodes and screen readers. Pure (no DOM): unit-tested in plain Node.
 */
import type { NestedNum } from '../shared/protocol';
import { t } from './l10n';

/** Indices shown of n entries when at most `max` fit: all, or the first max − 2, −1 (the ellipsis), the last. */
export function shownIndices(n: number, max: number): number[] {
  const m = Math.max(3, Math.floor(max));
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: m - 2 }, (_, i) => i), -1, n - 1];
}

/** A formatted number as LaTeX (Unicode minus and infinity, NaN upright, the exponent as ×10ⁿ). */
export function texNumber(s: string): string {
  const t = s.replace(/\u2212/g, '-');
  if (t === 'NaN') return '\\mathrm{NaN}';
  if (t === '∞' || t === '-∞') return t.replace('∞', '\\infty');
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(t);
  return m ? `${m[1]}\\times 10^{${m[2]}}` : t;
}

const isRows = (v: NestedNum[]): v is NestedNum[][] => v.length > 0 && Array.isArray(v[0]);

/** The value typeset: a number, a column vector, or a matrix, truncated past `max` rows and columns. */
export function matrixLatex(v: NestedNum | null, fmt: (x: number) => string, max: number): string {
  if (v === null) return '\\text{—}';
  if (typeof v === 'number') return texNumber(fmt(v));
  const rows: NestedNum[][] = isRows(v) ? v : v.map((x) => [x]);
  if (rows.length === 0) return '\\begin{bmatrix}\\end{bmatrix}';
  const ri = shownIndices(rows.length, max);
  const ci = shownIndices(rows[0].length, max);
  const body = ri.map((i) => ci.map((j) => {
    if (i < 0 && j < 0) return '\\ddots';
    if (i < 0) return '\\vdots';
    if (j < 0) return '\\cdots';
    const x = rows[i][j];
    return typeof x === 'number' ? texNumber(fmt(x)) : '';
  }).join(' & ')).join(' \\\\ ');
  return `\\begin{bmatrix} ${body} \\end{bmatrix}`;
}

/** A value in one short line: a number, `[a, b, c]` for small vectors, else `[a, b, …, z]` or rows likewise. */
export function shortValue(v: NestedNum | null | undefined, fmt: (x: number) => string, max = 4): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return fmt(v);
  const list = (xs: NestedNum[], item: (x: NestedNum) => string) => {
    const idx = shownIndices(xs.length, max);
    return `[${idx.map((i) => (i < 0 ? '…' : item(xs[i]))).join(', ')}]`;
  };
  return list(v, (x) => (typeof x === 'number' ? fmt(x) : list(x, (y) => (typeof y === 'number' ? fmt(y) : '?'))));
}

/** `4×3`, `3`, or `scalar` (in the user's language). */
export const shapeText = (s: readonly (number | string)[]): string => (s.length ? s.join('×') : t('scalar'));
