/** Expression section: the typeset outputs, language, and the point editor with the wrt selector. */
import { button, h } from '../dom';
import { showNamed, type Ctx } from '../context';
import { parseUserNumber } from '../../shared/format';
import { mathElement, texName } from '../math';
import { section, badge } from './section';
import { tensorExpressionSection } from './tensor';

const SOURCE_LABEL: Record<string, string> = { user: 'set', document: 'document', default: 'default', random: 'random' };

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
      h('span', { class: 'value', title: 'Value at the point' }, '= ', ctx.fmt(o.value)))));
  const meta = h('p', { class: 'meta' },
    badge(x.language, 'language', 'Language the selection was read as'), ' ',
    x.inputs.length ? `inputs ${x.inputs.join(', ')}` : 'no inputs',
    x.constants.length ? ` · held constant ${x.constants.join(', ')}` : '');
  return section(ctx, 'expression', 'Expression', outputs, meta, pointEditor(ctx));
}

function pointEditor(ctx: Ctx): HTMLElement {
  const x = ctx.model.expression!;
  const wrt = new Set(x.point.filter((p) => p.isInput).map((p) => p.name));
  const rows = x.point.map((p) => {
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'point-input', id: `point-${p.name}`, 'data-testid': `point-${p.name}`,
      value: String(p.value), 'aria-label': `Value of ${p.name}`, spellcheck: 'false', autocomplete: 'off',
    });
    const commit = () => {
      const v = parseUserNumber(input.value);
      if (v === undefined) {
        input.setAttribute('aria-invalid', 'true');
        input.title = 'Enter a finite number, e.g. 1.5 or -2e-3';
        return;
      }
      input.removeAttribute('aria-invalid');
      if (v !== p.value) ctx.post({ type: 'setPoint', name: p.name, value: v });
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') commit();
      if (ev.key === 'Escape') { input.value = String(p.value); input.removeAttribute('aria-invalid'); }
    });
    const check = h('input', {
      type: 'checkbox', class: 'wrt-check', id: `wrt-${p.name}`, 'data-testid': `wrt-${p.name}`, checked: p.isInput,
      'aria-label': `Differentiate with respect to ${p.name}`,
    });
    check.addEventListener('change', () => {
      const next = new Set(wrt);
      if (check.checked) next.add(p.name);
      else next.delete(p.name);
      // Keep the engine's order: the order the point lists variables in.
      ctx.post({ type: 'setWrt', wrt: x.point.map((q) => q.name).filter((n) => next.has(n)) });
    });
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: `point-${p.name}` }, p.name)),
      h('td', {}, input),
      h('td', {}, badge(SOURCE_LABEL[p.source] ?? p.source, `source-${p.source}`, `Value from: ${p.source}`)),
      h('td', { class: 'wrt-cell' }, check));
  });
  const table = h('table', { class: 'point', 'data-testid': 'point-table', 'aria-label': 'Point of evaluation' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Variable'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'From'),
      h('th', { scope: 'col', title: 'Differentiate with respect to this variable' }, '∂'))),
    h('tbody', {}, ...rows));
  const actions = h('div', { class: 'actions' },
    button('From document', () => ctx.post({ type: 'pointFrom', source: 'document' }), { 'data-testid': 'point-from-document', title: 'Use values assigned in the document' }),
    button('Randomise', () => ctx.post({ type: 'pointFrom', source: 'random' }), { 'data-testid': 'point-random', title: 'Pick a random point' }),
    button('Defaults', () => ctx.post({ type: 'pointFrom', source: 'default' }), { 'data-testid': 'point-default', title: 'Use the default point' }));
  return h('div', { class: 'point-editor' }, x.point.length ? table : h('p', { class: 'note' }, 'No variables: the expression is constant.'), actions);
}
