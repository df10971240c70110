/**
 * What to inspect in a document: the engine language for a VS Code language id, size limits, the numeric
 * assignments a document makes (for "point from document"), and whether a line is an assignment (hover
 * `always` mode). Pure: no vscode import.
 */

/** VS Code language id → engine front-end language. Unknown ids are read as plain math. */
const LANGUAGE_MAP: Record<string, string> = {
  python: 'python', jupyter: 'python',
  javascript: 'javascript', javascriptreact: 'javascript', typescript: 'javascript', typescriptreact: 'javascript',
  c: 'c', cpp: 'c', cuda: 'c', 'cuda-cpp': 'c', java: 'c', csharp: 'c', go: 'c', rust: 'c',
  latex: 'latex', tex: 'latex', markdown: 'latex',
  julia: 'julia', matlab: 'matlab', octave: 'matlab',
};

/** Languages whose assignment lines get hovers in `always` mode. */
export function isSupportedLanguage(languageId: string): boolean {
  return languageId in LANGUAGE_MAP || languageId === 'plaintext';
}

/** The engine language for `languageId` (the engine's front end reads it, or falls back to plain math). */
export function engineLanguage(languageId: string): string {
  return LANGUAGE_MAP[languageId] ?? 'math';
}

export interface SizeLimits {
  maxChars: number;
  maxLines: number;
}

/** A message when `text` is too big to inspect on every selection change, else undefined. */
export function sizeProblem(text: string, limits: SizeLimits): string | undefined {
  if (text.length > limits.maxChars) {
    return `The selection has ${text.length} characters; Partials inspects at most ${limits.maxChars} ` +
      '(setting partials.limits.maxSelectionChars).';
  }
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  if (lines > limits.maxLines) {
    return `The selection has ${lines} lines; Partials inspects at most ${limits.maxLines} (setting partials.limits.maxSelectionLines).`;
  }
  return undefined;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
/** `x = 1.5`, `let x = 2`, `const double x = 3.0;`, `x: float = 4`, `x <- 5`, `\def\x{...}` is not attempted. */
const ASSIGN_NUMBER = new RegExp(
  String.raw`^\s*(?:(?:let|const|var|val|auto|double|float|int|long|f64|f32|real|static|final|mut)\s+)*` +
  String.raw`([A-Za-z_][A-Za-z_0-9]*)\s*(?::\s*[A-Za-z_][\w.]*\s*)?(?:=|<-|:=)\s*(${NUMBER})[fFlLdD]?\s*;?\s*(?:(?:#|//|%).*)?$`,
);

/**
 * Numeric values a document assigns to names, scanning lines before `beforeLine` (0-based, exclusive) so the
 * value in force at the selection wins (the last assignment above it).
 */
export function documentAssignments(text: string, beforeLine = Number.MAX_SAFE_INTEGER): Record<string, number> {
  const out: Record<string, number> = {};
  const lines = text.split(/\r?\n/);
  const end = Math.min(lines.length, beforeLine);
  for (let i = 0; i < end; i++) {
    // `x = 2.0; y = 1` assigns twice on one line.
    for (const stmt of lines[i].split(';')) {
      const m = ASSIGN_NUMBER.exec(stmt);
      if (!m) continue;
      const v = Number(m[2]);
      if (Number.isFinite(v)) out[m[1]] = v;
    }
  }
  return out;
}

/** True when a line looks like `name = expression` (not `==`, not a declaration without a value). */
export function isAssignmentLine(line: string): boolean {
  const t = line.trim();
  if (!t || /^(#|\/\/|%|\/\*|\*)/.test(t)) return false;
  return /^(?:(?:let|const|var|auto|double|float|int|long|real|static|final|mut)\s+)*[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?::\s*[\w.[\], ]+\s*)?(?:[-+*/]?=|<-|:=)(?!=)\s*\S/.test(t);
}

/** Deterministic pseudo-random generator (mulberry32) so "randomise" is reproducible in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random point: values in ±[0.25, 2] rounded to 3 decimals; `positive` retries stay inside log/sqrt domains. */
export function randomPoint(names: readonly string[], rand: () => number, positive = false): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const mag = 0.25 + 1.75 * rand();
    const sign = positive || rand() < 0.5 ? 1 : -1;
    out[n] = Math.round(sign * mag * 1000) / 1000;
  }
  return out;
}
