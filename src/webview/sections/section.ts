import { h, type Child } from '../dom';
import type { Ctx } from '../context';
import type { SectionId } from '../../shared/protocol';

/** A collapsible section (native <details>: keyboard and screen-reader friendly) that remembers its state. */
export function section(ctx: Ctx, id: SectionId, title: string, ...body: Child[]): HTMLDetailsElement {
  const d = h('details', { id: `section-${id}`, class: `section section-${id}`, 'data-testid': `section-${id}`, open: !ctx.ui.closed[id] },
    h('summary', { class: 'section-title', id: `section-${id}-title` }, h('span', {}, title)),
    h('div', { class: 'section-body', role: 'region', 'aria-labelledby': `section-${id}-title` }, ...body));
  d.addEventListener('toggle', () => {
    ctx.ui.closed[id] = !d.open;
    ctx.save();
  });
  return d;
}

export function badge(text: string, kind: string, title?: string): HTMLElement {
  return h('span', { class: `badge badge-${kind.replace(/[^a-z]+/gi, '-')}`, title: title ?? text }, text);
}

export function note(text: string, kind = 'info'): HTMLElement {
  return h('p', { class: `note note-${kind}` }, text);
}
