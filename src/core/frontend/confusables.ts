import { t } from '../l10n';
/**
 * Look-alike names: `𝑥` (mathematical italic) and `x`, Greek `ο` and Latin `o`, Cyrillic `а` and Latin `a` are
 * different variables that a reader cannot tell apart. Each name is reduced to a skeleton (NFKC folds the
 * mathematical alphabets, full-width and other compatibility forms; a table maps the Greek and Cyrillic letters
 * that look like Latin ones, after Unicode's confusables list); two names with one skeleton get a warning.
 */
const LOOKALIKE: Record<string, string> = {
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ο: 'o', ν: 'v', ρ: 'p', ι: 'i', κ: 'k', υ: 'u', ϲ: 'c', ϳ: 'j',
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  // Latin look-alikes
  ı: 'i', ȷ: 'j', ℓ: 'l',
};

export function skeleton(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFKC')) out += LOOKALIKE[ch] ?? ch;
  return out;
}

/** One warning per group of distinct names that look alike (in the order the names are given). */
export function confusableWarnings(names: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const n of new Set(names)) {
    const k = skeleton(n);
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const shown = g.map((n) => `'${n}' (${codePoints(n)})`).join(' and ');
    out.push(t('{0} look alike but are different variables: check that each is the one you meant.', shown));
  }
  return out;
}

/** The code points of a short name, so the difference is visible in the message itself. */
function codePoints(name: string): string {
  const cps = [...name].slice(0, 8).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return cps.join(' ') + ([...name].length > 8 ? ' …' : '');
}
