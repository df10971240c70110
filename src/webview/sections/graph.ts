/**
 * Computation-graph section: ELK-laid-out SVG of data|grad records, pan/zoom (mouse and keyboard), hover
 * highlights the path to the output and the node's source span, click explains the chain rule for the node.
 */
import { button, clear, h, s } from '../dom';
import type { Ctx } from '../context';
import { chainBreakdown, pathProducts, pathToOutput } from '../chain';
import { layoutGraph, NODE_HEIGHT, nodeTitle, type GraphGeometry } from '../graphLayout';
import type { GraphModel, GraphNodeModel } from '../protocol';
import { note, section } from './section';

/** Drawing more than this many nodes is not useful; export DOT instead. */
export const MAX_DRAWN_NODES = 3000;
/** Bigger graphs are laid out only when asked (layout time grows faster than linearly). */
export const AUTO_LAYOUT_NODES = 400;

interface Viewport { x: number; y: number; k: number }

/** The live graph drawing, kept so the host can ask for an SVG export. */
let current: { svg: SVGSVGElement; geometry: GraphGeometry } | undefined;
let layoutToken = 0;

/** Forgets the drawing and abandons layouts in flight (called before every render). */
export function resetGraph(): void {
  layoutToken++;
  current = undefined;
}

export function graphSection(ctx: Ctx): HTMLElement | null {
  const g = ctx.model.graph;
  if (!g) return null;
  const toolbar = h('div', { class: 'graph-toolbar', role: 'toolbar', 'aria-label': 'Graph tools' });
  if (g.outputs.length > 1) {
    const select = h('select', { 'aria-label': 'Output to show', 'data-testid': 'graph-output' },
      ...g.outputs.map((o) => h('option', { value: o, selected: o === g.output }, o)));
    select.addEventListener('change', () => ctx.post({ type: 'graphOutput', output: select.value }));
    toolbar.append(h('label', {}, 'output ', select));
  }
  if (g.collapsed > 0) {
    toolbar.append(button('Show every node', () => ctx.post({ type: 'graphCollapse', collapse: false }), { 'data-testid': 'graph-expand' }, 'Expand'));
  } else if (g.expandedPastThreshold) {
    toolbar.append(button('Fold repeated structure', () => ctx.post({ type: 'graphCollapse', collapse: true }), { 'data-testid': 'graph-collapse' }, 'Collapse'));
  }
  const canvas = h('div', { class: 'graph-canvas', 'data-testid': 'graph-canvas' });
  const details = h('div', { class: 'chain', id: 'graph-chain', 'data-testid': 'graph-chain', 'aria-live': 'polite' });
  const meta = h('p', { class: 'meta' },
    `${g.nodes.length} nodes, ${g.edges.length} edges` +
    (g.collapsed ? ` (collapsed from ${g.totalNodes}: chains of one operator, single-use constants and repeated terms folded)` : '') +
    ' · hover a node to trace its path to the output, click it for the chain rule');
  const body = section(ctx, 'graph', 'Computation graph', toolbar, canvas, meta, details);

  if (g.nodes.length > MAX_DRAWN_NODES) {
    canvas.append(note(`The graph has ${g.nodes.length} nodes: too many to draw here. Export it as DOT to view it in Graphviz.`));
    toolbar.append(exportButtons(ctx));
    return body;
  }
  const start = () => {
    clear(canvas);
    canvas.append(h('p', { class: 'note', role: 'status' }, `Laying out ${g.nodes.length} nodes…`));
    runLayout(ctx, g, toolbar, canvas, details);
  };
  if (g.nodes.length > AUTO_LAYOUT_NODES && !ctx.ui.layoutLarge) {
    canvas.append(h('div', { class: 'note' },
      h('p', {}, `The graph has ${g.nodes.length} nodes; laying it out takes a few seconds.`),
      button(`Lay out ${g.nodes.length} nodes`, () => {
        ctx.ui.layoutLarge = true;
        start();
      }, { 'data-testid': 'graph-layout-large' }, 'Lay out'), ' ', exportButtons(ctx)));
  } else start();
  return body;
}

function runLayout(ctx: Ctx, g: GraphModel, toolbar: HTMLElement, canvas: HTMLElement, details: HTMLElement): void {
  const token = ++layoutToken;
  const measure = textMeasurer();
  // Resolved once the section is in the document (the promise runs after render attaches it).
  const direction = () => (g.direction !== 'AUTO' ? g.direction : (canvas.clientWidth || document.body.clientWidth) < 640 ? 'DOWN' : 'RIGHT');
  Promise.resolve().then(() => layoutGraph(g, direction(), ctx.fmt, measure)).then(
    (geometry) => {
      if (token !== layoutToken) return; // a newer model replaced this one
      clear(canvas);
      const drawing = drawGraph(ctx, g, geometry, details);
      canvas.append(drawing.svg);
      current = { svg: drawing.svg, geometry };
      toolbar.append(
        button('Zoom in', () => drawing.zoom(1.25), { class: 'icon-button', 'data-testid': 'graph-zoom-in' }, '+'),
        button('Zoom out', () => drawing.zoom(0.8), { class: 'icon-button', 'data-testid': 'graph-zoom-out' }, '−'),
        button('Fit to view', () => drawing.fit(), { class: 'icon-button', 'data-testid': 'graph-fit' }, 'Fit'),
        exportButtons(ctx));
      const sel = ctx.ui.selectedNode;
      if (sel !== undefined && g.nodes.some((n) => n.id === sel)) showChain(ctx, g, sel, details);
    },
    (err: unknown) => {
      if (token !== layoutToken) return;
      clear(canvas);
      canvas.append(note(`Graph layout failed: ${err instanceof Error ? err.message : String(err)}. Export it as DOT to view it in Graphviz.`, 'error'));
      toolbar.append(exportButtons(ctx));
    });
}

function exportButtons(ctx: Ctx): HTMLElement {
  return h('span', { class: 'export' },
    button('Export graph…', () => ctx.post({ type: 'command', command: 'partials.exportGraph' }), { 'data-testid': 'graph-export' }, 'Export…'));
}

function textMeasurer(): (t: string) => number {
  const canvas = document.createElement('canvas');
  const c2d = canvas.getContext('2d');
  const style = getComputedStyle(document.body);
  const family = style.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
  if (c2d) c2d.font = `11px ${family}`;
  return (t) => (c2d ? c2d.measureText(t).width : t.length * 6.6);
}

function drawGraph(ctx: Ctx, g: GraphModel, geo: GraphGeometry, details: HTMLElement) {
  const key = `${g.output}|${g.nodes.length}|${g.edges.length}`;
  const svg = s('svg', {
    class: 'graph', role: 'group', tabindex: 0, 'data-testid': 'graph-svg',
    'aria-label': `Computation graph of ${g.output}: ${g.nodes.length} nodes. Arrow keys pan, plus and minus zoom, 0 fits.`,
  }) as SVGSVGElement;
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { class: 'arrowhead', d: 'M 0 0 L 10 5 L 0 10 z' })));
  const viewport = s('g', { class: 'viewport' });
  svg.append(defs, viewport);

  const edgeEls: SVGElement[] = [];
  const edgeLayer = s('g', { class: 'edges' });
  for (const e of geo.edges) {
    const model = g.edges[e.index];
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const group = s('g', { class: 'edge', 'data-edge': e.index },
      s('path', { d, 'marker-end': 'url(#arrow)' }),
      s('title', {}, `∂${label(g, model.to)}/∂${label(g, model.from)} = ${model.local} = ${ctx.fmt(model.localValue)}`));
    if (e.label) {
      group.append(s('text', { class: 'edge-label', x: e.label.x + e.label.width / 2, y: e.label.y + e.label.height - 3, 'text-anchor': 'middle' }, e.label.text));
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
      n.members ? 'node-collapsed' : ''].filter(Boolean).join(' ');
    const el = s('g', {
      class: cls, transform: `translate(${box.x} ${box.y})`, tabindex: 0, role: 'button', 'data-node-id': n.id, 'data-testid': `graph-node-${n.id}`,
      'aria-label': `${nodeTitle(n)}: value ${ctx.fmt(n.value)}, adjoint ${ctx.fmt(n.adjoint)}${n.repeat ? `, first of ${n.repeat} similar terms` : ''}${n.members ? `, ${n.members.length} nodes folded` : ''}`,
    });
    el.append(s('rect', { class: 'node-box', width: box.width, height: box.height, rx: 3 }));
    let x = 0;
    box.cells.forEach((c, i) => {
      if (i > 0) el.append(s('line', { class: 'node-sep', x1: x, x2: x, y1: 0, y2: NODE_HEIGHT }));
      el.append(s('text', { class: `node-text cell-${i}`, x: x + c.width / 2, y: NODE_HEIGHT / 2 + 4, 'text-anchor': 'middle' }, c.text));
      el.append(' '); // keeps the cells apart in the node's text content (screen readers, search, tests)
      x += c.width;
    });
    el.append(s('title', {}, `${nodeTitle(n)} (${n.op})\ndata ${ctx.fmt(n.value)}\ngrad ${ctx.fmt(n.adjoint)}`));
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
    el.addEventListener('click', () => select(n.id));
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(n.id); }
    });
  }
  viewport.append(edgeLayer, nodeLayer);

  function highlight(n: GraphNodeModel): void {
    const path = pathToOutput(g, n.id);
    svg.classList.add('tracing');
    for (const [id, el] of nodeEls) el.classList.toggle('on-path', path.nodes.has(id));
    edgeEls.forEach((el, i) => el?.classList.toggle('on-path', path.edges.has(i)));
    ctx.post({ type: 'highlight', span: n.span ?? null });
  }
  function unhighlight(): void {
    svg.classList.remove('tracing');
    for (const el of nodeEls.values()) el.classList.remove('on-path');
    for (const el of edgeEls) el?.classList.remove('on-path');
    ctx.post({ type: 'highlight', span: null });
  }
  function select(id: number): void {
    for (const [nid, el] of nodeEls) el.classList.toggle('selected', nid === id);
    ctx.ui.selectedNode = id;
    ctx.save();
    showChain(ctx, g, id, details);
  }

  // ---- pan and zoom -----------------------------------------------------------------------------------
  const saved = ctx.ui.graphView?.key === key ? ctx.ui.graphView : undefined;
  const vp: Viewport = saved ? { x: saved.x, y: saved.y, k: saved.k } : { x: 0, y: 0, k: 1 };
  const apply = () => {
    viewport.setAttribute('transform', `translate(${vp.x.toFixed(1)} ${vp.y.toFixed(1)}) scale(${vp.k.toFixed(4)})`);
    ctx.ui.graphView = { key, ...vp };
  };
  const size = () => ({ w: svg.clientWidth || 320, h: svg.clientHeight || 300 });
  // Fit, but never below a readable scale: a big graph starts at its top-left corner and is panned instead.
  const fit = () => {
    const { w, h: hh } = size();
    const k = Math.min(1.5, Math.max(MIN_FIT_SCALE, Math.min(w / Math.max(1, geo.width), hh / Math.max(1, geo.height))));
    vp.k = k;
    vp.x = geo.width * k <= w ? (w - geo.width * k) / 2 : 0;
    vp.y = geo.height * k <= hh ? (hh - geo.height * k) / 2 : 0;
    apply();
    ctx.save();
  };
  const zoom = (factor: number, cx?: number, cy?: number) => {
    const { w, h: hh } = size();
    const px = cx ?? w / 2, py = cy ?? hh / 2;
    const k = Math.min(8, Math.max(0.02, vp.k * factor));
    vp.x = px - ((px - vp.x) * k) / vp.k;
    vp.y = py - ((py - vp.y) * k) / vp.k;
    vp.k = k;
    apply();
    ctx.save();
  };
  /** Keyboard focus may land on a node outside the view: bring it to the centre. */
  const reveal = (b: { x: number; y: number; width: number; height: number }) => {
    const { w, h: hh } = size();
    const x0 = b.x * vp.k + vp.x, y0 = b.y * vp.k + vp.y;
    if (x0 >= 0 && y0 >= 0 && x0 + b.width * vp.k <= w && y0 + b.height * vp.k <= hh) return;
    vp.x = w / 2 - (b.x + b.width / 2) * vp.k;
    vp.y = hh / 2 - (b.y + b.height / 2) * vp.k;
    apply();
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(Math.exp(-ev.deltaY * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  let drag: { x: number; y: number; vx: number; vy: number } | undefined;
  svg.addEventListener('pointerdown', (ev) => {
    if ((ev.target as Element).closest('.node')) return;
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
    if (drag) ctx.save();
    drag = undefined;
    svg.classList.remove('panning');
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('keydown', (ev) => {
    if (ev.target !== svg) return;
    const step = 40;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[ev.key]) {
      vp.x += moves[ev.key][0];
      vp.y += moves[ev.key][1];
      apply();
      ctx.save();
    } else if (ev.key === '+' || ev.key === '=') zoom(1.25);
    else if (ev.key === '-') zoom(0.8);
    else if (ev.key === '0') fit();
    else return;
    ev.preventDefault();
  });
  requestAnimationFrame(() => {
    sizeCanvas(svg, geo);
    if (saved) apply();
    else fit();
  });
  return { svg, zoom, fit };
}

const MIN_FIT_SCALE = 0.35;

/** Gives the drawing the height it needs at the width-fitting scale, within limits (CSSOM, not inline styles). */
function sizeCanvas(svg: SVGSVGElement, geo: GraphGeometry): void {
  const w = svg.clientWidth || 320;
  const k = Math.min(1.5, Math.max(MIN_FIT_SCALE, w / Math.max(1, geo.width)));
  const max = document.body.dataset.host === 'panel' ? Math.max(320, window.innerHeight * 0.75) : 480;
  svg.style.height = `${Math.round(Math.min(max, Math.max(140, geo.height * k + 16)))}px`;
}

function label(g: GraphModel, id: number): string {
  const n = g.nodes.find((x) => x.id === id);
  return n ? nodeTitle(n) : `#${id}`;
}

function showChain(ctx: Ctx, g: GraphModel, id: number, el: HTMLElement): void {
  clear(el);
  const b = chainBreakdown(g, id);
  if (!b) return;
  const n = b.node;
  const title = nodeTitle(n);
  el.append(h('h3', { class: 'subhead' }, `Chain rule at ${title}`),
    h('p', {}, `value ${ctx.fmt(n.value)}, adjoint ∂${g.output}/∂(${title}) = ${ctx.fmt(n.adjoint)}`));
  if (b.isOutput && b.terms.length === 0) {
    el.append(h('p', {}, `This is the output ${g.output}: its adjoint is 1 by definition, and the backward sweep starts here.`));
  } else {
    const terms = b.terms.map((t) => h('li', {},
      `${nodeTitle(t.consumer)}: adjoint ${ctx.fmt(t.consumerAdjoint)} × ∂(${nodeTitle(t.consumer)})/∂(${title}) = ${t.local} = ${ctx.fmt(t.localValue)} → ${ctx.fmt(t.product)}`));
    const agrees = Math.abs(b.sum - n.adjoint) <= 1e-9 * Math.max(1, Math.abs(n.adjoint)) || (Number.isNaN(b.sum) && Number.isNaN(n.adjoint));
    el.append(
      h('p', {}, 'adjoint = Σ over consumers of (consumer adjoint × local derivative):'),
      h('ul', { class: 'chain-terms' }, ...terms),
      h('p', { class: agrees ? 'chain-sum' : 'chain-sum note-warning' }, `Σ = ${ctx.fmt(b.sum)}${agrees ? '' : g.collapsed
        ? ` — the full adjoint is ${ctx.fmt(n.adjoint)}: some consumers are folded into repeated structure (Expand shows every term)`
        : ` (the engine reports ${ctx.fmt(n.adjoint)})`}`));
    const { paths, truncated } = pathProducts(g, id, 6);
    if (paths.length) {
      el.append(h('p', {}, `Paths to ${g.output} (product of local derivatives along each):`),
        h('ul', { class: 'chain-paths' }, ...paths.map((p) => h('li', {},
          `${p.nodes.map((x) => label(g, x)).join(' → ')}: ${p.locals.join(' · ')} = ${ctx.fmt(p.value)}`))));
      if (truncated) el.append(note('More paths exist; only the first few are listed.'));
    }
  }
  if (n.span) el.append(button('Show in editor', () => ctx.post({ type: 'reveal', span: n.span! }), { class: 'link-button', 'data-testid': 'graph-reveal' }));
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
