// The engine on the web: dist/web/engine.js (built here in memory) runs in a sandbox that has what a Web Worker has
// and nothing of Node (no process, require, Buffer, setImmediate), and the engine client drives it through
// webEngineThread exactly as it drives the Node worker thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { webTargets, WEB_ENGINE_FILE } from '../../scripts/bundles.mjs';
import { WorkerEngine } from '../../src/extension/engine/client';
import { webEngineThread } from '../../src/extension/engine/webThread';
import { createEngine } from '../../src/extension/engine/adapter';
import type { EngineCall } from '../../src/extension/engine/worker';
import { svgDataUri, utf8Base64 } from '../../src/extension/hover/mathSvg';

const ROOT = resolve(__dirname, '../..');
let engineSource: Promise<string> | undefined;
const builtEngine = () => (engineSource ??= (async () => {
  const target = webTargets().find((t) => t.outfile === WEB_ENGINE_FILE)!;
  const r = await esbuild.build({ ...target, sourcemap: false, write: false, logLevel: 'silent', absWorkingDir: ROOT });
  return r.outputFiles!.find((f) => f.path.endsWith('engine.js'))!.text;
})());

/**
 * A stand-in for the browser's Worker: `script` runs in a fresh vm context whose globals are only those of the
 * language plus what a worker scope offers (self, postMessage, addEventListener, timers, TextEncoder, btoa …).
 * Messages cross with structuredClone, asynchronously, like postMessage.
 */
class SandboxWorker extends EventTarget {
  private readonly inbox: ((e: { data: unknown }) => void)[] = [];
  readonly context: vm.Context;
  terminated = false;
  constructor(script: string) {
    super();
    const post = (data: unknown) => {
      const copy = structuredClone(data);
      setTimeout(() => { if (!this.terminated) this.dispatchEvent(Object.assign(new Event('message'), { data: copy })); }, 0);
    };
    const scope: Record<string, unknown> = {
      postMessage: post,
      addEventListener: (type: string, f: (e: { data: unknown }) => void) => { if (type === 'message') this.inbox.push(f); },
      setTimeout, clearTimeout, TextEncoder, TextDecoder, btoa, atob, structuredClone, console, performance, queueMicrotask,
    };
    this.context = vm.createContext(scope);
    vm.runInContext('self = globalThis;', this.context);
    try {
      vm.runInContext(script, this.context, { filename: 'engine.js' });
    } catch (e) {
      setTimeout(() => this.dispatchEvent(Object.assign(new Event('error'), { message: (e as Error).message })), 0);
    }
  }
  postMessage(data: unknown): void {
    const copy = structuredClone(data);
    setTimeout(() => { if (!this.terminated) this.inbox.forEach((f) => f({ data: copy })); }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

test('dist/web/engine.js serves the engine protocol with no Node globals: READY, then answers and errors', async () => {
  const w = new SandboxWorker(await builtEngine());
  for (const g of ['process', 'require', 'Buffer', 'setImmediate', 'module']) {
    assert.equal(vm.runInContext(`typeof ${g}`, w.context), 'undefined', `${g} is not there`);
  }
  const replies: unknown[] = [];
  w.addEventListener('message', (e) => replies.push((e as MessageEvent).data));
  w.postMessage({ id: 1, method: 'inspect', args: [{ source: 'x^2*y', language: 'math', at: { x: 3, y: 2 } }] } satisfies EngineCall);
  w.postMessage({ id: 2, method: 'inspect', args: [{ source: 'x + (y', language: 'math' }] } satisfies EngineCall);
  for (let i = 0; i < 500 && replies.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  w.terminate();
  assert.deepEqual(replies[0], { ready: true });
  const ok = replies[1] as { id: number; value: { partials: { wrt: string; value: number }[] } };
  assert.equal(ok.id, 1);
  assert.deepEqual(ok.value.partials.map((p) => [p.wrt, p.value]), [['x', 12], ['y', 9]]);
  const bad = replies[2] as { id: number; error: { name: string; line: number; code: string } };
  assert.equal(bad.id, 2);
  assert.equal(bad.error.name, 'PartialsError');
  assert.equal(bad.error.code, 'parse');
  assert.equal(bad.error.line, 1);
});

test('dist/web/engine.js: the translations posted first (platform.web.ts) make the worker\'s own messages read in the user\'s language', async () => {
  const key = 'Arrays are read in math, Python (NumPy, JAX, PyTorch), MATLAB/Octave, Julia, C++ (Eigen) and LaTeX; {0} is read as scalar code.';
  const zh = (JSON.parse(readFileSync(resolve(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>);
  assert.ok(zh[key]?.includes('{0}'), 'the zh-cn bundle translates the message');
  const script = await builtEngine();
  const ask = async (init: unknown) => {
    const w = new SandboxWorker(script);
    const replies: unknown[] = [];
    w.addEventListener('message', (e) => replies.push((e as MessageEvent).data));
    if (init !== undefined) w.postMessage(init);
    w.postMessage({ id: 7, method: 'tensorGraph', args: [{ source: 'x', language: 'rust' }] } satisfies EngineCall);
    for (let i = 0; i < 500 && replies.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    w.terminate();
    assert.deepEqual(replies[0], { ready: true }, 'READY first; the init message gets no reply');
    assert.equal(replies.length, 2);
    return (replies[1] as { id: number; error: { message: string } });
  };
  const translated = await ask({ l10n: zh });
  assert.equal(translated.id, 7);
  assert.equal(translated.error.message, zh[key].replace('{0}', 'rust'));
  const english = await ask({ l10n: null });
  assert.equal(english.error.message, key.replace('{0}', 'rust'));
  const noInit = await ask(undefined);
  assert.equal(noInit.error.message, key.replace('{0}', 'rust'), 'a first message that is a call is answered (in English)');
});

test('the engine client over webEngineThread and the web engine bundle: results equal the in-process engine, the hover SVG included', async () => {
  const script = await builtEngine();
  const local = createEngine();
  const engine = new WorkerEngine('engine.js', local, 60_000, () => webEngineThread(Promise.resolve(new SandboxWorker(script) as unknown as Worker)), true);
  try {
    const req = { source: 'z = w * x + b\np = 1 / (1 + exp(-z))', language: 'python', at: { w: 0.5, x: 2, b: -0.25 } };
    const got = await engine.call('inspect', [req]);
    assert.equal(engine.mode, 'worker');
    assert.deepEqual(got.partials.map((p) => p.value), local.inspect(req).partials.map((p) => p.value));
    // the hover's rows and their SVG images are built in the worker
    const hoverArgs: Parameters<typeof local.hoverAt> = [{ source: 'sqrt(x)*y', language: 'math', at: { x: 2, y: 3 } }, { style: { color: '#000', muted: '#777', fontSize: 14 }, digits: 6, notation: 'auto' }];
    const hover = await engine.call('hoverAt', hoverArgs);
    assert.deepEqual(hover, local.hoverAt(...hoverArgs));
    assert.ok(JSON.stringify(hover).includes('<svg'), 'with images');
    await assert.rejects(engine.call('inspect', [{ source: 'x +', language: 'math' }]), (e: Error & { code?: string }) => e.name === 'PartialsError' && e.code === 'parse');
  } finally {
    engine.dispose();
  }
});

test('webEngineThread: calls posted before the worker exists wait for it; errors become Errors; terminate before start stops it', async () => {
  const posted: unknown[] = [];
  let resolveWorker!: (w: Worker) => void;
  const fake = Object.assign(new EventTarget(), { postMessage: (m: unknown) => posted.push(m), terminate: () => { fake.terminated = true; }, terminated: false });
  const thread = webEngineThread(new Promise<Worker>((r) => { resolveWorker = r; }));
  const errors: string[] = [];
  const messages: unknown[] = [];
  thread.on('error', (e) => errors.push(e.message)).on('message', (m) => messages.push(m));
  thread.postMessage({ id: 1, method: 'inspect', args: [] });
  thread.postMessage({ id: 2, method: 'graph', args: [] });
  assert.deepEqual(posted, [], 'nothing can be sent before the worker exists');
  resolveWorker(fake as unknown as Worker);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(posted.map((m) => (m as EngineCall).id), [1, 2], 'sent in order once it runs');
  fake.dispatchEvent(Object.assign(new Event('message'), { data: { id: 1, value: 42 } }));
  assert.deepEqual(messages, [{ id: 1, value: 42 }]);
  const loadError = Object.assign(new Event('error', { cancelable: true }), { message: 'Uncaught NetworkError: importScripts failed' });
  fake.dispatchEvent(loadError);
  assert.deepEqual(errors, ['Uncaught NetworkError: importScripts failed']);
  assert.equal(loadError.defaultPrevented, true, 'handled: not reported again as an uncaught worker error');

  const failing = webEngineThread(Promise.reject(new Error('no such file')));
  const failed: string[] = [];
  failing.on('error', (e) => failed.push(e.message));
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(failed, ['the engine worker could not start: no such file']);

  let late!: (w: Worker) => void;
  const lateWorker = Object.assign(new EventTarget(), { postMessage: () => assert.fail('no call after terminate'), terminate: () => { lateWorker.terminated = true; }, terminated: false });
  const stopped = webEngineThread(new Promise<Worker>((r) => { late = r; }));
  stopped.postMessage({ id: 3, method: 'inspect', args: [] });
  stopped.terminate();
  late(lateWorker as unknown as Worker);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(lateWorker.terminated, true, 'a worker that arrives after terminate() is stopped at once');
});

test('a web engine script that fails to load makes the client fall back to the in-process engine', async () => {
  const local = createEngine();
  const engine = new WorkerEngine('engine.js', local, 60_000, () => webEngineThread(Promise.resolve(new SandboxWorker('throw new Error("boom")') as unknown as Worker)), true);
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(m);
  try {
    const got = await engine.call('inspect', [{ source: 'x*y', language: 'math', at: { x: 2, y: 3 } }]);
    assert.deepEqual(got.partials.map((p) => p.value), [3, 2]);
    assert.equal(engine.mode, 'in-process');
    assert.ok(warnings.some((w) => /in-process .*boom/.test(w)), JSON.stringify(warnings));
  } finally {
    console.warn = warn;
    engine.dispose();
  }
});

test('utf8Base64 (the hover image data: URI, with no Buffer on the web) is the same as Node\'s base64 of UTF-8', () => {
  for (const text of ['', 'x', '∂f/∂x = √x · σ(z) − 1 ≤ ∞', '<svg>𝑥 ₁²</svg>', 'é'.repeat(70_000)]) {
    assert.equal(utf8Base64(text), Buffer.from(text, 'utf8').toString('base64'));
  }
  assert.equal(svgDataUri('<svg/>'), `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`);
});
