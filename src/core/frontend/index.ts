import type { Span } from '../errors';

/**
 * Front ends turn what the user selected (Python, JavaScript, C, LaTeX, …) into a program in mathjs syntax
 * that the engine lowers, plus a map back to the user's offsets so every node keeps its source span.
 */
export interface Claim {
  /** Output the claim is about, e.g. 'f' or 'loss'. */
  of: string;
  /** Input it differentiates with respect to. */
  wrt: string;
  /** The claimed derivative, in mathjs syntax. */
  expr: string;
  /** The claim's text as the user wrote it, and where. */
  source: string;
  span?: Span;
  /** Name the claim was assigned to (df_dx, grad_w …), if any. */
  name?: string;
}

export interface FrontEndResult {
  /** Detected or given language id ('math' for plain mathjs syntax). */
  language: string;
  /** Program text in mathjs syntax: one expression or `name = expr` lines. */
  text: string;
  /** Offset in `text` → offset in the user's source. */
  mapOffset: (offset: number) => number;
  /** Function parameters when the selection defines a function: the inputs, in order. */
  params?: string[];
  /** Names the selection returns or marks as outputs, if it says. */
  outputs?: string[];
  claims: Claim[];
  /** Numeric assignments found (e.g. `x = 2.0`), offered as the default point. */
  values: Record<string, number>;
}

export type FrontEnd = (source: string, language?: string) => FrontEndResult;

/** Plain math: the text is already mathjs syntax. */
export const plainMath: FrontEnd = (source) => ({
  language: 'math',
  text: source,
  mapOffset: (i) => i,
  claims: [],
  values: {},
});

/** Reads a selection in the given language (plain math until the language front ends land). */
export function readSource(source: string, language?: string): FrontEndResult {
  void language;
  return plainMath(source);
}
