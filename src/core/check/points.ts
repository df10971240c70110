/**
 * Deterministic pseudo-random points for comparing a claim with the exact partial: the same expression
 * always gets the same points, and each point is accepted only when `accept` says it is inside the domain.
 */
import type { Point } from '../evaluate';
import { setOwn } from '../own';
import { hashString, mulberry32 } from '../random';

export { hashString };

/** Ranges tried in turn: positive and small first (most domains), then signed and wider. */
const RANGES: [number, number][] = [[0.1, 2], [-2, 2], [0.1, 3], [-3, 3], [0.5, 1.5], [0.01, 0.99], [-0.99, 0.99], [1, 10], [-10, 10], [1, 100]];

/**
 * Up to `count` distinct points: `base` first when accepted, then points that keep the `fixed` coordinates of
 * base and draw the `vary` ones. Gives up after a bounded number of attempts (never hangs).
 */
export function samplePoints(base: Point, vary: readonly string[], count: number, accept: (p: Point) => boolean, seed = 0): Point[] {
  const out: Point[] = [];
  const seen = new Set<string>();
  const push = (p: Point) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  if (accept(base)) push(base);
  if (!vary.length) return out;
  const rand = vary.map((v) => mulberry32(hashString(v) ^ seed));
  const maxAttempts = 40 * count + 100;
  for (let attempt = 0; attempt < maxAttempts && out.length < count; attempt++) {
    const [lo, hi] = RANGES[Math.floor(attempt / 4) % RANGES.length];
    const p: Record<string, number> = { ...base };
    vary.forEach((v, i) => {
      const x = lo + (hi - lo) * rand[i]();
      setOwn(p, v, Math.round(x * 1000) / 1000 || 0.25); // own: a variable may be called __proto__
    });
    if (accept(p)) push(p);
  }
  return out;
}
