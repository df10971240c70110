/**
 * What to inspect in a document: the engine language for a VS Code language id, size limits, the numeric
 * assignments a document makes (for "point from document"), and whether a line is an assignment (hover
 * `always` mode). Pure: no vscode import.
 */
import { mulberry32 } from '../core/random';
import { t } from './l10n';

/** Languages the front ends read (VS Code ids); hovers in `always` mode only look at these. */
const SUPPORTED = new Set([
  'python', 'jupyter', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'c', 'cpp', 'cuda', 'cuda-cpp',
  'java', 'csharp', 'go', 'rust', 'julia', 'matlab', 'octave', 'latex', 'tex', 'markdown', 'plaintext', 'dx',
]);

export function isSupportedLanguage(languageId: string): boolean {
  return SUPPORTED.has(languageId);
}

/**
 * The engine language for a VS Code language id. The front ends take VS Code ids themselves (and detect the
 * language of plain text), so the id passes through; an empty id means "detect".
 */
export function engineLanguage(languageId: string): string {
  return languageId || 'auto';
}

export interface SizeLimits {
  maxChars: number;
  maxLines: number;
}

/** A message when `text` is too big to inspect on every selection change, else undefined. */
export function sizeProblem(text: string, limits: SizeLimits): string | undefined {
  if (text.length > limits.maxChars) {
    return t('The selection has {0} characters; Partials inspects at most {1} (setting partials.limits.maxSelectionChars).', text.length, limits.maxChars);
  }
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  if (lines > limits.maxLines) {
    return t('The selection has {0} lines; Partials inspects at most {1} (setting partials.limits.maxSelectionLines).', lines, limits.maxLines);
  }
  return undefined;
}

/** True when a line looks like `name = expression` (not `==`, not a declaration without a value). */
export function isAssignmentLine(line: string): boolean {
  const t = line.trim();
  if (!t || /^(#|\/\/|%|\/\*|\*)/.test(t)) return false;
  return /^(?:(?:let|const|var|auto|double|float|int|long|real|static|final|mut)\s+)*[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?::\s*[\w.[\], ]+\s*)?(?:[-+*/]?=|<-|:=)(?!=)\s*\S/.test(t);
}

/** The engine's deterministic generator, so "randomise" is reproducible in tests. */
export const seededRandom = mulberry32;

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
