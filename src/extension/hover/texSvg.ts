/**
 * A small TeX typesetter for hovers: the LaTeX subset the engine prints (fractions, scripts, roots, \left…\right
 * delimiters, operator names, Greek, cases and aligned blocks) laid out as boxes and drawn as SVG. Hovers cannot
 * run KaTeX (no DOM in the extension host) and MathJax would multiply the extension's size; this is ~400 lines.
 * Pure: widths come from Times metrics (mathSvg.textWidthEm) and every text run is pinned with textLength, so a
 * different installed font squeezes a little instead of overlapping. Unknown input throws TexError; callers fall
 * back to the Unicode form.
 */
import { escapeXml, textWidthEm } from './mathSvg';

export class TexError extends Error {}

type Node =
  | { k: 'ord'; text: string; italic: boolean }
  | { k: 'op'; text: string }
  | { k: 'bin'; text: string }
  | { k: 'rel'; text: string }
  | { k: 'punct'; text: string }
  | { k: 'open'; text: string }
  | { k: 'close'; text: string }
  | { k: 'space'; em: number }
  | { k: 'group'; body: Node[] }
  | { k: 'frac'; num: Node[]; den: Node[] }
  | { k: 'sqrt'; body: Node[]; index?: Node[] }
  | { k: 'scripts'; base: Node; sup?: Node[]; sub?: Node[] }
  | { k: 'delim'; left: string; body: Node[]; right: string }
  | { k: 'text'; text: string }
  | { k: 'table'; kind: 'cases' | 'aligned'; rows: Node[][][] };

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ',
  tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ',
  Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};
const OPERATORS = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh',
  'coth', 'exp', 'log', 'ln', 'lg', 'max', 'min', 'det', 'sup', 'inf', 'lim', 'arg', 'deg', 'dim', 'gcd']);
const SYMBOLS: Record<string, Node> = {
  cdot: { k: 'bin', text: '·' }, times: { k: 'bin', text: '×' }, pm: { k: 'bin', text: '±' }, mp: { k: 'bin', text: '∓' },
  ge: { k: 'rel', text: '≥' }, geq: { k: 'rel', text: '≥' }, le: { k: 'rel', text: '≤' }, leq: { k: 'rel', text: '≤' },
  ne: { k: 'rel', text: '≠' }, neq: { k: 'rel', text: '≠' }, approx: { k: 'rel', text: '≈' }, to: { k: 'rel', text: '→' },
  Rightarrow: { k: 'rel', text: '⇒' }, rightarrow: { k: 'rel', text: '→' }, mapsto: { k: 'rel', text: '↦' },
  infty: { k: 'ord', text: '∞', italic: false }, partial: { k: 'ord', text: '∂', italic: false },
  nabla: { k: 'ord', text: '∇', italic: false }, ldots: { k: 'ord', text: '…', italic: false }, cdots: { k: 'ord', text: '⋯', italic: false },
  lbrace: { k: 'open', text: '{' }, rbrace: { k: 'close', text: '}' }, vert: { k: 'ord', text: '|', italic: false },
  // matrix calculus (the tensor engine's LaTeX) and truncated matrices
  top: { k: 'ord', text: '⊤', italic: false }, intercal: { k: 'ord', text: '⊺', italic: false }, odot: { k: 'bin', text: '⊙' },
  oslash: { k: 'bin', text: '⊘' }, circ: { k: 'bin', text: '∘' }, otimes: { k: 'bin', text: '⊗' },
  vdots: { k: 'ord', text: '⋮', italic: false }, ddots: { k: 'ord', text: '⋱', italic: false },
};
const SPACES: Record<string, number> = { ',': 0.1667, ':': 0.2222, '>': 0.2222, ';': 0.2778, '!': -0.1667, ' ': 0.25, quad: 1, qquad: 2 };

// ---- parsing ------------------------------------------------------------------------------------------

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[] {
    const out = this.list(new Set());
    if (this.i < this.s.length) throw new TexError(`unexpected '${this.s[this.i]}' at ${this.i}`);
    return out;
  }

  private peekCommand(): string | undefined {
    if (this.s[this.i] !== '\\') return undefined;
    const m = /^\\([A-Za-z]+|.)/.exec(this.s.slice(this.i));
    return m ? m[1] : undefined;
  }

  /** Atoms until a stop token (not consumed): '}', '&', '\\\\', \right, \end. */
  private list(stops: Set<string>): Node[] {
    const out: Node[] = [];
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '}' && stops.has('}')) break;
      if (c === '&' && stops.has('&')) break;
      const cmd = this.peekCommand();
      if (cmd === '\\' && stops.has('\\\\')) break;
      if ((cmd === 'right' && stops.has('right')) || (cmd === 'end' && stops.has('end'))) break;
      if (c === '^' || c === '_') {
        this.i++;
        const arg = this.arg();
        const prev = out.pop() ?? { k: 'ord', text: '', italic: false };
        const sc: Extract<Node, { k: 'scripts' }> = prev.k === 'scripts' ? prev : { k: 'scripts', base: prev };
        if (c === '^') {
          if (sc.sup) throw new TexError('double superscript');
          sc.sup = arg;
        } else {
          if (sc.sub) throw new TexError('double subscript');
          sc.sub = arg;
        }
        out.push(sc);
        continue;
      }
      const atom = this.atom();
      if (atom) out.push(atom);
    }
    return out;
  }

  private expect(ch: string): void {
    if (this.s[this.i] !== ch) throw new TexError(`expected '${ch}' at ${this.i}`);
    this.i++;
  }

  /** A macro argument: a braced group or a single token. */
  private arg(): Node[] {
    this.skipSpace();
    if (this.s[this.i] === '{') {
      this.i++;
      const body = this.list(new Set(['}']));
      this.expect('}');
      return body;
    }
    const a = this.atom();
    if (!a) throw new TexError(`missing argument at ${this.i}`);
    return [a];
  }

  /** Raw text of a braced argument (\text, \operatorname, \mathrm, environment names). */
  private rawArg(): string {
    this.skipSpace();
    this.expect('{');
    let depth = 1;
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') { this.i += 2; continue; }
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) break;
      this.i++;
    }
    const text = this.s.slice(start, this.i);
    this.expect('}');
    return text.replace(/\\([_%&#${}])/g, '$1').replace(/\\,/g, ' ');
  }

  private skipSpace(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\n' || this.s[this.i] === '\t') this.i++;
  }

  private delimiter(): string {
    this.skipSpace();
    const cmd = this.peekCommand();
    if (cmd) {
      this.i += cmd.length + 1;
      const map: Record<string, string> = { '{': '{', '}': '}', '|': '‖', vert: '|', Vert: '‖', lbrace: '{', rbrace: '}', langle: '⟨', rangle: '⟩' };
      if (!(cmd in map)) throw new TexError(`unknown delimiter \\${cmd}`);
      return map[cmd];
    }
    const c = this.s[this.i++];
    if (!c || !'()[]|./'.includes(c)) throw new TexError(`bad delimiter '${c}'`);
    return c === '.' ? '' : c;
  }

  private atom(): Node | undefined {
    if (this.i >= this.s.length) throw new TexError('unexpected end of input');
    const c = this.s[this.i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '~') {
      this.i++;
      return c === '~' ? { k: 'space', em: 0.25 } : undefined;
    }
    if (c === '{') {
      this.i++;
      const body = this.list(new Set(['}']));
      this.expect('}');
      return { k: 'group', body };
    }
    if (c === '\\') return this.command();
    this.i++;
    if (/[A-Za-z]/.test(c)) return { k: 'ord', text: c, italic: true };
    if (/[0-9.]/.test(c)) {
      let t = c;
      while (this.i < this.s.length && /[0-9.]/.test(this.s[this.i])) t += this.s[this.i++];
      return { k: 'ord', text: t, italic: false };
    }
    switch (c) {
      case '+': return { k: 'bin', text: '+' };
      case '-': return { k: 'bin', text: '−' };
      case '*': return { k: 'bin', text: '∗' };
      case '=': case '<': case '>': return { k: 'rel', text: c };
      case ',': case ';': return { k: 'punct', text: c };
      case '(': case '[': return { k: 'open', text: c };
      case ')': case ']': return { k: 'close', text: c };
      case "'": return { k: 'ord', text: '′', italic: false };
      case '|': case '/': case '!': case '?': case ':': return { k: 'ord', text: c, italic: false };
      case '}': case '&': throw new TexError(`unexpected '${c}' at ${this.i - 1}`);
      default: return { k: 'ord', text: c, italic: false };
    }
  }

  private command(): Node | undefined {
    const name = this.peekCommand();
    if (!name) throw new TexError('dangling backslash');
    this.i += name.length + 1;
    if (name in SPACES) return { k: 'space', em: SPACES[name] };
    if (name in GREEK) return { k: 'ord', text: GREEK[name], italic: /^[a-z]/.test(name) };
    if (name in SYMBOLS) return { ...SYMBOLS[name] };
    if (OPERATORS.has(name)) return { k: 'op', text: name };
    switch (name) {
      case '{': return { k: 'open', text: '{' };
      case '}': return { k: 'close', text: '}' };
      case '_': case '%': case '#': case '$': case '&': return { k: 'ord', text: name, italic: false };
      case '|': return { k: 'ord', text: '‖', italic: false };
      case 'frac': case 'dfrac': case 'tfrac': {
        const num = this.arg();
        const den = this.arg();
        return { k: 'frac', num, den };
      }
      case 'sqrt': {
        this.skipSpace();
        let index: Node[] | undefined;
        if (this.s[this.i] === '[') {
          this.i++;
          index = [];
          while (this.i < this.s.length && this.s[this.i] !== ']') {
            const a = this.atom();
            if (a) index.push(a);
          }
          this.expect(']');
        }
        return { k: 'sqrt', body: this.arg(), ...(index ? { index } : {}) };
      }
      case 'left': {
        const left = this.delimiter();
        const body = this.list(new Set(['right']));
        if (this.peekCommand() !== 'right') throw new TexError('\\left without \\right');
        this.i += '\\right'.length;
        return { k: 'delim', left, body, right: this.delimiter() };
      }
      case 'operatorname': return { k: 'op', text: this.rawArg() };
      case 'mathrm': case 'textrm': case 'mathit': case 'mathbf': {
        const text = this.rawArg();
        return { k: 'ord', text, italic: name === 'mathit' };
      }
      case 'text': case 'textit': case 'mbox': return { k: 'text', text: this.rawArg() };
      case 'begin': {
        const env = this.rawArg();
        if (env !== 'cases' && env !== 'aligned' && env !== 'array' && env !== 'matrix' && env !== 'pmatrix' && env !== 'bmatrix') {
          throw new TexError(`unsupported environment ${env}`);
        }
        const rows: Node[][][] = [];
        let row: Node[][] = [];
        for (;;) {
          row.push(this.list(new Set(['&', '\\\\', 'end'])));
          if (this.s[this.i] === '&') { this.i++; continue; }
          const cmd = this.peekCommand();
          if (cmd === '\\') { this.i += 2; rows.push(row); row = []; continue; }
          if (cmd === 'end') {
            this.i += 4;
            this.rawArg();
            rows.push(row);
            break;
          }
          throw new TexError(`unterminated ${env}`);
        }
        const table: Node = { k: 'table', kind: env === 'cases' ? 'cases' : 'aligned', rows };
        return env === 'pmatrix' ? { k: 'delim', left: '(', body: [table], right: ')' } : env === 'bmatrix' ? { k: 'delim', left: '[', body: [table], right: ']' } : table;
      }
      case 'displaystyle': case 'textstyle': case 'limits': case 'nolimits': return undefined;
      default:
        throw new TexError(`unsupported command \\${name}`);
    }
  }
}

export function parseTex(tex: string): Node[] {
  return new Parser(tex).parse();
}

// ---- layout -------------------------------------------------------------------------------------------

interface Box {
  w: number;
  /** Height above and depth below the baseline. */
  h: number;
  d: number;
  draw(x: number, y: number, out: string[]): void;
}

interface Style {
  size: number;
  /** Fraction nesting depth (deeper fractions use smaller type). */
  depth: number;
  color: string;
  font: string;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const ASCENT = 0.72;
const DESCENT = 0.22;
const AXIS = 0.25;

function textBox(raw: string, st: Style, italic: boolean): Box {
  // SVG drops leading and trailing blanks, so they become offsets instead of part of the pinned text length.
  const text = raw.trim();
  const before = textWidthEm(raw.slice(0, raw.length - raw.trimStart().length)) * st.size;
  const after = textWidthEm(raw.slice(raw.trimEnd().length)) * st.size;
  const tw = textWidthEm(text) * st.size * (italic ? 1.02 : 1);
  return {
    w: before + tw + after, h: ASCENT * st.size, d: DESCENT * st.size,
    draw: (x, y, out) => {
      if (!text) return;
      out.push(`<text x="${r1(x + before)}" y="${r1(y)}" font-size="${r1(st.size)}"${italic ? ' font-style="italic"' : ''} ` +
        `textLength="${r1(tw)}" lengthAdjust="spacingAndGlyphs">${escapeXml(text)}</text>`);
    },
  };
}

function hbox(items: Array<{ box: Box; gap: number }>): Box {
  let w = 0, h = 0, d = 0;
  for (const it of items) {
    w += it.gap + it.box.w;
    h = Math.max(h, it.box.h);
    d = Math.max(d, it.box.d);
  }
  return {
    w, h, d,
    draw: (x, y, out) => {
      let cx = x;
      for (const it of items) {
        cx += it.gap;
        it.box.draw(cx, y, out);
        cx += it.box.w;
      }
    },
  };
}

/** Binary operators act as signs at the start of a list or after another operator, an opening or a relation. */
function isUnary(prev: Node | undefined): boolean {
  return !prev || prev.k === 'bin' || prev.k === 'rel' || prev.k === 'open' || prev.k === 'punct' || prev.k === 'op';
}

function spacing(prev: Node | undefined, cur: Node, prevUnaryBin: boolean, curUnary: boolean, st: Style): number {
  const em = st.size;
  const tight = st.size < 10; // script sizes drop the wide operator spacing, as TeX does
  if (cur.k === 'space') return 0;
  if (cur.k === 'bin' && !curUnary) return tight ? 0.1 * em : 0.2222 * em;
  if (prev?.k === 'bin' && !prevUnaryBin) return tight ? 0.1 * em : 0.2222 * em;
  if (cur.k === 'rel' || (prev?.k === 'rel')) return tight ? 0.12 * em : 0.2778 * em;
  if (prev?.k === 'punct') return 0.1667 * em;
  if (cur.k === 'op' && prev && prev.k !== 'open' && prev.k !== 'space') return 0.1667 * em;
  if (prev?.k === 'op' && cur.k !== 'delim' && cur.k !== 'open' && cur.k !== 'scripts') return 0.1667 * em;
  return 0;
}

function list(nodes: Node[], st: Style): Box {
  const items: Array<{ box: Box; gap: number }> = [];
  let prev: Node | undefined;
  let prevUnaryBin = false;
  for (const n of nodes) {
    const unary = n.k === 'bin' && isUnary(prev);
    const gap = spacing(prev, n, prevUnaryBin, unary, st);
    items.push({ box: node(n, st), gap });
    if (n.k !== 'space') {
      prev = n;
      prevUnaryBin = unary;
    }
  }
  return hbox(items);
}

function scaled(st: Style, factor: number): Style {
  return { ...st, size: Math.max(7, st.size * factor) };
}

function strokePath(d: string, st: Style, width: number): string {
  return `<path d="${d}" fill="none" stroke="${st.color}" stroke-width="${r1(width)}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** A delimiter spanning `top`..`bottom` (y grows down), drawn as a path when taller than the glyph. */
function delimiterBox(ch: string, top: number, bottom: number, st: Style): { w: number; draw: (x: number, y: number, out: string[]) => void } {
  const em = st.size;
  const span = bottom - top;
  if (!ch) return { w: 0.1 * em, draw: () => {} };
  if (span <= 1.2 * em && ch !== '{') {
    const t = textBox(ch, st, false);
    return { w: t.w, draw: (x, y, out) => t.draw(x, y, out) };
  }
  const w = ch === '|' || ch === '‖' ? 0.3 * em : 0.42 * em;
  const sw = 0.055 * em;
  return {
    w,
    draw: (x, y, out) => {
      const t = y + top, b = y + bottom, m = (t + b) / 2;
      const l = x + 0.08 * em, rr = x + w - 0.08 * em;
      let d: string;
      switch (ch) {
        case '(': d = `M ${r1(rr)} ${r1(t)} Q ${r1(l - 0.1 * em)} ${r1(m)} ${r1(rr)} ${r1(b)}`; break;
        case ')': d = `M ${r1(l)} ${r1(t)} Q ${r1(rr + 0.1 * em)} ${r1(m)} ${r1(l)} ${r1(b)}`; break;
        case '[': d = `M ${r1(rr)} ${r1(t)} L ${r1(l)} ${r1(t)} L ${r1(l)} ${r1(b)} L ${r1(rr)} ${r1(b)}`; break;
        case ']': d = `M ${r1(l)} ${r1(t)} L ${r1(rr)} ${r1(t)} L ${r1(rr)} ${r1(b)} L ${r1(l)} ${r1(b)}`; break;
        case '|': d = `M ${r1(x + w / 2)} ${r1(t)} L ${r1(x + w / 2)} ${r1(b)}`; break;
        case '‖': d = `M ${r1(x + w / 3)} ${r1(t)} L ${r1(x + w / 3)} ${r1(b)} M ${r1(x + 2 * w / 3)} ${r1(t)} L ${r1(x + 2 * w / 3)} ${r1(b)}`; break;
        case '{': {
          const c = (l + rr) / 2;
          d = `M ${r1(rr)} ${r1(t)} Q ${r1(c)} ${r1(t)} ${r1(c)} ${r1(t + 0.12 * span)} L ${r1(c)} ${r1(m - 0.08 * span)} ` +
            `Q ${r1(c)} ${r1(m)} ${r1(l)} ${r1(m)} Q ${r1(c)} ${r1(m)} ${r1(c)} ${r1(m + 0.08 * span)} ` +
            `L ${r1(c)} ${r1(b - 0.12 * span)} Q ${r1(c)} ${r1(b)} ${r1(rr)} ${r1(b)}`;
          break;
        }
        case '}': {
          const c = (l + rr) / 2;
          d = `M ${r1(l)} ${r1(t)} Q ${r1(c)} ${r1(t)} ${r1(c)} ${r1(t + 0.12 * span)} L ${r1(c)} ${r1(m - 0.08 * span)} ` +
            `Q ${r1(c)} ${r1(m)} ${r1(rr)} ${r1(m)} Q ${r1(c)} ${r1(m)} ${r1(c)} ${r1(m + 0.08 * span)} ` +
            `L ${r1(c)} ${r1(b - 0.12 * span)} Q ${r1(c)} ${r1(b)} ${r1(l)} ${r1(b)}`;
          break;
        }
        default: {
          const g = textBox(ch, st, false);
          g.draw(x, y, out);
          return;
        }
      }
      out.push(strokePath(d, st, sw));
    },
  };
}

function node(n: Node, st: Style): Box {
  const em = st.size;
  switch (n.k) {
    case 'ord': return textBox(n.text, st, n.italic);
    case 'op': case 'bin': case 'rel': case 'punct': case 'open': case 'close': return textBox(n.text, st, false);
    case 'text': return textBox(n.text, st, false);
    case 'space': return { w: n.em * em, h: 0, d: 0, draw: () => {} };
    case 'group': return list(n.body, st);
    case 'frac': {
      const inner = st.depth > 0 ? scaled(st, 0.8) : st;
      const cs = { ...inner, depth: st.depth + 1 };
      const num = list(n.num, cs);
      const den = list(n.den, cs);
      const bar = Math.max(0.8, 0.055 * em);
      const gap = 0.16 * em;
      const axis = AXIS * em;
      const w = Math.max(num.w, den.w) + 0.24 * em;
      return {
        w, h: axis + bar / 2 + gap + num.d + num.h, d: den.h + den.d + gap + bar / 2 - axis,
        draw: (x, y, out) => {
          const by = y - axis;
          num.draw(x + (w - num.w) / 2, by - bar / 2 - gap - num.d, out);
          den.draw(x + (w - den.w) / 2, by + bar / 2 + gap + den.h, out);
          out.push(`<rect x="${r1(x + 0.06 * em)}" y="${r1(by - bar / 2)}" width="${r1(w - 0.12 * em)}" height="${r1(bar)}" fill="${st.color}"/>`);
        },
      };
    }
    case 'sqrt': {
      const body = list(n.body, st);
      const index = n.index ? list(n.index, scaled(st, 0.55)) : undefined;
      const sign = 0.6 * em;
      const lead = index ? Math.max(0, index.w - 0.3 * em) : 0;
      const top = body.h + 0.14 * em;
      const sw = 0.055 * em;
      return {
        w: lead + sign + body.w + 0.08 * em, h: top + sw, d: Math.max(body.d, 0.1 * em),
        draw: (x, y, out) => {
          const sx = x + lead;
          const bottom = y + Math.max(body.d, 0.1 * em);
          const d = `M ${r1(sx + 0.04 * em)} ${r1(y - 0.38 * em)} L ${r1(sx + 0.16 * em)} ${r1(y - 0.46 * em)} ` +
            `L ${r1(sx + 0.32 * em)} ${r1(bottom)} L ${r1(sx + sign - 0.04 * em)} ${r1(y - top)} L ${r1(sx + sign + body.w + 0.08 * em)} ${r1(y - top)}`;
          out.push(strokePath(d, st, sw));
          body.draw(sx + sign, y, out);
          index?.draw(x, y - 0.5 * em - index.d, out);
        },
      };
    }
    case 'scripts': {
      const base = node(n.base, st);
      const ss = scaled(st, 0.7);
      const sup = n.sup ? list(n.sup, ss) : undefined;
      const sub = n.sub ? list(n.sub, ss) : undefined;
      const supShift = sup ? Math.max(base.h - 0.3 * em, 0.38 * em, sup.d + 0.25 * em) : 0;
      let subShift = sub ? Math.max(base.d + 0.05 * em, 0.2 * em, sub.h - 0.45 * em) : 0;
      if (sup && sub) subShift = Math.max(subShift, 0.3 * em);
      const italicKern = n.base.k === 'ord' && n.base.italic ? 0.05 * em : 0.02 * em;
      const sw = Math.max(sup?.w ?? 0, sub?.w ?? 0);
      return {
        w: base.w + italicKern + sw,
        h: Math.max(base.h, sup ? supShift + sup.h : 0),
        d: Math.max(base.d, sub ? subShift + sub.d : 0),
        draw: (x, y, out) => {
          base.draw(x, y, out);
          sup?.draw(x + base.w + italicKern, y - supShift, out);
          sub?.draw(x + base.w + 0.02 * em, y + subShift, out);
        },
      };
    }
    case 'delim': {
      const body = list(n.body, st);
      const axis = AXIS * em;
      const half = Math.max(body.h - axis, body.d + axis, 0.5 * em) + 0.08 * em;
      const top = -axis - half, bottom = -axis + half;
      const L = delimiterBox(n.left, top, bottom, st);
      const R = delimiterBox(n.right, top, bottom, st);
      return {
        w: L.w + body.w + R.w, h: Math.max(body.h, axis + half), d: Math.max(body.d, half - axis),
        draw: (x, y, out) => {
          L.draw(x, y, out);
          body.draw(x + L.w, y, out);
          R.draw(x + L.w + body.w, y, out);
        },
      };
    }
    case 'table': {
      const cells = n.rows.map((row) => row.map((cell) => list(cell, st)));
      const cols = Math.max(...cells.map((r) => r.length));
      const colW = Array.from({ length: cols }, (_, c) => Math.max(0, ...cells.map((r) => r[c]?.w ?? 0)));
      const colGap = n.kind === 'cases' ? 1 * em : 0;
      const rowGap = 0.3 * em;
      const rowH = cells.map((r) => Math.max(0.72 * em, ...r.map((b) => b.h)));
      const rowD = cells.map((r) => Math.max(0.22 * em, ...r.map((b) => b.d)));
      const total = rowH.reduce((a, h, i) => a + h + rowD[i], 0) + rowGap * (cells.length - 1);
      const axis = AXIS * em;
      const brace = n.kind === 'cases' ? delimiterBox('{', -axis - total / 2 - 0.05 * em, -axis + total / 2 + 0.05 * em, st) : undefined;
      const lead = brace ? brace.w + 0.15 * em : 0;
      const width = lead + colW.reduce((a, b) => a + b, 0) + colGap * (cols - 1);
      return {
        w: width, h: total / 2 + axis, d: total / 2 - axis,
        draw: (x, y, out) => {
          brace?.draw(x, y, out);
          let ry = y - axis - total / 2;
          cells.forEach((r, i) => {
            ry += rowH[i];
            let cx = x + lead;
            for (let c = 0; c < cols; c++) {
              const b = r[c];
              // aligned: right-align the first column against the second (the `&=` column), as TeX does
              if (b) b.draw(n.kind === 'aligned' && c % 2 === 0 ? cx + colW[c] - b.w : cx, ry, out);
              cx += colW[c] + colGap;
            }
            ry += rowD[i] + rowGap;
          });
        },
      };
    }
  }
}

// ---- rows -------------------------------------------------------------------------------------------------

export interface TexRow {
  /** LaTeX of the row, e.g. `\frac{\partial f}{\partial x} = 2 x`. */
  latex: string;
  /** Muted plain text after the math, e.g. `= 4.5`. */
  note?: string;
}

export interface TexStyle {
  color: string;
  muted: string;
  fontSize: number;
  /** Rows wider than this break at top-level + and − signs. */
  maxWidth?: number;
}

/** Breaks a top-level list before binary operators so each line fits `maxWidth` (continuations indented). */
function breakLines(nodes: Node[], st: Style, maxWidth: number): Box {
  const whole = list(nodes, st);
  if (whole.w <= maxWidth) return whole;
  const lines: Node[][] = [[]];
  let prev: Node | undefined;
  for (const n of nodes) {
    const cur = lines[lines.length - 1];
    const candidate = n.k === 'bin' && !isUnary(prev) && cur.length > 0;
    if (candidate && list(cur, st).w > maxWidth * 0.55) lines.push([{ k: 'ord', text: '', italic: false }]);
    lines[lines.length - 1].push(n);
    if (n.k !== 'space') prev = n;
  }
  const boxes = lines.map((l) => list(l, st));
  const lead = 1.2 * st.size;
  const gap = 0.35 * st.size;
  const total = boxes.reduce((a, b) => a + b.h + b.d, 0) + gap * (boxes.length - 1);
  return {
    w: Math.max(...boxes.map((b, i) => b.w + (i ? lead : 0))),
    h: boxes[0].h,
    d: total - boxes[0].h,
    draw: (x, y, out) => {
      let by = y;
      boxes.forEach((b, i) => {
        if (i) by += boxes[i - 1].d + gap + b.h;
        b.draw(x + (i ? lead : 0), by, out);
      });
    },
  };
}

const FONT = 'Times New Roman, Liberation Serif, Times, Nimbus Roman, STIX Two Text, serif';

/** Typesets rows of math as one SVG document. Throws TexError on LaTeX outside the supported subset. */
export function renderTexRows(rows: TexRow[], style: TexStyle): { svg: string; width: number; height: number } {
  const st: Style = { size: style.fontSize, depth: 0, color: style.color, font: FONT };
  const pad = Math.round(style.fontSize * 0.5);
  const rowGap = Math.round(style.fontSize * 0.7);
  const maxWidth = style.maxWidth ?? 900;
  const laid = rows.map((row) => {
    const math = breakLines(parseTex(row.latex), st, maxWidth);
    const note = row.note ? textBox(row.note, { ...st, color: style.muted }, false) : undefined;
    return { math, note };
  });
  const out: string[] = [];
  let y = pad;
  let width = 0;
  for (const { math, note } of laid) {
    y += math.h;
    math.draw(pad, y, out);
    let w = pad + math.w;
    if (note) {
      const nx = w + style.fontSize * 0.9;
      out.push(`<g fill="${style.muted}">`);
      note.draw(nx, y, out);
      out.push('</g>');
      w = nx + note.w;
    }
    width = Math.max(width, w + pad);
    y += math.d + rowGap;
  }
  const height = Math.ceil(y - rowGap + pad);
  width = Math.ceil(width);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g fill="${style.color}" font-family="${FONT}">${out.join('')}</g></svg>`;
  return { svg, width, height };
}
