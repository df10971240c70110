/**
 * The webviews showing the inspector (sidebar view, panel): what each gets, the newest model sent (a first,
 * partials-only model precedes the final one), a section to scroll to once the model it belongs to arrives, and
 * the view's progress bar while the engine works.
 */
import * as vscode from 'vscode';
import type { HostToWebview, SectionId, ViewModel } from '../../shared/protocol';
import { ViewProgress } from './progress';
import type { SvgSink } from './svgExport';
import { modelMessage, type ComputeTrace } from './trace';

export type Sink = SvgSink;

/**
 * A computation tells the views it is busy only once it has run this long: a quick one (most Inspects) then posts
 * no `busy` messages, which would travel through the workbench ahead of its model and restyle the page before the
 * first paint, and nothing flickers.
 */
const BUSY_AFTER_MS = 100;

export class ViewHub {
  readonly sinks = new Set<Sink>();
  private shown: { model: ViewModel; trace?: ComputeTrace } | undefined;
  private pendingFocus: { section: SectionId; until: number } | undefined;
  private readonly progress = new ViewProgress();
  /** Waiting for a view to paint the partials-only model of a computation (see painted). */
  private paintWait: { seq: number; done(): void } | undefined;
  /** The model each loading webview got in its page (initialFor): its `ready` needs no answer while that is current. */
  private readonly embedded = new WeakMap<Sink, ViewModel>();

  /** `current`: the inspector's own model, for a view that loads before anything was sent. */
  constructor(private readonly current: () => ViewModel) {}

  /**
   * A webview that shows the inspector. Nothing is posted now: its page comes with the newest model (initialFor),
   * and its script asks for anything newer when it runs (`ready`).
   */
  attach(sink: Sink): vscode.Disposable {
    this.sinks.add(sink);
    return new vscode.Disposable(() => this.sinks.delete(sink));
  }

  /** A webview (re)loaded: the newest model (unless its page came with it), and a section still waiting to be scrolled to. */
  ready(sink: Sink): void {
    const embedded = this.embedded.get(sink);
    this.embedded.delete(sink);
    if (!embedded || embedded !== (this.shown?.model ?? this.current())) void sink.post(this.currentMessage(sink, Date.now()));
    this.flushFocus(sink);
  }

  /**
   * The model message to put in the page of a webview that is about to load (html.ts data-initial): it shows the
   * newest model at once instead of asking for it when its script runs (`ready`) and waiting for the answer.
   */
  initialFor(sink: Sink): HostToWebview {
    const msg = this.currentMessage(sink, undefined, true);
    this.embedded.set(sink, this.shown?.model ?? this.current());
    return msg;
  }

  /** Sends a model; `final` ones are the inspector's model (a preview is only shown). */
  show(model: ViewModel, trace: ComputeTrace | undefined): void {
    this.shown = { model, ...(trace ? { trace } : {}) };
    this.broadcast(modelMessage(model, trace));
  }

  /**
   * Resolves when a view has painted the partials-only model of computation `seq` (it says so: onPainted), at once
   * when no view is visible (a hidden webview paints nothing), and after `timeoutMs` at the latest. The inspector
   * computes the rest of that computation (graph, checks, code) after this: on a machine with few cores the
   * engine's worker would otherwise compete with the webview for the CPU while it builds and paints the partials.
   */
  painted(seq: number, timeoutMs: number): Promise<void> {
    this.paintWait?.done();
    if (![...this.sinks].some((s) => s.visible)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => wait.done(), timeoutMs);
      const wait = {
        seq,
        done: () => {
          clearTimeout(timer);
          if (this.paintWait === wait) this.paintWait = undefined;
          resolve();
        },
      };
      this.paintWait = wait;
    });
  }

  /** A view painted the partials-only model of computation `seq` (or of a newer one). */
  onPainted(seq: number): void {
    if (this.paintWait && seq >= this.paintWait.seq) this.paintWait.done();
  }

  busy(busy: boolean): void {
    this.progress.set(busy);
    if (busy) {
      this.busyTimer ??= setTimeout(() => {
        this.busyTimer = undefined;
        this.busySent = true;
        this.broadcast({ type: 'busy', busy: true });
      }, BUSY_AFTER_MS);
      return;
    }
    if (this.busyTimer !== undefined) clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    if (!this.busySent) return;
    this.busySent = false;
    this.broadcast({ type: 'busy', busy: false });
  }
  private busyTimer: ReturnType<typeof setTimeout> | undefined;
  /** A `busy: true` went out and its `busy: false` has not. */
  private busySent = false;

  /**
   * What a webview that (re)loads gets: the newest model sent, with its trace re-stamped as posted now (and when
   * the webview was created and said it was ready: a cold Inspect's time is mostly theirs).
   */
  private currentMessage(sink: Sink, ready?: number, embedded?: true): HostToWebview {
    const s = this.shown;
    if (!s) return modelMessage(this.current());
    const trace = s.trace && {
      ...s.trace, posted: Date.now(), ...(sink.resolved !== undefined ? { resolved: sink.resolved } : {}), ...(ready !== undefined ? { ready } : {}),
      ...(embedded ? { embedded } : {}),
    };
    return modelMessage(s.model, trace);
  }

  private broadcast(msg: HostToWebview): void {
    for (const s of this.sinks) void s.post(msg);
  }

  /** Scrolls the views to a section: now (`ready`), or when flushFocus is called after the model arrives. */
  focusSection(section: SectionId, ready: boolean): void {
    this.pendingFocus = { section, until: Date.now() + 5000 };
    if (ready) this.flushFocus();
  }

  flushFocus(sink?: Sink): void {
    const f = this.pendingFocus;
    if (!f) return;
    if (Date.now() > f.until) {
      this.pendingFocus = undefined;
      return;
    }
    const msg: HostToWebview = { type: 'focusSection', section: f.section };
    if (sink) void sink.post(msg);
    else if (this.sinks.size) this.broadcast(msg);
    else return; // no view yet: the first one to load gets it
    this.pendingFocus = undefined;
  }
}
