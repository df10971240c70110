/**
 * The "Robustness" section of docs/benchmarks.md (issue #16, "Figures to report"): how many hostile and fuzzed
 * inputs each class tried, and the built CLI (bin/partials.js, default --timeout) on the issue's hostile inputs —
 * wall time and peak memory of the whole process, each in its own process.
 *
 *   npm run bench -- --robustness            only rewrite this section (needs a build: node scripts/build.mjs)
 *
 * The extension host's worst block per path comes from test-results/host-blocking.json, written by the extension-host
 * suite test/vscode/host-blocking.test.ts (`node scripts/vscode/run-ext-tests.mjs --grep "extension host never blocks"`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_TIMEOUT_S } from '../src/cli/main';
import { checkDeep, checkHostileNames, checkLongToken, checkProtoNames, compileSample, deepCase, hostileNamesSource, longTokenCase, protoCase } from './fuzzhostile';
import { replaceDocSection } from './sections';

export const ROBUSTNESS_TITLE = '## Robustness';

interface ClassResult { name: string; runs: number; ok: boolean; seconds: number; note?: string }

function runClass(name: string, runs: number, prop: fc.IProperty<never>, seed: number): ClassResult {
  const t0 = performance.now();
  const d = fc.check(prop, { numRuns: runs, seed });
  return { name, runs: d.numRuns, ok: !d.failed, seconds: (performance.now() - t0) / 1000, note: d.failed ? String(fc.stringify(d.counterexample)).slice(0, 120) : undefined };
}

/** The issue's hostile inputs, as CLI invocations (text given on stdin). */
const CLI_CASES: { what: string; argv: string[]; stdin: () => string }[] = [
  { what: '`np.` repeated 60 000 times (Python)', argv: ['inspect', '-', '--lang', 'python'], stdin: () => `y = ${'np.'.repeat(60_000)}sum(x)` },
  { what: '200 000 LaTeX letters', argv: ['inspect', '-', '--lang', 'latex'], stdin: () => 'a'.repeat(200_000) },
  { what: '50 000 blank lines, then x^2', argv: ['inspect', '-'], stdin: () => `${'\n'.repeat(50_000)}x^2` },
  { what: '1 MB `x + x + … + x` (250 000 terms, at the length limit)', argv: ['inspect', '-'], stdin: () => `${'x + '.repeat(250_000).slice(0, 999_999)}x` },
  { what: '`w+w+…+w`, 250 000 terms (∂/∂w = 250000)', argv: ['inspect', '-', '--at', 'w=0.5'], stdin: () => `w${'+w'.repeat(249_999)}` },
  { what: '80 000 LaTeX letters', argv: ['inspect', '-', '--lang', 'latex'], stdin: () => 'a'.repeat(80_000) },
  { what: '20 000-deep parentheses', argv: ['inspect', '-'], stdin: () => `${'('.repeat(20_000)}x${')'.repeat(20_000)}` },
  { what: '20 000 nested sin(', argv: ['check', '-'], stdin: () => `${'sin('.repeat(20_000)}x${')'.repeat(20_000)}` },
  { what: 'a 100 000-character unknown name', argv: ['inspect', '-'], stdin: () => `${'q'.repeat(100_000)}(x)` },
  { what: 'Hessian of 600 variables (360 000 entries)', argv: ['inspect', '-', '--hessian'], stdin: () => Array.from({ length: 600 }, (_, i) => `sin(x${i}*x${i + 1})*exp(x${i})`).join(' + ') },
  { what: 'check --sweep of a 300-term sum', argv: ['check', '-', '--sweep'], stdin: () => Array.from({ length: 300 }, (_, i) => `tanh(x${i})^2`).join(' + ') },
  { what: 'codegen (Rust, Hessian) of 150 variables', argv: ['codegen', '-', '--target', 'rust', '--style', 'hessian'], stdin: () => Array.from({ length: 150 }, (_, i) => `x${i}*x${(i + 1) % 150}`).join(' + ') },
];

interface CliResult { what: string; inputChars: number; exit: number | null; seconds: number; maxRssMb: number; message: string }

function runCliCase(c: (typeof CLI_CASES)[number], root: string, dir: string): CliResult {
  const input = c.stdin();
  const file = join(dir, 'stdin.txt');
  writeFileSync(file, input);
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  // `-` becomes --file F (the same reader as stdin).
  const argv = [process.execPath, join(root, 'bin/partials.js'), ...c.argv.flatMap((a) => (a === '-' ? ['--file', file] : [a]))];
  const t0 = performance.now();
  const r = time
    ? spawnSync(time, ['-f', '%M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: (DEFAULT_TIMEOUT_S + 60) * 1000 })
    : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, timeout: (DEFAULT_TIMEOUT_S + 60) * 1000 });
  const seconds = (performance.now() - t0) / 1000;
  const rssKb = time ? Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1] ?? NaN) : NaN;
  const first = (r.stdout ?? '').split('\n')[0];
  return { what: c.what, inputChars: input.length, exit: r.status, seconds, maxRssMb: rssKb / 1024, message: r.status === 0 ? `ok (${(r.stdout ?? '').length} characters out)` : first.slice(0, 140) };
}

export const HOST_BLOCKING_FILE = join(__dirname, '..', 'test-results', 'host-blocking.json');

interface HostBlocking {
  generated: string;
  goalMs: number;
  load: number;
  cores: number;
  paths: { path: string; what: string; worstMs: number; meanMs: number; wallMs: number; cpuMs?: number; worstCpuMs?: number; blockWallMs?: number }[];
}

export function loadHostBlocking(file = HOST_BLOCKING_FILE): HostBlocking | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as HostBlocking;
    return d && Array.isArray(d.paths) && d.paths.length ? d : undefined;
  } catch {
    return undefined;
  }
}

/** The lines of the extension-host table and its "worst extension-host time" line (issue #16: ≤ 50 ms). */
export function hostBlockingMarkdown(d: HostBlocking | undefined): string[] {
  if (!d) {
    return ['Worst extension-host time: not measured (run `node scripts/vscode/run-ext-tests.mjs --grep "never blocks"`, or `npm test`;',
      'it writes test-results/host-blocking.json).'];
  }
  const ok = (v: number) => (v <= d.goalMs ? '✓' : '✗');
  const worstWall = d.paths.reduce((a, b) => (b.worstMs > a.worstMs ? b : a));
  const cpuMeasured = d.paths.every((p) => p.worstCpuMs !== undefined);
  // judged on the main thread's own CPU time when it was measured (the wall time of a block on a busy machine is
  // mostly waiting for a core); both are in the table
  const judged = (p: HostBlocking['paths'][number]) => (cpuMeasured ? p.worstCpuMs! : p.worstMs);
  const worst = d.paths.reduce((a, b) => (judged(b) > judged(a) ? b : a));
  const ms = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(0));
  return [
    `The extension host in a real VS Code (code-server, \`test/vscode/host-blocking.test.ts\`, ${d.generated.slice(0, 10)}): while each input`,
    'within the default limits went through the path, the longest the event loop was blocked (`perf_hooks.monitorEventLoopDelay`, 10 ms',
    'resolution: wall time), and the extension host main thread\'s own CPU time in its longest busy stretch (`process.threadCpuUsage`',
    'read by a 1 ms timer: between two ticks the loop was busy; the rest of a long gap it waited for a core), with the path\'s wall',
    'time and the process\'s CPU time in it (its engine worker thread included). ' +
    `Load average ${d.load.toFixed(1)} on ${d.cores} cores during the run (code-server, Chromium and the engine worker share them).`,
    cpuMeasured ? `The ${d.goalMs} ms goal is judged on the main thread's CPU time (the work on the extension host); the wall column shows what this busy machine added.`
      : `The ${d.goalMs} ms goal is judged on the wall time (this run could not read the thread's CPU time).`,
    '',
    `| Path | input | worst block ms (wall) | longest busy stretch: main-thread CPU ms | its wall ms | ≤ ${d.goalMs} ms | path wall s | process CPU s (host + engine worker) |`,
    '| --- | --- | ---: | ---: | ---: | :---: | ---: | ---: |',
    ...d.paths.map((p) => `| ${p.path} | ${p.what} | ${p.worstMs.toFixed(0)} | ${ms(p.worstCpuMs)} | ${ms(p.blockWallMs)} | ${ok(judged(p))} | ${(p.wallMs / 1000).toFixed(1)} | ${p.cpuMs === undefined ? '—' : (p.cpuMs / 1000).toFixed(2)} |`),
    '',
    `Worst extension-host time: ${judged(worst).toFixed(0)} ms ${cpuMeasured ? 'of main-thread CPU' : 'blocked'} (${worst.path}, ${worst.what}) ${ok(judged(worst))} ` +
    `(goal ≤ ${d.goalMs} ms: everything heavy runs in the worker); the longest wall-clock block: ${worstWall.worstMs.toFixed(0)} ms (${worstWall.path}, ${worstWall.what}) at load ${d.load.toFixed(1)}.`,
  ];
}

/** The document with its Robustness section replaced (or appended). */
export function replaceRobustness(doc: string, section: string): string {
  return replaceDocSection(doc, ROBUSTNESS_TITLE, section);
}

export function robustnessSection(opts: { quick?: boolean } = {}): string {
  const root = join(__dirname, '..');
  const k = opts.quick ? 0.2 : 1;
  const n = (x: number) => Math.max(2, Math.round(x * k));
  process.stderr.write('robustness: fuzz classes …\n');
  const classes: ClassResult[] = [
    runClass('names of every target\'s keywords, prototype names, `$a`/`_a`, Greek, 70-letter names → 12 targets × 3 styles × 2 forms (legal, distinct, one-line comments)',
      n(60), fc.property(hostileNamesSource, (s) => checkHostileNames(s)) as unknown as fc.IProperty<never>, 160),
    runClass('prototype names as variables: same values, partials, check verdicts and claims as plain names', n(500),
      fc.property(protoCase, ([e, to]) => checkProtoNames(e, to)) as unknown as fc.IProperty<never>, 161),
    runClass('long tokens (1 000–60 000 characters) in 9 places of a command line: a bounded message', n(30),
      fc.property(longTokenCase(), ([len, c, w]) => checkLongToken(len, c, w)) as unknown as fc.IProperty<never>, 162),
    runClass('deep nesting (1–20 000 levels, 7 constructs) at the CLI: exit 0 or 2, never a crash', n(20),
      fc.property(deepCase(), ([d, kind]) => checkDeep(d, kind)) as unknown as fc.IProperty<never>, 163),
  ];
  process.stderr.write('robustness: hostile names compiled …\n');
  const t0 = performance.now();
  let compiled = '';
  try {
    const ran = compileSample(fc.sample(hostileNamesSource, { numRuns: n(20), seed: 164 }));
    compiled = `${[...ran.values()][0] ?? 0} random hostile-name functions (Hessian style) compiled and run in each of ${[...ran.keys()].join(', ')}: all agree with the engine to 1e-10 (${((performance.now() - t0) / 1000).toFixed(0)} s).`;
  } catch (e) {
    compiled = `compiling a sample FAILED: ${(e as Error).message.split('\n')[0].slice(0, 200)}`;
  }
  process.stderr.write('robustness: the CLI on hostile inputs …\n');
  const dir = mkdtempSync(join(tmpdir(), 'partials-robustness-'));
  let cli: CliResult[];
  try {
    cli = CLI_CASES.map((c) => {
      process.stderr.write(`  ${c.what} … `);
      const r = runCliCase(c, root, dir);
      process.stderr.write(`${r.seconds.toFixed(2)} s\n`);
      return r;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const worst = cli.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const peak = cli.reduce((a, b) => (b.maxRssMb > a.maxRssMb ? b : a));
  const lines = [
    ROBUSTNESS_TITLE, '',
    'Generated by `npm run bench -- --robustness` (also part of the full run). Hostile input of issue #16: the fuzz classes of',
    '`bench/fuzzhostile.ts` (also in `npm run fuzz` at larger counts, and in `test/unit/fuzz.test.ts` with fixed seeds), then the built',
    `CLI (\`bin/partials.js\`, default \`--timeout ${DEFAULT_TIMEOUT_S}\`: every command runs in a worker thread that is stopped at the limit) on the issue's`,
    'hostile inputs, each in its own process: wall time including start-up, and peak resident memory of the whole process.',
    `Load average when this section was measured: ${loadavg().map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min): times on a busy machine are longer.`,
    '',
    '| Class | inputs tried | result | s |', '| --- | ---: | --- | ---: |',
    ...classes.map((c) => `| ${c.name} | ${c.runs} | ${c.ok ? '✓ all hold' : `✗ ${c.note}`} | ${c.seconds.toFixed(0)} |`),
    '',
    compiled,
    '',
    '| CLI input | characters | exit | first line of the output | wall s | peak MB |', '| --- | ---: | ---: | --- | ---: | ---: |',
    ...cli.map((r) => `| ${r.what} | ${r.inputChars} | ${r.exit ?? 'killed'} | ${r.message.replace(/\|/g, '\\|').replace(/`/g, "'")} | ${r.seconds.toFixed(2)} | ${Number.isFinite(r.maxRssMb) ? r.maxRssMb.toFixed(0) : '—'} |`),
    '',
    `Worst CLI time within the default timeout: ${worst.seconds.toFixed(2)} s (${worst.what}); peak memory ${Number.isFinite(peak.maxRssMb) ? `${peak.maxRssMb.toFixed(0)} MB` : 'not measured'} (${peak.what}).`,
    'Exit 2 with "stopped after … s" is the time limit at work; "The partials would be about N characters" is `inspect` refusing at once a result',
    `too large to print within the limit (estimated from the graph before printing; ${DEFAULT_TIMEOUT_S} s allow 10 million characters).`,
    '',
    ...hostBlockingMarkdown(loadHostBlocking()),
    '',
  ];
  return lines.join('\n');
}
