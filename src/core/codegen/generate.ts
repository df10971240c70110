import * as diff from '../diff';
import { PartialsError } from '../errors';
import type { Graph, NodeId } from '../graph';
import type { Model } from '../model';
import { adjointProgram, type ForwardEntry } from './adjoint';
import { namedNotes } from './namedNotes';
import { detectImportAliases, findMissingImports } from './imports';
import { generateLatex } from './latex';
import { copyGraph, Lowering } from './lowering';
import { adjointName, functionName, isIdentifier, Names, partialName, secondName } from './names';
import { schedule, type Line, type Stmt } from './schedule';
import { TARGET_TABLE, type Signature, type Target } from './targets';
import { FORMS, STYLES, TARGETS, type CodegenOptions, type CodegenResult } from './types';
import { t } from '../l10n';

/**
 * Gradient code for one output of a model, in one target language and style. Everything is built on a
 * copy of the model's graph: partials (closed form, Hessian) or statement adjoints (reverse mode), then
 * functions the target lacks are rewritten, then shared subexpressions are hoisted and lines printed.
 */
export function generate(model: Model, options: CodegenOptions): CodegenResult {
  const style = options.style ?? 'closed';
  const form = options.form ?? 'statements';
  if (!(TARGETS as readonly string[]).includes(options.target)) {
    throw new PartialsError(t("Unknown target '{0}' (one of: {1}).", options.target, TARGETS.join(', ')), 'input');
  }
  if (!(STYLES as readonly string[]).includes(style)) throw new PartialsError(t("Unknown style '{0}' (one of: {1}).", style, STYLES.join(', ')), 'input');
  if (!(FORMS as readonly string[]).includes(form)) throw new PartialsError(t("Unknown form '{0}' (one of: {1}).", form, FORMS.join(', ')), 'input');
  if (options.target === 'latex') return generateLatex(model, style, options.output);

  const target = TARGET_TABLE[options.target];
  if (options.name !== undefined && !(isIdentifier(options.name, target.identifier) && !target.reserved.has(options.name))) {
    throw new PartialsError((target.reserved.has(options.name) ? t('The function name {0} is not an identifier in {1} (it is a reserved word there): give a name made of letters, digits and _ that does not start with a digit.', quoteName(options.name), target.id) : t('The function name {0} is not an identifier in {1}: give a name made of letters, digits and _ that does not start with a digit.', quoteName(options.name), target.id)), 'input');
  }
  const eol = options.eol ?? '\n';
  const indent = options.indent ?? '';
  const unit = options.indentUnit ?? target.indentUnit;
  const aliases = { ...(options.documentText ? detectImportAliases(options.documentText, target.id) : {}), ...options.importAliases };
  const printer = target.printer(aliases);
  const parts = buildProgram(model, target, style, form, options.name, options.output, options.paramOrder);

  // Lower every statement to functions the target has, then hoist and print.
  const lowering = new Lowering(parts.g, (name, n) => printer.native(name, n));
  const lowered = lowering.lower(parts.stmts.map((s) => s.node));
  const stmts = parts.stmts.map((s, i) => ({ ...s, node: lowered[i] }));
  const bound = new Map<NodeId, string>();
  const boundNodes = [...parts.bound.keys()];
  lowering.lower(boundNodes).forEach((n, i) => bound.set(n, parts.bound.get(boundNodes[i])!));
  const lines = schedule(parts.g, printer, bound, stmts, { conditionalSafe: target.raisesOnDomain, freshTemp: parts.tempName });
  const bodyLines = render(dropUnused(lines, parts.resultNames), target);

  let body: string[];
  let functionNameOut: string | undefined;
  if (form === 'function') {
    const sig = parts.signature!;
    functionNameOut = sig.name;
    body = target.wrap(sig, bodyLines.map((l) => unit + l), unit);
  } else body = bodyLines;
  if (options.comment !== false && parts.header) body.unshift(target.comment(parts.header), ...notesOf(parts).map((n) => target.comment(n)));

  const stripped = body.filter((l) => !isComment(l, target)).join('\n');
  const imports = target.imports(stripped, aliases);
  const helpers = target.helpers(stripped, aliases);
  const missing = options.documentText !== undefined ? findMissingImports(options.documentText, target.id, imports) : undefined;
  const codeLines = [...(form === 'function' ? helpers.flatMap((h) => [...h.split('\n'), '']) : []), ...body];
  if (missing?.length) codeLines.unshift(target.comment(`needs: ${missing.join('; ')}`));
  const join = (ls: string[]) => ls.map((l) => (l ? indent + l : l)).join(eol);
  return {
    code: join(codeLines),
    body: join(body),
    imports,
    helpers,
    ...(missing ? { missingImports: missing } : {}),
    ...(functionNameOut ? { functionName: functionNameOut, parameters: parts.signature!.params } : {}),
    resultNames: parts.resultNames,
  };
}

/**
 * The user's own program (the forward statements the output depends on) in the target language, e.g. to
 * show a selection in another language or to put the variables in scope that the statements form expects.
 */
export function translateProgram(model: Model, options: Pick<CodegenOptions, 'target' | 'eol' | 'indent'>): string {
  if (options.target === 'latex') throw new PartialsError(t('LaTeX has no statements to translate into.'), 'input');
  const target = TARGET_TABLE[options.target];
  const printer = target.printer({});
  const parts = buildProgram(model, target, 'program', 'function');
  const lowering = new Lowering(parts.g, (name, n) => printer.native(name, n));
  const lowered = lowering.lower(parts.stmts.map((s) => s.node));
  const lines = schedule(parts.g, printer, parts.bound, parts.stmts.map((s, i) => ({ ...s, node: lowered[i] })), {
    conditionalSafe: target.raisesOnDomain, freshTemp: parts.tempName, hoist: false,
  });
  return render(lines, target).map((l) => (options.indent ?? '') + l).join(options.eol ?? '\n');
}

/**
 * Drops values nothing reads (a bare expression's value in the statements form when the backward sweep
 * does not need it, an adjoint whose every use is structurally zero): compilers such as Go's reject unused
 * variables.
 */
function dropUnused(lines: Line[], keep: readonly string[]): Line[] {
  const live = new Set(keep);
  const out: Line[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    // An adjoint nothing reads (its statement's partials are all structurally zero) goes with its updates.
    if (l.kind !== 'comment' && !live.has(l.name)) continue;
    if (l.kind !== 'comment') for (const w of l.text.match(/[\p{L}_$][\p{L}\p{Nd}_$]*/gu) ?? []) live.add(w);
    out.push(l);
  }
  out.reverse();
  // A comment left with nothing after it goes too.
  return out.filter((l, i) => l.kind !== 'comment' || (i + 1 < out.length && out[i + 1].kind !== 'comment'));
}

/** The named-form notes, or none: they are an extra, never a reason for code generation to fail. */
function notesOf(parts: ProgramParts): string[] {
  try {
    return parts.notes?.() ?? [];
  } catch {
    return [];
  }
}

function isComment(line: string, target: Target): boolean {
  return line.trimStart().startsWith(target.comment('').trimEnd());
}

function render(lines: Line[], target: Target): string[] {
  return lines.map((l) => {
    switch (l.kind) {
      case 'comment': return target.comment(l.text);
      case 'acc': return target.accumulate(l.name, l.text);
      default: return target.declare(l.name, l.text, l.kind === 'set' && !!l.mutable);
    }
  });
}

interface ProgramParts {
  g: Graph;
  names: Names;
  /** t0, t1, … shared by every pass that makes temporaries. */
  tempName: () => string;
  stmts: Stmt[];
  bound: Map<NodeId, string>;
  header?: string;
  /** Comment lines after the header: the partials in the user's names (namedNotes.ts), computed only when printed. */
  notes?: () => string[];
  signature?: Signature;
  resultNames: string[];
}

/** A name in a message: quoted, at most 40 characters, invisible characters written as \uXXXX. */
function quoteName(s: string): string {
  const shown = [...s].length > 40 ? `${[...s].slice(0, 40).join('')}…` : s;
  return `'${shown.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)}'`;
}

/** One line of the user's source for comments: whitespace collapsed, statements joined by `; `. */
export function sourceSummary(model: Model, max = 90): string {
  const text = model.program.source.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('; ').replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}...` : text;
}

/** Was this assignment written as `name = …` (a variable in scope), not a bare expression or a function definition? */
function explicit(model: Model, a: { name: string; span?: { start: number } }): boolean {
  if (!a.span) return false;
  const rest = model.program.source.slice(a.span.start);
  return new RegExp(`^${a.name.replace(/[^\w]/g, '\\$&')}\\s*=(?!=)`).test(rest);
}

/** The names in `order` first (in that order), then the others as they were. */
function ordered(names: readonly string[], order: readonly string[] | undefined): string[] {
  if (!order?.length) return [...names];
  const rank = (n: string) => {
    const k = order.indexOf(n);
    return k < 0 ? order.length : k;
  };
  return names.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
}

function buildProgram(model: Model, target: Target, style: CodegenOptions['style'] & string | 'program', form: string, baseName?: string, output?: string,
  paramOrder?: readonly string[]): ProgramParts {
  const src = model.graph;
  const out = output === undefined ? model.outputs[model.outputs.length - 1]
    : model.outputs.find((o) => o.name === output) ?? [...model.program.assignments].reverse().find((a) => a.name === output);
  if (output !== undefined && !out) {
    throw new PartialsError(t("There is no output named '{0}' (names: {1}).", output, [...new Set(model.program.assignments.map((a) => a.name))].join(', ')), 'input');
  }
  if (!out) throw new PartialsError(t('There is nothing to differentiate.'), 'input');
  const assignments = model.program.assignments;
  const inputsInOrder = ordered(model.inputs, paramOrder);
  const varNames = ordered([...model.inputs, ...model.constants], paramOrder);
  const { g, map } = copyGraph(src, [out.node, ...assignments.map((a) => a.node), ...varNames.map((v) => src.variable(v))]);
  const O = map(out.node);
  const names = new Names(target.reserved, target.identifier);
  const isFunction = form === 'function';

  // The user's statements the output depends on; the last version of each name keeps it.
  const live = new Set(g.reachable([O]));
  const userDefs = assignments.filter((a) => explicit(model, a) && live.has(map(a.node)));

  // The user's names stay as they are when the target takes them; any other (a keyword, `$a` in Python,
  // `__proto__` in MATLAB, `𝑥` where Python would read x) is renamed once, to a legal name no other takes.
  for (const v of [...varNames, ...userDefs.map((a) => a.name)]) if (names.legal(v)) names.take(v);
  const renamed = new Map<string, string>();
  const userName = (v: string): string => {
    let name = renamed.get(v);
    if (name === undefined) renamed.set(v, (name = names.legal(v) ? v : names.fresh(v)));
    return name;
  };

  // Parameters: inputs, then held constants.
  const params = new Map<NodeId, string>();
  const paramNames: string[] = [];
  for (const v of varNames) {
    const name = userName(v);
    params.set(g.variable(v), name);
    paramNames.push(name);
  }
  const X = inputsInOrder.map((v) => g.variable(v));
  const inputNames = inputsInOrder.map((v) => paramNames[varNames.indexOf(v)]);

  const lastOf = new Map<string, number>();
  userDefs.forEach((a, i) => lastOf.set(a.name, i));
  const outAssignment = [...assignments].reverse().find((a) => a.node === out.node && a.name === out.name);
  let outName = '';
  const entries: ForwardEntry[] = [];
  userDefs.forEach((a, i) => {
    const last = lastOf.get(a.name) === i;
    if (!isFunction && !last) return;
    const name = !isFunction || last ? userName(a.name) : names.fresh(a.name);
    if (a === outAssignment) outName = name;
    entries.push({ name, node: map(a.node), emit: isFunction });
  });
  const outIsUser = outName !== '';
  if (!outIsUser) outName = names.fresh(out.name);
  const valueEntry: ForwardEntry | undefined = outIsUser ? undefined : { name: outName, node: O, emit: true };

  const naming = target.naming;
  const resultNames = inputNames.map((x) => names.fresh(partialName(naming, outName, x)));
  const what = `${sourceSummary(model)}`;
  // in the user's own names (the output's and the inputs' as written: a comment, not code)
  const notes = () => namedNotes(model, out, inputsInOrder);
  const wrt = `with respect to ${inputNames.join(', ') || '(nothing)'}${model.constants.length ? `; ${paramNames.filter((p) => !inputNames.includes(p)).join(', ')} held constant` : ''}`;
  const fname = (suffix: string) => {
    const fn = functionName(naming, baseName ?? outName, suffix, target.exportedFunctions);
    if (baseName === undefined) return names.fresh(fn);
    if (!names.legal(fn) || names.has(fn)) {
      const why = names.has(fn) ? `it is also the name of a variable` : `it is not an identifier of ${target.id} (or is one of its keywords)`;
      throw new PartialsError(t('The function name {0} gives {1}, which cannot be used: {2}. Give a name made of letters, digits and _.', quoteName(baseName), quoteName(fn), why), 'input');
    }
    names.take(fn);
    return fn;
  };
  const fresh = (b: string) => names.fresh(b);
  let tempCount = 0;
  const tempName = () => names.fresh(`t${tempCount++}`);

  if (style === 'adjoint') {
    const prog = adjointProgram({
      g, params, inputs: X, output: O,
      entries: [...entries, ...(valueEntry ? [valueEntry] : [])],
      conditionalSafe: target.raisesOnDomain, fresh,
      tempName,
      adjointName: (v) => adjointName(naming, v),
      resultNames,
      comments: { forward: 'forward sweep', backward: 'backward sweep: adjoints accumulated in reverse order' },
    });
    const bound = new Map(params);
    for (const [n, name] of prog.bound) if (!bound.has(n)) bound.set(n, name);
    const header = `Reverse mode (adjoint) of ${outName}: ${what}, ${wrt}`;
    return {
      g, names, tempName, stmts: prog.stmts, bound, header, notes, resultNames: isFunction ? [outName, ...resultNames] : resultNames,
      signature: isFunction ? { name: fname('grad'), params: paramNames, value: outName, grad: resultNames, fresh } : undefined,
    };
  }

  const bound = new Map(params);
  const stmts: Stmt[] = [];
  if (isFunction) {
    for (const e of entries) stmts.push({ kind: 'def', name: e.name, node: e.node });
    if (valueEntry) stmts.push({ kind: 'def', name: valueEntry.name, node: valueEntry.node });
  } else for (const e of entries) if (!bound.has(e.node) && g.args[e.node].length > 0) bound.set(e.node, e.name);

  if (style === 'program') return { g, names, tempName, stmts, bound, resultNames: [outName] };

  if (style === 'hessian') {
    const H = diff.hessian(g, O, X);
    const hNames: string[][] = inputNames.map(() => []);
    const hResults: string[] = [];
    if (isFunction) diff.gradient(g, O, X).forEach((n, i) => stmts.push({ kind: 'def', name: resultNames[i], node: n, countsAsUse: true }));
    inputNames.forEach((a, i) => inputNames.forEach((b, j) => {
      if (j < i) { hNames[i][j] = hNames[j][i]; return; }
      const name = names.fresh(secondName(naming, outName, a, b));
      hNames[i][j] = name;
      hResults.push(name);
      stmts.push({ kind: 'def', name, node: H[i][j], countsAsUse: true });
    }));
    return {
      g, names, tempName, stmts, bound, header: `Hessian of ${outName}: ${what}, ${wrt}`,
      resultNames: isFunction ? [outName, ...resultNames, ...hResults] : hResults,
      signature: isFunction ? { name: fname('hess'), params: paramNames, value: outName, grad: resultNames, hess: hNames, fresh } : undefined,
    };
  }

  diff.gradient(g, O, X).forEach((n, i) => stmts.push({ kind: 'def', name: resultNames[i], node: n, countsAsUse: true }));
  return {
    g, names, tempName, stmts, bound, header: `Gradient of ${outName}: ${what}, ${wrt}`, notes,
    resultNames: isFunction ? [outName, ...resultNames] : resultNames,
    signature: isFunction ? { name: fname('grad'), params: paramNames, value: outName, grad: resultNames, fresh } : undefined,
  };
}
