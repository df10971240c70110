/**
 * The optional argument of a Partials command (hover links, CodeLens, tests, `executeCommand` from other
 * extensions): where to act and choices that skip the quick picks. Pure, so it is unit-tested in plain Node.
 * Anything malformed is dropped field by field, never trusted: the command then acts on the active editor.
 */
export interface EditorArgs {
  /** Document to act on (a URI string). */
  uri?: string;
  /** [startLine, startCharacter, endLine, endCharacter], 0-based. */
  range?: [number, number, number, number];
  /** Code generation target and style, when the caller already chose. */
  target?: string;
  style?: string;
}

/** Reads a command's argument: VS Code passes it as is, or as the first element when called with several. */
export function editorArgs(raw: unknown): EditorArgs {
  const a: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (!a || typeof a !== 'object') return {};
  const o = a as Record<string, unknown>;
  const out: EditorArgs = {};
  if (typeof o.uri === 'string') out.uri = o.uri;
  const r = o.range;
  if (Array.isArray(r) && r.length === 4 && r.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    out.range = [r[0], r[1], r[2], r[3]];
  }
  if (typeof o.target === 'string') out.target = o.target;
  if (typeof o.style === 'string') out.style = o.style;
  return out;
}
