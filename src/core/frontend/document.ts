import { lookupFunction } from '../functions';
import type { Expr } from './ast';
import { detectLanguage } from './detect';
import { canonicalLanguage, syntaxOf, type Lang } from './languages';
import { mathSegments, readLatex } from './latex';
import { tokenize } from './lexer';
import { resolveExpr } from './names';
import { parseCode } from './parser';
import { freeNames } from './printer';
import { safeName } from './program';
import { setOwn } from '../own';

/**
 * Whole-document helpers: the statement under the cursor (hovers inspect it when nothing is selected) and
 * the numeric values a document assigns (the default point for those variables).
 */
export interface Range {
  start: number;
  end: number;
  text: string;
}

/** The statement containing `offset`: its line, widened over continuation lines and open brackets, trimmed. */
export function statementAt(text: string, offset: number, language?: string): Range | undefined {
  const lang = resolveLanguage(text, language);
  const at = Math.max(0, Math.min(offset, text.length));
  if (lang === 'latex' || canonicalLanguage(language) === 'markdown') {
    const seg = mathSegments(text).find((s) => s.s <= at && at <= s.e);
    if (seg) return trimmed(text, seg.s, seg.e, lang);
  }
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineOf = (o: number) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const lineEnd = (l: number) => (l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
  const code = (l: number) => stripComment(text.slice(starts[l], lineEnd(l)), lang);
  // bracket depth at each line start, () and [] only (braces hold statements)
  const depth: number[] = [];
  let d = 0;
  for (let l = 0; l < starts.length; l++) {
    depth.push(d);
    for (const c of code(l)) {
      if (c === '(' || c === '[') d++;
      else if ((c === ')' || c === ']') && d > 0) d--;
    }
  }
  const continues = (l: number) => /(?:[-+*/^=(,[&|?:\\]|\*\*|\.\.\.|\band|\bor)\s*$/.test(code(l)) && !(lang === 'python' && /:\s*$/.test(code(l)) && /^\s*(?:def|if|for|while|else|elif|with|class|try)\b/.test(code(l)));
  const semicolons = lang !== 'latex' && lang !== 'math' && syntaxOf(lang).semicolons;
  const startsWithOperator = (l: number) => semicolons && /^\s*(?:[*/^?:.]|&&|\|\||[-+](?!\+|-))/.test(code(l)) && !/;\s*$/.test(code(l - 1));
  let first = lineOf(at);
  let last = first;
  while (first > 0 && (depth[first] > 0 || continues(first - 1) || startsWithOperator(first))) first--;
  while (last + 1 < starts.length && (depth[last + 1] > 0 || continues(last) || startsWithOperator(last + 1))) last++;
  last = functionEnd(lang, first, last, starts.length, code);
  return trimmed(text, starts[first], starts[first] + (lineEnd(last) - starts[first]), lang);
}

const HEADER = /^\s*(?:(?:export|default|async|pub|public|private|protected|static|inline|const|unsafe|__device__|__host__|__global__)\s+)*(?:def|function|fn|func)\b|^\s*(?:[\w:<>]+\s+)+\w+\s*\([^)]*\)\s*(?:const\s*)?\{\s*$/;

/** On a function's first line, the statement is the whole function (hovers show its derivatives). */
function functionEnd(lang: Lang, first: number, last: number, count: number, code: (l: number) => string): number {
  const head = code(first);
  if (!HEADER.test(head)) return last;
  if (lang === 'python') {
    if (!/:\s*$/.test(code(last))) return last; // def f(x): return … on one line
    const indent = /^\s*/.exec(head)![0].length;
    let end = last;
    for (let l = last + 1; l < count; l++) {
      const c = code(l);
      if (!c.trim()) continue;
      if (/^\s*/.exec(c)![0].length <= indent) break;
      end = l;
    }
    return end;
  }
  if (lang === 'julia' || lang === 'matlab') {
    if (!/^\s*function\b/.test(head)) return last;
    let open = 0;
    for (let l = first; l < count; l++) {
      for (const w of code(l).match(/\b(?:function|if|for|while|begin|let|do|try|struct|end)\b/g) ?? []) open += w === 'end' ? -1 : 1;
      if (open <= 0) return l;
    }
    return last;
  }
  let braces = 0;
  let seen = false;
  for (let l = first; l < count; l++) {
    for (const c of code(l)) {
      if (c === '{') { braces++; seen = true; }
      else if (c === '}') braces--;
    }
    if (seen && braces <= 0) return l;
  }
  return last;
}

function stripComment(line: string, lang: Lang): string {
  const marks = lang === 'python' || lang === 'julia' ? ['#'] : lang === 'matlab' ? ['%', '#'] : lang === 'latex' ? ['%'] : ['//'];
  let cut = line.length;
  for (const m of marks) {
    const k = line.indexOf(m);
    if (k >= 0 && k < cut) cut = k;
  }
  return line.slice(0, cut);
}

function trimmed(text: string, start: number, end: number, lang: Lang): Range | undefined {
  let s = start;
  let e = end;
  const body = text.slice(s, e);
  const lines = body.split('\n');
  // drop a trailing comment on the last line
  const lastLine = lines[lines.length - 1];
  const stripped = stripComment(lastLine, lang);
  e -= lastLine.length - stripped.length;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /[\s;]/.test(text[e - 1])) e--;
  if (s >= e) return undefined;
  return { start: s, end: e, text: text.slice(s, e) };
}

function resolveLanguage(text: string, language?: string): Lang {
  const c = canonicalLanguage(language);
  if (c === 'markdown') return 'latex';
  if (c === 'auto') return detectLanguage(text);
  return c;
}

/**
 * Numeric values assigned in a document (`x = 2.0`, `const lr = 0.1;`, `double h = 1e-3;`, `#define N 4`,
 * `$x = 2$`), keyed by the program's variable names; the last assignment before `before` wins.
 */
export function documentValues(text: string, language?: string, before = text.length): Record<string, number> {
  const lang = resolveLanguage(text, language);
  const out: Record<string, number> = {};
  const upTo = text.slice(0, Math.max(0, Math.min(before, text.length)));
  if (lang === 'latex' || canonicalLanguage(language) === 'markdown') {
    for (const seg of mathSegments(upTo)) {
      const piece = upTo.slice(seg.s, seg.e);
      if (!/^[^=]+=[^=]+$/.test(piece)) continue;
      try {
        const fe = readLatex(piece);
        Object.assign(out, fe.values);
        const m = /^\s*([\w]+)\s*=\s*([-+]?\d*\.?\d+(?:e[-+]?\d+)?)\s*$/.exec(fe.text);
        if (m) setOwn(out, m[1], Number(m[2]));
      } catch {
        // not a numeric assignment
      }
    }
    return out;
  }
  if (lang === 'math') {
    for (const line of upTo.split(/[\n;]/)) {
      const m = /^\s*([A-Za-z_]\w*)\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(line);
      if (m) setOwn(out, m[1], Number(m[2]));
    }
    return out;
  }
  const syn = syntaxOf(lang);
  for (const line of upTo.split('\n')) {
    const define = /^\s*#\s*define\s+([A-Za-z_]\w*)\s+\(?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fFlL]?\s*\)?\s*$/.exec(line);
    if (define) {
      setOwn(out, safeName(define[1], lang), Number(define[2]));
      continue;
    }
    if (!/[=]/.test(line) || line.length > 400) continue;
    try {
      const { stmts, aliases } = parseCode(tokenize(line, syn), syn, line);
      for (const s of stmts) {
        if (s.k !== 'assign') continue;
        s.targets.forEach((t, i) => {
          const value = resolveExpr(s.values[i], { lang, source: line, aliases, values: new Set() });
          if (freeNames(value).length) return;
          const v = evaluateConstant(value);
          if (v !== undefined && Number.isFinite(v)) setOwn(out, safeName(t.name, lang), v);
        });
      }
    } catch {
      // not a statement Partials reads: no value from this line
    }
  }
  return out;
}

/** Value of an expression without variables (2 * pi, sqrt(2), 1e-3). */
function evaluateConstant(x: Expr): number | undefined {
  switch (x.k) {
    case 'num': return x.v;
    case 'const': return x.name === 'pi' ? Math.PI : x.name === 'e' ? Math.E : Infinity;
    case 'un': {
      const a = evaluateConstant(x.a);
      return a === undefined ? undefined : x.op === '-' ? -a : a ? 0 : 1;
    }
    case 'bin': {
      const a = evaluateConstant(x.a);
      const b = evaluateConstant(x.b);
      if (a === undefined || b === undefined) return undefined;
      switch (x.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        default: return undefined;
      }
    }
    case 'fn': {
      const def = lookupFunction(x.name);
      const args = x.args.map(evaluateConstant);
      if (!def || args.some((a) => a === undefined)) return undefined;
      return def.eval(args as number[]);
    }
    default: return undefined;
  }
}
