/**
 * Inspector webview entry: receives view models from the host, renders the sections, and sends user actions
 * back. Every message in either direction goes through the validators in protocol.ts.
 */
import { button, h } from './dom';
import { makeFmt, type Ctx, type UiMemory } from './context';
import { fromWire, parseHostMessage, toWire, type SectionId, type ViewModel, type WebviewToHost } from '../shared/protocol';
import { checksSection } from './sections/checks';
import { codeSection } from './sections/code';
import { expressionSection } from './sections/expression';
import { exportGraphSvg, graphSection, graphSettled, resetGraph } from './sections/graph';
import { partialsSection } from './sections/partials';
import { sweepSection } from './sections/sweep';
import { isViewModel } from '../shared/protocol';
import { mathCacheHits, resetMath } from './math';
import { subjectOf } from './subject';
import { t } from './l10n';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

/**
 * How this webview started (epoch ms, the host's clock): the document's navigation, the script file loaded, the
 * script running (its imports — KaTeX — evaluated), and `ready` sent. A cold Inspect waits for all of it.
 */
const boot = ((): { origin: number; loaded?: number; script: number; ready?: number } => {
  const origin = Math.round(performance.timeOrigin);
  const res = performance.getEntriesByType('resource').find((r) => /\/webview\.js(?:$|\?)/.test(r.name)) as PerformanceResourceTiming | undefined;
  return { origin, ...(res && res.responseEnd > 0 ? { loaded: Math.round(origin + res.responseEnd) } : {}), script: Date.now() };
})();


interface Persisted {
  model?: unknown;
  ui?: UiMemory;
  /** The page whose model (<body data-initial>) was shown: the same page loaded again has older news than this state. */
  page?: string;
}

/** This page (its script's nonce is new with each page the host makes). */
const page = document.currentScript instanceof HTMLScriptElement ? document.currentScript.nonce : undefined;

const persisted = (vscode.getState() ?? {}) as Persisted;
let model: ViewModel | undefined;
const ui: UiMemory = { closed: {}, ...(persisted.ui ?? {}) };
/** True while showing a model restored from a previous session (until the host sends a real one). */
let restored = false;
/** The last model message could not be shown: what is on screen is an older result, and says so. */
let stale = false;
/** The subject last rendered: a new one scrolls the inspector back to the top. */
let shownSubject: string | undefined;
/**
 * A place in the same subject that the last render could not scroll back to because its page was shorter (the
 * partials-only model comes before the final one): the next render of that subject restores it. The user's own
 * scrolling drops it.
 */
let wantedScroll: number | undefined;
const dropWantedScroll = () => { wantedScroll = undefined; };
for (const ev of ['wheel', 'keydown', 'pointerdown', 'touchstart']) window.addEventListener(ev, dropWantedScroll, { passive: true });
/** Scrolls to `y` and remembers it when the page is too short to get there yet. */
function scrollBack(y: number): void {
  window.scrollTo(0, y);
  wantedScroll = window.scrollY + 1 < y ? y : undefined;
}
{
  const saved = fromWire(persisted.model);
  if (isViewModel(saved) && saved.kind !== 'empty') {
    model = saved;
    restored = true;
  }
}

function post(msg: WebviewToHost): void {
  vscode.postMessage(toWire(msg));
}

function save(): void {
  vscode.setState({ model: model ? toWire(model) : undefined, ui, ...(page ? { page } : {}) } satisfies Persisted);
}

function header(ctx: Ctx): HTMLElement {
  const m = ctx.model;
  const origin = m.origin ? `${m.origin.file}:${m.origin.line} · ${m.origin.languageId}` : '';
  const pin = button(m.pinned ? t('Unpin: follow the selection again') : t('Pin: keep this expression while the selection moves'),
    () => post({ type: 'togglePin' }),
    { class: `icon-button pin${m.pinned ? ' pinned' : ''}`, 'aria-pressed': m.pinned ? 'true' : 'false', 'data-testid': 'pin' },
    m.pinned ? t('Pinned') : t('Pin'));
  const panel = document.body.dataset.host === 'sidebar'
    ? button(t('Open in panel'), () => post({ type: 'command', command: 'partials.openPanel' }), { class: 'icon-button', 'data-testid': 'open-panel' }, t('Open in Panel'))
    : null;
  const status = m.pinned ? 'pinned' : m.live ? 'live' : 'manual';
  return h('header', { class: 'toolbar', role: 'toolbar', 'aria-label': t('Inspector') },
    h('span', { class: 'origin', title: origin, 'data-testid': 'origin' }, origin || 'Partials'),
    h('span', { class: `mode mode-${status}`, 'data-testid': 'mode' }, t(status)),
    pin, panel);
}

function emptyState(ctx: Ctx): HTMLElement {
  return h('div', { class: 'empty', id: 'empty-state', 'data-testid': 'empty-state' },
    h('p', {}, ctx.model.message ?? t('Select an expression to inspect its derivatives.')),
    h('p', { class: 'hint' }, ...withCode(t('For example select {0} or a few lines of straight-line code, then run “Partials: Inspect Selection” (Ctrl+K Ctrl+G).'), 'x^2 + sin(x*y)')));
}

/** A translated sentence with `{0}` set as code (the sentence's word order is the translation's). */
function withCode(sentence: string, code: string): Array<string | HTMLElement> {
  const at = sentence.indexOf('{0}');
  return at < 0 ? [sentence] : [sentence.slice(0, at), h('code', {}, code), sentence.slice(at + 3)];
}

function errorState(ctx: Ctx): HTMLElement {
  const e = ctx.model.error!;
  const where = ctx.model.origin ? t('{0}, line {1}, column {2}', ctx.model.origin.file, e.line, e.column) : t('line {0}, column {1}', e.line, e.column);
  const caretLine = e.sourceLine !== undefined
    ? h('pre', { class: 'error-source', 'aria-label': t('Source line with the error at {0}', where) },
      e.sourceLine, '\n', `${' '.repeat(Math.max(0, Math.min(e.sourceLine.length, (e.caret ?? 1) - 1)))}^`)
    : null;
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error-state' },
    h('p', { class: 'error-message' }, e.message),
    h('p', { class: 'meta' }, where, e.code ? ` · ${e.code}` : ''),
    caretLine,
    h('p', { class: 'hint' }, t('Fix the selection or select a different expression; Partials updates as the selection changes.')));
}

// ---- responsiveness marks ----------------------------------------------------------------------------------
// Every model the host sends for a computation carries its host timestamps (a trace); the webview adds when it
// received, rendered and painted it, as performance marks and in <body data-perf> (the e2e test and
// `npm run bench` read them). Date.now() values, the same clock as the extension host's on this machine.

interface PerfEntry {
  seq: number;
  trigger: string;
  stage: string;
  /** Host: the command ran / the live update's debounce fired (epoch ms). */
  start: number;
  selection?: number;
  inspected?: number;
  /** Host: VS Code created this webview (resolveWebviewView) / its `ready` arrived (a model sent on `ready`). */
  resolved?: number;
  ready?: number;
  /** The model came with the page (<body data-initial>): `posted` is when the host made the page. */
  embedded?: boolean;
  posted: number;
  received: number;
  rendered: number;
  painted?: number;
  /**
   * A complete model (not the partials-only one): the first frame after everything it shows was built and its graph
   * laid out and drawn. The e2e test starts the next measurement only after this (and a quiet moment).
   */
  settled?: number;
  /** Milliseconds building the DOM, in total and per section. */
  renderMs: number;
  /** Of renderMs: the browser's style and layout of the first sections (the rest is building them, KaTeX mostly). */
  layoutMs?: number;
  /** Formulas typeset from the cache since the page loaded (math.ts). */
  mathCacheHits: number;
  /** How this webview started (the same for every entry): see `boot`. */
  boot: typeof boot;
  sections: Record<string, number>;
  partials: number;
}

const PERF_KEEP = 100;
const perfLog: PerfEntry[] = [];

/** The trace fields of a model message (numbers and short words only; anything else is ignored). */
function readTrace(raw: unknown): Omit<PerfEntry, 'received' | 'rendered' | 'renderMs' | 'sections' | 'partials' | 'boot' | 'layoutMs' | 'mathCacheHits'> | undefined {
  const t = (raw && typeof raw === 'object' ? (raw as { trace?: unknown }).trace : undefined) as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const w = (v: unknown) => (typeof v === 'string' && /^[a-z]{1,16}$/.test(v) ? v : undefined);
  const seq = n(t.seq), start = n(t.start), posted = n(t.posted), trigger = w(t.trigger), stage = w(t.stage);
  if (seq === undefined || start === undefined || posted === undefined || !trigger || !stage) return undefined;
  const selection = n(t.selection), inspected = n(t.inspected), resolved = n(t.resolved), ready = n(t.ready);
  return {
    seq, trigger, stage, start, posted, ...(selection !== undefined ? { selection } : {}), ...(inspected !== undefined ? { inspected } : {}),
    ...(resolved !== undefined ? { resolved } : {}), ...(ready !== undefined ? { ready } : {}), ...(t.embedded === true ? { embedded: true } : {}),
  };
}

function publishPerf(): void {
  document.body.dataset.perf = JSON.stringify(perfLog);
}

/** Section build times of the last render (ms). */
let sectionTimes: Record<string, number> = {};
/** Style and layout of the last render's first sections (ms). */
let layoutMs: number | undefined;

function recordRender(trace: NonNullable<ReturnType<typeof readTrace>>, received: number, renderMs: number): void {
  const name = `partials:${trace.seq}:${trace.stage}`;
  // (a copy: the sections built after the first paint are timed into sectionTimes later)
  const entry: PerfEntry = {
    ...trace, received, rendered: Date.now(), renderMs, sections: { ...sectionTimes }, boot,
    partials: model?.partials?.length ?? 0, ...(layoutMs !== undefined ? { layoutMs } : {}), mathCacheHits: mathCacheHits(),
  };
  performance.mark(`${name}:rendered`);
  try {
    performance.measure(`${name}:render`, `${name}:received`, `${name}:rendered`);
  } catch {
    // marks cleared in the meantime: the entry still has the numbers
  }
  perfLog.push(entry);
  if (perfLog.length > PERF_KEEP) perfLog.splice(0, perfLog.length - PERF_KEEP);
  publishPerf();
  // Painted: the first task after the next frame (rAF runs before the paint; a task queued from it runs after).
  requestAnimationFrame(() => setTimeout(() => {
    entry.painted = Date.now();
    performance.mark(`${name}:painted`);
    // the host computes the graph, checks and code once the partials are on screen (views.ts painted)
    if (trace.stage === 'partials') post({ type: 'painted', seq: trace.seq });
    publishPerf();
  }, 0));
  if (model && !model.pending) {
    // (a newer render abandons this one's rest: its promise never settles, and the entry has no `settled`)
    void restBuilt.then(graphSettled).then(() => requestAnimationFrame(() => setTimeout(() => {
      entry.settled = Date.now();
      publishPerf();
    }, 0)), () => undefined);
  }
}

// ---- rendering ------------------------------------------------------------------------------------------------
// The expression and the partials come first: they are built and painted before the checks, the step-size plot,
// the graph and the code (which are built right after the first paint). The host sends a partials-only model
// before the final one; when the final model shows the same expression and partials, their elements (typeset
// formulas included) are kept instead of being built again.

type SectionFn = (ctx: Ctx) => HTMLElement | null;
const FIRST: ReadonlyArray<readonly [SectionId, SectionFn]> = [['expression', expressionSection], ['partials', partialsSection]];
const REST: ReadonlyArray<readonly [SectionId, SectionFn]> = [['checks', checksSection], ['sweep', sweepSection], ['graph', graphSection], ['code', codeSection]];

/** The first sections' elements of the last render and what they showed. */
let kept: { key: string; els: Array<HTMLElement | null> } | undefined;
/** The rest of the current render, while it waits for the first sections to be painted. */
let rest: { run(): void } | undefined;
/** A section to scroll to once the rest is built. */
let focusAfterRest: SectionId | undefined;
/** Resolves when the current render's rest has been built (at once for a render without one). */
let restBuilt: Promise<void> = Promise.resolve();
/**
 * Renders so far. <body data-rendered> is the newest, <body data-settled> the newest whose sections were all built
 * and whose graph was drawn (the frame after): the e2e test waits for them to be equal before it measures again.
 */
let renders = 0;

/** Everything the first sections show (they read nothing else from the model). */
function firstKey(m: ViewModel): string {
  // a tensor model's checks are not in the first sections (the final model adds them to the same view)
  const tensor = m.tensor ? { ...m.tensor, checks: undefined } : undefined;
  return JSON.stringify(toWire([m.expression, m.partials, m.definitions, m.cost, m.gradient, m.hessian, m.jacobian, m.toggles, m.format, ui.names, ui.explained, ui.entrywise, tensor]));
}

const timeSection = (id: SectionId, build: () => HTMLElement | null): HTMLElement | null => {
  const t0 = performance.now();
  const el = build();
  sectionTimes[id] = Math.round((performance.now() - t0) * 10) / 10;
  return el;
};

function render(): void {
  if (!model) return;
  const m = model;
  const ctx: Ctx = { model: m, post, fmt: makeFmt(m), ui, save, refresh: render };
  const focusedId = document.activeElement?.id;
  const subject = subjectOf(model);
  const scroll = subject === shownSubject ? Math.max(window.scrollY, wantedScroll ?? 0) : 0;
  if (subject !== shownSubject) wantedScroll = undefined;
  shownSubject = subject;
  rest = undefined;
  let restDone = (): void => undefined;
  restBuilt = new Promise<void>((resolve) => { restDone = resolve; });
  const renderNo = ++renders;
  document.body.dataset.rendered = String(renderNo);
  void restBuilt.then(graphSettled).then(() => requestAnimationFrame(() => setTimeout(() => {
    if (renderNo === renders) document.body.dataset.settled = String(renderNo);
  }, 0)), () => undefined);
  resetGraph();
  const key = m.kind === 'result' ? firstKey(m) : '';
  // Formulas past the eager budget are typeset when they scroll into view, by an observer resetMath() stops:
  // elements still waiting for it are not kept.
  const previous = kept;
  const reuse = !!previous && previous.key === key &&
    !previous.els.some((el) => el && (el.parentNode !== app || el.querySelector('.math-pending')));
  if (!reuse) resetMath();
  kept = undefined;
  // Kept sections stay where they are (detached and attached again, the browser would style and lay them out
  // anew): everything else is replaced, and what comes before them is inserted before them.
  const stay = new Set<Node>(reuse ? previous!.els.filter((el): el is HTMLElement => !!el) : []);
  for (const n of Array.from(app.childNodes)) if (!stay.has(n)) app.removeChild(n);
  const anchor = app.firstChild;
  const put = (n: Node) => void app.insertBefore(n, anchor);
  sectionTimes = {};
  layoutMs = undefined;
  put(header(ctx));
  if (restored) put(h('p', { class: 'note', role: 'status', 'data-testid': 'restored-note' }, t('Restored from the last session: select an expression to update.')));
  if (stale) put(h('p', { class: 'note note-warning', role: 'alert', 'data-testid': 'stale-note' }, t('The newest result could not be shown here, so this is the previous one. Select the expression again, or run Partials: Inspect Selection.')));
  if (m.kind === 'empty') put(emptyState(ctx));
  else if (m.kind === 'error') put(errorState(ctx));
  else {
    for (const w of m.warnings) put(h('p', { class: 'note note-warning', role: 'status' }, w));
    const els = FIRST.map(([id, sec], i) => timeSection(id, () => (reuse ? previous!.els[i] : sec(ctx))));
    for (const el of els) if (el && !stay.has(el)) app.append(el);
    kept = { key, els };
    // Style and layout of what the first paint shows, measured here (the browser does this work before the paint
    // anyway, and the scroll position restored below would force it): the breakdown's "style and layout".
    const l0 = performance.now();
    void app.offsetHeight;
    layoutMs = Math.round((performance.now() - l0) * 10) / 10;
    const buildRest = () => {
      if (rest !== pending) return;
      rest = undefined;
      for (const [id, sec] of REST) {
        const el = timeSection(id, () => sec(ctx));
        if (el) app.append(el);
      }
      if (m.elapsedMs !== undefined) app.append(h('p', { class: 'meta footer' }, t('computed in {0} ms', m.elapsedMs.toFixed(0))));
      if (focusedId && document.activeElement === document.body) document.getElementById(focusedId)?.focus();
      if (window.scrollY < scroll) scrollBack(scroll);
      const f = focusAfterRest;
      focusAfterRest = undefined;
      if (f) focusSection(f);
      restDone();
    };
    const pending = { run: buildRest };
    rest = pending;
    const later = m.checks || m.sweep || m.graph || m.code;
    // A first model (the partials while the rest is computed) shows its first sections only: the final model adds
    // the checks, the plot, the graph and the code (building placeholders for them here would cost the first paint
    // a second style and layout pass, and say "no checks" while they run).
    if (m.pending) rest = undefined;
    else if (!later || reuse) buildRest();
    else {
      // after the first paint (rAF runs before it, a task queued from there after); a hidden webview gets no
      // frames, so a timer stands in
      requestAnimationFrame(() => setTimeout(buildRest, 0));
      setTimeout(buildRest, 100);
    }
  }
  if (!rest) restDone();
  // (each of these forces a layout before the first paint: only when there is something to restore)
  if (focusedId) document.getElementById(focusedId)?.focus();
  if (scroll > 0 || window.scrollY !== 0) scrollBack(scroll);
  saveSoon();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Saves the webview state after the paint (serialising the model is not worth delaying it for). */
function saveSoon(): void {
  if (saveTimer !== undefined) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    // (for the e2e test: formulas shown again come from the typesetting cache)
    document.body.dataset.mathCacheHits = String(mathCacheHits());
    save();
  }, 50);
}

function focusSection(id: SectionId): void {
  if ((rest || model?.pending) && !document.getElementById(`section-${id}`)) {
    focusAfterRest = id;
    return;
  }
  const el = document.getElementById(`section-${id}`) as HTMLDetailsElement | null;
  if (!el) return;
  el.open = true;
  ui.closed[id] = false;
  // Scroll only: keyboard focus stays where the user is (usually the editor).
  el.scrollIntoView({ block: 'start' });
}

// a model comes as JSON text (inspector/webviewHost.ts), other messages as objects; both are validated alike
window.addEventListener('message', (ev: MessageEvent) => receive(typeof ev.data === 'string' ? parseJson(ev.data) : ev.data, Date.now()));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A message from the host (posted, or the model the page came with: see `initial` below). */
function receive(data: unknown, received: number): void {
  const msg = parseHostMessage(fromWire(data));
  if (!msg) {
    // A model this webview cannot accept (from another build, or past its limits): never keep showing the previous
    // result as if it were the answer.
    const raw = data as { type?: unknown } | null;
    if (raw && typeof raw === 'object' && raw.type === 'model' && model && !stale) {
      stale = true;
      render();
    }
    return;
  }
  switch (msg.type) {
    case 'model': {
      const trace = readTrace(data);
      if (trace) performance.mark(`partials:${trace.seq}:${trace.stage}:received`);
      // After a reload the host starts empty: keep the restored inspection rather than blanking the panel.
      if (restored && msg.model.kind === 'empty') {
        model = { ...model!, pinned: msg.model.pinned, live: msg.model.live };
      } else {
        restored = false;
        stale = false;
        model = msg.model;
      }
      const t0 = performance.now();
      render();
      if (trace) recordRender(trace, received, Math.round((performance.now() - t0) * 10) / 10);
      break;
    }
    case 'busy':
      app.setAttribute('aria-busy', msg.busy ? 'true' : 'false');
      document.body.classList.toggle('busy', msg.busy);
      break;
    case 'focusSection':
      focusSection(msg.section);
      break;
    case 'requestSvg':
      rest?.run();
      post({ type: 'svg', requestId: msg.requestId, svg: exportGraphSvg() ?? '' });
      break;
  }
}

/**
 * The model the host had when it made this page (<body data-initial>, inspector/html.ts): shown at once, without
 * waiting for `ready` to reach the host and its answer to come back (most of a cold Inspect's own time). `ready`
 * still goes out: the host answers it with a newer model, if there is one.
 */
const initial = ((): unknown => {
  const raw = document.body.dataset.initial;
  delete document.body.dataset.initial;
  // (a page loaded again, as VS Code does when a hidden panel is shown: its saved state is newer than its model)
  if (!raw || (page && persisted.page === page)) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
})();
boot.ready = Date.now();
post({ type: 'ready' });
if (initial !== undefined) receive(initial, Date.now());
else if (model) render();
