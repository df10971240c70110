/** Checks section: per partial, every method's value and errors with a verdict badge; claims with results. */
import { button, h } from '../dom';
import type { Ctx } from '../context';
import { formatError } from '../../shared/format';
import type { CheckRow, ClaimRow } from '../../shared/protocol';
import { badge, note, section } from './section';
import { tensorChecksSection } from './tensor';
import { t } from '../l10n';
import type { UiString } from '../../shared/strings';

export function checksSection(ctx: Ctx): HTMLElement | null {
  if (ctx.model.kind !== 'result') return null;
  if (ctx.model.tensor) return tensorChecksSection(ctx);
  const c = ctx.model.checks;
  if (!c) return section(ctx, 'checks', t('Checks'), note(t('No checks were run for this selection.')));
  const tol = h('p', { class: 'meta' }, t('tolerances: atol {0}, rtol {1} (settings partials.checks.atol / rtol)', c.atol, c.rtol));
  return section(ctx, 'checks', t('Checks'),
    tol,
    ...c.rows.map((r) => checkTable(ctx, r)),
    c.omitted ? note(t('{0} more partials were checked but are not listed here ({1} of them ok); partials check at the command line lists every one.', c.omitted.rows, c.omitted.ok)) : null,
    c.claims.length ? h('h3', { class: 'subhead' }, t('Hand-written derivatives')) : null,
    c.claims.length ? h('ul', { class: 'claims', 'data-testid': 'claims' }, ...c.claims.map(claimItem)) : null);
}

/** Short method names for the table (the full label is the row's tooltip). */
const SHORT: Record<string, UiString> = {
  exact: 'exact', forwardAD: 'forward AD', reverseAD: 'reverse AD', forwardDifference: 'forward diff.',
  centralDifference: 'central diff.', richardson: 'Richardson', complexStep: 'complex step',
};

function checkTable(ctx: Ctx, r: CheckRow): HTMLElement {
  const caption = h('caption', {}, `∂${r.of}/∂${r.wrt} `, badge(t(r.verdict), r.verdict), ` ${t('exact')} `, ctx.fmt(r.exact));
  const table = h('table', { class: 'checks-table', 'data-testid': `checks-${r.of}-${r.wrt}` },
    caption,
    h('thead', {}, h('tr', {}, ...(['Method', 'Value', 'Abs. error', 'Rel. error', 'Verdict'] as const).map((c) => h('th', { scope: 'col' }, t(c))))),
    h('tbody', {}, ...r.methods.map((m) => h('tr', { 'data-method': m.method },
      h('th', { scope: 'row', title: m.note ? `${m.label}: ${m.note}` : m.label }, m.method in SHORT ? t(SHORT[m.method]) : m.label),
      h('td', { class: 'num' }, m.value === null ? '—' : ctx.fmt(m.value)),
      h('td', { class: 'num' }, formatError(m.absError)),
      h('td', { class: 'num' }, formatError(m.relError)),
      h('td', {}, badge(t(m.verdict), m.verdict, m.note))))));
  const shown = ctx.model.sweep?.of === r.of && ctx.model.sweep.wrt === r.wrt;
  const sweep = button(t('Step-size study for {0}', `∂${r.of}/∂${r.wrt}`), () => ctx.post({ type: 'sweep', of: r.of, wrt: r.wrt }),
    { class: 'link-button', 'data-testid': `sweep-${r.of}-${r.wrt}`, 'aria-pressed': shown ? 'true' : 'false' },
    shown ? t('Step-size plot (shown below)') : t('Step-size plot'));
  const reasons = r.reasons?.length ? h('ul', { class: 'notes' }, ...r.reasons.map((x) => h('li', {}, x))) : null;
  return h('div', { class: 'check' }, h('div', { class: 'table-scroll' }, table), reasons, sweep);
}

function claimItem(c: ClaimRow): HTMLElement {
  const how = c.result === 'holds' ? (c.proof === 'symbolic' ? t('proven symbolically') : t('checked numerically')) : '';
  return h('li', { class: `claim claim-${c.result}`, 'data-testid': 'claim' },
    h('div', {}, badge(t(c.result), c.result === 'holds' ? 'ok' : 'mismatch'), ' ', h('code', {}, c.label), how ? ` — ${how}` : ''),
    h('div', { class: 'claim-claimed' }, `${t('claimed:')} `, h('code', {}, c.claimed)),
    c.correct ? h('div', { class: 'claim-correct' }, `${t('correct:')} `, h('code', {}, c.correct)) : null,
    c.details.length ? h('ul', { class: 'notes' }, ...c.details.map((d) => h('li', {}, d))) : null);
}
