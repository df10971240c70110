/** Names in the target's style, and a generator of fresh names that never collide with the user's. */

export type Naming = 'snake' | 'camel';

const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** Joins words in the target's style: ['df', 'dx'] → df_dx (snake) or dfDx (camel). */
export function join(naming: Naming, words: string[]): string {
  if (naming === 'snake') return words.join('_');
  return words.map((w, i) => (i === 0 ? w : cap(w))).join('');
}

export const partialName = (naming: Naming, out: string, wrt: string): string => join(naming, [`d${out}`, `d${wrt}`]);

export function secondName(naming: Naming, out: string, a: string, b: string): string {
  return a === b ? join(naming, [`d2${out}`, `d${a}2`]) : join(naming, [`d2${out}`, `d${a}`, `d${b}`]);
}

export const adjointName = (naming: Naming, v: string): string => join(naming, [v, 'bar']);

export function functionName(naming: Naming, base: string, suffix: string, exported = false): string {
  const n = join(naming, [base, suffix]);
  return exported ? cap(n) : n;
}

/** Allocates names, renaming on collision (x_bar → x_bar2) and away from the target's reserved words. */
export class Names {
  private readonly used = new Set<string>();

  constructor(private readonly reserved: ReadonlySet<string>) {}

  /** Marks a name as taken without renaming it (a user variable already in scope). */
  take(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** A valid identifier in the target, close to `base`, not yet used; marks it used. */
  fresh(base: string): string {
    let b = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(b)) b = `v${b}`;
    if (this.reserved.has(b)) b = `${b}_`;
    let name = b;
    for (let i = 2; this.used.has(name) || this.reserved.has(name); i++) name = `${b}${/\d$/.test(b) ? '_' : ''}${i}`;
    this.used.add(name);
    return name;
  }
}
