/** Inspect Selection, Show Graph, Check Gradient, Verify Derivative, the panel and the pin: factories over Ctx. */
import * as vscode from 'vscode';
import type { CommandFactory, Ctx } from '../context';
import type { SectionId } from '../../shared/protocol';
import { editorFor } from './args';
import { withEngineProgress } from './progress';
import { t } from '../l10n';

/** Inspects the selection (when there is an editor) and shows the inspector where it is open. */
async function inspectAndShow(ctx: Ctx, args: unknown, section?: SectionId): Promise<boolean> {
  const loc = await editorFor(args, { preserveFocus: true, select: true });
  if (!loc && ctx.inspector.current.kind === 'empty') {
    void vscode.window.showInformationMessage(t('Partials: open a file and select an expression to inspect.'));
    return false;
  }
  // The view first: a view that does not exist yet loads while the engine works (it gets the model when ready).
  const shown = ctx.panel.visible ? Promise.resolve(void ctx.panel.show()) : ctx.view.reveal();
  if (loc) await ctx.inspector.inspectEditor(loc.editor, loc.range);
  await shown;
  if (section) ctx.inspector.focusSection(section);
  return true;
}

export const inspectSelection: CommandFactory = (ctx) => (args) => inspectAndShow(ctx, args);

export const openPanel: CommandFactory = (ctx) => () => {
  ctx.panel.show();
};

export const showGraph: CommandFactory = (ctx) => async (args) => {
  const loc = await editorFor(args, { preserveFocus: true, select: true });
  if (loc && (!loc.editor.selection.isEmpty || loc.range)) await ctx.inspector.inspectEditor(loc.editor, loc.range);
  ctx.panel.show();
  ctx.inspector.focusSection('graph');
};

export const checkGradient: CommandFactory = (ctx) => (args) => inspectAndShow(ctx, args, 'checks');

export const verifyDerivative: CommandFactory = (ctx) => async (args) => {
  if (!(await inspectAndShow(ctx, args, 'checks'))) return undefined;
  // the checks run in the worker; a long verification shows a notification that can cancel it
  const model = await withEngineProgress(t('verifying the hand-written derivatives…'), (signal) => {
    signal.addEventListener('abort', () => ctx.inspector.cancel(), { once: true });
    return ctx.inspector.settled();
  });
  const claims = model?.checks?.claims ?? [];
  if (model?.kind === 'result' && claims.length === 0) {
    void vscode.window.showInformationMessage(
      t('Partials: no hand-written derivative in the selection. Select the formula together with a claim such as `df_dx = …` (or `df/dx = …` in a .dx file).'));
  } else if (claims.length) {
    const wrong = claims.filter((c) => c.result !== 'holds');
    const msg = wrong.length
      ? (wrong.length === 1 ? t('Partials: 1 of {0} hand-written derivatives is wrong: {1}', claims.length, wrong[0].label)
        : t('Partials: {0} of {1} hand-written derivatives are wrong: {2}', wrong.length, claims.length, wrong.map((c) => c.label).join('; ')))
      : claims.length === 1 ? t('Partials: the hand-written derivative holds.') : t('Partials: all {0} hand-written derivatives hold.', claims.length);
    if (wrong.length) void vscode.window.showWarningMessage(msg);
    else void vscode.window.showInformationMessage(msg);
  }
  return claims;
};

export const togglePin: CommandFactory = (ctx) => () => ctx.inspector.togglePin();
// View-title buttons: the icon shows the state (pin / pinned); the palette has the toggle.
export const pin: CommandFactory = (ctx) => () => !ctx.inspector.isPinned && ctx.inspector.togglePin();
export const unpin: CommandFactory = (ctx) => () => ctx.inspector.isPinned && ctx.inspector.togglePin();
