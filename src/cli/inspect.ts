import type { InspectResult } from '../core/api';
import { graphView, inspect } from '../core/model';
import { flag, has, parseArgs, parseList, parsePoint, readExpression, reportError, type CliIO, type OptionSpec } from './args';
import { graphToDot } from '../core/dot';
import { formatTensorInspect, inspectJson, parseShapes, parseTensorPoint, route, runTensor, scalarAtText, tensorGraphJson, tensorGraphToDot, tensorLanguage, looksVectorised, type ParsedPoint } from '../core/tensor/session';
import { shortNumber } from '../core/number';
import { DEFAULT_TIMEOUT_S } from './usage';

/**
 * Characters of self-contained partials `partials inspect` prints per second of its time limit (measured on 2 busy
 * cores: 2 to 7 million a second, with the JSON): past the limit's worth it refuses at once, naming the size
 * (InspectRequest.formsLimit), instead of being stopped by the time limit with nothing to show.
 */
export const FORMS_CHARS_PER_SECOND = 2_000_000;
let formsLimit: number | undefined = FORMS_CHARS_PER_SECOND * DEFAULT_TIMEOUT_S;

/** The command's time limit in seconds (0: none), from the launcher: it sets how much `inspect` may print. */
export function setTimeLimit(seconds: number): void {
  formsLimit = seconds > 0 ? seconds * FORMS_CHARS_PER_SECOND : undefined;
}

export const INSPECT_USAGE = `partials inspect [EXPR] [--file F|-] [--lang L] [--at x=1,y=2.5] [--wrt x,y] [--hessian] [--jacobian] [--json]
    [--shape X=4x3,w=3] [--compact]

Every partial derivative of the expression (or of the last assignment; --jacobian: of every assigned name) with
its value at the point. Vectorised math (sum((X*w - y).^2), w'*A*w) and NumPy code (np.sum((X @ w - y)**2),
--lang python) go to the tensor engine: gradients in matrix notation, with arrays in the point
(--at 'X=[[1,2],[3,4]],w=[0.5,-1]', repeatable) or sizes (--shape); --jacobian of a vector output,
--hessian of a vector input as a matrix. Partials whose self-contained forms would take longer to print than
the time limit allows (${FORMS_CHARS_PER_SECOND / 1e6} million characters a second; the n partials of a product of n variables
are n² names) exit 2 at once, saying so. --compact writes each partial that shares subexpressions with the others
over the let-bindings listed in "bindings" instead (in --json its expr, latex and text are then that form, and
"forms" is "compact"). Exit status: 0 ok, 2 bad input.
`;

const INSPECT_OPTIONS: OptionSpec = { command: 'inspect', strings: ['file', 'lang', 'at', 'wrt', 'shape'], booleans: ['json', 'hessian', 'jacobian', 'help', 'compact'], multiple: ['at'] };

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
    const atTexts = p.flags.get('at');
    const point = parseTensorPoint(atTexts);
    const shapes = parseShapes(flag(p, 'shape'));
    const wrt = parseList(flag(p, 'wrt'));
    const routed = route(
      { source, lang: language, at: point, shapes },
      () => inspect({
        source,
        language: language === 'auto' ? 'auto' : language,
        at: parsePoint(scalarAtText(atTexts)),
        wrt,
        hessian: has(p, 'hessian'),
        allOutputs: has(p, 'jacobian'),
        // Printing this many characters takes longer than the default time limit: say so at once instead.
        ...(formsLimit !== undefined ? { formsLimit } : {}),
        ...(has(p, 'compact') ? { forms: 'compact' as const } : {}),
      }),
      (lang) => runTensor({ source, lang, at: point?.values, shapes, wrt, jacobian: has(p, 'jacobian'), hessian: has(p, 'hessian') }),
    );
    if (routed.kind === 'tensor') {
      const out = inspectJson(routed.run, routed.lang, Object.keys(point?.values ?? {}));
      io.stdout(json ? JSON.stringify(out, null, 2) + '\n' : formatTensorInspect(routed.run, routed.lang));
      return 0;
    }
    const result = routed.result;
    io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : formatInspect(result));
    return 0;
  } catch (e) {
    return reportError(e, json, io);
  }
}

export function formatInspect(r: InspectResult): string {
  const fmt = (v: number) => shortNumber(v, 10);
  const lines: string[] = [];
  const at = Object.entries(r.point).map(([k, v]) => `${k} = ${fmt(v)}${r.pointSource[k] === 'default' ? '' : ` (${r.pointSource[k]})`}`).join(', ');
  lines.push(`language: ${r.language}   inputs: ${r.inputs.join(', ') || '—'}${r.constants.length ? `   held constant: ${r.constants.join(', ')}` : ''}`);
  lines.push(`at ${at || '(no variables)'}`);
  let compactShown = false;
  for (const o of r.outputs) {
    lines.push('');
    const own = r.expressions[o];
    const uses = new Set<string>(own.named?.uses ?? []);
    lines.push(`${o} = ${own.named?.text ?? own.text}   = ${fmt(r.values[o])}`);
    for (const p of r.partials.filter((q) => q.of === o)) {
      // The form in the selection's own names where one exists (issue #15); the expanded one otherwise; the
      // compact form over the shared bindings listed at the end when it is shorter (the partials share large parts, #12).
      const compact = p.compact && (r.forms === 'compact' || p.compact.text.length < (p.named ?? p).text.length);
      if (compact) compactShown = true;
      else for (const u of p.named?.uses ?? []) uses.add(u);
      lines.push(`  ∂${o}/∂${p.wrt} = ${compact ? p.compact!.text : p.named?.text ?? p.text}   = ${fmt(p.value)}${p.differentiable ? '' : `   ⚠ not differentiable here: ${p.nonSmooth?.map((k) => k.reason).join('; ')}`}`);
    }
    const defined = (r.names ?? []).filter((n) => uses.has(n) && r.expressions[n]?.named);
    if (defined.length) lines.push(`  where ${defined.map((n) => `${n} = ${r.expressions[n].named!.text}`).join(', ')}`);
    const h = r.hessian?.[o];
    if (h) {
      lines.push(`  Hessian (${r.inputs.join(', ')}):`);
      for (const row of h) lines.push(`    [ ${row.map(fmt).join(', ')} ]`);
    }
  }
  if (r.bindings?.length && compactShown) {
    lines.push('', 'where');
    const sub = (digits: string) => [...digits].map((c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]).join('');
    for (const b of r.bindings) lines.push(`  ${b.name.replace(/\d+$/, sub)} = ${b.text}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export const GRAPH_USAGE = `partials graph [EXPR] [--file F|-] [--lang L] [--at x=1,y=2.5] [--output NAME] [--format dot|json]
    [--shape X=4x3,w=3]

The computation graph with each node's value and adjoint, as JSON (the default) or Graphviz DOT.
Vectorised input gives a tensor graph: every node with its shape. Exit status: 0 ok, 2 bad input.
`;

const GRAPH_OPTIONS: OptionSpec = { command: 'graph', strings: ['file', 'lang', 'at', 'output', 'format', 'shape'], booleans: ['help'], multiple: ['at'] };

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
    const source = readExpression(p, io);
    const language = flag(p, 'lang');
    const atTexts = p.flags.get('at');
    const point = parseTensorPoint(atTexts);
    const shapes = parseShapes(flag(p, 'shape'));
    const tview = tensorGraph(source, language, point, shapes);
    if (tview) {
      io.stdout(format === 'json' ? JSON.stringify(tview, null, 2) + '\n' : tensorGraphToDot(tview));
      return 0;
    }
    const view = graphView({ source, language, at: parsePoint(scalarAtText(atTexts)) }, flag(p, 'output'));
    io.stdout(format === 'json' ? JSON.stringify(view, null, 2) + '\n' : graphToDot(view));
    return 0;
  } catch (e) {
    return reportError(e, json, io);
  }
}

/** The tensor graph when the selection uses arrays (decided as `route` decides for inspect), else undefined. */
function tensorGraph(source: string, language: string | undefined, point: ParsedPoint | undefined, shapes: ReturnType<typeof parseShapes>) {
  const tl = tensorLanguage(language, source);
  if (!tl) return undefined;
  if (point?.hasArray || shapes) return tensorGraphJson(source, tl, point?.values, shapes);
  try {
    graphView({ source, language, at: point ? parsePoint(Object.entries(point.values).map(([k, v]) => `${k}=${String(v)}`).join(',')) : undefined });
    return undefined;
  } catch (e) {
    let t: ReturnType<typeof tensorGraphJson>;
    try {
      t = tensorGraphJson(source, tl, point?.values, shapes);
    } catch (te) {
      throw looksVectorised(source, tl) ? te : e;
    }
    if (Object.values(t.shapes).some((s) => s.length > 0)) return t;
    throw e;
  }
}
