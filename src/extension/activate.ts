/**
 * Activation: builds the shared context (the engine behind its worker, the inspector and its views, the `.dx`
 * documents) and registers the views, hovers, status bar and commands over it (loaded by extension.ts).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { Ctx } from './context';
import { DxDocuments, registerDx } from './dx';
import { WorkerEngine } from './engine/client';
import { localEngine } from './engine/lazy';
import { platform } from './platform';
import { isSupportedLanguage } from './source';
import { PartialsHoverProvider } from './hover/provider';
import { INSPECTOR_VIEW_ID, PANEL_VIEW_TYPE } from './inspector/ids';
import { Inspector } from './inspector/inspector';
import { InspectorPanel } from './inspector/panel';
import { InspectorViewProvider } from './inspector/sidebarView';
import { createStatusBar } from './statusBar';
import type { ViewModel } from '../shared/protocol';
import { l10nBundle, useL10n } from './l10n';

/** What activate() returns: a small API the extension-host tests use to observe the inspector. */
export interface PartialsApi {
  /** The current view model (what the webviews show). */
  model(): ViewModel;
  /** Resolves with the next model published after the call. */
  nextModel(timeoutMs?: number): Promise<ViewModel>;
  /** Where the engine runs. */
  engineThread(): 'worker' | 'in-process' | 'not started';
  /** The engine client's counters: calls sent to the worker, answered from its cache, joined to one in flight. */
  engineStats(): { sent: number; cacheHits: number; joined: number };
  /** Which extension host this build is for: 'node', or 'web' (the web worker extension host). */
  platform(): 'node' | 'web';
}

/** A command the tests use (not in the manifest's palette): where the extension and its engine run. */
export const ENVIRONMENT_COMMAND = 'partials.internal.environment';

export interface PartialsEnvironment {
  platform: 'node' | 'web';
  /** `typeof process` in the extension host: 'undefined' in the web worker extension host. */
  process: string;
  /** The extension host is a Web Worker (a WorkerGlobalScope). */
  webWorker: boolean;
  engine: 'worker' | 'in-process' | 'not started';
}

/**
 * The engine's worker starts at the first use, not at activation: the first non-empty selection in a supported
 * language (or the cursor in a `.dx` pad), so the worker is loading while the user reaches for Inspect or the
 * inspector's live update is debounced; or else the first call (a hover, a `.dx` analysis, a command).
 */
export function warmOnFirstSelection(engine: { warm(): void }): vscode.Disposable {
  const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
    const language = e.textEditor.document.languageId;
    if (!isSupportedLanguage(language) || (language !== 'dx' && e.selections.every((s) => s.isEmpty))) return;
    sub.dispose();
    engine.warm();
  });
  return sub;
}

export function activate(context: vscode.ExtensionContext): PartialsApi {
  // messages in the display language: vscode.l10n.t here, its bundle for the pure modules and the engine's worker
  useL10n(vscode.l10n.bundle, (message, args) => vscode.l10n.t(message, ...args));
  // The engine works in a worker thread (dist/engine.js, engine/node.ts), or in a Web Worker on the web
  // (platform.web.ts); in-process only when no worker can start, and only then loaded on the host (engine/lazy.ts).
  // Not started here: a window that never uses Partials never pays for it (warmOnFirstSelection; any engine call
  // starts it too).
  const engine = new WorkerEngine(platform.engineScript(context), () => {
    const local = localEngine();
    local.useL10n(l10nBundle()); // the engine file has its own copy of l10n.ts: the host's translations, as a worker gets
    return local.createEngine();
  });
  const dx = new DxDocuments(engine);
  const inspector = new Inspector(engine, dx, context.workspaceState);
  const ctx: Ctx = {
    engine, inspector, dx,
    view: new InspectorViewProvider(context.extensionUri, inspector),
    panel: new InspectorPanel(context.extensionUri, inspector),
  };
  registerDx(context, dx);
  context.subscriptions.push(
    // the engine's worker, and the inspector page's assets (an Inspect is likely to follow)
    warmOnFirstSelection({ warm: () => { engine.warm(); ctx.view.warm(); } }),
    engine, inspector, dx,
    vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW_ID, ctx.view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, ctx.panel.serializer()),
    vscode.languages.registerHoverProvider('*', new PartialsHoverProvider(engine, dx, (t) => inspector.requestFor(t))),
    createStatusBar(inspector),
    ...registerCommands(ctx),
    vscode.commands.registerCommand(ENVIRONMENT_COMMAND, (quiet?: unknown): PartialsEnvironment => {
      const env: PartialsEnvironment = {
        platform: platform.kind,
        process: typeof process,
        webWorker: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined',
        engine: engine.mode,
      };
      if (quiet !== true) void vscode.window.showInformationMessage(`Partials environment: ${JSON.stringify(env)}`);
      return env;
    }),
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
    engineStats: () => ({ sent: engine.stats.sent, cacheHits: engine.stats.cacheHits, joined: engine.stats.joined }),
    platform: () => platform.kind,
  };
}
