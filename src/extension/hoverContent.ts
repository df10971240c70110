/** What a Partials hover shows, as pure functions: the typeset SVG rows (with a Unicode fallback). */
import type { InspectResult } from '../core/api';
import { renderMathRows, type MathRow, type SvgStyle } from './mathSvg';
import { renderTexRows } from './texSvg';
import { partialLatex } from '../webview/texNames';

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

