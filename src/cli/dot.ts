import type { GraphView } from '../core/api';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

/** Graphviz DOT of a graph view: micrograd-style records (label | data | grad), edges labelled ∂to/∂from. */
export function graphToDot(view: GraphView): string {
  const lines = [`digraph ${q(view.output)} {`, '  rankdir=LR;', '  node [shape=record, fontname="Helvetica"];'];
  for (const n of view.nodes) {
    const title = n.name ? `${n.name} = ${n.label}` : n.label;
    const style = n.isOutput ? ', style=bold' : n.isInput ? ', style=filled, fillcolor="#e8f0fe"' : '';
    lines.push(`  n${n.id} [label=${q(`{ ${title} | data ${num(n.value)} | grad ${num(n.adjoint)} }`)}${style}];`);
  }
  for (const e of view.edges) lines.push(`  n${e.from} -> n${e.to} [label=${q(`${e.local} = ${num(e.localValue)}`)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
