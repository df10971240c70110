/**
 * Lays out the computation graph with ELK's layered algorithm (a real layout engine). ELK runs in a Web Worker
 * so a big graph never freezes the inspector; a newer layout or a timeout terminates the running one.
 */
import ELK, { type ELK as ElkApi, type ElkExtendedEdge, type ElkNode, type ElkPoint } from 'elkjs/lib/elk-api';
import type { GraphDirection, GraphModel } from '../shared/protocol';
import { shortValue } from './matrix';
import { t } from './l10n';

/** One text cell of a node, relative to the node's top-left corner; `baseline` is the text's baseline y. */
export interface Cell { text: string; x: number; y: number; width: number; height: number; baseline: number }

export interface NodeBox {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** title | data | grad (micrograd's record): side by side for left-right layouts, stacked for top-down ones. */
  cells: Cell[];
  stacked: boolean;
}

export interface EdgePath {
  index: number;
  points: ElkPoint[];
  /** The label's box (its background) and the text's baseline inside it. */
  label?: { text: string; x: number; y: number; width: number; height: number; baseline: number };
}

/** How text of one style measures: the width of a string and the font's ascent and descent (px). */
export interface TextMeasure {
  width(text: string): number;
  ascent: number;
  descent: number;
  fontSize: number;
}

export interface GraphFonts {
  node: TextMeasure;
  label: TextMeasure;
}

export interface GraphGeometry {
  width: number;
  height: number;
  nodes: Map<number, NodeBox>;
  edges: EdgePath[];
}

/** Local derivatives longer than this are labelled with their value only (the formula is in the edge's tooltip). */
const LABEL_CHARS = 14;
/** Beyond this many edges, edge labels are left off: they dominate layout time and clutter the view. */
const EDGE_LABEL_LIMIT = 250;

/** Layouts that take longer than this are abandoned (the worker is terminated). */
const LAYOUT_TIMEOUT_MS = 60_000;

let elk: ElkApi | undefined;
let running = false;
let workerUrl: Promise<string> | undefined;

/** The worker script comes from the extension (asWebviewUri); webviews only start workers from blob: URLs. */
function elkWorkerUrl(): Promise<string> {
  workerUrl ??= (async () => {
    const src = document.body.dataset.elkWorker;
    if (!src) throw new Error(t('the layout worker is not configured'));
    const res = await fetch(src);
    if (!res.ok) throw new Error(t('could not load the layout worker ({0})', res.status));
    return URL.createObjectURL(new Blob([await res.text()], { type: 'text/javascript' }));
  })();
  workerUrl.catch(() => { workerUrl = undefined; });
  return workerUrl;
}

/** An ELK whose worker is idle: a layout still running for an older model is terminated, not waited for. */
async function idleElk(): Promise<ElkApi> {
  const url = await elkWorkerUrl();
  if (elk && running) {
    elk.terminateWorker();
    elk = undefined;
  }
  elk ??= new ELK({ workerFactory: () => new Worker(url) });
  return elk;
}

/** A node's value or adjoint in one short line: a number, or a tensor node's array (`[1.2, 3.4, …, 5]`). */
export function nodeValue(n: GraphModel['nodes'][number], which: 'value' | 'adjoint', fmt: (v: number) => string): string {
  if (n.shape === undefined) return fmt(which === 'value' ? n.value : n.adjoint);
  const v = which === 'value' ? n.tensorValue : n.tensorAdjoint;
  return shortValue(v, fmt, 3);
}

export function nodeTitle(n: { name?: string; label: string; op: string; repeat?: number }): string {
  const times = n.repeat ? ` ×${n.repeat}` : '';
  if (n.name && n.name !== n.label) return (n.op === 'var' ? n.name : `${n.name} = ${n.label}`) + times;
  return n.label + times;
}

/** An edge's label: "local = value", or the value alone when the local derivative is a number or too long to read. */
export function edgeText(local: string, value: string): string {
  // a tensor edge: what it does to shapes and what the backward sweep does there (`sum ↦ 1ᵀ`), no number
  if (value === 'NaN') return local;
  if (/^[-−]?[\d.]+(e[-−]?\d+)?$/.test(local)) return local;
  return local.length > LABEL_CHARS ? value : `${local} = ${value}`;
}

export async function layoutGraph(
  model: GraphModel,
  direction: Exclude<GraphDirection, 'AUTO'>,
  fmt: (v: number) => string,
  fonts: GraphFonts,
  title: (n: GraphModel['nodes'][number]) => string = nodeTitle,
): Promise<GraphGeometry> {
  const engine = await idleElk();
  const withLabels = model.edges.length <= EDGE_LABEL_LIMIT;
  const stacked = direction === 'DOWN' || direction === 'UP';
  const boxes = new Map<string, { cells: Cell[]; width: number; height: number }>();
  const children: ElkNode[] = model.nodes.map((n) => {
    const box = nodeCells([title(n), `data ${nodeValue(n, 'value', fmt)}`, `grad ${nodeValue(n, 'adjoint', fmt)}`], fonts.node, stacked);
    boxes.set(`n${n.id}`, box);
    return { id: `n${n.id}`, width: box.width, height: box.height };
  });
  const lf = fonts.label;
  const labelPad = { x: Math.round(lf.fontSize * 0.4), y: Math.max(2, Math.round(lf.fontSize * 0.15)) };
  const labelHeight = Math.ceil(lf.ascent + lf.descent) + 2 * labelPad.y;
  const edges: ElkExtendedEdge[] = model.edges.map((e, i) => {
    const text = edgeText(e.local, fmt(e.localValue));
    return {
      id: `e${i}`, sources: [`n${e.from}`], targets: [`n${e.to}`],
      ...(withLabels ? { labels: [{ id: `l${i}`, text, width: Math.ceil(lf.width(text)) + 2 * labelPad.x, height: labelHeight }] } : {}),
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(Math.round(fonts.node.fontSize * 3)),
      'elk.layered.spacing.edgeNodeBetweenLayers': String(Math.round(fonts.node.fontSize)),
      'elk.spacing.nodeNode': String(Math.round(fonts.node.fontSize * 1.5)),
      'elk.spacing.edgeLabel': '3',
      'elk.spacing.labelNode': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children,
    edges,
  };
  running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      engine.terminateWorker();
      if (elk === engine) elk = undefined;
      reject(new Error(t('the layout took longer than {0} s', LAYOUT_TIMEOUT_MS / 1000)));
    }, LAYOUT_TIMEOUT_MS);
  });
  let out: ElkNode;
  try {
    out = await Promise.race([engine.layout(root), timeout]);
  } finally {
    clearTimeout(timer);
    if (elk === engine) running = false;
  }
  const nodes = new Map<number, NodeBox>();
  for (const c of out.children ?? []) {
    const id = Number(c.id.slice(1));
    const box = boxes.get(c.id)!;
    nodes.set(id, { id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? box.width, height: c.height ?? box.height, cells: box.cells, stacked });
  }
  const paths: EdgePath[] = (out.edges ?? []).map((e) => {
    const ee = e as ElkExtendedEdge;
    const index = Number(ee.id.slice(1));
    const points: ElkPoint[] = [];
    for (const sec of ee.sections ?? []) points.push(sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint);
    const l = ee.labels?.[0];
    return {
      index, points,
      ...(l ? { label: { text: l.text ?? '', x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? labelHeight, baseline: labelPad.y + lf.ascent } } : {}),
    };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges: paths };
}

/**
 * A node's cells sized from measured text: side by side (title | data | grad) or stacked in rows. Every cell is at
 * least as wide as its text plus padding, so no text can overflow its box.
 */
export function nodeCells(texts: string[], font: TextMeasure, stacked: boolean): { cells: Cell[]; width: number; height: number } {
  const padX = Math.round(font.fontSize * 0.5);
  const padY = Math.round(font.fontSize * (stacked ? 0.2 : 0.35));
  const rowHeight = Math.ceil(font.ascent + font.descent) + 2 * padY;
  const widths = texts.map((t) => Math.ceil(font.width(t)) + 2 * padX);
  if (stacked) {
    const width = Math.max(...widths);
    const cells = texts.map((text, i) => ({ text, x: 0, y: i * rowHeight, width, height: rowHeight, baseline: i * rowHeight + padY + font.ascent }));
    return { cells, width, height: rowHeight * texts.length };
  }
  let x = 0;
  const cells = texts.map((text, i) => {
    const c = { text, x, y: 0, width: widths[i], height: rowHeight, baseline: padY + font.ascent };
    x += widths[i];
    return c;
  });
  return { cells, width: x, height: rowHeight };
}
