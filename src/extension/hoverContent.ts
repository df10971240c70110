/** What a Partials hover shows, as pure functions: the typeset SVG rows (with a Unicode fallback). */
import type { InspectResult } from '../core/api';
import { renderMathRows, type MathRow, type SvgStyle } from './mathSvg';
import { renderTexRows } from './texSvg';
import { partialLatex } from '../shared/texNames';

/** How many partials a hover typesets before summarising the rest. */
export const MAX_ROWS = 8;
/** Hovers are about this wide; longer rows break at top-level + and −. */
export const HOVER_MAX_WIDTH = 560;

export function mathRows(r: InspectResult, fmt: (v: number) => string): MathRow[] {
  return r.partials.slice(0, MAX_ROWS).map((p) => ({
    num: `∂${p.of}`,
    den: `∂${p.wrt}`,
    rhs: p.text.split('\n'),
    note: p.differentiable ? `= ${fmt(p.value)}` : 'not differentiable here',
  }));
}

/** Rows of `∂f/∂x = …` typeset from the engine's LaTeX; the Unicode form when the LaTeX is outside the subset. */
export function hoverSvg(r: InspectResult, fmt: (v: number) => string, style: SvgStyle): { svg: string; typeset: boolean } {
  const rows = r.partials.slice(0, MAX_ROWS).map((p) => ({
    latex: `${partialLatex(p.of, p.wrt)} = ${p.latex}`,
    note: p.differentiable ? `= ${fmt(p.value)}` : 'not differentiable here',
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
  return r.partials.slice(0, MAX_ROWS).map((p) => {
    const text = p.text.split('\n').join(' ');
    const plain = text.length > COMPACT_PLAIN_CHARS ? `${text.slice(0, COMPACT_PLAIN_CHARS - 1)}…` : text;
    let image: CompactRow['image'];
    try {
      const img = renderTexRows([{ latex: p.latex }], { ...style, fontSize: COMPACT_FORMULA.fontSize, maxWidth: COMPACT_FORMULA.maxWidth });
      if (img.height <= COMPACT_FORMULA.maxHeight && img.width <= COMPACT_FORMULA.maxWidth + 40) image = img;
    } catch {
      // outside the typesetter's subset: the plain form
    }
    return {
      of: p.of, wrt: p.wrt, value: fmt(p.value), differentiable: p.differentiable,
      alt: `∂${p.of}/∂${p.wrt} = ${text}`, ...(image ? { image } : {}), plain,
    };
  });
}
