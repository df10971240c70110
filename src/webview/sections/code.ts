/** Code section: generated gradient code for the document's language, with copy and insert actions. */
import { button, h } from '../dom';
import type { Ctx } from '../context';
import { section } from './section';

export function codeSection(ctx: Ctx): HTMLElement | null {
  const m = ctx.model;
  if (m.kind !== 'result') return null;
  const actions = h('div', { class: 'actions' },
    button('Insert gradient code', () => ctx.post({ type: 'command', command: 'partials.insertGradientCode' }), { 'data-testid': 'insert-gradient-code' }, 'Insert code…'),
    button('Insert gradient function', () => ctx.post({ type: 'command', command: 'partials.insertGradientFunction' }), { 'data-testid': 'insert-gradient-function' }, 'Insert function…'),
    button('Insert Hessian code', () => ctx.post({ type: 'command', command: 'partials.insertHessianCode' }), { 'data-testid': 'insert-hessian-code' }, 'Hessian…'),
    button('Copy gradient as LaTeX', () => ctx.post({ type: 'command', command: 'partials.copyGradientLatex' }), { 'data-testid': 'copy-gradient-latex' }, 'Copy LaTeX'));
  if (!m.code) return section(ctx, 'code', 'Code', actions);
  const code = m.code.code;
  return section(ctx, 'code', 'Code',
    h('p', { class: 'meta' }, `${m.code.target}, ${m.code.style}`),
    h('pre', { class: 'code', 'data-testid': 'code-block', tabindex: 0, 'aria-label': `Gradient code in ${m.code.target}` }, h('code', {}, code)),
    h('div', { class: 'actions' }, button('Copy code', () => ctx.post({ type: 'copy', text: code, what: 'code' }), { 'data-testid': 'copy-code' }, 'Copy')),
    actions);
}
