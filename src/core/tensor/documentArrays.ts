import { maskText } from '../codegen/placement';
import { canonicalLanguage } from '../frontend/languages';
import { setOwn } from '../own';
import type { Nested } from './evaluate';

/**
 * The arrays a document writes down as literals above an offset ("From document" for the tensor inspector, the
 * point of a vectorised hover): `X = np.array([[1, 2], [3, 4]])`, `np.asarray`, `torch.tensor(…, dtype=…)`,
 * `jnp.array`, plain Python lists, `np.zeros(3)` / `np.ones((2, 3))` / `np.eye(3)` / `np.full((2, 2), 0.5)`
 * (and their torch / jnp spellings), MATLAB/Octave and Julia `[1 2; 3 4]`, `[1, 2, 3]`, `[1; 2; 3]`, `[…]'`,
 * `zeros(3, 1)`, `ones(2, 3)`, `eye(3)`, and plain numbers (`lam = 0.1`).
 *
 * Nothing is evaluated: a literal is read only when every entry is a number (`1`, `-2.5`, `1e-3`, `.5`), it is
 * rectangular and of rank ≤ 2. Anything else (`np.array(data)`, `[a, b]`, `np.random.randn(3)`) is skipped.
 * The last assignment above `offset` wins. MATLAB and Julia vectors (one row or one column) read as vectors,
 * as the tensor engine's MATLAB and Julia readers take them; a 1×1 literal is a number.
 * Comments and strings never count (they are masked first).
 */
export function documentArrays(text: string, languageId: string, offset = text.length): Record<string, Nested> {
  const lang = dialectOf(languageId, text);
  const upTo = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const masked = maskText(upTo, lang === 'python' ? 'python' : lang === 'matlab' ? 'matlab' : lang === 'julia' ? 'julia' : 'cpp');
  const out: Record<string, Nested> = {};
  // `name =` at the start of a statement (a line, or after `;` / `,` in MATLAB and Julia)
  const re = lang === 'python'
    ? /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)/gm
    : /(?:^|[;,])[ \t]*([A-Za-z_\p{L}][A-Za-z0-9_\p{L}\p{N}]*)[ \t]*=(?!=)/gmu;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const name = m[1];
    const value = readValue(masked, m.index + m[0].length, lang);
    if (value !== undefined) {
      setOwn(out, name, value);
    } else if (Object.hasOwn(out, name)) {
      // reassigned to something that is not a literal: the earlier value no longer holds here
      delete out[name];
    }
  }
  return out;
}

type Dialect = 'python' | 'matlab' | 'julia' | 'other';

function dialectOf(languageId: string, text: string): Dialect {
  const id = languageId.toLowerCase();
  if (id === 'objective-c' || id === 'octave') return /^[^\S\n\r\u2028\u2029]*(function\b|%)/m.test(text) ? 'matlab' : 'other';
  const c = canonicalLanguage(id);
  if (c === 'python' || id === 'jupyter') return 'python';
  if (c === 'matlab') return 'matlab';
  if (c === 'julia') return 'julia';
  return 'other';
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

class Cursor {
  constructor(readonly s: string, public i: number) {}
  /** Skips spaces and tabs (and newlines when `lines`). */
  ws(lines = true): void {
    while (this.i < this.s.length && (this.s[this.i] === ' ' || this.s[this.i] === '\t' || (lines && (this.s[this.i] === '\n' || this.s[this.i] === '\r')))) this.i++;
  }
  eat(t: string, lines = true): boolean {
    this.ws(lines);
    if (this.s.startsWith(t, this.i)) {
      this.i += t.length;
      return true;
    }
    return false;
  }
  number(): number | undefined {
    this.ws(false);
    const m = NUMBER.exec(this.s.slice(this.i, this.i + 64));
    if (!m) return undefined;
    // `1.` followed by a letter (`1.T`) or a name is not a number literal we read
    if (/[A-Za-z_]/.test(this.s[this.i + m[0].length] ?? '')) return undefined;
    this.i += m[0].length;
    return Number(m[0]);
  }
  /** The statement ends here: end of line, `;` or a comment (masked to spaces). */
  atEnd(): boolean {
    this.ws(false);
    return this.i >= this.s.length || /[\r\n;]/.test(this.s[this.i]);
  }
}

/** The value assigned at `i` (after the `=`), or undefined when it is not a literal array or number. */
function readValue(s: string, i: number, lang: Dialect): Nested | undefined {
  const c = new Cursor(s, i);
  let v: Nested | undefined;
  if (lang === 'python') v = pythonValue(c);
  else if (lang === 'matlab' || lang === 'julia') v = matrixValue(c, lang);
  else {
    const n = c.number();
    v = n !== undefined && c.atEnd() ? n : undefined;
  }
  return v !== undefined && valid(v) ? v : undefined;
}

// ---- Python: NumPy, PyTorch, JAX and lists ----------------------------------------------------------------

const MODULE = String.raw`(?:np|numpy|jnp|jax\.numpy|torch|onp)`;
const WRAP = new RegExp(String.raw`^${MODULE}\s*\.\s*(?:array|asarray|asfarray|tensor|as_tensor|from_numpy)\s*\(`);
const FILL = new RegExp(String.raw`^${MODULE}\s*\.\s*(zeros|ones|eye|identity|full)\s*\(`);

function pythonValue(c: Cursor): Nested | undefined {
  c.ws(false);
  const rest = c.s.slice(c.i, c.i + 64);
  const wrap = WRAP.exec(rest);
  if (wrap) {
    c.i += wrap[0].length;
    const v = pyList(c);
    if (v === undefined || !keywordsThenClose(c)) return undefined;
    return c.atEnd() ? v : undefined;
  }
  const fill = FILL.exec(rest);
  if (fill) {
    c.i += fill[0].length;
    const v = pyFill(c, fill[1]);
    return v !== undefined && c.atEnd() ? v : undefined;
  }
  if (c.s[c.i] === '[') {
    const v = pyList(c);
    return v !== undefined && c.atEnd() ? v : undefined;
  }
  const n = c.number();
  return n !== undefined && c.atEnd() ? n : undefined;
}

/** `[1, 2.5, -3]`, `[[1, 2], [3, 4]]`, `(1, 2)` inside (tuples as rows), a trailing comma allowed. */
function pyList(c: Cursor): Nested | undefined {
  c.ws();
  const open = c.s[c.i];
  if (open !== '[' && open !== '(') return c.number();
  const close = open === '[' ? ']' : ')';
  c.i++;
  const items: Nested[] = [];
  for (;;) {
    if (c.eat(close)) return items;
    const v = pyList(c);
    if (v === undefined) return undefined;
    items.push(v);
    if (c.eat(',')) continue;
    if (c.eat(close)) return items;
    return undefined;
  }
}

/** After the literal: `, dtype=np.float64, requires_grad=True` (names and dotted names only), then `)`. */
function keywordsThenClose(c: Cursor): boolean {
  for (;;) {
    if (c.eat(')')) return true;
    if (!c.eat(',')) return false;
    if (c.eat(')')) return true;
    c.ws();
    const m = /^[A-Za-z_]\w*\s*=\s*[A-Za-z_][\w.]*|^[A-Za-z_][\w.]*/.exec(c.s.slice(c.i, c.i + 80));
    if (!m) return false;
    c.i += m[0].length;
  }
}

/** Sizes: `3`, `(2, 3)`, `2, 3` (torch). */
function sizes(c: Cursor): number[] | undefined {
  const out: number[] = [];
  const one = (): boolean => {
    const n = c.number();
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10_000) return false;
    out.push(n);
    return true;
  };
  if (c.eat('(') || c.eat('[')) {
    const close = c.s[c.i - 1] === '(' ? ')' : ']';
    do {
      if (!one()) return undefined;
    } while (c.eat(',') && !c.s.slice(c.i).trimStart().startsWith(close));
    return c.eat(close) ? out : undefined;
  }
  if (!one()) return undefined;
  // torch.zeros(2, 3): more positional sizes
  for (;;) {
    const save = c.i;
    if (!c.eat(',')) break;
    c.ws();
    if (!/^\d/.test(c.s[c.i] ?? '')) {
      c.i = save;
      break;
    }
    if (!one()) return undefined;
  }
  return out;
}

function pyFill(c: Cursor, kind: string): Nested | undefined {
  const dims = sizes(c);
  if (!dims || dims.length > 2) return undefined;
  let fillValue = kind === 'ones' ? 1 : 0;
  if (kind === 'full') {
    if (!c.eat(',')) return undefined;
    const v = c.number();
    if (v === undefined) return undefined;
    fillValue = v;
  }
  if (!keywordsThenClose(c)) return undefined;
  if (kind === 'eye' || kind === 'identity') return dims.length === 1 || dims[0] === dims[1] ? identity(dims[0]) : undefined;
  return filled(dims, fillValue);
}

// ---- MATLAB/Octave and Julia -------------------------------------------------------------------------------

function matrixValue(c: Cursor, lang: 'matlab' | 'julia'): Nested | undefined {
  c.ws(false);
  const rest = c.s.slice(c.i, c.i + 16);
  const fill = /^(zeros|ones|eye)\s*\(/.exec(rest);
  let v: Nested | undefined;
  if (fill) {
    c.i += fill[0].length;
    const dims: number[] = [];
    if (lang === 'julia') c.eat('Float64,');
    for (;;) {
      const n = c.number();
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10_000) return undefined;
      dims.push(n);
      if (c.eat(')', false)) break;
      if (!c.eat(',', false)) return undefined;
    }
    if (dims.length > 2) return undefined;
    if (fill[1] === 'eye') {
      if (dims.length === 2 && dims[0] !== dims[1]) return undefined;
      v = identity(dims[0]);
    } else {
      // MATLAB zeros(3) is 3×3; Julia zeros(3) is a vector
      const shape = dims.length === 1 && lang === 'matlab' ? [dims[0], dims[0]] : dims;
      v = filled(shape, fill[1] === 'ones' ? 1 : 0);
    }
  } else if (c.s[c.i] === '[') {
    c.i++;
    const rows = matrixRows(c, lang);
    if (!rows) return undefined;
    v = rows;
  } else {
    const n = c.number();
    if (n === undefined) return undefined;
    v = n;
  }
  // a transpose after the literal
  let transposed = false;
  while (c.s[c.i] === "'" || c.s.startsWith(".'", c.i)) {
    c.i += c.s[c.i] === "'" ? 1 : 2;
    transposed = !transposed;
  }
  c.ws(false);
  if (!(c.i >= c.s.length || /[\r\n;,]/.test(c.s[c.i]))) return undefined;
  return asVectorOrMatrix(v, transposed);
}

/** Rows of `[…]` up to the closing bracket: rows split by `;` or newlines, entries by `,` or spaces. */
function matrixRows(c: Cursor, lang: 'matlab' | 'julia'): number[][] | undefined {
  const rows: number[][] = [[]];
  for (;;) {
    c.ws(false);
    const ch = c.s[c.i];
    if (ch === undefined) return undefined;
    if (ch === ']') {
      c.i++;
      break;
    }
    if (ch === ';' || ch === '\n' || ch === '\r') {
      c.i++;
      if (rows[rows.length - 1].length) rows.push([]);
      continue;
    }
    if (ch === ',') {
      c.i++;
      continue;
    }
    if (lang === 'matlab' && c.s.startsWith('...', c.i)) {
      c.i += 3;
      while (c.i < c.s.length && c.s[c.i] !== '\n') c.i++;
      c.i++;
      continue;
    }
    // a unary minus after a space starts a new entry ([1 -2] is two entries, as in MATLAB and Julia)
    const n = c.number();
    if (n === undefined) return undefined;
    rows[rows.length - 1].push(n);
  }
  if (!rows[rows.length - 1].length) rows.pop();
  if (!rows.length) return undefined;
  return rows;
}

/** One row or one column → a vector; a 1×1 → a number; else the matrix (transposed if asked). */
function asVectorOrMatrix(v: Nested, transposed: boolean): Nested | undefined {
  if (typeof v === 'number') return v;
  const rows = v as Nested[];
  if (rows.every((r) => typeof r === 'number')) return rows.length === 1 ? rows[0] : rows;
  const m = rows as number[][];
  if (m.some((r) => r.length !== m[0].length)) return undefined;
  if (m.length === 1 && m[0].length === 1) return m[0][0];
  if (m.length === 1) return m[0];
  if (m[0].length === 1) return m.map((r) => r[0]);
  return transposed ? m[0].map((_, j) => m.map((r) => r[j])) : m;
}

// ---- shared ---------------------------------------------------------------------------------------------------

const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const filled = (dims: number[], v: number): Nested => (dims.length === 1 ? new Array<number>(dims[0]).fill(v) : Array.from({ length: dims[0] }, () => new Array<number>(dims[1]).fill(v)));

/** A number, a non-empty vector of numbers, or a rectangular non-empty matrix of numbers; all finite. */
function valid(v: Nested): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (!v.length) return false;
  if (v.every((x) => typeof x === 'number')) return (v as number[]).every(Number.isFinite);
  if (!v.every((x) => Array.isArray(x) && x.length > 0 && x.length === (v[0] as Nested[]).length)) return false;
  return (v as Nested[][]).every((r) => r.every((x) => typeof x === 'number' && Number.isFinite(x)));
}
