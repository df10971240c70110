/**
 * Lays out the computation graph with ELK's layered algorithm (a real layout engine). ELK runs in a Web Worker
 * so a big graph never freezes the inspector; a newer layout or a timeout terminates the running one.
 */
import ELK, { type ELK as ElkApi, type ElkExtendedEdge, type ElkNode, type ElkPoint } from 'elkjs/lib/elk-api';
import type { GraphDirection, GraphModel } from './protocol';

export interface NodeBox {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Cell texts and widths: title | data | grad (micrograd's record). */
  cells: Array<{ text: string; width: number }>;
}

export interface EdgePath {
  index: number;
  points: ElkPoint[];
  label?: { text: string; x: number; y: number; width: number; height: number };
}

export interface GraphGeometry {
  width: number;
  height: number;
  nodes: Map<number, NodeBox>;
  edges: EdgePath[];
}

export const NODE_HEIGHT = 24;
const PAD = 6;
const LABEL_HEIGHT = 14;
/** Beyond this many edges, edge labels are left off: they dominate layout time and clutter the view. */
export const EDGE_LABEL_LIMIT = 250;

/** Layouts that take longer than this are abandoned (the worker is terminated). */
export const LAYOUT_TIMEOUT_MS = 60_000;

let elk: ElkApi | undefined;
let running = false;
let workerUrl: Promise<string> | undefined;

/** The worker script comes from the extension (asWebviewUri); webviews only start workers from blob: URLs. */
function elkWorkerUrl(): Promise<string> {
  workerUrl ??= (async () => {
    const src = document.body.dataset.elkWorker;
    if (!src) throw new Error('the layout worker is not configured');
    const res = await fetch(src);
    if (!res.ok) throw new Error(`could not load the layout worker (${res.status})`);
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

export function nodeTitle(n: { name?: string; label: string; op: string; repeat?: number }): string {
  const times = n.repeat ? ` ×${n.repeat}` : '';
  if (n.name && n.name !== n.label) return (n.op === 'var' ? n.name : `${n.name} = ${n.label}`) + times;
  return n.label + times;
}

export function edgeText(local: string, value: string): string {
  const l = local.length > 18 ? `${local.slice(0, 17)}…` : local;
  return /^[-−]?[\d.]+(e[-−]?\d+)?$/.test(l) ? l : `${l} = ${value}`;
}

export async function layoutGraph(
  model: GraphModel,
  direction: Exclude<GraphDirection, 'AUTO'>,
  fmt: (v: number) => string,
  measure: (text: string) => number,
): Promise<GraphGeometry> {
  const engine = await idleElk();
  const withLabels = model.edges.length <= EDGE_LABEL_LIMIT;
  const cellsOf = new Map<string, NodeBox['cells']>();
  const children: ElkNode[] = model.nodes.map((n) => {
    const cells = [nodeTitle(n), `data ${fmt(n.value)}`, `grad ${fmt(n.adjoint)}`].map((text) => ({ text, width: Math.ceil(measure(text)) + 2 * PAD }));
    cellsOf.set(`n${n.id}`, cells);
    return { id: `n${n.id}`, width: cells.reduce((a, c) => a + c.width, 0), height: NODE_HEIGHT };
  });
  const edges: ElkExtendedEdge[] = model.edges.map((e, i) => {
    const text = edgeText(e.local, fmt(e.localValue));
    return {
      id: `e${i}`, sources: [`n${e.from}`], targets: [`n${e.to}`],
      ...(withLabels ? { labels: [{ id: `l${i}`, text, width: Math.ceil(measure(text)) + 4, height: LABEL_HEIGHT }] } : {}),
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '14',
      'elk.spacing.edgeLabel': '2',
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
      reject(new Error(`the layout took longer than ${LAYOUT_TIMEOUT_MS / 1000} s`));
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
    const cells = cellsOf.get(c.id) ?? [];
    nodes.set(id, { id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? NODE_HEIGHT, cells });
  }
  const paths: EdgePath[] = (out.edges ?? []).map((e) => {
    const ee = e as ElkExtendedEdge;
    const index = Number(ee.id.slice(1));
    const points: ElkPoint[] = [];
    for (const sec of ee.sections ?? []) points.push(sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint);
    const l = ee.labels?.[0];
    return {
      index, points,
      ...(l ? { label: { text: l.text ?? '', x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? LABEL_HEIGHT } } : {}),
    };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges: paths };
}
