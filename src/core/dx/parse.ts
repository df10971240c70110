import { errorAt, PartialsError, type Span } from '../errors';
import { t } from '../l10n';

/**
 * The `.dx` scratch-pad syntax: statements separated by newlines or `;`, `#` comments, and four kinds of
 * statement — `name = expr` (a number gives a point coordinate, anything else a definition), `dOUT/dIN = expr`
 * (a claim), `wrt a, b` (the inputs) and a bare expression. Right-hand sides are plain math (mathjs syntax) or
 * LaTeX inside `$…$`. This file only splits and classifies; ./analyze.ts gives the statements meaning.
 */

/** An expression as written: the text (without `$…$` delimiters) and its span in the document. */
export interface DxExpr {
  text: string;
  span: Span;
  latex: boolean;
  /** The span including the `$` delimiters (equal to span for plain math). */
  outer: Span;
}

export interface DxName {
  name: string;
  span: Span;
}

export type DxStatement =
  | { kind: 'define'; span: Span; name: DxName; rhs: DxExpr }
  | { kind: 'claim'; span: Span; of: DxName; wrt: DxName; lhsSpan: Span; rhs: DxExpr }
  | { kind: 'wrt'; span: Span; names: DxName[] }
  | { kind: 'expr'; span: Span; rhs: DxExpr }
  /** A statement that could not be read; the others are still analysed. */
  | { kind: 'error'; span: Span; error: PartialsError };

export interface DxComment {
  span: Span;
}

export interface DxParse {
  text: string;
  statements: DxStatement[];
  comments: DxComment[];
}

export const DX_KEYWORDS = ['wrt'] as const;

const NAME_SRC = '[A-Za-z_\\u0370-\\u03FF][A-Za-z0-9_\\u0370-\\u03FF]*';
const NAME = new RegExp(`^${NAME_SRC}$`, 'u');
/** `dloss/dw`, `∂loss/∂w`, `d(loss)/d(w)`, `d loss / d w`. */
const CLAIM_LHS = new RegExp(`^[d∂]\\s*(?:\\(\\s*(${NAME_SRC})\\s*\\)|(${NAME_SRC}))\\s*/\\s*[d∂]\\s*(?:\\(\\s*(${NAME_SRC})\\s*\\)|(${NAME_SRC}))$`, 'u');
/** Claim-like left sides that are malformed (so they get a claim-specific message, not "must be a name"). */
const CLAIM_LIKE = /^[d∂][^=]*\//u;

export function parseDx(text: string): DxParse {
  const statements: DxStatement[] = [];
  const comments: DxComment[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    splitLine(text, lineStart, contentEnd, statements, comments);
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  return { text, statements, comments };
}

/** Splits one line at top-level `;` (outside `$…$`), stopping at a `#` comment. */
function splitLine(text: string, start: number, end: number, out: DxStatement[], comments: DxComment[]): void {
  let segStart = start;
  let dollar = -1;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '$' && text[i - 1] !== '\\') dollar = dollar < 0 ? i : -1;
    else if (dollar >= 0) continue;
    else if (c === '#') {
      comments.push({ span: { start: i, end } });
      end = i;
      break;
    } else if (c === ';') {
      pushStatement(text, segStart, i, out);
      segStart = i + 1;
    }
  }
  if (dollar >= 0) {
    out.push({ kind: 'error', span: { start: dollar, end }, error: errorAt(text, { start: dollar, end: dollar + 1 },
      t("This '$' opens LaTeX that is never closed: end it with another '$' on the same line."), 'parse') });
    return; // the statement around an unclosed '$' cannot be read: one error, not two
  }
  pushStatement(text, segStart, end, out);
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function pushStatement(text: string, start: number, end: number, out: DxStatement[]): void {
  const span = trimSpan(text, start, end);
  if (span.start === span.end) return;
  try {
    out.push(classify(text, span));
  } catch (e) {
    if (!(e instanceof PartialsError)) throw e;
    out.push({ kind: 'error', span, error: e });
  }
}

function classify(text: string, span: Span): DxStatement {
  const s = text.slice(span.start, span.end);
  const wrt = /^wrt(?=\s|$)/.exec(s);
  if (wrt && !/^wrt\s*=(?!=)/.test(s)) return { kind: 'wrt', span, names: wrtNames(text, span.start + 3, span.end) };
  const eq = assignmentIndex(s);
  if (eq < 0) return { kind: 'expr', span, rhs: expression(text, span) };
  const lhsSpan = trimSpan(text, span.start, span.start + eq);
  const rhsSpan = trimSpan(text, span.start + eq + 1, span.end);
  const lhs = text.slice(lhsSpan.start, lhsSpan.end);
  if (lhsSpan.start === lhsSpan.end) throw errorAt(text, span, t("There is nothing before '=': write a name (z = …) or a claim (dloss/dw = …)."), 'parse');
  if (rhsSpan.start === rhsSpan.end) {
    throw errorAt(text, { start: span.start + eq, end: span.start + eq + 1 }, t("There is nothing after '=' in '{0}'.", s), 'parse');
  }
  const rhs = expression(text, rhsSpan);
  const claim = CLAIM_LHS.exec(lhs);
  if (claim) {
    const ofName = claim[1] ?? claim[2];
    const wrtName = claim[3] ?? claim[4];
    const ofAt = lhsSpan.start + lhs.indexOf(ofName, 1);
    const wrtAt = lhsSpan.start + lhs.lastIndexOf(wrtName);
    return {
      kind: 'claim', span, lhsSpan, rhs,
      of: { name: ofName, span: { start: ofAt, end: ofAt + ofName.length } },
      wrt: { name: wrtName, span: { start: wrtAt, end: wrtAt + wrtName.length } },
    };
  }
  if (NAME.test(lhs)) {
    if ((DX_KEYWORDS as readonly string[]).includes(lhs)) throw errorAt(text, lhsSpan, t("'{0}' is a keyword and cannot be defined.", lhs), 'parse');
    return { kind: 'define', span, name: { name: lhs, span: lhsSpan }, rhs };
  }
  if (CLAIM_LIKE.test(lhs)) {
    throw errorAt(text, lhsSpan, t("Cannot read the claim '{0}': write it as dOUT/dIN = …, e.g. dloss/dw = ….", lhs), 'parse');
  }
  throw errorAt(text, lhsSpan, t("The left side of '=' must be a name (z = …) or a claim (dloss/dw = …), not '{0}'.", lhs), 'parse');
}

/** Index of the `=` that assigns (not part of ==, <=, >=, !=, and not inside `$…$`), or -1. */
function assignmentIndex(s: string): number {
  let inLatex = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i - 1] !== '\\') inLatex = !inLatex;
    if (inLatex || c !== '=') continue;
    const prev = s[i - 1], next = s[i + 1];
    if (next === '=' || prev === '=' || prev === '<' || prev === '>' || prev === '!') continue;
    return i;
  }
  return -1;
}

/** A right-hand side: plain math, or LaTeX when the whole of it is `$…$`. */
function expression(text: string, span: Span): DxExpr {
  const s = text.slice(span.start, span.end);
  const dollars = [...s.matchAll(/(?<!\\)\$/g)].map((m) => m.index!);
  if (dollars.length === 0) return { text: s, span, latex: false, outer: span };
  if (dollars.length === 2 && dollars[0] === 0 && dollars[1] === s.length - 1) {
    const inner = trimSpan(text, span.start + 1, span.end - 1);
    if (inner.start === inner.end) throw errorAt(text, span, t('The LaTeX between the two $ is empty.'), 'parse');
    return { text: text.slice(inner.start, inner.end), span: inner, latex: true, outer: span };
  }
  const at = span.start + (dollars[0] === 0 ? dollars[dollars.length - 1] : dollars[0]);
  throw errorAt(text, { start: at, end: at + 1 }, t('LaTeX must be the whole expression: put all of it inside one $…$ (or none of it).'), 'parse');
}

function wrtNames(text: string, start: number, end: number): DxName[] {
  const names: DxName[] = [];
  const re = /[^\s,]+/gu;
  const body = text.slice(start, end);
  for (const m of body.matchAll(re)) {
    const at = start + m.index!;
    const span = { start: at, end: at + m[0].length };
    if (!NAME.test(m[0])) throw errorAt(text, span, t("'{0}' is not a name: write wrt followed by names, e.g. wrt w, b.", m[0]), 'parse');
    if (names.some((n) => n.name === m[0])) throw errorAt(text, span, t("'{0}' is listed twice after wrt.", m[0]), 'parse');
    names.push({ name: m[0], span });
  }
  if (!names.length) throw errorAt(text, { start: start - 3, end: start }, t('wrt needs at least one name, e.g. wrt w, b.'), 'parse');
  return names;
}

export function isDxName(s: string): boolean {
  return NAME.test(s);
}
