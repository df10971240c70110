import type { Point } from '../evaluate';
import type { NumericTape } from './numeric';
import type { SweepResult, SweepSeries } from './types';

/**
 * Finite differences and the complex step for one partial ∂f/∂wrt at a point. Steps are taken as the
 * representable difference (x + h) − x so the quotient divides by the step actually taken.
 */
const EPS = Number.EPSILON;
export const COMPLEX_STEP = 1e-20;

export const forwardStep = (x: number): number => Math.sqrt(EPS) * Math.max(1, Math.abs(x));
export const centralStep = (x: number): number => Math.cbrt(EPS) * Math.max(1, Math.abs(x));
/** Richardson's base step: ε^(1/5), optimal for an O(h⁴) method. */
export const richardsonStep = (x: number): number => Math.pow(EPS, 0.2) * Math.max(1, Math.abs(x));

export class Differences {
  readonly x: number;
  readonly f0: number;

  constructor(private readonly tape: NumericTape, private readonly point: Point, private readonly wrt: string,
    private readonly base: Float64Array = tape.values(point)) {
    this.x = point[wrt];
    this.f0 = base[tape.root];
  }

  private at(x: number): number {
    return this.tape.shifted(this.base, this.point, this.wrt, x);
  }

  forward(h = forwardStep(this.x)): number {
    const xp = this.x + h;
    return (this.at(xp) - this.f0) / (xp - this.x);
  }

  central(h = centralStep(this.x)): number {
    const xp = this.x + h, xm = this.x - h;
    return (this.at(xp) - this.at(xm)) / (xp - xm);
  }

  /** (4·D(h/2) − D(h)) / 3 on the central difference D: cancels the h² term of its error. */
  richardson(h = richardsonStep(this.x)): number {
    return (4 * this.central(h / 2) - this.central(h)) / 3;
  }

  complexStep(h = COMPLEX_STEP): number {
    // Off the real domain the complex value sits on another branch (log(−1 + ih) = iπ): no derivative there.
    if (!Number.isFinite(this.f0)) return NaN;
    return this.tape.complexValue(this.point, this.wrt, h, this.base).im / h;
  }
}

/** h from 1e-1 down to 1e-16, log-spaced, `steps` values (≥ 30). */
export function sweepSteps(steps = 46): number[] {
  const n = Math.max(30, Math.floor(steps));
  return Array.from({ length: n }, (_, k) => Math.pow(10, -1 - (15 * k) / (n - 1)));
}

/** The step-size study: |error| of forward, central and complex-step differences against exact, per h. */
export function sweep(d: Differences, exact: number, hs: number[], complexBlocked: string | null): Omit<SweepResult, 'of' | 'wrt'> {
  const err = (v: number): number | null => {
    const e = Math.abs(v - exact);
    return Number.isFinite(e) ? e : null;
  };
  const series: SweepSeries[] = [
    { method: 'forwardDifference', label: 'forward difference', points: hs.map((h) => [h, err(d.forward(h))]) },
    { method: 'centralDifference', label: 'central difference', points: hs.map((h) => [h, err(d.central(h))]) },
  ];
  const skipped: SweepResult['skipped'] = {};
  if (complexBlocked) skipped.complexStep = complexBlocked;
  else series.push({ method: 'complexStep', label: 'complex step', points: hs.map((h) => [h, err(d.complexStep(h))]) });
  const bestH: SweepResult['bestH'] = {};
  let best: SweepResult['best'];
  for (const s of series) {
    for (const [h, e] of s.points) {
      if (e === null) continue;
      const cur = bestH[s.method];
      if (!cur || e < cur.error) bestH[s.method] = { h, error: e };
      // Ties go to the larger step (it is the more robust choice).
      if (!best || e < best.error) best = { method: s.method, h, error: e };
    }
  }
  const out: Omit<SweepResult, 'of' | 'wrt'> = { exact: Number.isFinite(exact) ? exact : null, hs, series, bestH };
  if (best) out.best = best;
  if (complexBlocked) out.skipped = skipped;
  return out;
}
