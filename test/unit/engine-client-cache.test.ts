// The inspector's worker client: repeated requests are answered from a cache, identical requests in flight are
// joined, and a superseded request is left to finish (starting a worker costs more) unless it runs long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, KILL_AFTER_MS, WorkerEngine } from '../../src/extension/engine/client';
import { createEngine } from '../../src/extension/engine/adapter';

const local = createEngine();

/** A stand-in worker: 'inspect' answers { echo, n } after args[0].delay ms, n counting the calls it ran. */
function fakeWorker(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'partials-worker-')), 'worker.cjs');
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    let n = 0;
    parentPort.on('message', (call) => {
      const until = Date.now() + (call.args[0].delay ?? 0);
      while (Date.now() < until) {}
      parentPort.postMessage({ id: call.id, value: { echo: call.args[0].source, n: ++n, warnings: [] } });
    });
  `);
  return file;
}

type Echo = { echo: string; n: number; warnings: string[] };
const ask = (w: WorkerEngine, source: string, delay = 0) => w.call('inspect', [{ source, delay } as never]) as unknown as Promise<Echo>;

test('a repeated request is answered from the cache, as a copy the caller may change', async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    const a = await ask(w, 'x*y');
    a.warnings.push('changed by the caller');
    const b = await ask(w, 'x*y');
    assert.deepEqual(b, { echo: 'x*y', n: 1, warnings: [] });
    assert.equal(w.stats.sent, 1);
    assert.equal(w.stats.cacheHits, 1);
    const c = await ask(w, 'x*z');
    assert.equal(c.n, 2, 'another request runs');
  } finally {
    w.dispose();
  }
});

test('an identical request in flight is joined, not sent again', async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    const [a, b] = await Promise.all([ask(w, 'sin(x)', 50), ask(w, 'sin(x)', 50)]);
    assert.equal(a.n, 1);
    assert.equal(b.n, 1);
    assert.equal(w.stats.sent, 1);
    assert.equal(w.stats.joined, 1);
  } finally {
    w.dispose();
  }
});

test('cancel(): a short superseded request finishes in the same worker; asking again joins it', async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    await ask(w, 'warm');
    const first = ask(w, 'exp(x)', 120);
    await new Promise((r) => setTimeout(r, 20));
    w.cancel();
    await assert.rejects(first, CancelledError);
    const again = await ask(w, 'exp(x)', 120);
    assert.equal(again.echo, 'exp(x)');
    assert.equal(w.stats.killed, 0, 'the worker was not stopped');
    assert.equal(w.stats.spawned, 1);
    assert.equal(w.stats.sent, 2, 'warm-up and exp(x), once');
  } finally {
    w.dispose();
  }
});

test(`cancel(): a superseded request still running after ${KILL_AFTER_MS} ms is stopped and the next runs in a new worker`, async () => {
  const w = new WorkerEngine(fakeWorker(), local);
  try {
    await ask(w, 'warm');
    const slow = ask(w, 'slow', 20_000);
    await new Promise((r) => setTimeout(r, 50));
    w.cancel();
    await assert.rejects(slow, CancelledError);
    const t0 = Date.now();
    const next = await ask(w, 'next');
    assert.equal(next.echo, 'next');
    assert.equal(next.n, 1, 'a fresh worker answered');
    assert.equal(w.stats.killed, 1);
    assert.ok(Date.now() - t0 < 15_000, 'not after the slow request');
  } finally {
    w.dispose();
  }
});
