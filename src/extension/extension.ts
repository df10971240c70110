import * as vscode from 'vscode';

// Placeholder until the UI issue lands: activation only.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('partials.inspectSelection', () => vscode.window.showInformationMessage('Partials is activating.')),
  );
}

export function deactivate(): void {}
