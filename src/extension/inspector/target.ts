/**
 * Selection → target: the text to inspect in an editor (the primary selection, or the current line), with where
 * it came from. In a `.dx` scratch pad the target is the statement under the cursor with every definition it uses
 * and the pad's own point and inputs, asked of the engine (from its kept analysis of that text).
 */
import * as vscode from 'vscode';
import { enclosingFunction } from '../../core/codegen/placement';
import { DX_BUDGET_MS, type DxDocuments } from '../dx/documents';
import type { AsyncEngine } from '../engine/client';
import { engineLanguage } from '../source';
import type { SelectionKey } from './liveUpdate';
import type { Target } from './request';

const fileName = (doc: vscode.TextDocument) => doc.uri.path.split('/').pop() || doc.uri.toString();

/**
 * The target for a range of an ordinary document, or undefined when there is nothing but whitespace (or the
 * range is empty and `lineIfEmpty` is false). Synchronous: no engine involved. Not for `.dx` documents.
 */
export function plainTarget(doc: vscode.TextDocument, range: vscode.Range, lineIfEmpty = false): Target | undefined {
  let r: vscode.Range = range;
  if (r.isEmpty) {
    if (!lineIfEmpty) return undefined;
    r = doc.lineAt(r.start.line).range;
  }
  const text = doc.getText(r);
  if (!text.trim()) return undefined;
  // `return …` inside `def loss(…)`: the value is `loss` (the document is only scanned when there is a return)
  const returnName = /\breturn\b/.test(text) ? enclosingFunction(doc.getText(), doc.languageId, r.start.line)?.name : undefined;
  return {
    uri: doc.uri.toString(), file: fileName(doc), languageId: doc.languageId, language: engineLanguage(doc.languageId),
    text, offset: doc.offsetAt(r.start), line: r.start.line, character: r.start.character, ...(returnName ? { returnName } : {}),
  };
}

/**
 * The target for a range of any document (a `.dx` pad: the statement at its start, with its context — none while
 * the pad is too large or too slow to analyse, which its diagnostic says).
 */
export async function targetFor(engine: AsyncEngine, dxDocs: DxDocuments, doc: vscode.TextDocument, range: vscode.Range,
  lineIfEmpty = false, signal?: AbortSignal): Promise<Target | undefined> {
  if (doc.languageId !== 'dx') return plainTarget(doc, range, lineIfEmpty);
  const text = doc.getText();
  // the per-version analysis (the worker keeps it for dxTarget); a problem means there is nothing to inspect
  if (!(await dxDocs.get(doc))) return undefined;
  const dx = await engine.call('dxTarget', [text, doc.offsetAt(range.start)], { budgetMs: DX_BUDGET_MS, ...(signal ? { signal } : {}) });
  if (!dx) return undefined;
  const req = dx.request;
  return {
    uri: doc.uri.toString(), file: fileName(doc), languageId: doc.languageId, language: req.language,
    text: req.source,
    // With document offsets the request's source is the document itself (other statements blanked).
    offset: 0, line: 0, character: 0,
    displayLine: doc.positionAt(dx.result.statement.span.start).line + 1,
    ...(dx.documentOffsets ? {} : { noSpans: true }),
    base: { ...(req.at ? { at: req.at } : {}), ...(req.wrt ? { wrt: req.wrt } : {}) },
    ...(dx.claims ? { claims: dx.claims } : {}),
  };
}

export function selectionKey(doc: vscode.TextDocument, r: vscode.Range): SelectionKey {
  return { uri: doc.uri.toString(), version: doc.version, start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) };
}
