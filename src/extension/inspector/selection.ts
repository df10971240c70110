/**
 * Live updates: follows the active editor's selection, debounced, and hands the inspector a new target when the
 * selection settles — unless a command inspected something meanwhile, the view is pinned, live updates are off,
 * or the editor was left (liveUpdate.ts decides, pure).
 */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { DxDocuments } from '../dx/documents';
import type { AsyncEngine } from '../engine/client';
import { LiveDebounce, sameSelection, type SelectionKey } from './liveUpdate';
import type { Target } from './request';
import { selectionKey, targetFor } from './target';

export class SelectionFollower implements vscode.Disposable {
  private readonly live = new LiveDebounce();
  /** The selection an explicit command just inspected (its echo as a selection event is not a live change). */
  private explicitSelection: SelectionKey | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly engine: AsyncEngine,
    private readonly dxDocs: DxDocuments,
    private readonly state: { pinned(): boolean; debounceMs(): number },
    /** A live target; `selectedAt` is when the selection changed. */
    private readonly onTarget: (t: Target, selectedAt: number) => void,
  ) {
    this.sub = vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e));
  }

  dispose(): void {
    this.live.cancel();
    this.sub.dispose();
  }

  /** A command inspects `r` now: it wins over a live update still waiting, and its selection's echo is ignored. */
  explicit(doc: vscode.TextDocument, r: vscode.Range): void {
    this.live.cancel();
    this.explicitSelection = selectionKey(doc, r);
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    // The setting is read afresh: the configuration-change event may arrive after the new value is visible.
    if (this.state.pinned() || !readSettings().liveUpdate || e.textEditor !== vscode.window.activeTextEditor) return;
    const sel = e.selections[0];
    const doc = e.textEditor.document;
    // Keep showing the last expression while the cursor just moves — except in a .dx scratch pad, where the
    // statement under the cursor is the natural target.
    if (!sel || (sel.isEmpty && doc.languageId !== 'dx')) return;
    const selectedAt = Date.now();
    if (sameSelection(this.explicitSelection, selectionKey(doc, sel))) return;
    this.explicitSelection = undefined;
    const stillWanted = () => ({
      pinned: this.state.pinned(), liveEnabled: readSettings().liveUpdate, documentClosed: doc.isClosed,
      editorActive: vscode.window.activeTextEditor === e.textEditor && vscode.window.activeTextEditor.document === doc,
    });
    // When the timer fires everything is checked again: the editor may have been closed or left, the setting
    // turned off, or the view pinned in the meantime (and again once a .dx target has come back).
    this.live.schedule(this.state.debounceMs(), stillWanted, () => {
      const armed = this.explicitSelection;
      void targetFor(this.engine, this.dxDocs, doc, e.textEditor.selection, doc.languageId === 'dx').then((t) => {
        if (t && !this.live.pending && armed === this.explicitSelection && !stillWanted().pinned) this.onTarget(t, selectedAt);
      }, () => undefined);
    });
  }
}
