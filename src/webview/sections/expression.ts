/** Expression section: the typeset outputs, language, and the point editor with the wrt selector. */
import { button, h, numberField } from '../dom';
import { showNamed, type Ctx } from '../context';
import { parseUserNumber } from '../../shared/format';
import { mathElement, texName } from '../math';
import { section, badge } from './section';
import { tensorExpressionSection } from './tensor';
import { t } from '../l10n';
import type { UiString } from '../../shared/strings';

const SOURCE_LABEL: Record<string, UiString> = { user: 'set', document: 'document', default: 'default', random: 'random' };

export function expressionSection(ctx: Ctx): HTMLElement | null {
  if (ctx.model.tensor) return tensorExpressionSection(ctx);
  const x = ctx.model.expression;
  if (!x) return null;
  const named = showNamed(ctx);
  const outputs = h('div', { class: 'outputs', 'data-testid': 'outputs' },
    ...x.outputs.map((o) => h('div', { class: 'output-row', 'data-output': o.name },
      named && o.named
        ? mathElement(`${texName(o.name)} = ${o.named.latex}`, `${o.name} = ${o.named.text}`, true)
        : mathElement(`${texName(o.name)} = ${o.latex}`, `${o.name} = ${o.text}`, true),
      h('span', { class: 'value', title: t('Value at the point') }, '= ', ctx.fmt(o.value)))));
  const meta = h('p', { class: 'meta' },
    badge(x.language, 'language', t('Language the selection was read as')), ' ',
    x.inputs.length ? t('inputs {0}', x.inputs.join(', ')) : t('no inputs'),
    x.constants.length ? ` · ${t('held constant {0}', x.constants.join(', '))}` : '');
  return section(ctx, 'expression', t('Expression'), outputs, meta, pointEditor(ctx));
}

function pointEditor(ctx: Ctx): HTMLElement {
  const x = ctx.model.expression!;
  const wrt = new Set(x.point.filter((p) => p.isInput).map((p) => p.name));
  // a long point is listed in part (the host's VIEW_PARTIALS): the inputs past the list stay inputs
  const listed = new Set(x.point.map((p) => p.name));
  const unlisted = x.inputs.filter((n) => !listed.has(n));
  const rows = x.point.map((p) => {
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'point-input', id: `point-${p.name}`, 'data-testid': `point-${p.name}`,
      value: String(p.value), 'aria-label': t('Value of {0}', p.name), spellcheck: 'false', autocomplete: 'off',
    });
    numberField(input, p.value, parseUserNumber, t('Enter a finite number, e.g. 1.5 or -2e-3'),
      (v) => ctx.post({ type: 'setPoint', name: p.name, value: v }));
    const check = h('input', {
      type: 'checkbox', class: 'wrt-check', id: `wrt-${p.name}`, 'data-testid': `wrt-${p.name}`, checked: p.isInput,
      'aria-label': t('Differentiate with respect to {0}', p.name),
    });
    check.addEventListener('change', () => {
      const next = new Set(wrt);
      if (check.checked) next.add(p.name);
      else next.delete(p.name);
      // Keep the engine's order: the order the point lists variables in.
      ctx.post({ type: 'setWrt', wrt: [...x.point.map((q) => q.name).filter((n) => next.has(n)), ...unlisted] });
    });
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: `point-${p.name}` }, p.name)),
      h('td', {}, input),
      h('td', {}, badge(p.source in SOURCE_LABEL ? t(SOURCE_LABEL[p.source]) : p.source, `source-${p.source}`, t('Value from: {0}', p.source in SOURCE_LABEL ? t(SOURCE_LABEL[p.source]) : p.source))),
      h('td', { class: 'wrt-cell' }, check));
  });
  const table = h('table', { class: 'point', 'data-testid': 'point-table', 'aria-label': t('Point of evaluation') },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Variable')), h('th', { scope: 'col' }, t('Value')), h('th', { scope: 'col' }, t('From')),
      h('th', { scope: 'col', title: t('Differentiate with respect to this variable') }, '∂'))),
    h('tbody', {}, ...rows));
  const actions = h('div', { class: 'actions' },
    button(t('From document'), () => ctx.post({ type: 'pointFrom', source: 'document' }), { 'data-testid': 'point-from-document', title: t('Use values assigned in the document') }),
    button(t('Randomise'), () => ctx.post({ type: 'pointFrom', source: 'random' }), { 'data-testid': 'point-random', title: t('Pick a random point') }),
    button(t('Defaults'), () => ctx.post({ type: 'pointFrom', source: 'default' }), { 'data-testid': 'point-default', title: t('Use the default point') }));
  return h('div', { class: 'point-editor' }, x.point.length ? table : h('p', { class: 'note' }, t('No variables: the expression is constant.')), actions);
}
