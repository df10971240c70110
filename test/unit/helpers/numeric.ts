/**
 * Ridders' extrapolation of central differences: a derivative accurate to ~1e-10 relative for smooth f,
 * independent of the engine (the reference the symbolic partials are tested against).
 */
export function riddersDerivative(f: (x: number) => number, x: number, h0 = 0.1): { value: number; error: number } {
  const CON = 1.4, CON2 = CON * CON, NTAB = 12, SAFE = 2;
  const a: number[][] = Array.from({ length: NTAB }, () => new Array(NTAB).fill(0));
  let h = h0 * Math.max(1, Math.abs(x));
  a[0][0] = (f(x + h) - f(x - h)) / (2 * h);
  let err = Infinity;
  let ans = a[0][0];
  for (let i = 1; i < NTAB; i++) {
    h /= CON;
    a[0][i] = (f(x + h) - f(x - h)) / (2 * h);
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
      fac *= CON2;
      const errt = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
      if (errt <= err) {
        err = errt;
        ans = a[j][i];
      }
    }
    if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= SAFE * err) break;
  }
  return { value: ans, error: err };
}

/** |a - b| within rtol relative to the larger magnitude, or atol absolute. */
export function close(a: number, b: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= Math.max(atol, rtol * Math.max(Math.abs(a), Math.abs(b)));
}
