// A web-only copy of the extension for tests of the web worker extension host (test/e2e/web.e2e.ts): the manifest
// keeps its `browser` entry and loses `main`, with `extensionKind: ["web"]`, so the workbench can only run it in
// the web worker extension host (dist/web/extension.js; its engine in a Web Worker, dist/web/engine.js). The Node
// bundles are left out, so nothing can quietly load them. It also lists the internal command that reports where the
// extension runs ("Partials Test: Environment"), which the real manifest keeps out of the palette.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit, ROOT } from './server.mjs';

export const ENVIRONMENT_COMMAND = 'partials.internal.environment';
export const ENVIRONMENT_TITLE = 'Partials Test: Environment';

/** The manifest of the web-only copy, from the real one. */
export function webOnlyManifest(manifest) {
  const m = JSON.parse(JSON.stringify(manifest));
  delete m.main;
  m.extensionKind = ['web'];
  if (!m.browser) throw new Error('package.json has no "browser" entry');
  m.contributes.commands = [...(m.contributes.commands ?? []), { command: ENVIRONMENT_COMMAND, title: ENVIRONMENT_TITLE }];
  return m;
}

/** Writes the copy into a new temporary folder (removed at exit) and returns its path. */
export function makeWebOnlyCopy() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const f of [manifest.browser, 'dist/webview.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`node scripts/build.mjs\` first`);
  }
  const parent = mkdtempSync(join(tmpdir(), 'partials-web-ext-'));
  removeOnExit(parent);
  const dir = join(parent, 'partials-web');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(webOnlyManifest(manifest), null, 2));
  for (const f of ['package.nls.json', 'package.nls.zh-cn.json', 'language-configuration-dx.json', 'media', 'syntaxes', 'l10n', 'dist/web', 'dist/webview.js']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  }
  return dir;
}
