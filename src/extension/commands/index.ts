/**
 * Every palette / context-menu command (category "Partials"), each a factory over the shared context. IDs are
 * stable: package.json, tests, hover links and keybindings use them.
 */
import * as vscode from 'vscode';
import type { CommandFactory, Ctx } from '../context';
import { copyGradientLatex, insertGradientCode, insertGradientFunction, insertHessianCode } from './codegen';
import { exportGraphCommand } from './exportGraph';
import { checkGradient, inspectSelection, openPanel, pin, showGraph, togglePin, unpin, verifyDerivative } from './inspect';

export const COMMANDS: Record<string, CommandFactory> = {
  'partials.inspectSelection': inspectSelection,
  'partials.openPanel': openPanel,
  'partials.showGraph': showGraph,
  'partials.checkGradient': checkGradient,
  'partials.verifyDerivative': verifyDerivative,
  'partials.exportGraph': exportGraphCommand,
  'partials.togglePin': togglePin,
  'partials.pin': pin,
  'partials.unpin': unpin,
  'partials.insertGradientCode': insertGradientCode,
  'partials.insertGradientFunction': insertGradientFunction,
  'partials.insertHessianCode': insertHessianCode,
  'partials.copyGradientLatex': copyGradientLatex,
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
