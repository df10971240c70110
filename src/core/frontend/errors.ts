import { lineColumn, PartialsError, type ErrorCode } from '../errors';

/** A PartialsError at an offset of the user's text, with the position appended to the message. */
export function errorAtOffset(source: string, offset: number, message: string, code: ErrorCode, end = offset + 1): PartialsError {
  const { line, column } = lineColumn(source, offset);
  return new PartialsError(`${message} at line ${line}, column ${column}.`, code, line, column, { start: offset, end: Math.max(end, offset) });
}

/** "Partials cannot differentiate <what> (line L, column C)." — the engine's wording for unsupported constructs. */
export function unsupportedAt(source: string, offset: number, what: string, end = offset + 1, hint = ''): PartialsError {
  const { line, column } = lineColumn(source, offset);
  return new PartialsError(`Partials cannot differentiate ${what} (line ${line}, column ${column})${hint ? `: ${hint}` : ''}.`, 'unsupported', line, column, { start: offset, end: Math.max(end, offset) });
}
