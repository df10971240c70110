/**
 * Worst cases inside the extension's default selection limits (20 000 characters, 400 lines): how long one
 * `inspect` takes and how much text it returns, as the inspector asks it (`forms: 'auto'`, the engine's
 * inspectView: compact forms when the self-contained ones would pass VIEW_FORMS_BUDGET) and self-contained (the
 * CLI's forms), and every stage the inspector runs after it end to end (graph, checks, code: inspectorStages).
 * Each case runs in its own process, stopped at a cap.
 *
 *   node --import tsx bench/limits.ts <case>     prints one JSON line (used by bench/run.ts)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from '../src/core';
import { createEngine, VIEW_CODE_CHARS, VIEW_FORMS_BUDGET } from '../src/extension/engine/adapter';
import type { InspectRequest } from '../src/core/api';
import { settingsFrom } from '../src/extension/settings';

/**
 * The stages the inspector runs after a selection (pipeline.ts: inspectView, graphModel, check with the step-size study of
 * the first partial, code), on a fresh engine as the worker has it, each timed; a stage's refusal is a note.
 */
function inspectorStages(req: InspectRequest): { stages: Record<string, number>; ms: number; peakMB: number; notes: string[] } {
  const engine = createEngine();
  const notes: string[] = [];
  const stages: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T | undefined => {
    const t = performance.now();
    try {
      return f();
    } catch (e) {
      const m = (e as Error).message;
      notes.push(`${name}: ${m.length > 90 ? `${m.slice(0, 89)}…` : m}`);
      return undefined;
    } finally {
      stages[name] = performance.now() - t;
    }
  };
  const r = timed('view', () => engine.inspectView(req));
  const g = timed('graph', () => engine.graphModel(req, undefined, { outputs: r?.outputs ?? [], direction: 'RIGHT', collapseThreshold: settingsFrom(() => undefined).collapseThreshold }));
  if (g?.truncated) notes.push(`graph: ${g.truncated.shown} of ${g.truncated.nodes} nodes`);
  const first = r?.partials[0];
  const c = timed('check', () => engine.check(req, { atol: 1e-5, rtol: 1e-3, ...(first ? { sweep: { of: first.of, wrt: first.wrt } } : {}) }));
  if (c?.checks.unchecked && r) notes.push(`checks: ${r.partials.length - c.checks.unchecked} of ${r.partials.length} partials checked`);
  timed('code', () => engine.code(req, { target: 'python', style: 'closed', form: 'statements', maxChars: VIEW_CODE_CHARS }));
  const ms = Object.values(stages).reduce((a, b) => a + b, 0);
  return { stages, ms, peakMB: Math.round(process.resourceUsage().maxRSS / 1024), notes };
}

const names = (n: number, p = 'x') => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);

export const LIMIT_CASES: Record<string, { what: string; language?: string; source: () => string }> = {
  softmax: { what: 'softmax cross-entropy, 1 500 logits', source: () => `log(${names(1500).map((x) => `exp(${x})`).join(' + ')}) - x1` },
  max: { what: 'max of 2 800 variables', source: () => `max(${names(2800).join(', ')})` },
  product: { what: 'product of 3 300 variables', source: () => names(3300).join('*') },
  rosenbrock: { what: 'Rosenbrock, 500 variables', source: () => { const v = names(500); return v.slice(0, -1).map((x, i) => `100*(${v[i + 1]} - ${x}^2)^2 + (1 - ${x})^2`).join(' + '); } },
  chain: { what: '400-line chain h = tanh(w·h)', source: () => ['h0 = x', ...names(399, 'w').map((w, i) => `h${i + 1} = tanh(${w}*h${i})`)].join('\n') },
  latex: { what: '19 990 LaTeX letters `$xx…x$`', language: 'latex', source: () => `$${'x'.repeat(19_990)}$` },
};

export interface LimitResult {
  name: string;
  what: string;
  chars: number;
  lines: number;
  status: 'ok' | 'timeout' | 'error';
  ms?: number;
  outputChars?: number;
  /** As the inspector asks it (forms: 'auto'): time, characters of the partials' forms, and which forms. */
  viewMs?: number;
  viewChars?: number;
  viewForms?: string;
  /**
   * Every stage the inspector runs after a selection, as the worker runs them (the engine's inspectView, graph,
   * check with the step-size study, code): each stage's time, their sum, and the process's peak resident memory.
   */
  stages?: { view: number; graph: number; check: number; code: number };
  stagesMs?: number;
  stagesPeakMB?: number;
  /** Notes the stages gave (graph truncated, checks capped, code refused) in short. */
  stagesNotes?: string[];
  capMs: number;
  message?: string;
}

/** Runs every case in a child process (so a runaway case cannot take the benchmark down with it). */
export function runLimitCases(capMs: number): LimitResult[] {
  return Object.entries(LIMIT_CASES).map(([name, c]) => {
    const src = c.source();
    const base = { name, what: c.what, chars: src.length, lines: src.split('\n').length, capMs };
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', join(__dirname, 'limits.ts'), name],
      { encoding: 'utf8', timeout: capMs, cwd: join(__dirname, '..') });
    // the view's measurement, then every stage's, then the self-contained one (which may hit the cap)
    const lines = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{'));
    let view: Partial<LimitResult> = {};
    try {
      const v = JSON.parse(lines[0]) as { ms: number; outputChars: number; forms: string };
      view = { viewMs: v.ms, viewChars: v.outputChars, viewForms: v.forms };
      const st = JSON.parse(lines[1]) as { stages: LimitResult['stages']; ms: number; peakMB: number; notes: string[] };
      view = { ...view, stages: st.stages, stagesMs: st.ms, stagesPeakMB: st.peakMB, stagesNotes: st.notes };
    } catch {
      // no view or stages line: the case failed before it
    }
    if (r.error && /ETIMEDOUT/.test(String((r.error as NodeJS.ErrnoException).code))) return { ...base, ...view, status: 'timeout' };
    try {
      const out = JSON.parse(lines[2]) as { ms: number; outputChars: number };
      return { ...base, ...view, status: 'ok', ms: out.ms, outputChars: out.outputChars };
    } catch {
      return { ...base, status: r.signal ? 'timeout' : 'error', message: (r.stderr || `exit ${r.status}`).split('\n').find((l) => /Error|heap/.test(l)) ?? `exit ${r.status}` };
    }
  });
}

if (require.main === module) {
  const c = LIMIT_CASES[process.argv[2]];
  if (!c) throw new Error(`unknown case ${process.argv[2]}`);
  const source = c.source();
  inspect({ source: 'x^2' }); // load and warm the engine first
  const chars = (r: ReturnType<typeof inspect>) => r.partials.reduce((n, p) => n + p.expr.length + p.latex.length + p.text.length, 0);
  const language = c.language ?? 'math';
  const t1 = performance.now();
  const v = inspect({ source, language, forms: 'auto', formsBudget: VIEW_FORMS_BUDGET });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t1, outputChars: chars(v), forms: v.forms ?? 'self-contained' }) + '\n');
  process.stdout.write(JSON.stringify(inspectorStages({ source, language })) + '\n');
  const t0 = performance.now();
  const r = inspect({ source, language });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, outputChars: chars(r) }) + '\n');
}
