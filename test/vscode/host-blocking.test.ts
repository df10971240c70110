// Issue #16: "the worst time on the extension host: ≤ 50 ms for any input within the limits, since everything heavy is
// in the worker". Measured here, in the extension host itself: perf_hooks.monitorEventLoopDelay runs while the hostile
// inputs within the default limits go through every path (inspect, hover, a 400-line .dx pad, the palette's check and
// insert code), and the worst block of the event loop per path goes to test-results/host-blocking.json, which
// bench/robustness.ts reports (and judges against 50 ms). The assertion here is only a gross bound (20× the goal,
// scaled by the load per core), so a busy CI machine never makes it flaky.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ViewModel } from '../../src/shared/protocol';
import { closeAll, hoverText, openWithSelection, partialsApi, settled, waitFor } from './helpers';

const names = (n: number, p = 'x') => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);

/** The worst cases inside the default selection limits (20 000 characters, 400 lines): bench/limits.ts's. */
const LIMIT_CASES: Array<{ name: string; what: string; file: string; source: string }> = [
  { name: 'product', what: 'product of 3 300 variables', file: 'product.py', source: `f = ${names(3300).join('*')}` },
  { name: 'softmax', what: 'softmax cross-entropy, 1 500 logits', file: 'softmax.py', source: `f = log(${names(1500).map((x) => `exp(${x})`).join(' + ')}) - x1` },
  { name: 'chain', what: '400-line chain h = tanh(w·h)', file: 'chain.py', source: ['h0 = x', ...names(399, 'w').map((w, i) => `h${i + 1} = tanh(${w}*h${i})`)].join('\n') },
  { name: 'latex', what: '19 990 LaTeX letters', file: 'letters.tex', source: `$${'x'.repeat(19_990)}$` },
];

/** A .dx pad of 420 lines: 140 blocks of a definition, a gradient request and a claim. */
const PAD = Array.from({ length: 140 }, (_, i) => [`f${i} = sin(a${i}*x) + a${i}*x^2`, `wrt x`, `df${i}/dx = a${i}*cos(a${i}*x) + 2*a${i}*x`].join('\n')).join('\n') + '\n';

/** Runs a palette command on the active editor and waits (long: the worst cases on a busy machine) for a new model of this file. */
async function commandModel(command: string): Promise<ViewModel> {
  const api = await partialsApi();
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'an editor is active');
  const before = api.model();
  const file = editor.document.uri.path.split('/').pop() ?? '';
  await vscode.commands.executeCommand(command);
  return waitFor(() => {
    const m = api.model();
    return m !== before && m.kind !== 'empty' && m.origin?.file.endsWith(file) ? m : undefined;
  }, `a model for ${file}`, 240_000);
}

/** Logs a failure at once (mocha reports them only at the end, after a possible harness timeout). */
async function logged(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    console.log(`[host-blocking] ${what} failed: ${(e as Error).message}`);
    throw e;
  }
}

/**
 * cpuMs: the extension host process's CPU time during the path (user + system), its engine worker thread included
 * (process.cpuUsage counts every thread). worstCpuMs: the extension host's main thread's own CPU time in its longest
 * busy stretch (CpuBlocks), without the time it waited for a core; blockWallMs: that stretch's wall time.
 */
interface PathResult { path: string; what: string; worstMs: number; meanMs: number; wallMs: number; cpuMs: number; worstCpuMs?: number; blockWallMs?: number }

type ThreadCpu = () => { user: number; system: number };
/** process.threadCpuUsage (Node ≥ 23.9: the calling thread's CPU time; code-server runs the extension host on Node 24). */
const threadCpu = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage?.bind(process);

/**
 * The main thread's CPU time in its longest busy stretch: a timer ticks every millisecond; when the event loop is
 * busy it cannot tick, and the thread's CPU time between two ticks is what it ran in between — the rest of a long gap
 * it was runnable but waiting for one of the machine's cores (code-server, Chromium and the engine worker share 2).
 */
class CpuBlocks {
  worstCpuMs = 0;
  blockWallMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastWall = 0;
  private lastCpu = 0;
  constructor(private readonly cpu: ThreadCpu) {}
  private now(): number {
    const c = this.cpu();
    return (c.user + c.system) / 1000;
  }
  start(): void {
    this.worstCpuMs = 0;
    this.blockWallMs = 0;
    this.lastWall = performance.now();
    this.lastCpu = this.now();
    this.timer = setInterval(() => {
      const wall = performance.now();
      const cpu = this.now();
      if (cpu - this.lastCpu > this.worstCpuMs) {
        this.worstCpuMs = cpu - this.lastCpu;
        this.blockWallMs = wall - this.lastWall;
      }
      this.lastWall = wall;
      this.lastCpu = cpu;
    }, 1);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

const GOAL_MS = 50;

/**
 * PARTIALS_HOST_PROFILE=1: a CPU profile of the extension host's main thread per path
 * (test-results/host-profile-<path>-<n>.cpuprofile, open it in Chrome's DevTools), to find what blocks it.
 */
const PROFILE = process.env.PARTIALS_HOST_PROFILE === '1';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

// Part of `npm test` again since every stage is bounded (the whole suite: about a minute; it was 9 minutes when the
// product of 3 300 variables took ~50 s and 19 990 LaTeX letters exhausted the worker): each run writes
// test-results/host-blocking.json, which `npm run bench -- --robustness` reports. PARTIALS_HOST_BLOCKING=0 skips it.
const measure = process.env.PARTIALS_HOST_BLOCKING === '0' ? suite.skip : suite;

measure('extension host never blocks (issue #16)', function () {
  this.timeout(600_000);
  const results: PathResult[] = [];
  let h: IntervalHistogram;

  /** Runs `f` with the event-loop monitor reset before it, and records the worst block during it. */
  async function measure(path: string, what: string, f: () => Promise<void>): Promise<void> {
    await settled(await partialsApi(), 300, 5000);
    h.reset();
    let session: Session | undefined;
    if (PROFILE) {
      session = new Session();
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
      await post(session, 'Profiler.start');
    }
    const t0 = Date.now();
    const c0 = process.cpuUsage();
    const blocks = threadCpu && new CpuBlocks(threadCpu);
    blocks?.start();
    try {
      await logged(`${path}: ${what}`, f);
    } finally {
      blocks?.stop();
      if (session) {
        const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
        const dir = join(__dirname, '..', '..', '..', 'test-results');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `host-profile-${path}-${results.length + 1}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
    }
    const wallMs = Date.now() - t0;
    const cpu = process.cpuUsage(c0);
    // the histogram's samples are the delays past its resolution, in ns
    results.push({
      path, what, worstMs: h.max / 1e6, meanMs: h.mean / 1e6, wallMs, cpuMs: (cpu.user + cpu.system) / 1000,
      ...(blocks ? { worstCpuMs: blocks.worstCpuMs, blockWallMs: blocks.blockWallMs } : {}),
    });
  }

  suiteSetup(async () => {
    await partialsApi();
    h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
  });

  suiteTeardown(async () => {
    h.disable();
    await closeAll();
    const load = loadavg()[0];
    const perCore = load / Math.max(1, cpus().length);
    const out = {
      generated: new Date().toISOString(),
      goalMs: GOAL_MS,
      load,
      cores: cpus().length,
      paths: results,
      worst: results.reduce<PathResult | undefined>((a, b) => (!a || b.worstMs > a.worstMs ? b : a), undefined),
    };
    const dir = join(__dirname, '..', '..', '..', 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'host-blocking.json'), JSON.stringify(out, null, 2));
    console.log(`[host-blocking] worst ${out.worst ? `${out.worst.worstMs.toFixed(0)} ms (${out.worst.path}: ${out.worst.what})` : '—'}; load ${load.toFixed(1)} on ${cpus().length} cores; per path (worst block ms / its main-thread CPU ms): ${results.map((r) => `${r.path} ${r.what} ${r.worstMs.toFixed(0)} / ${r.worstCpuMs?.toFixed(0) ?? '—'}`).join('; ')}`);
    const bound = GOAL_MS * 20 * Math.max(1, perCore);
    for (const r of results) assert.ok(r.worstMs <= bound, `${r.path} (${r.what}): the extension host blocked ${r.worstMs.toFixed(0)} ms (gross bound ${bound.toFixed(0)} ms)`);
  });

  teardown(closeAll);

  for (const c of LIMIT_CASES) {
    test(`inspect: ${c.what}`, async () => {
      await measure('inspect', c.what, async () => {
        const editor = await openWithSelection(c.file, c.source + '\n', c.source);
        const model = await commandModel('partials.inspectSelection');
        assert.ok(model.kind === 'result' || model.kind === 'error', `a model for ${c.what}: ${model.kind}`);
        assert.ok(editor.document.getText().startsWith(c.source), 'the text is unchanged');
      });
    });
  }

  for (const c of [LIMIT_CASES[0], LIMIT_CASES[3]]) {
    test(`hover: ${c.what}`, async () => {
      await measure('hover', c.what, async () => {
        const editor = await openWithSelection(c.file, c.source + '\n', c.source);
        const text = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
        assert.equal(typeof text, 'string');
      });
    });
  }

  test('a .dx pad of 420 lines: analysis, diagnostics and lenses', async () => {
    await measure('dx', '.dx pad, 420 lines (140 blocks with claims)', async () => {
      const editor = await openWithSelection('big.dx', PAD, '');
      assert.equal(editor.document.languageId, 'dx');
      await waitFor(async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 400);
        return (lenses?.length ?? 0) > 0 || undefined;
      }, 'the pad\'s lenses', 120_000);
    });
  });

  test('palette: Check Gradient on the 400-line chain', async () => {
    const c = LIMIT_CASES[2];
    await measure('check', c.what, async () => {
      await openWithSelection(c.file, c.source + '\n', c.source);
      const model = await commandModel('partials.checkGradient');
      assert.ok(model.kind === 'result' || model.kind === 'error', model.kind);
    });
  });

  test('palette: Insert Gradient Code for the product of 3 300 variables', async () => {
    const c = LIMIT_CASES[0];
    await measure('insert', c.what, async () => {
      const editor = await openWithSelection(c.file, c.source + '\n', c.source);
      const before = editor.document.getText();
      const ok = await vscode.commands.executeCommand('partials.insertGradientCode', { target: 'python' });
      // inserted, or refused with a message: never a frozen host, never the user's text lost
      if (ok === true) assert.ok(editor.document.getText().length > before.length, 'code was inserted');
      else assert.ok(editor.document.getText().startsWith(c.source), 'the text is unchanged');
    });
  });
});
