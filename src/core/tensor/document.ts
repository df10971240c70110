import type { Nested } from './evaluate';

/**
 * Array literals a document assigns above a selection ("From document" for a vectorised selection):
 * `X = np.array([[1, 2], [3, 4]])`, `jnp.array(…)`, `torch.tensor(…)`, a plain nested list, MATLAB/Octave and
 * Julia `[1 2; 3 4]` / `[1, 2, 3]` / `[1; 2]`, and numbers. The last assignment before `before` wins. Only
 * literals of numbers are read (an entry that is not a number skips that assignment). Pure.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function num(text: string): number | undefined {
  const t = text.trim().replace(/\u2212/g, '-');
  return NUMBER.test(t) ? Number(t) : undefined;
}

/** `[[1, 2], [3, 4]]` (commas) → nested numbers; undefined when it is not a literal of numbers. */
function bracketList(text: string): Nested | undefined {
  let i = 0;
  const s = text;
  const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const value = (depth: number): Nested | undefined => {
    ws();
    if (s[i] === '[') {
      if (depth > 2) return undefined;
      i++;
      const items: Nested[] = [];
      ws();
      if (s[i] === ']') { i++; return items; }
      for (;;) {
        const v = value(depth + 1);
        if (v === undefined) return undefined;
        items.push(v);
        ws();
        if (s[i] === ',') { i++; ws(); if (s[i] === ']') { i++; return items; } continue; }
        if (s[i] === ']') { i++; return items; }
        return undefined;
      }
    }
    const m = /^[-+\u2212]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return num(m[0]);
  };
  const v = value(0);
  ws();
  return v !== undefined && i === s.length && wellShaped(v) ? v : undefined;
}

/** MATLAB/Julia `[1 2; 3 4]`, `[1, 2, 3]`, `[1; 2; 3]`: rows by `;` or newlines, entries by spaces or commas. */
function matrixLiteral(text: string): Nested | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']') || t.slice(1, -1).includes('[')) return undefined;
  const rows = t.slice(1, -1).split(/;|\n/).map((r) => r.trim()).filter((r) => r.length);
  const cells = rows.map((r) => r.split(/[\s,]+/).filter((c) => c.length).map(num));
  if (!cells.length || cells.some((r) => !r.length || r.some((c) => c === undefined))) return undefined;
  const m = cells as number[][];
  if (m.some((r) => r.length !== m[0].length)) return undefined;
  if (m.length === 1) return m[0]; // a row: a vector (the caller matches it to the input's rank)
  if (m[0].length === 1) return m.map((r) => r[0]); // a column: a vector
  return m;
}

function wellShaped(v: Nested): boolean {
  if (typeof v === 'number') return true;
  const a = v as Nested[];
  if (a.every((x) => typeof x === 'number')) return true;
  if (!a.every((x) => Array.isArray(x) && (x as Nested[]).every((y) => typeof y === 'number'))) return false;
  return a.every((x) => (x as Nested[]).length === (a[0] as Nested[]).length);
}

/** The text of `name = …` up to the end of the statement (brackets balanced, possibly over several lines). */
function rightHandSides(text: string, name: string): string[] {
  const out: string[] = [];
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[\\n;])[ \\t]*(?:(?:const|let|var|auto|double|float)\\s+)?${esc}[ \\t]*=(?!=)`, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let i = m.index + m[0].length;
    let depth = 0;
    const start = i;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '[' || c === '(' || c === '{') depth++;
      else if (c === ']' || c === ')' || c === '}') depth--;
      else if ((c === '\n' || c === ';') && depth <= 0) break;
    }
    out.push(text.slice(start, i).trim());
  }
  return out;
}

/** A right-hand side as a value: a number, an array constructor around a list, a list or a MATLAB/Julia matrix. */
export function literalValue(rhs: string): Nested | undefined {
  const t = rhs.replace(/\s*;\s*$/, '').trim();
  const n = num(t);
  if (n !== undefined) return n;
  const call = /^(?:np|numpy|jnp|jax\.numpy|torch)\s*\.\s*(?:array|asarray|tensor|as_tensor)\s*\(([\s\S]*)\)$/.exec(t);
  if (call) {
    // the first argument: up to a top-level comma (dtype=…, requires_grad=… follow)
    let depth = 0;
    let end = call[1].length;
    for (let i = 0; i < call[1].length; i++) {
      const c = call[1][i];
      if (c === '[' || c === '(') depth++;
      else if (c === ']' || c === ')') depth--;
      else if (c === ',' && depth === 0) { end = i; break; }
    }
    return bracketList(call[1].slice(0, end).trim());
  }
  if (t.startsWith('[')) return bracketList(t) ?? matrixLiteral(t);
  return undefined;
}

/** The values assigned to `names` above `before` (numbers and array literals; the last assignment wins). */
export function documentArrays(text: string, names: readonly string[], before = text.length): Record<string, Nested> {
  const upTo = text.slice(0, Math.max(0, Math.min(before, text.length)));
  const out: Record<string, Nested> = {};
  for (const name of names) {
    const values = rightHandSides(upTo, name).map(literalValue).filter((v): v is Nested => v !== undefined);
    if (values.length) Object.defineProperty(out, name, { value: values[values.length - 1], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
