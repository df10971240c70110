import { errorAtOffset } from './errors';
import type { Syntax } from './languages';
import { t as l10n } from '../l10n';

/** Tokens of source code; comments and whitespace are dropped, newlines kept where they end statements. */
export interface Token {
  t: 'num' | 'id' | 'op' | 'str' | 'nl' | 'eof';
  v: string;
  s: number;
  e: number;
  /** Numeric value of a number token. */
  n?: number;
}

const OPS = [
  '**=', '//=', '...', '===', '!==', '>>=', '<<=',
  '.^', '.*', './', '.\\', '.+', '.-', '.\'', '::', '->', '=>', '==', '!=', '~=', '<=', '>=', '&&', '||', '**', '//',
  '+=', '-=', '*=', '/=', '^=', ':=', '<<', '>>', '??', '?.',
  '+', '-', '*', '/', '^', '%', '(', ')', '[', ']', '{', '}', ',', ';', ':', '?', '!', '=', '<', '>', '.', '@', '&', '|', '~', '\'', '\\',
  '√', '∛', '÷', '⋅', '×', '·', '≤', '≥', '≠', '−', '∘',
];
const ID_START = /[A-Za-z_$\u00C0-\u024F\u0370-\u03FF\u1D00-\u1DBF\u2100-\u214F]/u;
const ID_PART = /[\w$\u00C0-\u024F\u0370-\u03FF\u1D00-\u1DBF\u2080-\u209C\u2100-\u214F\u00B2\u00B3\u00B9\u2070-\u207F]/u;

export function tokenize(text: string, syn: Syntax, source = text, base = 0): Token[] {
  const out: Token[] = [];
  let i = 0;
  let depth = 0; // () and [] only: braces hold statements
  const at = (k: number) => text[k] ?? '';
  const prevIsOperand = () => {
    const p = out[out.length - 1];
    return !!p && (p.t === 'num' || p.t === 'id' || (p.t === 'op' && (p.v === ')' || p.v === ']' || p.v === '\'' || p.v === '.\'')));
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      if (depth === 0) out.push({ t: 'nl', v: '\n', s: base + i, e: base + i + 1 });
      i++;
      continue;
    }
    if (/\s/.test(c)) { i++; continue; }
    // comments
    if (c === '#' && syn.lang === 'julia' && at(i + 1) === '=') {
      const end = text.indexOf('=#', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (c === '#' || (syn.percentComment && c === '%') || (syn.slashComment && c === '/' && at(i + 1) === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && at(i + 1) === '*' && syn.lang !== 'python' && syn.lang !== 'matlab' && syn.lang !== 'julia') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    // line continuations
    if (c === '\\' && syn.lang === 'python' && /^\\[ \t]*\r?\n/.test(text.slice(i, i + 4))) {
      i = text.indexOf('\n', i) + 1;
      continue;
    }
    if (syn.lang === 'matlab' && text.startsWith('...', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    // numbers
    const num = matchNumber(text, i, syn);
    if (num && !(c === '.' && prevIsOperand())) {
      out.push({ t: 'num', v: text.slice(i, i + num.length), s: base + i, e: base + i + num.length, n: num.value });
      i += num.length;
      continue;
    }
    // identifiers
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j])) j++;
      if (syn.lang === 'julia' && text[j] === '!') j++; // mutating functions: sin! is not a thing, but keep the name whole
      out.push({ t: 'id', v: text.slice(i, j), s: base + i, e: base + j });
      i = j;
      continue;
    }
    // strings (and MATLAB/Julia transpose, which shares the quote)
    if (c === '"' || c === '`' || (c === '\'' && !(syn.transpose && prevIsOperand()))) {
      if (c === '\'' && syn.lang === 'rust') { i++; continue; } // lifetimes
      const triple = syn.lang === 'python' && text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < text.length && !text.startsWith(close, j) && (triple || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      j = Math.min(text.length, j + close.length);
      out.push({ t: 'str', v: text.slice(i, j), s: base + i, e: base + j });
      i = j;
      continue;
    }
    // Julia broadcast comparisons and masks: x .<= 0, (x .> 0) .& (y .< 1), .!m read as their scalar operators
    if (c === '.' && syn.lang === 'julia') {
      const dotted = /^\.(<=|>=|==|!=|≤|≥|≠|&&|\|\||<|>|&|\||!)/.exec(text.slice(i, i + 4));
      if (dotted) {
        out.push({ t: 'op', v: dotted[1], s: base + i, e: base + i + dotted[0].length });
        i += dotted[0].length;
        continue;
      }
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) {
      throw errorAtOffset(source, base + i, l10n("Unexpected character '{0}'", c), 'parse');
    }
    if (op === '(' || op === '[') depth++;
    else if ((op === ')' || op === ']') && depth > 0) depth--;
    out.push({ t: 'op', v: op === '−' ? '-' : op, s: base + i, e: base + i + op.length });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', s: base + text.length, e: base + text.length });
  return joinContinuations(out, syn);
}

const BINARY_ONLY = new Set(['*', '/', '^', '**', '.^', '.*', './', '&&', '||', '?', '==', '!=', '===', '!==', '<=', '>=', '<', '>', '|', '&', '.', '?.', '??', '=>', '÷', '⋅', '×', '·']);
const OPEN_ENDED = new Set([...BINARY_ONLY, '+', '-', '=', ',', '(', '[', '+=', '-=', '*=', '/=', ':=', 'and', 'or', 'not', '->']);

/** Drops newlines inside a statement that continues: after an operator, or before one in the `;` languages. */
function joinContinuations(tokens: Token[], syn: Syntax): Token[] {
  const out: Token[] = [];
  let next = 0; // the first token after the current run of newlines, found once per run (50 000 blank lines stay linear)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.t !== 'nl') { out.push(t); continue; }
    const prev = out[out.length - 1];
    if (next <= i) {
      next = i + 1;
      while (tokens[next]?.t === 'nl') next++;
    }
    const nt = tokens[next];
    const prevOpen = prev && (prev.t === 'op' || (prev.t === 'id' && ['and', 'or', 'not'].includes(prev.v))) && OPEN_ENDED.has(prev.v)
      && !(syn.lang === 'python' && prev.v === ':');
    const nextCont = syn.semicolons && nt && nt.t === 'op' && (BINARY_ONLY.has(nt.v) || ((nt.v === '+' || nt.v === '-') && prev?.v !== ';' && prev?.v !== '{' && prev?.v !== '}'));
    if (!prev || prevOpen || nextCont || prev.t === 'nl') continue;
    out.push(t);
  }
  return out;
}

/** A number literal at i, with language-specific digit separators and type suffixes. */
function matchNumber(text: string, i: number, syn: Syntax): { length: number; value: number } | undefined {
  const rest = text.slice(i, i + 80);
  const hex = /^0[xX][0-9a-fA-F_]+[uUlL]*/.exec(rest);
  if (hex) return { length: hex[0].length, value: parseInt(hex[0].replace(/[_uUlL]/g, '').slice(2), 16) };
  const cDot = syn.slashComment ? /^\d+\.(?=[fFlLdD](?!\w))/.exec(rest) : null; // C's 2.f
  const m = cDot ?? /^(?:\d[\d_]*(?:\.(?![.*/^\\'a-zA-Z_])[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?/.exec(rest);
  if (!m) return undefined;
  let len = m[0].length;
  let body = m[0];
  // Julia's Float32 exponent 1.5f0
  const jf = syn.lang === 'julia' ? /^f[+-]?\d+/.exec(rest.slice(len)) : null;
  if (jf) {
    body += 'e' + jf[0].slice(1);
    len += jf[0].length;
  } else {
    const suffix = /^(?:_?(?:f32|f64|i8|i16|i32|i64|i128|u8|u16|u32|u64|u128|isize|usize)|[fFdDmM](?![\w])|[uU]?[lL]{0,2}(?![\w]))/.exec(rest.slice(len));
    if (suffix && (syn.lang !== 'julia' && syn.lang !== 'python' && syn.lang !== 'matlab')) len += suffix[0].length;
  }
  const value = Number(body.replace(/_/g, ''));
  return Number.isNaN(value) ? undefined : { length: len, value };
}

