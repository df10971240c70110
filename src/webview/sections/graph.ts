/**
 * Computation-graph section: an ELK-laid-out SVG of data|grad records drawn at 1:1 scale (text at the editor font
 * size, never below 11 px) inside a pannable viewport with an overview of the whole graph. Drag, the wheel and the
 * arrow keys pan; Ctrl+wheel and +/− zoom; Fit is an explicit choice. Long chains of single-use nodes fold into one
 * node (click or Enter expands). Hover highlights the path to the output and the node's source span; click explains
 * the chain rule for the node.
 */
import { button, clear, h, s } from '../dom';
import type { Ctx } from '../context';
import { chainBreakdown, forwardInputs, pathProducts, pathToOutput, sweepOrder, sweepStep } from '../chain';
import { findChains, foldChains, type DrawNode, type FoldedGraph } from '../graphFold';
import { layoutGraph, nodeTitle, nodeValue, type GraphFonts, type GraphGeometry, type TextMeasure } from '../graphLayout';
import type { GraphModel, GraphNodeModel } from '../../shared/protocol';
import { note, section } from './section';
import { mathElement } from '../math';
import { matrixLatex, shortValue } from '../matrix';
import { t } from '../l10n';

/** Drawing more than this many nodes is not useful; export DOT instead. */
const MAX_DRAWN_NODES = 3000;
/** Bigger graphs are laid out only when asked (layout time grows faster than linearly). */
const AUTO_LAYOUT_NODES = 400;
/** Graphs with more nodes than this start with their long chains folded. */
const FOLD_AUTO_NODES = 12;
const MIN_SCALE = 0.05;
const MAX_SCALE = 4;

interface Viewport { x: number; y: number; k: number }

/** The live graph drawing, kept so the host can ask for an SVG export. */
let current: { svg: SVGSVGElement; geometry: GraphGeometry } | undefined;
let layoutToken = 0;
/** The newest layout: settles when it is drawn (or has failed, or was abandoned). */
let layoutDone: Promise<void> = Promise.resolve();

/** Forgets the drawing and abandons layouts in flight (called before every render). */
export function resetGraph(): void {
  layoutToken++;
  current = undefined;
  layoutDone = Promise.resolve();
}

/** Settles when the newest graph layout has been drawn (at once when none is running): the perf log's `settled`. */
export const graphSettled = (): Promise<void> => layoutDone;

interface Parts { toolbar: HTMLElement; tools: HTMLElement; canvas: HTMLElement; details: HTMLElement; meta: HTMLElement }

export function graphSection(ctx: Ctx): HTMLElement | null {
  const g = ctx.model.graph;
  if (!g) return null;
  const toolbar = h('div', { class: 'graph-toolbar', role: 'toolbar', 'aria-label': t('Graph tools') });
  if (g.outputs.length > 1) {
    const select = h('select', { 'aria-label': t('Output to show'), 'data-testid': 'graph-output' },
      ...g.outputs.map((o) => h('option', { value: o, selected: o === g.output }, o)));
    select.addEventListener('change', () => ctx.post({ type: 'graphOutput', output: select.value }));
    toolbar.append(h('label', {}, `${t('output')} `, select));
  }
  if (g.collapsed > 0) {
    toolbar.append(button(t('Show every node'), () => ctx.post({ type: 'graphCollapse', collapse: false }), { 'data-testid': 'graph-expand' }, t('Expand')));
  } else if (g.expandedPastThreshold) {
    toolbar.append(button(t('Fold repeated structure'), () => ctx.post({ type: 'graphCollapse', collapse: true }), { 'data-testid': 'graph-collapse' }, t('Collapse')));
  }
  const tools = h('span', { class: 'graph-tools' });
  toolbar.append(tools);
  const canvas = h('div', { class: 'graph-canvas', 'data-testid': 'graph-canvas' });
  const details = h('div', { class: 'chain', id: 'graph-chain', 'data-testid': 'graph-chain', 'aria-live': 'polite' });
  const meta = h('p', { class: 'meta', 'data-testid': 'graph-meta' }, graphMeta(g, g.nodes.length, g.edges.length, 0));
  const body = section(ctx, 'graph', t('Computation graph'), toolbar, canvas, meta, details);
  const parts: Parts = { toolbar, tools, canvas, details, meta };

  if (g.nodes.length > MAX_DRAWN_NODES) {
    canvas.append(note(t('The graph has {0} nodes: too many to draw here. Export it as DOT to view it in Graphviz.', g.nodes.length)));
    tools.append(exportButtons(ctx));
    return body;
  }
  const start = () => {
    clear(canvas);
    canvas.append(h('p', { class: 'note', role: 'status' }, t('Laying out {0} nodes…', g.nodes.length)));
    runLayout(ctx, g, parts);
  };
  if (g.nodes.length > AUTO_LAYOUT_NODES && !ctx.ui.layoutLarge) {
    canvas.append(h('div', { class: 'note' },
      h('p', {}, t('The graph has {0} nodes; laying it out takes a few seconds.', g.nodes.length)),
      button(t('Lay out {0} nodes', g.nodes.length), () => {
        ctx.ui.layoutLarge = true;
        start();
      }, { 'data-testid': 'graph-layout-large' }, t('Lay out')), ' ', exportButtons(ctx)));
  } else start();
  return body;
}

function graphMeta(g: GraphModel, nodes: number, edges: number, chains: number): string {
  return t('{0} nodes, {1} edges', nodes, edges) +
    (g.collapsed ? ` ${t('(collapsed from {0}: chains of one operator, single-use constants and repeated terms folded)', g.totalNodes)}` : '') +
    (chains ? ` · ${chains === 1 ? t('1 chain of single-use steps folded (▸: click or Enter expands)') : t('{0} chains of single-use steps folded (▸: click or Enter expands)', chains)}` : '') +
    ` · ${t('drag, scroll or use the arrow keys to pan, Ctrl+scroll or +/− to zoom · hover a node to trace its path to the output, click it for the chain rule')}`;
}

/** Which chains are folded: remembered per graph, folded by default in bigger graphs. */
function foldState(ctx: Ctx, g: GraphModel): { fold: boolean; expanded: number[] } {
  const key = graphKey(g);
  if (ctx.ui.graphFold?.key !== key || !Array.isArray(ctx.ui.graphFold.expanded)) ctx.ui.graphFold = { key, fold: g.nodes.length > FOLD_AUTO_NODES, expanded: [] };
  return ctx.ui.graphFold;
}

const graphKey = (g: GraphModel) => `${g.output}|${g.nodes.length}|${g.edges.length}`;

function runLayout(ctx: Ctx, g: GraphModel, parts: Parts, focus?: number): void {
  const token = ++layoutToken;
  const { toolbar, tools, canvas, details, meta } = parts;
  const chains = findChains(g);
  const state = foldState(ctx, g);
  const folded = state.fold ? chains.filter((c) => !state.expanded.includes(c.id)) : [];
  const shown = foldChains(g, folded);
  // Resolved once the section is in the document (the promise runs after render attaches it).
  const direction = () => (g.direction !== 'AUTO' ? g.direction : (canvas.clientWidth || document.body.clientWidth) < 640 ? 'DOWN' : 'RIGHT');
  const title = (n: DrawNode) => (n.chain ? `▸ ${nodeTitle(n)}` : nodeTitle(n));
  layoutDone = Promise.resolve()
    .then(() => document.fonts?.ready)
    .then(() => layoutGraph(shown, direction(), ctx.fmt, graphFonts(canvas), title)).then(
      (geometry) => {
        if (token !== layoutToken) return; // a newer model replaced this one
        clear(canvas);
        clear(tools);
        const relayout = (focusId?: number) => runLayout(ctx, g, parts, focusId);
        const drawing = drawGraph(ctx, shown, geometry, details, title, (id) => {
          state.expanded.push(id);
          ctx.save();
          relayout(id);
        });
        canvas.append(drawing.svg, drawing.minimap);
        current = { svg: drawing.svg, geometry };
        meta.textContent = graphMeta(g, shown.nodes.length, shown.edges.length, folded.length);
        const foldButton = chains.length
          ? button(state.fold && folded.length ? t('Show every step of the folded chains') : t('Fold long chains of single-use steps into one node'), () => {
            const fold = !(state.fold && folded.length);
            state.fold = fold;
            state.expanded = [];
            ctx.save();
            relayout();
          }, { 'data-testid': 'graph-fold', 'aria-pressed': folded.length ? 'true' : 'false' }, folded.length ? t('Unfold chains') : t('Fold chains'))
          : null;
        const stepper = h('span', { class: 'graph-stepper', role: 'group', 'aria-label': t('Walk the forward and backward pass') },
          button(t('Step backward through the sweeps (key ,)'), () => drawing.step(-1), { class: 'icon-button', 'data-testid': 'graph-step-back', 'aria-keyshortcuts': ',' }, '◀'),
          button(t('Step forward: the forward pass node by node, then the backward pass (key .)'), () => drawing.step(1),
            { class: 'icon-button', 'data-testid': 'graph-step-forward', 'aria-keyshortcuts': '.' }, t('Step ▶')),
          button(t('Leave the step-by-step walk'), () => drawing.stepTo(0), { class: 'icon-button', 'data-testid': 'graph-step-reset' }, '⟲'));
        tools.append(
          stepper,
          button(t('Zoom out'), () => drawing.zoom(0.8), { class: 'icon-button', 'data-testid': 'graph-zoom-out' }, '−'),
          drawing.scaleButton,
          button(t('Zoom in'), () => drawing.zoom(1.25), { class: 'icon-button', 'data-testid': 'graph-zoom-in' }, '+'),
          button(t('Fit the whole graph in view (shrinks the text)'), () => drawing.fit(), { class: 'icon-button', 'data-testid': 'graph-fit' }, t('Fit')),
          ...(foldButton ? [foldButton] : []),
          exportButtons(ctx));
        if (!toolbar.contains(tools)) toolbar.append(tools);
        const sel = ctx.ui.selectedNode;
        if (sel !== undefined && shown.nodes.some((n) => n.id === sel)) showChain(ctx, shown, sel, details);
        if (focus !== undefined) drawing.centerOn(focus);
      },
      (err: unknown) => {
        if (token !== layoutToken) return;
        clear(canvas);
        clear(tools);
        canvas.append(note(t('Graph layout failed: {0}. Export it as DOT to view it in Graphviz.', err instanceof Error ? err.message : String(err)), 'error'));
        tools.append(exportButtons(ctx));
      });
}

function exportButtons(ctx: Ctx): HTMLElement {
  return h('span', { class: 'export' },
    button(t('Export graph…'), () => ctx.post({ type: 'command', command: 'partials.exportGraph' }), { 'data-testid': 'graph-export' }, t('Export…')));
}

/**
 * How graph text measures, read from the stylesheet (node text and edge labels follow the editor font, at least
 * 11 px): a hidden probe carries the same classes as the real drawing, so measured and drawn text agree.
 */
function graphFonts(host: HTMLElement): GraphFonts {
  const nodeText = s('text', { class: 'node-text' }, 'M');
  const labelText = s('text', { class: 'edge-label' }, 'M');
  const probe = s('svg', { class: 'graph graph-probe', 'aria-hidden': 'true' }, s('g', { class: 'node' }, nodeText), s('g', { class: 'edge' }, labelText));
  (host.isConnected ? host : document.body).append(probe);
  const c2d = document.createElement('canvas').getContext('2d');
  const measureOf = (el: Element): TextMeasure => {
    const cs = getComputedStyle(el);
    const fontSize = parseFloat(cs.fontSize) || 12;
    if (!c2d) return { width: (t) => t.length * fontSize * 0.62, ascent: fontSize * 0.95, descent: fontSize * 0.3, fontSize };
    const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    c2d.font = font;
    const m = c2d.measureText('Mgy│');
    const ascent = Math.max(m.fontBoundingBoxAscent || 0, m.actualBoundingBoxAscent, fontSize * 0.8);
    const descent = Math.max(m.fontBoundingBoxDescent || 0, m.actualBoundingBoxDescent, fontSize * 0.2);
    return {
      width: (t) => {
        c2d.font = font;
        return c2d.measureText(t).width;
      },
      ascent, descent, fontSize,
    };
  };
  const fonts = { node: measureOf(nodeText), label: measureOf(labelText) };
  probe.remove();
  return fonts;
}

interface Drawing {
  svg: SVGSVGElement;
  minimap: SVGSVGElement;
  scaleButton: HTMLButtonElement;
  zoom(factor: number): void;
  fit(): void;
  centerOn(id: number): void;
  /** The forward-then-backward walk: move by `delta` steps, or go to step k (0: not walking). */
  step(delta: number): void;
  stepTo(k: number): void;
}

function drawGraph(ctx: Ctx, g: FoldedGraph, geo: GraphGeometry, details: HTMLElement, title: (n: DrawNode) => string, expand: (id: number) => void): Drawing {
  const key = `${graphKey(g)}|${geo.width.toFixed(0)}x${geo.height.toFixed(0)}`;
  const svg = s('svg', {
    class: 'graph', role: 'group', tabindex: 0, 'data-testid': 'graph-svg',
    'aria-label': t('Computation graph of {0}: {1} nodes. Arrow keys pan, plus and minus zoom, 1 shows actual size, 0 fits.', g.output, g.nodes.length),
  }) as SVGSVGElement;
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { class: 'arrowhead', d: 'M 0 0 L 10 5 L 0 10 z' })));
  const viewport = s('g', { class: 'viewport' });
  svg.append(defs, viewport);

  const edgeEls: SVGElement[] = [];
  const edgeLayer = s('g', { class: 'edges' });
  const labelLayer = s('g', { class: 'edge-labels' });
  for (const e of geo.edges) {
    const model = g.edges[e.index];
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const tip = `∂${label(g, model.to)}/∂${label(g, model.from)} = ${model.local} = ${ctx.fmt(model.localValue)}`;
    const group = s('g', { class: 'edge', 'data-edge': e.index }, s('path', { d, 'marker-end': 'url(#arrow)' }), s('title', {}, tip));
    if (e.label) {
      // Labels are drawn above every edge, on a background sized from the measured text.
      const l = e.label;
      labelLayer.append(s('g', { class: 'edge-label-group', 'data-edge': e.index },
        s('rect', { class: 'edge-label-bg', x: l.x, y: l.y, width: l.width, height: l.height, rx: 2 }),
        s('text', { class: 'edge-label', x: l.x + l.width / 2, y: l.y + l.baseline, 'text-anchor': 'middle' }, l.text),
        s('title', {}, tip)));
    }
    edgeEls[e.index] = group;
    edgeLayer.append(group);
  }
  const nodeEls = new Map<number, SVGElement>();
  const nodeLayer = s('g', { class: 'nodes' });
  for (const n of g.nodes) {
    const box = geo.nodes.get(n.id);
    if (!box) continue;
    const cls = ['node', n.isInput ? 'node-input' : '', n.isOutput ? 'node-output' : '', n.op === 'num' || n.op === 'const' ? 'node-const' : '',
      n.members ? 'node-collapsed' : '', n.chain ? 'node-chain' : ''].filter(Boolean).join(' ');
    const aria = n.chain
      ? t('Folded chain of {0} steps {1}, ending at {2}: value {3}, adjoint {4}. Press Enter to expand.', n.chain.length, n.label, n.name ?? t('its result'), nodeValue(n, 'value', ctx.fmt), nodeValue(n, 'adjoint', ctx.fmt))
      : t('{0}: value {1}, adjoint {2}', nodeTitle(n), nodeValue(n, 'value', ctx.fmt), nodeValue(n, 'adjoint', ctx.fmt)) +
        (n.repeat ? t(', first of {0} similar terms', n.repeat) : '') + (n.members ? t(', {0} nodes folded', n.members.length) : '');
    const el = s('g', {
      class: cls, transform: `translate(${box.x} ${box.y})`, tabindex: 0, role: 'button', 'data-node-id': n.id, 'data-testid': `graph-node-${n.id}`,
      'aria-label': aria, ...(n.chain ? { 'aria-expanded': 'false', 'data-chain': n.chain.join(' ') } : {}),
    });
    el.append(s('rect', { class: 'node-box', width: box.width, height: box.height, rx: 3 }));
    box.cells.forEach((c, i) => {
      if (i > 0) {
        el.append(box.stacked
          ? s('line', { class: 'node-sep', x1: 0, x2: box.width, y1: c.y, y2: c.y })
          : s('line', { class: 'node-sep', x1: c.x, x2: c.x, y1: 0, y2: box.height }));
      }
      el.append(s('text', { class: `node-text cell-${i}`, x: c.x + c.width / 2, y: c.baseline, 'text-anchor': 'middle' }, c.text));
      el.append(' '); // keeps the cells apart in the node's text content (screen readers, search, tests)
    });
    el.append(s('title', {}, n.chain
      ? `${title(n)}\n${t('{0} single-use steps folded into one (click or Enter expands)', n.chain.length)}\ndata ${nodeValue(n, 'value', ctx.fmt)}\ngrad ${nodeValue(n, 'adjoint', ctx.fmt)}`
      : `${nodeTitle(n)} (${n.op})\ndata ${nodeValue(n, 'value', ctx.fmt)}\ngrad ${nodeValue(n, 'adjoint', ctx.fmt)}`));
    nodeEls.set(n.id, el);
    nodeLayer.append(el);
    const enter = () => highlight(n);
    el.addEventListener('mouseenter', enter);
    el.addEventListener('focus', () => {
      enter();
      reveal(box);
    });
    el.addEventListener('mouseleave', unhighlight);
    el.addEventListener('blur', unhighlight);
    const activate = () => (n.chain ? expand(n.id) : select(n.id));
    el.addEventListener('click', activate);
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); activate(); }
    });
  }
  viewport.append(edgeLayer, nodeLayer, labelLayer);

  function highlight(n: GraphNodeModel): void {
    const path = pathToOutput(g, n.id);
    svg.classList.add('tracing');
    for (const [id, el] of nodeEls) el.classList.toggle('on-path', path.nodes.has(id));
    edgeEls.forEach((el, i) => el?.classList.toggle('on-path', path.edges.has(i)));
    for (const el of labelLayer.children) el.classList.toggle('on-path', path.edges.has(Number(el.getAttribute('data-edge'))));
    ctx.post({ type: 'highlight', span: n.span ?? null });
  }
  function unhighlight(): void {
    svg.classList.remove('tracing');
    for (const el of nodeEls.values()) el.classList.remove('on-path');
    for (const el of edgeEls) el?.classList.remove('on-path');
    for (const el of labelLayer.children) el.classList.remove('on-path');
    ctx.post({ type: 'highlight', span: null });
  }
  function select(id: number): void {
    for (const [nid, el] of nodeEls) el.classList.toggle('selected', nid === id);
    ctx.ui.selectedNode = id;
    ctx.save();
    showChain(ctx, g, id, details);
  }

  // ---- Step forward / Step backward: the seed article's backpropagation, played on the user's own graph ------
  // The forward pass computes each node's value after the nodes it reads; the backward pass then visits them in
  // reverse, each adjoint the sum over its consumers of (consumer adjoint × local derivative).
  const order = sweepOrder(g);
  const rank = new Map(order.map((id, i) => [id, i]));
  let stepK = 0;
  function stepTo(k: number): void {
    stepK = Math.max(0, Math.min(2 * order.length, k));
    const st = sweepStep(order, stepK);
    svg.classList.toggle('stepping', !!st);
    for (const [id, el] of nodeEls) {
      const i = rank.get(id) ?? -1;
      const valueKnown = !st || st.phase === 'backward' || i < st.index;
      const adjointKnown = !st || (st.phase === 'backward' && i >= order.length - st.index);
      el.classList.toggle('step-pending', !valueKnown);
      el.classList.toggle('step-grad-pending', valueKnown && !adjointKnown);
      el.classList.toggle('step-current', st?.node === id);
    }
    if (!st) {
      clear(details);
      return;
    }
    const n = g.nodes.find((x) => x.id === st.node)!;
    const title = nodeTitle(n);
    if (st.phase === 'forward') {
      clear(details);
      const ins = forwardInputs(g, n.id);
      details.append(h('h3', { class: 'subhead', 'data-testid': 'graph-step-title' }, t('Forward pass, step {0} of {1}', st.index, st.of)),
        h('p', { 'data-testid': 'graph-step-text' }, n.isInput || ins.length === 0
          ? `${title} = ${ctx.fmt(n.value)} (${n.isInput ? t('an input: its value is the point\'s') : t('a constant')})`
          : t('{0} = {1}, computed from {2}', title, ctx.fmt(n.value), ins.map((x) => `${nodeTitle(x)} = ${ctx.fmt(x.value)}`).join(', '))));
    } else {
      showChain(ctx, g, n.id, details);
      details.prepend(h('h3', { class: 'subhead', 'data-testid': 'graph-step-title' }, t('Backward pass, step {0} of {1}', st.index, st.of)),
        h('p', { 'data-testid': 'graph-step-text' }, t('adjoint {0} = {1}', `∂${g.output}/∂(${title})`, ctx.fmt(n.adjoint))));
    }
    centerOn(n.id);
  }
  const step = (delta: number) => stepTo(stepK + delta);

  // ---- the overview: the whole graph in miniature with the visible rectangle --------------------------------
  const host = document.body.dataset.host === 'panel' ? { w: 180, h: 120 } : { w: 110, h: 80 };
  const mk = Math.min(host.w / Math.max(1, geo.width), host.h / Math.max(1, geo.height));
  const mmWidth = Math.max(24, Math.round(geo.width * mk)), mmHeight = Math.max(16, Math.round(geo.height * mk));
  const minimap = s('svg', {
    class: 'graph-minimap', 'data-testid': 'graph-minimap', 'aria-hidden': 'true',
    width: mmWidth, height: mmHeight,
    viewBox: `0 0 ${Math.ceil(geo.width)} ${Math.ceil(geo.height)}`, preserveAspectRatio: 'none',
  }) as SVGSVGElement;
  minimap.append(s('title', {}, t('Overview: click or drag to move the view')));
  for (const e of geo.edges) {
    minimap.append(s('path', { class: 'mm-edge', d: e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(0)} ${p.y.toFixed(0)}`).join(' ') }));
  }
  for (const b of geo.nodes.values()) minimap.append(s('rect', { class: 'mm-node', x: b.x, y: b.y, width: b.width, height: b.height }));
  const viewRect = s('rect', { class: 'mm-view', 'data-testid': 'graph-minimap-view' });
  minimap.append(viewRect);

  // ---- pan and zoom -----------------------------------------------------------------------------------
  const saved = ctx.ui.graphView?.key === key ? ctx.ui.graphView : undefined;
  const vp: Viewport = saved ? { x: saved.x, y: saved.y, k: saved.k } : { x: 0, y: 0, k: 1 };
  /** The view was placed by the user (or restored): resizing keeps it instead of starting over. */
  let moved = !!saved;
  const scaleButton = button(t('Actual size (100%)'), () => zoom(1 / vp.k), { class: 'icon-button graph-scale', 'data-testid': 'graph-scale' }, '100%');
  /**
   * The drawing's size on screen (reading it lays the page out: a caller that changes classes or attributes in
   * between passes the size it read instead of reading it again, so one drawing costs one layout, not four).
   */
  const size = () => ({ w: svg.clientWidth || 320, h: svg.clientHeight || 300 });
  type Size = ReturnType<typeof size>;
  /** Keeps the graph in view: it can be dragged at most a margin past its edges. */
  const clamp = (sz: Size = size()) => {
    const { w, h: hh } = sz;
    const m = 24;
    const gw = geo.width * vp.k, gh = geo.height * vp.k;
    // The bottom margin leaves room to pan the last nodes out from under the overview.
    const bottom = minimap.classList.contains('hidden') ? m : mmHeight + 12;
    vp.x = gw <= w ? Math.min(Math.max(vp.x, 0), w - gw) : Math.min(Math.max(vp.x, w - gw - m), m);
    vp.y = gh <= hh ? Math.min(Math.max(vp.y, 0), hh - gh) : Math.min(Math.max(vp.y, hh - gh - bottom), m);
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const apply = (sz: Size = size()) => {
    const { w, h: hh } = sz;
    const all = geo.width * vp.k <= w + 1 && geo.height * vp.k <= hh + 1;
    minimap.classList.toggle('hidden', all);
    svg.classList.toggle('pannable', !all);
    clamp(sz);
    viewport.setAttribute('transform', `translate(${vp.x.toFixed(1)} ${vp.y.toFixed(1)}) scale(${vp.k.toFixed(4)})`);
    ctx.ui.graphView = { key, ...vp };
    viewRect.setAttribute('x', (-vp.x / vp.k).toFixed(1));
    viewRect.setAttribute('y', (-vp.y / vp.k).toFixed(1));
    viewRect.setAttribute('width', (w / vp.k).toFixed(1));
    viewRect.setAttribute('height', (hh / vp.k).toFixed(1));
    scaleButton.textContent = `${Math.round(vp.k * 100)}%`;
    // Persisting serialises the whole model: not on every wheel tick.
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => ctx.save(), 250);
  };
  const outputBox = () => {
    const out = g.nodes.filter((n) => n.isOutput);
    const n = out.find((o) => o.name === g.output) ?? out[out.length - 1];
    return n ? geo.nodes.get(n.id) : undefined;
  };
  /** The start: actual size; a graph too big to show whole starts at its output. */
  const home = (sz: Size = size()) => {
    const { w, h: hh } = sz;
    vp.k = 1;
    const out = outputBox();
    vp.x = geo.width <= w || !out ? (w - geo.width) / 2 : w / 2 - (out.x + out.width / 2);
    vp.y = geo.height <= hh || !out ? (hh - geo.height) / 2 : hh / 2 - (out.y + out.height / 2);
    apply(sz);
    // Keep the output clear of the overview in the bottom-right corner.
    if (out && !minimap.classList.contains('hidden')) {
      const right = out.x + out.width + vp.x, bottom = out.y + out.height + vp.y;
      if (right > w - mmWidth - 8 && bottom > hh - mmHeight - 8) {
        vp.y -= bottom - (hh - mmHeight - 8);
        apply(sz);
      }
    }
  };
  const fit = () => {
    moved = true;
    const { w, h: hh } = size();
    vp.k = Math.max(MIN_SCALE, Math.min(1, w / Math.max(1, geo.width), hh / Math.max(1, geo.height)));
    vp.x = (w - geo.width * vp.k) / 2;
    vp.y = (hh - geo.height * vp.k) / 2;
    apply();
  };
  const zoom = (factor: number, cx?: number, cy?: number) => {
    moved = true;
    const { w, h: hh } = size();
    const px = cx ?? w / 2, py = cy ?? hh / 2;
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, vp.k * factor));
    vp.x = px - ((px - vp.x) * k) / vp.k;
    vp.y = py - ((py - vp.y) * k) / vp.k;
    vp.k = k;
    apply();
  };
  const centerAt = (gx: number, gy: number) => {
    const { w, h: hh } = size();
    vp.x = w / 2 - gx * vp.k;
    vp.y = hh / 2 - gy * vp.k;
    apply();
  };
  const centerOn = (id: number) => {
    moved = true;
    const b = geo.nodes.get(id);
    if (b) centerAt(b.x + b.width / 2, b.y + b.height / 2);
  };
  /** Keyboard focus may land on a node outside the view: bring it to the centre. */
  const reveal = (b: { x: number; y: number; width: number; height: number }) => {
    const { w, h: hh } = size();
    const x0 = b.x * vp.k + vp.x, y0 = b.y * vp.k + vp.y;
    if (x0 >= 0 && y0 >= 0 && x0 + b.width * vp.k <= w && y0 + b.height * vp.k <= hh) return;
    centerAt(b.x + b.width / 2, b.y + b.height / 2);
  };
  svg.addEventListener('wheel', (ev) => {
    const r = svg.getBoundingClientRect();
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? r.height : 1;
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      zoom(Math.exp(-ev.deltaY * unit * 0.002), ev.clientX - r.left, ev.clientY - r.top);
      return;
    }
    let dx = ev.deltaX * unit, dy = ev.deltaY * unit;
    if (ev.shiftKey && !dx) [dx, dy] = [dy, 0];
    const before = { x: vp.x, y: vp.y };
    vp.x -= dx;
    vp.y -= dy;
    clamp();
    // At the graph's edge the wheel scrolls the inspector as usual.
    if (Math.abs(vp.x - before.x) > 0.5 || Math.abs(vp.y - before.y) > 0.5) {
      ev.preventDefault();
      apply();
    }
  }, { passive: false });
  let drag: { x: number; y: number; vx: number; vy: number } | undefined;
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0 || (ev.target as Element).closest('.node')) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: vp.x, vy: vp.y };
    svg.setPointerCapture(ev.pointerId);
    svg.classList.add('panning');
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    vp.x = drag.vx + ev.clientX - drag.x;
    vp.y = drag.vy + ev.clientY - drag.y;
    apply();
  });
  const endDrag = () => {
    drag = undefined;
    svg.classList.remove('panning');
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  let mmDrag = false;
  const mmMove = (ev: PointerEvent) => {
    const r = minimap.getBoundingClientRect();
    centerAt(((ev.clientX - r.left) / r.width) * geo.width, ((ev.clientY - r.top) / r.height) * geo.height);
  };
  minimap.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    mmDrag = true;
    minimap.setPointerCapture(ev.pointerId);
    mmMove(ev);
  });
  minimap.addEventListener('pointermove', (ev) => { if (mmDrag) mmMove(ev); });
  minimap.addEventListener('pointerup', () => { mmDrag = false; });
  minimap.addEventListener('pointercancel', () => { mmDrag = false; });
  svg.addEventListener('keydown', (ev) => {
    if (ev.target !== svg) return;
    const pan = 48;
    const moves: Record<string, [number, number]> = { ArrowLeft: [pan, 0], ArrowRight: [-pan, 0], ArrowUp: [0, pan], ArrowDown: [0, -pan] };
    if (moves[ev.key]) {
      vp.x += moves[ev.key][0];
      vp.y += moves[ev.key][1];
      apply();
    } else if (ev.key === '+' || ev.key === '=') zoom(1.25);
    else if (ev.key === '-') zoom(0.8);
    else if (ev.key === '0') fit();
    else if (ev.key === '1') zoom(1 / vp.k);
    else if (ev.key === '.') step(1);
    else if (ev.key === ',') step(-1);
    else return;
    ev.preventDefault();
  });
  // Until the user moves the view, it follows the drawing's size (a section opened later, a resized side bar).
  for (const type of ['pointerdown', 'wheel', 'keydown'] as const) svg.addEventListener(type, () => { moved = true; }, { passive: true });
  minimap.addEventListener('pointerdown', () => { moved = true; }, { passive: true });
  let lastSize = '';
  const resized = () => {
    const sz = size();
    const { w, h: hh } = sz;
    if (`${w}x${hh}` === lastSize) return;
    lastSize = `${w}x${hh}`;
    if (moved) apply(sz);
    else home(sz);
  };
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(resized).observe(svg);
  requestAnimationFrame(() => {
    sizeCanvas(svg, geo);
    resized();
  });
  return { svg, minimap, scaleButton, zoom, fit, centerOn, step, stepTo };
}

/** Gives the drawing the height it needs at actual size, within limits (CSSOM, not inline styles). */
function sizeCanvas(svg: SVGSVGElement, geo: GraphGeometry): void {
  const panel = document.body.dataset.host === 'panel';
  const max = panel ? Math.max(320, window.innerHeight * 0.7) : Math.min(460, Math.max(240, window.innerHeight * 0.6));
  svg.style.height = `${Math.round(Math.min(max, Math.max(120, geo.height + 2)))}px`;
}

function label(g: GraphModel, id: number): string {
  const n = g.nodes.find((x) => x.id === id);
  return n ? nodeTitle(n) : `#${id}`;
}

function showChain(ctx: Ctx, g: GraphModel, id: number, el: HTMLElement): void {
  clear(el);
  const tn = g.nodes.find((x) => x.id === id);
  if (tn?.shape) {
    tensorNodeDetails(ctx, g, tn, el);
    return;
  }
  const b = chainBreakdown(g, id);
  if (!b) return;
  const n = b.node;
  const title = nodeTitle(n);
  el.append(h('h3', { class: 'subhead' }, t('Chain rule at {0}', title)),
    h('p', {}, t('value {0}, adjoint {1} = {2}', ctx.fmt(n.value), `∂${g.output}/∂(${title})`, ctx.fmt(n.adjoint))));
  if (b.isOutput && b.terms.length === 0) {
    el.append(h('p', {}, t('This is the output {0}: its adjoint is 1 by definition, and the backward sweep starts here.', g.output)));
  } else {
    const terms = b.terms.map((term) => h('li', {},
      t('{0}: adjoint {1} × {2} = {3} = {4} → {5}', nodeTitle(term.consumer), ctx.fmt(term.consumerAdjoint),
        `∂(${nodeTitle(term.consumer)})/∂(${title})`, term.local, ctx.fmt(term.localValue), ctx.fmt(term.product))));
    const agrees = Math.abs(b.sum - n.adjoint) <= 1e-9 * Math.max(1, Math.abs(n.adjoint)) || (Number.isNaN(b.sum) && Number.isNaN(n.adjoint));
    el.append(
      h('p', {}, t('adjoint = Σ over consumers of (consumer adjoint × local derivative):')),
      h('ul', { class: 'chain-terms' }, ...terms),
      h('p', { class: agrees ? 'chain-sum' : 'chain-sum note-warning' }, `Σ = ${ctx.fmt(b.sum)}${agrees ? '' : g.collapsed
        ? ` — ${t('the full adjoint is {0}: some consumers are folded into repeated structure (Expand shows every term)', ctx.fmt(n.adjoint))}`
        : ` ${t('(the engine reports {0})', ctx.fmt(n.adjoint))}`}`));
    const { paths, truncated } = pathProducts(g, id, 6);
    if (paths.length) {
      el.append(h('p', {}, t('Paths to {0} (product of local derivatives along each):', g.output)),
        h('ul', { class: 'chain-paths' }, ...paths.map((p) => h('li', {},
          `${p.nodes.map((x) => label(g, x)).join(' → ')}: ${p.locals.join(' · ')} = ${ctx.fmt(p.value)}`))));
      if (truncated) el.append(note(t('More paths exist; only the first few are listed.')));
    }
  }
  if (n.span) el.append(button(t('Show in editor'), () => ctx.post({ type: 'reveal', span: n.span! }), { class: 'link-button', 'data-testid': 'graph-reveal' }));
}

/** A tensor node: its shape, value and adjoint as typeset matrices, and what its edges do in the backward sweep. */
function tensorNodeDetails(ctx: Ctx, g: GraphModel, n: GraphModel['nodes'][number], el: HTMLElement): void {
  const max = ctx.model.tensor?.maxEntries ?? 6;
  const title = nodeTitle(n);
  const shape = n.shape ?? [];
  const outs = g.edges.filter((e) => e.from === n.id && e.local);
  const parts: Array<HTMLElement | null> = [h('h3', { class: 'subhead' }, `${title}`),
    h('p', { class: 'meta' }, `shape ${shape.length ? shape.join('×') : 'scalar'} (${n.op})`),
    h('div', { class: 'tensor-value', 'data-testid': 'graph-node-value' }, 'value ', mathElement(matrixLatex(n.tensorValue ?? null, ctx.fmt, max), shortValue(n.tensorValue, ctx.fmt, max))),
    n.tensorAdjoint !== undefined
      ? h('div', { class: 'tensor-value', 'data-testid': 'graph-node-adjoint' }, `adjoint ∂${g.output}/∂(${title}) `, mathElement(matrixLatex(n.tensorAdjoint, ctx.fmt, max), shortValue(n.tensorAdjoint, ctx.fmt, max)))
      : null,
    outs.length ? h('ul', { class: 'chain-terms' }, ...outs.map((e) => h('li', {}, `→ ${label(g, e.to)}: ${e.local}`))) : null];
  for (const p of parts) if (p) el.append(p);
}

/**
 * The current drawing as a standalone SVG document: the whole graph, colours resolved from the theme
 * (CSS variables do not exist outside the webview).
 */
export function exportGraphSvg(): string | undefined {
  if (!current) return undefined;
  const { svg, geometry } = current;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copy = [clone, ...Array.from(clone.querySelectorAll('*'))];
  const props = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'opacity'];
  const computed = live.map((el) => getComputedStyle(el));
  const parentIndex = new Map(live.map((el, i) => [el, i]));
  copy.forEach((el, i) => {
    const cs = computed[i];
    const parent = live[i].parentElement ? parentIndex.get(live[i].parentElement!) : undefined;
    for (const p of props) {
      const v = cs.getPropertyValue(p);
      // Inherited values are written once, on the nearest ancestor that sets them.
      if (v && (parent === undefined || computed[parent].getPropertyValue(p) !== v)) el.setAttribute(p, v);
    }
    for (const a of ['class', 'tabindex', 'role', 'style', 'data-testid', 'aria-label', 'data-node-id', 'data-edge']) el.removeAttribute(a);
  });
  clone.querySelector(':scope > g')?.removeAttribute('transform');
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(geometry.width)} ${Math.ceil(geometry.height)}`);
  clone.setAttribute('width', String(Math.ceil(geometry.width)));
  clone.setAttribute('height', String(Math.ceil(geometry.height)));
  const bg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  if (bg) clone.insertBefore(s('rect', { width: '100%', height: '100%', fill: bg }), clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}
