// `npm start` itself: builds, serves the demo workspace on loopback with Partials linked from source, and stops cleanly.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, ROOT } from '../../scripts/vscode/server.mjs';

test('npm start serves the workbench with Partials loaded, then stops', { timeout: 180000 }, async () => {
  const port = await freePort();
  const t0 = Date.now();
  // its own profile: a developer's `npm start` may be running with the default one
  const profile = mkdtempSync(join(tmpdir(), 'partials-start-'));
  const r = spawnSync('node', ['scripts/start.mjs', '--check', '--port', String(port), '--profile', profile], { cwd: ROOT, encoding: 'utf8', timeout: 170000 });
  // the profile links the repository as an extension: drop the link itself before removing the folder
  const exts = join(profile, 'extensions');
  for (const e of existsSync(exts) ? readdirSync(exts) : []) if (lstatSync(join(exts, e)).isSymbolicLink()) unlinkSync(join(exts, e));
  rmSync(profile, { recursive: true, force: true });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(out, new RegExp(`listening on 127\\.0\\.0\\.1:${port}`));
  assert.match(out, /check passed: "Partials: Inspect Selection" on demo\/logistic.py shows the 3 partials of w \* x \+ b/);
  const shot = join(ROOT, 'test-results/start.png');
  assert.ok(existsSync(shot) && statSync(shot).mtimeMs >= t0, 'test-results/start.png written by this run');
  // the server is gone: nothing answers on the port any more
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
});
