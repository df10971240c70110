/**
 * "Responsiveness in a real VS Code": the numbers test/e2e/responsiveness.e2e.ts measures in code-server +
 * Chromium (it writes test-results/responsiveness.json), as a section of docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceDocSection } from './sections';

export const RESULTS_FILE = join(__dirname, '..', 'test-results', 'responsiveness.json');
export const SECTION_TITLE = '## Responsiveness in a real VS Code';

interface Stat { n: number; p50: number | null; p95: number | null; budget: number; samples: number[] }

export interface ResponsivenessData {
  generated: string;
  commit: string;
  machine: string;
  margin: number;
  /** The margin each row was asserted with (2×, scaled by the load per core). */
  margins?: Record<string, number>;
  reps: number;
  coldReps: number;
  hoverDelayMs: number;
  /** The quiet moment after the previous result settled, before each warm repetition (absent: measured back to back). */
  quietMs?: number;
  /** From the palette row shown to Enter (responsiveness.e2e.ts PALETTE_READ_MS). */
  paletteReadMs?: number;
  /** 1-minute load average at the end of each measurement. */
  load?: Record<string, number>;
  stats: Record<string, Stat>;
  steps: Record<string, Record<string, number | null>>;
}

export function loadResponsiveness(file = RESULTS_FILE): ResponsivenessData | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as ResponsivenessData;
    return d && typeof d === 'object' && d.stats ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Builds, then runs the e2e measurement (code-server + Chromium); returns whether it passed. */
export function runResponsivenessE2e(): boolean {
  const root = join(__dirname, '..');
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return false;
  const r = spawnSync('node', ['scripts/vscode/run-e2e.mjs', 'test/e2e/responsiveness.e2e.ts'], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

const ROWS: Array<[string, string]> = [
  ['inspectKey', 'Inspect by keybinding (Ctrl+K Ctrl+G) → partials painted'],
  ['inspectPalette', 'Inspect from the command palette (Enter) → partials painted'],
  ['live', 'Live update: debounce fired → partials painted'],
  ['hover', 'Hover: mouse at rest + hover delay → hover shown'],
  ['cold', 'Cold first Inspect after activation (fresh window, JavaScript file, sidebar closed)'],
  ['coldOpen', 'Cold first Inspect in a fresh window that restores the inspector open (JavaScript file)'],
  ['inspectKeyBackToBack', 'Inspect by keybinding, back to back (not a budget row: each right after the previous partials were painted, its graph, checks and code still running)'],
];

const ms = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${Math.round(v)}`);

export function responsivenessMarkdown(d: ResponsivenessData | undefined): string {
  const out: string[] = [SECTION_TITLE, ''];
  if (!d) {
    out.push('Not measured in this run: `npm run bench -- --e2e` runs test/e2e/responsiveness.e2e.ts in code-server first ' +
      '(or run it with `node scripts/vscode/run-e2e.mjs test/e2e/responsiveness.e2e.ts`; it writes test-results/responsiveness.json).', '');
    return out.join('\n');
  }
  out.push(`Measured by \`test/e2e/responsiveness.e2e.ts\` in code-server + Chromium on ${d.machine}, commit ${d.commit || '?'}, ` +
    `${d.generated.replace('T', ' ').slice(0, 16)} UTC. A warm window, ${d.reps} repetitions per row after one unmeasured ` +
    `(the cold row: ${d.coldReps} fresh windows), each on a different selection so no cache answers it: a logistic loss of ` +
    'one example (4 partials) for the inspector, a Gaussian density (3 partials) for the hover. ' +
    (d.quietMs !== undefined
      ? 'Each warm repetition starts after the previous one has settled (its final model painted, every section built, ' +
        `its graph laid out and drawn, then ${d.quietMs} ms with nothing new), as a user selects and presses a key again only ` +
        'after the result is there; the back-to-back row measures the keybinding without that wait (each Inspect as soon as ' +
        'the previous partials were painted, competing with the previous result\'s graph, checks and code: how the warm rows ' +
        'were measured before). '
      : 'Each warm repetition starts as soon as the previous partials were painted (back to back). ') +
    (d.paletteReadMs ? `From the palette, Enter is pressed ${d.paletteReadMs} ms after the command's row is shown (a person reads it first; ` +
      'pressed at once, Enter landed while the quick input was still filtering what had just been typed). ' : '') +
    'Times run from the key ' +
    `press (or the live update's debounce firing, or the mouse coming to rest minus the ${d.hoverDelayMs} ms hover delay) ` +
    'to the partials painted in the sidebar (the first frame after the webview built them) or the hover on screen; host ' +
    'and browser share this machine\'s clock. The e2e test notes a p95 past 2 × a budget, scaled up by the load per core ' +
    `(${d.margins ? Object.entries(d.margins).map(([k, v]) => `${k} ${v}×`).join(', ') : `${d.margin}×`}), and fails only past 20 × (a gross regression): this machine's 2 cores are shared with other jobs, and code-server, Chromium and the ` +
    'test driver compete with the extension host for them. The budgets are judged here, in the last column.' +
    (d.load && Object.keys(d.load).length ? ` Load average (1 min) when each row finished: ${Object.entries(d.load).map(([k, v]) => `${k} ${v}`).join(', ')}.` : ''), '');
  out.push('| Path | budget (p95) | p50 ms | p95 ms | n | p95 within budget |', '| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [key, label] of ROWS) {
    const s = d.stats[key];
    if (!s) continue;
    const m = d.margins?.[key] ?? d.margin;
    const ok = key === 'inspectKeyBackToBack' ? 'not judged' : s.p95 !== null && Number.isFinite(s.p95) ? (s.p95 <= s.budget ? '✓' : s.p95 <= m * s.budget ? `✗ (within ${m}× of it)` : '✗') : '—';
    out.push(`| ${label} | ≤ ${s.budget >= 1000 ? `${s.budget / 1000} s` : `${s.budget} ms`} | ${ms(s.p50)} | ${ms(s.p95)} | ${s.n} | ${ok} |`);
  }
  out.push('');
  const cols = Object.keys(d.steps).filter((k) => Object.values(d.steps[k]).some((v) => v !== null && Number.isFinite(v)));
  if (cols.length) {
    out.push('Where the time goes (medians; host timestamps travel with each model, the webview adds its own):', '');
    const names: Record<string, string> = { inspectKey: 'key', inspectPalette: 'palette', live: 'live', cold: 'cold', coldOpen: 'cold, view open', inspectKeyBackToBack: 'key, back to back' };
    out.push(`| Step | ${cols.map((c) => names[c] ?? c).join(' | ')} |`, `| --- | ${cols.map(() => '---:').join(' | ')} |`);
    const steps = Object.keys(d.steps[cols[0]]);
    for (const step of steps) {
      const cells = cols.map((c) => {
        const v = d.steps[c][step];
        if (v === null || v === undefined || !Number.isFinite(v)) return '—';
        return step.includes('share') ? `${Math.round(v * 100)} %` : ms(v);
      });
      if (cells.every((c) => c === '—')) continue;
      out.push(`| ${step} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Replaces (or appends) the section in an existing docs/benchmarks.md. */
export function replaceSection(doc: string, section: string): string {
  return replaceDocSection(doc, SECTION_TITLE, `${section}\n`);
}
