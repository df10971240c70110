/**
 * The inspector: one session (what is inspected, the user's overrides) shown by the sidebar view and the panel.
 * The engine runs off the hot path: selection changes are debounced, a newer request aborts an older one
 * (pipeline.ts stops between stages, the worker drops or stops its work), and oversized selections are refused
 * with a message instead of being computed.
 */
import * as vscode from 'vscode';
import type { InspectRequest } from '../../core/api';
import type { HostToWebview, SectionId, ViewModel, WebviewToHost } from '../../shared/protocol';
import { readSettings, type Settings } from '../config';
import type { DxDocuments } from '../dx/documents';
import type { AsyncEngine } from '../engine/client';
import { codegenTargets, importLines } from '../commands/codegenTarget';
import { SpanDecorations } from './decorations';
import { computeModel } from './pipeline';
import type { Target } from './request';
import { route, type RouterHost } from './router';
import { Session } from './session';
import { SvgRequests } from './svgExport';
import { SelectionFollower } from './selection';
import { Prefetch } from './prefetch';
import type { TargetId } from '../../core/codegen';
import { targetFor } from './target';
import type { ComputeTrace, TraceStart } from './trace';
import { emptyModel } from './viewModel';
import { ViewHub, type Sink } from './views';
import { t as l10n } from '../l10n';
import { platform } from '../platform';

/** The empty inspector's text (a function: the display language is known once activation has set it). */
export const emptyMessage = (): string => l10n('Select an expression (or a few lines of straight-line code) to see its derivatives.');

/**
 * How long the rest of a computation (graph, checks, code) waits for a visible view to paint its partials: about
 * what a first paint takes on a loaded machine; a view that says nothing by then (hidden, or still loading) does
 * not hold the computation up longer.
 */
const PAINT_WAIT_MS = 150;

const tick = () => new Promise<void>((resolve) => void platform.soon(resolve));

export class Inspector implements vscode.Disposable, RouterHost {
  readonly session: Session;
  readonly decorations = new SpanDecorations();
  readonly svg = new SvgRequests();
  private settings: Settings;
  private model: ViewModel;
  private readonly views = new ViewHub(() => this.model);
  private generation = 0;
  private published = 0;
  /** The value of the `partials.hasResult` context key last set. */
  private hasResult: boolean | undefined;
  private running: AbortController | undefined;
  /** The current target was asked for by a command (not a live selection change): run every stage. */
  private explicit = false;
  private readonly follower: SelectionFollower;
  /** Why the next computation runs, and since when (for its trace). */
  private nextTrace: TraceStart | undefined;
  private readonly changed = new vscode.EventEmitter<ViewModel>();
  /** Fires with every new model (status bar, tests). */
  readonly onDidChangeModel = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly engine: AsyncEngine, private readonly dxDocs: DxDocuments, memento?: vscode.Memento) {
    this.settings = readSettings();
    this.session = new Session(this.settings, memento);
    this.model = emptyModel(emptyMessage(), this.session.ui(this.settings.liveUpdate), this.format());
    this.follower = new SelectionFollower(engine, dxDocs, { pinned: () => this.session.pinned, debounceMs: () => this.settings.debounceMs }, (t, selectedAt) => {
      this.nextTrace = { trigger: 'live', start: Date.now(), selection: selectedAt };
      this.setTarget(t);
    });
    // (the first engine call of an Inspect, made while the selection rests: prefetch.ts)
    this.disposables.push(new Prefetch(engine, (t, doc) => this.firstCallArgs(t, doc)));
    this.disposables.push(this.decorations, this.changed, this.follower,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('partials')) return;
        this.settings = readSettings();
        this.refresh();
      }));
  }

  dispose(): void {
    this.running?.abort();
    for (const d of this.disposables) d.dispose();
  }

  get current(): ViewModel {
    return this.model;
  }
  get currentTarget(): Target | undefined {
    return this.session.target;
  }
  get isPinned(): boolean {
    return this.session.pinned;
  }
  /** The inputs the user chose in the inspector (undefined: the engine's default, every free variable). */
  get currentWrt(): string[] | undefined {
    return this.session.overrides.wrt ? [...this.session.overrides.wrt] : undefined;
  }
  requestFor(t: Target): InspectRequest {
    return this.session.requestFor(t);
  }

  /** The code target of an inspection of `doc`: the first of its language's (a file that imports jax gets JAX). */
  private codeTarget(languageId: string, text: string): TargetId {
    return codegenTargets(languageId, text, this.settings.codegenTarget)[0];
  }

  /** The arguments of the first engine call an Inspect of `t` would make (pipeline.ts: inspectViewCode). */
  firstCallArgs(t: Target, doc: vscode.TextDocument): [InspectRequest, TargetId] {
    return [this.requestFor(t), this.codeTarget(t.languageId, doc.getText())];
  }

  /** A webview that shows the inspector; it gets the current model at once. */
  attach(sink: Sink): vscode.Disposable {
    return this.views.attach(sink);
  }
  handle(msg: WebviewToHost, sink: Sink): Promise<void> {
    return route(this, msg, sink);
  }
  ready(sink: Sink): void {
    this.views.ready(sink);
  }
  /** The model message for the page of a webview about to load (it shows it without asking: views.ts initialFor). */
  initialMessage(sink: Sink): HostToWebview {
    return this.views.initialFor(sink);
  }
  painted(seq: number): void {
    this.views.onPainted(seq);
  }
  /** Asks a visible webview for its rendered graph as SVG ('' when none is drawn). */
  requestSvg(timeoutMs?: number): Promise<string> {
    return this.svg.request(this.views.sinks, timeoutMs);
  }

  private format() {
    return { digits: this.settings.digits, notation: this.settings.notation };
  }

  /** Inspect what the editor has selected (or its current line when nothing is selected). */
  async inspectEditor(editor: vscode.TextEditor, range?: vscode.Range): Promise<Target | undefined> {
    const start = Date.now();
    const r = range ?? editor.selection;
    this.follower.explicit(editor.document, r);
    const t = await targetFor(this.engine, this.dxDocs, editor.document, r, true);
    if (t) {
      this.nextTrace = { trigger: 'command', start };
      this.setTarget(t, true);
    }
    return t;
  }

  setTarget(t: Target, explicit = false): void {
    if (this.session.pinned && !explicit) {
      this.nextTrace = undefined;
      return;
    }
    this.explicit = explicit;
    this.session.switchTo(t);
    void this.compute();
  }

  /**
   * After a reload: inspect again what was inspected last, if its document still has that text at that place
   * (otherwise the views keep showing their saved state until the selection changes).
   */
  async restore(): Promise<boolean> {
    const saved = this.session.saved();
    if (!saved || this.session.target) return false;
    try {
      const t = saved.target;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri));
      const here = t.languageId === 'dx' ? undefined : doc.getText().slice(t.offset, t.offset + t.text.length);
      if (here !== t.text || this.session.target) return false;
      saved.apply();
      void vscode.commands.executeCommand('setContext', 'partials.pinned', this.session.pinned);
      await this.compute();
      return true;
    } catch {
      return false;
    }
  }

  /** Recompute with current settings and overrides. */
  refresh(): void {
    this.session.save();
    if (this.session.target) void this.compute();
    else this.publish(emptyModel(emptyMessage(), this.session.ui(this.settings.liveUpdate), this.format()));
  }

  togglePin(): void {
    this.session.pinned = !this.session.pinned;
    this.session.save();
    void vscode.commands.executeCommand('setContext', 'partials.pinned', this.session.pinned);
    this.publish({ ...this.model, pinned: this.session.pinned });
  }

  /** Abandons the computation in flight (Cancel on a command's progress notification). */
  cancel(): void {
    this.running?.abort();
  }

  private async compute(): Promise<void> {
    const gen = ++this.generation;
    const trace: TraceStart = this.nextTrace ?? { trigger: 'update', start: Date.now() };
    this.nextTrace = undefined;
    const stamp = (stage: ComputeTrace['stage'], inspected?: number): ComputeTrace =>
      ({ seq: gen, ...trace, stage, ...(inspected !== undefined ? { inspected } : {}), posted: Date.now() });
    // Whatever the engine is still doing for an older request is abandoned.
    this.running?.abort();
    const abort = (this.running = new AbortController());
    const t = this.session.target;
    if (!t) return;
    this.views.busy(true);
    let previewed: ViewModel | undefined;
    try {
      await tick(); // let the editor finish the event that triggered us
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
      const text = doc?.getText() ?? '';
      const out = await computeModel(this.engine, {
        target: t, overrides: this.session.overrides, ui: this.session.ui(this.settings.liveUpdate), format: this.format(),
        settings: this.settings, explicit: this.explicit,
        codeTarget: this.codeTarget(t.languageId, text), imports: importLines(text),
      }, {
        signal: abort.signal, pause: tick,
        // The partials first: the views show them, and the graph, checks and code of a new selection are computed
        // once they are on screen (on 2 busy cores the engine's worker would otherwise compete with the webview's
        // first paint). An update of the same selection (a new point, a toggle) does not wait: its user may be
        // looking at the graph or the checks further down, which only the final model has.
        preview: (model, inspected) => {
          previewed = model;
          this.views.show({ ...model, pending: true }, stamp('partials', inspected));
          if (trace.trigger === 'update') return undefined;
          const superseded = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
          return Promise.race([this.views.painted(gen, PAINT_WAIT_MS), superseded]);
        },
      });
      if (out && gen === this.generation) this.publish(out.model, stamp('final', out.inspectedAt));
    } catch (err) {
      // computeModel turns engine errors into error models: this is a bug, shown rather than swallowed
      if (gen === this.generation) this.publish(emptyModel(l10n('Internal error: {0}', String(err)), this.session.ui(this.settings.liveUpdate), this.format()));
    } finally {
      if (gen === this.generation) {
        if (abort.signal.aborted && this.published !== gen) {
          // cancelled after its preview: the preview stands, no longer pending (the views say no checks or code ran)
          if (previewed) this.views.show(previewed, undefined);
          this.published = gen; // nothing is pending
        }
        this.views.busy(false);
      }
    }
  }

  /**
   * Resolves with the model once the inspector has finished the latest computation (a model published while a
   * newer computation is pending does not count); undefined after the timeout.
   */
  settled(timeoutMs = 10_000): Promise<ViewModel | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, timeoutMs);
      const sub = this.onDidChangeModel((m) => {
        if (this.computing) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(m);
      });
    });
  }

  /** True while a computation for the current generation has not published yet. */
  private get computing(): boolean {
    return this.published !== this.generation;
  }

  private publish(model: ViewModel, trace?: ComputeTrace): void {
    this.published = this.generation;
    this.model = model;
    // the views first: a context key change makes the workbench re-evaluate menus before it passes messages on
    this.views.show(model, trace);
    // (only when it changes: each is a round trip through the workbench, which re-evaluates its menus)
    const hasResult = model.kind === 'result';
    if (hasResult !== this.hasResult) {
      this.hasResult = hasResult;
      void vscode.commands.executeCommand('setContext', 'partials.hasResult', hasResult);
    }
    if (!this.computing) this.views.flushFocus();
    this.changed.fire(model);
  }

  /**
   * Scrolls the views to a section: at once when the model is current, else after the computation in flight
   * publishes (and to a webview that is still loading, when it says it is ready).
   */
  focusSection(section: SectionId): void {
    this.views.focusSection(section, !this.computing);
  }
}
