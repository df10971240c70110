import { lineColumn, PartialsError, type ErrorCode } from '../errors';
import { t } from '../l10n';

/** A PartialsError at an offset of the user's text, with the position appended to the message. */
export function errorAtOffset(source: string, offset: number, message: string, code: ErrorCode, end = offset + 1): PartialsError {
  const { line, column } = lineColumn(source, offset);
  return new PartialsError(t('{0} at line {1}, column {2}.', message, line, column), code, line, column, { start: offset, end: Math.max(end, offset) });
}

/** "Partials cannot differentiate <what> (line L, column C)." — the engine's wording for unsupported constructs. */
export function unsupportedAt(source: string, offset: number, what: string, end = offset + 1, hint = ''): PartialsError {
  const { line, column } = lineColumn(source, offset);
  return new PartialsError(hint ? t('Partials cannot differentiate {0} (line {1}, column {2}): {3}.', what, line, column, hint) : t('Partials cannot differentiate {0} (line {1}, column {2}).', what, line, column), 'unsupported', line, column, { start: offset, end: Math.max(end, offset) });
}
