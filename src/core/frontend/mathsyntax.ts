import type { Span } from '../errors';
import { run, type Rec } from '../stack';
import { t as l10n } from '../l10n';

/**
 * The project's own parser for plain math in mathjs syntax: the part of the grammar the engine differentiates
 * (numbers, names, + - * / ^ and their dotted forms, implicit multiplication, unary - + not, comparisons, and/or,
 * ?:, calls, parentheses, `name = …` and `f(x, y) = …` statements separated by newlines or `;`, # comments).
 * It follows mathjs's grammar rule for rule (parse.js of mathjs 15: implicit multiplication, "number / number
 * symbol", `2^-3`, `-x^2`, newlines inside brackets), builds nodes shaped like mathjs's (`type`, `fn`, `args`,
 * …) with exact source spans, and recurses through `run` (src/core/stack.ts), so depth is bounded by memory,
 * not by the call stack.
 *
 * Anything outside that part (matrices, strings, indexing, ranges, units, `mod`, `%`, factorial, chained
 * comparisons, bitwise operators …) and every syntax error is reported as `MathSyntaxBail` with where it
 * stopped: the caller hands such text to mathjs's own parser, which words the error or builds the node the
 * engine then refuses by name.
 */
export interface SNode {
  type: 'ConstantNode' | 'SymbolNode' | 'OperatorNode' | 'FunctionNode' | 'ParenthesisNode' | 'ConditionalNode'
    | 'AssignmentNode' | 'FunctionAssignmentNode' | 'BlockNode';
  /** Exact span in the parsed text (brackets and operators included). */
  _span: Span;
  /** A constant's number, or an assignment's value. */
  value?: number | SNode;
  name?: string;
  op?: string;
  fn?: string | SNode;
  args?: SNode[];
  implicit?: boolean;
  content?: SNode;
  condition?: SNode;
  trueExpr?: SNode;
  falseExpr?: SNode;
  object?: SNode;
  params?: string[];
  /** Spans of a function definition's parameter names. */
  _paramSpans?: Span[];
  /** Span of a call's or definition's name. */
  _nameSpan?: Span;
  expr?: SNode;
  blocks?: { node: SNode }[];
}

export class MathSyntaxBail extends Error {
  constructor(readonly reason: string, readonly at: number) {
    super(reason);
  }
}

type TokType = 'num' | 'sym' | 'delim' | 'end';

const DELIMS3 = new Set(['>>>']);
const DELIMS2 = new Set(['.*', './', '.^', '^|', '?.', '??', '==', '!=', '<=', '>=', '<<', '>>']);
const DELIMS1 = new Set([',', '(', ')', '[', ']', '{', '}', '"', "'", ';', '+', '-', '*', '/', '%', '^', '~', '!', '&', '|', '=', ':', '?', '<', '>', '.']);
const NAMED = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not']);
/** Symbols mathjs reads as non-number constants (true, false, null, undefined): left to mathjs. */
const SPECIAL = new Set(['true', 'false', 'null', 'undefined']);
const MUL: Record<string, string> = { '*': 'multiply', '.*': 'dotMultiply', '/': 'divide', './': 'dotDivide' };
const REL: Record<string, string> = { '==': 'equal', '!=': 'unequal', '<': 'smaller', '>': 'larger', '<=': 'smallerEq', '>=': 'largerEq' };
const UNARY: Record<string, string> = { '-': 'unaryMinus', '+': 'unaryPlus', not: 'not' };

const LATIN_GREEK = /^[a-zA-Z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]$/;
const MATH_LOW_EXCLUDED = /^[\uDC55\uDC9D\uDCA0\uDCA1\uDCA3\uDCA4\uDCA7\uDCA8\uDCAD\uDCBA\uDCBC\uDCC4\uDD06\uDD0B\uDD0C\uDD15\uDD1D\uDD3A\uDD3F\uDD45\uDD47-\uDD49\uDD51\uDEA6\uDEA7\uDFCC\uDFCD]$/;

function mathSymbol(high: string, low: string): boolean {
  return high === '\uD835' && low >= '\uDC00' && low <= '\uDFFF' && !MATH_LOW_EXCLUDED.test(low);
}
/** mathjs's parse.isAlpha. */
function isAlpha(c: string, prev: string, next: string): boolean {
  return (c.length === 1 && LATIN_GREEK.test(c)) || mathSymbol(c, next) || mathSymbol(prev, c);
}
const isDigit = (c: string) => c >= '0' && c <= '9' && c.length === 1;
const isDecimalMark = (c: string, next: string) => c === '.' && next !== '/' && next !== '*' && next !== '^';

/** Parses mathjs-syntax text; throws MathSyntaxBail for what it leaves to mathjs. */
export function parseMathSyntax(text: string): SNode {
  return new MathSyntaxParser(text).parse();
}

class MathSyntaxParser {
  private i = 0;
  private nesting = 0;
  /** The nesting level of the conditional whose true part is being read: a ':' there ends it (mathjs's conditionalLevel). */
  private conditionalLevel: number | null = null;
  tok = '';
  type: TokType = 'end';
  start = 0;
  end = 0;

  constructor(private readonly text: string) {}

  parse(): SNode {
    this.getToken();
    const node = run(this.block());
    if (this.type !== 'end') throw this.bail(l10n('unexpected token'));
    return node;
  }

  private bail(reason: string, at = this.start): MathSyntaxBail {
    return new MathSyntaxBail(reason, at);
  }

  private ch(k: number): string {
    return this.text.charAt(k);
  }

  // ---- tokens (mathjs's getToken, with positions) ----------------------------------------------------
  private getToken(): void {
    const s = this.text;
    this.type = 'end';
    this.tok = '';
    for (;;) {
      const c = s.charAt(this.i);
      if (c === '#') {
        while (this.i < s.length && s.charAt(this.i) !== '\n') this.i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\u00A0' || (c === '\n' && this.nesting > 0)) this.i++;
      else break;
    }
    this.start = this.i;
    if (this.i >= s.length) {
      this.end = this.i;
      return;
    }
    const c1 = s.charAt(this.i);
    if (c1 === '\n') {
      this.type = 'delim';
      this.tok = '\n';
      this.end = ++this.i;
      return;
    }
    const c3 = s.substr(this.i, 3);
    const c2 = s.substr(this.i, 2);
    if (DELIMS3.has(c3)) return this.delim(c3);
    if (DELIMS2.has(c2) && (c2 !== '?.' || !isDigit(s.charAt(this.i + 2)))) return this.delim(c2);
    if (DELIMS1.has(c1) && c1 !== '.') return this.delim(c1);
    if (isDigit(c1) || c1 === '.') {
      if (c2 === '0b' || c2 === '0o' || c2 === '0x') throw this.bail(l10n('a binary, octal or hexadecimal number'));
      let k = this.i;
      if (c1 === '.') {
        k++;
        if (!isDigit(s.charAt(k))) return this.delim('.');
      } else {
        while (isDigit(s.charAt(k))) k++;
        if (isDecimalMark(s.charAt(k), s.charAt(k + 1))) k++;
      }
      while (isDigit(s.charAt(k))) k++;
      if (s.charAt(k) === 'E' || s.charAt(k) === 'e') {
        const n = s.charAt(k + 1);
        if (isDigit(n) || n === '-' || n === '+') {
          k++;
          if (s.charAt(k) === '+' || s.charAt(k) === '-') k++;
          if (!isDigit(s.charAt(k))) throw this.bail(l10n('digit expected'), k);
          while (isDigit(s.charAt(k))) k++;
          if (isDecimalMark(s.charAt(k), s.charAt(k + 1))) throw this.bail(l10n('digit expected'), k);
        } else if (isDecimalMark(n, s.charAt(k + 2))) throw this.bail(l10n('digit expected'), k + 1);
      }
      this.type = 'num';
      this.tok = s.slice(this.i, k);
      this.i = this.end = k;
      return;
    }
    if (isAlpha(c1, this.ch(this.i - 1), this.ch(this.i + 1))) {
      let k = this.i;
      while (k < s.length && (isAlpha(s.charAt(k), s.charAt(k - 1), s.charAt(k + 1)) || isDigit(s.charAt(k)))) k++;
      this.tok = s.slice(this.i, k);
      this.type = NAMED.has(this.tok) ? 'delim' : 'sym';
      this.i = this.end = k;
      return;
    }
    throw this.bail(l10n('unknown character'));
  }

  private delim(t: string): void {
    this.type = 'delim';
    this.tok = t;
    this.i += t.length;
    this.end = this.i;
  }

  private getTokenSkipNewline(): void {
    do this.getToken(); while (this.tok === '\n');
  }

  private isDelim(t: string): boolean {
    return this.type === 'delim' && this.tok === t;
  }

  // ---- grammar ---------------------------------------------------------------------------------------
  private *block(): Rec<SNode> {
    let node: SNode | undefined;
    const blocks: { node: SNode }[] = [];
    if (this.type !== 'end' && !this.isDelim('\n') && !this.isDelim(';')) node = (yield this.assignment()) as SNode;
    while (this.isDelim('\n') || this.isDelim(';')) {
      if (!blocks.length && node) blocks.push({ node });
      this.getToken();
      if (!this.isDelim('\n') && !this.isDelim(';') && this.type !== 'end') {
        node = (yield this.assignment()) as SNode;
        blocks.push({ node });
      }
    }
    if (blocks.length) return { type: 'BlockNode', blocks, _span: { start: 0, end: this.text.length } };
    return node ?? { type: 'ConstantNode', value: undefined, _span: { start: 0, end: 0 } };
  }

  private *assignment(): Rec<SNode> {
    const node = (yield this.conditional()) as SNode;
    if (!this.isDelim('=')) return node;
    if (node.type === 'SymbolNode') {
      this.getTokenSkipNewline();
      const value = (yield this.assignment()) as SNode;
      if (value.type === 'AssignmentNode' || value.type === 'FunctionAssignmentNode') throw this.bail(l10n('a chained assignment'), value._span.start);
      return { type: 'AssignmentNode', object: node, value, _span: { start: node._span.start, end: value._span.end } };
    }
    if (node.type === 'FunctionNode' && node.args!.every((a) => a.type === 'SymbolNode')) {
      this.getTokenSkipNewline();
      const value = (yield this.assignment()) as SNode;
      if (value.type === 'AssignmentNode' || value.type === 'FunctionAssignmentNode') throw this.bail(l10n('a chained assignment'), value._span.start);
      return {
        type: 'FunctionAssignmentNode', name: (node.fn as SNode).name, params: node.args!.map((a) => a.name!),
        _paramSpans: node.args!.map((a) => a._span), _nameSpan: node._nameSpan, expr: value,
        _span: { start: node._span.start, end: value._span.end },
      };
    }
    throw this.bail(l10n('invalid left-hand side of ='));
  }

  private *conditional(): Rec<SNode> {
    let node = (yield this.binary(1)) as SNode;
    while (this.isDelim('?')) {
      const prev = this.conditionalLevel;
      this.conditionalLevel = this.nesting;
      this.getTokenSkipNewline();
      const trueExpr = (yield this.assignment()) as SNode;
      if (!this.isDelim(':')) throw this.bail(l10n('false part of conditional expected'));
      this.conditionalLevel = null;
      this.getTokenSkipNewline();
      const falseExpr = (yield this.assignment()) as SNode;
      this.conditionalLevel = prev;
      node = { type: 'ConditionalNode', condition: node, trueExpr, falseExpr, _span: { start: node._span.start, end: falseExpr._span.end } };
    }
    return node;
  }

  /** The binary operator at the current token and its level (1 or, 2 and, 3 relational, 4 add, 5 multiply), if any. */
  private binaryLevel(): number {
    if (this.type !== 'delim') return 0;
    const t = this.tok;
    if (t === 'or') return 1;
    if (t === 'and') return 2;
    if (Object.hasOwn(REL, t)) return 3;
    if (t === '+' || t === '-') return 4;
    if (Object.hasOwn(MUL, t)) return 5;
    // operators between these levels that the engine does not read: left to mathjs
    if (t === 'xor' || t === '|' || t === '^|' || t === '&' || t === '<<' || t === '>>' || t === '>>>' || t === 'to' || t === 'in' || t === '%' || t === 'mod') throw this.bail(l10n('the operator {0}', t));
    if (t === ':' && this.conditionalLevel !== this.nesting) throw this.bail(l10n('a range'));
    return 0;
  }

  /** Levels 1–5 by precedence climbing (all left-associative); each operand is an implicit product. */
  private *binary(min: number): Rec<SNode> {
    let left = (yield this.implicit()) as SNode;
    let relational = false;
    for (;;) {
      const level = this.binaryLevel();
      if (!level || level < min) return left;
      const op = this.tok;
      if (level === 3 && relational) throw this.bail(l10n('a chained comparison'));
      this.getTokenSkipNewline();
      const right = (yield (level === 5 ? this.implicit() : this.binary(level + 1))) as SNode;
      const fn = level === 1 ? 'or' : level === 2 ? 'and' : level === 3 ? REL[op] : level === 4 ? (op === '+' ? 'add' : 'subtract') : MUL[op];
      left = { type: 'OperatorNode', op, fn, args: [left, right], _span: { start: left._span.start, end: right._span.end } };
      relational = level === 3;
    }
  }

  /** mathjs's parseImplicitMultiplication: `2x`, `x y`, `(a)(b)`, `x 2` (not `2 3`). */
  private *implicit(): Rec<SNode> {
    let node = (yield this.rule2()) as SNode;
    let last = node;
    for (;;) {
      if (this.type === 'sym' || this.isDelim('(') ||
        (this.type === 'num' && last.type !== 'ConstantNode' && last.type !== 'OperatorNode')) {
        last = (yield this.rule2()) as SNode;
        node = { type: 'OperatorNode', op: '*', fn: 'multiply', args: [node, last], implicit: true, _span: { start: node._span.start, end: last._span.end } };
      } else if (this.isDelim('in')) throw this.bail(l10n('the operator in'));
      else return node;
    }
  }

  /** mathjs's parseRule2: `1/2x` is (1/2)·x: "number / number symbol" binds before implicit multiplication. */
  private *rule2(): Rec<SNode> {
    let node = (yield this.unary()) as SNode;
    let last = node;
    for (;;) {
      if (!(this.isDelim('/') && isRule2Node(last))) return node;
      const saved = this.save();
      this.getTokenSkipNewline();
      if (this.type !== 'num') {
        this.restore(saved);
        return node;
      }
      const afterSlash = this.save();
      this.getTokenSkipNewline();
      if ((this.type as TokType) === 'sym' || this.isDelim('(') || this.isDelim('in')) {
        this.restore(afterSlash);
        last = (yield this.unary()) as SNode;
        node = { type: 'OperatorNode', op: '/', fn: 'divide', args: [node, last], _span: { start: node._span.start, end: last._span.end } };
      } else {
        this.restore(saved);
        return node;
      }
    }
  }

  private save(): [number, string, TokType, number, number] {
    return [this.i, this.tok, this.type, this.start, this.end];
  }

  private restore(s: [number, string, TokType, number, number]): void {
    [this.i, this.tok, this.type, this.start, this.end] = s;
  }

  /** Unary operators (a chain of them is a loop) over a power: `-x^2` is -(x^2), `2^-3` reads its exponent here. */
  private *unary(): Rec<SNode> {
    const ops: { op: string; start: number }[] = [];
    while (this.type === 'delim' && (Object.hasOwn(UNARY, this.tok) || this.tok === '~')) {
      if (this.tok === '~') throw this.bail(l10n('the operator ~'));
      ops.push({ op: this.tok, start: this.start });
      this.getTokenSkipNewline();
    }
    let node = (yield this.pow()) as SNode;
    for (let k = ops.length - 1; k >= 0; k--) {
      const { op, start } = ops[k];
      node = { type: 'OperatorNode', op, fn: UNARY[op], args: [node], _span: { start, end: node._span.end } };
    }
    return node;
  }

  private *pow(): Rec<SNode> {
    const node = (yield this.primary()) as SNode;
    if (this.isDelim('??')) throw this.bail(l10n('the operator ??'));
    if (this.isDelim('!') || this.isDelim("'")) throw this.bail(l10n('a postfix operator'));
    if (this.isDelim('^') || this.isDelim('.^')) {
      const op = this.tok;
      this.getTokenSkipNewline();
      const exponent = (yield this.unary()) as SNode;
      return { type: 'OperatorNode', op, fn: op === '^' ? 'pow' : 'dotPow', args: [node, exponent], _span: { start: node._span.start, end: exponent._span.end } };
    }
    return node;
  }

  private *primary(): Rec<SNode> {
    const start = this.start;
    if (this.type === 'sym' || (this.type === 'delim' && NAMED.has(this.tok))) {
      const name = this.tok;
      if (SPECIAL.has(name)) throw this.bail(l10n('the name {0}', name));
      const span = { start, end: this.end };
      this.getToken();
      let node: SNode = name === 'NaN' || name === 'Infinity'
        ? { type: 'ConstantNode', value: Number(name), _span: span }
        : { type: 'SymbolNode', name, _span: span };
      if (this.isDelim('(') && node.type === 'SymbolNode') {
        this.nesting++;
        this.getToken();
        const args: SNode[] = [];
        if (!this.isDelim(')')) {
          args.push((yield this.assignment()) as SNode);
          while (this.isDelim(',')) {
            this.getToken();
            args.push((yield this.assignment()) as SNode);
          }
        }
        if (!this.isDelim(')')) throw this.bail(l10n('parenthesis ) expected'));
        this.nesting--;
        const end = this.end;
        this.getToken();
        node = { type: 'FunctionNode', fn: node, name, args, _nameSpan: span, _span: { start, end } };
      }
      this.accessors();
      return node;
    }
    if (this.type === 'num') {
      const node: SNode = { type: 'ConstantNode', value: Number(this.tok), _span: { start, end: this.end } };
      this.getToken();
      return node;
    }
    if (this.isDelim('(')) {
      this.nesting++;
      this.getToken();
      const content = (yield this.assignment()) as SNode;
      if (!this.isDelim(')')) throw this.bail(l10n('parenthesis ) expected'));
      this.nesting--;
      const end = this.end;
      this.getToken();
      const node: SNode = { type: 'ParenthesisNode', content, _span: { start, end } };
      if (this.isDelim('[') || this.isDelim('.') || this.isDelim('?.')) throw this.bail(l10n('indexing or member access'));
      return node;
    }
    throw this.bail((this.type === 'end' ? l10n('unexpected end') : l10n('value expected')));
  }

  /** Indexing and member access are left to mathjs (`f(x)(y)` is an implicit product, as in mathjs). */
  private accessors(): void {
    if (this.isDelim('[') || this.isDelim('.') || this.isDelim('?.')) throw this.bail(l10n('indexing or member access'));
  }
}

function isRule2Node(n: SNode): boolean {
  return n.type === 'ConstantNode' || (n.type === 'OperatorNode' && n.args!.length === 1 && n.args![0].type === 'ConstantNode' && (n.op === '-' || n.op === '+'));
}
