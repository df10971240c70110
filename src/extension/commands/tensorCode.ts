/**
 * Vectorised gradient code for the insert commands (the engine's `tensorCode`), pure and without vscode: a
 * selection the scalar engine refuses and the tensor engine reads with arrays (`np.sum((X @ w - y)**2)`,
 * `J = (r'*r)/(2*m)`, `sum(abs2, X*w .- y)`) gets whole-array code in the document's dialect; any other selection
 * gets null and stays with the scalar code generator, exactly as before. The routing is the CLI's
 * (core/tensor/session.ts: wantsTensorCodegen, tensorCodegen); the array literals the document writes above the
 * selection (core/tensor/documentArrays.ts) fix the shapes the selection alone leaves open.
 */
import type { InspectRequest } from '../../core/api';
import type { CodegenForm, CodegenResult } from '../../core/codegen';
import { PartialsError, quote } from '../../core/errors';
import { buildModel } from '../../core/index';
import { readTensor, type Dim, type Nested, type TensorLanguage, type TensorTargetId } from '../../core/tensor';
import { documentArrays } from '../../core/tensor/documentArrays';
import { enclosingFunction, maskText } from '../../core/codegen/placement';
import { canonicalLanguage } from '../../core/frontend/languages';
import { t as l10n } from '../l10n';
import { runTensor, tensorCodegen, tensorLanguage, wantsTensorCodegen, type TensorCodegenRequest } from '../../core/tensor/session';

export interface TensorCodeOptions {
  target: TensorTargetId;
  /** closed, adjoint, or hessian (closed form with the Hessian of one vector input). */
  style: 'closed' | 'adjoint' | 'hessian';
  form: CodegenForm;
  indent?: string;
  eol?: string;
  /** The document (for its array literals above `offset`, and its imports) and its VS Code language id. */
  documentText?: string;
  languageId?: string;
  offset?: number;
  /** The enclosing function's parameter order (function form), and the base name of the function. */
  paramOrder?: string[];
  name?: string;
}

export interface TensorCode extends CodegenResult {
  engine: 'tensor';
  target: TensorTargetId;
  /** The shapes the code was generated for (symbolic sizes stay names). */
  shapes: Record<string, Dim[]>;
  /** The arrays of the document that fixed those shapes (their names). */
  fromDocument: string[];
  /** Style 'hessian': the input the Hessian is with respect to. */
  hessianOf?: string;
}

/** The imports of each vectorised target, as a document may already spell them. */
function hasImport(documentText: string, line: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const lines = new Set(documentText.split(/\r?\n/).map(norm));
  if (lines.has(norm(line))) return true;
  if (line === 'using LinearAlgebra') return /^\s*using\s+[^\n]*\bLinearAlgebra\b/m.test(documentText);
  const header = /^#include\s*<(.+)>$/.exec(line)?.[1];
  if (header) return new RegExp(`#\\s*include\\s*[<"]${header.replace(/[.]/g, '\\.')}[>"]`).test(documentText);
  return false;
}

/**
 * The vectorised code for `req.source`, or null when the selection is scalar code (the scalar generator's).
 * Throws (a PartialsError with a clear message) when the selection is vectorised but has no gradient code.
 */
export function tensorCode(req: InspectRequest, opts: TensorCodeOptions): TensorCode | null {
  const lang = tensorLanguage(req.language, req.source);
  if (!lang) return null;
  const base: TensorCodegenRequest = { source: req.source, lang: req.language, target: opts.target, form: opts.form, ...(req.wrt?.length ? { wrt: [...req.wrt] } : {}) };
  // The routing of `partials codegen`: the scalar engine first; vectorised only when it refuses the text and the
  // tensor reader reads it with some array. (jax and eigen always go to the tensor engine there; here a scalar
  // selection in a JAX or Eigen file still gets scalar code, so they are routed as numpy is.)
  const routing = { ...base, target: opts.target === 'jax' || opts.target === 'eigen' ? 'numpy' : opts.target };
  const routed = wantsTensorCodegen(routing, () => buildModel({ source: req.source, language: req.language, ...(req.wrt?.length ? { wrt: req.wrt } : {}) }));
  if (routed.kind === 'scalar') return null;
  const point = selectionPoint(req, lang, opts);
  const inputs = probeInputs(req.source, lang, point);
  const hessianOf = opts.style === 'hessian' ? hessianInput(req, lang, point, opts) : undefined;
  const layout = {
    ...(opts.indent !== undefined ? { indent: opts.indent } : {}),
    ...(opts.eol !== undefined ? { eol: opts.eol } : {}),
    ...(opts.paramOrder?.length ? { paramOrder: opts.paramOrder } : {}),
    ...(hessianOf !== undefined ? { hessian: hessianOf } : {}),
    ...(opts.documentText !== undefined ? { avoid: documentNames(opts.documentText, opts.languageId ?? req.language ?? '') } : {}),
  };
  const request: TensorCodegenRequest = {
    ...base, style: opts.style === 'hessian' ? 'closed' : opts.style, layout,
    ...(opts.name ? { name: opts.name } : {}),
  };
  let fromDocument = Object.keys(point).filter((n) => Array.isArray(point[n]) && inputs.includes(n));
  let r;
  try {
    r = tensorCodegen({ ...request, ...(fromDocument.length ? { at: { values: point, hasArray: true } } : {}) }, routed.lang);
  } catch (e) {
    // the document's arrays may not fit this selection (another variable of the same name): the selection alone
    if (!fromDocument.length) throw e;
    r = tensorCodegen(request, routed.lang);
    fromDocument = [];
  }
  const imports = r.imports;
  const missing = opts.documentText !== undefined ? imports.filter((i) => !hasImport(opts.documentText!, i)) : [];
  const eol = opts.eol ?? '\n';
  const indent = opts.indent ?? '';
  const comment = opts.target === 'matlab' ? '%' : opts.target === 'eigen' ? '//' : '#';
  const lines: string[] = [];
  if (missing.length) lines.push(`${indent}${comment} needs: ${missing.join('; ')}`);
  // the statements call their helpers (softmax, logsumexp): Python defines them just before (the function form has them already)
  if (opts.form === 'statements' && r.helpers.length) {
    if (opts.target === 'numpy' || opts.target === 'jax' || opts.target === 'pytorch') {
      for (const h of r.helpers) lines.push(...h.split('\n').map((l) => (l ? indent + l : l)));
    } else {
      throw new PartialsError(l10n('These statements need helper functions ({0}) that {1} cannot define inside a block: insert the gradient function instead.', r.helpers.length, opts.target), 'unsupported');
    }
  }
  const code = [...lines, r.code].join(eol);
  return {
    engine: 'tensor', target: r.target, code, imports, helpers: r.helpers, body: r.body,
    ...(missing.length ? { missingImports: missing } : {}),
    ...(r.functionName ? { functionName: r.functionName, parameters: r.parameters } : {}),
    resultNames: r.resultNames, shapes: r.shapes, fromDocument,
    ...(hessianOf !== undefined ? { hessianOf } : {}),
  };
}

/** The zero-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The identifiers of a document's code (comments and strings left out): generated names stay clear of them. */
function documentNames(text: string, languageId: string): string[] {
  const lang = canonicalLanguage(languageId);
  const masked = maskText(text, lang === 'auto' || lang === 'markdown' ? 'python' : lang);
  return [...new Set(masked.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
}

/** The document's arrays and numbers above the selection, with the request's own numbers over them. */
export function selectionPoint(req: InspectRequest, _lang: TensorLanguage, opts: Pick<TensorCodeOptions, 'documentText' | 'languageId' | 'offset'>): Record<string, Nested> {
  const found = opts.documentText !== undefined ? documentArrays(opts.documentText, opts.languageId ?? req.language ?? '', opts.offset ?? opts.documentText.length) : {};
  const out: Record<string, Nested> = {};
  for (const [k, v] of Object.entries(found)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(req.at ?? {})) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The selection's inputs (read with the point's shapes when they fit, else alone). */
function probeInputs(source: string, lang: TensorLanguage, point: Record<string, Nested>): string[] {
  try {
    return readTensor(source, lang, { at: point }).inputs;
  } catch {
    try {
      return readTensor(source, lang, {}).inputs;
    } catch {
      return [];
    }
  }
}

/**
 * The one input a Hessian is generated for: the inspector's single `wrt`; else the first parameter of the
 * enclosing function that is a vector; else the only vector input; else the only input. Otherwise a message
 * naming the candidates.
 */
function hessianInput(req: InspectRequest, lang: TensorLanguage, point: Record<string, Nested>, opts: TensorCodeOptions): string {
  let r;
  try {
    r = readTensor(req.source, lang, { at: point });
  } catch {
    r = readTensor(req.source, lang, {});
  }
  const tg = r.graph;
  const rank = (n: string) => tg.rank(tg.lookupVariable(n)!);
  if (req.wrt?.length === 1 && r.inputs.includes(req.wrt[0])) return req.wrt[0];
  const vectors = r.inputs.filter((n) => rank(n) === 1);
  // statements have no parameter order of their own: the function around the selection gives it
  const order = opts.paramOrder ?? (opts.documentText !== undefined && opts.offset !== undefined
    ? enclosingFunction(opts.documentText, opts.languageId ?? req.language ?? '', lineAt(opts.documentText, opts.offset))?.params : undefined);
  const param = order?.find((p) => vectors.includes(p));
  if (param) return param;
  if (vectors.length === 1) return vectors[0];
  if (!vectors.length && r.inputs.length === 1) return r.inputs[0];
  // (one input that is not a vector returned above, so here there are several)
  if (!vectors.length) {
    throw new PartialsError(l10n('Hessian code is generated for one vector input, and {0} are not vectors (a Hessian with respect to a matrix has rank 4).',
      r.inputs.map(quote).join(', ')), 'unsupported');
  }
  throw new PartialsError(l10n('Hessian code is generated for one vector input; this selection has {0}: {1}. Choose one under "with respect to" in the Partials inspector, then insert again.', vectors.length, vectors.map(quote).join(', ')), 'input');
}

/**
 * Copy Gradient as LaTeX for a vectorised selection: `\frac{\partial f}{\partial w} &= 2 X^\top (X w - y)` per
 * input in an aligned block, as the scalar LaTeX target writes its partials; null for scalar code.
 */
export function tensorLatex(req: InspectRequest, eol = '\n'): string | null {
  const lang = tensorLanguage(req.language, req.source);
  if (!lang) return null;
  const routed = wantsTensorCodegen({ source: req.source, lang: req.language, target: 'numpy', form: 'statements' },
    () => buildModel({ source: req.source, language: req.language, ...(req.wrt?.length ? { wrt: req.wrt } : {}) }));
  if (routed.kind === 'scalar') return null;
  const run = runTensor({ source: req.source, lang: routed.lang, ...(req.wrt?.length ? { wrt: [...req.wrt] } : {}) });
  const rows = run.analysis.partials.map((p) => `\\frac{\\partial f}{\\partial ${texName(p.wrt)}} &= ${p.latex}`);
  if (!rows.length) throw new PartialsError(l10n('The selection has no gradient to copy: its value is not a scalar.'), 'unsupported');
  return ['\\begin{aligned}', rows.join(` \\\\${eol}`), '\\end{aligned}'].join(eol);
}

/** A variable name in LaTeX: one letter as is, longer names upright (\mathit), underscores escaped. */
function texName(name: string): string {
  return name.length === 1 ? name : `\\mathit{${name.replace(/_/g, '\\_')}}`;
}
