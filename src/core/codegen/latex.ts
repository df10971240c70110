import * as diff from '../diff';
import { Displayer } from '../display';
import type { Model } from '../model';
import { print, PrintCache } from '../print';
import type { CodegenResult, CodegenStyle } from './types';

/**
 * LaTeX: the partials (or the Hessian) as an `aligned` block, simplified by the engine's display. The
 * adjoint style lists the backward sweep's adjoints: ∂f/∂v for every named value of the program.
 */
const sym = (name: string): string => {
  const m = /^([A-Za-z]+?)_?(\d+)$/.exec(name);
  const base = m ? m[1] : name;
  const b = [...base].length > 1 || /[\\{}$#%&_^~]/.test(base) ? `\\mathrm{${texEscape(base)}}` : base;
  return m ? `${b}_{${m[2]}}` : b;
};

/** Text inside \\mathrm{…}: TeX's special characters written as commands ($a must not end math mode). */
function texEscape(s: string): string {
  const special: Record<string, string> = { '\\': '\\backslash{}', '{': '\\{', '}': '\\}', $: '\\$', '#': '\\#', '%': '\\%', '&': '\\&', _: '\\_', '^': '\\hat{}', '~': '\\sim{}' };
  return [...s].map((c) => (Object.hasOwn(special, c) ? special[c] : c)).join('');
}

export function generateLatex(model: Model, style: CodegenStyle, output?: string): CodegenResult {
  const g = model.graph;
  const out = (output !== undefined ? [...model.program.assignments].reverse().find((a) => a.name === output) : undefined) ?? model.outputs[model.outputs.length - 1];
  const X = model.inputs.map((v) => g.variable(v));
  const f = sym(out.name);
  const cache = new PrintCache(); // the rows share most of their display trees
  const rows: string[] = [];
  const resultNames: string[] = [];
  if (style === 'hessian') {
    const H = diff.hessian(g, out.node, X);
    const d = new Displayer(g, H.flat());
    model.inputs.forEach((a, i) => model.inputs.forEach((b, j) => {
      if (j < i) return;
      const den = a === b ? `\\partial ${sym(a)}^{2}` : `\\partial ${sym(a)}\\,\\partial ${sym(b)}`;
      rows.push(`\\frac{\\partial^{2} ${f}}{${den}} &= ${print(d.of(H[i][j]), 'latex', { bindAbove: Infinity, cache })}`);
      resultNames.push(`d2${out.name}_d${a}${a === b ? '2' : `_d${b}`}`);
    }));
  } else {
    const adj = diff.adjoints(g, out.node);
    const named = style === 'adjoint'
      ? model.program.assignments.filter((a) => a.node !== out.node && a.node < adj.length && adj[a.node] >= 0 && g.op[a.node] !== 'var')
      : [];
    const grads = diff.gradient(g, out.node, X);
    const d = new Displayer(g, [...grads, ...named.map((a) => adj[a.node])]);
    if (style === 'adjoint') {
      rows.push(`\\bar{${f}} &= 1`);
      for (const a of [...named].reverse()) rows.push(`\\bar{${sym(a.name)}} = \\frac{\\partial ${f}}{\\partial ${sym(a.name)}} &= ${print(d.of(adj[a.node]), 'latex', { bindAbove: Infinity, cache })}`);
    }
    model.inputs.forEach((x, i) => {
      rows.push(`\\frac{\\partial ${f}}{\\partial ${sym(x)}} &= ${print(d.of(grads[i]), 'latex', { bindAbove: Infinity, cache })}`);
      resultNames.push(`d${out.name}_d${x}`);
    });
  }
  const code = `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
  return { code, body: code, imports: [], helpers: [], resultNames };
}
