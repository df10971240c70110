import type { Span } from '../errors';
import type { SNode } from './mathsyntax';

/**
 * Front ends turn what the user selected (Python, JavaScript, C, LaTeX, …) into a program in mathjs syntax
 * that the engine lowers, plus a map back to the user's offsets so every node keeps its source span.
 */
export interface Claim {
  /** Output the claim is about, e.g. 'f' or 'loss'. */
  of: string;
  /** Input it differentiates with respect to. */
  wrt: string;
  /** The claimed derivative, in mathjs syntax; it may use names assigned in the program text. */
  expr: string;
  /** The claim's text as the user wrote it, and where. */
  source: string;
  span?: Span;
  /** Name the claim was assigned to (df_dx, grad_w …), if any. */
  name?: string;
  /**
   * `wrt` is a name assigned in the program, not an input (dL_dz in backprop code): the claim is about the
   * adjoint of that intermediate, ∂of/∂wrt with everything before it held fixed.
   */
  intermediate?: boolean;
}

export interface FrontEndResult {
  /** Detected or given language id ('math' for plain mathjs syntax). */
  language: string;
  /** Program text in mathjs syntax: one expression or `name = expr` lines. */
  text: string;
  /** Offset in `text` → offset in the user's source. */
  mapOffset: (offset: number) => number;
  /**
   * The program as a syntax tree, built by the code and LaTeX front ends while they print `text`: the tree the
   * project's parser would read back from `text`, with every span already in the user's source. The engine lowers
   * it straight into the graph (`lowerProgram`'s `ast`) instead of parsing `text` again. Absent for plain math (its
   * text is parsed) and where the printed text would not read back node for node (then `text` is parsed).
   */
  ast?: SNode;
  /** Function parameters when the selection defines a function: the inputs, in order. */
  params?: string[];
  /** Names the selection returns or marks as outputs, if it says. */
  outputs?: string[];
  claims: Claim[];
  /** Numeric assignments found (e.g. `x = 2.0`), offered as the default point. */
  values: Record<string, number>;
  /** Names changed to keep them variables or valid mathjs (`e` → `e_`): program name → the user's name. */
  renamed?: Record<string, string>;
  /** Names in `text` that are variables although the engine has a constant of that name (e, phi, tau, pi). */
  variables?: string[];
  /**
   * Hand-written derivatives with respect to an intermediate name (dL_dz in backprop code, z assigned in
   * the program): ∂of/∂wrt is the adjoint of that name's node. Kept apart from `claims` because checking
   * them needs the adjoint, not a partial with respect to an input; later claims that use them (dL_dw =
   * dL_dz * x) have them inlined and are ordinary claims.
   */
  adjointClaims?: Claim[];
}

export type FrontEnd = (source: string, language?: string) => FrontEndResult;
