/**
 * Activation: builds the shared context (the engine behind its worker, the inspector and its views, the `.dx`
 * documents) and registers the views, hovers, status bar and commands over it (loaded by extension.ts).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { registerCommands } from './commands';
import type { Ctx } from './context';
import { DxDocuments, registerDx } from './dx';
import { createEngine } from './engine/adapter';
import { WorkerEngine } from './engine/client';
import { PartialsHoverProvider } from './hover/provider';
import { INSPECTOR_VIEW_ID, PANEL_VIEW_TYPE } from './inspector/ids';
import { Inspector } from './inspector/inspector';
import { InspectorPanel } from './inspector/panel';
import { InspectorViewProvider } from './inspector/sidebarView';
import { createStatusBar } from './statusBar';
import type { ViewModel } from '../shared/protocol';
import { useL10n } from './l10n';

/** What activate() returns: a small API the extension-host tests use to observe the inspector. */
export interface PartialsApi {
  /** The current view model (what the webviews show). */
  model(): ViewModel;
  /** Resolves with the next model published after the call. */
  nextModel(timeoutMs?: number): Promise<ViewModel>;
  /** Where the engine runs. */
  engineThread(): 'worker' | 'in-process' | 'not started';
}

export function activate(context: vscode.ExtensionContext): PartialsApi {
  // messages in the display language: vscode.l10n.t here, its bundle for the pure modules and the engine's worker
  useL10n(vscode.l10n.bundle, (message, args) => vscode.l10n.t(message, ...args));
  // The engine works in a worker thread started from this very bundle (see extension.ts); in-process only when no
  // worker can start.
  const engine = new WorkerEngine(path.join(context.extensionPath, 'dist', 'extension.js'), createEngine());
  // The worker starts as soon as activation is over rather than during it: spawning it, and its loading the engine
  // on the other core meanwhile, would lengthen activation. A request before then starts it at once.
  const warm = setImmediate(() => engine.warm());
  const dx = new DxDocuments(engine);
  const inspector = new Inspector(engine, dx, context.workspaceState);
  const ctx: Ctx = {
    engine, inspector, dx,
    view: new InspectorViewProvider(context.extensionUri, inspector),
    panel: new InspectorPanel(context.extensionUri, inspector),
  };
  registerDx(context, dx);
  context.subscriptions.push(
    { dispose: () => clearImmediate(warm) },
    engine, inspector, dx,
    vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW_ID, ctx.view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, ctx.panel.serializer()),
    vscode.languages.registerHoverProvider('*', new PartialsHoverProvider(engine, dx, (t) => inspector.requestFor(t))),
    createStatusBar(inspector),
    ...registerCommands(ctx),
  );
  void inspector.restore();
  return {
    model: () => inspector.current,
    nextModel: (timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error('Partials: no model within the timeout'));
      }, timeoutMs);
      const sub = inspector.onDidChangeModel((m) => {
        clearTimeout(timer);
        sub.dispose();
        resolve(m);
      });
    }),
    engineThread: () => engine.mode,
  };
}
