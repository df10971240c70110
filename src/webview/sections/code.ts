/** Code section: generated gradient code for the document's language, with copy and insert actions. */
import { button, h } from '../dom';
import type { Ctx } from '../context';
import { section } from './section';
import { t } from '../l10n';

export function codeSection(ctx: Ctx): HTMLElement | null {
  const m = ctx.model;
  if (m.kind !== 'result') return null;
  const actions = h('div', { class: 'actions' },
    button(t('Insert gradient code'), () => ctx.post({ type: 'command', command: 'partials.insertGradientCode' }), { 'data-testid': 'insert-gradient-code' }, t('Insert code…')),
    button(t('Insert gradient function'), () => ctx.post({ type: 'command', command: 'partials.insertGradientFunction' }), { 'data-testid': 'insert-gradient-function' }, t('Insert function…')),
    button(t('Insert Hessian code'), () => ctx.post({ type: 'command', command: 'partials.insertHessianCode' }), { 'data-testid': 'insert-hessian-code' }, t('Hessian…')),
    button(t('Copy gradient as LaTeX'), () => ctx.post({ type: 'command', command: 'partials.copyGradientLatex' }), { 'data-testid': 'copy-gradient-latex' }, t('Copy LaTeX')));
  if (!m.code) return section(ctx, 'code', t('Code'), actions);
  const code = m.code.code;
  return section(ctx, 'code', t('Code'),
    h('p', { class: 'meta' }, `${m.code.target}, ${m.code.style}`),
    h('pre', { class: 'code', 'data-testid': 'code-block', tabindex: 0, 'aria-label': t('Gradient code in {0}', m.code.target) }, h('code', {}, code)),
    h('div', { class: 'actions' }, button(t('Copy code'), () => ctx.post({ type: 'copy', text: code, what: 'code' }), { 'data-testid': 'copy-code' }, t('Copy'))),
    actions);
}
