import { lineColumn, PartialsError } from '../errors';
import type { Expr, Name, Stmt } from './ast';
import { Emitter } from './emit';
import { errorAtOffset, unsupportedAt } from './errors';
import type { Claim, FrontEndResult } from './types';
import type { SNode } from './mathsyntax';
import type { Lang } from './languages';
import { resolveExpr, type Helper, type ResolveContext } from './names';
import { exprText, freeNames, Printer } from './printer';
import { defaultOutputName } from '../lower';
import { setOwn } from '../own';
import { t as l10n } from '../l10n';

/**
 * Statements → one program in mathjs syntax: the function header gives the inputs, returns give the
 * outputs, hand-written derivatives (df_dx, grad_w, …) become claims, numeric assignments become the
 * default point, and every remaining assignment is a line `name = expr` (reassignment is SSA in the engine).
 */
interface Line {
  name: Name;
  value: Expr;
  /** Not written by the user (a returned expression gets the function's name). */
  synthetic?: boolean;
  /** Index of the statement it came from, for ordering. */
  order: number;
}

/** Names the engine reads as constants (renamed in code when they are inputs) or mathjs reserves (always renamed). */
const ENGINE_CONSTANTS = new Set(['e', 'E', 'phi', 'tau', 'pi', 'PI', 'Infinity', 'NaN', 'true', 'false']);
const RESERVED = new Set(['mod', 'to', 'in', 'xor', 'and', 'or', 'not', 'end', 'i']);
/** Engine constants that are plain symbols in mathjs: kept as written and declared variables when free. */
const SYMBOL_CONSTANTS = new Set(['e', 'E', 'phi', 'tau', 'pi', 'PI']);

/**
 * The mathjs-safe spelling of a name. `free` (the program's inputs): names the engine would read as
 * constants (e, E, phi, tau …) are renamed only when free — once assigned, the engine binds them as names.
 */
export function safeName(name: string, lang: Lang, free?: ReadonlySet<string>): string {
  let n = name.replace(/[\u2080-\u2089]/g, (c) => `_${c.charCodeAt(0) - 0x2080}`).replace(/[\u00B2\u00B3\u00B9\u2070-\u207F]/g, '');
  n = n.replace(/[^\w$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]/g, '_');
  if (/^\d/.test(n)) n = `_${n}`;
  if (RESERVED.has(n) && n !== 'i') return `${n}_`;
  if (lang !== 'math' && ENGINE_CONSTANTS.has(n) && !SYMBOL_CONSTANTS.has(n) && (!free || free.has(name))) return `${n}_`;
  return n;
}

export interface AssembleInput {
  stmts: Stmt[];
  lang: Lang;
  source: string;
  aliases: Map<string, string>;
  /** The name for a `return`'s value when there is no function header (the enclosing function's name). */
  returnName?: string;
}

export function assemble({ stmts, lang, source, aliases, returnName }: AssembleInput): FrontEndResult {
  const { header, body, helpers } = partition(stmts, source);
  // The names each expression reads, walked once per expression (a 200 000-factor product is read several times below).
  const namesOf = new Map<Expr, readonly string[]>();
  const namesIn = (x: Expr): readonly string[] => {
    let names = namesOf.get(x);
    if (!names) namesOf.set(x, (names = freeNames(x)));
    return names;
  };
  let params = header?.params.map((p) => p.name) ?? [];

  // Which names are values (variables) — decides x.sin() (method) vs np.sin() (module) and pi (constant vs assigned).
  const values = new Set<string>();
  for (const p of params) values.add(p).add(`=${p}`);
  for (const s of body) {
    if (s.k === 'assign') for (const t of s.targets) values.add(t.name).add(`=${t.name}`);
    const exprs = s.k === 'assign' || s.k === 'return' ? s.values : s.k === 'expr' || s.k === 'claim' ? [s.value] : [];
    for (const x of exprs) for (const n of namesIn(x)) values.add(n);
  }
  for (const h of helpers) {
    for (const p of h.header.params) values.add(p.name).add(`=${p.name}`);
    for (const st of h.body) for (const x of exprsOf(st)) for (const n of namesIn(x)) values.add(n);
  }
  const ctx: ResolveContext = { lang, source, aliases, values, helpers: new Map(), inlining: new Set() };
  for (const h of helpers) {
    if (h.header.name) ctx.helpers!.set(h.header.name.name, helperOf(h));
  }

  // Flatten into named lines; returns and bare expressions get names.
  const lines: Line[] = [];
  const latexClaims: { stmt: Extract<Stmt, { k: 'claim' }>; value: Expr; order: number }[] = [];
  let outputs: string[] | undefined;
  const afterReturn: (typeof body)[number][] = [];
  let anonymous = 0;
  const fnName = header?.name?.name;
  const unnamed = defaultOutputName(source);
  // the enclosing function's name, unless the selection uses it for something else (or it is not a plain name)
  const given = returnName && /^[A-Za-z_][A-Za-z0-9_]*$/.test(returnName) && !values.has(returnName) && !values.has(`=${returnName}`) ? returnName : undefined;
  const lastBodyIndex = body.length - 1;
  body.forEach((s, order) => {
    if (outputs && s.k !== 'claim' && s.k !== 'assign') {
      throw unsupportedAt(source, s.s, l10n('code after a return'), s.e, l10n('select the statements up to the return'));
    }
    if (outputs && s.k === 'assign') afterReturn.push(s);
    switch (s.k) {
      case 'assign': {
        if (s.targets.length > 1) {
          const targets = new Set(s.targets.map((t) => t.name));
          const clash = s.values.find((v) => namesIn(v).some((n) => targets.has(n)));
          if (clash) throw unsupportedAt(source, s.s, l10n('a simultaneous assignment that reads the names it assigns'), s.e, l10n('write one assignment per line'));
        }
        s.targets.forEach((t, i) => lines.push({ name: t, value: resolveExpr(s.values[i], ctx), order }));
        break;
      }
      case 'return': {
        const names = s.values.map((v, i) => {
          if (v.k === 'id' && lines.some((l) => l.name.name === v.name)) return v.name;
          const base = header?.out?.name ?? fnName ?? given ?? unnamed;
          const name = s.values.length === 1 ? base : `${base}${i + 1}`;
          lines.push({ name: { name, s: v.s, e: v.e }, value: resolveExpr(v, ctx), synthetic: true, order });
          return name;
        });
        outputs = names;
        break;
      }
      case 'expr': {
        const implicitReturn = header && order === lastBodyIndexOfProgram(body, lastBodyIndex);
        const base = implicitReturn ? header?.out?.name ?? fnName ?? unnamed : anonymous++ === 0 ? unnamed : `${unnamed}${anonymous}`;
        lines.push({ name: { name: base, s: s.value.s, e: s.value.e }, value: resolveExpr(s.value, ctx), synthetic: true, order });
        if (implicitReturn) outputs = [base];
        break;
      }
      case 'claim':
        latexClaims.push({ stmt: s, value: resolveExpr(s.value, ctx), order });
        break;
      default:
        break;
    }
  });
  // Parameters the function writes through (C `*y = …`, `y[0] = …`, C++ `double &y`, C# `out double y`): outputs, not inputs.
  const refs = new Set(header?.params.filter((p) => p.ref).map((p) => p.name) ?? []);
  const written = lines.filter((l) => !l.synthetic && refs.has(l.name.base ?? l.name.name));
  if (written.length) {
    const outParams = new Set(written.map((l) => l.name.base ?? l.name.name));
    params = params.filter((p) => !outParams.has(p));
    const names = [...new Set(written.map((l) => l.name.name))];
    outputs = [...(outputs ?? []), ...names.filter((n) => !outputs?.includes(n))];
  }
  // A parameter read only by element or field (x[0], x[1], p.a): its elements are the inputs.
  if (params.length) {
    const free = freeOf(lines, namesIn);
    params = params.flatMap((p) => {
      if (free.includes(p)) return [p];
      const parts = free.filter((n) => n.startsWith(`${p}_`) && !params.includes(n) && !lines.some((l) => l.name.name === n));
      return parts.length ? parts.sort(byIndex) : [p];
    });
  }
  if (!outputs && header?.out) outputs = [header.out.name];
  if (!outputs && header?.outs) outputs = header.outs.map((o) => o.name);

  // Claims: assignments named like derivatives of an output with respect to an input.
  const claimLines = new Set<Line>();
  const claims: { line?: Line; of: string; wrt: string; value: Expr; name: string; s: number; e: number; order: number; text: string; intermediate?: boolean }[] = [];
  for (;;) {
    const program = lines.filter((l) => !claimLines.has(l));
    const assigned = new Set(program.map((l) => l.name.name));
    // names given a number (x = 2.0) become inputs with that default value, so they count as inputs here
    const inputs = new Set([...params, ...freeOf(program, namesIn), ...program.filter((l) => isNumeric(l.value)).map((l) => l.name.name)]);
    const anyName = new Set([...inputs, ...assigned]);
    const plain = program.filter((l) => !isNumeric(l.value) && (l.synthetic || !/^d|grad/.test(l.name.name) || !parseClaimName(l.name.name, assigned, anyName, '\u0000')));
    const primary = outputs?.[0] ?? plain.pop()?.name.name;
    let found = false;
    for (const l of program) {
      if (l.synthetic || !/^d|grad/.test(l.name.name)) continue;
      // with respect to an input, or to an intermediate name assigned before (dL_dz in backprop code)
      const wrtNames = new Set([...inputs, ...program.filter((m) => m.order < l.order && !m.synthetic).map((m) => m.name.name)]);
      const c = parseClaimName(l.name.name, assigned, wrtNames, primary);
      if (!c || l.name.name === primary || c.of === c.wrt) continue;
      if (c.bare && isNumeric(l.value)) continue; // dx = 1e-6 is a step, not a derivative
      // `dx = x - x0` is a difference the code goes on to use, not ∂f/∂x: the bare d-name must stand alone
      if (c.bare && program.some((m) => m.order > l.order && m !== l && namesIn(m.value).includes(l.name.name))) continue;
      claimLines.add(l);
      const end = closeBrackets(source, l.name.s, l.value.e);
      claims.push({ line: l, of: c.of, wrt: c.wrt, value: l.value, name: l.name.name, s: l.name.s, e: end, order: l.order, text: source.slice(l.name.s, end), intermediate: !inputs.has(c.wrt) });
      found = true;
    }
    if (!found) break;
  }
  for (const c of latexClaims) {
    claims.push({ of: c.stmt.of, wrt: c.stmt.wrt, value: c.value, name: c.stmt.label, s: c.stmt.s, e: c.stmt.e, order: c.order, text: source.slice(c.stmt.s, c.stmt.e) });
  }
  // After a return only hand-written derivatives may follow (df_dx = … under the function).
  for (const s of afterReturn) {
    const stray = lines.find((l) => l.order === body.indexOf(s) && !claimLines.has(l));
    if (stray) throw unsupportedAt(source, s.s, l10n('code after a return'), s.e, l10n('select the statements up to the return'));
  }
  // A claim the code goes on to use (w = w - lr * grad_w) stays in the program as well.
  let program = lines.filter((l) => !claimLines.has(l) || lines.some((m) => m.order > l.order && !claimLines.has(m) && namesIn(m.value).includes(l.name.name)));

  // Numeric assignments (x = 2.0) name a default value for an input instead of fixing it.
  const docValues: Record<string, number> = { ...(header?.defaults ?? {}) };
  const nonNumeric = program.filter((l) => !isNumeric(l.value));
  if (nonNumeric.length) {
    const seen = new Set<string>();
    const keep: Line[] = [];
    const lastName = outputs ?? [nonNumeric[nonNumeric.length - 1].name.name];
    for (const l of program) {
      const v = numericValue(l.value);
      if (v !== undefined && !seen.has(l.name.name) && !lastName.includes(l.name.name) && Number.isFinite(v)) {
        setOwn(docValues, l.name.name, v); // a variable may be called __proto__
      } else keep.push(l);
      for (const n of namesIn(l.value)) seen.add(n);
      seen.add(l.name.name);
    }
    program = keep;
  }
  if (!program.length && claims.length) {
    const c = claims[0];
    throw errorAtOffset(source, c.s, l10n("The selection is only a hand-written derivative ('{0}'); select the formula it differentiates as well, starting", c.text), 'input', c.e);
  }
  if (!program.length) {
    const at = header ?? stmts[0];
    const { line, column } = lineColumn(source, at?.s ?? 0);
    throw new PartialsError((header ? l10n('There is no expression to differentiate: the function has no return value (line {0}, column {1}).', line, column) : l10n('There is no expression to differentiate (line {0}, column {1}).', line, column)), 'input', line, column);
  }
  if (outputs) {
    for (const o of outputs) {
      if (!program.some((l) => l.name.name === o)) {
        const at = header ?? stmts[0];
        throw unsupportedAt(source, at.s, l10n("the output '{0}', which is never assigned", o), at.e);
      }
    }
  }

  // Print.
  const renamed: Record<string, string> = {};
  const free = new Set([...params, ...freeOf(program, namesIn), ...claims.flatMap((c) => namesIn(c.value))]);
  const spelt = new Map<string, string>(); // each name's spelling, worked out once (a name may occur 200 000 times)
  const nameOf = (n: string) => {
    let safe = spelt.get(n);
    if (safe === undefined) spelt.set(n, (safe = safeName(n, lang, free)));
    if (safe !== n) renamed[safe] = n;
    return safe;
  };
  // A free e (or phi, tau, pi) in code is the user's variable; LaTeX's e is Euler's number.
  const variables = [...free].filter((n) => lang !== 'math' && SYMBOL_CONSTANTS.has(n) && !(lang === 'latex' && (n === 'e' || n === 'pi')));
  const shadowed = new Set(variables);
  const em = new Emitter(program[0].name.s);
  // The program is printed (the `text` shown and tested) and, in the same pass, built as the syntax tree the
  // engine lowers straight into the graph: no second parse of the printed text.
  const printer = new Printer(em, nameOf, undefined, shadowed, true);
  const blocks: { node: SNode }[] = [];
  program.forEach((l, i) => {
    if (i) em.put('\n');
    const at = em.textLength;
    const name = nameOf(l.name.name);
    em.piece(name, l.name.s, l.name.e);
    const object = printer.symbol(name, at);
    em.put(' = ');
    const value = printer.expr(l.value);
    if (printer.tree && object && value) blocks.push({ node: printer.node({ type: 'AssignmentNode', object, value, _span: { start: object._span.start, end: value._span.end } }) });
  });
  const mapOffset = em.map();
  let ast: SNode | undefined;
  if (printer.tree) {
    printer.toSource(mapOffset);
    ast = { type: 'BlockNode', blocks, _span: { start: 0, end: source.length } };
  }
  const inline = new Map<string, string>();
  const outClaims: Claim[] = claims.sort((a, b) => a.order - b.order).map((c) => {
    const expr = exprText(c.value, nameOf, inline, shadowed);
    inline.set(c.name, expr);
    const claim: Claim = { of: nameOf(c.of), wrt: nameOf(c.wrt), expr, source: c.text, span: { start: c.s, end: c.e }, name: c.name };
    if (c.intermediate) claim.intermediate = true;
    return claim;
  });
  const result: FrontEndResult = {
    language: lang,
    text: em.text,
    mapOffset,
    claims: outClaims.filter((c) => !c.intermediate),
    values: Object.fromEntries(Object.entries(docValues).map(([k, v]) => [nameOf(k), v])),
  };
  if (ast) result.ast = ast;
  if (header) result.params = params.map(nameOf);
  result.outputs = (outputs ?? [program[program.length - 1].name.name]).map(nameOf);
  if (Object.keys(renamed).length) result.renamed = renamed;
  if (variables.length) result.variables = variables;
  const adjoint = outClaims.filter((c) => c.intermediate);
  if (adjoint.length) result.adjointClaims = adjoint;
  return result;
}

/** A front end's syntax tree with every span moved by `by` (a fenced block read on its own, then placed in the document). */
export function shiftTree(ast: SNode, by: number): SNode {
  const seen = new Set<SNode>();
  const stack = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    n._span = { start: n._span.start + by, end: n._span.end + by };
    if (n._nameSpan) n._nameSpan = { start: n._nameSpan.start + by, end: n._nameSpan.end + by };
    for (const k of [n.object, n.value, n.content, n.condition, n.trueExpr, n.falseExpr, n.expr, n.fn]) if (k && typeof k === 'object') stack.push(k);
    if (n.args) for (const a of n.args) stack.push(a);
    if (n.blocks) for (const b of n.blocks) stack.push(b.node);
  }
  return ast;
}

type Func = Extract<Stmt, { k: 'func' }>;
type BodyStmt = Exclude<Stmt, { k: 'func' }>;
interface Unit { header: Func; body: BodyStmt[] }

function exprsOf(s: BodyStmt): Expr[] {
  return s.k === 'assign' || s.k === 'return' ? s.values : [s.value];
}

/** Names called anywhere in x. */
function callsIn(x: Expr, out: Set<string>): void {
  const stack = [x];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.k) {
      case 'call':
        if (n.callee.k === 'id') out.add(n.callee.name);
        else stack.push(n.callee);
        stack.push(...n.args);
        break;
      case 'un': stack.push(n.a); break;
      case 'bin': stack.push(n.a, n.b); break;
      case 'cond': stack.push(n.c, n.a, n.b); break;
      case 'fn': stack.push(...n.args); break;
      case 'member': stack.push(n.obj); break;
      default: break;
    }
  }
}

/**
 * Splits statements into functions (header + body) and top-level code. The program is the top-level code
 * when it calls a function of the selection, else the last function nobody calls; other functions are
 * helpers, inlined where they are called.
 */
function partition(stmts: Stmt[], source: string): { header?: Func; body: BodyStmt[]; helpers: Unit[] } {
  const units: Unit[] = [];
  const top: BodyStmt[] = [];
  for (let i = 0; i < stmts.length;) {
    const s = stmts[i];
    if (s.k !== 'func') {
      top.push(s);
      i++;
      continue;
    }
    const body: BodyStmt[] = [];
    let j = i + 1;
    if (s.bodyEnd === undefined) {
      if (j < stmts.length && stmts[j].k !== 'func') body.push(stmts[j++] as BodyStmt);
    } else {
      while (j < stmts.length && stmts[j].s < s.bodyEnd) {
        const b = stmts[j];
        if (b.k === 'func') throw unsupportedAt(source, b.s, l10n('a function defined inside another function'), b.e);
        body.push(b);
        j++;
      }
    }
    units.push({ header: s, body });
    i = j;
  }
  if (!units.length) return { body: top, helpers: [] };
  const names = new Set(units.map((u) => u.header.name?.name).filter((n): n is string => !!n));
  const topCalls = new Set<string>();
  for (const st of top) for (const x of exprsOf(st)) callsIn(x, topCalls);
  if (top.some((st) => st.k !== 'claim') && [...topCalls].some((n) => names.has(n))) return { body: top, helpers: units };
  const called = new Set<string>();
  for (const u of units) for (const st of u.body) for (const x of exprsOf(st)) callsIn(x, called);
  const uncalled = units.filter((u) => !u.header.name || !called.has(u.header.name.name));
  if (uncalled.length > 1) {
    const f = uncalled[1].header;
    throw unsupportedAt(source, f.s, l10n('a second function definition'), f.e, l10n('select one function, or functions that call each other'));
  }
  const main = uncalled[0] ?? units[units.length - 1];
  // top-level lines before the function (lr = 0.1) come first; claims after it follow its body
  const before = top.filter((st) => st.s < main.header.s);
  const after = top.filter((st) => st.s >= main.header.s);
  return { header: main.header, body: [...before, ...main.body, ...after], helpers: units.filter((u) => u !== main) };
}

/** A helper function ready to inline: its local assignments and the returned expression. */
function helperOf(u: Unit): Helper {
  const lines: { name: string; value: Expr }[] = [];
  let ret: Expr | undefined;
  let several = false;
  u.body.forEach((st, i) => {
    if (st.k === 'assign') st.targets.forEach((t, k) => lines.push({ name: t.name, value: st.values[k] }));
    else if (st.k === 'return') { ret = st.values[0]; several = st.values.length > 1; }
    else if (st.k === 'expr' && i === u.body.length - 1) ret = st.value;
  });
  if (!ret && u.header.out) ret = { k: 'id', name: u.header.out.name, s: u.header.out.s, e: u.header.out.e };
  return { name: u.header.name!.name, params: u.header.params.map((p) => p.name), lines, ret, several, s: u.header.s, e: u.header.e };
}

function lastBodyIndexOfProgram(body: Stmt[], last: number): number {
  for (let i = last; i >= 0; i--) if (body[i].k !== 'claim') return i;
  return last;
}

/** x_2 before x_10; names without a numeric index keep their order of first use. */
function byIndex(a: string, b: string): number {
  const ka = /_(\d+)(?:_(\d+))?$/.exec(a);
  const kb = /_(\d+)(?:_(\d+))?$/.exec(b);
  if (!ka || !kb) return 0;
  return Number(ka[1]) - Number(kb[1]) || Number(ka[2] ?? 0) - Number(kb[2] ?? 0);
}

function freeOf(lines: Line[], namesIn: (x: Expr) => readonly string[] = freeNames): string[] {
  const assigned = new Set<string>();
  const free: string[] = [];
  const seen = new Set<string>(); // a Set: 100 000 distinct names stay linear
  for (const l of lines) {
    for (const n of namesIn(l.value)) if (!assigned.has(n) && !seen.has(n)) { seen.add(n); free.push(n); }
    assigned.add(l.name.name);
  }
  return free;
}

function isNumeric(x: Expr): boolean {
  return numericValue(x) !== undefined;
}

function numericValue(x: Expr): number | undefined {
  if (x.k === 'num') return x.v;
  if (x.k === 'un' && x.op === '-' && x.a.k === 'num') return -x.a.v;
  return undefined;
}

/**
 * df_dx, dfdx, dL_dw, d_loss_d_w, dloss_dw → (of, wrt); grad_w, w_grad, dw → (the output, w).
 * `wrt` must be an input; `of` an assigned name, else the primary output.
 */
export function parseClaimName(name: string, assigned: Set<string>, inputs: Set<string>, primary: string | undefined): { of: string; wrt: string; bare?: boolean } | undefined {
  if (!primary) return undefined;
  let m = /^(?:grad|gradient|g)_(\w+)$/.exec(name) ?? /^grad([A-Z]\w*)$/.exec(name);
  if (m) {
    if (inputs.has(m[1])) return { of: primary, wrt: m[1] };
    const two = /^([A-Za-z]\w*?)_(\w+)$/.exec(m[1]);
    if (two && inputs.has(two[2]) && (assigned.has(two[1]) || two[1] === primary)) return { of: two[1], wrt: two[2] };
    return undefined;
  }
  m = /^(\w+?)_grad$/.exec(name);
  if (m) return inputs.has(m[1]) ? { of: primary, wrt: m[1] } : undefined;
  if (!name.startsWith('d') || name.length < 2) return undefined;
  const rest = name.slice(1);
  let lenient: { of: string; wrt: string } | undefined;
  for (let j = 1; j < rest.length - 1; j++) {
    if (rest[j] !== 'd') continue;
    const of = rest.slice(0, j).replace(/^_+|_+$/g, '');
    const wrt = rest.slice(j + 1).replace(/^_+/, '');
    if (!of || !wrt || !inputs.has(wrt)) continue;
    if (rest[j - 1] !== '_' && /[a-z]/.test(rest[j - 1]) && /[a-z]/.test(of) && of.length > 1 && !assigned.has(of) && of !== primary) continue;
    if (assigned.has(of) || of === primary) return { of, wrt };
    lenient ??= { of: primary, wrt };
  }
  if (lenient) return lenient;
  const only = /^d_?([A-Za-z]\w*)$/.exec(name);
  if (only && inputs.has(only[1])) return { of: primary, wrt: only[1], bare: true };
  return undefined;
}

/** The end of s..e grown over the closing brackets its expression leaves open (`-(y/p - 1)` ends after `)`). */
function closeBrackets(source: string, s: number, e: number): number {
  let depth = 0;
  for (let i = s; i < e; i++) {
    if ('([{'.includes(source[i])) depth++;
    else if (')]}'.includes(source[i])) depth--;
  }
  let end = e;
  while (depth > 0) {
    let j = end;
    while (j < source.length && (source[j] === ' ' || source[j] === '\t')) j++;
    if (!')]}'.includes(source[j] ?? '')) break;
    end = j + 1;
    depth--;
  }
  return end;
}
