/** Activation: wires the engine to the inspector views, hover, status bar and commands (loaded by extension.ts). */
import * as vscode from 'vscode';
import { registerCodegenCommands } from './codegenCommands';
import { registerCommands } from './commands';
import * as path from 'node:path';
import { createEngine } from './engine';
import { WorkerEngine } from './engineClient';
import { PartialsHoverProvider } from './hover';
import { Inspector } from './inspector';
import { INSPECTOR_VIEW_ID, InspectorViewProvider } from './inspectorView';
import { InspectorPanel, PANEL_VIEW_TYPE } from './panel';
import { createStatusBar } from './statusBar';
import { registerDx } from './dx';
import type { ViewModel } from '../shared/protocol';

/** What activate() returns: a small API the extension-host tests use to observe the inspector. */
export interface PartialsApi {
  /** The current view model (what the webviews show). */
  model(): ViewModel;
  /** Resolves with the next model published after the call. */
  nextModel(timeoutMs?: number): Promise<ViewModel>;
  features(): { checks: boolean; codegen: boolean; frontends: boolean };
  /** Where the inspector's engine runs. */
  engineThread(): 'worker' | 'in-process' | 'not started';
}

export function activate(context: vscode.ExtensionContext): PartialsApi {
  const engine = createEngine();
  // The inspector's engine works in a worker thread started from this very bundle (see extension.ts).
  const workerEngine = new WorkerEngine(path.join(context.extensionPath, 'dist', 'extension.js'), engine);
  // The worker starts as soon as activation is over rather than during it: spawning it, and its loading the engine
  // on the other core meanwhile, would lengthen activation. A request before then starts it at once.
  const warm = setImmediate(() => workerEngine.warm());
  context.subscriptions.push({ dispose: () => clearImmediate(warm) });
  const inspector = new Inspector(workerEngine, context.workspaceState);
  const view = new InspectorViewProvider(context.extensionUri, inspector);
  const panel = new InspectorPanel(context.extensionUri, inspector);
  registerDx(context);
  void vscode.commands.executeCommand('setContext', 'partials.codegenAvailable', engine.features.codegen);
  void vscode.commands.executeCommand('setContext', 'partials.checksAvailable', engine.features.checks);
  context.subscriptions.push(
    inspector,
    vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panel.serializer()),
    vscode.languages.registerHoverProvider('*', new PartialsHoverProvider(engine, (t) => inspector.requestFor(t))),
    createStatusBar(inspector),
    ...registerCommands({ engine, inspector, view, panel }),
    ...registerCodegenCommands(engine, inspector),
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
    features: () => ({ ...engine.features }),
    engineThread: () => workerEngine.mode,
  };
}
