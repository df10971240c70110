/**
 * The webview's own share of an Inspect, without VS Code around it: the inspector page (html.ts, the real
 * dist/webview.js and style sheets inline under the nonce CSP) in headless Chromium, sent the same messages the
 * host sends (a partials-only model, then the final one once the webview says it painted), for the logistic loss
 * lines of test/e2e/responsiveness.e2e.ts. It reports, per model, what main.ts records in its perf log: received →
 * DOM built (of which style and layout), DOM built → painted, and the final model's build to settled (graph laid
 * out).
 *
 *   node --import tsx bench/webview-render.ts [--reps 20] [--variant name=dir]... [--back-to-back] [--profile out.cpuprofile]
 *
 * Each `--variant name=dir` is a build to compare (dir holds dist/webview.js and media/): the variants take turns
 * per repetition, in one browser, so they see the same load. Without a variant: this checkout.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, normalize, resolve, extname } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/extension/engine/adapter';
import { inProcess } from '../src/extension/engine/client';
import { computeModel, type PipelineInput } from '../src/extension/inspector/pipeline';
import { emptyOverrides, type Target } from '../src/extension/inspector/request';
import { settingsFrom } from '../src/extension/settings';
import { modelMessage } from '../src/extension/inspector/trace';
import { inspectorHtml } from '../src/extension/inspector/html';
import type { ViewModel } from '../src/shared/protocol';
import { launchBrowser } from '../scripts/vscode/server.mjs';

const ROOT = resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '20' },
    variant: { type: 'string', multiple: true },
    'back-to-back': { type: 'boolean', default: false },
    profile: { type: 'string' },
    trace: { type: 'string' },
    boots: { type: 'string', default: '0' },
    'final-delay': { type: 'string', default: '30' },
  },
});
const REPS = Number(values.reps);
const FINAL_DELAY = Number(values['final-delay']);
const variants = (values.variant?.length ? values.variant : [`this=${ROOT}`]).map((v) => {
  const [name, dir] = v.split('=');
  return { name, dir: resolve(dir) };
});

const pad = (k: number) => String(k).padStart(3, '0');
const bce = (k: number) => `-(y * np.log(1 / (1 + np.exp(-(w * x + b - 0.${pad(k)})))) + (1 - y) * np.log(1 - 1 / (1 + np.exp(-(w * x + b - 0.${pad(k)})))))`;

async function models(count: number): Promise<Array<{ preview: ViewModel; final: ViewModel }>> {
  const engine = inProcess(createEngine());
  const out: Array<{ preview: ViewModel; final: ViewModel }> = [];
  for (let k = 0; k < count; k++) {
    const text = `l${pad(k)} = ${bce(k)}`;
    const target: Target = { uri: 'file:///perf_ml.py', file: 'perf_ml.py', languageId: 'python', language: 'python', text, offset: 0, line: k + 2, character: 0 };
    const input: PipelineInput = {
      target, overrides: emptyOverrides(), format: { digits: 6, notation: 'auto' },
      ui: { pinned: true, live: false, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
      settings: settingsFrom(() => undefined), explicit: true, codeTarget: 'python',
    };
    let preview: ViewModel | undefined;
    const r = await computeModel(engine, input, { signal: new AbortController().signal, preview: (m) => { preview = m; } });
    if (!r || !preview) throw new Error(`no model for line ${k}`);
    out.push({ preview, final: r.model });
  }
  engine.dispose();
  return out;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.html': 'text/html' };

function serve(pages: Map<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = normalize(join('/', decodeURIComponent(url.pathname)));
    // (only the compared builds' own files)
    if (!variants.some((v) => file.startsWith(`${v.dir}/`)) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    ok({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

/** What VS Code's webview defines (a dark theme's few variables the style sheet uses most). */
const THEME = ':root{--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-editor-font-size:14px;' +
  '--vscode-foreground:#ccc;--vscode-sideBar-background:#252526;--vscode-editor-background:#1e1e1e;--vscode-descriptionForeground:#999;--vscode-panel-border:#444;}';

function pageFor(dir: string, origin: string): string {
  const nonce = 'benchNonce0123456789abcdefABCDEF';
  const url = (p: string) => `${origin}${join(dir, p)}`;
  const html = inspectorHtml({
    cspSource: origin, nonce, host: 'sidebar', scriptUri: url('dist/webview.js'), styleUris: [],
    elkWorkerUri: url('media/elk/elk-worker.min.js'), lang: 'en',
    fontPreloads: ['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2'].map((f) => url(`media/katex/fonts/${f}`)),
    inline: {
      script: readFileSync(join(dir, 'dist/webview.js'), 'utf8'),
      styles: [readFileSync(join(dir, 'media/katex/katex.min.css'), 'utf8').replace(/url\((['"]?)fonts\//g, (_m, q: string) => `url(${q}${url('media/katex/fonts')}/`),
        readFileSync(join(dir, 'media/inspector.css'), 'utf8'), THEME],
    },
  });
  const stub = `<script nonce="${nonce}">window.__toHost=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__toHost.push(m),getState:()=>undefined,setState:()=>{}});</script>`;
  return html.replace(`<script nonce="${nonce}">`, `${stub}\n  <script nonce="${nonce}">`);
}

interface Perf { seq: number; stage: string; received: number; rendered: number; painted?: number; settled?: number; renderMs: number; layoutMs?: number; sections: Record<string, number> }

async function main(): Promise<void> {
  const ms = await models(REPS + 1);
  const pages = new Map<string, string>();
  const { server, origin } = await serve(pages);
  const { context, close } = await launchBrowser({ viewport: { width: 320, height: 900 } });
  try {
    const tabs = [];
    for (const [i, v] of variants.entries()) {
      pages.set(`/page${i}.html`, pageFor(v.dir, origin));
      const page = await context.newPage();
      await page.goto(`${origin}/page${i}.html`);
      await page.waitForFunction(() => (window as unknown as { __toHost: unknown[] }).__toHost.length > 0);
      tabs.push({ ...v, page, rows: [] as Perf[], drawn: new Map<number, number>() });
    }
    // fresh pages: from navigation to the script running, and to its `ready` (the page's own start-up, no VS Code)
    for (let b = 0; b < Number(values.boots); b++) {
      for (const tab of tabs) {
        const page = await context.newPage();
        await page.goto(`${origin}/page${tabs.indexOf(tab)}.html`);
        await page.waitForFunction(() => (window as unknown as { __toHost: unknown[] }).__toHost.length > 0);
        const t = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, script: (window as unknown as { __script?: number }).__script };
        });
        (tab as { boots?: Array<typeof t> }).boots = [...((tab as { boots?: Array<typeof t> }).boots ?? []), t];
        await page.close();
      }
    }
    for (const tab of tabs) {
      const bs = (tab as { boots?: Array<{ responseEnd: number; domInteractive: number }> }).boots;
      if (bs?.length) console.log(`${tab.name}: fresh page, navigation → DOM interactive (HTML parsed, inline script run) median ${[...bs].map((x) => x.domInteractive).sort((a, b) => a - b)[Math.floor((bs.length - 1) / 2)].toFixed(0)} ms over ${bs.length}`);
    }
    const cdp = values.profile ? await context.newCDPSession(tabs[tabs.length - 1].page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    }
    const tracer = values.trace ? await context.newCDPSession(tabs[tabs.length - 1].page) : undefined;
    const traceEvents: unknown[] = [];
    if (tracer) tracer.on('Tracing.dataCollected', (d: { value: unknown[] }) => void traceEvents.push(...d.value));
    for (let i = 0; i <= REPS; i++) {
      if (cdp && i === 1) await cdp.send('Profiler.start');
      if (tracer && i === 1) {
        await tracer.send('Tracing.start', {
          categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,blink,cc,gpu', transferMode: 'ReportEvents',
        });
      }
      for (const tab of tabs) {
        const m = ms[i];
        const msg = (model: ViewModel, stage: 'partials' | 'final') =>
          JSON.stringify(modelMessage(model, { seq: i + 1, trigger: 'command', stage, start: Date.now(), posted: Date.now() }));
        await tab.page.bringToFront(); // (a background tab gets no frames)
        // the host: the partials, then (once the webview says it painted them) the final model a little later
        await tab.page.evaluate(({ partials, final, delay, seq }) => new Promise<void>((done) => {
          const w = window as unknown as { __toHost: Array<{ type?: string; seq?: number }> };
          w.__toHost.length = 0;
          window.postMessage(partials, '*');
          const poll = setInterval(() => {
            if (!w.__toHost.some((m) => m.type === 'painted' && m.seq === seq)) return;
            clearInterval(poll);
            setTimeout(() => { window.postMessage(final, '*'); done(); }, delay);
          }, 2);
        }), { partials: msg(m.preview, 'partials'), final: msg(m.final, 'final'), delay: FINAL_DELAY, seq: i + 1 });
        if (!values['back-to-back']) {
          // the final model's graph drawn (the frame after its SVG is in the page): any build can say this
          // (a string: the TypeScript transform would wrap named functions in a helper the page lacks)
          const at = await tab.page.evaluate<number>(`new Promise((ok) => {
            const t0 = Date.now();
            const poll = () => {
              if (document.querySelector('[data-testid="graph-svg"]')) requestAnimationFrame(() => setTimeout(() => ok(Date.now()), 0));
              else if (Date.now() - t0 > 10000) ok(NaN);
              else setTimeout(poll, 2);
            };
            poll();
          })`);
          tab.drawn.set(i + 1, at);
          // settled: the final model painted and its graph laid out, then a quiet moment
          await tab.page.waitForFunction((seq) => JSON.parse(document.body.dataset.perf ?? '[]').some((e: Perf) => e.seq === seq && e.stage === 'final' && e.painted !== undefined), i + 1, { timeout: 30000 });
          // (a build from before the perf log's `settled`: 1.5 s for its graph instead)
          await tab.page.waitForFunction((seq) => JSON.parse(document.body.dataset.perf ?? '[]').some((e: Perf) => e.seq === seq && e.stage === 'final' && e.settled !== undefined), i + 1, { timeout: 1500 })
            .catch(() => undefined);
          await tab.page.waitForTimeout(300);
        } else await tab.page.waitForTimeout(FINAL_DELAY + 5);
      }
    }
    if (tracer && values.trace) {
      const done = new Promise<void>((ok) => tracer.once('Tracing.tracingComplete', () => ok()));
      await tracer.send('Tracing.end');
      await done;
      writeFileSync(values.trace, JSON.stringify({ traceEvents }));
    }
    if (cdp && values.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(values.profile, JSON.stringify(profile));
    }
    await Promise.all(tabs.map((t) => t.page.waitForTimeout(1500)));
    for (const tab of tabs) tab.rows = JSON.parse(await tab.page.evaluate(() => document.body.dataset.perf ?? '[]')) as Perf[];
    for (const tab of tabs) {
      const boot = (tab.rows[0] as Perf & { boot?: { origin: number; script: number } } | undefined)?.boot;
      if (boot) console.log(`${tab.name}: page navigation → its script running ${boot.script - boot.origin} ms (the HTML with the inline script and styles, parsed; the script compiled and evaluated)`);
    }
    const med = (xs: number[]) => {
      const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
      return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
    };
    const p95 = (xs: number[]) => {
      const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] : NaN;
    };
    console.log(`${REPS} repetitions (after one unmeasured) per variant, ${values['back-to-back'] ? 'back to back (each right after the previous partials were painted)' : 'each after the previous result settled'}; load ${loadavg()[0].toFixed(1)}`);
    console.log('variant | received→built p50/p95 | render ms | style+layout ms | built→painted p50/p95 | received→painted p50/p95 | final: build ms | final received→settled | final received→graph drawn p50/p95');
    for (const tab of tabs) {
      const p = tab.rows.filter((e) => e.stage === 'partials' && e.seq > 1);
      const f = tab.rows.filter((e) => e.stage === 'final' && e.seq > 1);
      const a = p.map((e) => e.rendered - e.received), b = p.map((e) => (e.painted ?? NaN) - e.rendered), c = p.map((e) => (e.painted ?? NaN) - e.received);
      console.log(`${tab.name} | ${med(a)}/${p95(a)} | ${med(p.map((e) => e.renderMs))} | ${med(p.map((e) => e.layoutMs ?? NaN))} | ${med(b)}/${p95(b)} | ${med(c)}/${p95(c)} | ` +
        `${med(f.map((e) => e.renderMs))} | ${med(f.map((e) => (e.settled ?? NaN) - e.received))} | ` +
        `${med(f.map((e) => (tab.drawn.get(e.seq) ?? NaN) - e.received))}/${p95(f.map((e) => (tab.drawn.get(e.seq) ?? NaN) - e.received))}`);
    }
  } finally {
    await close();
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
