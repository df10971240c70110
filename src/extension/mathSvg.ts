/**
 * Math for hovers as an SVG image. VS Code hovers render Markdown, not LaTeX, and KaTeX needs a DOM to
 * produce anything but HTML; MathJax's SVG output would multiply the extension's size. So the hover typesets
 * the engine's Unicode form itself: a stacked ∂f/∂x fraction, then the right-hand side (already using
 * superscripts, ·, √ …), one row per partial. Pure, no DOM: widths come from a per-character estimate.
 */

export interface MathRow {
  /** Numerator and denominator of the left-hand fraction, e.g. '∂f', '∂x'. */
  num: string;
  den: string;
  /** Right-hand side lines (Unicode); long results come as several lines ("where t₁ = …"). */
  rhs: string[];
  /** Optional trailing note, e.g. '≈ 4.5' or '(not differentiable here)'. */
  note?: string;
}

export interface SvgStyle {
  color: string;
  muted: string;
  fontSize: number;
}

const NARROW = new Set(Array.from(" il|.,:;'!()[]{}jtfr\u2009"));
const WIDE = new Set(Array.from('mwMW∂·×∑∏∫√≈≤≥±−—@%'));
const SUPERSCRIPT = /[\u2070-\u209f\u00b2\u00b3\u00b9\u1d2c-\u1d6a]/;

/** Estimated advance width of `text` in ems (serif font). Deliberately generous so nothing is clipped. */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) w += 0.32;
    else if (WIDE.has(ch)) w += 0.85;
    else if (SUPERSCRIPT.test(ch)) w += 0.42;
    else if (/[A-Z]/.test(ch)) w += 0.7;
    else if (/[0-9]/.test(ch)) w += 0.52;
    else w += 0.56;
  }
  return w;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface RenderedSvg {
  svg: string;
  width: number;
  height: number;
}

/** Renders rows of `∂f/∂x = rhs` as one SVG document. */
export function renderMathRows(rows: MathRow[], style: SvgStyle): RenderedSvg {
  const fs = style.fontSize;
  const pad = Math.round(fs * 0.4);
  const lineH = Math.round(fs * 1.35);
  const fracH = Math.round(fs * 2.4);
  const font = `font-family="Cambria Math, STIX Two Math, Latin Modern Math, Times New Roman, serif" font-size="${fs}"`;
  const parts: string[] = [];
  let y = pad;
  let width = 0;
  for (const row of rows) {
    const fracW = Math.max(textWidthEm(row.num), textWidthEm(row.den)) * fs + fs * 0.3;
    const x0 = pad;
    const mid = y + fracH / 2;
    const cx = x0 + fracW / 2;
    parts.push(`<text x="${r(cx)}" y="${r(mid - fs * 0.28)}" text-anchor="middle" ${font}>${escapeXml(row.num)}</text>`);
    parts.push(`<line x1="${r(x0)}" x2="${r(x0 + fracW)}" y1="${r(mid)}" y2="${r(mid)}" stroke="${style.color}" stroke-width="${r(fs / 16)}"/>`);
    parts.push(`<text x="${r(cx)}" y="${r(mid + fs * 0.95)}" text-anchor="middle" ${font}>${escapeXml(row.den)}</text>`);
    const eqX = x0 + fracW + fs * 0.35;
    parts.push(`<text x="${r(eqX)}" y="${r(mid + fs * 0.33)}" ${font}>=</text>`);
    const rhsX = eqX + fs * 1.0;
    let rowW = rhsX;
    row.rhs.forEach((line, i) => {
      const ly = mid + fs * 0.33 + i * lineH;
      parts.push(`<text x="${r(rhsX)}" y="${r(ly)}" ${font}>${escapeXml(line)}</text>`);
      rowW = Math.max(rowW, rhsX + textWidthEm(line) * fs);
    });
    const lastY = mid + fs * 0.33 + (row.rhs.length - 1) * lineH;
    if (row.note) {
      const nx = rowW + fs * 0.6;
      const ny = lastY;
      parts.push(`<text x="${r(nx)}" y="${r(ny)}" ${font} fill="${style.muted}">${escapeXml(row.note)}</text>`);
      rowW = nx + textWidthEm(row.note) * fs;
    }
    width = Math.max(width, rowW + pad);
    y += Math.max(fracH, fracH / 2 + fs * 0.33 + (row.rhs.length - 1) * lineH + fs * 0.5) + pad;
  }
  const height = Math.ceil(y);
  width = Math.ceil(width);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g fill="${style.color}">${parts.join('')}</g></svg>`;
  return { svg, width, height };
}

const r = (v: number) => Math.round(v * 10) / 10;

/** `data:` URI of an SVG for a Markdown image. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
