/**
 * Entry of dist/extension.js. The same file also runs in a worker thread as the engine's process (see
 * engine/client.ts), where `vscode` does not exist — so the VS Code side is required lazily, on activation only.
 * The web extension host's entry is extension.web.ts (dist/web/extension.js; its engine: engine/worker.web.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { PartialsApi } from './activate';

export type { PartialsApi } from './activate';

if (!isMainThread && (workerData as { partialsEngine?: boolean } | null)?.partialsEngine) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./engine/worker') as typeof import('./engine/worker')).serve(parentPort, (workerData as { l10n?: unknown }).l10n);
}

export function activate(context: vscode.ExtensionContext): PartialsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./activate') as typeof import('./activate')).activate(context);
}

export function deactivate(): void {}
