/**
 * The inspector session: what is being inspected, the user's overrides, and the current view model, shared by
 * the sidebar view and the panel. The engine runs off the hot path: selection changes are debounced, work is
 * scheduled after the event returns, a newer request cancels an older one between stages, and oversized
 * selections are refused with a message instead of being computed.
 */
import * as vscode from 'vscode';
import { readSettings, type Settings } from './config';
import type { InspectRequest } from '../core/api';
import type { AsyncEngine } from './engineClient';
import { codegenTargets } from './codegenTarget';
import { INSPECTOR_VIEW_ID } from './inspectorView';
import { LiveDebounce, sameSelection, type SelectionKey } from './liveUpdate';
import { buildGraphModel } from './graphModel';
import { carryOverrides, documentPoint, emptyOverrides, inspectRequest, requestLikeInspector, type InspectorState, type Overrides, type Target } from './request';
import { analyzeDx, dxTargetAt } from '../core/dx';
import { engineLanguage, randomPoint, seededRandom, sizeProblem } from './source';
import { emptyModel, errorModel, errorView, resultModel, type Origin, type ResultInputs, type UiState } from './viewModel';
import type { HostToWebview, SectionId, SpanRef, ToggleOption, ViewModel, WebviewToHost } from '../shared/protocol';
import { toWire } from '../shared/protocol';
import { setOwn } from '../core/own';

const MEMENTO_KEY = 'partials.inspector.last';

export const EMPTY_MESSAGE = 'Select an expression (or a few lines of straight-line code) to see its derivatives.';

export interface Sink {
  post(msg: HostToWebview): Thenable<boolean>;
  readonly visible: boolean;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Timestamps of one computation, sent with its model so the webview can record when it was painted (the
 * responsiveness e2e test and `npm run bench` read them). Date.now() values: the extension host and the webview
 * run on the same machine, so host and webview times compare directly.
 */
export interface ComputeTrace {
  /** The computation's generation (one per request). */
  seq: number;
  /** What asked for it: a command (Inspect, hover link), a live selection change, or an update (settings, point). */
  trigger: 'command' | 'live' | 'update';
  /** 'partials': the first model, partials and point only; 'final': with graph, checks and code. */
  stage: 'partials' | 'final';
  /** When the request arrived: the command ran, the live update's debounce fired, or the update was asked for. */
  start: number;
  /** Live updates: the selection change that scheduled it. */
  selection?: number;
  /** When the engine's partials came back. */
  inspected?: number;
  /** When this message was handed to the webview. */
  posted: number;
}

type TraceStart = Pick<ComputeTrace, 'trigger' | 'start' | 'selection'>;

export class Inspector implements vscode.Disposable {
  private target: Target | undefined;
  private overrides: Overrides = emptyOverrides();
  private pinned = false;
  private toggles: Record<ToggleOption, boolean>;
  private settings: Settings;
  private model: ViewModel;
  private readonly sinks = new Set<Sink>();
  private generation = 0;
  /** The current target was asked for by a command (not a live selection change): run every stage. */
  private explicit = false;
  private readonly live = new LiveDebounce();
  /** The selection an explicit command just inspected (its echo as a selection event is not a live change). */
  private explicitSelection: SelectionKey | undefined;
  /** Why the next computation runs, and since when (for its trace). */
  private nextTrace: TraceStart | undefined;
  /** The newest model sent to the webviews (a first, partials-only model precedes the final one). */
  private shown: ViewModel | undefined;
  /** The trace of the newest model sent, for a webview that loads after it was computed (a cold first Inspect). */
  private shownTrace: ComputeTrace | undefined;
  private svgRequests = new Map<number, (svg: string) => void>();
  private nextSvgId = 1;
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
  });
  private readonly changed = new vscode.EventEmitter<ViewModel>();
  /** Fires with every new model (status bar, tests). */
  readonly onDidChangeModel = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly engine: AsyncEngine, private readonly memento?: vscode.Memento) {
    this.settings = readSettings();
    this.toggles = { gradient: this.settings.showGradient, hessian: this.settings.showHessian, jacobian: this.settings.showJacobian };
    this.model = emptyModel(EMPTY_MESSAGE, this.ui(), engine.features, this.format());
    this.disposables.push(
      this.highlight,
      this.changed,
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('partials')) return;
        this.settings = readSettings();
        this.refresh();
      }),
    );
  }

  dispose(): void {
    this.live.cancel();
    this.engine.dispose();
    for (const d of this.disposables) d.dispose();
  }

  get current(): ViewModel {
    return this.model;
  }
  get currentTarget(): Target | undefined {
    return this.target;
  }
  get isPinned(): boolean {
    return this.pinned;
  }
  /** The inputs the user chose in the inspector (undefined: the engine's default, every free variable). */
  get currentWrt(): string[] | undefined {
    return this.overrides.wrt ? [...this.overrides.wrt] : undefined;
  }

  /** The request the inspector computes (or would, on switching to it) for `t`: the hover shows the same point. */
  requestFor(t: Target): InspectRequest {
    const state: InspectorState = { target: this.target, overrides: this.overrides, toggles: this.toggles };
    return requestLikeInspector(t, state);
  }

  /** A webview that shows the inspector; it gets the current model at once. */
  attach(sink: Sink): vscode.Disposable {
    this.sinks.add(sink);
    void sink.post(this.currentMessage());
    return new vscode.Disposable(() => this.sinks.delete(sink));
  }

  private ui(): UiState {
    return { pinned: this.pinned, live: this.settings.liveUpdate, toggles: { ...this.toggles }, pointSources: { ...this.overrides.sources } };
  }
  private format() {
    return { digits: this.settings.digits, notation: this.settings.notation };
  }

  // ---- targets --------------------------------------------------------------------------------------

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    // The setting is read afresh: the configuration-change event may arrive after the new value is visible.
    if (this.pinned || !readSettings().liveUpdate) return;
    if (e.textEditor !== vscode.window.activeTextEditor) return;
    const sel = e.selections[0];
    // Keep showing the last expression while the cursor just moves — except in a .dx scratch pad, where the
    // statement under the cursor is the natural target.
    if (!sel || (sel.isEmpty && e.textEditor.document.languageId !== 'dx')) return;
    const doc = e.textEditor.document;
    const selectedAt = Date.now();
    if (sameSelection(this.explicitSelection, selectionKey(doc, sel))) return;
    this.explicitSelection = undefined;
    // When the timer fires everything is checked again: the editor may have been closed or left, the setting
    // turned off, or the view pinned in the meantime.
    this.live.schedule(this.settings.debounceMs, () => ({
      pinned: this.pinned,
      liveEnabled: readSettings().liveUpdate,
      editorActive: vscode.window.activeTextEditor === e.textEditor && vscode.window.activeTextEditor.document === doc,
      documentClosed: doc.isClosed,
    }), () => {
      const t = targetFromEditor(e.textEditor, doc.languageId === 'dx');
      if (!t) return;
      this.nextTrace = { trigger: 'live', start: Date.now(), selection: selectedAt };
      this.setTarget(t);
    });
  }

  /** Inspect what the editor has selected (or its current line when nothing is selected). */
  inspectEditor(editor: vscode.TextEditor, range?: vscode.Range): Target | undefined {
    const start = Date.now();
    // A command wins over a live update still waiting out its debounce.
    this.live.cancel();
    const r = range ?? editor.selection;
    this.explicitSelection = selectionKey(editor.document, r);
    const t = targetFromEditor(editor, true, range);
    if (t) {
      this.nextTrace = { trigger: 'command', start };
      this.setTarget(t, true);
    }
    return t;
  }

  setTarget(t: Target, explicit = false): void {
    if (this.pinned && !explicit) {
      this.nextTrace = undefined;
      return;
    }
    this.explicit = explicit;
    const same = this.target?.text === t.text && this.target.language === t.language;
    this.overrides = carryOverrides(this.overrides, same);
    this.target = t;
    this.remember();
    void this.compute();
  }

  private remember(): void {
    if (!this.memento || !this.target || this.target.text.length > 50_000) return;
    void this.memento.update(MEMENTO_KEY, { target: this.target, overrides: this.overrides, pinned: this.pinned });
  }

  /**
   * After a reload: inspect again what was inspected last, if its document still has that text at that place
   * (otherwise the views keep showing their saved state until the selection changes).
   */
  async restore(): Promise<boolean> {
    const saved = this.memento?.get<{ target?: Target; overrides?: Overrides; pinned?: boolean }>(MEMENTO_KEY);
    const t = saved?.target;
    if (!t || typeof t.uri !== 'string' || typeof t.text !== 'string' || typeof t.offset !== 'number' || this.target) return false;
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri));
      const here = t.languageId === 'dx' ? undefined : doc.getText().slice(t.offset, t.offset + t.text.length);
      if (here !== t.text || this.target) return false;
      this.overrides = { at: { ...(saved?.overrides?.at ?? {}) }, sources: { ...(saved?.overrides?.sources ?? {}) },
        ...(saved?.overrides?.wrt ? { wrt: saved.overrides.wrt } : {}) };
      this.target = t;
      this.pinned = !!saved?.pinned;
      void vscode.commands.executeCommand('setContext', 'partials.pinned', this.pinned);
      await this.compute();
      return true;
    } catch {
      return false;
    }
  }

  /** Recompute with current settings and overrides. */
  refresh(): void {
    this.remember();
    if (this.target) void this.compute();
    else this.publish(emptyModel(EMPTY_MESSAGE, this.ui(), this.engine.features, this.format()));
  }

  togglePin(): void {
    this.pinned = !this.pinned;
    this.remember();
    void vscode.commands.executeCommand('setContext', 'partials.pinned', this.pinned);
    this.publish({ ...this.model, pinned: this.pinned });
  }

  // ---- computing ------------------------------------------------------------------------------------

  private async compute(): Promise<void> {
    const gen = ++this.generation;
    const trace: TraceStart = this.nextTrace ?? { trigger: 'update', start: Date.now() };
    this.nextTrace = undefined;
    const stamp = (stage: ComputeTrace['stage'], inspected?: number): ComputeTrace =>
      ({ seq: gen, ...trace, stage, ...(inspected !== undefined ? { inspected } : {}), posted: Date.now() });
    // Whatever the engine is still doing for an older request is abandoned.
    this.engine.cancel();
    const t = this.target;
    if (!t) return;
    const origin: Origin = { file: t.file, line: t.displayLine ?? t.line + 1, languageId: t.languageId, language: t.language };
    const tooBig = sizeProblem(t.text, { maxChars: this.settings.maxSelectionChars, maxLines: this.settings.maxSelectionLines });
    if (tooBig) {
      this.publish(errorModel({ message: tooBig, line: t.line + 1, column: t.character + 1, code: 'limit' }, this.ui(), this.engine.features, this.format(), origin), stamp('final'));
      return;
    }
    this.broadcast({ type: 'busy', busy: true });
    await tick(); // let the editor finish the event that triggered us
    if (gen !== this.generation) return;
    const started = Date.now();
    const req = inspectRequest(t, this.overrides, this.toggles);
    let inspected: number | undefined;
    try {
      const result = await this.engine.inspect(req);
      if (gen !== this.generation) return;
      inspected = Date.now();
      const inputs: ResultInputs = { result, origin };
      const ui = this.ui();
      for (const k of Object.keys(t.base?.at ?? {})) if (!(k in this.overrides.at)) ui.pointSources[k] = 'document';
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
      const codeTarget = codegenTargets(t.languageId, doc?.getText() ?? '', this.settings.codegenTarget)[0];
      if (this.engine.code && this.engine.partialCode) {
        // The per-partial Code buttons belong to the partials (a few ms): the first model has them already.
        try {
          inputs.partialCode = await this.engine.partialCode(result.partials, codeTarget);
        } catch {
          // Superseded (checked next), or no per-partial code: the LaTeX and plain-text copy buttons remain.
        }
        if (gen !== this.generation) return;
      }
      // The partials first: the views show them while the graph, checks and code are computed.
      this.preview(resultModel(inputs, ui, this.engine.features, this.format()), stamp('partials', inspected));
      await tick();
      if (gen !== this.generation) return;
      const output = this.overrides.graphOutput && result.outputs.includes(this.overrides.graphOutput) ? this.overrides.graphOutput : undefined;
      try {
        const view = await this.engine.graph(req, output);
        inputs.graph = buildGraphModel(view, {
          outputs: result.outputs, direction: this.settings.graphDirection,
          collapseThreshold: this.settings.collapseThreshold, expanded: !!this.overrides.graphExpanded,
        });
      } catch (err) {
        result.warnings.push(`Computation graph unavailable: ${err instanceof Error ? err.message : String(err)}`);
      }
      // A live update of a slow selection stops after the partials and the graph; commands run everything.
      const spent = Date.now() - started;
      const overBudget = !this.explicit && spent > this.settings.timeBudgetMs;
      if (overBudget && (this.engine.check || this.engine.code)) {
        result.warnings.push(`Checks and code were skipped to keep typing responsive: inspecting took ${spent} ms ` +
          `(setting partials.limits.timeBudgetMs). Run “Partials: Check Gradient at Point” to compute them.`);
      }
      if (this.engine.check && !overBudget) {
        await tick();
        if (gen !== this.generation) return;
        const sw = this.overrides.sweep;
        // The step-size study runs for the partial the user picked, else for the first one (it is cheap: ~150
        // evaluations of f), so the plot is there without a click.
        const first = result.partials[0];
        const sweep = sw && result.partials.some((p) => p.of === sw.of && p.wrt === sw.wrt) ? sw
          : first ? { of: first.of, wrt: first.wrt } : undefined;
        try {
          const c = await this.engine.check(req, {
            atol: this.settings.atol, rtol: this.settings.rtol, ...(sweep ? { sweep } : {}), ...(t.claims ? { claims: t.claims } : {}),
          });
          inputs.checks = c.checks;
          if (c.sweep) inputs.sweep = c.sweep;
        } catch (err) {
          result.warnings.push(`Numeric checks failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (this.engine.code && !overBudget) {
        await tick();
        if (gen !== this.generation) return;
        const style = this.settings.codegenStyle === 'adjoint' ? 'adjoint' : 'closed';
        try {
          inputs.code = { target: codeTarget, style, code: (await this.engine.code(req, { target: codeTarget, style, form: 'statements' })).code };
        } catch (err) {
          result.warnings.push(`Code generation failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (gen !== this.generation) return;
      inputs.elapsedMs = Date.now() - started;
      this.publish(resultModel(inputs, ui, this.engine.features, this.format()), stamp('final', inspected));
    } catch (err) {
      if (gen !== this.generation) return;
      this.publish(errorModel(errorView(err, t.text, { line: t.line + 1, column: t.character + 1 }), this.ui(), this.engine.features, this.format(), origin),
        stamp('final', inspected));
    } finally {
      if (gen === this.generation) this.broadcast({ type: 'busy', busy: false });
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
  private published = 0;

  private publish(model: ViewModel, trace?: ComputeTrace): void {
    this.published = this.generation;
    this.model = model;
    this.shown = undefined;
    this.shownTrace = trace;
    // the views first: a context key change makes the workbench re-evaluate menus before it passes messages on
    this.broadcast(modelMessage(model, trace));
    void vscode.commands.executeCommand('setContext', 'partials.hasResult', model.kind === 'result');
    if (!this.computing) this.flushFocus();
    this.changed.fire(model);
  }

  /**
   * Shows a first model in the webviews while the computation goes on. It is not the inspector's model yet
   * (`current`, onDidChangeModel and the status bar get the final one), so nothing waiting for a result sees a
   * model without its checks.
   */
  private preview(model: ViewModel, trace: ComputeTrace): void {
    this.shown = model;
    this.shownTrace = trace;
    this.broadcast(modelMessage(model, trace));
  }

  /** What a webview that (re)loads gets: the newest model sent, with its trace re-stamped as posted now. */
  private currentMessage(): HostToWebview {
    return modelMessage(this.shown ?? this.model, this.shownTrace && { ...this.shownTrace, posted: Date.now() });
  }

  private broadcast(msg: HostToWebview): void {
    if (msg.type === 'busy') this.showProgress(msg.busy);
    for (const s of this.sinks) void s.post(msg);
  }

  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private progressDone: (() => void) | undefined;

  /** The view's own progress bar, for computations long enough to notice (no flicker on fast ones). */
  private showProgress(busy: boolean): void {
    if (busy) {
      if (this.progressTimer || this.progressDone) return;
      this.progressTimer = setTimeout(() => {
        this.progressTimer = undefined;
        void vscode.window.withProgress({ location: { viewId: INSPECTOR_VIEW_ID } }, () => new Promise<void>((resolve) => {
          this.progressDone = resolve;
        }));
      }, 150);
    } else {
      if (this.progressTimer) clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
      this.progressDone?.();
      this.progressDone = undefined;
    }
  }

  /**
   * Scrolls the views to a section: at once when the model is current, else after the computation in flight
   * publishes (and to a webview that is still loading, when it says it is ready).
   */
  focusSection(section: SectionId): void {
    this.pendingFocus = { section, until: Date.now() + 5000 };
    if (!this.computing) this.flushFocus();
  }

  private pendingFocus: { section: SectionId; until: number } | undefined;

  private flushFocus(sink?: Sink): void {
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

  // ---- messages from webviews -----------------------------------------------------------------------

  async handle(msg: WebviewToHost, sink: Sink): Promise<void> {
    switch (msg.type) {
      case 'ready':
        void sink.post(this.currentMessage());
        this.flushFocus(sink);
        break;
      case 'togglePin':
        this.togglePin();
        break;
      case 'setPoint':
        setOwn(this.overrides.at, msg.name, msg.value);
        this.overrides.sources[msg.name] = 'user';
        this.refresh();
        break;
      case 'pointFrom':
        this.pointFrom(msg.source);
        break;
      case 'setWrt':
        this.overrides.wrt = msg.wrt;
        this.refresh();
        break;
      case 'toggle':
        this.toggles[msg.option] = msg.value;
        this.refresh();
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        vscode.window.setStatusBarMessage(`Partials: copied ${msg.what === 'plain' ? 'plain text' : msg.what}`, 2000);
        break;
      case 'highlight':
        this.highlightSpan(msg.span);
        break;
      case 'reveal':
        await this.revealSpan(msg.span);
        break;
      case 'sweep':
        if (!this.engine.check) {
          void vscode.window.showInformationMessage('Partials: the step-size study needs the numeric checks, which this build does not have.');
          break;
        }
        this.overrides.sweep = { of: msg.of, wrt: msg.wrt };
        this.refresh();
        this.focusSection('sweep');
        break;
      case 'graphOutput':
        this.overrides.graphOutput = msg.output;
        this.refresh();
        break;
      case 'graphCollapse':
        this.overrides.graphExpanded = !msg.collapse;
        this.refresh();
        break;
      case 'svg': {
        const resolve = this.svgRequests.get(msg.requestId);
        this.svgRequests.delete(msg.requestId);
        resolve?.(msg.svg);
        break;
      }
      case 'command':
        await vscode.commands.executeCommand(msg.command);
        break;
    }
  }

  private pointFrom(source: 'document' | 'random' | 'default'): void {
    const t = this.target;
    const names = this.model.expression?.point.map((p) => p.name) ?? [];
    if (!t || !names.length) return;
    if (source === 'default') {
      this.overrides.at = {};
      this.overrides.sources = {};
    } else if (source === 'random') {
      const rand = seededRandom(Date.now());
      // Retry inside positive values when the random point leaves the domain (log, sqrt of negatives).
      const pt = randomPoint(names, rand, this.model.expression?.outputs.some((o) => !Number.isFinite(o.value)) ?? false);
      for (const n of names) {
        setOwn(this.overrides.at, n, pt[n]);
        this.overrides.sources[n] = 'random';
      }
    } else if (t.base?.at) {
      // A .dx scratch pad: the document's numbers are the base point, so dropping the overrides restores them.
      for (const n of names) {
        delete this.overrides.at[n];
        delete this.overrides.sources[n];
      }
    } else {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
      const found = doc ? documentPoint(names, doc.getText(), t) : {};
      const hits = names.filter((n) => Object.hasOwn(found, n));
      if (!hits.length) {
        void vscode.window.showInformationMessage(`Partials: no numeric assignment to ${names.join(', ')} found above the selection.`);
        return;
      }
      for (const n of hits) {
        setOwn(this.overrides.at, n, found[n]);
        this.overrides.sources[n] = 'document';
      }
    }
    this.refresh();
  }

  private editorFor(uri: string): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  }

  private rangeOf(editor: vscode.TextEditor, span: SpanRef): vscode.Range | undefined {
    const t = this.target;
    if (!t || t.noSpans || editor.document.getText().length < t.offset + span.end) return undefined;
    return new vscode.Range(editor.document.positionAt(t.offset + span.start), editor.document.positionAt(t.offset + span.end));
  }

  highlightSpan(span: SpanRef | null): void {
    const t = this.target;
    if (!t) return;
    const editor = this.editorFor(t.uri);
    if (!editor) return;
    const range = span ? this.rangeOf(editor, span) : undefined;
    editor.setDecorations(this.highlight, range ? [range] : []);
  }

  async revealSpan(span: SpanRef): Promise<void> {
    const t = this.target;
    if (!t) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri));
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false, viewColumn: this.editorFor(t.uri)?.viewColumn });
    const range = this.rangeOf(editor, span);
    if (!range) return;
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Asks a visible webview for its rendered graph as SVG ('' when none is drawn). */
  requestSvg(timeoutMs = 5000): Promise<string> {
    const sink = [...this.sinks].find((s) => s.visible) ?? [...this.sinks][0];
    if (!sink) return Promise.resolve('');
    const id = this.nextSvgId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.svgRequests.delete(id);
        resolve('');
      }, timeoutMs);
      this.svgRequests.set(id, (svg) => {
        clearTimeout(timer);
        resolve(svg);
      });
      void sink.post({ type: 'requestSvg', requestId: id });
    });
  }
}

function selectionKey(doc: vscode.TextDocument, r: vscode.Range): SelectionKey {
  return { uri: doc.uri.toString(), version: doc.version, start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) };
}

function wire(model: ViewModel): ViewModel {
  return toWire(model) as ViewModel;
}

/** A model message; with a trace when it answers a computation (the webview records when it painted it). */
function modelMessage(model: ViewModel, trace?: ComputeTrace): HostToWebview {
  const msg: HostToWebview & { trace?: ComputeTrace } = { type: 'model', model: wire(model) };
  if (trace) msg.trace = trace;
  return msg;
}

/**
 * The text to inspect in an editor: the primary selection, or (when `lineIfEmpty`) the current line. Returns
 * undefined when there is nothing but whitespace.
 */
export function targetFromEditor(editor: vscode.TextEditor, lineIfEmpty: boolean, range?: vscode.Range): Target | undefined {
  return targetFor(editor.document, range ?? editor.selection, lineIfEmpty);
}

/** The text to inspect for a range of a document (a .dx pad: the statement at its start, with its context). */
export function targetFor(doc: vscode.TextDocument, range: vscode.Range, lineIfEmpty = false): Target | undefined {
  if (doc.languageId === 'dx') return dxTargetFor(doc, range);
  let r: vscode.Range = range;
  if (r.isEmpty) {
    if (!lineIfEmpty) return undefined;
    r = doc.lineAt(r.start.line).range;
  }
  const text = doc.getText(r);
  if (!text.trim()) return undefined;
  return {
    uri: doc.uri.toString(),
    file: doc.uri.path.split('/').pop() || doc.uri.toString(),
    languageId: doc.languageId,
    language: engineLanguage(doc.languageId),
    text,
    offset: doc.offsetAt(r.start),
    line: r.start.line,
    character: r.start.character,
  };
}

/**
 * In a .dx scratch pad the inspector shows the statement under the cursor with every definition it uses and
 * the pad's own point and inputs (the .dx analysis builds that request).
 */
function dxTargetFor(doc: vscode.TextDocument, r: vscode.Range): Target | undefined {
  const text = doc.getText();
  const dx = dxTargetAt(analyzeDx(text), doc.offsetAt(r.start));
  if (!dx) return undefined;
  const req = dx.request;
  const statementLine = doc.positionAt(dx.result.statement.span.start).line + 1;
  return {
    uri: doc.uri.toString(),
    file: doc.uri.path.split('/').pop() || doc.uri.toString(),
    languageId: doc.languageId,
    language: req.language,
    text: req.source,
    // With document offsets the request's source is the document itself (other statements blanked).
    offset: 0,
    line: 0,
    character: 0,
    displayLine: statementLine,
    ...(dx.documentOffsets ? {} : { noSpans: true }),
    base: { ...(req.at ? { at: req.at } : {}), ...(req.wrt ? { wrt: req.wrt } : {}) },
    ...(dx.claims ? { claims: dx.claims } : {}),
  };
}
