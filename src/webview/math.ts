/** Typesetting with KaTeX through its DOM renderer (styles set via CSSOM, so the strict CSP holds). */
import katex from 'katex';
import { h } from './dom';

/** An element showing `latex` typeset; falls back to `plain` (monospace) when KaTeX cannot parse it. */
export function mathElement(latex: string, plain: string, display = false): HTMLElement {
  const el = h('span', { class: display ? 'math math-display' : 'math', 'data-latex': latex, role: 'math', 'aria-label': plain });
  try {
    katex.render(latex, el, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxSize: 50, maxExpand: 2000, output: 'html' });
  } catch {
    el.classList.add('math-fallback');
    el.textContent = plain;
  }
  return el;
}

export { texName, partialLatex } from './texNames';
