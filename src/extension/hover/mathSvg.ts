/**
 * Math for hovers as an SVG image. VS Code hovers render Markdown, not LaTeX, and KaTeX needs a DOM to
 * produce anything but HTML; MathJax's SVG output would multiply the extension's size. So the hover typesets
 * the engine's Unicode form itself: a stacked ∂f/∂x fraction, then the right-hand side (already using
 * superscripts, ·, √ …), one row per partial. Pure, no DOM: widths come from Times metrics per character.
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

/** Advance widths (em) of Times-metric fonts (Times New Roman, Liberation Serif, Nimbus Roman, STIX Two). */
const WIDTHS: Record<string, number> = {
  a: 0.444, b: 0.5, c: 0.444, d: 0.5, e: 0.444, f: 0.333, g: 0.5, h: 0.5, i: 0.278, j: 0.278, k: 0.5, l: 0.278, m: 0.778,
  n: 0.5, o: 0.5, p: 0.5, q: 0.5, r: 0.333, s: 0.389, t: 0.278, u: 0.5, v: 0.5, w: 0.722, x: 0.5, y: 0.5, z: 0.444,
  ' ': 0.25, '(': 0.333, ')': 0.333, '[': 0.333, ']': 0.333, ',': 0.25, '.': 0.25, '/': 0.278, '|': 0.2, ':': 0.278, ';': 0.278,
  '+': 0.564, '−': 0.564, '-': 0.333, '=': 0.564, '<': 0.564, '>': 0.564, '×': 0.564, '·': 0.25, '*': 0.5, '^': 0.469,
  '∂': 0.494, '√': 0.549, '∞': 0.713, '≈': 0.549, '≤': 0.549, '≥': 0.549, '…': 1, '_': 0.5, "'": 0.18, '?': 0.444, '!': 0.333,
};
const SUPERSCRIPT = /[\u2070-\u209f\u00b2\u00b3\u00b9\u1d2c-\u1d6a]/;

/** Estimated advance width of `text` in ems for a Times-metric serif font. */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) {
    const known = WIDTHS[ch];
    if (known !== undefined) w += known;
    else if (SUPERSCRIPT.test(ch)) w += 0.32;
    else if (/[A-Z]/.test(ch)) w += 0.667;
    else if (/[0-9]/.test(ch)) w += 0.5;
    else w += 0.55; // Greek and anything else
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
  const font = `font-family="Times New Roman, Liberation Serif, Times, Nimbus Roman, STIX Two Text, serif" font-size="${fs}"`;
  // textLength pins each run to the estimated width, so a font with other metrics squeezes instead of overlapping.
  const fitted = (text: string) => `textLength="${r(textWidthEm(text) * fs)}" lengthAdjust="spacingAndGlyphs"`;
  const parts: string[] = [];
  let y = pad;
  let width = 0;
  for (const row of rows) {
    const fracW = Math.max(textWidthEm(row.num), textWidthEm(row.den)) * fs + fs * 0.3;
    const x0 = pad;
    const mid = y + fracH / 2;
    const cx = x0 + fracW / 2;
    parts.push(`<text x="${r(cx)}" y="${r(mid - fs * 0.28)}" text-anchor="middle" ${fitted(row.num)} ${font}>${escapeXml(row.num)}</text>`);
    parts.push(`<line x1="${r(x0)}" x2="${r(x0 + fracW)}" y1="${r(mid)}" y2="${r(mid)}" stroke="${style.color}" stroke-width="${r(fs / 16)}"/>`);
    parts.push(`<text x="${r(cx)}" y="${r(mid + fs * 0.95)}" text-anchor="middle" ${fitted(row.den)} ${font}>${escapeXml(row.den)}</text>`);
    const eqX = x0 + fracW + fs * 0.35;
    parts.push(`<text x="${r(eqX)}" y="${r(mid + fs * 0.33)}" ${font}>=</text>`);
    const rhsX = eqX + fs * 1.0;
    let rowW = rhsX;
    row.rhs.forEach((line, i) => {
      const ly = mid + fs * 0.33 + i * lineH;
      parts.push(`<text x="${r(rhsX)}" y="${r(ly)}" ${fitted(line)} ${font}>${escapeXml(line)}</text>`);
      rowW = Math.max(rowW, rhsX + textWidthEm(line) * fs);
    });
    const lastY = mid + fs * 0.33 + (row.rhs.length - 1) * lineH;
    if (row.note) {
      const nx = rowW + fs * 0.9;
      const ny = lastY;
      parts.push(`<text x="${r(nx)}" y="${r(ny)}" ${fitted(row.note)} ${font} fill="${style.muted}">${escapeXml(row.note)}</text>`);
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
  return `data:image/svg+xml;base64,${utf8Base64(svg)}`;
}

/** UTF-8 text as base64, with what both Node and a browser worker have (the hover is built in the engine's worker). */
export function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
