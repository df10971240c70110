/**
 * The inspector's first engine call made ahead: when the selection in an ordinary document rests for PREFETCH_MS,
 * the engine's worker computes the call an Inspect of it starts with (inspectViewCode, with the request and code
 * target the inspector would use: `args`), and the client keeps the answer (engine/client.ts caches calls by their
 * arguments and joins a call already in flight). An Inspect by keybinding or from the palette then finds its
 * partials computed, or on their way, instead of starting them when the key is pressed. Nothing is shown; a newer
 * selection replaces a prefetch still waiting for the worker (one runs at a time). `.dx` pads (their targets come from the pad's
 * analysis) and selections over PREFETCH_MAX_CHARS are left alone.
 */
import * as vscode from 'vscode';
import type { InspectRequest } from '../../core/api';
import type { TargetId } from '../../core/codegen';
import type { AsyncEngine } from '../engine/client';
import { isSupportedLanguage } from '../source';
import type { Target } from './request';
import { plainTarget } from './target';

/** How long a selection rests before its partials are computed ahead (a drag changes it every few milliseconds). */
export const PREFETCH_MS = 40;
/** Longer selections wait for the Inspect itself (the worker may need a while for them, and they are rare). */
export const PREFETCH_MAX_CHARS = 4000;

export class Prefetch implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The prefetch the worker is on (never abandoned: the worker would be restarted to stop it), and the next one. */
  private inFlight = false;
  private next: (() => void) | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly engine: AsyncEngine,
    /** The first call's arguments for `t`, exactly as an Inspect of it would make them (Inspector.firstCallArgs). */
    private readonly args: (t: Target, doc: vscode.TextDocument) => [InspectRequest, TargetId],
  ) {
    this.sub = vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e));
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.next = undefined;
    this.sub.dispose();
  }

  private schedule(e: vscode.TextEditorSelectionChangeEvent): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const doc = e.textEditor.document;
    const sel = e.selections[0];
    if (!sel || sel.isEmpty || doc.languageId === 'dx' || !isSupportedLanguage(doc.languageId)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (doc.isClosed || !e.textEditor.selection.isEqual(sel)) return;
      const t = plainTarget(doc, sel);
      if (!t || t.text.length > PREFETCH_MAX_CHARS) return;
      const args = this.args(t, doc);
      // one at a time: a newer selection's waits for the one the worker is on, and replaces any older one waiting
      const go = () => {
        this.inFlight = true;
        // (a failure is the Inspect's to report: it makes the same call)
        void this.engine.call('inspectViewCode', args).catch(() => undefined).finally(() => {
          this.inFlight = false;
          const n = this.next;
          this.next = undefined;
          n?.();
        });
      };
      if (this.inFlight) this.next = go;
      else go();
    }, PREFETCH_MS);
  }
}
