import type { InspectRequest } from '../api';
import type { DxAnalysis, DxResult } from './analyze';
import { defaultOutputName } from '../lower';

/**
 * What the inspector shows for the statement under the cursor in a `.dx` file: an ordinary engine request
 * (plain math) holding the statement and every definition it needs, with the scratch pad's point and inputs.
 * When no LaTeX is involved the request's source is the document itself with every other character blanked,
 * so spans in the engine's results are document offsets.
 */
export interface DxTarget {
  result: DxResult;
  /** The output the request inspects (the defined name, `f` for a bare expression, the claim's output). */
  output: string;
  request: InspectRequest & { language: 'math' };
  /** True when request.source has the document's offsets (spans map straight back to the document). */
  documentOffsets: boolean;
  /** For a claim: the claim in the form `CheckRequest.claims` takes (`dloss/dw = …`). */
  claims?: string[];
}

/** The analysed statement that contains `offset` (or ends just before it on the same line). */
export function dxResultAt(a: DxAnalysis, offset: number): DxResult | undefined {
  let best: DxResult | undefined;
  for (const r of a.results) {
    const { start, end } = r.statement.span;
    if (offset >= start && offset <= end) return r;
    if (end <= offset && !a.text.slice(end, offset).includes('\n')) best = r;
  }
  return best;
}

/** The inspector target for the statement under the cursor; undefined for numbers, `wrt` and errors. */
export function dxTargetAt(a: DxAnalysis, offset: number): DxTarget | undefined {
  const r = dxResultAt(a, offset);
  return r ? dxTarget(a, r) : undefined;
}

export function dxTarget(a: DxAnalysis, r: DxResult): DxTarget | undefined {
  const st = r.statement;
  let root: DxResult | undefined;
  let claims: string[] | undefined;
  if (st.kind === 'claim' && r.kind === 'claim') {
    root = a.results.find((x) => x.kind === 'define' && x.name === st.of.name);
    const rhs = r.claim?.claimed ?? st.rhs.text;
    claims = [`d${st.of.name}/d${st.wrt.name} = ${rhs}`];
  } else if (r.kind === 'define' || r.kind === 'expr') root = r;
  if (!root || root.node === undefined) return undefined;

  const needed = closure(a, root);
  if (claims) {
    // definitions the claim mentions must be in the program too; one after the output would end it, so drop the claim
    const mentioned = a.results.filter((d) => d.kind === 'define' && d !== root && d.name && new RegExp(`(?<![\\w.])${d.name}(?![\\w(])`).test(claims![0].split('=').slice(1).join('=')));
    for (const d of mentioned) {
      if (d.statement.span.start > root.statement.span.start) claims = undefined;
      else for (const x of [d, ...closure(a, d)]) if (!needed.includes(x)) needed.push(x);
    }
  }
  const statements = [...needed, root].sort((x, y) => x.statement.span.start - y.statement.span.start);
  const latex = statements.some((s) => 'rhs' in s.statement && s.statement.rhs.latex);
  const source = latex ? synthesized(statements) : blanked(a.text, statements);
  // A bare expression is named as the engine names it: `f`, or another name when the text uses `f`.
  const output = root.kind === 'expr' ? defaultOutputName(source) : root.name!;
  const variables = new Set(a.graph.variables([root.node]));
  const at: Record<string, number> = {};
  // defined, not assigned: a variable may be called __proto__
  for (const [k, v] of Object.entries(a.point)) if (variables.has(k)) Object.defineProperty(at, k, { value: v, enumerable: true, writable: true, configurable: true });
  const request: DxTarget['request'] = { source, language: 'math', at };
  const wrt = a.inputs.filter((v) => variables.has(v));
  if (wrt.length) request.wrt = wrt;
  const target: DxTarget = { result: r, output, request, documentOffsets: !latex };
  if (claims) target.claims = claims;
  return target;
}

/** Definitions the statement uses, directly or through other definitions. */
function closure(a: DxAnalysis, root: DxResult): DxResult[] {
  const byName = new Map(a.results.filter((r) => r.kind === 'define' && r.name).map((r) => [r.name!, r]));
  const out = new Set<DxResult>();
  const stack = [root];
  while (stack.length) {
    const r = stack.pop()!;
    const def = r.name && r.kind === 'define' ? a.definitions.get(r.name) : undefined;
    const raw = def?.raw ?? r.node;
    if (raw === undefined) continue;
    for (const v of a.graph.variables([raw])) {
      const d = byName.get(v);
      if (d && d !== root && !out.has(d)) {
        out.add(d);
        stack.push(d);
      }
    }
  }
  return [...out];
}

/** The document with everything but the given statements replaced by spaces (newlines kept). */
function blanked(text: string, keep: DxResult[]): string {
  const chars: string[] = text.split('').map((c) => (c === '\n' || c === '\r' ? c : ' '));
  keep.forEach((r, i) => {
    const { start, end } = r.statement.span;
    for (let k = start; k < end; k++) chars[k] = text[k];
    const next = keep[i + 1];
    // two statements on one line still need a separator between them
    if (next && !text.slice(end, next.statement.span.start).includes('\n')) chars[end] = ';';
  });
  return chars.join('');
}

/** Fallback when LaTeX is involved: each statement in plain math, one per line. */
function synthesized(keep: DxResult[]): string {
  return keep.map((r) => (r.kind === 'expr' ? r.expression!.expr : `${r.name} = ${r.expression!.expr}`)).join('\n');
}
