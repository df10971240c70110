/** Reads the `partials.*` settings through the VS Code API. */
import * as vscode from 'vscode';
import { settingsFrom, type Settings } from './settings';

export type { Settings, HoverMode } from './settings';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('partials', scope);
  return settingsFrom((key) => c.get(key));
}
