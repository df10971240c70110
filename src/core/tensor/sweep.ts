import { complexStep } from './numeric-ad';
import { directionalDifference } from './check';
import { Evaluator, fromNested, type Tensor, type TensorPoint } from './evaluate';
import type { TGraph, TNodeId } from './graph';

/**
 * The step-size study of a tensor gradient along a direction (the inspector's plot): the errors of forward,
 * central and complex-step differences of f along d against the exact ⟨∇f, d⟩, for h from 1e-1 to 1e-16.
 */
const valueAt = (tg: TGraph, f: TNodeId, point: TensorPoint): number => new Evaluator(tg, point, [f]).get(f).data[0];


export interface DirectionalSweep {
  /** ⟨∇f, d⟩: the exact directional derivative the differences are compared with. */
  exact: number;
  series: { method: 'forwardDifference' | 'centralDifference' | 'complexStep'; label: string; points: [number, number | null][] }[];
  /** The step with the smallest error over every series. */
  best?: { method: string; h: number; error: number };
}

/** h from 1e-1 down to 1e-16, log-spaced (the scalar study's steps). */
export const directionalSteps = (n = 31): number[] => Array.from({ length: n }, (_, k) => Math.pow(10, -1 - (15 * k) / (n - 1)));

/**
 * The step-size study of a tensor gradient along a direction d: |(f(x + h d) − f(x)) / h − ⟨∇f, d⟩| (forward),
 * the central difference's error, and the complex step's where every op on the path is analytic, for each h.
 * `exact` is ⟨∇f, d⟩ from the symbolic gradient.
 */
export function directionalSweep(tg: TGraph, f: TNodeId, point: TensorPoint, dir: Record<string, Tensor>, exact: number, hs: readonly number[] = directionalSteps()): DirectionalSweep {
  const shifted = (step: number): TensorPoint => {
    const p: Record<string, Tensor | TensorPoint[string]> = { ...point };
    for (const [n, d] of Object.entries(dir)) {
      const t = fromNested(point[n], n);
      p[n] = { shape: t.shape, data: t.data.map((v, i) => v + step * d.data[i]) };
    }
    return p;
  };
  const f0 = valueAt(tg, f, point);
  const err = (v: number): number | null => {
    const e = Math.abs(v - exact);
    return Number.isFinite(e) ? e : null;
  };
  const series: DirectionalSweep['series'] = [
    { method: 'forwardDifference', label: 'forward difference', points: hs.map((h) => [h, err((valueAt(tg, f, shifted(h)) - f0) / h)]) },
    { method: 'centralDifference', label: 'central difference', points: hs.map((h) => [h, err(directionalDifference(tg, f, point, dir, h))]) },
  ];
  if (complexStep(tg, f, point, dir).value !== undefined) {
    series.push({ method: 'complexStep', label: 'complex step', points: hs.map((h) => [h, err(complexStep(tg, f, point, dir, h).value ?? NaN)]) });
  }
  let best: DirectionalSweep['best'];
  for (const s of series) for (const [h, e] of s.points) if (e !== null && (!best || e < best.error)) best = { method: s.method, h, error: e };
  return { exact, series, ...(best ? { best } : {}) };
}
