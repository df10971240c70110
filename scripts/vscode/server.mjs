/* global fetch, Element */
// Start and stop code-server (a real VS Code: server + web workbench) on 127.0.0.1 for tests and `npm start`.
// Every file the server writes (settings, logs, sockets, ~/.config) stays inside one run directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync, mkdtempSync, cpSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ENV_DIR = process.env.VSCODE_ENV_DIR ?? join(ROOT, '.vscode-test-env');
export const NODE_BIN = join(ENV_DIR, 'node/node_modules/node/bin');
export const CS_BIN = join(ENV_DIR, 'code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Settings that keep the workbench quiet and deterministic (no tips, telemetry, update checks, AI chat). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.hover.delay': 100,
  'git.enabled': false,
  'files.autoSave': 'off',
};

/** Runs install.sh unless the environment is complete (the script itself is idempotent but checks apt). */
export function ensureInstalled() {
  const complete = existsSync(CS_BIN) && existsSync(join(ENV_DIR, 'code-server/.complete')) && existsSync(CHROMIUM);
  if (complete) return;
  const r = spawnSync('bash', [join(ROOT, 'scripts/vscode/install.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/vscode/install.sh failed (exit ${r.status})`);
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * Copies the demo workspace to <tmp>/partials-ws-XXXX/demo (the window title says "demo"), so tests that edit
 * files never touch the repository. removeDemo deletes the copy.
 */
export function copyDemo(prefix = 'partials-ws-') {
  const parent = mkdtempSync(join(tmpdir(), prefix));
  if (!process.argv.includes('--keep')) removeOnExit(parent);
  const ws = join(parent, 'demo');
  cpSync(join(ROOT, 'demo'), ws, { recursive: true });
  return ws;
}

export function removeDemo(ws) {
  rmSync(dirname(ws), { recursive: true, force: true });
}

const running = new Set();
const temporary = new Set();
let hooked = false;
/** On exit, and on Ctrl+C / SIGTERM / SIGHUP: kill the servers still running and delete the temporary folders. */
function hookExit() {
  if (hooked) return;
  hooked = true;
  const cleanUp = () => {
    for (const s of running) s.killNow();
    for (const d of temporary) rmSync(d, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => { cleanUp(); process.exit(130); });
  }
}

/** Deletes `dir` when the process exits or is interrupted (unless it is gone already). */
export function removeOnExit(dir) {
  temporary.add(dir);
  hookExit();
}

/**
 * Makes `locale` (e.g. `zh-cn`) resolvable as the display language of a server using `userDataDir`: VS Code only
 * switches to a language that an installed language pack provides (`languagepacks.json` in the user data
 * folder), and no language pack for VS Code itself is on the npm registry. This one translates none of VS Code's
 * own strings (the workbench stays English), but with it `--locale` takes effect: `vscode.env.language` is the
 * locale, and extensions' package.nls.<locale>.json and l10n/bundle.l10n.<locale>.json are the ones loaded.
 */
export function writeTestLanguagePack(userDataDir, locale) {
  const dir = join(userDataDir, 'test-language-pack', locale);
  mkdirSync(dir, { recursive: true });
  const core = join(dir, 'main.i18n.json');
  writeFileSync(core, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [locale]: {
      hash: `partials-test-${locale}`, translations: { vscode: core }, label: locale,
      extensions: [{ extensionIdentifier: { id: `partials-test.language-pack-${locale}` }, version: '0.0.0' }],
    },
  }, null, 2));
}

/**
 * Starts code-server bound to 127.0.0.1 with no auth; resolves once /healthz answers.
 * options: port, workspace, runDir (created if missing), settings, env (extra server env), extensionsDir,
 * locale (the display language, with writeTestLanguagePack's pack when it is not English).
 */
export async function startServer({ port, workspace, runDir, settings = {}, env = {}, quiet = true, locale }) {
  if (!existsSync(CS_BIN)) throw new Error(`code-server is not installed in ${ENV_DIR}: run scripts/vscode/install.sh`);
  port ??= await freePort();
  if (!runDir) {
    runDir = mkdtempSync(join(tmpdir(), 'partials-cs-'));
    if (!process.argv.includes('--keep')) removeOnExit(runDir);
  }
  for (const d of ['user-data/User', 'extensions', 'home', 'tmp']) mkdirSync(join(runDir, d), { recursive: true });
  writeFileSync(join(runDir, 'user-data/User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  writeFileSync(join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = ['--config', join(runDir, 'config.yaml'), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions'), workspace];
  if (locale) {
    if (!/^en\b/i.test(locale)) writeTestLanguagePack(join(runDir, 'user-data'), locale);
    args.unshift('--locale', locale);
  }
  const log = openSync(join(runDir, 'server.log'), 'a');
  const serverEnv = {
    ...process.env, ...env,
    HOME: join(runDir, 'home'), TMPDIR: join(runDir, 'tmp'),
    PATH: `${NODE_BIN}:${process.env.PATH}`,
  };
  // a developer's shell (or a VS Code terminal) may carry these; they would point the server at another instance
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'VSCODE_IPC_HOOK_CLI', 'CODE_SERVER_PARENT_PID', 'VSCODE_PROXY_URI']) delete serverEnv[k];
  const child = spawn(CS_BIN, args, {
    // its own process group (detached), so stopping it also stops the extension host and file watchers
    detached: true,
    stdio: ['ignore', log, log],
    env: serverEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  const server = {
    url, port, runDir, workspace, pid: child.pid,
    killNow() {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      running.delete(server);
    },
    async stop({ keepRunDir = false } = {}) {
      running.delete(server);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      for (let i = 0; i < 50; i++) {
        try { process.kill(-child.pid, 0); } catch { break; }
        await new Promise((r) => setTimeout(r, 100));
      }
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* stopped */ }
      if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
    },
  };
  running.add(server);
  hookExit();
  let exited = null;
  child.once('exit', (code) => { exited = code; });
  for (let i = 0; i < 600; i++) {
    if (exited !== null) break;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) {
        if (!quiet) console.log(`[code-server] up on ${url} (pid ${child.pid})`);
        return server;
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const logText = readFileSync(join(runDir, 'server.log'), 'utf8');
  await server.stop({ keepRunDir: true });
  throw new Error(`code-server did not start (exit ${exited}); log:\n${logText}`);
}

/** Launches Debian Chromium with a throwaway profile (kept out of the real HOME). */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'partials-chromium-'));
  removeOnExit(userDataDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, viewport,
    env: { ...process.env, HOME: userDataDir },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Web workbench 1.139 honours the `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath) only when
 * developmentOptions.enableSmokeTestDriver is set; code-server has no flag for it, so the page's configuration is
 * patched in this browser only.
 */
export async function enableDevPayload(page) {
  await page.addInitScript(() => {
    const orig = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (name) {
      const v = orig.call(this, name);
      if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && v) {
        const c = JSON.parse(v);
        c.developmentOptions = { ...(c.developmentOptions || {}), enableSmokeTestDriver: true };
        return JSON.stringify(c);
      }
      return v;
    };
  });
}

/** The workbench URL that opens `folder` with the extension loaded from source (and optionally a test runner). */
export function devUrl(server, { folder, extensionPath = ROOT, testsPath } = {}) {
  const authority = new URL(server.url).host;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`]];
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  return `${server.url}/?folder=${encodeURIComponent(folder ?? server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
