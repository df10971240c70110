/**
 * Entry of dist/extension.js: the thin VS Code side only. The engine is dist/engine.js (engine/node.ts): the worker
 * thread runs it, and the host requires it only for the in-process fallback (engine/lazy.ts), so activation loads
 * neither the engine nor mathjs's parser. The web extension host's entry is extension.web.ts (dist/web/extension.js;
 * its engine: engine/worker.web.ts).
 */
import type * as vscode from 'vscode';
import type { PartialsApi } from './activate';

export type { PartialsApi } from './activate';

export function activate(context: vscode.ExtensionContext): PartialsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./activate') as typeof import('./activate')).activate(context);
}

export function deactivate(): void {}
