/**
 * The comment lines generated gradient code carries after its header (issue #15, "the Code section's comments"):
 * the partials of the output in the user's own names, `dloss/dw = x (p − y)`, and one `where z = w x + b, p = σ(z)`
 * line — the forms the inspector shows first. Nothing when the selection names no intermediate, or no partial has
 * a checked named form (named/index.ts checks every rewrite numerically before it is kept).
 */
import * as diff from '../diff';
import { Displayer } from '../display';
import type { NodeId } from '../graph';
import { choosePoint, type Model } from '../model';
import { namedPartials } from '../named';

/** Past this many partials, or this long a line, the comment would be noise: no notes. */
const MAX_NOTES = 12;
const MAX_LINE = 160;

export function namedNotes(model: Model, out: { name: string; node: NodeId }, inputs: readonly string[]): string[] {
  if (!model.program.assignments.some((a) => a.name !== out.name) || !inputs.length || inputs.length > MAX_NOTES) return [];
  // On the model's own graph, as inspect does (the code was generated from a copy before this runs; the gradient's
  // nodes added here are reachable from nothing that copy starts from). Not on a codegen copy: that one is
  // stabilised (log(σ(z)) is already −softplus(−z) there), and the names would no longer be recognised.
  const g = model.graph;
  const O = out.node;
  const X = inputs.map((v) => g.variable(v));
  const grads = [diff.gradient(g, O, X)];
  const { point } = choosePoint(model);
  const displayer = new Displayer(g, [O, ...grads[0]]);
  const names = namedPartials({
    g, assignments: model.program.assignments, outputs: [{ name: out.name, node: O }],
    inputs: [...inputs], constants: model.constants, point, grads, expanded: (n) => displayer.of(n),
  });
  if (!names.order.length) return [];
  const lines: string[] = [];
  inputs.forEach((x, i) => {
    const p = names.partials[0][i];
    if (p) lines.push(`d${out.name}/d${x} = ${p.named.text}`);
  });
  if (!lines.length) return [];
  const defs = names.order.filter((n) => names.definitions.has(n)).map((n) => `${n} = ${names.definitions.get(n)!.text}`);
  if (defs.length) lines.push(`  where ${defs.join(', ')}`);
  return lines.some((l) => l.length > MAX_LINE) ? [] : lines;
}
