import type { MathNode } from 'mathjs';
import { errorAt, lineColumn, PartialsError, type Span } from './errors';
import { MathSyntaxBail, parseMathSyntax, type SNode } from './frontend/mathsyntax';
import { lookupFunction } from './functions';
import { Graph, type CompareOp, type NodeId } from './graph';
import { t } from './l10n';

/**
 * Lowering: a syntax tree → nodes of the one graph. The tree is the code and LaTeX front ends' own (built while they
 * print the program, spans in the user's text), or parsed here from text in mathjs syntax (plain math): by the
 * project's parser (mathsyntax.ts), or by mathjs's for what that parser leaves aside. A program is one expression or
 * several statements (`name = expr` lines or `;`-separated); reassignment is SSA (the name is rebound).
 */
export interface Assignment {
  name: string;
  node: NodeId;
  /** From the name to the end of the value, in the user's text (`Program.source`), whichever way the program came. */
  span: Span;
  /**
   * The variable nodes its text mentions, directly or through earlier assignments, in order of first mention —
   * including those that fold away (`0*w`, `w - w`), which the graph no longer reaches: they are still inputs.
   */
  mentions?: NodeId[];
}

export interface Program {
  graph: Graph;
  /** The text spans refer to (the user's text, before any front-end normalisation). */
  source: string;
  /** Every statement's result in order; a bare expression is named `f` (or `f2`, … when repeated). */
  assignments: Assignment[];
  /** Parameters of a function definition `f(x, y) = …`: the inputs, in their order. */
  params?: string[];
}

export interface LowerOptions {
  graph?: Graph;
  /** Maps an offset in the parsed text to an offset in `source` (front ends normalise text first). */
  mapOffset?: (offset: number) => number;
  /** The user's original text, for error positions and spans (default: the parsed text). */
  source?: string;
  limits?: Partial<SourceLimits>;
  /** Names that are variables even where the engine has a constant of that name (`e` in code is a variable). */
  variables?: ReadonlySet<string>;
  /**
   * The program's syntax tree from a front end (FrontEndResult.ast), spans already in `source`: lowered straight
   * into the graph instead of parsing `text` (which is still checked for size, nesting and invisible characters).
   */
  ast?: SNode;
}

export interface SourceLimits {
  maxLength: number;
  maxDepth: number;
}
// The project's parser, lowering, differentiation, printers and code generation use explicit stacks: depth costs
// memory only. 10 000 levels are a tested target; the limit stops runaway input, with the position it was crossed.
const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxLength: 1_000_000, maxDepth: 100_000 };

const CONSTANTS: Record<string, number> = { pi: Math.PI, PI: Math.PI, e: Math.E, E: Math.E, tau: 2 * Math.PI, phi: (1 + Math.sqrt(5)) / 2 };
const NUMBERS: Record<string, number> = { Infinity: Infinity, NaN: NaN, true: 1, false: 0 };
const BINARY: Record<string, 'add' | 'sub' | 'mul' | 'div' | 'pow' | CompareOp | 'and' | 'or'> = {
  add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', pow: 'pow',
  dotMultiply: 'mul', dotDivide: 'div', dotPow: 'pow',
  smaller: 'lt', smallerEq: 'le', larger: 'gt', largerEq: 'ge', equal: 'eq', unequal: 'ne', and: 'and', or: 'or',
};

/**
 * mathjs's `parse` alone, built on first use from its factory functions (the number-only build: no BigNumber,
 * Fraction, Complex, units or matrices). Importing `parse` from 'mathjs' would create every mathjs function when
 * the bundle loads (about 0.4 s and 70% of dist/extension.js). Required here rather than imported, so that
 * loading the engine (activating the extension, starting the CLI) does not even initialise mathjs's modules; the
 * first parse pays for them once (reading the 144 kB file and creating the parser: 15–30 ms). Constants in the AST are plain numbers either way (mathjs's default
 * config reads numbers as `number`). The bundles use a tree-shaken build of 'mathjs/number' (scripts/bundles.mjs).
 */
let mathjsParse: ((text: string) => MathNode) | undefined;
function parseWithMathjs(text: string): MathNode {
  if (!mathjsParse) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { create, parseDependencies } = require('mathjs/number') as typeof import('mathjs/number');
    mathjsParse = create({ parseDependencies }).parse as (text: string) => MathNode;
  }
  return mathjsParse(text);
}

/**
 * The name of an unnamed result: `f`, unless the text already uses that name (an input called `f` must not
 * collide with the output), then `g`, `h`, `F`, `out`, `result`, `f_out`.
 */
export function defaultOutputName(text: string): string {
  const used = new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return ['f', 'g', 'h', 'F', 'out', 'result', 'f_out'].find((n) => !used.has(n)) ?? 'f_out';
}

export function lowerProgram(original: string, options: LowerOptions = {}): Program {
  const source = options.source ?? original;
  // mathjs reads only \n as a line break: CRLF (Windows) and CR become ' \n' and '\n', same length, same offsets.
  // A byte-order mark is invisible noise at the start: a space keeps the offsets.
  const unmarked = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
  const text = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, (m) => (m.length === 2 ? ' \n' : '\n')) : unmarked;
  const mapOffset = options.mapOffset ?? ((i: number) => i);
  const limits = { ...DEFAULT_SOURCE_LIMITS, ...options.limits };
  // The user's own text is what is counted (front ends may lengthen it: `x**2` → `x^2`, `np.` dropped …).
  const userLength = options.source !== undefined ? source.length : text.length;
  if (userLength > limits.maxLength || text.length > 2 * limits.maxLength) {
    throw new PartialsError(t('The selection is too long ({0} characters; the limit is {1}).', userLength, limits.maxLength), 'limit');
  }
  checkNesting(text, limits.maxDepth, (i) => errorAt(source, { start: mapOffset(i), end: mapOffset(i) + 1 },
    t('Brackets are nested too deeply (more than {0} levels).', limits.maxDepth), 'limit'));
  // An invisible character elsewhere is an error that names it: it would split or join names unseen.
  const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/.exec(text);
  if (invisible) {
    const code = invisible[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const at = mapOffset(invisible.index);
    const pos = lineColumn(source, at);
    throw new PartialsError(t('The text contains an invisible character (U+{0}) at line {1}, column {2}: delete it.', code, pos.line, pos.column), 'parse', pos.line, pos.column, { start: at, end: at + 1 });
  }
  if (!text.replace(/;/g, ' ').trim()) throw new PartialsError(t('There is no expression: the text is empty.'), 'input');

  if (options.ast) {
    // The front end built the tree as it printed the text, with spans in the user's text: no parse, no offset map.
    return new Lowerer(text, source, (i) => i, options.graph ?? new Graph(), options.variables ?? new Set(), true, true).program(options.ast as unknown as MathNode);
  }
  let ast: MathNode;
  let exact = true;
  try {
    // The project's parser reads what the engine differentiates, with exact spans and no depth limit; mathjs's
    // parser reads the rest (its error messages, or nodes the lowering refuses by name).
    ast = parseMathSyntax(text) as unknown as MathNode;
  } catch (e) {
    if (!(e instanceof MathSyntaxBail)) throw e;
    exact = false;
    ast = parseFallback(text, e, source, mapOffset);
  }
  return new Lowerer(text, source, mapOffset, options.graph ?? new Graph(), options.variables ?? new Set(), exact).program(ast);
}

function parseFallback(text: string, bail: MathSyntaxBail, source: string, mapOffset: (i: number) => number): MathNode {
  try {
    return parseWithMathjs(text);
  } catch (e) {
    const err = e as Error & { char?: number };
    if (e instanceof RangeError) {
      // mathjs's recursive parser overflowed (hundreds of levels): say what the project's parser stopped at, and where.
      const at = mapOffset(Math.min(bail.at, text.length));
      const pos = lineColumn(source, at);
      throw new PartialsError(t('The expression is too deeply nested to parse {0} (line {1}, column {2}).', bail.reason, pos.line, pos.column), 'limit', pos.line, pos.column, { start: at, end: at + 1 });
    }
    // mathjs counts characters from 1
    const at = typeof err.char === 'number' ? Math.max(0, Math.min(err.char - 1, text.length)) : 0;
    const pos = lineColumn(source, mapOffset(at));
    const msg = (err.message || 'Syntax error').replace(/\s*\(char \d+\)$/, '');
    throw new PartialsError(t('{0} at line {1}, column {2}.', truncateQuoted(msg), pos.line, pos.column), 'parse', pos.line, pos.column,
      { start: mapOffset(at), end: mapOffset(at) + 1 });
  }
}

/** mathjs quotes the rest of the text in some messages ("Syntax error in part …"): never repeat 100 KB of it. */
export function truncateQuoted(msg: string, max = 60): string {
  return msg.replace(/"([^"]*)"/g, (m, inner: string) => (inner.length > max ? `"${inner.slice(0, max)}…"` : m));
}

function checkNesting(text: string, maxDepth: number, fail: (i: number) => Error): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > maxDepth) throw fail(i);
    } else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
}

/** Numbers and identifiers of the text, in order: leaves of the AST are matched to them for spans. */
interface Atom { text: string; start: number; end: number; kind: 'num' | 'id' }
const ATOM = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F][\w$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]*)/gu;

function atomsOf(text: string): Atom[] {
  const out: Atom[] = [];
  for (const m of text.matchAll(ATOM)) {
    out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length, kind: m[1] ? 'num' : 'id' });
  }
  return out;
}

class Lowerer {
  private atoms: Atom[];
  private next = 0;
  private spansOk = true;
  private readonly env = new Map<string, NodeId>();
  /** Variables mentioned by the statement being lowered, and by each name's current binding. */
  private mentions = new Set<NodeId>();
  private readonly envMentions = new Map<string, NodeId[]>();
  /** The value stack of `lower`: results of the nodes lowered whose parent is not built yet. */
  private readonly ids: NodeId[] = [];
  private readonly spans: Span[] = [];
  private readonly closers: Int32Array;

  constructor(
    private readonly text: string,
    private readonly source: string,
    private readonly mapOffset: (i: number) => number,
    private readonly g: Graph,
    private readonly variables: ReadonlySet<string>,
    /** The AST came from the project's parser: every node carries its exact span (`_span`). */
    private readonly exact = false,
    /** `mapOffset` is the identity (a front end's tree, spans in the user's text): spans are kept, not copied. */
    private readonly identity = false,
  ) {
    this.atoms = exact ? [] : atomsOf(text);
    this.closers = exact ? new Int32Array(0) : matchBrackets(text);
  }

  program(ast: MathNode): Program {
    // Empty statements (`;;`) parse as undefined constants: skip them.
    const statements: MathNode[] = (ast.type === 'BlockNode' ? (ast as any).blocks.map((b: any) => b.node) : [ast])
      .filter((st: any) => !(st.type === 'ConstantNode' && st.value === undefined));
    if (!statements.length) throw new PartialsError(t('There is no expression: the text is empty.'), 'input');
    const assignments: Assignment[] = [];
    let params: string[] | undefined;
    let anonymous = 0;
    for (const st of statements) {
      this.mentions = new Set();
      if (st.type === 'AssignmentNode') {
        const a = st as any;
        if (a.object.type !== 'SymbolNode' || a.index) throw this.unsupported(st, t('assignment to an indexed or member target'));
        const nameAtom = this.exact ? (a.object as SNode)._span : this.take(a.object.name, 'id');
        const value = this.lower(a.value);
        this.env.set(a.object.name, value.id);
        this.envMentions.set(a.object.name, [...this.mentions]);
        assignments.push({ name: a.object.name, node: value.id, span: this.mapped(this.join(nameAtom, value.span)), mentions: [...this.mentions] });
      } else if (st.type === 'FunctionAssignmentNode') {
        const f = st as any;
        const nameAtom = this.exact ? (f as SNode)._nameSpan : this.take(f.name, 'id');
        if (!this.exact) for (const p of f.params as string[]) this.take(p, 'id');
        if (params) throw this.unsupported(st, t('a second function definition'));
        params = [...f.params];
        const value = this.lower(f.expr);
        assignments.push({ name: f.name, node: value.id, span: this.mapped(this.join(nameAtom, value.span)), mentions: [...this.mentions] });
      } else {
        const value = this.lower(st);
        anonymous++;
        const base = defaultOutputName(this.text);
        assignments.push({ name: anonymous === 1 ? base : `${base}${anonymous}`, node: value.id, span: this.mapped(value.span), mentions: [...this.mentions] });
      }
    }
    return { graph: this.g, source: this.source, assignments, params };
  }

  /**
   * Post-order lowering with an explicit stack: a 100 000-term sum or 10 000 levels of nesting never touch the call
   * stack. Each node's result goes on a value stack (ids and spans side by side), where its parent finds its children's
   * results as the last ones pushed: no map from tree nodes to results, no object per node (issue #16).
   */
  private lower(root: MathNode): { id: NodeId; span: Span } {
    const nodes: MathNode[] = [root];
    const built: boolean[] = [false];
    const ids = this.ids;
    const spans = this.spans;
    const bottom = ids.length;
    while (nodes.length) {
      const node = nodes.pop()!;
      if (built.pop()) {
        const base = ids.length - this.children(node).length;
        const r = this.build(node, base);
        while (ids.length > base) { // (pops: setting the length is slower)
          ids.pop();
          spans.pop();
        }
        ids.push(r.id);
        spans.push(r.span);
        continue;
      }
      nodes.push(node);
      built.push(true);
      const kids = this.children(node);
      for (let i = kids.length - 1; i >= 0; i--) {
        nodes.push(kids[i]);
        built.push(false);
      }
      this.preVisit(node);
    }
    const result = { id: ids[bottom], span: spans[bottom] };
    ids.length = bottom;
    spans.length = bottom;
    return result;
  }

  private children(node: MathNode): MathNode[] {
    const n = node as any;
    switch (node.type) {
      case 'OperatorNode': return n.args;
      case 'FunctionNode': return n.args;
      case 'ParenthesisNode': return [n.content];
      case 'ConditionalNode': return [n.condition, n.trueExpr, n.falseExpr];
      default: return [];
    }
  }

  /** Leaves and function names consume their atom when first visited, which is source order. */
  private preVisit(node: MathNode): void {
    const n = node as any;
    if (this.exact) {
      // spans stand for atoms (only their start and end are read); a leaf's own span is its atom, read as `_span`
      // (not copied into a property of its own: adding one to each of 200 000 nodes reshaped every one of them)
      if (node.type === 'FunctionNode') n._nameAtom = (n as SNode)._nameSpan;
      return;
    }
    if (node.type === 'FunctionNode') {
      if (n.fn?.type !== 'SymbolNode') throw this.unsupported(node, t("calling '{0}' (member access)", safeString(n.fn)));
      n._nameAtom = this.take(n.fn.name, 'id');
    } else if (node.type === 'SymbolNode') n._atom = this.take(n.name, 'id');
    else if (node.type === 'ConstantNode') n._atom = this.take(String(n.value), 'num');
  }

  private take(name: string, kind: Atom['kind']): Atom | undefined {
    if (!this.spansOk) return undefined;
    const a = this.atoms[this.next];
    if (a && a.kind === kind && (kind === 'num' ? Number(a.text) === Number(name) : a.text === name)) {
      this.next++;
      return a;
    }
    this.spansOk = false; // the text and the AST disagree (exotic syntax): fall back to whole-text spans
    return undefined;
  }

  private spanOfAtom(a: Atom | undefined): Span {
    return a ? { start: a.start, end: a.end } : { start: 0, end: this.text.length };
  }

  private join(a: Atom | Span | undefined, b: Span): Span {
    const s = a ? { start: a.start, end: a.end } : b;
    return { start: Math.min(s.start, b.start), end: Math.max(s.end, b.end) };
  }

  private mapped(span: Span): Span {
    return { start: this.mapOffset(span.start), end: this.mapOffset(span.end) };
  }

  /** Node `node` into the graph, its children's results on the value stack from `base` on. */
  private build(node: MathNode, base: number): { id: NodeId; span: Span } {
    const n = node as any;
    const ids = this.ids;
    const count = ids.length - base;
    const exact: Span | undefined = this.exact ? (n as SNode)._span : undefined;
    let span: Span;
    if (exact) span = exact;
    else if (count) {
      let start = Infinity;
      let end = -Infinity;
      for (let i = base; i < ids.length; i++) {
        start = Math.min(start, this.spans[i].start);
        end = Math.max(end, this.spans[i].end);
      }
      span = { start, end };
    } else span = this.spanOfAtom(n._atom);
    const g = this.g;
    switch (node.type) {
      case 'ConstantNode': {
        if (typeof n.value !== 'number') throw this.unsupported(node, t('the {0} value {1}', typeof n.value, JSON.stringify(String(n.value))));
        this.at(span);
        return { id: g.num(n.value), span };
      }
      case 'SymbolNode': {
        this.at(span);
        const name: string = n.name;
        if (this.env.has(name)) {
          for (const v of this.envMentions.get(name)!) this.mentions.add(v);
          return { id: this.env.get(name)!, span };
        }
        // Own keys only: `constructor`, `toString`, `__proto__` … are ordinary variables.
        if (this.variables.has(name)) return { id: this.mention(g.variable(name)), span };
        if (Object.hasOwn(CONSTANTS, name)) return { id: g.constant(name.toLowerCase() === 'pi' ? 'pi' : name === 'E' ? 'e' : name, CONSTANTS[name]), span };
        if (Object.hasOwn(NUMBERS, name)) return { id: g.num(NUMBERS[name]), span };
        return { id: this.mention(g.variable(name)), span };
      }
      case 'ParenthesisNode': {
        if (!exact) span = this.widenToBrackets(span);
        return { id: ids[base], span };
      }
      case 'ConditionalNode':
        this.at(span);
        return { id: g.cond(ids[base], ids[base + 1], ids[base + 2]), span };
      case 'OperatorNode': {
        const fn: string = n.fn;
        if (count === 1) {
          if (!exact) span = this.widenToOperator(span);
          this.at(span);
          if (fn === 'unaryMinus') return { id: g.neg(ids[base]), span };
          if (fn === 'unaryPlus') return { id: ids[base], span };
          if (fn === 'not') return { id: g.logic('not', [ids[base]]), span };
        } else if (count === 2 && fn in BINARY) {
          this.at(span);
          const op = BINARY[fn];
          const a = ids[base];
          const b = ids[base + 1];
          switch (op) {
            case 'add': return { id: g.add(a, b), span };
            case 'sub': return { id: g.sub(a, b), span };
            case 'mul': return { id: g.mul(a, b), span };
            case 'div': return { id: g.div(a, b), span };
            case 'pow': return { id: g.pow(a, b), span };
            case 'and': case 'or': return { id: g.logic(op, [a, b]), span };
            default: return { id: g.compare(op, a, b), span };
          }
        }
        throw this.unsupported(node, t("the operator '{0}' ({1})", n.op, fn), span);
      }
      case 'FunctionNode': {
        const name: string = n.fn.name;
        if (!exact) span = this.callSpan(n._nameAtom, span);
        this.at(span);
        const def = lookupFunction(name);
        if (!def) {
          throw errorAt(this.source, this.mapped(this.spanOfAtom(n._nameAtom)),
            t("Unknown function '{0}' at {1}.", name, this.where(n._nameAtom)), 'unknown-function');
        }
        const args = ids.slice(base);
        if (args.length < def.minArgs || args.length > def.maxArgs) {
          const expected = def.minArgs === def.maxArgs ? `${def.minArgs}` : (def.maxArgs === Infinity ? t('at least {0}', def.minArgs) : t('{0} or {1}', def.minArgs, def.maxArgs));
          throw errorAt(this.source, this.mapped(span), (expected === '1' ? t('{0} takes {1} argument, got {2} at {3}.', def.name, expected, args.length, this.where(n._nameAtom)) : t('{0} takes {1} arguments, got {2} at {3}.', def.name, expected, args.length, this.where(n._nameAtom))), 'arity');
        }
        if (def.name === 'pow') return { id: g.pow(args[0], args[1]), span };
        // Fold calls on numbers when the result is a whole number (sqrt(4), log(1)); others stay symbolic.
        if (args.every((a) => g.isNum(a))) {
          const v = def.eval(args.map((a) => g.val[a]));
          if (Number.isInteger(v)) return { id: g.num(v), span };
        }
        return { id: g.fn(def.name, args), span };
      }
      case 'RelationalNode':
        throw this.unsupported(node, t('a chained comparison (write a < b and b < c)'));
      case 'AssignmentNode': case 'FunctionAssignmentNode':
        throw this.unsupported(node, t('an assignment inside an expression'));
      default:
        throw this.unsupported(node, describeNode(node));
    }
  }

  /** The span given to the nodes made next. The front end's tree has its spans in the user's text already: kept as they are. */
  private at(s: Span): void {
    this.g.currentSpan = this.identity ? s : this.mapped(s);
  }

  private mention(variable: NodeId): NodeId {
    this.mentions.add(variable);
    return variable;
  }

  private where(atom: Atom | undefined): string {
    const p = lineColumn(this.source, this.mapOffset(atom?.start ?? 0));
    return t('line {0}, column {1}', p.line, p.column);
  }

  private unsupported(node: MathNode, what: string, span?: Span): PartialsError {
    // (a node is refused before it is lowered: without a span given, the whole text)
    const s = span ?? { start: 0, end: this.text.length };
    const p = lineColumn(this.source, this.mapOffset(s.start));
    return new PartialsError(t('Partials cannot differentiate {0} (line {1}, column {2}).', what, p.line, p.column), 'unsupported', p.line, p.column, this.mapped(s));
  }

  /** A parenthesised span grows to include its brackets. */
  private widenToBrackets(span: Span): Span {
    let s = span.start - 1;
    while (s >= 0 && /\s/.test(this.text[s])) s--;
    if (s >= 0 && this.text[s] === '(' && this.closers[s] >= span.end) return { start: s, end: this.closers[s] + 1 };
    return span;
  }

  private widenToOperator(span: Span): Span {
    let s = span.start - 1;
    while (s >= 0 && /\s/.test(this.text[s])) s--;
    return s >= 0 && /[-+!]/.test(this.text[s]) ? { start: s, end: span.end } : span;
  }

  private callSpan(name: Atom | undefined, span: Span): Span {
    if (!name) return span;
    let s = name.end;
    while (s < this.text.length && /\s/.test(this.text[s])) s++;
    const end = this.text[s] === '(' && this.closers[s] > 0 ? this.closers[s] + 1 : span.end;
    return { start: name.start, end: Math.max(end, span.end) };
  }
}

function matchBrackets(text: string): Int32Array {
  const close = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') open.push(i);
    else if (c === ')' && open.length) close[open.pop()!] = i;
  }
  return close;
}

function describeNode(node: MathNode): string {
  switch (node.type) {
    case 'IndexNode': case 'AccessorNode': return t('indexing or member access');
    case 'ArrayNode': return t('a matrix or array literal');
    case 'ObjectNode': return t('an object literal');
    case 'RangeNode': return 'a range';
    default: return `a ${node.type.replace(/Node$/, '').toLowerCase()}`;
  }
}

function safeString(n: unknown): string {
  try {
    return (n as MathNode).toString();
  } catch {
    return '?';
  }
}
