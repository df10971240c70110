import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BudgetError, CancelledError, inProcess, WorkerEngine } from '../../src/extension/engine/client';
import { run } from '../../src/extension/engine/worker';
import { createEngine } from '../../src/extension/engine/adapter';

const local = createEngine();

/** A stand-in worker speaking the engine protocol: 'inspect' echoes after args[0].delay ms, 'graph' throws. */
const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeWorker(): string {
  const dir = mkdtempSync(join(tmpdir(), 'partials-worker-'));
  dirs.push(dir);
  const file = join(dir, 'worker.cjs');
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (call) => {
      if (call.method === 'graph') {
        parentPort.postMessage({ id: call.id, error: { name: 'PartialsError', message: 'bad', line: 2, column: 5, code: 'parse' } });
        return;
      }
      if (call.args[0].exit !== undefined) process.exit(call.args[0].exit); // dies without an 'error' event
      const delay = call.args[0].delay ?? 0;
      const until = Date.now() + delay;
      while (Date.now() < until) {} // busy, like a long inspection
      parentPort.postMessage({ id: call.id, value: { echo: call.args[0], nan: NaN, map: new Map([['f/x', 'dfdx']]) } });
    });
  `);
  return file;
}

test('run(): values come back as they are, errors keep their PartialsError fields', () => {
  const ok = run(local, { id: 1, method: 'inspect', args: [{ source: 'x*y', language: 'math', at: { x: 2, y: 3 } }] });
  assert.equal(ok.id, 1);
  assert.deepEqual((ok.value as { partials: Array<{ value: number }> }).partials.map((p) => p.value), [3, 2]);
  const bad = run(local, { id: 2, method: 'inspect', args: [{ source: 'x + (y', language: 'math' }] });
  assert.equal(bad.error?.name, 'PartialsError');
  assert.equal(bad.error?.code, 'parse');
  assert.equal(bad.error?.line, 1);
  assert.ok((bad.error?.column ?? 0) > 1);
});

test('the in-process adapter answers like the engine, errors as rejections', async () => {
  const e = inProcess(local);
  const r = await e.call('inspect', [{ source: 'x^2', language: 'math', at: { x: 3 } }]);
  assert.equal(r.partials[0].value, 6);
  await assert.rejects(e.call('inspect', [{ source: 'x +', language: 'math' }]), (err: Error) => err.name === 'PartialsError');
});

test('a worker answers requests; NaN and Map survive; errors are revived with line and column', async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    const v = (await w.call('inspect', [{ source: 'a', delay: 0 } as never])) as unknown as { echo: { source: string }; nan: number; map: Map<string, string> };
    assert.equal(v.echo.source, 'a');
    assert.ok(Number.isNaN(v.nan));
    assert.equal(v.map.get('f/x'), 'dfdx');
    assert.equal(w.mode, 'worker');
    await assert.rejects(w.call('graph', [{ source: 'a' } as never]), (e: Error & { line?: number; column?: number; code?: string }) =>
      e.name === 'PartialsError' && e.message === 'bad' && e.line === 2 && e.column === 5 && e.code === 'parse');
  } finally {
    w.dispose();
  }
});

test('cancel() stops a busy worker: the old request rejects as cancelled, the next one gets a fresh worker', async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    const slow = w.call('inspect', [{ source: 'slow', delay: 5000 } as never]);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    w.cancel();
    await assert.rejects(slow, CancelledError);
    assert.ok(Date.now() - t0 < 1000, 'cancellation does not wait for the work');
    const next = (await w.call('inspect', [{ source: 'next', delay: 0 } as never])) as unknown as { echo: { source: string } };
    assert.equal(next.echo.source, 'next');
  } finally {
    w.dispose();
  }
});

test('a request past the timeout rejects with a clear message and the worker is replaced', async () => {
  // The fake worker is plain CommonJS: start it without this test process's `--import tsx` (execArgv is inherited
  // otherwise), whose loader set-up after 'online' took longer than the timeout on a loaded machine.
  const plain = (script: string) => new Worker(script, { execArgv: [] });
  const w = new WorkerEngine(fakeWorker(), local, 1500, plain);
  try {
    await assert.rejects(w.call('inspect', [{ source: 'slow', delay: 8000 } as never]), /took longer than 2 s|took longer than/);
    const next = (await w.call('inspect', [{ source: 'ok', delay: 0 } as never])) as unknown as { echo: { source: string } };
    assert.equal(next.echo.source, 'ok');
  } finally {
    w.dispose();
  }
});

test('a worker that cannot start hands its requests to the engine in-process, and later ones too', async () => {
  const w = new WorkerEngine(join(tmpdir(), 'partials-no-such-worker.cjs'), local);
  try {
    const r = await w.call('inspect', [{ source: 'x^3', language: 'math', at: { x: 2 } }]);
    assert.equal(r.partials[0].value, 12);
    assert.equal(w.mode, 'in-process');
    const again = await w.call('inspect', [{ source: 'x^2', language: 'math', at: { x: 5 } }]);
    assert.equal(again.partials[0].value, 10);
  } finally {
    w.dispose();
  }
});

// Plain CommonJS fakes start without the test runner's tsx loader (see above).
const plain = (script: string) => new Worker(script, { execArgv: [] });
type EchoOf = { echo: { source: string } };

test('a worker that exits without an error event fails the call at once, and the next call gets a new worker', async () => {
  const w = new WorkerEngine(fakeWorker(), local, 60_000, plain);
  try {
    await w.call('inspect', [{ source: 'warm' } as never]);
    const t0 = Date.now();
    await assert.rejects(w.call('inspect', [{ source: 'dies', exit: 3 } as never]), /worker stopped \(exit code 3\)/);
    assert.ok(Date.now() - t0 < 10_000, 'not after the 60 s timeout');
    const next = (await w.call('inspect', [{ source: 'after' } as never])) as unknown as EchoOf;
    assert.equal(next.echo.source, 'after');
    assert.equal(w.stats.spawned, 2);
  } finally {
    w.dispose();
  }
});

test('a call with a budget rejects with BudgetError past it; the work nobody waits for is stopped', async () => {
  const w = new WorkerEngine(fakeWorker(), local, 60_000, plain);
  try {
    await w.call('inspect', [{ source: 'warm' } as never]);
    await assert.rejects(w.call('inspect', [{ source: 'slow', delay: 20_000 } as never], { budgetMs: 100 }), (e: Error) =>
      e instanceof BudgetError && e.budgetMs === 100);
    const next = (await w.call('inspect', [{ source: 'next' } as never])) as unknown as EchoOf;
    assert.equal(next.echo.source, 'next');
    assert.equal(w.stats.killed, 1, 'the over-budget work was stopped at once');
  } finally {
    w.dispose();
  }
});

test('aborting one caller does not cancel another caller of the same request, nor other requests', async () => {
  const w = new WorkerEngine(fakeWorker(), local, 60_000, plain);
  try {
    await w.call('inspect', [{ source: 'warm' } as never]);
    const a = new AbortController();
    const first = w.call('inspect', [{ source: 'shared', delay: 400 } as never], { signal: a.signal });
    const second = w.call('inspect', [{ source: 'shared', delay: 400 } as never]);
    const other = w.call('inspect', [{ source: 'other' } as never]);
    a.abort();
    await assert.rejects(first, CancelledError);
    assert.equal(((await second) as unknown as EchoOf).echo.source, 'shared');
    assert.equal(((await other) as unknown as EchoOf).echo.source, 'other');
    assert.equal(w.stats.killed, 0);
    await assert.rejects(w.call('inspect', [{ source: 'x' } as never], { signal: AbortSignal.abort() }), CancelledError);
  } finally {
    w.dispose();
  }
});
