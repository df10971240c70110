/**
 * Partials section: each ∂out/∂in typeset with its value and copy buttons, in the selection's own names (with the
 * intermediates they use listed once) or expanded; a chain-rule walk-through per partial (Explain); gradient,
 * Hessian, Jacobian toggles.
 */
import { button, h } from '../dom';
import { showNamed, type Ctx } from '../context';
import { mathElement, partialLatex, texName } from '../math';
import type { ChainStep, MatrixView, PartialRow, ToggleOption } from '../../shared/protocol';
import { badge, note, section } from './section';
import { tensorGradientsSection } from './tensor';
import { t } from '../l10n';

export function partialsSection(ctx: Ctx): HTMLElement | null {
  if (ctx.model.tensor) return tensorGradientsSection(ctx);
  const rows = ctx.model.partials;
  if (!rows) return null;
  const named = showNamed(ctx);
  const list = h('ul', { class: 'partials', 'data-testid': 'partials-list', 'aria-label': t('Partial derivatives') }, ...rows.map((p) => partialItem(ctx, p, named)));
  const toggles = h('div', { class: 'toggles', role: 'group', 'aria-label': t('Show also') },
    toggle(ctx, 'gradient', t('Gradient vector')), toggle(ctx, 'hessian', t('Hessian')), toggle(ctx, 'jacobian', t('Jacobian')));
  const matrices = h('div', { class: 'matrices' },
    ...(ctx.model.gradient ?? []).map((m) => matrix(ctx, m, 'gradient')),
    ...(ctx.model.hessian ?? []).map((m) => matrix(ctx, m, 'hessian')),
    ctx.model.jacobian ? matrix(ctx, ctx.model.jacobian, 'jacobian') : null);
  const cost = ctx.model.cost;
  const costLine = cost && cost.fOps > 0
    ? h('p', { class: 'meta', title: t('Operations in the gradient graph over operations in f') },
      t('gradient cost: {0} ops for {1} in f ({2}×)', cost.gradientOps, cost.fOps, (cost.gradientOps / cost.fOps).toFixed(2)))
    : null;
  return section(ctx, 'partials', t('Partials'), namesSwitch(ctx, named),
    rows.length ? list : note(t('Nothing to differentiate: no inputs selected.')), named ? definitions(ctx) : null, sharedBindings(ctx), toggles, matrices, costLine);
}

/** "In your names | Expanded": shown when the engine found named forms for the selection's intermediates. */
function namesSwitch(ctx: Ctx, named: boolean): HTMLElement | null {
  if (!ctx.model.partials?.some((p) => p.named)) return null;
  const choose = (names: 'named' | 'expanded') => {
    if ((names === 'named') === named) return;
    ctx.ui.names = names;
    ctx.save();
    ctx.refresh();
    document.querySelector<HTMLElement>(`[data-testid="names-${names}"]`)?.focus();
  };
  const option = (names: 'named' | 'expanded', label: string, title: string) =>
    button(title, () => choose(names), { class: 'segment', 'data-testid': `names-${names}`, 'aria-pressed': String((names === 'named') === named) }, label);
  return h('div', { class: 'segmented', role: 'group', 'aria-label': t('Show the formulas') },
    option('named', t('In your names'), t('Formulas in the names the selection defines (p, z, …)')),
    option('expanded', t('Expanded'), t('Formulas in the inputs only, every intermediate substituted')));
}

/** A large result's shared subexpressions, once: "where t₁ = x₁ x₂ ⋯ x₈, t₂ = t₁ x₉ …" (the partials use them). */
function sharedBindings(ctx: Ctx): HTMLElement | null {
  const defs = ctx.model.bindings;
  if (!defs?.length) return null;
  return h('div', { class: 'definitions shared-bindings', 'data-testid': 'bindings' },
    h('span', { class: 'meta', title: t('Subexpressions the partials share, each written once') }, t('where')),
    h('ul', { class: 'definition-list' }, ...defs.map((d) => h('li', { 'data-testid': `binding-${d.name}` },
      mathElement(`${texName(d.name)} = ${d.latex}`, `${d.name} = ${d.text}`)))));
}

/** The intermediates the named forms use, once: "where z = w x + b, p = σ(z)". */
function definitions(ctx: Ctx): HTMLElement | null {
  const defs = ctx.model.definitions;
  if (!defs?.length) return null;
  return h('div', { class: 'definitions', 'data-testid': 'definitions' },
    h('span', { class: 'meta' }, t('where')),
    h('ul', { class: 'definition-list' }, ...defs.map((d) => h('li', { 'data-testid': `definition-${d.name}` },
      mathElement(`${texName(d.name)} = ${d.latex}`, `${d.name} = ${d.text}`)))));
}

function partialItem(ctx: Ctx, p: PartialRow, named: boolean): HTMLElement {
  const id = `partial-${p.of}-${p.wrt}`;
  const form = named && p.named ? p.named : p;
  const copy = (what: 'latex' | 'plain' | 'code', text: string, label: string) =>
    button(t('Copy {0} of {1}', label, `∂${p.of}/∂${p.wrt}`), () => ctx.post({ type: 'copy', text, what }),
      { class: 'icon-button', 'data-testid': `copy-${what}-${p.of}-${p.wrt}` }, label);
  const key = `${p.of}/${p.wrt}`;
  const open = Array.isArray(ctx.ui.explained) && ctx.ui.explained.includes(key);
  const explain = p.chain?.length
    ? button(t('Explain {0} step by step with the chain rule', `∂${p.of}/∂${p.wrt}`), () => {
      const list = Array.isArray(ctx.ui.explained) ? ctx.ui.explained.filter((k) => k !== key) : [];
      ctx.ui.explained = open ? list : [...list, key];
      ctx.save();
      ctx.refresh();
      document.querySelector<HTMLElement>(`[data-testid="explain-${p.of}-${p.wrt}"]`)?.focus();
    }, { class: 'icon-button', 'data-testid': `explain-${p.of}-${p.wrt}`, 'aria-expanded': String(open), 'aria-controls': `${id}-chain` }, t('Explain'))
    : null;
  return h('li', { class: `partial${p.differentiable ? '' : ' non-smooth'}`, id, 'data-testid': id, 'data-of': p.of, 'data-wrt': p.wrt },
    h('div', { class: 'partial-math' },
      mathElement(`${partialLatex(p.of, p.wrt)} = ${form.latex}`, `∂${p.of}/∂${p.wrt} = ${form.text}`, true)),
    h('div', { class: 'partial-meta' },
      h('span', { class: 'value', 'data-testid': `value-${p.of}-${p.wrt}`, title: t('Value at the point') }, '= ', ctx.fmt(p.value)),
      p.differentiable ? null : badge(t('non-differentiable here'), 'non-differentiable-here', p.notes.join('\n')),
      h('span', { class: 'copy-buttons' }, explain,
        copy('latex', form.latex, 'LaTeX'), copy('plain', form.expr, t('Plain')), p.code !== undefined ? copy('code', p.code, t('Code')) : null)),
    open && p.chain ? chainWalk(ctx, p, `${id}-chain`) : null,
    p.notes.length ? h('ul', { class: 'notes' }, ...p.notes.map((n) => h('li', {}, n))) : null);
}

const factorLatex = (c: ChainStep) => partialLatex(c.of, c.wrt);
const product = (steps: readonly ChainStep[], f: (c: ChainStep) => string, sep: string) => steps.map(f).join(sep);
const paren = (latex: string) => (/^[\\\w{}^_]+$/.test(latex) ? latex : `\\left(${latex}\\right)`);

/**
 * The chain rule on the user's own names, as the seed article teaches it: ∂loss/∂w = ∂loss/∂p · ∂p/∂z · ∂z/∂w,
 * each factor in names, their values multiplied, then the simplified partial. Several paths are summed.
 */
function chainWalk(ctx: Ctx, p: PartialRow, id: string): HTMLElement {
  const paths = p.paths?.length ? p.paths : [p.chain!];
  const head = partialLatex(p.of, p.wrt);
  const symbolic = paths.map((q) => product(q, factorLatex, ' \\cdot ')).join(' + ');
  const factors = paths.map((q) => product(q, (c) => paren(c.latex), ' \\cdot ')).join(' + ');
  const final = p.named ?? p;
  const rows = h('ol', { class: 'chain-steps', 'aria-label': t('Chain-rule factors') }, ...paths.flatMap((q, k) => q.map((c) =>
    h('li', { 'data-testid': `chain-${p.of}-${p.wrt}-${c.of}-${c.wrt}${paths.length > 1 ? `-${k + 1}` : ''}` },
      mathElement(`${factorLatex(c)} = ${c.latex}`, `∂${c.of}/∂${c.wrt} = ${c.text}`),
      h('span', { class: 'value' }, ' = ', ctx.fmt(c.value))))));
  const values = paths.map((q) => q.map((c) => ctx.fmt(c.value)).join(' × ')).join(' + ');
  return h('div', { class: 'chain-walk', id, 'data-testid': `chain-walk-${p.of}-${p.wrt}`, role: 'region', 'aria-label': t('Chain rule for {0}', `∂${p.of}/∂${p.wrt}`) },
    h('p', { class: 'meta' }, paths.length > 1
      ? t('{0} depends on {1} along {2} paths through the names: the chain rule sums them.', p.of, p.wrt, paths.length)
      : t('The chain rule along the names, one local derivative per step:')),
    mathElement(`${head} = ${symbolic}`, `∂${p.of}/∂${p.wrt} = ${paths.map((q) => q.map((c) => `∂${c.of}/∂${c.wrt}`).join(' · ')).join(' + ')}`, true),
    rows,
    mathElement(`= ${factors} = ${final.latex}`, `= ${final.text}`, true),
    h('p', { class: 'value chain-values', 'data-testid': `chain-values-${p.of}-${p.wrt}` }, `= ${values} = ${ctx.fmt(p.value)}`));
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
