/**
 * Insert Gradient Code / Function / Hessian Code and Copy Gradient as LaTeX, as one undoable edit with the
 * document's line endings and import aliases. Where the code goes is src/core/codegen/placement.ts: statements
 * in the selection's scope (before a return, never after it), a function beside the enclosing function with
 * its parameters in the enclosing function's order.
 */
import * as vscode from 'vscode';
import { STYLES, TARGETS, type CodegenForm, type CodegenResult, type CodegenStyle, type TargetId } from '../../core/codegen/types';
import type { EnclosingFunction, Insertion } from '../../core/codegen/placement';
import { readSettings } from '../config';
import type { CommandFactory, Ctx } from '../context';
import { engineLanguage, sizeProblem } from '../source';
import { editorArgs, editorFor } from './args';
import { codegenTargets, documentLanguage, tensorTargetFor } from './codegenTarget';
import { withEngineProgress } from './progress';
import { position } from '../../core/errors';
import { documentContext } from '../notebookText';
import { t as l10n } from '../l10n';

/** The selection to generate code for (the current line when nothing is selected). */
async function selectionFor(raw: unknown): Promise<{ editor: vscode.TextEditor; range: vscode.Range } | undefined> {
  const loc = await editorFor(raw, { preserveFocus: false, select: false });
  if (!loc) return undefined;
  let range: vscode.Range = loc.range ?? loc.editor.selection;
  if (range.isEmpty) range = loc.editor.document.lineAt(range.start.line).range;
  return { editor: loc.editor, range };
}

async function pickTarget(candidates: TargetId[], given?: string): Promise<TargetId | undefined> {
  if (given && (TARGETS as readonly string[]).includes(given)) return given as TargetId;
  if (candidates.length === 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(candidates.map((c) => ({ label: c })), { title: l10n('Partials: generate code for'), placeHolder: l10n('Target language') });
  return pick?.label as TargetId | undefined;
}

async function pickStyle(setting: string, given?: string): Promise<CodegenStyle | undefined> {
  if (given && (STYLES as readonly string[]).includes(given)) return given as CodegenStyle;
  if (setting === 'closed' || setting === 'adjoint') return setting;
  const pick = await vscode.window.showQuickPick([
    { label: 'closed', description: l10n('closed form, shared subexpressions as temporaries'), style: 'closed' as const },
    { label: 'adjoint', description: l10n('reverse mode: forward sweep, then backward sweep'), style: 'adjoint' as const },
  ], { title: l10n('Partials: code style'), placeHolder: l10n('Style') });
  return pick?.style;
}

type Generated = {
  editor: vscode.TextEditor; range: vscode.Range; result: CodegenResult; target: TargetId; style: CodegenStyle;
  insertion: Insertion; enclosing: EnclosingFunction | undefined;
};

/** Generates code for the selection in the engine's worker; undefined (after telling the user why) when it cannot. */
async function generate(ctx: Ctx, raw: unknown, form: CodegenForm, fixedStyle?: CodegenStyle, fixedTarget?: TargetId): Promise<Generated | undefined> {
  const args = editorArgs(raw);
  const where = await selectionFor(raw);
  if (!where) {
    void vscode.window.showInformationMessage(l10n('Partials: select an expression in an editor first.'));
    return undefined;
  }
  const { editor, range } = where;
  const doc = editor.document;
  const text = doc.getText(range);
  const settings = readSettings(doc);
  const tooBig = sizeProblem(text, { maxChars: settings.maxSelectionChars, maxLines: settings.maxSelectionLines });
  if (!text.trim() || tooBig) {
    void vscode.window.showWarningMessage(l10n('Partials: {0}', tooBig ?? l10n('the selection is empty.')));
    return undefined;
  }
  // In a notebook the cells above count as the document's top (their imports decide the target and its aliases,
  // their array literals the shapes of a vectorised selection).
  const context = documentContext(doc, doc.offsetAt(range.start));
  const documentText = doc.getText();
  const languageId = documentLanguage(doc.languageId, doc.fileName, documentText);
  const target = fixedTarget ?? (await pickTarget(codegenTargets(languageId, context.text, settings.codegenTarget), args.target));
  if (!target) return undefined;
  const style = fixedStyle ?? (await pickStyle(settings.codegenStyle, args.style));
  if (!style) return undefined;
  // Held-constant choices made in the inspector apply when it shows this same text.
  const t = ctx.inspector.currentTarget;
  const wrt = t && t.uri === doc.uri.toString() && t.text === text ? ctx.inspector.currentWrt : undefined;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const tensorTarget = target === 'latex' ? undefined : tensorTargetFor(target, context.text, text);
  try {
    return await withEngineProgress(l10n('generating code…'), async (signal): Promise<Generated | undefined> => {
      // Where the code goes decides its indentation and, for a function, its parameter order (copying goes nowhere).
      const placed = fixedTarget === 'latex'
        ? { ok: true as const, insertion: { line: range.end.line, where: 'after' as const, indent: '' } }
        : await ctx.engine.call('place', [documentText, languageId, doc.offsetAt(range.start), doc.offsetAt(range.end), form], { signal });
      if (!placed.ok) {
        void vscode.window.showWarningMessage(l10n('Partials: {0}', placed.message));
        return undefined;
      }
      const { insertion } = placed;
      const enclosing = 'enclosing' in placed ? placed.enclosing : undefined;
      const functionOpts = form === 'function' && enclosing ? {
        ...(enclosing.params.length ? { paramOrder: enclosing.params } : {}),
        // the gradient of what the function returns is named after the function
        ...('returns' in placed && placed.returns && enclosing.name ? { name: enclosing.name } : {}),
      } : {};
      const req = { source: text, language: engineLanguage(languageId), ...(wrt ? { wrt } : {}) };
      // Vectorised selections (np.sum((X @ w - y)**2), r'*r, sum(abs2, X*w .- y)) get whole-array code; the rest scalar code.
      const latex = target === 'latex' ? await ctx.engine.call('tensorLatex', [req, eol], { signal }) : null;
      const vectorised = latex !== null ? { code: latex, imports: [], helpers: [], body: latex, resultNames: [] } : tensorTarget ? await ctx.engine.call('tensorCode', [req, {
        target: tensorTarget, style, form, indent: insertion.indent, eol, documentText: context.text, languageId, offset: context.offset,
        // the enclosing function's parameters also pick the input of a Hessian (its first vector parameter)
        ...(enclosing?.params.length ? { paramOrder: enclosing.params } : {}), ...functionOpts,
      }], { signal }) : null;
      const result = vectorised ?? await ctx.engine.call('code', [req, {
        target, style, form, indent: insertion.indent, eol, documentText: context.text, ...functionOpts,
      }], { signal });
      return { editor, range, result, target, style, insertion, enclosing };
    });
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number; name?: string };
    const at = e.name === 'PartialsError' && e.line ? position(range.start.line + e.line, e.column) : '';
    void vscode.window.showErrorMessage(l10n('Partials: {0}', `${e.message ?? String(err)}${at}`));
    return undefined;
  }
}

async function insert(ctx: Ctx, raw: unknown, form: CodegenForm, style?: CodegenStyle): Promise<boolean> {
  const g = await generate(ctx, raw, form, style);
  if (!g) return false;
  const { editor, result, insertion, enclosing } = g;
  const doc = editor.document;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const block = result.code.replace(/(\r?\n)+$/, '');
  const trailer = insertion.trailer ? `${eol}${insertion.indent}${insertion.trailer}` : '';
  // Before a line: at its start, the code then a line break; after a line: at its end, a line break then the code.
  // Every other character of the document stays as it was.
  const at = insertion.where === 'before' ? new vscode.Position(insertion.line, 0) : doc.lineAt(insertion.line).range.end;
  // A function is set apart from its neighbours by a blank line (two at Python's top level, as PEP 8 has it).
  const gap = form === 'function' && insertion.where === 'after' ? eol.repeat(doc.languageId === 'python' && !insertion.indent ? 2 : 1) : '';
  const text = insertion.where === 'before' ? block + eol : eol + gap + block + trailer;
  // A selection ending where the text goes would grow over it (and a second insert would differentiate the
  // generated code): the selections are put back as they were (moved down with their text when the code goes
  // above them). Selecting is not an edit: still one undo step.
  const selections = editor.selections;
  const ok = await editor.edit((eb) => eb.insert(at, text), { undoStopBefore: true, undoStopAfter: true });
  if (!ok) return false;
  const shift = insertion.where === 'before' ? text.split(/\r?\n/).length - 1 : 0;
  const move = (p: vscode.Position) => (shift && p.line >= insertion.line ? p.translate(shift) : p);
  editor.selections = selections.map((sel) => new vscode.Selection(move(sel.anchor), move(sel.active)));
  const notes = [insertion.note, parameterNote(result, enclosing), result.missingImports?.length ? l10n('The inserted code needs {0}.', result.missingImports.join(', ')) : undefined]
    .filter((n): n is string => !!n);
  if (notes.length) void vscode.window.showInformationMessage(l10n('Partials: {0}', notes.join(' ')));
  return ok;
}

export const insertGradientCode: CommandFactory = (ctx) => (raw) => insert(ctx, raw, 'statements');
export const insertGradientFunction: CommandFactory = (ctx) => (raw) => insert(ctx, raw, 'function');
export const insertHessianCode: CommandFactory = (ctx) => (raw) => insert(ctx, raw, 'statements', 'hessian');
export const copyGradientLatex: CommandFactory = (ctx) => async (raw) => {
  const g = await generate(ctx, raw, 'statements', 'closed', 'latex');
  if (!g) return undefined;
  await vscode.env.clipboard.writeText(g.result.code);
  vscode.window.setStatusBarMessage(l10n('Partials: gradient copied as LaTeX'), 3000);
  return g.result.code;
};

/**
 * When the generated function's parameters are not exactly the enclosing function's: which come from its
 * signature, which do not (variables the selection reads that the function does not take) and which it lacks.
 */
export function parameterNote(result: CodegenResult, enclosing: EnclosingFunction | undefined): string | undefined {
  const params = result.parameters;
  if (!params || !enclosing || !result.functionName) return undefined;
  const own = enclosing.params;
  if (params.length === own.length && params.every((p, i) => p === own[i])) return undefined;
  const from = enclosing.name ? `${enclosing.name}` : l10n('the enclosing function');
  const shared = params.filter((p) => own.includes(p));
  const extra = params.filter((p) => !own.includes(p));
  const unused = own.filter((p) => !params.includes(p));
  let takes = shared.length ? l10n('{0} takes {1} (in the order of {2})', result.functionName, shared.join(', '), from)
    : l10n('{0} takes none of the parameters of {1}', result.functionName, from);
  if (extra.length) takes = l10n('{0}, then {1}, which {2} does not take as parameters', takes, extra.join(', '), from);
  let text = l10n('{0}.', takes);
  if (unused.length) text += ` ${l10n('The selection does not use {0}.', unused.join(', '))}`;
  return text;
}
