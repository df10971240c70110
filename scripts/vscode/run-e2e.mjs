// Browser end-to-end tests: starts code-server on 127.0.0.1 with a copy of demo/ as the workspace, then runs
// test/e2e/*.e2e.ts (node:test + playwright-core + Debian Chromium) against it. Screenshots go to test-results/.
// Writes {"passed":N,"failed":M} to $PARTIALS_RESULT; exit code 0 only if all passed.
// usage: node scripts/vscode/run-e2e.mjs [test/e2e/<file>.e2e.ts ...] [--keep]   (needs `node scripts/build.mjs` first)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDemo, removeDemo, removeOnExit, ensureInstalled, ROOT, startServer } from './server.mjs';

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const files = argv.filter((a) => a.endsWith('.ts'));
// (to run some tests of a file only: --test-name-pattern=…, passed on to node --test)
const patterns = argv.filter((a) => a.startsWith('--test-name-pattern='));
const t0 = Date.now();
const lap = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

let server, workspace, result = null, exitCode = 2;
const tmp = mkdtempSync(join(tmpdir(), 'partials-e2e-'));
removeOnExit(tmp);
try {
  ensureInstalled();
  if (!existsSync(join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first');
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  workspace = copyDemo();
  server = await startServer({ workspace });
  lap(`code-server on ${server.url}, workspace ${workspace}`);
  const tap = join(tmp, 'e2e.tap');
  const tests = files.length ? files : readdirSync(join(ROOT, 'test/e2e')).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => join('test/e2e', f));
  const child = spawn('node', ['--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...patterns, ...tests], {
    cwd: ROOT, stdio: 'inherit',
    env: { ...process.env, PARTIALS_E2E_URL: server.url, PARTIALS_E2E_WORKSPACE: workspace, PARTIALS_E2E_SERVER_LOG: join(server.runDir, 'server.log') },
  });
  const status = await new Promise((r) => child.once('exit', (code) => r(code)));
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? NaN);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? NaN);
  result = Number.isFinite(pass) && Number.isFinite(fail) ? { passed: pass, failed: fail } : { passed: 0, failed: 1 };
  if (status !== 0 && result.failed === 0) result.failed = 1;
  exitCode = result.failed === 0 && status === 0 ? 0 : 1;
} catch (e) {
  console.error('[e2e] harness error:', e?.stack ?? e);
  result ??= { passed: 0, failed: 1 };
} finally {
  if (server && !keep) await server.stop();
  else if (server) console.log(`[e2e] kept ${server.runDir}`);
  if (workspace && !keep) removeDemo(workspace);
  rmSync(tmp, { recursive: true, force: true });
}
if (process.env.PARTIALS_RESULT) writeFileSync(process.env.PARTIALS_RESULT, JSON.stringify(result));
lap(`${result.passed} passed, ${result.failed} failed`);
process.exit(exitCode);
