/**
 * Entry of dist/web/extension.js, for the web worker extension host (vscode.dev, github.dev, a browser workbench):
 * the same activation as extension.ts; the web build puts platform.web.ts in place of platform.ts, so the engine
 * runs in a Web Worker (dist/web/engine.js) instead of a Node worker thread.
 */
import type * as vscode from 'vscode';
import { activate as activateHost, type PartialsApi } from './activate';

export type { PartialsApi } from './activate';

export function activate(context: vscode.ExtensionContext): PartialsApi {
  return activateHost(context);
}

export function deactivate(): void {}
