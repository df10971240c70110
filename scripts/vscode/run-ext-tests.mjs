// Extension-host tests inside a real VS Code: starts code-server on 127.0.0.1, opens the workbench in headless
// Chromium with extensionDevelopmentPath = this repository and extensionTestsPath = out/test/vscode/index.js,
// and relays the mocha output. Writes {"passed":N,"failed":M} to $PARTIALS_RESULT; exit code 0 only if all passed.
// usage: node scripts/vscode/run-ext-tests.mjs [--grep PATTERN] [--keep]   (needs `node scripts/build.mjs` first)
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { buildTests } from './build-tests.mjs';
import { copyDemo, removeDemo, devUrl, enableDevPayload, ensureInstalled, launchBrowser, ROOT, startServer } from './server.mjs';

const argv = process.argv.slice(2);
const grep = argv.includes('--grep') ? argv[argv.indexOf('--grep') + 1] : process.env.PARTIALS_VSCODE_GREP;
const keep = argv.includes('--keep');
const timeoutMs = Number(process.env.EXT_TEST_TIMEOUT_MS || 600000);
const t0 = Date.now();
const lap = (m) => console.log(`[ext-tests ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

function writeResult(r) {
  if (process.env.PARTIALS_RESULT) writeFileSync(process.env.PARTIALS_RESULT, JSON.stringify(r));
}

let server, browser, workspace;
let result = null;
let exitCode = 2;
try {
  ensureInstalled();
  if (!existsSync(join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first');
  const testsDir = await buildTests();
  workspace = copyDemo();
  server = await startServer({ workspace, env: { PARTIALS_VSCODE_GREP: grep ?? '' } });
  lap(`code-server on ${server.url}, workspace ${workspace}`);
  browser = await launchBrowser();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  let done;
  const exited = new Promise((r) => (done = r));
  // In test mode the workbench relays the extension host's console through codeAutomationLog.
  const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|getaddrinfo ENOTFOUND|\s+at )/;
  const relay = (text) => {
    const marker = /PARTIALS_MOCHA_RESULT (\{.*\})/.exec(text);
    if (marker) result = JSON.parse(marker[1]);
    else if (process.env.EXT_TEST_VERBOSE || !text.split('\n').every((l) => NOISE.test(l) || !l.trim())) {
      console.log(process.env.EXT_TEST_VERBOSE ? text : text.split('\n').filter((l) => !NOISE.test(l)).join('\n'));
    }
  };
  await page.exposeFunction('codeAutomationLog', (type, args) => relay(format(...args)));
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  page.on('console', (m) => {
    const t = m.text();
    if (!t.includes('[Extension Host]')) {
      if (process.env.EXT_TEST_VERBOSE) console.log('  [browser]', t.slice(0, 400));
      return;
    }
    relay(t.replace(/%c/g, '').replace(/\s*color: [a-z]*\s*/g, ' ').replace(/^\s*\[Extension Host\]\s*/, '').trimEnd());
  });
  page.on('pageerror', (e) => console.log('  [pageerror]', e.message));
  await enableDevPayload(page);
  await page.goto(devUrl(server, { folder: workspace, testsPath: join(testsDir, 'index.js') }));
  lap('workbench loading; tests run in the extension host');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  lap(`extension host exited with ${code}`);
  if (code === 'timeout') console.log(`[ext-tests] timed out after ${timeoutMs} ms`);
  if (!result) {
    console.log('[ext-tests] the suite did not report a result (did the extension host start? see the log above)');
    result = { passed: 0, failed: 1 };
  }
  exitCode = code === 0 && result.failed === 0 ? 0 : 1;
} catch (e) {
  console.error('[ext-tests] harness error:', e?.stack ?? e);
  result ??= { passed: 0, failed: 1 };
  exitCode = 2;
} finally {
  await browser?.close();
  if (server && !keep) await server.stop();
  else if (server) console.log(`[ext-tests] kept ${server.runDir}`);
  if (workspace && !keep) removeDemo(workspace);
}
writeResult(result);
lap(`${result.passed} passed, ${result.failed} failed`);
process.exit(exitCode);
