/**
 * "Cold start and size" in `npm run bench`: the CLI's start-up next to `node -e 0`, the bundle sizes (as built and
 * production), what mathjs costs in them, and extension activation with a stub `vscode` module.
 *
 *   node --import tsx bench/coldstart.ts [--quick]     this section alone, printed
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './measure';

const ROOT = join(__dirname, '..');

/** The goals (issue #12). */
export const GOALS = { cliOverNodeMs: 150, extensionBytes: 1_000_000, activationMs: 50 };

export interface ColdStartResult {
  runs: number;
  nodeMs: number;
  cliMs: number;
  cliCommand: string;
  cliOutputOk: boolean;
  /** The same command without Node's compile cache (NODE_DISABLE_COMPILE_CACHE=1: what the first run pays). */
  cliNoCacheMs: number;
  /** 1-minute load average at the end, and cores: on a busy machine every wall time here is inflated. */
  load: { average: number; cores: number };
  sizes: { file: string; built: number | undefined; production: number; parts: [string, number][] }[];
  mathjs: { full: number; parseOnly: number };
  activation: Activation;
  /** The same for the web build (dist/web/extension.js), still in Node with the stub (its engine is a Web Worker). */
  webActivation?: Activation;
}

type Activation = {
  ok: true; loadMs: number; activateMs: number; totalMs: number; loadCpuMs: number; activateCpuMs: number; harnessMs: number; runs: number;
  /** Where the engine is right after activate() and after a second of nothing ('not started': no worker). */
  engine: string; engineAfterIdle: string;
  /** CPU time the process spent in that idle second (a window that never uses Partials). */
  idleCpuMs: number;
} | { ok: false; reason: string };

const time = (cmd: string, args: string[], env?: Record<string, string>): { ms: number; stdout: string; status: number | null } => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...(env ? { env: { ...process.env, ...env } } : {}) });
  return { ms: performance.now() - t0, stdout: r.stdout, status: r.status };
};

/** `partials inspect "x*y" --json` and `node -e 0`, alternating (so load on the machine hits both alike). */
function cliColdStart(runs: number): Pick<ColdStartResult, 'runs' | 'nodeMs' | 'cliMs' | 'cliCommand' | 'cliOutputOk' | 'cliNoCacheMs'> {
  const cli = ['bin/partials.js', 'inspect', 'x*y', '--json'];
  const node: number[] = [], partials: number[] = [], noCache: number[] = [];
  let ok = true;
  time(process.execPath, ['-e', '0']); // warm the file cache
  time(process.execPath, cli); // and writes the code cache, as a user's first run does
  for (let i = 0; i < runs; i++) {
    node.push(time(process.execPath, ['-e', '0']).ms);
    noCache.push(time(process.execPath, cli, { NODE_DISABLE_COMPILE_CACHE: '1' }).ms);
    const r = time(process.execPath, cli);
    partials.push(r.ms);
    try {
      ok &&= r.status === 0 && (JSON.parse(r.stdout) as { partials: { value: number }[] }).partials.length === 2;
    } catch {
      ok = false;
    }
  }
  return { runs, nodeMs: median(node), cliMs: median(partials), cliNoCacheMs: median(noCache), cliCommand: `node ${cli.slice(0, 2).join(' ')} "x*y" --json`, cliOutputOk: ok };
}

interface Probe {
  ok: boolean; loadMs: number; activateMs: number; loadCpuMs: number; activateCpuMs: number; error?: string;
  engine?: string; engineAfterIdle?: string; idleCpuMs: number;
}

const probe = (file: string): Probe => {
  const out = execFileSync(process.execPath, [join(__dirname, 'activation-probe.mjs'), file], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Probe;
};

/**
 * require(dist/extension.js) + activate() in a fresh process with a stub vscode (bench/activation-probe.mjs); the
 * probe's own cost (the first require() in a fresh Node process) is measured with an empty extension and reported
 * beside it, not subtracted.
 */
async function activation(runs: number, file = 'dist/extension.js'): Promise<Activation> {
  // the production build (what users run), made here in a temporary folder: dist/ may hold a development build
  const dir = mkdtempSync(join(tmpdir(), 'partials-coldstart-'));
  const { bundleTargets, EXTENSION_HOST_FILES } = await import('../scripts/bundles.mjs');
  const esbuild = await import('esbuild');
  for (const t of bundleTargets({ production: true }).filter((t) => t.outfile === file || EXTENSION_HOST_FILES.includes(t.outfile))) {
    await esbuild.build({ ...t, outfile: join(dir, t.outfile), logLevel: 'silent' });
  }
  const ext = join(dir, file);
  try {
    return measureActivation(ext, runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measureActivation(ext: string, runs: number): Activation {
  const empty = join(__dirname, 'fixtures', 'empty-extension', 'dist', 'extension.js');
  const rows: Probe[] = [], harness: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = probe(ext);
    if (!r.ok) return { ok: false, reason: `activate() with a stub vscode failed: ${r.error}` };
    rows.push(r);
    if (existsSync(empty)) harness.push(probe(empty).loadMs);
  }
  const m = (f: (p: Probe) => number) => median(rows.map(f));
  return {
    ok: true, runs,
    loadMs: m((p) => p.loadMs), activateMs: m((p) => p.activateMs), totalMs: m((p) => p.loadMs + p.activateMs),
    loadCpuMs: m((p) => p.loadCpuMs), activateCpuMs: m((p) => p.activateCpuMs), harnessMs: median(harness),
    engine: [...new Set(rows.map((p) => p.engine ?? '?'))].join(' / '), engineAfterIdle: [...new Set(rows.map((p) => p.engineAfterIdle ?? '?'))].join(' / '),
    idleCpuMs: m((p) => p.idleCpuMs),
  };
}

/** Sizes of dist/ as built, and of the production (minified) build made in memory; mathjs with and without factories. */
async function sizes(): Promise<Pick<ColdStartResult, 'sizes' | 'mathjs'>> {
  // dynamic imports: the benchmark runs as CommonJS, and these are ES modules
  const bundles = await import('../scripts/bundles.mjs');
  const esbuild = await import('esbuild');
  const out: ColdStartResult['sizes'] = [];
  for (const t of bundles.bundleTargets({ production: true })) {
    const r = await esbuild.build({ ...t, write: false, logLevel: 'silent' });
    const report = bundles.sizeReport(r.metafile!, 4)[0];
    const built = join(ROOT, t.outfile);
    out.push({ file: t.outfile, built: existsSync(built) ? readFileSync(built).length : undefined, production: report.bytes, parts: report.parts });
  }
  const full = await esbuild.build({ stdin: { contents: `export { parse } from 'mathjs';`, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, minify: true, platform: 'node', format: 'cjs', metafile: true, logLevel: 'silent' });
  return {
    sizes: out,
    mathjs: { full: Object.values(full.metafile!.outputs)[0].bytes, parseOnly: out.find((s) => s.file === bundles.MATHJS_PARSE_FILE)!.production },
  };
}

export async function measureColdStart(quick: boolean): Promise<ColdStartResult> {
  const cli = existsSync(join(ROOT, 'dist', 'cli.js'))
    ? cliColdStart(quick ? 10 : 21)
    : { runs: 0, nodeMs: NaN, cliMs: NaN, cliNoCacheMs: NaN, cliCommand: 'dist/cli.js is not built', cliOutputOk: false };
  const rest = { ...(await sizes()), activation: await activation(quick ? 5 : 11), webActivation: await activation(quick ? 3 : 5, 'dist/web/extension.js') };
  return { ...cli, ...rest, load: { average: loadavg()[0], cores: cpus().length } };
}

const kB = (n: number | undefined) => (n === undefined ? '—' : `${(n / 1000).toFixed(0)} kB`);
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '—');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export function renderColdStart(r: ColdStartResult): string {
  const out: string[] = [];
  const push = (...l: string[]) => out.push(...l);
  const ext = r.sizes.find((s) => s.file === 'dist/extension.js');
  const over = r.cliMs - r.nodeMs;
  push('## Cold start and size', '');
  push('| Goal | Result | |', '| --- | --- | --- |');
  push(`| \`partials inspect "x*y" --json\` within ${GOALS.cliOverNodeMs} ms of \`node -e 0\` (median of ${r.runs}, alternating) | ${ms(r.cliMs)} ms vs ${ms(r.nodeMs)} ms: +${ms(over)} ms${r.cliOutputOk ? '' : ' (**wrong output**)'} | ${mark(over <= GOALS.cliOverNodeMs && r.cliOutputOk)} |`);
  const engine = r.sizes.find((s) => s.file === 'dist/engine.js');
  const parser = r.sizes.find((s) => s.file === 'dist/mathjs-parse.js');
  if (ext && engine && parser) {
    const total = ext.production + engine.production + parser.production;
    push(`| dist/extension.js ≤ ${kB(GOALS.extensionBytes)}, with the engine (dist/engine.js: the worker's, and the in-process fallback's) and the mathjs parser it requires (production build, what is shipped; \`scripts/build.mjs\` fails above it) | ${kB(ext.production)} + ${kB(engine.production)} + ${kB(parser.production)} = ${kB(total)} (as built now: ${kB((ext.built ?? 0) + (engine.built ?? 0) + (parser.built ?? 0))}) | ${mark(total <= GOALS.extensionBytes)} |`);
  }
  const a = r.activation;
  if (a.ok) push(`| activation ≤ ${GOALS.activationMs} ms: require + activate() of the production build (median of ${a.runs}) | ${ms(a.totalMs)} ms (load ${ms(a.loadMs)} + activate ${ms(a.activateMs)}) | ${mark(a.totalMs <= GOALS.activationMs)} |`);
  else push(`| activation ≤ ${GOALS.activationMs} ms | not measured: ${a.reason} | |`);
  if (a.ok) push(`| no engine worker at activation, nor in an idle second after it (the worker starts at the first selection or call) | engine ${a.engine}, after 1 s idle ${a.engineAfterIdle}; ${ms(a.idleCpuMs)} ms CPU in that second | ${mark(a.engine === 'not started' && a.engineAfterIdle === 'not started')} |`);
  const w = r.webActivation;
  if (w?.ok) push(`| the web build (dist/web/extension.js, production; in Node with the stub) | ${ms(w.totalMs)} ms (load ${ms(w.loadMs)} + activate ${ms(w.activateMs)}); engine ${w.engineAfterIdle} after 1 s idle | ${mark(w.engineAfterIdle === 'not started')} |`);
  else if (w) push(`| the web build (dist/web/extension.js) | not measured: ${w.reason} | |`);
  push('');
  push(`Each run is a fresh process: \`${r.cliCommand}\` and \`node -e 0\` alternate, so the load on the machine falls on both alike. ` +
    `bin/partials.js loads only the launcher (dist/cli-launcher.js); the worker thread loads the engine (dist/cli.js) with Node's compile cache (Node ≥ 22.1; this run: Node ${process.versions.node}), which the first run writes: without it (NODE_DISABLE_COMPILE_CACHE=1, measured in the same rounds) the command takes ${ms(r.cliNoCacheMs)} ms (+${ms(r.cliNoCacheMs - r.nodeMs)} ms). ` +
    `Load average at the end of the run: ${r.load.average.toFixed(1)} on ${r.load.cores} cores${r.load.average > r.load.cores ? ' — a busy machine: wall times are inflated, compare the two columns rather than the absolute values' : ''}.`, '');
  push('| Bundle | as built | production (minified) | biggest parts (production) |', '| --- | ---: | ---: | --- |');
  for (const s of r.sizes) push(`| ${s.file} | ${kB(s.built)} | ${kB(s.production)} | ${s.parts.map(([k, v]) => `${k} ${kB(v)}`).join(', ')} |`);
  push('');
  push(`mathjs in a bundle, minified: \`import { parse } from 'mathjs'\` (which creates every mathjs function at load) ${kB(r.mathjs.full)}; ` +
    `the parser alone from mathjs's factory functions (\`create({ parseDependencies })\` from \`mathjs/number\`, dist/mathjs-parse.js, required and created at the first parse) ${kB(r.mathjs.parseOnly)}.`, '');
  if (a.ok) {
    push(`Activation is measured in plain Node with a stub \`vscode\` module (bench/activation-probe.mjs) on the production build, a fresh process each time (the engine's worker thread is not started by activation: it starts at the first non-empty selection in a supported language, or the first engine call). ` +
      `CPU time of the process: load ${ms(a.loadCpuMs)} ms, activate() ${ms(a.activateCpuMs)} ms. ` +
      `For scale, the same probe loading an empty extension takes ${ms(a.harnessMs)} ms (the first require() in a fresh Node process), which VS Code's extension host has already paid.`, '');
  }
  return out.join('\n') + '\n';
}

export async function coldStartSection(quick: boolean): Promise<string> {
  return renderColdStart(await measureColdStart(quick));
}

if (require.main === module) {
  coldStartSection(process.argv.includes('--quick')).then((md) => process.stdout.write(md), (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
