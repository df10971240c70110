/**
 * Shapes of tensor values: [] is a scalar, [n] a vector, [m, n] a matrix. A dimension is a number or a
 * symbol ('n', 'd', …). Symbols are unified from use (X @ w ties X's column count to w's length) with a
 * union-find, so a shape read later always reflects every tie made so far.
 */
export type Dim = number | string;
export type Shape = readonly Dim[];

export const MAX_RANK = 2;

/** Preferred names for fresh symbolic dimensions, in order; then n1, n2, … */
const NAMES = ['n', 'm', 'd', 'k', 'p', 'q', 'r', 's', 't', 'l'];

export class Dims {
  private readonly parent = new Map<string, Dim>();
  private counter = 0;
  private readonly used = new Set<string>();
  /** The least size a symbol's class can take (a constant index or slice reaches that far), when more than 1. */
  private readonly least = new Map<string, number>();

  /** A new symbolic dimension; `hint` is used when it is free (a user-declared name such as 'd'). */
  fresh(hint?: string): string {
    if (hint !== undefined && !this.used.has(hint)) {
      this.used.add(hint);
      this.parent.set(hint, hint);
      return hint;
    }
    let name: string;
    do {
      name = this.counter < NAMES.length ? NAMES[this.counter] : `n${this.counter - NAMES.length + 1}`;
      this.counter++;
    } while (this.used.has(name));
    this.used.add(name);
    this.parent.set(name, name);
    return name;
  }

  /** Keeps a name out of the fresh sizes (a name the user's code uses: p = σ(z) must not also be a size p). */
  reserve(name: string): void {
    this.used.add(name);
  }

  /** A symbol the caller names explicitly (declared shapes such as ['n', 'd']): shared by every use. */
  named(name: string): string {
    if (!this.parent.has(name)) {
      this.used.add(name);
      this.parent.set(name, name);
    }
    return name;
  }

  /** The representative of d: a number once bound, else the symbol standing for its class. */
  find(d: Dim): Dim {
    if (typeof d === 'number') return d;
    let r: Dim = d;
    while (typeof r === 'string') {
      const p: Dim | undefined = this.parent.get(r);
      if (p === undefined || p === r) break;
      r = p;
    }
    // path compression
    let c: Dim = d;
    while (typeof c === 'string' && c !== r) {
      const p: Dim = this.parent.get(c)!;
      this.parent.set(c, r);
      c = p;
    }
    return r;
  }

  /** Ties a and b together. Returns false (and changes nothing) when both are different numbers. */
  unify(a: Dim, b: Dim): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    if (typeof ra === 'number' && typeof rb === 'number') return false;
    // A number always wins; between symbols the older name (declared first) stays.
    if (typeof ra === 'number') this.parent.set(rb as string, ra);
    else if (typeof rb === 'number') this.parent.set(ra, rb);
    else {
      this.parent.set(rb, ra);
      const m = Math.max(this.least.get(ra) ?? 1, this.least.get(rb) ?? 1);
      if (m > 1) this.least.set(ra, m);
    }
    return true;
  }

  /** Notes that d is at least k (an index k − 1 or a slice to k reaches into it); a number is left as it is. */
  atLeast(d: Dim, k: number): void {
    const r = this.find(d);
    if (typeof r === 'string' && k > (this.least.get(r) ?? 1)) this.least.set(r, k);
  }
  /** The least size d can take: its number once bound, else what the constant indices into it need (≥ 1). */
  minimum(d: Dim): number {
    const r = this.find(d);
    return typeof r === 'number' ? r : this.least.get(r) ?? 1;
  }

  resolve(s: Shape): Dim[] {
    return s.map((d) => this.find(d));
  }

  /** Are a and b known to be equal (same class), known different (different numbers), or unknown? */
  same(a: Dim, b: Dim): boolean {
    return this.find(a) === this.find(b);
  }
}

export function formatShape(s: Shape): string {
  if (s.length === 0) return 'scalar ()';
  if (s.length === 1) return `(${s[0]},)`;
  return `(${s.join(', ')})`;
}

export function size(s: readonly number[]): number {
  let k = 1;
  for (const d of s) k *= d;
  return k;
}
