/** Partials section: each ∂out/∂in typeset with its value and copy buttons; gradient, Hessian, Jacobian toggles. */
import { button, h } from '../dom';
import type { Ctx } from '../context';
import { mathElement, partialLatex } from '../math';
import type { MatrixView, PartialRow, ToggleOption } from '../../shared/protocol';
import { badge, note, section } from './section';

export function partialsSection(ctx: Ctx): HTMLElement | null {
  const rows = ctx.model.partials;
  if (!rows) return null;
  const list = h('ul', { class: 'partials', 'data-testid': 'partials-list', 'aria-label': 'Partial derivatives' }, ...rows.map((p) => partialItem(ctx, p)));
  const toggles = h('div', { class: 'toggles', role: 'group', 'aria-label': 'Show also' },
    toggle(ctx, 'gradient', 'Gradient vector'), toggle(ctx, 'hessian', 'Hessian'), toggle(ctx, 'jacobian', 'Jacobian'));
  const matrices = h('div', { class: 'matrices' },
    ...(ctx.model.gradient ?? []).map((m) => matrix(ctx, m, 'gradient')),
    ...(ctx.model.hessian ?? []).map((m) => matrix(ctx, m, 'hessian')),
    ctx.model.jacobian ? matrix(ctx, ctx.model.jacobian, 'jacobian') : null);
  const cost = ctx.model.cost;
  const costLine = cost && cost.fOps > 0
    ? h('p', { class: 'meta', title: 'Operations in the gradient graph over operations in f' },
      `gradient cost: ${cost.gradientOps} ops for ${cost.fOps} in f (${(cost.gradientOps / cost.fOps).toFixed(2)}×)`)
    : null;
  return section(ctx, 'partials', 'Partials',
    rows.length ? list : note('Nothing to differentiate: no inputs selected.'), toggles, matrices, costLine);
}

function partialItem(ctx: Ctx, p: PartialRow): HTMLElement {
  const id = `partial-${p.of}-${p.wrt}`;
  const copy = (what: 'latex' | 'plain' | 'code', text: string, label: string) =>
    button(`Copy ${label} of ∂${p.of}/∂${p.wrt}`, () => ctx.post({ type: 'copy', text, what }),
      { class: 'icon-button', 'data-testid': `copy-${what}-${p.of}-${p.wrt}` }, label);
  return h('li', { class: `partial${p.differentiable ? '' : ' non-smooth'}`, id, 'data-testid': id, 'data-of': p.of, 'data-wrt': p.wrt },
    h('div', { class: 'partial-math' },
      mathElement(`${partialLatex(p.of, p.wrt)} = ${p.latex}`, `∂${p.of}/∂${p.wrt} = ${p.text}`, true)),
    h('div', { class: 'partial-meta' },
      h('span', { class: 'value', 'data-testid': `value-${p.of}-${p.wrt}`, title: 'Value at the point' }, '= ', ctx.fmt(p.value)),
      p.differentiable ? null : badge('non-differentiable here', 'non-differentiable-here', p.notes.join('\n')),
      h('span', { class: 'copy-buttons' },
        copy('latex', p.latex, 'LaTeX'), copy('plain', p.expr, 'Plain'), p.code !== undefined ? copy('code', p.code, 'Code') : null)),
    p.notes.length ? h('ul', { class: 'notes' }, ...p.notes.map((n) => h('li', {}, n))) : null);
}

function toggle(ctx: Ctx, option: ToggleOption, label: string): HTMLElement {
  const input = h('input', { type: 'checkbox', id: `toggle-${option}`, 'data-testid': `toggle-${option}`, checked: ctx.model.toggles[option] });
  input.addEventListener('change', () => ctx.post({ type: 'toggle', option, value: input.checked }));
  return h('label', { class: 'toggle', for: `toggle-${option}` }, input, ' ', label);
}

function matrix(ctx: Ctx, m: MatrixView, kind: string): HTMLElement {
  return h('figure', { class: `matrix matrix-${kind}`, 'data-testid': `matrix-${kind}` },
    h('figcaption', {}, m.title),
    h('table', { class: 'matrix-table', 'aria-label': m.title },
      h('thead', {}, h('tr', {}, h('td', {}), ...m.colLabels.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...m.values.map((row, i) => h('tr', {},
        h('th', { scope: 'row' }, m.rowLabels[i]),
        ...row.map((v) => h('td', { class: 'num' }, ctx.fmt(v))))))));
}
