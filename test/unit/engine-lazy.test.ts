/**
 * The in-process engine is loaded at its first need only (activation loads the thin host, dist/extension.js): the
 * WorkerEngine takes a function that loads it, and calls it once, when it falls back to running in-process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerEngine } from '../../src/extension/engine/client';
import { localEngine } from '../../src/extension/engine/lazy';
import type { Engine } from '../../src/extension/engine/adapter';
import { t, useL10n } from '../../src/extension/l10n';

test('a worker that cannot start: the in-process engine is loaded then, once, and answers', async () => {
  let loads = 0;
  const load = (): Engine => {
    loads++;
    return localEngine().createEngine();
  };
  const engine = new WorkerEngine('engine.js', load, 60_000, () => { throw new Error('no workers here'); });
  assert.equal(loads, 0, 'nothing loaded before the first call');
  assert.equal(engine.mode, 'not started');
  const r = await engine.call('inspect', [{ source: 'x^2*y', language: 'math', at: { x: 3, y: 2 } }]);
  assert.deepEqual(r.partials.map((p) => p.value), [12, 9]);
  assert.equal(engine.mode, 'in-process');
  const again = await engine.call('inspect', [{ source: 'sin(x)', language: 'math', at: { x: 0 } }]);
  assert.equal(again.partials[0].value, 1);
  assert.equal(loads, 1, 'loaded once');
  // a name that is no method of the engine is refused by name, in-process too
  await assert.rejects(engine.call('constructor' as never, [] as never), /the engine has no constructor/);
  engine.dispose();
});

test('localEngine(): the same module every time, with the engine and the l10n switch of its own copy', () => {
  assert.equal(localEngine(), localEngine());
  assert.equal(typeof localEngine().createEngine, 'function');
  // from the sources, the engine's l10n module is the host's one: a bundle set there is seen here
  localEngine().useL10n({ 'The engine needed more than {0} ms.': '引擎用了超过 {0} 毫秒。' });
  try {
    assert.equal(t('The engine needed more than {0} ms.', 5), '引擎用了超过 5 毫秒。');
  } finally {
    useL10n(undefined);
  }
});

test('dist/engine.js, built: required on the host it is the in-process engine (with its parser beside it)', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createRequire } = await import('node:module');
  const { buildShippedEngine } = await import('../../scripts/bundles.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'partials-engine-file-'));
  try {
    const local = createRequire(__filename)(await buildShippedEngine(dir)) as typeof import('../../src/extension/engine/local');
    assert.equal(typeof local.useL10n, 'function');
    const engine = local.createEngine();
    assert.deepEqual(engine.inspect({ source: 'x^2*y', language: 'math', at: { x: 3, y: 2 } }).partials.map((p) => p.value), [12, 9]);
    // a text only mathjs's own parser reads (a matrix) makes the engine require ./mathjs-parse.js beside it
    assert.throws(() => engine.inspect({ source: '[1, 2] * x', language: 'math' }), (e: Error) => e.name === 'PartialsError');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
