/** What a Partials hover shows, as pure functions: the typeset SVG rows (with a Unicode fallback). */
import type { InspectResult } from '../../core/api';
import { renderMathRows, type MathRow, type SvgStyle } from './mathSvg';
import { renderTexRows } from './texSvg';
import { partialLatex } from '../../shared/texNames';
import { t } from '../l10n';

/** How many partials a hover typesets before summarising the rest. */
export const MAX_ROWS = 8;
/** Hovers are about this wide; longer rows break at top-level + and −. */
export const HOVER_MAX_WIDTH = 560;

export function mathRows(r: InspectResult, fmt: (v: number) => string): MathRow[] {
  return r.partials.slice(0, MAX_ROWS).map((p) => ({
    num: `∂${p.of}`,
    den: `∂${p.wrt}`,
    rhs: p.text.split('\n'),
    note: p.differentiable ? `= ${fmt(p.value)}` : t('not differentiable here'),
  }));
}

/** Rows of `∂f/∂x = …` typeset from the engine's LaTeX; the Unicode form when the LaTeX is outside the subset. */
export function hoverSvg(r: InspectResult, fmt: (v: number) => string, style: SvgStyle): { svg: string; typeset: boolean } {
  const rows = r.partials.slice(0, MAX_ROWS).map((p) => ({
    latex: `${partialLatex(p.of, p.wrt)} = ${p.latex}`,
    note: p.differentiable ? `= ${fmt(p.value)}` : t('not differentiable here'),
  }));
  try {
    return { svg: renderTexRows(rows, { ...style, maxWidth: HOVER_MAX_WIDTH }).svg, typeset: true };
  } catch {
    return { svg: renderMathRows(mathRows(r, fmt), style).svg, typeset: false };
  }
}


/** Formulas in the compact hover: a small typeset image per partial, at most this wide and tall (px). */
export const COMPACT_FORMULA = { fontSize: 12, maxWidth: 320, maxHeight: 40 } as const;
/** Longer plain formulas are cut here (the inspector has them whole). */
export const COMPACT_PLAIN_CHARS = 60;
/**
 * LaTeX longer than this is not typeset for a hover: it could not fit COMPACT_FORMULA anyway, and typesetting a
 * formula of thousands of symbols (then base64-encoding it into the hover) took seconds and megabytes.
 */
export const COMPACT_LATEX_CHARS = 400;
/** All the images of one hover together stay under this many bytes of SVG; later rows use the plain form. */
export const HOVER_IMAGE_BYTES = 48_000;
/** The point line names at most this many coordinates. */
export const HOVER_POINT_NAMES = 8;

export interface CompactRow {
  of: string;
  wrt: string;
  /** The value at the point, formatted (or why there is none). */
  value: string;
  differentiable: boolean;
  /** `∂f/∂x = …` in plain Unicode: the image's alternative text. */
  alt: string;
  /** The right-hand side typeset small, when it fits; else `plain`. */
  image?: { svg: string; width: number; height: number };
  /** The right-hand side as plain text, cut to COMPACT_PLAIN_CHARS. */
  plain: string;
}

/**
 * The compact hover's rows: values first (`∂f/∂x`, its value), then the formula, typeset small when it fits in
 * COMPACT_FORMULA and as short plain text otherwise. Pure.
 */
export function compactRows(r: InspectResult, fmt: (v: number) => string, style: SvgStyle): CompactRow[] {
  let imageBytes = 0;
  return r.partials.slice(0, MAX_ROWS).map((partial) => {
    // in the selection's own names (`x (p − y)`) where the engine has that form, as the inspector shows it
    const p = { ...partial, ...(partial.named ? { text: partial.named.text, latex: partial.named.latex } : {}) };
    // only as much of the text as a row can show: a partial may be megabytes long
    const head = p.text.slice(0, COMPACT_PLAIN_CHARS + 1).split('\n').join(' ');
    const cut = p.text.length > COMPACT_PLAIN_CHARS;
    const plain = cut ? `${head.slice(0, COMPACT_PLAIN_CHARS - 1)}…` : head;
    let image: CompactRow['image'];
    if (p.latex.length <= COMPACT_LATEX_CHARS) {
      try {
        const img = renderTexRows([{ latex: p.latex }], { ...style, fontSize: COMPACT_FORMULA.fontSize, maxWidth: COMPACT_FORMULA.maxWidth });
        const fits = img.height <= COMPACT_FORMULA.maxHeight && img.width <= COMPACT_FORMULA.maxWidth + 40;
        if (fits && imageBytes + img.svg.length <= HOVER_IMAGE_BYTES) {
          image = img;
          imageBytes += img.svg.length;
        }
      } catch {
        // outside the typesetter's subset: the plain form
      }
    }
    return {
      of: p.of, wrt: p.wrt, value: fmt(p.value), differentiable: p.differentiable,
      alt: `∂${p.of}/∂${p.wrt} = ${plain}`, ...(image ? { image } : {}), plain,
    };
  });
}

/** Everything a Partials hover shows, small whatever the selection's size (built in the engine's worker). */
export interface HoverData {
  rows: CompactRow[];
  /** `x = 1, y = 2` (the first HOVER_POINT_NAMES coordinates, then `…`). */
  point: string;
  /** How many partials there are in all (rows shows the first MAX_ROWS). */
  total: number;
  /** The intermediates the rows' names use, `z = w x + b, p = σ(z)` (cut to HOVER_WHERE_CHARS). */
  where?: string;
}

/** The hover's "where …" line is cut here (the inspector lists the definitions whole). */
export const HOVER_WHERE_CHARS = 160;

export function hoverData(r: InspectResult, fmt: (v: number) => string, style: SvgStyle): HoverData {
  const names = Object.keys(r.point);
  const shown = names.slice(0, HOVER_POINT_NAMES).map((k) => `${k} = ${fmt(r.point[k])}`);
  if (names.length > HOVER_POINT_NAMES) shown.push(t('… ({0} in all)', names.length));
  const rows = compactRows(r, fmt, style);
  const defs = r.partials.slice(0, MAX_ROWS).some((p) => p.named)
    ? (r.names ?? []).flatMap((n) => { const d = r.expressions[n]?.named; return d ? [`${n} = ${d.text.split('\n').join(' ')}`] : []; }).join(', ')
    : '';
  const where = defs.length > HOVER_WHERE_CHARS ? `${defs.slice(0, HOVER_WHERE_CHARS - 1)}…` : defs;
  return { rows, point: shown.join(', '), total: r.partials.length, ...(where ? { where } : {}) };
}
