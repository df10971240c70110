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

/**
 * Typeset formulas by what KaTeX was given (null: KaTeX could not parse it), most recently used last. A re-render
 * shows mostly the same formulas again (the final model after the partials-only one, a new point, the names
 * switch, Explain, a live update that keeps a partial): a copy of the typeset nodes costs a fraction of typesetting
 * them again. The copies keep KaTeX's inline styles (cloned, not parsed from markup: the strict CSP holds).
 */
const typesetCache = new Map<string, Node | null>();
/** Formulas kept; each is a few dozen nodes (KaTeX's output for a long partial: a few hundred). */
const CACHE_FORMULAS = 500;
/** Longer inputs are typeset each time (rare, and their nodes are many). */
const CACHE_MAX_CHARS = 4000;
let cacheHits = 0;

/** Typeset formulas taken from the cache since the page loaded (the e2e test reads it). */
export const mathCacheHits = (): number => cacheHits;

function typeset(el: HTMLElement, latex: string, plain: string, display: boolean): void {
  const input = display ? `\\displaystyle ${latex}` : latex;
  const cacheable = input.length <= CACHE_MAX_CHARS;
  const hit = cacheable ? typesetCache.get(input) : undefined;
  if (hit !== undefined) {
    // most recently used last
    typesetCache.delete(input);
    typesetCache.set(input, hit);
    cacheHits++;
  }
  try {
    if (hit === null) throw new Error('KaTeX could not typeset this before');
    if (hit) el.replaceChildren(hit.cloneNode(true));
    else {
      katex.render(input, el, { displayMode: false, throwOnError: true, trust: false, strict: 'ignore', maxSize: 50, maxExpand: 2000, output: 'html' });
      if (cacheable && el.firstChild) remember(input, el.firstChild.cloneNode(true));
    }
    el.classList.remove('math-pending');
    if (display) watchWidth(el);
  } catch {
    if (cacheable && hit === undefined) remember(input, null);
    el.classList.add('math-fallback');
    el.textContent = plain;
  }
}

function remember(input: string, nodes: Node | null): void {
  typesetCache.set(input, nodes);
  if (typesetCache.size > CACHE_FORMULAS) typesetCache.delete(typesetCache.keys().next().value as string);
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
