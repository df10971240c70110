import type { InspectResult } from '../core/api';
import { graphView, inspect } from '../core/model';
import { flag, has, parseArgs, parseList, parsePoint, readExpression, reportError, type CliIO, type OptionSpec } from './args';
import { graphToDot } from './dot';

export const INSPECT_USAGE = `partials inspect [EXPR] [--file F|-] [--lang L] [--at x=1,y=2.5] [--wrt x,y] [--hessian] [--jacobian] [--json]

Every partial derivative of the expression (or of the last assignment; --jacobian: of every assigned name) with
its value at the point. Exit status: 0 ok, 2 bad input.
`;

const INSPECT_OPTIONS: OptionSpec = { command: 'inspect', strings: ['file', 'lang', 'at', 'wrt'], booleans: ['json', 'hessian', 'jacobian', 'help'] };

/** `partials inspect [EXPR] [--file F|-] [--lang L] [--at …] [--wrt …] [--hessian] [--jacobian] [--json]` */
export function runInspect(argv: string[], io: CliIO): number {
  let json = argv.includes('--json');
  try {
    const p = parseArgs(argv, INSPECT_OPTIONS);
    json = has(p, 'json');
    if (has(p, 'help')) {
      io.stdout(INSPECT_USAGE);
      return 0;
    }
    const source = readExpression(p, io);
    const language = flag(p, 'lang');
    const result = inspect({
      source,
      language: language === 'auto' ? 'auto' : language,
      at: parsePoint(flag(p, 'at')),
      wrt: parseList(flag(p, 'wrt')),
      hessian: has(p, 'hessian'),
      allOutputs: has(p, 'jacobian'),
    });
    io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : formatInspect(result));
    return 0;
  } catch (e) {
    return reportError(e, json, io);
  }
}

export function formatInspect(r: InspectResult): string {
  const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(10))) : String(v));
  const lines: string[] = [];
  const at = Object.entries(r.point).map(([k, v]) => `${k} = ${fmt(v)}${r.pointSource[k] === 'default' ? '' : ` (${r.pointSource[k]})`}`).join(', ');
  lines.push(`language: ${r.language}   inputs: ${r.inputs.join(', ') || '—'}${r.constants.length ? `   held constant: ${r.constants.join(', ')}` : ''}`);
  lines.push(`at ${at || '(no variables)'}`);
  for (const o of r.outputs) {
    lines.push('');
    lines.push(`${o} = ${r.expressions[o].text}   = ${fmt(r.values[o])}`);
    for (const p of r.partials.filter((q) => q.of === o)) {
      lines.push(`  ∂${o}/∂${p.wrt} = ${p.text}   = ${fmt(p.value)}${p.differentiable ? '' : `   ⚠ not differentiable here: ${p.nonSmooth?.map((k) => k.reason).join('; ')}`}`);
    }
    const h = r.hessian?.[o];
    if (h) {
      lines.push(`  Hessian (${r.inputs.join(', ')}):`);
      for (const row of h) lines.push(`    [ ${row.map(fmt).join(', ')} ]`);
    }
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export const GRAPH_USAGE = `partials graph [EXPR] [--file F|-] [--lang L] [--at x=1,y=2.5] [--output NAME] [--format dot|json]

The computation graph with each node's value and adjoint, as JSON (the default) or Graphviz DOT.
Exit status: 0 ok, 2 bad input.
`;

const GRAPH_OPTIONS: OptionSpec = { command: 'graph', strings: ['file', 'lang', 'at', 'output', 'format'], booleans: ['help'] };

/** `partials graph EXPR [--at …] [--output NAME] --format dot|json` */
export function runGraph(argv: string[], io: CliIO): number {
  // Errors are JSON unless the format asked for is DOT (JSON is the default format).
  let json = !argv.some((a, i) => a === '--format=dot' || (a === '--format' && argv[i + 1] === 'dot'));
  try {
    const p = parseArgs(argv, GRAPH_OPTIONS);
    if (has(p, 'help')) {
      io.stdout(GRAPH_USAGE);
      return 0;
    }
    const format = flag(p, 'format') ?? 'json';
    json = format === 'json';
    if (format !== 'json' && format !== 'dot') throw new Error(`Unknown --format '${format}': use dot or json.`);
    const view = graphView({ source: readExpression(p, io), language: flag(p, 'lang'), at: parsePoint(flag(p, 'at')) }, flag(p, 'output'));
    io.stdout(format === 'json' ? JSON.stringify(view, null, 2) + '\n' : graphToDot(view));
    return 0;
  } catch (e) {
    return reportError(e, json, io);
  }
}
