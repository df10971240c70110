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
    super(message);
    this.name = 'PartialsError';
  }

  toJSON(): { message: string; line: number; column: number; code: ErrorCode } {
    return { message: this.message, line: this.line, column: this.column, code: this.code };
  }
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
