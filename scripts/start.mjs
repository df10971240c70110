// `npm start`: Partials in a real VS Code in the browser. Installs what is missing (npm packages, Debian packages,
// Node 24 + code-server into .vscode-test-env/), builds, starts code-server on 127.0.0.1 with the extension loaded
// from this working tree and the demo workspace, and prints the URL. Ctrl+C stops the server.
// usage: npm start [-- --port N] [--folder DIR] [--profile DIR] [--watch] [--check]
//   --profile  where code-server keeps settings, state and logs (default .vscode-test-env/start)
//   --watch  rebuild on change (then run "Developer: Reload Window" in the browser)
//   --check  open the workbench in headless Chromium, check Partials is loaded, screenshot, stop (for CI/smoke tests)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const t0 = Date.now();
const say = (m) => console.log(`[start ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`[start] ${cmd} ${args.join(' ')} failed (exit ${r.status})`); process.exit(1); }
};

// 1. what the build needs, then a real VS Code
if (!existsSync(join(ROOT, 'node_modules/esbuild')) || !existsSync(join(ROOT, 'node_modules/playwright-core'))) {
  say('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}
run('bash', [join(ROOT, 'scripts/vscode/install.sh')]);
const { freePort, launchBrowser, startServer } = await import('./vscode/server.mjs');

// 2. build
run('node', ['scripts/build.mjs']);
say('built dist/');

// 3. a persistent profile (settings, open editors survive restarts) with the extension linked from source
const runDir = resolve(opt('--profile', join(ROOT, '.vscode-test-env/start')));
const extensionsDir = join(runDir, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const linkName = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
for (const entry of readdirSync(extensionsDir)) {
  // drop links to older versions (and a stale index VS Code would otherwise trust)
  const p = join(extensionsDir, entry);
  if (entry.startsWith(`${pkg.publisher}.${pkg.name}-`) && lstatSync(p).isSymbolicLink()) unlinkSync(p);
}
rmSync(join(extensionsDir, 'extensions.json'), { force: true });
symlinkSync(ROOT, join(extensionsDir, linkName));

const folder = resolve(opt('--folder', join(ROOT, 'demo')));
const wanted = Number(opt('--port', process.env.PORT ?? 8080));
const port = (await portFree(wanted)) ? wanted : await freePort();
const server = await startServer({ port, workspace: folder, runDir, settings: { 'editor.hover.delay': 300 } });
const url = `${server.url}/?folder=${folder.split('/').map(encodeURIComponent).join('/')}`;
say(`code-server ${server.pid} listening on 127.0.0.1:${port} (log: ${join(runDir, 'server.log')})`);

let watcher;
const stop = async (code = 0) => {
  watcher?.kill('SIGTERM');
  await server.stop({ keepRunDir: true });
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

if (argv.includes('--check')) {
  const ok = await check(url);
  await stop(ok ? 0 : 1);
}
if (argv.includes('--watch')) {
  watcher = spawn('node', ['scripts/build.mjs', '--watch'], { cwd: ROOT, stdio: 'inherit' });
  // server.mjs's signal handler stops the server and exits at once: stop the watcher on the way out too
  process.on('exit', () => watcher.kill('SIGTERM'));
}
console.log(`\n  Partials is running in VS Code:  ${url}\n  (loopback only; Ctrl+C stops it. Extension loaded from ${ROOT}.)\n`);

/** True when nothing listens on 127.0.0.1:p (a second `npm start` picks another port instead of failing). */
function portFree(p) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(p, '127.0.0.1', () => s.close(() => res(true)));
  });
}

async function check(target) {
  const { context, close } = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(target);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    // the palette lists the commands known when it opens: reopen until the extension host has registered ours
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Partials: Inspect Selection' }).first();
    for (let i = 0; ; i++) {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget .quick-input-box input').fill('>Partials: Inspect Selection');
      const found = await row.waitFor({ timeout: 2000 }).then(() => true, () => false);
      await page.keyboard.press('Escape');
      if (found) break;
      if (i === 30) throw new Error('"Partials: Inspect Selection" is not in the Command Palette');
    }
    // then what a newcomer does first: open the demo, select an expression, inspect it, see its partials
    await page.keyboard.press('Control+P');
    const quick = page.locator('.quick-input-widget .quick-input-box input');
    await quick.fill('logistic.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'logistic.py' }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-line', { hasText: 'w * x + b' }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Control+F');
    await page.keyboard.insertText('w * x + b');
    await page.locator('.editor-instance .find-widget.visible .matchesCount', { hasText: /^1 of/ }).waitFor({ timeout: 10000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quick.fill('>Partials: Inspect Selection');
    await row.waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    const view = page.frameLocator('iframe.webview.ready[src*="extensionId=partials.partials"][src*="purpose=webviewView"]').first()
      .frameLocator('iframe#active-frame');
    const items = view.locator('[data-testid="partials-list"] > li');
    await items.first().waitFor({ timeout: 60000 });
    const n = await items.count();
    if (n !== 3) throw new Error(`the inspector shows ${n} partials for "w * x + b" (expected 3: w, x, b)`);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/start.png') });
    say('check passed: "Partials: Inspect Selection" on demo/logistic.py shows the 3 partials of w * x + b (test-results/start.png)');
    return true;
  } catch (e) {
    console.error('[start] check failed:', e?.message ?? e);
    return false;
  } finally {
    await close();
  }
}
