import { shortNumber } from './number';

/** What a DOT drawing needs of a graph: the CLI's `GraphView` and the inspector's graph model both are one. */
export interface DotGraph {
  output: string;
  nodes: readonly { id: number; label: string; name?: string; value: number; adjoint: number; isInput?: boolean; isOutput?: boolean }[];
  edges: readonly { from: number; to: number; local: string; localValue: number }[];
}

export interface DotOptions {
  /** How numbers are written (default: 6 significant digits). */
  format?: (v: number) => string;
  /** Which way the graph flows, in the inspector's terms (default left to right). */
  direction?: 'AUTO' | 'RIGHT' | 'LEFT' | 'DOWN' | 'UP';
}

const RANKDIR = { AUTO: 'LR', RIGHT: 'LR', LEFT: 'RL', DOWN: 'TB', UP: 'BT' } as const;

/** Inside a record label `{ … | … }` the record syntax characters must be escaped too. */
const recordText = (s: string) => s.replace(/[\\"{}|<>]/g, (c) => `\\${c}`);
const quoted = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * Graphviz DOT of a computation graph: micrograd-style record nodes (label | data | grad), edges labelled with the
 * local derivative and its value; the output is drawn bold, inputs filled.
 */
export function graphToDot(graph: DotGraph, options: DotOptions = {}): string {
  const num = options.format ?? ((v: number) => shortNumber(v));
  const lines = [`digraph ${quoted(graph.output)} {`, `  rankdir=${RANKDIR[options.direction ?? 'AUTO']};`, '  node [shape=record, fontname="Helvetica"];'];
  for (const n of graph.nodes) {
    const title = n.name && n.name !== n.label ? `${n.name} = ${n.label}` : n.label;
    const style = n.isOutput ? ', penwidth=2' : n.isInput ? ', style=filled, fillcolor="#e8f0fe"' : '';
    lines.push(`  n${n.id} [label="{ ${recordText(title)} | data ${recordText(num(n.value))} | grad ${recordText(num(n.adjoint))} }"${style}];`);
  }
  for (const e of graph.edges) lines.push(`  n${e.from} -> n${e.to} [label=${quoted(`${e.local} = ${num(e.localValue)}`)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
