/**
 * Inspector webview entry: receives view models from the host, renders the sections, and sends user actions
 * back. Every message in either direction goes through the validators in protocol.ts.
 */
import { button, clear, h } from './dom';
import { makeFmt, type Ctx, type UiMemory } from './context';
import { fromWire, parseHostMessage, toWire, type SectionId, type ViewModel, type WebviewToHost } from './protocol';
import { checksSection } from './sections/checks';
import { codeSection } from './sections/code';
import { expressionSection } from './sections/expression';
import { exportGraphSvg, graphSection, resetGraph } from './sections/graph';
import { partialsSection } from './sections/partials';
import { sweepSection } from './sections/sweep';
import { isViewModel } from './protocol';
import { resetMath } from './math';
import { subjectOf } from './subject';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

interface Persisted {
  model?: unknown;
  ui?: UiMemory;
}

const persisted = (vscode.getState() ?? {}) as Persisted;
let model: ViewModel | undefined;
const ui: UiMemory = { closed: {}, ...(persisted.ui ?? {}) };
/** True while showing a model restored from a previous session (until the host sends a real one). */
let restored = false;
/** The subject last rendered: a new one scrolls the inspector back to the top. */
let shownSubject: string | undefined;
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
  vscode.setState({ model: model ? toWire(model) : undefined, ui } satisfies Persisted);
}

function header(ctx: Ctx): HTMLElement {
  const m = ctx.model;
  const origin = m.origin ? `${m.origin.file}:${m.origin.line} · ${m.origin.languageId}` : '';
  const pin = button(m.pinned ? 'Unpin: follow the selection again' : 'Pin: keep this expression while the selection moves',
    () => post({ type: 'togglePin' }),
    { class: `icon-button pin${m.pinned ? ' pinned' : ''}`, 'aria-pressed': m.pinned ? 'true' : 'false', 'data-testid': 'pin' },
    m.pinned ? 'Pinned' : 'Pin');
  const panel = document.body.dataset.host === 'sidebar'
    ? button('Open in panel', () => post({ type: 'command', command: 'partials.openPanel' }), { class: 'icon-button', 'data-testid': 'open-panel' }, 'Open in Panel')
    : null;
  const status = m.pinned ? 'pinned' : m.live ? 'live' : 'manual';
  return h('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Inspector' },
    h('span', { class: 'origin', title: origin, 'data-testid': 'origin' }, origin || 'Partials'),
    h('span', { class: `mode mode-${status}`, 'data-testid': 'mode' }, status),
    pin, panel);
}

function emptyState(ctx: Ctx): HTMLElement {
  return h('div', { class: 'empty', id: 'empty-state', 'data-testid': 'empty-state' },
    h('p', {}, ctx.model.message ?? 'Select an expression to inspect its derivatives.'),
    h('p', { class: 'hint' }, 'For example select ', h('code', {}, 'x^2 + sin(x*y)'),
      ' or a few lines of straight-line code, then run “Partials: Inspect Selection” (Ctrl+K Ctrl+G).'));
}

function errorState(ctx: Ctx): HTMLElement {
  const e = ctx.model.error!;
  const where = `${ctx.model.origin ? `${ctx.model.origin.file}, ` : ''}line ${e.line}, column ${e.column}`;
  const caretLine = e.sourceLine !== undefined
    ? h('pre', { class: 'error-source', 'aria-label': `Source line with the error at ${where}` },
      e.sourceLine, '\n', `${' '.repeat(Math.max(0, Math.min(e.sourceLine.length, (e.caret ?? 1) - 1)))}^`)
    : null;
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error-state' },
    h('p', { class: 'error-message' }, e.message),
    h('p', { class: 'meta' }, where, e.code ? ` · ${e.code}` : ''),
    caretLine,
    h('p', { class: 'hint' }, 'Fix the selection or select a different expression; Partials updates as the selection changes.'));
}

function render(): void {
  if (!model) return;
  const ctx: Ctx = { model, post, fmt: makeFmt(model), ui, save };
  const focusedId = document.activeElement?.id;
  const subject = subjectOf(model);
  const scroll = subject === shownSubject ? window.scrollY : 0;
  shownSubject = subject;
  resetGraph();
  resetMath();
  clear(app);
  app.append(header(ctx));
  if (restored) app.append(h('p', { class: 'note', role: 'status', 'data-testid': 'restored-note' }, 'Restored from the last session: select an expression to update.'));
  if (model.kind === 'empty') app.append(emptyState(ctx));
  else if (model.kind === 'error') app.append(errorState(ctx));
  else {
    for (const w of model.warnings) app.append(h('p', { class: 'note note-warning', role: 'status' }, w));
    for (const sec of [expressionSection, partialsSection, checksSection, sweepSection, graphSection, codeSection]) {
      const el = sec(ctx);
      if (el) app.append(el);
    }
    if (model.elapsedMs !== undefined) app.append(h('p', { class: 'meta footer' }, `computed in ${model.elapsedMs.toFixed(0)} ms`));
  }
  if (focusedId) document.getElementById(focusedId)?.focus();
  window.scrollTo(0, scroll);
  save();
}

function focusSection(id: SectionId): void {
  const el = document.getElementById(`section-${id}`) as HTMLDetailsElement | null;
  if (!el) return;
  el.open = true;
  ui.closed[id] = false;
  // Scroll only: keyboard focus stays where the user is (usually the editor).
  el.scrollIntoView({ block: 'start' });
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = parseHostMessage(fromWire(ev.data));
  if (!msg) return;
  switch (msg.type) {
    case 'model':
      // After a reload the host starts empty: keep the restored inspection rather than blanking the panel.
      if (restored && msg.model.kind === 'empty') {
        model = { ...model!, pinned: msg.model.pinned, live: msg.model.live };
      } else {
        restored = false;
        model = msg.model;
      }
      render();
      break;
    case 'busy':
      app.setAttribute('aria-busy', msg.busy ? 'true' : 'false');
      document.body.classList.toggle('busy', msg.busy);
      break;
    case 'focusSection':
      focusSection(msg.section);
      break;
    case 'requestSvg':
      post({ type: 'svg', requestId: msg.requestId, svg: exportGraphSvg() ?? '' });
      break;
  }
});

if (model) render();
post({ type: 'ready' });
