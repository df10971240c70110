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

/**
 * What a target accepts as an identifier: which characters may start and continue one, whether non-ASCII letters
 * are allowed (and then only in the normal form the compiler folds them to, so two names it would merge never
 * reach it: Python reads `𝑥` as `x`), and a length limit.
 */
export interface IdentifierSyntax {
  /** One character that may start an identifier. */
  start: RegExp;
  /** One character that may continue it. */
  part: RegExp;
  /** The Unicode form the compiler normalises identifiers to (a name must already be in it), if it allows non-ASCII. */
  normal?: 'NFC' | 'NFKC';
  /** Longest identifier the target keeps distinct (MATLAB truncates past namelengthmax = 63). */
  maxLength?: number;
  /** Names made only of underscores are allowed as values (they are not in Julia, nor `_` in Go, Rust, Java, C#…). */
  underscoresOnly?: boolean;
}

/** ASCII letters, digits and underscores (C, C++, MATLAB's rest). */
export const ASCII_IDENTIFIER: IdentifierSyntax = { start: /[A-Za-z_]/, part: /[A-Za-z0-9_]/ };

/** Is `name` an identifier in this syntax (keywords aside)? */
export function isIdentifier(name: string, syntax: IdentifierSyntax = ASCII_IDENTIFIER): boolean {
  const chars = [...name];
  if (!chars.length || (syntax.maxLength !== undefined && name.length > syntax.maxLength)) return false;
  if (!syntax.start.test(chars[0]) || !chars.slice(1).every((c) => syntax.part.test(c))) return false;
  if (!syntax.underscoresOnly && /^_+$/.test(name)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name) && (!syntax.normal || name.normalize(syntax.normal) !== name)) return false;
  return true;
}

/**
 * A legal identifier close to `base`: the compiler's normal form, every character the target refuses replaced by
 * `_` (`$a` → `_a`), a letter put first when the start is illegal, cut to the length limit. Not yet unique.
 */
export function legalize(base: string, syntax: IdentifierSyntax = ASCII_IDENTIFIER): string {
  let s = base.normalize(syntax.normal ?? 'NFKC');
  // ASCII-only targets (C, C++, MATLAB) spell Greek letters out: θ → theta.
  if (!syntax.normal) s = [...s].map((c) => (GREEK_NAMES.has(c) ? `${GREEK_NAMES.get(c)}_` : c)).join('').replace(/_+$/, '');
  s = [...s].map((c) => (syntax.part.test(c) && (syntax.normal || c.charCodeAt(0) < 0x80) ? c : '_')).join('');
  if (!s || !syntax.start.test([...s][0])) s = `v${s}`;
  if (!syntax.underscoresOnly && /^_+$/.test(s)) s = `v${s}`;
  if (syntax.maxLength !== undefined && s.length > syntax.maxLength - 4) s = s.slice(0, syntax.maxLength - 4);
  return s;
}

const GREEK_NAMES = new Map([...'αβγδεζηθικλμνξοπρστυφχψω'].map((c, i) => [c, ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega'][i]]));

/** Allocates names, renaming on collision (x_bar → x_bar2) and away from the target's reserved words. */
export class Names {
  private readonly used = new Set<string>();

  constructor(private readonly reserved: ReadonlySet<string>, private readonly syntax: IdentifierSyntax = ASCII_IDENTIFIER) {}

  /** Marks a name as taken without renaming it (a user variable already in scope). */
  take(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Can `name` be used as it is: an identifier of the target that is not one of its reserved words? */
  legal(name: string): boolean {
    return isIdentifier(name, this.syntax) && !this.reserved.has(name);
  }

  /** A valid identifier in the target, close to `base`, not yet used; marks it used. */
  fresh(base: string): string {
    let b = legalize(base, this.syntax);
    if (this.reserved.has(b)) b = `${b}_`;
    let name = b;
    for (let i = 2; this.used.has(name) || this.reserved.has(name) || !isIdentifier(name, this.syntax); i++) name = `${b}${/\d$/.test(b) ? '_' : ''}${i}`;
    this.used.add(name);
    return name;
  }
}
