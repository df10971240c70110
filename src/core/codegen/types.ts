/** Public types of gradient code generation. */

export const TARGETS = ['python', 'numpy', 'pytorch', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'julia', 'matlab', 'latex'] as const;
export type TargetId = (typeof TARGETS)[number];

export const STYLES = ['closed', 'adjoint', 'hessian'] as const;
/** closed: closed-form partials with shared subexpressions as temporaries; adjoint: forward then backward sweep; hessian: closed-form second derivatives. */
export type CodegenStyle = (typeof STYLES)[number];

export const FORMS = ['statements', 'function'] as const;
/** statements: lines to insert after the selection (its variables in scope); function: a standalone `<name>_grad`. */
export type CodegenForm = (typeof FORMS)[number];

export interface CodegenOptions {
  target: TargetId;
  style?: CodegenStyle;
  form?: CodegenForm;
  /** Output to differentiate, by name (default: the model's last output). */
  output?: string;
  /** Base name of the function (default: the output's name); the function is `<name>_grad` in the target's style. */
  name?: string;
  /** Indentation put before every line (the selection's own indentation). */
  indent?: string;
  /** One level of indentation inside a function (default: the target's convention). */
  indentUnit?: string;
  /** Line ending of the document (default '\n'). */
  eol?: string;
  /** The document's own import aliases, e.g. { numpy: 'numpy' } when it says `import numpy` (default np). */
  importAliases?: Record<string, string>;
  /** The document's text: used to find its import aliases and which needed imports are missing. */
  documentText?: string;
  /**
   * Parameter order to follow (the enclosing function's signature): the model's inputs and held constants
   * named here come first, in this order, then the others in their own order. Gradients follow the same order.
   */
  paramOrder?: readonly string[];
  /** Header comment (default true). */
  comment?: boolean;
}

export interface CodegenResult {
  /** The text to insert: statements, or helpers + function (function form). Lines joined with `eol`, indented. */
  code: string;
  /** Import/include lines the code needs (e.g. `import numpy as np`, `#include <math.h>`). */
  imports: string[];
  /** Top-level helper definitions the code calls (erf where the target has none, Go's ifElse…); already in `code` for the function form. */
  helpers: string[];
  /** The code without the helpers (same as `code` for statements). */
  body: string;
  /** Imports the document lacks (only when `documentText` was given); `code` then starts with a comment naming them. */
  missingImports?: string[];
  /** Name of the generated function (function form). */
  functionName?: string;
  /** Its parameters in order (function form). */
  parameters?: string[];
  /** Names of the result variables in order: the value, then the partials (or Hessian entries, row-major upper triangle). */
  resultNames: string[];
}
