import type { InspectResult } from '../api';
import { claimAgrees, verifyClaim } from '../check/claims';
import { samplePoints } from '../check/points';
import type { ClaimCheck } from '../check/types';
import * as diff from '../diff';
import { Displayer, type Disp } from '../display';
import { errorAt, lineColumn, PartialsError, rebasePosition, spanPosition, type Span } from '../errors';
import { branchTies, diagnose, evaluate, findingMask, type Point } from '../evaluate';
import { readSource } from '../frontend';
import { Graph, type NodeId } from '../graph';
import { defaultOutputName, lowerProgram, type Program } from '../lower';
import { choosePoint, type Model } from '../model';
import { MAX_OPS as NAMED_MAX_OPS, namedPartials } from '../named';
import { print } from '../print';
import { setOwn } from '../own';
import { parseDx, type DxExpr, type DxName, type DxParse, type DxStatement } from './parse';
import { shortNumber } from '../number';
import { t as l10n } from '../l10n';

/**
 * Meaning of a `.dx` scratch pad. Every statement is lowered into ONE shared graph; a definition's name is
 * replaced by its node in later statements (so `loss` shares every node with `z`), numbers give the point,
 * `wrt` picks the inputs, and claims are verified against the exact partial. A bad statement gets an error
 * and the rest of the file is still analysed.
 */

export interface DxForms {
  /** Plain text in mathjs syntax (valid `.dx` right-hand side). */
  expr: string;
  latex: string;
  /** Unicode pretty form for hovers. */
  text: string;
}

export interface DxPartial extends DxForms {
  wrt: string;
  value: number;
  /** False when the point is on a kink on this partial's path. */
  differentiable: boolean;
  nonSmooth?: string[];
}

export type DxSeverity = 'error' | 'warning' | 'info';

export interface DxFix {
  title: string;
  span: Span;
  text: string;
}

export interface DxDiagnostic {
  severity: DxSeverity;
  message: string;
  span: Span;
  /** 1-based, like PartialsError. */
  line: number;
  column: number;
  code: string;
  fix?: DxFix;
}

export type DxClaimResult = ClaimCheck & {
  /** The exact partial written with the names defined above (what the quick fix inserts). */
  correctNamed?: DxForms;
  /** The claimed value and the exact value at the point. */
  claimedValue?: number;
  exactValue?: number;
};

export interface DxResult {
  statement: DxStatement;
  /** `coordinate`: a name given a number (part of the point). */
  kind: 'coordinate' | 'define' | 'claim' | 'wrt' | 'expr' | 'error';
  /** 1-based line of the statement. */
  line: number;
  /** Defined name; for a claim, the output it is about. */
  name?: string;
  value?: number;
  /** The statement's node with earlier definitions substituted (define, expr, coordinate). */
  node?: NodeId;
  /** The statement's expression, displayed with earlier names kept. */
  expression?: DxForms;
  /** Partials with respect to every input the statement depends on, in input order. */
  partials: DxPartial[];
  claim?: DxClaimResult;
  /** Inputs this statement depends on. */
  inputs: string[];
  error?: PartialsError;
  warnings: string[];
  /**
   * Not analysed yet: the analysis's time budget (DxOptions.budgetMs) ran out before this block's partials or this
   * claim's verification (its value and inputs are there). A later analysis with the same DxCache goes on from here.
   */
  pending?: boolean;
}

export interface DxDefinition {
  name: string;
  /** With earlier definitions substituted: a function of the inputs and coordinates only. */
  node: NodeId;
  /** As written: earlier definitions appear as variables. */
  raw: NodeId;
  span: Span;
  line: number;
}

export interface DxAnalysis {
  text: string;
  parse: DxParse;
  graph: Graph;
  results: DxResult[];
  /** Inputs differentiated with respect to (the `wrt` list, else every free name not given a number). */
  inputs: string[];
  /** Names given numbers in the file. */
  coordinates: Record<string, number>;
  definitions: Map<string, DxDefinition>;
  /** The point: coordinates, user overrides, then deterministic defaults inside the domain. */
  point: Record<string, number>;
  pointSource: InspectResult['pointSource'];
  /** Whether the inputs come from a `wrt` statement. */
  explicitWrt: boolean;
  diagnostics: DxDiagnostic[];
  /** How many blocks and claims are pending (see DxResult.pending): 0 when the analysis is complete. */
  pending: number;
}

export interface DxOptions {
  /** Point values that override the file's numbers and the defaults. */
  at?: Record<string, number>;
  /** How many points a claim is compared at (default 6). */
  claimPoints?: number;
  /**
   * Milliseconds the blocks' partials and the claims' verification may take in this analysis (with a DxCache, a pad
   * too large for one budget is analysed over several calls; reading the statements, the point and the values is
   * linear and not counted). Past it, blocks and claims the cache does not hold are left pending (DxResult.pending);
   * at least one is analysed per call, so each call gets further. Without a budget everything is analysed.
   */
  budgetMs?: number;
}

/** Statements whose expanded expression is larger than this get partials through the names only. */
const MAX_EXPANDED_OPS = 3000;
/** …and once the shared graph is this large, no statement does (each expanded gradient adds nodes to it). */
const MAX_GRAPH_FOR_EXPANDED = 100_000;

/** A block's partials in names use at most this many definitions (else the chain through the names as written). */
const MAX_NAMES = 500;

/** Claims larger than this (exact partial + claim) are compared by values only. */
const MAX_PROOF_OPS = 300;

/** Names the lowerer reads as constants or numbers: defining them would be silently ignored. */
const BUILTIN_NAMES = new Set(['pi', 'PI', 'e', 'E', 'tau', 'phi', 'Infinity', 'NaN', 'true', 'false']);

interface Lowered {
  raw: NodeId;
  node: NodeId;
  /** Free variables of `node`. */
  vars: string[];
}

/**
 * Per-block results kept between analyses of a pad, so that editing one block re-analyses only that block and the
 * blocks whose context it changes. A block's entry is keyed by its content and everything its result depends on:
 * the structure of its expression with the definitions it uses (transitively, by their own content), its inputs,
 * the point's values of its variables; for a claim also the inputs, the whole point and where the claim is. What
 * a block's analysis builds — its partials (expanded and through the names), their forms and values, a claim's
 * verification — is reused on a hit; the rest of the pass (reading each statement, the inputs, the point, forward
 * values, kinks and warnings with their positions) is linear and runs every time, so results never depend on
 * what was analysed before. Keys are content, not documents: one cache may serve several pads.
 */
export class DxCache {
  /** Blocks whose partials were built, and claims verified, since the cache was made (what a hit saves). */
  readonly counts = { blocks: 0, claims: 0 };
  /** Structure → small integer, across analyses: equal ids are equal expressions (exact hash-consing, no collisions). */
  private readonly canon = new Map<string, number>();
  private readonly entries = new Map<string, { used: number; made: number; value: unknown }>();
  private generation = 0;

  /** Entries no analysis used in this many analyses are dropped. */
  static readonly KEEP_ANALYSES = 4;
  /**
   * A kept entry holds the graph of the analysis that made it (its forms print lazily). Past this many nodes in the
   * graphs held, or this many graphs, everything is dropped and the next analysis starts afresh. (A count of nodes,
   * not of graphs: a pad analysed in several steps under a budget holds the graph of each step, all of them needed.)
   */
  static readonly MAX_HELD_NODES = 1_000_000;
  static readonly MAX_GRAPHS = 32;
  static readonly MAX_CANON = 2_000_000;
  /** Nodes of each analysis's graph, by generation (for MAX_HELD_NODES). */
  private readonly graphNodes = new Map<number, number>();

  /** @internal */ begin(): void {
    this.generation++;
  }

  /** @internal */ id(key: string): number {
    let v = this.canon.get(key);
    if (v === undefined) {
      v = this.canon.size;
      this.canon.set(key, v);
    }
    return v;
  }

  /** @internal */ get<T>(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    e.used = this.generation;
    return e.value as T;
  }

  /** @internal */ set(key: string, value: unknown): void {
    this.entries.set(key, { used: this.generation, made: this.generation, value });
  }

  /** @internal `nodes`: the size of this analysis's graph. */
  end(nodes = 0): void {
    this.graphNodes.set(this.generation, nodes);
    const graphs = new Set<number>();
    for (const [k, e] of this.entries) {
      if (this.generation - e.used >= DxCache.KEEP_ANALYSES) this.entries.delete(k);
      else graphs.add(e.made);
    }
    let held = 0;
    for (const [gen, n] of this.graphNodes) {
      if (graphs.has(gen)) held += n;
      else this.graphNodes.delete(gen);
    }
    if (held > DxCache.MAX_HELD_NODES || graphs.size > DxCache.MAX_GRAPHS || this.canon.size > DxCache.MAX_CANON) this.clear();
  }

  /** Number of blocks and claims kept. */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.canon.clear();
    this.graphNodes.clear();
  }
}

/** What a define/expression block's analysis builds: reused while its key is unchanged. */
interface BlockEntry {
  expression: DxForms;
  partials: { value: number; forms: DxForms }[];
}

/** What the claims of one analysis share: the model without its output, and the parts of their keys alike for all. */
interface ClaimShared {
  model: Model;
  /** The model's inputs and constants and the point, as an id of the cache (DxCache.id). */
  context: string;
  /** The model's constants given numbers in the pad (they stay at their values when a claim is sampled). */
  numbered: string[];
}

/** What a claim's verification gives: reused while its key is unchanged. */
interface ClaimEntry {
  claim: DxClaimResult;
  value: number;
}

/**
 * Analyses a pad. With a `cache` (kept by the caller between versions of the pad), blocks whose content and
 * context did not change reuse their previous results (see DxCache); the analysis is the same either way.
 */
export function analyzeDx(text: string, options: DxOptions = {}, cache?: DxCache): DxAnalysis {
  cache?.begin();
  let nodes = 0;
  try {
    const a = new Analyzer(text, options, cache).run();
    nodes = a.graph.size;
    return a;
  } catch (e) {
    // A bug or a limit deep in the engine must not take the editor features down: report it on line 1.
    const message = e instanceof PartialsError ? e.message : l10n('Partials could not analyse this scratch pad: {0}', (e as Error)?.message ?? String(e));
    const span = { start: 0, end: Math.min(text.length, Math.max(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'))) };
    return {
      text, parse: parseDx(text), graph: new Graph(), results: [], inputs: [], coordinates: {}, definitions: new Map(), point: {}, pointSource: {},
      explicitWrt: false, diagnostics: [{ severity: 'error', message, span, line: 1, column: 1, code: e instanceof PartialsError ? e.code : 'internal' }],
      pending: 0,
    };
  } finally {
    cache?.end(nodes);
  }
}

/** Canonical ids of expressions as written (definitions' names stand for their own canonical ids), via a DxCache. */
class Canon {
  private readonly memo = new Map<NodeId, number>();
  constructor(private readonly cache: DxCache, private readonly g: Graph, private readonly defs: ReadonlyMap<string, DxDefinition>) {
    for (const d of defs.values()) this.of(d.raw); // in document order: a definition's names are done before it
  }

  of(root: NodeId): number {
    const g = this.g;
    const known = this.memo.get(root);
    if (known !== undefined) return known;
    for (const n of g.reachable([root])) {
      if (this.memo.has(n)) continue;
      const op = g.op[n];
      const def = op === 'var' ? this.defs.get(g.name[n]) : undefined;
      const key = def ? `d\u0001${g.name[n]}\u0001${this.of(def.raw)}`
        : `${op}\u0001${g.name[n]}\u0001${op === 'num' || op === 'const' ? String(g.val[n]) : ''}\u0001${g.args[n].map((a) => this.memo.get(a)!).join(',')}`;
      this.memo.set(n, this.cache.id(key));
    }
    return this.memo.get(root)!;
  }
}

class Analyzer {
  private readonly parsed: DxParse;
  private readonly g = new Graph();
  private readonly defs = new Map<string, DxDefinition>();
  private readonly coords = new Map<string, { value: number; line: number }>();
  /** Free variables of definitions and expressions, in order of first use, with the line of first use. */
  private readonly freeUse = new Map<string, number>();
  private readonly results: DxResult[] = [];
  private readonly lowered = new Map<DxResult, Lowered>();
  private readonly claimNodes = new Map<DxResult, Lowered>();
  /** Names whose definition has an error (so later uses are not reported as unknown names). */
  private readonly failed = new Map<string, number>();
  private wrt: { statement: DxStatement & { kind: 'wrt' }; result: DxResult } | undefined;

  private canon: Canon | undefined;
  /**
   * Budget bookkeeping: when the blocks' analysis started (reading the statements, the inputs, the point and the
   * values before it is linear and always done), and how many blocks and claims were analysed or left pending.
   */
  private started = now();
  private analysed = 0;
  private pendingCount = 0;

  constructor(private readonly text: string, private readonly options: DxOptions, private readonly cache?: DxCache) {
    this.parsed = parseDx(text);
  }

  /** Past the budget (and something analysed in this call already): leave the next block or claim pending. */
  private outOfTime(): boolean {
    const budget = this.options.budgetMs;
    return budget !== undefined && this.analysed > 0 && now() - this.started > budget;
  }


  run(): DxAnalysis {
    for (const st of this.parsed.statements) this.first(st);
    const inputs = this.chooseInputs();
    this.checkUnknownNames(inputs);
    const { point, source } = this.choosePoint(inputs);
    this.evaluateAll(inputs, point);
    const analysis: DxAnalysis = {
      text: this.text,
      parse: this.parsed,
      graph: this.g,
      results: this.results,
      inputs,
      coordinates: Object.fromEntries([...this.coords].map(([k, v]) => [k, v.value])),
      definitions: this.defs,
      point,
      pointSource: source,
      explicitWrt: !!this.wrt,
      diagnostics: [],
      pending: this.pendingCount,
    };
    analysis.diagnostics = diagnosticsOf(analysis);
    return analysis;
  }

  /** Offsets where each line starts (the line of every statement, without rescanning the text from its start). */
  private lineStarts: number[] | undefined;

  private lineOf(span: Span): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= span.start) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private fail(r: DxResult, e: unknown): void {
    if (!(e instanceof PartialsError)) throw e;
    r.kind = 'error';
    r.error = e;
  }

  // ---- pass 1: read every statement in order ------------------------------------------------------

  private first(st: DxStatement): void {
    const r: DxResult = { statement: st, kind: st.kind === 'define' ? 'define' : st.kind, line: this.lineOf(st.span), partials: [], inputs: [], warnings: [] };
    this.results.push(r);
    try {
      switch (st.kind) {
        case 'error': r.error = st.error; break;
        case 'wrt':
          if (this.wrt) throw errorAt(this.text, st.span, l10n('wrt is already given on line {0}: list every input there.', this.wrt.result.line), 'input');
          this.wrt = { statement: st, result: r };
          break;
        case 'define': this.define(r, st); break;
        case 'expr': {
          const l = this.lowerExpr(st.rhs);
          this.noteFree(l, r.line);
          this.lowered.set(r, l);
          break;
        }
        case 'claim': this.readClaim(r, st); break;
      }
    } catch (e) {
      this.fail(r, e);
      if (st.kind === 'define' && !this.defs.has(st.name.name) && !this.coords.has(st.name.name)) this.failed.set(st.name.name, st.span.start);
    }
  }

  private define(r: DxResult, st: DxStatement & { kind: 'define' }): void {
    const name = st.name.name;
    r.name = name;
    if (BUILTIN_NAMES.has(name)) throw errorAt(this.text, st.name.span, l10n("'{0}' is a built-in constant and cannot be redefined.", name), 'input');
    const before = this.defs.get(name)?.line ?? this.coords.get(name)?.line;
    if (before !== undefined) throw errorAt(this.text, st.name.span, l10n("'{0}' is already defined on line {1}: use a new name.", name, before), 'input');
    const l = this.lowerExpr(st.rhs);
    if (l.vars.includes(name)) throw errorAt(this.text, st.rhs.span, l10n("'{0}' is defined in terms of itself.", name), 'input');
    if (l.vars.length === 0) {
      // A number (or a constant expression): a coordinate of the point, not a definition.
      const value = evaluate(this.g, [l.node], {})[l.node];
      if (!Number.isFinite(value)) throw errorAt(this.text, st.rhs.span, l10n('{0} = {1}: a coordinate of the point must be a finite number.', name, value), 'input');
      r.kind = 'coordinate';
      r.value = value;
      this.coords.set(name, { value, line: r.line });
      return;
    }
    const usedAt = this.freeUse.get(name);
    if (usedAt !== undefined) {
      throw errorAt(this.text, st.name.span, l10n("'{0}' is used on line {1} before it is defined here: move this definition above its first use.", name, usedAt), 'input');
    }
    this.noteFree(l, r.line);
    this.lowered.set(r, l);
    this.defs.set(name, { name, node: l.node, raw: l.raw, span: st.span, line: r.line });
  }

  private readClaim(r: DxResult, st: DxStatement & { kind: 'claim' }): void {
    r.name = st.of.name;
    const of = st.of.name;
    const wrt = st.wrt.name;
    if (!this.defs.has(of)) {
      const why = (this.coords.has(of) ? l10n("'{0}' is given a number on line {1}; a claim is about a defined expression", of, this.coords.get(of)!.line) : l10n("'{0}' is not defined above this claim", of));
      throw errorAt(this.text, st.of.span, this.defs.size ? l10n('{0} (defined: {1}).', why, [...this.defs.keys()].join(', ')) : l10n('{0} (defined: nothing yet).', why), 'input');
    }
    if (this.defs.has(wrt)) {
      throw errorAt(this.text, st.wrt.span, l10n("'{0}' is defined on line {1} as an expression: a claim differentiates with respect to an input (a name that is not defined, or is given a number).", wrt, this.defs.get(wrt)!.line), 'input');
    }
    const l = this.lowerExpr(st.rhs);
    this.claimNodes.set(r, l);
  }

  private noteFree(l: Lowered, line: number): void {
    for (const v of l.vars) if (!this.freeUse.has(v)) this.freeUse.set(v, line);
  }

  /** Lowers a right-hand side into the shared graph and substitutes earlier definitions. */
  private lowerExpr(e: DxExpr): Lowered {
    const g = this.g;
    let text = e.text;
    let map = (i: number) => e.span.start + i;
    if (e.latex) {
      const fe = this.readLatex(e);
      text = fe.text;
      map = (i: number) => e.span.start + fe.mapOffset(i);
    }
    const saved = g.currentSpan;
    let program: Program;
    try {
      program = lowerProgram(text, { graph: g, source: this.text, mapOffset: map });
    } finally {
      g.currentSpan = saved;
    }
    if (program.assignments.length !== 1 || program.params || program.assignments[0].name !== defaultOutputName(text)) {
      throw errorAt(this.text, e.span, l10n("Write one expression here (statements are separated by ';' or new lines): '{0}'.", e.text), 'parse');
    }
    const raw = program.assignments[0].node;
    const node = this.substitute(raw);
    return { raw, node, vars: this.variablesOf(node) };
  }

  /** Per node lowered here (definitions' substituted into later statements), the variable nodes it reaches. */
  private readonly varNodes = new Map<NodeId, readonly NodeId[]>();

  /**
   * Graph.variables([node]) (the same names in the same order), walking down only to nodes whose variables are known:
   * a definition's node is inside every later statement that uses it, and each walk went down the whole chain below
   * it (a 3 000-line chain: quadratic, 3 s of each analysis step).
   */
  private variablesOf(node: NodeId): string[] {
    const g = this.g;
    const found = new Set<NodeId>();
    const seen = new Set<NodeId>();
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const known = this.varNodes.get(n);
      if (known) for (const v of known) found.add(v);
      else if (g.op[n] === 'var') found.add(n);
      else for (const a of g.args[n]) if (!seen.has(a)) stack.push(a);
    }
    const vars = g.inSourceOrder([...found]);
    this.varNodes.set(node, vars);
    return vars.map((n) => g.name[n]);
  }

  private readLatex(e: DxExpr): { text: string; mapOffset: (i: number) => number } {
    let fe;
    try {
      fe = readSource(e.text, 'latex');
    } catch (err) {
      if (!(err instanceof PartialsError)) throw err;
      // The front end placed the error in the LaTeX alone: move it to the document.
      const at = err.span ? e.span.start + err.span.start : e.span.start + (err.line === 1 ? err.column - 1 : 0);
      const p = lineColumn(this.text, at);
      const message = rebasePosition(err.message, () => p);
      throw new PartialsError(message, err.code, p.line, p.column, { start: at, end: at + Math.max(1, (err.span?.end ?? 0) - (err.span?.start ?? 0)) });
    }
    if (fe.language !== 'latex') {
      throw errorAt(this.text, e.outer, l10n('LaTeX inside $…$ needs the LaTeX front end, which this build does not have: write the expression in plain math.'), 'unsupported');
    }
    // The front end names a bare formula (`f = …`); here the name is on the left of the .dx statement.
    const named = /^\s*f\s*=(?!=)\s*/.exec(fe.text);
    if (named && !/(?<![<>!=])=(?!=)/.test(e.text)) {
      const cut = named[0].length;
      const map = fe.mapOffset;
      return { text: fe.text.slice(cut), mapOffset: (i: number) => map(i + cut) };
    }
    return fe;
  }

  /** Replaces variables named after definitions by the definitions' nodes (spans kept). */
  private substitute(root: NodeId): NodeId {
    const g = this.g;
    const map = new Map<NodeId, NodeId>();
    const saved = g.currentSpan;
    try {
      for (const n of g.reachable([root])) {
        if (g.op[n] === 'var') {
          map.set(n, this.defs.get(g.name[n])?.node ?? n);
          continue;
        }
        const args = g.args[n].map((a) => map.get(a)!);
        if (args.every((a, i) => a === g.args[n][i])) map.set(n, n);
        else {
          g.currentSpan = g.span[n];
          map.set(n, g.make(g.op[n], args, g.name[n], g.val[n]));
        }
      }
    } finally {
      g.currentSpan = saved;
    }
    return map.get(root)!;
  }

  // ---- inputs and names ---------------------------------------------------------------------------

  private chooseInputs(): string[] {
    if (!this.wrt) return [...this.freeUse.keys()].filter((v) => !this.coords.has(v) && !this.failed.has(v));
    const { statement, result } = this.wrt;
    const inputs: string[] = [];
    const problems: string[] = [];
    let firstBad: DxName | undefined;
    for (const n of statement.names) {
      if (this.defs.has(n.name)) {
        problems.push(l10n("'{0}' is defined on line {1} as an expression, not an input", n.name, this.defs.get(n.name)!.line));
      } else if (!this.freeUse.has(n.name) && !this.coords.has(n.name)) {
        problems.push(l10n("'{0}' is an unknown name: no expression uses it", n.name));
      } else {
        inputs.push(n.name);
        continue;
      }
      firstBad ??= n;
    }
    if (firstBad) {
      result.kind = 'error';
      result.error = errorAt(this.text, firstBad.span, `${problems.join('; ')}.`, 'input');
    }
    return inputs;
  }

  /** With `wrt`, every free name must be an input or given a number: anything else is a typo. */
  private checkUnknownNames(inputs: string[]): void {
    if (this.wrt?.result.kind === 'error') return; // one error at the broken wrt, not one per statement
    const known = (v: string) => inputs.includes(v) || this.coords.has(v);
    const variables = new Set([...this.freeUse.keys(), ...this.coords.keys()]);
    for (const r of this.results) {
      if (r.kind === 'error') continue;
      const l = this.lowered.get(r);
      const c = this.claimNodes.get(r);
      const st = r.statement;
      const vars = l?.vars ?? c?.vars ?? [];
      const broken = vars.find((v) => (this.failed.get(v) ?? Infinity) < st.span.start);
      if (broken) {
        const line = lineColumn(this.text, this.failed.get(broken)!).line;
        this.fail(r, errorAt(this.text, this.findName(st, broken), l10n("'{0}' has no value: its definition on line {1} has an error.", broken, line), 'input'));
        continue;
      }
      if (st.kind === 'claim' && !variables.has(st.wrt.name)) {
        this.fail(r, errorAt(this.text, st.wrt.span, l10n("Unknown name '{0}': no expression uses it, so there is nothing to differentiate with respect to.", st.wrt.name), 'input'));
        continue;
      }
      let unknown: string[] = [];
      if (l && this.wrt) unknown = l.vars.filter((v) => !known(v));
      if (c) unknown = c.vars.filter((v) => !variables.has(v));
      if (!unknown.length) continue;
      const name = unknown[0];
      const where = this.findName(st, name);
      const hint = (c ? l10n('it is not defined above and no expression uses it') : l10n('it is not defined above, not given a number, and not listed after wrt'));
      this.fail(r, errorAt(this.text, where, (unknown.length > 1 ? l10n('Unknown names {0}: {1}.', unknown.map((u) => `'${u}'`).join(', '), hint) : l10n('Unknown name {0}: {1}.', unknown.map((u) => `'${u}'`).join(', '), hint)), 'input'));
    }
  }

  private findName(st: DxStatement, name: string): Span {
    const rhs = 'rhs' in st ? st.rhs : undefined;
    if (!rhs) return st.span;
    const m = new RegExp(`(?<![A-Za-z0-9_\\u0370-\\u03FF\\\\])${name}(?![A-Za-z0-9_\\u0370-\\u03FF])`, 'u').exec(rhs.text);
    return m ? { start: rhs.span.start + m.index, end: rhs.span.start + m.index + name.length } : rhs.span;
  }

  // ---- the point and the results ------------------------------------------------------------------

  private model(inputs: string[], outputs: { name: string; node: NodeId }[]): Model {
    const defs = [...this.defs.values()];
    const variables = new Set([...this.freeUse.keys(), ...this.coords.keys()]);
    const taken = new Set(inputs);
    return {
      language: 'dx',
      program: { graph: this.g, source: this.text, assignments: defs.map((d) => ({ name: d.name, node: d.node, span: d.span })) },
      graph: this.g,
      outputs,
      inputs,
      constants: [...variables].filter((v) => !taken.has(v)),
      claims: [],
      adjointClaims: [],
      documentValues: Object.fromEntries([...this.coords].map(([k, v]) => [k, v.value])),
    };
  }

  private choosePoint(inputs: string[]): { point: Record<string, number>; source: InspectResult['pointSource'] } {
    const outputs: { name: string; node: NodeId }[] = [];
    for (const r of this.results) {
      const l = this.lowered.get(r);
      if (l && r.kind !== 'error') outputs.push({ name: r.name ?? `line ${r.line}`, node: l.node });
    }
    const model = this.model(inputs, outputs);
    const { point, source } = choosePoint(model, this.options.at ?? {});
    return { point, source };
  }

  private evaluateAll(inputs: string[], point: Record<string, number>): void {
    const g = this.g;
    this.started = now();
    const live = this.results.filter((r) => r.kind !== 'error' && this.lowered.has(r));
    const inputNodes = inputs.map((v) => g.variable(v));
    const named = new NamedPartials(g, this.defs);
    const cache = this.cache;
    if (cache) this.canon = new Canon(cache, g, this.defs);
    const roots: NodeId[] = [];
    const shownRoots: NodeId[] = [];
    // Which statements also get the expanded partial: decided from the text alone (the graph as read, and the sizes
    // of the statements before), never from what earlier analyses left in the cache, so a block's key and result
    // are the same whether it is analysed in one analysis or in several steps.
    const readSize = g.size;
    let expandedOps = 0;
    const plan = live.map((r) => {
      const l = this.lowered.get(r)!;
      const deps = inputs.filter((v) => l.vars.includes(v));
      // The chain rule through the names (`shown`) gives every partial in time linear in the pad; the partial of
      // the expanded expression is built too when it is small, as an independent cross-check.
      const ops = readSize < MAX_GRAPH_FOR_EXPANDED ? g.opsUpTo([l.node], MAX_EXPANDED_OPS) : Infinity;
      const expanded = ops <= MAX_EXPANDED_OPS && readSize + expandedOps + ops < MAX_GRAPH_FOR_EXPANDED;
      if (expanded) expandedOps += ops;
      roots.push(l.node);
      const key = this.canon ? ['b', r.kind, r.name ?? '', this.canon.of(l.raw), deps.join(','), expanded ? 1 : 0,
        l.vars.map((v) => `${v}=${point[v]}`).join(',')].join('\u0002') : undefined;
      const hit = key !== undefined ? cache!.get<BlockEntry>(key) : undefined;
      if (hit) return { r, l, deps, exact: [], shown: [], hit };
      if (this.outOfTime()) {
        this.pendingCount++;
        return { r, l, deps, exact: [], shown: [], pending: true };
      }
      this.analysed++;
      if (cache) cache.counts.blocks++;
      const exact = expanded ? diff.gradient(g, l.node, deps.map((v) => g.variable(v))) : [];
      const shown = deps.map((v) => named.of(l.raw, v));
      roots.push(...exact);
      shownRoots.push(l.raw, ...shown);
      return { r, l, deps, exact, shown, key };
    });
    // Named forms mention defined names: evaluate them with each definition's value in the point.
    const defNodes = [...this.defs.values()].map((d) => d.node);
    const values = evaluate(g, [...roots, ...defNodes, ...inputNodes], point);
    const namedPoint: Record<string, number> = { ...point };
    for (const d of this.defs.values()) setOwn(namedPoint, d.name, values[d.node]);
    const namedValues = evaluate(g, shownRoots, namedPoint);
    // One pass finds where the findings are; each statement's diagnosis then walks only the paths to them.
    const mask = findingMask(g, values);
    for (const { r, l, deps, exact, shown, hit, key, pending } of plan) {
      r.node = l.node;
      r.value = values[l.node];
      r.inputs = deps;
      const found = diagnose(g, l.node, values, mask);
      const kinks = [...found.kinks, ...branchTies(g, l.node, values, mask)];
      const smoothness = (v: string) => {
        const xNode = g.variable(v);
        return kinks.filter((k) => g.reachable([k.node]).includes(xNode)).map((k) => `${k.op}: ${k.reason}${this.at(k.span)}`);
      };
      if (pending) r.pending = true;
      else if (hit) {
        r.expression = hit.expression;
        deps.forEach((v, i) => r.partials.push(partial(v, hit.partials[i].value, hit.partials[i].forms, smoothness(v))));
      } else {
        // one displayer per statement: whether to simplify depends on the size of what is shown
        const displayer = lazy(() => new Displayer(g, [l.raw, ...shown]));
        r.expression = forms(displayer, l.raw);
        const kept: BlockEntry = { expression: r.expression, partials: [] };
        const agrees = deps.map((_v, i) => exact.length === 0 || sameValue(namedValues[shown[i]], values[exact[i]]));
        const idioms = exact.length ? this.idiomForms(r, l, deps, exact, point, (i) => displayer().of(agrees[i] ? shown[i] : exact[i])) : [];
        deps.forEach((v, i) => {
          // The named form must agree with the exact partial; if display lost something, show the exact one.
          const shownForms = idioms[i] ?? forms(displayer, agrees[i] ? shown[i] : exact[i]);
          const value = exact.length ? values[exact[i]] : namedValues[shown[i]];
          kept.partials.push({ value, forms: shownForms });
          r.partials.push(partial(v, value, shownForms, smoothness(v)));
        });
        if (key !== undefined) this.cache!.set(key, kept);
      }
      if (!Number.isFinite(r.value)) {
        const why = [...found.undefinedAt, ...found.overflowAt][0];
        r.warnings.push((why ? why.reason + this.at(why.span) : l10n('The value is not a finite number at this point.')));
      }
    }
    if (!this.claimNodes.size) return;
    // What every claim's model and key share, made once: per claim it was linear in the pad's names (a pad of
    // 1 500 claims over 3 000 names spent 14 s of each analysis step here, before any claim was verified).
    const model = this.model(inputs, []);
    // (the inputs, constants and point in each key as one small id: per claim, hashing them took seconds)
    const context = this.cache ? this.cache.id(['claims', model.inputs.join(','), model.constants.join(','), JSON.stringify(point)].join('\u0002')) : 0;
    const shared: ClaimShared = { model, context: `k${context}`, numbered: model.constants.filter((v) => this.coords.has(v)) };
    for (const [r, c] of this.claimNodes) if (r.kind !== 'error') this.verify(r, c, shared, point, named);
  }

  /**
   * The partials of a block in the names it uses, as `inspect` writes them (named/): the idioms that define a name
   * recognised (σ, softplus, tanh, softmax) and the derivative rules stated in terms of the output (σ′ = σ(1 − σ),
   * tanh′ = 1 − tanh²), simplified over the names, so that `loss` over `p = 1/(1 + exp(−z))` reads x (p − y). Only the
   * definitions the block uses (transitively, by name) are names here: exactly what the block's cache key covers.
   * Each form is checked against the exact partial by named/; where there is none (over budget, failed check) or
   * `shown` (the chain rule through the names as written) reads shorter, that one stays.
   */
  private idiomForms(r: DxResult, l: Lowered, deps: string[], exact: NodeId[], point: Record<string, number>, shown: (i: number) => Disp): (DxForms | undefined)[] {
    const g = this.g;
    if (g.opsUpTo([l.node], NAMED_MAX_OPS) > NAMED_MAX_OPS) return [];
    // The definitions used, by name, transitively (each one's node is inside this block's ≤ NAMED_MAX_OPS operations;
    // only a chain of plain aliases could make many of them, and that stops at MAX_NAMES).
    const names = new Set<string>();
    const stack = [l.raw];
    while (stack.length) {
      for (const v of g.variables([stack.pop()!])) {
        const d = this.defs.get(v);
        if (!d || names.has(v)) continue;
        if (names.size >= MAX_NAMES) return [];
        names.add(v);
        stack.push(d.raw);
      }
    }
    if (!names.size) return [];
    const used = [...names].map((u) => this.defs.get(u)!);
    const taken = new Set([...l.vars, ...used.map((d) => d.name)]);
    let name = r.kind === 'define' && r.name ? r.name : 'f';
    for (let k = 1; taken.has(name); k++) name = `f${k}`;
    const byNode = new Map(exact.map((n, i) => [n, i]));
    const res = namedPartials({
      g, assignments: used.sort((a, b) => a.line - b.line).map((d) => ({ name: d.name, node: d.node })),
      outputs: [{ name, node: l.node }], inputs: deps, constants: l.vars.filter((v) => !deps.includes(v)), point, grads: [exact],
      expanded: (n) => shown(byNode.get(n)!),
    });
    return deps.map((_v, i) => {
      const p = res.partials[0]?.[i];
      return p ? { expr: p.named.expr, latex: p.named.latex, text: p.named.text } : undefined;
    });
  }

  private verify(r: DxResult, c: Lowered, shared: ClaimShared, point: Record<string, number>, named: NamedPartials): void {
    const st = r.statement as DxStatement & { kind: 'claim' };
    const of = st.of.name;
    const wrt = st.wrt.name;
    const g = this.g;
    const def = this.defs.get(of)!;
    const model: Model = { ...shared.model, outputs: [{ name: of, node: def.node }] };
    const claimText = st.rhs.latex ? this.readLatex(st.rhs).text : st.rhs.text;
    // Names given numbers stay at their values; a claim that is a plain number is compared at the point only.
    const fixed = c.vars.length === 0 ? [...model.inputs, ...model.constants] : shared.numbered.filter((v) => v !== wrt);
    let check: ClaimCheck;
    const varying = () => {
      const held = new Set(fixed);
      return [...model.inputs, ...model.constants].filter((v) => !held.has(v));
    };
    const label = this.text.slice(st.span.start, st.span.end);
    // A claim's verification depends on the whole point (the points it samples vary every input); not on where the
    // claim is, except for a claim that could not be compared (its error has a line), which is never kept.
    const key = this.canon ? ['c', label, claimText, of, wrt, this.canon.of(def.raw), this.canon.of(c.raw), shared.context,
      fixed.join(','), this.options.claimPoints ?? 6].join('\u0002') : undefined;
    const hit = key !== undefined ? this.cache!.get<ClaimEntry>(key) : undefined;
    if (hit) {
      this.claimDone(r, hit.claim, hit.value);
      return;
    }
    if (this.outOfTime()) {
      this.pendingCount++;
      r.pending = true;
      return;
    }
    this.analysed++;
    if (this.cache) this.cache.counts.claims++;
    const samplePoint = { ...point };
    const pos = lineColumn(this.text, st.rhs.span.start);
    const exactNode = diff.gradient(g, def.node, [g.variable(wrt)])[0];
    if (g.countOps([exactNode, c.node]) > MAX_PROOF_OPS) {
      // Too large to attempt a symbolic proof while typing: compare by values only.
      check = numericClaimCheck(g, def.node, c.node, of, wrt, samplePoint, varying(), this.options.claimPoints ?? 6, label, claimText);
      check.details.push(l10n('Too large (more than {0} operations) to attempt a symbolic proof.', MAX_PROOF_OPS));
    } else {
      try {
        check = verifyClaim(model, { of, wrt, expr: claimText, label, exprLine: pos.line, exprColumn: pos.column },
          { point: samplePoint, fixed, count: this.options.claimPoints ?? 6 });
      } catch (e) {
        if (e instanceof PartialsError) {
          this.fail(r, e);
          return;
        }
        // The verifier broke on this input (e.g. a huge symbolic expansion): compare by values here instead.
        check = numericClaimCheck(g, def.node, c.node, of, wrt, samplePoint, varying(), this.options.claimPoints ?? 6, label, claimText);
      }
    }
    const result: DxClaimResult = check;
    const exact = exactNode;
    const shown = named.of(def.raw, wrt);
    const values = evaluate(g, [exact, c.node], samplePoint);
    result.claimedValue = values[c.node];
    result.exactValue = values[exact];
    const namedPoint: Record<string, number> = { ...samplePoint };
    // (the definitions `shown` names, not every one in the pad: per claim that was linear in the pad)
    const usedDefs = g.variables([shown]).flatMap((v) => this.defs.get(v) ?? []);
    const defValues = evaluate(g, usedDefs.map((d) => d.node), samplePoint);
    for (const d of usedDefs) setOwn(namedPoint, d.name, defValues[d.node]);
    const nv = evaluate(g, [shown], namedPoint)[shown];
    const displayer = lazy(() => new Displayer(g, [shown, exact]));
    // The definition's own partial as its block shows it (in names, with the idioms), else the chain through the names.
    const block = this.results.find((x) => x.kind === 'define' && x.name === of)?.partials.find((p) => p.wrt === wrt);
    result.correctNamed = block ? withForms({}, block) : forms(displayer, sameValue(nv, values[exact]) ? shown : exact);
    if (key !== undefined && result.result !== 'error') this.cache!.set(key, { claim: result, value: values[c.node] } satisfies ClaimEntry);
    this.claimDone(r, result, values[c.node]);
  }

  private claimDone(r: DxResult, result: DxClaimResult, value: number): void {
    r.claim = result;
    r.value = value;
    if (result.result === 'error') {
      r.warnings.push(result.error?.message ?? l10n('The claim could not be compared at any point.'));
    }
  }

  private at(span: Span | undefined): string {
    return spanPosition(this.text, span);
  }
}

/** A partial of a statement: its value and forms, and where it is not differentiable (positions in this version). */
function partial(wrt: string, value: number, f: DxForms, nonSmooth: string[]): DxPartial {
  const p: DxPartial = withForms({ wrt, value, differentiable: nonSmooth.length === 0 }, f);
  if (nonSmooth.length) p.nonSmooth = nonSmooth;
  return p;
}

/** Claim verification by values alone: the fallback when the shared verifier cannot run. */
function numericClaimCheck(g: Graph, out: NodeId, claimed: NodeId, of: string, wrt: string, point: Record<string, number>, vary: string[],
  count: number, label: string, expr: string): ClaimCheck {
  const exact = diff.gradient(g, out, [g.variable(wrt)])[0];
  const roots = [out, exact, claimed];
  const accept = (p: Point) => {
    const v = evaluate(g, roots, p);
    return Number.isFinite(v[out]) && Number.isFinite(v[exact]);
  };
  const disp = new Displayer(g, [exact]).of(exact);
  const result: ClaimCheck = {
    label, of, wrt, claimed: expr, result: 'holds', correct: print(disp, 'plain'), correctLatex: print(disp, 'latex'), correctText: print(disp, 'unicode'),
    points: [], failures: [], details: [],
  };
  for (const p of samplePoints(point, vary, count, accept)) {
    const v = evaluate(g, roots, p);
    const cp = { point: { ...p }, claimed: Number.isFinite(v[claimed]) ? v[claimed] : null, exact: Number.isFinite(v[exact]) ? v[exact] : null, ok: claimAgrees(v[claimed], v[exact]) };
    result.points.push(cp);
    if (!cp.ok) result.failures.push(cp);
  }
  if (result.failures.length) {
    result.result = 'wrong';
    result.details.push(l10n('Differs from the exact partial at {0} of {1} points.', result.failures.length, result.points.length));
  } else if (!result.points.length) {
    result.result = 'error';
    result.details.push(l10n('No point inside the domain was found to compare the claim at.'));
  } else {
    result.proof = 'numeric';
    result.details.push(l10n('Agrees with the exact partial at {0} point(s) — checked numerically.', result.points.length));
  }
  return result;
}

/** Milliseconds, for the budget (performance exists in Node, in workers and in browsers). */
const now = (): number => performance.now();

const sameValue = (a: number, b: number): boolean =>
  Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 + 1e-7 * Math.max(Math.abs(a), Math.abs(b));

/**
 * The three printed forms of a node, printed on first use: a long scratch pad has hundreds of partials and the
 * editor shows only a few of them as text (lens titles need values only).
 */
function forms(d: () => Displayer, n: NodeId): DxForms {
  const cache: Partial<DxForms> = {};
  const out = {} as DxForms;
  for (const style of ['expr', 'latex', 'text'] as const) {
    Object.defineProperty(out, style, {
      enumerable: true,
      configurable: true,
      get: () => (cache[style] ??= print(d().of(n), style === 'expr' ? 'plain' : style === 'latex' ? 'latex' : 'unicode')),
    });
  }
  return out;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Copies lazily printed forms onto a result object without printing them. */
function withForms<T extends object>(target: T, f: DxForms): T & DxForms {
  for (const k of ['expr', 'latex', 'text'] as const) Object.defineProperty(target, k, Object.getOwnPropertyDescriptor(f, k)!);
  return target as T & DxForms;
}

/**
 * ∂(statement)/∂input written with the names defined above: the chain rule through each definition,
 * d raw/dv · d v/d input, keeping `z` instead of expanding it — what a person writes on a scratch pad.
 */
class NamedPartials {
  private readonly totals = new Map<string, NodeId>();

  constructor(private readonly g: Graph, private readonly defs: ReadonlyMap<string, DxDefinition>) {}

  of(raw: NodeId, input: string): NodeId {
    const g = this.g;
    const vars = g.variables([raw]);
    const grads = diff.gradient(g, raw, vars.map((v) => g.variable(v)));
    let total = g.num(0);
    vars.forEach((v, i) => {
      const dv = v === input ? g.num(1) : this.defs.has(v) ? this.total(v, input) : g.num(0);
      total = g.add(total, g.mul(grads[i], dv));
    });
    return total;
  }

  private total(name: string, input: string): NodeId {
    const key = `${name}\u0000${input}`;
    let t = this.totals.get(key);
    if (t === undefined) {
      t = this.of(this.defs.get(name)!.raw, input);
      this.totals.set(key, t);
    }
    return t;
  }
}

// ---- diagnostics ----------------------------------------------------------------------------------

function diagnosticsOf(a: DxAnalysis): DxDiagnostic[] {
  const out: DxDiagnostic[] = [];
  const push = (severity: DxSeverity, message: string, raw: Span, code: string, fix?: DxFix) => {
    // engine spans may point one past the end (an unexpected end of input)
    const end = Math.min(raw.end, a.text.length);
    const span = { start: Math.min(raw.start, end), end };
    const p = lineColumn(a.text, span.start);
    out.push({ severity, message, span, line: p.line, column: p.column, code, ...(fix ? { fix } : {}) });
  };
  const firstPending = a.results.find((r) => r.pending && !r.error);
  if (firstPending) {
    const more = a.pending - 1;
    push('info', `Not analysed yet: the time budget ran out before this ${firstPending.kind === 'claim' ? 'claim' : 'statement'}`
      + `${more > 0 ? ` and ${more} more below` : ''}. Partials goes on with ${more > 0 ? 'them' : 'it'} shortly.`, firstPending.statement.span, 'pending');
  }
  for (const r of a.results) {
    if (r.error) {
      const span = r.error.span ?? r.statement.span;
      push('error', r.error.message, span.end > span.start ? span : { start: span.start, end: Math.min(a.text.length, span.start + 1) }, r.error.code);
      continue;
    }
    for (const w of r.warnings) push('warning', w, r.statement.span, 'undefined');
    for (const p of r.partials) {
      if (!p.differentiable) push('info', l10n('∂{0}/∂{1} is not differentiable at this point: {2}.', r.name ?? '', p.wrt, (p.nonSmooth ?? []).join('; ')), r.statement.span, 'non-smooth');
    }
    const c = r.claim;
    if (c && c.result === 'wrong' && r.statement.kind === 'claim') {
      const st = r.statement;
      const correct = c.correctNamed?.expr ?? c.correct ?? '';
      const f = c.failures[0];
      const at = (f ? l10n(' At {0} the claim gives {1} but the exact value is {2}.', Object.entries(f.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', '), fmt(f.claimed), fmt(f.exact)) : '');
      push('error', `Wrong: ∂${c.of}/∂${c.wrt} = ${correct}.${at}`, st.rhs.outer, 'wrong-claim',
        { title: l10n('Replace with the correct derivative'), span: st.rhs.outer, text: correct });
    }
  }
  return out.sort((x, y) => x.span.start - y.span.start);
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'undefined';
  return shortNumber(v);
}
