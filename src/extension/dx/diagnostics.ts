/** Squiggles and Problems-panel entries for `.dx` files: parse errors, unknown names, wrong claims. */
import * as vscode from 'vscode';
import type { DxDiagnostic } from '../../core/dx';
import { DX_LANGUAGE, rangeOf, type DxDocuments } from './documents';

const SEVERITY: Record<DxDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'Partials';
const DELAY_MS = 200;

export function toDiagnostic(doc: vscode.TextDocument, d: DxDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(rangeOf(doc, d.span), d.message, SEVERITY[d.severity]);
  diag.source = DIAGNOSTIC_SOURCE;
  diag.code = d.code;
  return diag;
}

export function registerDiagnostics(docs: DxDocuments): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('partials-dx');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  // Asks for the analysis; the diagnostics are set when it is ready (onDidAnalyse), in the worker's time.
  const update = (doc: vscode.TextDocument) => {
    if (doc.languageId === DX_LANGUAGE && !doc.isClosed) void docs.state(doc);
  };
  const show = (doc: vscode.TextDocument) => {
    if (doc.isClosed) return;
    void docs.state(doc).then((now) => {
      if (!now || doc.isClosed) return;
      if ('problem' in now) {
        const tooBig = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), now.problem, vscode.DiagnosticSeverity.Warning);
        tooBig.source = DIAGNOSTIC_SOURCE;
        tooBig.code = 'too-large';
        collection.set(doc.uri, [tooBig]);
      } else collection.set(doc.uri, now.analysis.diagnostics.map((d) => toDiagnostic(doc, d)));
    });
  };
  const schedule = (doc: vscode.TextDocument) => {
    if (doc.languageId !== DX_LANGUAGE) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      update(doc);
    }, DELAY_MS));
  };

  vscode.workspace.textDocuments.forEach(update);
  return [
    collection,
    docs.onDidAnalyse(show),
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      clearTimeout(timers.get(doc.uri.toString()));
      timers.delete(doc.uri.toString());
      // an untitled pad's URI may already belong to a new pad opened before this close event arrived
      if (!vscode.workspace.textDocuments.some((d) => d !== doc && !d.isClosed && d.uri.toString() === doc.uri.toString())) collection.delete(doc.uri);
      docs.forget(doc);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  ];
}
