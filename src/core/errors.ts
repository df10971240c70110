import { t } from './l10n';

/** A source range in the text the user gave: 0-based offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type ErrorCode = 'parse' | 'unknown-function' | 'unsupported' | 'limit' | 'arity' | 'input';

/** Every error the engine raises for bad input: a message plus where it is (1-based line and column). */
export class PartialsError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly line = 1,
    readonly column = 1,
    readonly span?: Span,
  ) {
    super(clipMessage(message));
    this.name = 'PartialsError';
  }

  toJSON(): { message: string; line: number; column: number; code: ErrorCode } {
    return { message: this.message, line: this.line, column: this.column, code: this.code };
  }
}

/**
 * A message never repeats a huge piece of the user's text: a run of more than 80 characters without a space (a
 * 100 KB name, number or string) keeps its first 60 and an ellipsis (and its closing quote), and a message is at
 * most 2 000 characters. Chinese punctuation (，。：；、（）) also ends a run: a translated sentence has no spaces.
 */
export function clipMessage(message: string): string {
  const clipped = message.replace(/[^\s，。：；、（）]{81,}/g, (run) => {
    const tail = /['"`)\].,:;]{0,3}$/.exec(run)![0];
    return `${run.slice(0, 60)}…${tail}`;
  });
  return clipped.length > 2000 ? `${clipped.slice(0, 1999)}…` : clipped;
}

/** 1-based line and column of a 0-based offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function errorAt(text: string, span: Span | undefined, message: string, code: ErrorCode): PartialsError {
  const { line, column } = lineColumn(text, span?.start ?? 0);
  return new PartialsError(message, code, line, column, span);
}

/**
 * How every message names a place: ` (line 3, column 5)` (` (line 3)` without a column, '' without a line). One
 * spelling, so the webview, the hover and the CLI read alike and the inspector can strip it to re-base it.
 */
export function position(line?: number, column?: number): string {
  if (line === undefined) return '';
  return column !== undefined ? t(' (line {0}, column {1})', line, column) : t(' (line {0})', line);
}

/*
 * The place inside a message, in English or Chinese (the zh-cn bundle writes every "line L, column C" as
 * "第 L 行第 C 列", full-width brackets around it; test/unit/l10n.test.ts holds it to that), so the inspector can strip
 * it and the `.dx` analysis can re-base it whatever the language.
 */
const PLACE = /line (\d+), column (\d+)|第 (\d+) 行，?第 (\d+) 列/;

/** Does the message name a place in brackets (` (line L, column C)`, `（第 L 行第 C 列）`)? */
export function hasPosition(message: string): boolean {
  return / \(line \d+, column \d+\)|（第 \d+ 行，?第 \d+ 列）/.test(message);
}

/** The message without its first place (` at line L, column C` at the end, or a bracketed one). */
export function stripPosition(message: string): string {
  return message.replace(/ at line \d+, column \d+(?=\.?$)/, '').replace(/ \(line \d+, column \d+\)/, '').replace(/（第 \d+ 行，?第 \d+ 列）/, '');
}

/**
 * The message with its first "line L, column C" (in either language) naming another place: `to` gives the new line
 * and column from the old ones.
 */
export function rebasePosition(message: string, to: (line: number, column: number) => { line: number; column: number }): string {
  return message.replace(PLACE, (m, l1?: string, c1?: string, l2?: string, c2?: string) => {
    const p = to(Number(l1 ?? l2), Number(c1 ?? c2));
    return m.startsWith('line') ? `line ${p.line}, column ${p.column}` : m.replace(/\d+(?= 行)/, String(p.line)).replace(/\d+(?= 列)/, String(p.column));
  });
}

/** {@link position} of a span of `text`; '' when there is no span. */
export function spanPosition(text: string, span: Span | undefined): string {
  if (!span) return '';
  const p = lineColumn(text, span.start);
  return position(p.line, p.column);
}

/** The error-message line: `message (line L, column C).`, the message's own final full stop moved after the place. */
export function withPosition(message: string, line: number, column: number): string {
  return t('{0}{1}.', message.replace(/[.。]$/, ''), position(line, column));
}

/** User text in a message: quoted, at most 60 characters, control and invisible characters written as \uXXXX. */
export function quote(text: string): string {
  const shown = text.length > 60 ? text.slice(0, 60) + '…' : text;
  const hidden = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff;
  return `'${[...shown].map((ch) => (hidden(ch.charCodeAt(0)) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('')}'`;
}
