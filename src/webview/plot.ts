/**
 * Geometry of the log-log error-vs-step plot (pure, unit-tested): scales, decade ticks and polyline paths.
 * Points with zero or non-finite error cannot sit on a log axis and break the line instead.
 */
import type { SweepSeries } from '../shared/protocol';
import { t } from './l10n';

export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Tick {
  value: number;
  pos: number;
  label: string;
}

export interface PlotPath {
  method: string;
  label: string;
  /** SVG path data ("M x y L x y …", a new M after each gap). */
  d: string;
  points: Array<{ x: number; y: number; h: number; error: number }>;
}

export interface PlotLayout {
  box: PlotBox;
  xTicks: Tick[];
  yTicks: Tick[];
  paths: PlotPath[];
  /** log10 ranges actually plotted. */
  xRange: [number, number];
  yRange: [number, number];
  toX: (h: number) => number;
  toY: (err: number) => number;
}

export const DEFAULT_BOX: PlotBox = { width: 360, height: 220, left: 48, right: 10, top: 10, bottom: 36 };

const usable = (h: number, e: number) => Number.isFinite(h) && h > 0 && Number.isFinite(e) && e > 0;

export function superscriptDecade(exp: number): string {
  const map: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  return `10${String(exp).split('').map((c) => map[c] ?? c).join('')}`;
}

function decadeTicks(lo: number, hi: number, maxTicks: number): number[] {
  const a = Math.floor(lo);
  const b = Math.ceil(hi);
  const step = Math.max(1, Math.ceil((b - a) / maxTicks));
  const out: number[] = [];
  for (let e = Math.ceil(a / step) * step; e <= b; e += step) out.push(e);
  return out;
}

export function plotLayout(series: SweepSeries[], box: PlotBox = DEFAULT_BOX): PlotLayout | undefined {
  const all = series.flatMap((s) => s.points.filter(([h, e]) => usable(h, e)));
  if (all.length === 0) return undefined;
  let [x0, x1] = [Infinity, -Infinity];
  let [y0, y1] = [Infinity, -Infinity];
  for (const [h, e] of all) {
    const lx = Math.log10(h);
    const ly = Math.log10(e);
    x0 = Math.min(x0, lx); x1 = Math.max(x1, lx);
    y0 = Math.min(y0, ly); y1 = Math.max(y1, ly);
  }
  x0 = Math.floor(x0); x1 = Math.ceil(x1);
  y0 = Math.floor(y0); y1 = Math.ceil(y1);
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const iw = box.width - box.left - box.right;
  const ih = box.height - box.top - box.bottom;
  const toX = (h: number) => box.left + ((Math.log10(h) - x0) / (x1 - x0)) * iw;
  const toY = (e: number) => box.top + (1 - (Math.log10(e) - y0) / (y1 - y0)) * ih;
  const round = (v: number) => Math.round(v * 100) / 100;
  const paths = series.map((s) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    let d = '';
    let pen = false;
    const points: PlotPath['points'] = [];
    for (const [h, e] of pts) {
      if (!usable(h, e)) { pen = false; continue; }
      const x = round(toX(h));
      const y = round(toY(e));
      d += `${pen ? ' L' : d ? ' M' : 'M'} ${x} ${y}`;
      pen = true;
      points.push({ x, y, h, error: e });
    }
    return { method: s.method, label: s.label, d, points };
  });
  const xTicks = decadeTicks(x0, x1, 8).map((e) => ({ value: 10 ** e, pos: round(toX(10 ** e)), label: superscriptDecade(e) }));
  const yTicks = decadeTicks(y0, y1, 6).map((e) => ({ value: 10 ** e, pos: round(toY(10 ** e)), label: superscriptDecade(e) }));
  return { box, xTicks, yTicks, paths, xRange: [x0, x1], yRange: [y0, y1], toX, toY };
}

export interface BestMarker {
  x: number;
  y: number;
  /** The error had no place on the log axis (exactly 0, or below the plotted decades): drawn on the floor. */
  clamped: boolean;
  /** Tooltip and accessible name. */
  label: string;
}

/**
 * Where the best-h marker goes. An error of exactly 0 (complex step is often exact in double precision) has no
 * logarithm: it is clamped to the plot's floor, and the label says so, so the marker is still drawn.
 */
export function bestMarker(layout: PlotLayout, best: { method: string; h: number; error: number }, fmtError: (e: number) => string): BestMarker | undefined {
  if (!(Number.isFinite(best.h) && best.h > 0) || Number.isNaN(best.error) || best.error < 0) return undefined;
  const { box } = layout;
  const floor = box.height - box.bottom;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const x = clamp(layout.toX(best.h), box.left, box.width - box.right);
  const zero = best.error === 0;
  const belowFloor = !zero && Number.isFinite(best.error) && Math.log10(best.error) < layout.yRange[0];
  if (!zero && !Number.isFinite(best.error)) return undefined;
  const clamped = zero || belowFloor;
  const y = clamped ? floor : clamp(layout.toY(best.error), box.top, floor);
  const error = zero ? t('0 (exact in double precision; drawn on the plot floor)')
    : belowFloor ? t('{0} (below the plotted range; drawn on the plot floor)', fmtError(best.error)) : fmtError(best.error);
  return { x, y, clamped, label: t('best h = {0} ({1}), error {2}', best.h.toExponential(1), best.method, error) };
}
