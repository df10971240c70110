// Request → view model (src/extension/inspector/pipeline.ts) in plain Node, against the in-process engine: the
// stages, the preview, the budget that skips checks and code on live updates, cancellation, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/extension/engine/adapter';
import { inProcess, type AsyncEngine } from '../../src/extension/engine/client';
import { computeModel, type PipelineInput } from '../../src/extension/inspector/pipeline';
import { emptyOverrides, type Target } from '../../src/extension/inspector/request';
import { settingsFrom } from '../../src/extension/settings';
import type { ViewModel } from '../../src/shared/protocol';

const engine = inProcess(createEngine());

function target(text: string, extra: Partial<Target> = {}): Target {
  return { uri: 'file:///t.py', file: 't.py', languageId: 'python', language: 'python', text, offset: 0, line: 4, character: 2, ...extra };
}

function input(t: Target, over: Partial<PipelineInput> = {}): PipelineInput {
  return {
    target: t, overrides: emptyOverrides(), format: { digits: 6, notation: 'auto' },
    ui: { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
    settings: settingsFrom(() => undefined), explicit: true, codeTarget: 'python', ...over,
  };
}

test('a result model with partials, graph, checks and code; the preview has the partials first', async () => {
  const previews: ViewModel[] = [];
  const overrides = { ...emptyOverrides(), at: { x: 2, y: 3 } };
  const out = await computeModel(engine, input(target('f = x*y + sin(x)'), { overrides }), {
    signal: new AbortController().signal, preview: (m) => previews.push(m),
  });
  assert.ok(out);
  const m = out.model;
  assert.equal(m.kind, 'result');
  assert.deepEqual(m.partials?.map((p) => `${p.of}/${p.wrt}=${p.value.toFixed(6)}`), [`f/x=${(3 + Math.cos(2)).toFixed(6)}`, 'f/y=2.000000']);
  assert.deepEqual(m.origin, { file: 't.py', line: 5, languageId: 'python', language: 'python' });
  assert.ok(m.graph && m.graph.nodes.some((n) => n.isInput && n.label === 'x'), 'the graph');
  assert.deepEqual(m.checks?.rows.map((r) => `${r.wrt}:${r.verdict}`), ['x:ok', 'y:ok']);
  assert.match(m.code?.code ?? '', /df_dx = .*cos\(x\)/);
  assert.equal(previews.length, 1);
  assert.equal(previews[0].checks, undefined, 'the preview comes before the checks');
  assert.deepEqual(previews[0].partials?.map((p) => p.value), m.partials?.map((p) => p.value));
  assert.ok(typeof out.inspectedAt === 'number');
});

test('the graph, checks and code wait for the preview to settle (the host waits for the partials to be painted)', async () => {
  const log: string[] = [];
  const spy: AsyncEngine = {
    call: async (method, args, opts) => {
      log.push(method);
      return engine.call(method, args, opts);
    },
    dispose: () => {},
  };
  let release!: () => void;
  const painted = new Promise<void>((resolve) => { release = resolve; });
  const run = computeModel(spy, input(target('f = x*y')), {
    signal: new AbortController().signal,
    preview: () => {
      log.push('preview');
      return painted;
    },
  });
  // the preview came, and nothing after it runs until its promise settles
  for (let i = 0; i < 50 && !log.includes('preview'); i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(log, ['inspectViewCode', 'preview']);
  log.push('painted');
  release();
  const out = await run;
  assert.deepEqual(log, ['inspectViewCode', 'preview', 'painted', 'graphModel', 'check', 'code']);
  assert.deepEqual(out?.model.checks?.rows.map((r) => r.verdict), ['ok', 'ok']);
});

test('a live update over its time budget skips checks and code and says so; a command runs them', async () => {
  let clock = 0;
  const slow: AsyncEngine = {
    call: async (method, args, opts) => {
      if (method === 'inspectViewCode') clock += 5000; // the partials "took" 5 s
      return engine.call(method, args, opts);
    },
    dispose: () => {},
  };
  const live = await computeModel(slow, input(target('f = x*y'), { explicit: false }), { signal: new AbortController().signal, now: () => clock });
  assert.equal(live?.model.checks, undefined);
  assert.equal(live?.model.code, undefined);
  assert.ok(live?.model.graph, 'the graph is still there');
  assert.ok(live?.model.warnings.some((w) => /skipped to keep typing responsive: inspecting took 5000 ms/.test(w)), String(live?.model.warnings));
  const cmd = await computeModel(slow, input(target('f = x*y'), { explicit: true }), { signal: new AbortController().signal, now: () => clock });
  assert.ok(cmd?.model.checks && cmd.model.code);
});

test('an aborted computation returns nothing and stops calling the engine', async () => {
  const calls: string[] = [];
  const abort = new AbortController();
  const spy: AsyncEngine = {
    call: (method, args, opts) => {
      calls.push(method);
      if (method === 'graphModel') abort.abort(); // a newer request arrives during the second stage
      return engine.call(method, args, opts);
    },
    dispose: () => {},
  };
  const out = await computeModel(spy, input(target('f = x*y')), { signal: abort.signal });
  assert.equal(out, undefined);
  assert.deepEqual(calls, ['inspectViewCode', 'graphModel']);
});

test('engine errors become an error model at the document position; oversized text is refused unread', async () => {
  const bad = await computeModel(engine, input(target('f = x + (y')), { signal: new AbortController().signal });
  assert.equal(bad?.model.kind, 'error');
  assert.equal(bad?.model.error?.line, 5);
  const calls: string[] = [];
  const spy: AsyncEngine = { call: (m, a, o) => (calls.push(m), engine.call(m, a, o)), dispose: () => {} };
  const big = await computeModel(spy, input(target(`f = ${'x+'.repeat(20_000)}x`)), { signal: new AbortController().signal });
  assert.equal(big?.model.kind, 'error');
  assert.equal(big?.model.error?.code, 'limit');
  assert.match(big?.model.error?.message ?? '', /Partials inspects at most 20000/);
  assert.deepEqual(calls, [], 'the engine never saw it');
});

test('a .dx base point is labelled as from the document unless the user overrode it', async () => {
  const t = target('f = a*b', { base: { at: { a: 2, b: 5 } } });
  const overrides = { ...emptyOverrides(), at: { b: 7 }, sources: { b: 'user' as const } };
  const out = await computeModel(engine, input(t, { overrides, ui: { ...input(t).ui, pointSources: { b: 'user' } } }), { signal: new AbortController().signal });
  const point = Object.fromEntries(out!.model.expression!.point.map((p) => [p.name, `${p.value}:${p.source}`]));
  assert.deepEqual(point, { a: '2:document', b: '7:user' });
});
