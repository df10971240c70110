import { lineColumn, type Span } from '../errors';
import { FUNCTIONS } from '../functions';
import { broadcastTo, Evaluator, reduceGroups, type TensorPoint } from './evaluate';
import type { TGraph, TNodeId } from './graph';
import { t } from '../l10n';

/** A place where f is not differentiable at the point (as the scalar engine's NonSmoothPoint). */
export interface TensorNonSmooth {
  op: string;
  reason: string;
  /** The first entry (row-major, 0-based) of the operation's result where it happens. */
  entry: number[];
  span?: Span;
  line?: number;
  column?: number;
  /** Inputs whose gradient passes through it. */
  inputs: string[];
}

const TIES = new Set(['lt', 'le', 'gt', 'ge']);

/**
 * Kinks on the path from the inputs to the output at the point: an elementwise function at one of its kinks
 * (relu or abs at 0, max at a tie, sqrt at 0 — the function table's own `kink`), a comparison that decides a
 * `where` with both sides equal, the norm of a zero array, and max over an array at a tie for its largest entry.
 */
export function nonSmoothPoints(tg: TGraph, output: TNodeId, point: TensorPoint, source?: string): TensorNonSmooth[] {
  const live = tg.reachable([output]);
  const vars = live.filter((n) => tg.op[n] === 'var');
  const deps = new Map(vars.map((v) => [tg.name[v], tg.dependsOn(new Set([v]), output)]));
  const candidates = live.filter((n) => {
    const op = tg.op[n];
    if (op === 'fn') return FUNCTIONS.get(tg.name[n])?.kink !== undefined;
    return op === 'norm' || op === 'amax' || (op === 'where' && TIES.has(tg.op[tg.args[n][0]]));
  });
  if (!candidates.length) return [];
  const probe = candidates.flatMap((n) => (tg.op[n] === 'where' ? tg.args[tg.args[n][0]] : tg.args[n]));
  const ev = new Evaluator(tg, point, [...probe, ...candidates]);
  const out: TensorNonSmooth[] = [];
  for (const n of candidates) {
    const inputs = [...deps].filter(([, d]) => d[n]).map(([name]) => name);
    if (!inputs.length) continue;
    const shape = ev.shapeOf(n);
    const at = (k: number) => {
      const e: number[] = [];
      for (let i = shape.length - 1; i >= 0; i--) { e.unshift(k % shape[i]); k = Math.floor(k / shape[i]); }
      return e;
    };
    let found: { op: string; reason: string; k: number } | undefined;
    if (tg.op[n] === 'fn') {
      const def = FUNCTIONS.get(tg.name[n])!;
      const args = tg.args[n].map((a) => broadcastTo(ev.get(a), shape).data);
      const size = args[0]?.length ?? 0;
      for (let k = 0; k < size && !found; k++) {
        const why = def.kink!(args.map((a) => a[k]));
        if (why) found = { op: tg.name[n], reason: why, k };
      }
    } else if (tg.op[n] === 'amax') {
      // a tie for the largest entry: the gradient splits evenly between the tied entries (one sub-gradient)
      const x = ev.get(tg.args[n][0]);
      const mv = ev.get(n).data;
      const axis = tg.amaxAxis(n)[0];
      let ties: number[] = [];
      let group = 0;
      for (const [gi, grp] of reduceGroups(x.shape, axis).entries()) {
        ties = grp.filter((k) => x.data[k] === mv[gi]);
        group = gi;
        if (ties.length > 1) break;
      }
      if (ties.length > 1) {
        const xs = x.shape;
        const ent = (k: number) => { const e: number[] = []; for (let i = xs.length - 1; i >= 0; i--) { e.unshift(k % xs[i]); k = Math.floor(k / xs[i]); } return e; };
        const where = ties.slice(0, 4).map((k) => `[${ent(k).join(', ')}]`).join(', ');
        found = { op: 'max', reason: axis < 0
          ? t('max is not differentiable at a tie ({0} entries equal the largest, at {1}); the gradient shown splits it evenly between them', ties.length, `${where}${ties.length > 4 ? ', …' : ''}`)
          : axis === 0
            ? t('max is not differentiable at a tie ({0} entries equal the largest of their column, at {1}); the gradient shown splits it evenly between them', ties.length, `${where}${ties.length > 4 ? ', …' : ''}`)
            : t('max is not differentiable at a tie ({0} entries equal the largest of their row, at {1}); the gradient shown splits it evenly between them', ties.length, `${where}${ties.length > 4 ? ', …' : ''}`), k: group };
      }
    } else if (tg.op[n] === 'norm') {
      if (ev.get(tg.args[n][0]).data.every((v) => v === 0)) found = { op: 'norm', reason: t('norm is not differentiable at 0'), k: 0 };
    } else {
      const test = tg.args[n][0];
      const [a, b] = tg.args[test].map((x) => broadcastTo(ev.get(x), shape).data);
      for (let k = 0; k < a.length && !found; k++) if (a[k] === b[k]) found = { op: 'where', reason: t('the condition of where is at its boundary (both sides of the comparison are equal)'), k };
    }
    if (!found) continue;
    const span = tg.span[n];
    const lc = span && source !== undefined ? lineColumn(source, span.start) : undefined;
    out.push({ op: found.op, reason: found.reason, entry: at(found.k), inputs, ...(span ? { span } : {}), ...(lc ? { line: lc.line, column: lc.column } : {}) });
  }
  return out;
}
