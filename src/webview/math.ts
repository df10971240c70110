/**
 * Typesetting with KaTeX through its DOM renderer (styles set via CSSOM, so the strict CSP holds). Display
 * formulas are typeset as \displaystyle inline math, so KaTeX can break a long sum after a top-level +, − or =
 * (the browser wraps them to the inspector's width); what still does not fit scrolls horizontally, with a
 * visible scrollbar and fading edges, and can be scrolled from the keyboard.
 */
import katex from 'katex';
import { h } from './dom';

/** Past this many formulas in one render, typesetting waits until a formula scrolls into view. */
const EAGER_FORMULAS = 40;
let rendered = 0;
let observer: IntersectionObserver | undefined;
let sizes: ResizeObserver | undefined;

/** Called before each full render: the eager budget starts again. */
export function resetMath(): void {
  rendered = 0;
  observer?.disconnect();
  observer = undefined;
  sizes?.disconnect();
  sizes = undefined;
}

/**
 * Marks a display formula that is wider than the inspector: it becomes a focusable horizontal scroller, and its
 * frame shows a fade on each side that has more formula beyond it.
 */
function markOverflow(el: HTMLElement): void {
  const scrolls = el.scrollWidth > el.clientWidth + 1;
  el.classList.toggle('math-scrolls', scrolls);
  if (scrolls) el.tabIndex = 0;
  else el.removeAttribute('tabindex');
  const frame = el.parentElement;
  if (!frame?.classList.contains('math-frame')) return;
  frame.classList.toggle('more-left', scrolls && el.scrollLeft > 1);
  frame.classList.toggle('more-right', scrolls && el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
}

function watchWidth(el: HTMLElement): void {
  if (typeof ResizeObserver === 'undefined') return;
  sizes ??= new ResizeObserver((entries) => {
    for (const e of entries) markOverflow(e.target as HTMLElement);
  });
  sizes.observe(el);
  el.addEventListener('scroll', () => markOverflow(el), { passive: true });
}

function typeset(el: HTMLElement, latex: string, plain: string, display: boolean): void {
  try {
    katex.render(display ? `\\displaystyle ${latex}` : latex, el, { displayMode: false, throwOnError: true, trust: false, strict: 'ignore', maxSize: 50, maxExpand: 2000, output: 'html' });
    el.classList.remove('math-pending');
    if (display) watchWidth(el);
  } catch {
    el.classList.add('math-fallback');
    el.textContent = plain;
  }
}

/**
 * An element showing `latex` typeset; falls back to `plain` (monospace) when KaTeX cannot parse it. With hundreds
 * of partials, formulas beyond the first few are typeset lazily as they scroll into view.
 */
export function mathElement(latex: string, plain: string, display = false): HTMLElement {
  const el = h('span', { class: display ? 'math math-display' : 'math', 'data-latex': latex, role: 'math', 'aria-label': plain });
  // A display formula sits in a frame that draws the scroll fades above it.
  const outer = display ? h('span', { class: 'math-frame' }, el) : el;
  if (++rendered <= EAGER_FORMULAS || typeof IntersectionObserver === 'undefined') {
    typeset(el, latex, plain, display);
    return outer;
  }
  el.classList.add('math-pending');
  el.textContent = plain;
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const t = e.target as HTMLElement;
      observer?.unobserve(t);
      t.textContent = '';
      typeset(t, t.dataset.latex ?? '', t.getAttribute('aria-label') ?? '', t.classList.contains('math-display'));
    }
  }, { rootMargin: '400px 0px' });
  observer.observe(el);
  return outer;
}

export { texName, partialLatex } from '../shared/texNames';
