/** The machine, bundle sizes, extension activation time, and the generated-code benchmark (when present). */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, platform, release, totalmem, arch } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median } from './measure';

const ROOT = join(__dirname, '..');

export function machine(): string {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch { /* not a git checkout */ }
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${platform()} ${release()} ${arch()}, Node ${process.version}, commit ${commit}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzip: number;
  built: string;
}

export function bundleSizes(): BundleSize[] {
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist)) return [];
  return readdirSync(dist).filter((f) => f.endsWith('.js')).sort().map((f) => {
    const p = join(dist, f);
    const bytes = readFileSync(p);
    return { file: `dist/${f}`, bytes: bytes.length, gzip: gzipSync(bytes).length, built: statSync(p).mtime.toISOString().slice(0, 16).replace('T', ' ') };
  });
}

export type ActivationResult =
  | { status: 'ok'; loadMs: number; activateMs: number; runs: number; mathjsMs: number }
  | { status: 'unavailable'; reason: string };

/** require(dist/extension.js) + activate() with a stub `vscode`, each in a fresh Node process; medians. */
export function activation(runs: number): ActivationResult {
  const ext = join(ROOT, 'dist', 'extension.js');
  if (!existsSync(ext)) return { status: 'unavailable', reason: 'dist/extension.js is not built (npm run build)' };
  const load: number[] = [];
  const act: number[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      const out = execFileSync(process.execPath, [join(__dirname, 'activation-probe.mjs'), ext], { encoding: 'utf8', timeout: 30_000 });
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { ok: boolean; loadMs: number; activateMs: number; error?: string };
      if (!r.ok) return { status: 'unavailable', reason: `activate() with a stub vscode failed (${r.error}); measured by the end-to-end harness` };
      load.push(r.loadMs);
      act.push(r.activateMs);
    } catch (e) {
      return { status: 'unavailable', reason: `probe failed: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  // For scale: require('mathjs') alone in a fresh process (it creates every mathjs function at import).
  const mathjs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', "const t = performance.now(); require('mathjs'); process.stdout.write(String(performance.now() - t))"], { cwd: ROOT, encoding: 'utf8' });
    mathjs.push(Number(out));
  }
  return { status: 'ok', loadMs: median(load), activateMs: median(act), runs, mathjsMs: median(mathjs) };
}

/**
 * bench/codegen.ts (written separately) exports a function returning generated-JS timing ratios. It is optional:
 * the benchmark runs without it and says so.
 */
export interface CodegenSection {
  markdown: string;
  /** Worst value+gradient / f ratio per style (keys ending in "/ f"), when the rows say. */
  worst?: Record<string, number>;
}

export async function codegenSection(): Promise<CodegenSection> {
  if (!existsSync(join(__dirname, 'codegen.ts'))) return { markdown: '_bench/codegen.ts is not present: generated-code timings were not measured._\n' };
  try {
    const mod = (await import('./codegen' + '')) as Record<string, unknown>;
    const fn = (typeof mod.benchCodegen === 'function' ? mod.benchCodegen : Object.values(mod).find((v) => typeof v === 'function')) as (() => unknown) | undefined;
    if (!fn) return { markdown: '_bench/codegen.ts exports no function._\n' };
    const result = await fn();
    return { markdown: toMarkdown(result), worst: worstRatios(result) };
  } catch (e) {
    return { markdown: `_bench/codegen.ts failed: ${String((e as Error).message).split('\n')[0]}_\n` };
  }
}

function worstRatios(result: unknown): Record<string, number> | undefined {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) return undefined;
  const worst: Record<string, number> = {};
  for (const r of rows as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(r)) if (/\/ f$/.test(k) && typeof v === 'number') worst[k] = Math.max(worst[k] ?? 0, v);
  }
  return Object.keys(worst).length ? worst : undefined;
}

/** Renders whatever the codegen benchmark returned: Markdown text, a list of rows, or an object of rows. */
function toMarkdown(v: unknown): string {
  if (typeof v === 'string') return v.endsWith('\n') ? v : v + '\n';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.markdown === 'string') return toMarkdown(o.markdown);
    for (const key of ['rows', 'results', 'cases']) if (Array.isArray(o[key])) return toMarkdown(o[key]);
  }
  if (Array.isArray(v) && v.length && v.every((r) => r && typeof r === 'object')) {
    const rows = v as Record<string, unknown>[];
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (x: unknown) => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toPrecision(3)) : String(x ?? '')).replace(/\|/g, '\\|');
    return [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n') + '\n';
  }
  return '```json\n' + JSON.stringify(v, null, 2) + '\n```\n';
}
