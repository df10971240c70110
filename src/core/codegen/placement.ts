/**
 * Where inserted gradient code goes in a document, and which function encloses a selection (its name,
 * parameters in signature order and extent). Pure and line-based: it reads the document's text with
 * comments and strings blanked out, so braces, brackets and keywords in them never count.
 *
 * - Statements go after the statement(s) the selection covers, except where code after it would never
 *   run or would see other values: before a `return` (or a tail expression that is a block's value in Julia,
 *   Rust, R), before a block header (`if`, `while`, …) and before an assignment that overwrites a variable
 *   the selection reads.
 * - A function goes beside the enclosing function (after its end, at its indentation), after the class for
 *   a Python method, or after the selection when no function encloses it.
 */
import { canonicalLanguage, typeFirst } from '../frontend/languages';
import { t } from '../l10n';

export type Family = 'indent' | 'braces' | 'end' | 'none';

export interface EnclosingFunction {
  /** The function's name where it has one (`loss`, `fGrad`; an anonymous arrow function has none). */
  name?: string;
  /** Parameter names in signature order (self / cls / this receivers left out). */
  params: string[];
  /** Zero-based lines of its header's first line and its last line. */
  header: number;
  end: number;
  /** Indentation of its header line. */
  indent: string;
  /** Python: a method of this class (the function form goes after the class). */
  inClass?: { header: number; end: number; indent: string };
}

export interface Insertion {
  /** Zero-based line the code goes before or after. */
  line: number;
  where: 'before' | 'after';
  /** Indentation for every inserted line. */
  indent: string;
  /** A line to put after the code so a block keeps its value (Julia / R: the last expression is returned). */
  trailer?: string;
  /** Said to the user after inserting: why the code is where it is. */
  note?: string;
}

export type Placement =
  /** `returns`: the selection is (in) what the enclosing function returns. */
  | { ok: true; insertion: Insertion; enclosing?: EnclosingFunction; returns?: boolean }
  | { ok: false; message: string };

/** Which family of block syntax a VS Code language id has. */
function familyOf(languageId: string): { family: Family; lang: string } {
  const id = languageId.toLowerCase();
  if (id === 'r') return { family: 'braces', lang: 'r' };
  const c = canonicalLanguage(id);
  if (c === 'python') return { family: 'indent', lang: c };
  if (c === 'julia' || c === 'matlab') return { family: 'end', lang: c };
  if (['javascript', 'typescript', 'c', 'cpp', 'cuda-cpp', 'rust', 'go', 'java', 'csharp'].includes(c)) return { family: 'braces', lang: c };
  return { family: 'none', lang: c };
}

// ---- masking comments and strings -------------------------------------------------------------------

/** The text with comments and string contents replaced by spaces (newlines kept, same length). */
export function maskText(text: string, lang: string): string {
  const out = text.split('');
  const n = text.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const hash = lang === 'python' || lang === 'julia' || lang === 'r';
  const slash = !hash && lang !== 'matlab';
  let i = 0;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    // line comments
    if ((hash && c === '#' && !(lang === 'julia' && next === '=')) || (slash && c === '/' && next === '/') || (lang === 'matlab' && (c === '%' || c === '#') && next !== '{')) {
      let j = i;
      while (j < n && text[j] !== '\n') j++;
      blank(i, j);
      i = j;
      continue;
    }
    // MATLAB continuation: `...` and the rest of the line is a comment, the statement goes on
    if (lang === 'matlab' && c === '.' && next === '.' && text[i + 2] === '.') {
      let j = i + 3;
      while (j < n && text[j] !== '\n') j++;
      blank(i + 3, j);
      i = j;
      continue;
    }
    // block comments
    const block: [string, string] | undefined = slash && c === '/' && next === '*' ? ['/*', '*/']
      : lang === 'julia' && c === '#' && next === '=' ? ['#=', '=#']
        : lang === 'matlab' && c === '%' && next === '{' ? ['%{', '%}'] : undefined;
    if (block) {
      const end = text.indexOf(block[1], i + 2);
      const j = end < 0 ? n : end + 2;
      blank(i, j);
      i = j;
      continue;
    }
    // strings
    const triple = (lang === 'python' || lang === 'julia') && (c === '"' || c === "'") && next === c && text[i + 2] === c;
    if (triple) {
      const end = text.indexOf(c.repeat(3), i + 3);
      const j = end < 0 ? n : end + 3;
      blank(i + 1, j - 1);
      i = j;
      continue;
    }
    if (c === '"' || c === '`' && (lang === 'javascript' || lang === 'typescript' || lang === 'go') || (c === "'" && quoteIsString(text, i, lang))) {
      let j = i + 1;
      while (j < n && text[j] !== c && !(text[j] === '\n' && c !== '`')) j += text[j] === '\\' && lang !== 'matlab' ? 2 : 1;
      blank(i + 1, Math.min(j, n));
      i = Math.min(j + 1, n);
      continue;
    }
    i++;
  }
  return out.join('');
}

/** Is a ' at i a string or character quote (not a transpose, nor a Rust lifetime)? */
function quoteIsString(text: string, i: number, lang: string): boolean {
  if (lang === 'rust') return /^'(?:\\.[^']*|[^'\\\n])'/.test(text.slice(i, i + 12));
  if (lang === 'julia' || lang === 'matlab') {
    const prev = text[i - 1] ?? ' ';
    return !/[\w)\]}.'"]/.test(prev);
  }
  return true;
}

// ---- lines and statements ---------------------------------------------------------------------------

interface Doc {
  text: string;
  masked: string;
  lines: string[];
  /** Masked lines (no \r). */
  code: string[];
  starts: number[];
  family: Family;
  lang: string;
}

function readDoc(text: string, languageId: string): Doc {
  const { family, lang } = familyOf(languageId);
  const masked = maskText(text, lang);
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineText = (s: string, l: number) => s.slice(starts[l], l + 1 < starts.length ? starts[l + 1] - 1 : s.length).replace(/\r$/, '');
  return {
    text, masked, starts, family, lang,
    lines: starts.map((_s, l) => lineText(text, l)),
    code: starts.map((_s, l) => lineText(masked, l)),
  };
}

function lineOf(doc: Doc, offset: number): number {
  let lo = 0, hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}

const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];
const blankLine = (s: string): boolean => s.trim() === '';

/**
 * Bracket depth at the start of each line: () and [] (and {} in Python, where braces are data). Elsewhere a
 * `{` block starts afresh (a callback's body inside a call's brackets holds statements).
 */
function depths(doc: Doc): number[] {
  const out: number[] = [];
  let d = 0;
  const saved: number[] = []; // depth before each open block; -1 for a literal's brace
  const py = doc.family === 'indent';
  doc.code.forEach((line, l) => {
    out.push(d);
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '(' || c === '[' || (py && c === '{')) d++;
      else if ((c === ')' || c === ']' || (py && c === '}')) && d > 0) d--;
      else if (c === '{') {
        if (literalBrace(doc.masked, doc.starts[l] + i)) { saved.push(-1); d++; } else { saved.push(d); d = 0; }
      } else if (c === '}') {
        const b = saved.pop();
        d = b === undefined ? 0 : b < 0 ? Math.max(0, d - 1) : b;
      }
    }
  });
  return out;
}

/** Is the `{` at offset i an object / initialiser literal (after = ( , : [ ? return), not a block? */
function literalBrace(m: string, i: number): boolean {
  const before = m.slice(Math.max(0, i - 40), i).trimEnd();
  return /(?:[=(,:[?]|\breturn)$/.test(before) && !/=>$|[!<>=]=$/.test(before);
}

const CONTINUES = /(?:[-+*/^=<>(,[&|?:\\%]|\*\*|\.\.\.|\band|\bor|\bnot|\bin)\s*$/;
const STARTS_WITH_OPERATOR = /^\s*(?:[*/^?.]|&&|\|\||[-+](?![-+])|\bandalso\b)/;

/** The lines of the statement that line l belongs to (continuation lines and open brackets joined). */
function statementLines(doc: Doc, l: number, depth = depths(doc)): { first: number; last: number } {
  const n = doc.code.length;
  const semicolons = doc.family === 'braces';
  const ends = (k: number) => /[;{}]\s*$/.test(doc.code[k]);
  const continues = (k: number) => {
    const c = doc.code[k];
    if (doc.family === 'indent' && /:\s*$/.test(c)) return false; // a block header
    if (doc.family === 'braces' && ends(k)) return false;
    return CONTINUES.test(c) && !/(?:\+\+|--)\s*$/.test(c);
  };
  const opens = (k: number) => k < n && semicolons && STARTS_WITH_OPERATOR.test(doc.code[k]) && k > 0 && !ends(k - 1);
  let first = l;
  let last = l;
  const prevCode = (k: number) => {
    let j = k - 1;
    while (j >= 0 && blankLine(doc.code[j])) j--;
    return j;
  };
  for (;;) {
    const p = prevCode(first);
    if (p < 0) break;
    if (depth[first] > 0 || continues(p) || opens(first)) first = p;
    else break;
  }
  for (;;) {
    let q = last + 1;
    while (q < n && blankLine(doc.code[q])) q++;
    if (q >= n) break;
    if (depth[q] > 0 || continues(last) || opens(q)) last = q;
    else break;
  }
  return { first, last };
}

// ---- enclosing functions ----------------------------------------------------------------------------

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'else', 'do', 'try', 'finally', 'match', 'loop', 'unsafe', 'struct',
  'class', 'enum', 'impl', 'trait', 'interface', 'namespace', 'extern', 'union', 'mod', 'package', 'object', 'with', 'synchronized',
  'return', 'sizeof', 'typeof', 'foreach', 'using', 'lock', 'fixed', 'checked', 'select', 'go', 'defer', 'new', 'repeat', 'elif',
  'record', 'module']);

/** Splits at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

/** Parameter names from a parameter list's text (between the brackets), in order. */
export function parseParams(list: string, lang: string): string[] {
  const names: string[] = [];
  for (let p of splitTop(list.replace(/\s+/g, ' '))) {
    p = p.replace(/^(?:\.\.\.|\*\*?|&(?:mut\s+)?)/, '').trim();
    if (!p || p === '/' || p === '*' || p.startsWith('{') || p.startsWith('[')) continue;
    p = p.replace(/=.*$/, '').trim(); // defaults
    let name: string | undefined;
    if (/::/.test(p) && lang === 'julia') name = /^([A-Za-z_]\w*)/.exec(p)?.[1];
    else if (/(?<!:):(?!:)/.test(p)) name = /([A-Za-z_]\w*)\??\s*:(?!:)/.exec(p)?.[1]; // x: f64, mut x: f64, x?: number
    else if (typeFirst(lang as never)) name = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$/.exec(p)?.[1];
    else name = /^(?:mut\s+)?([A-Za-z_]\w*)/.exec(p)?.[1];
    if (!name || ['self', 'cls', 'this', 'mut', 'const', 'void'].includes(name)) continue;
    names.push(name);
  }
  return names;
}

/** The balanced bracket group starting at masked[open] (an opening bracket): its inner text and end offset. */
function group(masked: string, open: number): { inner: string; end: number } | undefined {
  const o = masked[open];
  const close = o === '(' ? ')' : o === '[' ? ']' : '}';
  let d = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === o) d++;
    else if (masked[i] === close && --d === 0) return { inner: masked.slice(open + 1, i), end: i };
  }
  return undefined;
}

function pythonFunctions(doc: Doc): EnclosingFunction[] {
  const out: EnclosingFunction[] = [];
  const blockEnd = (header: number, indent: number) => {
    // the header ends at its ':' outside brackets (it may span lines); code after it is a one-line body
    let d = 0;
    let colon = -1;
    for (let i = doc.starts[header]; i < doc.masked.length; i++) {
      const c = doc.masked[i];
      if ('([{'.includes(c)) d++;
      else if (')]}'.includes(c)) d--;
      else if (c === ':' && d === 0) { colon = i; break; }
    }
    if (colon < 0) return header;
    const h = lineOf(doc, colon);
    if (!blankLine(doc.code[h].slice(colon - doc.starts[h] + 1))) return h;
    let end = h;
    for (let l = h + 1; l < doc.code.length; l++) {
      if (blankLine(doc.code[l])) continue;
      if (indentOf(doc.lines[l]).length <= indent) break;
      end = l;
    }
    return end;
  };
  const classes: { header: number; end: number; indent: string }[] = [];
  doc.code.forEach((line, l) => {
    if (/^\s*class\s+\w+/.test(line)) classes.push({ header: l, end: blockEnd(l, indentOf(line).length), indent: indentOf(line) });
  });
  doc.code.forEach((line, l) => {
    const m = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(line);
    if (!m) return;
    const open = doc.starts[l] + m[0].length - 1;
    const g = group(doc.masked, open);
    const indent = indentOf(doc.lines[l]);
    const end = blockEnd(l, indent.length);
    // a method: the nearest enclosing block with less indentation is a class
    const owner = [...classes].reverse().find((c) => c.header < l && c.end >= end && c.indent.length < indent.length);
    const parentDef = out.filter((f) => f.header < l && f.end >= end && f.indent.length < indent.length).pop();
    const inClass = owner && (!parentDef || parentDef.header < owner.header) ? owner : undefined;
    out.push({ name: m[2], params: g ? parseParams(g.inner, 'python') : [], header: l, end, indent, ...(inClass ? { inClass } : {}) });
  });
  return out;
}

function braceFunctions(doc: Doc): EnclosingFunction[] {
  const out: EnclosingFunction[] = [];
  const m = doc.masked;
  // open braces: offset, or -1 for a brace of a literal inside brackets ({ p } destructuring, { a: 1 } arguments)
  const stack: number[] = [];
  let parens = 0;
  let lastStop = 0; // just after the last ; { } seen outside brackets
  const headers = new Map<number, number>(); // open brace → header start
  for (let i = 0; i < m.length; i++) {
    const c = m[i];
    if (c === '(' || c === '[') parens++;
    else if ((c === ')' || c === ']') && parens > 0) parens--;
    else if (c === '{') {
      // inside brackets only a callback's body is a block: (x) => { … }, function (x) { … }
      const block = parens === 0 ? !literalBrace(m, i) : /(?:=>|\))\s*$/.test(m.slice(Math.max(0, i - 200), i));
      if (block) headers.set(i, parens === 0 ? lastStop : blockHeadStart(m, i));
      stack.push(block ? i : -1);
      if (block) lastStop = i + 1;
    } else if (c === '}') {
      const open = stack.pop();
      if (open === undefined || open < 0) continue;
      lastStop = i + 1;
      const f = braceFunction(doc, headers.get(open)!, open, i);
      if (f) out.push(f);
    } else if (c === ';' && parens === 0) lastStop = i + 1;
  }
  return out.sort((a, b) => a.header - b.header);
}

/** Where a callback's header starts inside an argument list: after the `(` or `,` that precedes it. */
function blockHeadStart(m: string, open: number): number {
  let d = 0;
  for (let i = open - 1; i >= 0; i--) {
    const c = m[i];
    if (c === ')' || c === ']' || c === '}') d++;
    else if (c === '(' || c === '[' || c === '{') {
      if (d === 0) return i + 1;
      d--;
    } else if (c === ',' && d === 0) return i + 1;
  }
  return 0;
}

/** The function a `{ … }` block belongs to, from the header text before it; undefined for other blocks. */
function braceFunction(doc: Doc, from: number, open: number, close: number): EnclosingFunction | undefined {
  // preprocessor lines and attributes are not part of the header
  let start = from;
  let head = doc.masked.slice(from, open);
  const lines = head.split('\n');
  let skip = 0;
  for (const line of lines.slice(0, -1)) {
    if (blankLine(line) || /^\s*(?:#|@|\[\[|#\[|package\b|import\b|using\b|use\b|library\()/.test(line)) skip += line.length + 1;
    else break;
  }
  start += skip;
  head = head.slice(skip);
  while (start < open && /\s/.test(doc.masked[start])) start++;
  head = doc.masked.slice(start, open);
  if (!head.trim()) return undefined;
  const lang = doc.lang;
  const first = /^[A-Za-z_]\w*/.exec(head.trim())?.[0];
  let name: string | undefined;
  let paramsAt = -1;
  const arrow = head.lastIndexOf('=>');
  if (arrow >= 0 && /=>\s*$/.test(head)) {
    // (x, y) => {   x => {   const f = (x) => {
    const before = head.slice(0, arrow).trimEnd();
    if (before.endsWith(')')) {
      let d = 0;
      for (let i = before.length - 1; i >= 0; i--) {
        if (before[i] === ')') d++;
        else if (before[i] === '(' && --d === 0) { paramsAt = start + i; break; }
      }
    } else {
      const single = /([A-Za-z_$][\w$]*)$/.exec(before)?.[1];
      if (single) return finish(doc, start, close, /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/.exec(before)?.[1], [single]);
    }
    name = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=/.exec(before)?.[1] ?? /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s*)?\(?[^()]*$/.exec(before.slice(0, Math.max(0, paramsAt - start)))?.[1];
  } else if (first && CONTROL.has(first) && !(lang === 'go' && first === 'func')) {
    return undefined;
  } else if (lang === 'r') {
    const k = /\bfunction\s*\(/.exec(head);
    if (!k) return undefined;
    paramsAt = start + k.index + k[0].length - 1;
    name = /([A-Za-z_.][\w.]*)\s*(?:<-|=)\s*function\s*\($/.exec(head.slice(0, k.index + k[0].length))?.[1];
  } else {
    // the first `name(` (or `function(` / `func(`) that is not a keyword; Go skips a method's receiver
    const re = /([A-Za-z_$][\w$]*)\s*(?:<[^<>(){};]*>)?\s*\(/g;
    let k: RegExpExecArray | null;
    while ((k = re.exec(head))) {
      const word = k[1];
      if (CONTROL.has(word) && word !== 'func') return undefined;
      if (lang === 'go' && word === 'func') {
        const g = group(doc.masked, start + k.index + k[0].length - 1);
        if (!g) return undefined;
        const rest = doc.masked.slice(g.end + 1, open);
        const named = /^\s*([A-Za-z_]\w*)\s*\(/.exec(rest);
        if (/^\s*\(/.test(rest) === false && !named) { paramsAt = start + k.index + k[0].length - 1; break; } // func literal
        if (named) { name = named[1]; paramsAt = g.end + 1 + named[0].length - 1; break; }
        // func (r T) Name(…)
        const afterRecv = /^\s*\([^)]*\)\s*([A-Za-z_]\w*)\s*\(/.exec(doc.masked.slice(start + k.index + k[0].length - 1, open));
        if (afterRecv) { name = afterRecv[1]; paramsAt = start + k.index + k[0].length - 1 + afterRecv[0].length - 1; }
        break;
      }
      if (word === 'function' || word === 'fn') {
        paramsAt = start + k.index + k[0].length - 1;
        name = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?function/.exec(head)?.[1];
        break;
      }
      name = word;
      paramsAt = start + k.index + k[0].length - 1;
      break;
    }
    if (paramsAt < 0) return undefined;
    // what follows the parameters must be a return type, qualifiers or nothing (not an operator: `if (…) x = {`)
    const g = group(doc.masked, paramsAt);
    if (!g) return undefined;
    const tail = doc.masked.slice(g.end + 1, open);
    if (/[=;]/.test(tail.replace(/->|=>/g, ''))) return undefined;
    // the name: a word before the parameters that is a declaration (`double f(`, `function f(`, `fn f(`, `f(` method)
    const before = doc.masked.slice(start, paramsAt);
    if (/\bnew\s+\S*$|\.\s*[A-Za-z_$][\w$]*\s*$/.test(before)) return undefined; // a call: new X(…) {, obj.m(…) {
    if (lang !== 'javascript' && lang !== 'typescript' && lang !== 'go' && !/\b(?:fn|function)\s*$/.test(before.replace(/<[^<>]*>\s*$/, '').replace(/[A-Za-z_$][\w$]*\s*$/, '')) && typeFirst(lang as never)) {
      // C, C++, Java, C#: a type before the name
      if (!/[\w>*&\]]\s+[A-Za-z_~$][\w$:]*\s*(?:<[^<>]*>)?\s*$/.test(before) && !/::/.test(before)) return undefined;
    }
    if (lang === 'rust' && !/\bfn\b/.test(before)) return undefined;
    if (lang === 'go' && !/\bfunc\b/.test(before)) return undefined;
  }
  if (paramsAt < 0) return undefined;
  const g = group(doc.masked, paramsAt);
  if (!g || g.end >= open) return undefined;
  const params = parseParams(g.inner, lang === 'cuda-cpp' ? 'cpp' : lang);
  if (lang === 'go') {
    // x, y float64: names first; a group of types only (func(float64) …) has no names
    const parts = splitTop(g.inner);
    const names = parts.map((p) => /^([A-Za-z_]\w*)/.exec(p)?.[1]).filter((x): x is string => !!x);
    return finish(doc, start, close, name, names);
  }
  return finish(doc, start, close, name, params);
}

function finish(doc: Doc, start: number, close: number, name: string | undefined, params: string[]): EnclosingFunction {
  const header = lineOf(doc, start);
  return { ...(name ? { name } : {}), params, header, end: lineOf(doc, close), indent: indentOf(doc.lines[header]) };
}

function endFunctions(doc: Doc): EnclosingFunction[] {
  const out: EnclosingFunction[] = [];
  const n = doc.code.length;
  // keyword depth changes per line, skipping words inside brackets (x(end), a[end])
  const delta = doc.code.map((line) => {
    let d = 0;
    let br = 0;
    const re = /[()[\]{}]|\b(?:end|function|if|for|while|begin|let|do|try|struct|module|baremodule|macro|quote|switch|parfor|spmd|classdef|methods|properties|events|enumeration|unwind_protect)\b/g;
    let k: RegExpExecArray | null;
    while ((k = re.exec(line))) {
      const w = k[0];
      if ('([{'.includes(w)) br++;
      else if (')]}'.includes(w)) br = Math.max(0, br - 1);
      else if (br === 0) {
        if (w === 'end') d--;
        else if (!(w === 'struct' && /\bmutable\s+$/.test(line.slice(0, k.index)))) d++;
      }
    }
    return d;
  });
  for (let l = 0; l < n; l++) {
    const line = doc.code[l];
    const long = /^(\s*)function\b\s*(?:\[[^\]]*\]\s*=\s*|[A-Za-z_]\w*\s*=\s*)?([A-Za-z_][\w.!]*)\s*(?=\(|$|;)/.exec(line);
    const short = doc.lang === 'julia' ? /^(\s*)([A-Za-z_][\w!]*)\s*\(/.exec(line) : null;
    if (long) {
      const paren = doc.starts[l] + long[0].length;
      const g = doc.masked[paren] === '(' ? group(doc.masked, paren) : undefined;
      let d = 0;
      let end = -1;
      for (let k = l; k < n; k++) {
        d += delta[k];
        if (d <= 0) { end = k; break; }
      }
      if (end < 0) {
        // MATLAB function files may leave functions without `end`: up to the next function at this indent
        end = n - 1;
        for (let k = l + 1; k < n; k++) if (new RegExp(`^${long[1]}function\\b`).test(doc.code[k])) { end = k - 1; break; }
        while (end > l && blankLine(doc.code[end])) end--;
      }
      out.push({ name: long[2], params: g ? parseParams(g.inner, doc.lang) : [], header: l, end, indent: indentOf(doc.lines[l]) });
    } else if (short) {
      const paren = doc.starts[l] + short[0].length - 1;
      const g = group(doc.masked, paren);
      if (!g || !/^\s*(?:::[^=]*)?(?:where\b[^=]*)?=(?!=)/.test(doc.masked.slice(g.end + 1))) continue;
      const last = statementLines(doc, l).last;
      out.push({ name: short[2], params: parseParams(g.inner, 'julia'), header: l, end: last, indent: indentOf(doc.lines[l]) });
    }
  }
  return out;
}

/** Every function definition in the document, outermost first. */
export function functionsIn(text: string, languageId: string): EnclosingFunction[] {
  const doc = readDoc(text, languageId);
  return functionsOf(doc);
}

function functionsOf(doc: Doc): EnclosingFunction[] {
  switch (doc.family) {
    case 'indent': return pythonFunctions(doc);
    case 'braces': return braceFunctions(doc);
    case 'end': return endFunctions(doc);
    default: return [];
  }
}

/** The innermost function whose lines contain `line` (a selected header line counts as inside). */
export function enclosingFunction(text: string, languageId: string, line: number): EnclosingFunction | undefined {
  return innermost(functionsOf(readDoc(text, languageId)), line);
}

function innermost(fns: EnclosingFunction[], line: number): EnclosingFunction | undefined {
  let best: EnclosingFunction | undefined;
  for (const f of fns) if (f.header <= line && line <= f.end && (!best || f.header >= best.header)) best = f;
  return best;
}

// ---- placement --------------------------------------------------------------------------------------

const RETURNS = /^(?:return|yield|raise|throw)\b/;
const HEADERS = /^(?:if|while|for|foreach|switch|match|with|assert|case|until|unless|elseif)\b|^}\s*(?:else|while)\b/;
const CHAIN = /^(?:elif|else\s+if|elseif|else|catch|except|finally)\b|^}\s*(?:else|catch|finally)\b/;

/**
 * Where code generated from the selection [selStart, selEnd) goes (offsets into `text`): the statements form
 * stays in the selection's scope, the function form goes beside the enclosing function.
 */
export function placeCode(text: string, languageId: string, selStart: number, selEnd: number, form: 'statements' | 'function'): Placement {
  const doc = readDoc(text, languageId);
  // the selection without surrounding whitespace
  let s = selStart;
  let e = selEnd;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s >= e) return { ok: false, message: t('The selection is empty.') };
  const firstLine = lineOf(doc, s);
  const lastLine = lineOf(doc, e - 1);
  const after = (line: number, indent: string, note?: string): Placement => ({ ok: true, insertion: { line, where: 'after', indent, ...(note ? { note } : {}) } });

  if (doc.family === 'none') return after(lastLine, indentOf(doc.lines[firstLine]));

  const fns = functionsOf(doc);
  const depth = depths(doc);
  const st = statementLines(doc, lastLine, depth);
  const indent = indentOf(doc.lines[st.first]);
  const stmtCode = doc.code.slice(st.first, st.last + 1).join('\n').trim();
  const head = stmtCode.replace(/^(?:(?:export|async|pub|public|private|protected|static|local|const|let|var|final)\s+)*/, '');
  const enclosing = innermost(fns, firstLine);
  let next = st.last + 1;
  while (next < doc.code.length && blankLine(doc.code[next])) next++;
  const closes = next >= doc.code.length ? false : doc.lang === 'julia' || doc.lang === 'matlab' ? /^\s*end\b/.test(doc.code[next]) : /^\s*}/.test(doc.code[next]);
  /** The statement is the enclosing function's last, before its end (Julia, Rust, R return its value). */
  const tail = closes && !!enclosing && enclosing.end === next;
  const returns = RETURNS.test(head) || (tail && (doc.lang === 'julia' || doc.lang === 'r' || (doc.lang === 'rust' && !/;\s*$/.test(stmtCode))));
  if (form === 'function') {
    // A function inside the selection (the user selected a whole definition): after it.
    const selected = fns.filter((f) => f.header >= firstLine && f.header <= lastLine).sort((a, b) => a.header - b.header)[0];
    if (selected && (!enclosing || enclosing === selected || enclosing.header < selected.header)) {
      return { ok: true, insertion: { line: Math.max(selected.end, lastLine), where: 'after', indent: selected.indent }, enclosing: selected, returns: true };
    }
    if (enclosing) {
      if (enclosing.inClass) {
        return {
          ok: true, enclosing, returns,
          insertion: { line: enclosing.inClass.end, where: 'after', indent: enclosing.inClass.indent, note: enclosing.name === undefined ? t('The enclosing function is a method: the gradient function goes after its class, as a plain function.') : t('{0} is a method: the gradient function goes after its class, as a plain function.', enclosing.name) },
        };
      }
      return { ok: true, insertion: { line: enclosing.end, where: 'after', indent: enclosing.indent }, enclosing, returns };
    }
    return after(st.last, indentOf(doc.lines[statementLines(doc, firstLine, depth).first]));
  }

  // statements: around the statement that holds the end of the selection
  const stFirst = statementLines(doc, firstLine, depth).first;
  const stmtStart = doc.starts[st.first] + indent.length;
  // part of a statement (an expression in it), not whole statements
  const lastEnd = doc.starts[st.last] + doc.code[st.last].length;
  const inside = s > doc.starts[stFirst] + indentOf(doc.lines[stFirst]).length || /[^;\s]/.test(doc.masked.slice(e, lastEnd));
  const oneLiner = (): string | undefined => {
    const beforeSel = doc.masked.slice(stmtStart, s);
    if (/^\s*(?:(?:async\s+)?def|function|fn|func|lambda|class)\b/.test(beforeSel) || (enclosing && enclosing.header === st.first && enclosing.header === lineOf(doc, s))) return t('a one-line function');
    const blockBrace = [...beforeSel.matchAll(/\{/g)].some((k) => !literalBrace(doc.masked, stmtStart + k.index));
    if (/=>/.test(beforeSel) || (doc.family === 'braces' && blockBrace)) return t('a one-line function or block');
    if (doc.family === 'indent' && /^(?:if|elif|else|for|while|with|try|except)\b[^\n]*:\s*\S/.test(stmtCode) && /:/.test(beforeSel)) return t('a one-line block');
    return undefined;
  };
  const oneLine = oneLiner();
  if (oneLine) {
    return { ok: false, message: t('The selection is inside {0}: gradient statements need a line of their own there. Put the body on its own line, or use Insert Gradient Function.', oneLine) };
  }
  if (CHAIN.test(head)) {
    return { ok: false, message: t('The selection is in an else-if (or similar) clause: no statement can go before it without breaking the chain. Use Insert Gradient Function, or move the expression into a variable.') };
  }
  const before = (why?: string): Placement => ({ ok: true, insertion: { line: st.first, where: 'before', indent, ...(why ? { note: why } : {}) } });
  // after a return the code would never run; a block header's expression is evaluated before its body
  if (RETURNS.test(head) || HEADERS.test(head)) return before();
  // a function's last expression is its value in Julia, Rust and R
  const implicit = (doc.lang === 'julia' || doc.lang === 'rust' || doc.lang === 'r') && tail;
  const assigned = /^(?:(?:let\s+(?:mut\s+)?)|(?:[A-Za-z_][\w<>:,\s*&]*\s+))?([A-Za-z_][\w.]*)\s*(?::[^=]*)?(?:[-+*/]?=|<-|:=)(?!=)/.exec(head);
  if (implicit) {
    if (doc.lang === 'rust' && !/;\s*$/.test(stmtCode)) return before(); // the tail expression is the return value
    if (doc.lang !== 'rust') {
      if (assigned && !inside) return { ok: true, insertion: { line: st.last, where: 'after', indent, trailer: assigned[1], note: t('The function returns its last value: {0} is repeated after the code.', assigned[1]) } };
      return before();
    }
  }
  if (inside && assigned) {
    const selected = text.slice(s, e);
    if (new RegExp(`(^|[^\\w.])${assigned[1].replace(/\./g, '\\.')}(?![\\w])`).test(selected)) {
      return before(t('The code goes before the statement: it assigns {0}, which the selection reads.', assigned[1]));
    }
  }
  return after(st.last, indent);
}
