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

/** LaTeX for an identifier the engine reported (x1 → x_{1}; long names upright). */
export function texName(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${texName(m[1])}_{${m[2]}}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  const greek = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
    'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega'];
  if (greek.includes(name)) return `\\${name}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

export function partialLatex(of: string, wrt: string): string {
  return `\\frac{\\partial ${texName(of)}}{\\partial ${texName(wrt)}}`;
}
