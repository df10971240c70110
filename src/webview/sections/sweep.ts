/** Step-size section: log-log |error| vs h for each finite-difference method, best h marked (SVG). */
import { h, s } from '../dom';
import type { Ctx } from '../context';
import { formatError } from '../../shared/format';
import { bestMarker, plotLayout, superscriptDecade } from '../plot';
import { note, section } from './section';
import { t } from '../l10n';

const SERIES_CLASS = ['series-0', 'series-1', 'series-2', 'series-3', 'series-4'];

export function sweepSection(ctx: Ctx): HTMLElement | null {
  const sw = ctx.model.sweep;
  if (!sw) return null;
  const layout = plotLayout(sw.series);
  const title = sw.directional
    ? t('Error of the derivative of {0} along a random direction d in {1} against step size h', sw.of, sw.wrt)
    : t('Error of {0} against step size h', `∂${sw.of}/∂${sw.wrt}`);
  if (!layout) return section(ctx, 'sweep', t('Step size'), note(t('Every error in the sweep is zero or undefined: nothing to plot on a log scale.')));
  const { box } = layout;
  const svg = s('svg', {
    class: 'plot', viewBox: `0 0 ${box.width} ${box.height}`, role: 'img', 'aria-label': t('{0} (log-log)', title), 'data-testid': 'sweep-plot',
  });
  svg.append(s('title', {}, title));
  const x0 = box.left, x1 = box.width - box.right, y0 = box.top, y1 = box.height - box.bottom;
  for (const tick of layout.xTicks) {
    svg.append(s('line', { class: 'grid', x1: tick.pos, x2: tick.pos, y1: y0, y2: y1 }));
    svg.append(s('text', { class: 'tick', x: tick.pos, y: y1 + 13, 'text-anchor': 'middle' }, tick.label));
  }
  for (const tick of layout.yTicks) {
    svg.append(s('line', { class: 'grid', x1: x0, x2: x1, y1: tick.pos, y2: tick.pos }));
    svg.append(s('text', { class: 'tick', x: x0 - 4, y: tick.pos + 3, 'text-anchor': 'end' }, tick.label));
  }
  svg.append(s('rect', { class: 'frame', x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
  svg.append(s('text', { class: 'axis-label', x: (x0 + x1) / 2, y: box.height - 4, 'text-anchor': 'middle' }, t('step h')));
  svg.append(s('text', { class: 'axis-label', x: 10, y: (y0 + y1) / 2, 'text-anchor': 'middle', transform: `rotate(-90 10 ${(y0 + y1) / 2})` }, t('|error|')));
  layout.paths.forEach((p, i) => {
    const cls = SERIES_CLASS[i % SERIES_CLASS.length];
    if (p.d) svg.append(s('path', { class: `series ${cls}`, d: p.d, 'data-method': p.method }, s('title', {}, p.label)));
  });
  const best = sw.best;
  const marker = best ? bestMarker(layout, best, formatError) : undefined;
  if (marker) {
    svg.append(s('circle', { class: 'best', cx: marker.x, cy: marker.y, r: 4, 'data-testid': 'sweep-best', 'data-clamped': String(marker.clamped) },
      s('title', {}, marker.label)));
    svg.setAttribute('aria-label', t('{0} (log-log); {1}', title, marker.label));
  }
  const legend = h('ul', { class: 'legend', 'aria-label': t('Methods') },
    ...layout.paths.map((p, i) => h('li', {}, h('span', { class: `swatch ${SERIES_CLASS[i % SERIES_CLASS.length]}`, 'aria-hidden': 'true' }), p.label)),
    best ? h('li', {}, h('span', { class: 'swatch best', 'aria-hidden': 'true' }), t('best h ≈ {0} ({1})', best.h.toExponential(1), best.method)) : null);
  const caption = sw.directional ? h('p', { class: 'meta' }, t('(f(x + h d) − f(x)) / h and its central and complex-step forms against the exact {0} = {1}; h from {2} to {3}. Truncation error falls with h until round-off takes over; complex step has no round-off floor.',
    `⟨∇_${sw.wrt} f, d⟩`, ctx.fmt(sw.directional.exact), superscriptDecade(layout.xRange[0]), superscriptDecade(layout.xRange[1]))) : h('p', { class: 'meta' }, t('{0}: h from {1} to {2}. Truncation error falls with h until round-off takes over; complex step has no round-off floor.',
    `∂${sw.of}/∂${sw.wrt}`, superscriptDecade(layout.xRange[0]), superscriptDecade(layout.xRange[1])));
  return section(ctx, 'sweep', t('Step size'), h('figure', { class: 'plot-figure' }, svg, legend), caption);
}
