/**
 * One analysis per `.dx` document version, shared by the CodeLens, diagnostics, quick fix, hover and the
 * inspector. The analysis runs in the engine's worker with a time budget: opening or editing a large pad never
 * freezes the editor, and a pad too large (or too slow) to analyse gets a diagnostic saying so.
 */
import * as vscode from 'vscode';
import type { DxView } from '../engine/adapter';
import { isCancelled, isOverBudget, type AsyncEngine } from '../engine/client';
import { t } from '../l10n';

export const DX_LANGUAGE = 'dx';
/** Larger files are not analysed (a scratch pad is a few dozen lines). */
export const MAX_DX_CHARS = 200_000;
/** Engine time one analysis may take (a scratch pad takes milliseconds). */
export const DX_BUDGET_MS = 3000;
/**
 * Engine time for the blocks' partials and the claims in one analysis: a pad that needs more is shown with what is
 * done (the rest marked pending, with a diagnostic), and the engine goes on from there DX_CONTINUE_MS later, while
 * the document is unchanged (the worker keeps what is done, so an edit does not start over either).
 */
export const DX_STEP_MS = 1000;
export const DX_CONTINUE_MS = 250;

/** (A function: the display language is known once activation has set it.) */
const tooSlow = (): string => t('Analysing this scratch pad took longer than {0} s, so Partials stopped: split it into ' +
  'smaller pads (it analyses this one again once it is shorter).', DX_BUDGET_MS / 1000);

/** The analysis of one version, or why there is none. */
export type DxState = { analysis: DxView } | { problem: string };

interface Entry {
  version: number;
  /** The text analysed: a new untitled pad may reuse a closed one's document and version before its close event. */
  text: string;
  state?: DxState;
  pending?: Promise<DxState | undefined>;
  abort: AbortController;
}

export class DxDocuments implements vscode.Disposable {
  // Keyed by the document object, not its URI: an untitled pad's URI (Untitled-1) is reused by the next new pad
  // before the old one's close event arrives, and both start at version 1.
  private readonly cache = new WeakMap<vscode.TextDocument, Entry>();
  /**
   * The length at which a document's analysis ran out of budget: later versions at least that long are not
   * analysed again on every keystroke (each attempt would take the engine's worker for the whole budget).
   */
  private readonly tooSlowAt = new WeakMap<vscode.TextDocument, number>();
  private readonly analysed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when a document's analysis (or its problem) for its current version is ready. */
  readonly onDidAnalyse = this.analysed.event;

  constructor(private readonly engine: AsyncEngine) {}

  dispose(): void {
    this.analysed.dispose();
  }

  /** The analysis of the document as it is now, if it is ready (never starts one). */
  current(doc: vscode.TextDocument): DxView | undefined {
    const hit = this.fresh(doc);
    return hit?.state && 'analysis' in hit.state ? hit.state.analysis : undefined;
  }

  /** The analysis of the document as it is now (computed once per version); undefined for other languages. */
  state(doc: vscode.TextDocument): Promise<DxState | undefined> {
    if (doc.languageId !== DX_LANGUAGE || doc.isClosed) return Promise.resolve(undefined);
    const hit = this.fresh(doc);
    if (hit) return hit.state ? Promise.resolve(hit.state) : hit.pending!;
    this.cache.get(doc)?.abort.abort();
    const text = doc.getText();
    const version = doc.version;
    const entry: Entry = { version, text, abort: new AbortController() };
    this.cache.set(doc, entry);
    const slow = this.tooSlowAt.get(doc);
    if (text.length > MAX_DX_CHARS || (slow !== undefined && text.length >= slow)) {
      entry.state = { problem: text.length > MAX_DX_CHARS
        ? t('This scratch pad has {0} characters; Partials analyses at most {1}.', text.length, MAX_DX_CHARS)
        : tooSlow() };
      this.analysed.fire(doc);
      return Promise.resolve(entry.state);
    }
    entry.pending = this.analyse(doc, entry);
    return entry.pending;
  }

  /** One step of the analysis of entry's text; a partial one schedules the next step while the document is unchanged. */
  private analyse(doc: vscode.TextDocument, entry: Entry): Promise<DxState | undefined> {
    const text = entry.text;
    return this.engine.call('dxWithin', [text, DX_STEP_MS], { signal: entry.abort.signal, budgetMs: DX_BUDGET_MS }).then(
      (analysis): DxState => ({ analysis }),
      (err: unknown): DxState | undefined => {
        if (isCancelled(err)) return undefined;
        if (isOverBudget(err)) {
          this.tooSlowAt.set(doc, text.length);
          return { problem: tooSlow() };
        }
        return { problem: t('Partials could not analyse this scratch pad: {0}', err instanceof Error ? err.message : String(err)) };
      },
    ).then((state) => {
      if (state && this.cache.get(doc) === entry) {
        entry.state = state;
        entry.pending = undefined;
        this.analysed.fire(doc);
        if ('analysis' in state && state.analysis.pending > 0) {
          setTimeout(() => {
            if (this.cache.get(doc) === entry && !doc.isClosed && !entry.abort.signal.aborted) void this.analyse(doc, entry);
          }, DX_CONTINUE_MS);
        }
      }
      return state;
    });
  }

  /** The analysis, or undefined (not ready for this version, too large, not a .dx file). */
  async get(doc: vscode.TextDocument): Promise<DxView | undefined> {
    const s = await this.state(doc);
    return s && 'analysis' in s && this.fresh(doc) ? s.analysis : undefined;
  }

  /** The entry for the document as it is now, if any. */
  private fresh(doc: vscode.TextDocument): Entry | undefined {
    const hit = this.cache.get(doc);
    return hit && hit.version === doc.version && hit.text === doc.getText() ? hit : undefined;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.get(doc)?.abort.abort();
    this.cache.delete(doc);
  }
}

export function rangeOf(doc: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}
