// The web build (scripts/bundles.mjs webTargets): no Node built-in may reach dist/web/*. The checks are proved to fire
// on entries that import one, and to pass on the real bundles, whose platform module is the web one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { isNodeBuiltin, mathjsParseBundled, nodeImportsIn, noNodeBuiltins, WEB_ENGINE_FILE, WEB_EXTENSION_FILE, webPlatform, webTargets } from '../../scripts/bundles.mjs';
import { ENVIRONMENT_COMMAND, webOnlyManifest } from '../../scripts/vscode/web-copy.mjs';

const ROOT = resolve(__dirname, '../..');

/** Builds `files` (the first is the entry) as a web bundle would be built, in memory. */
async function buildWeb(files: Record<string, string>, extra: Partial<esbuild.BuildOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'partials-web-build-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await esbuild.build({
      entryPoints: [join(dir, Object.keys(files)[0])], bundle: true, write: false, metafile: true, logLevel: 'silent',
      platform: 'browser', format: 'cjs', external: ['vscode'], plugins: [noNodeBuiltins()], absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')], ...extra,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const builtinError = (name: string) => (e: unknown) => {
  const text = (e as { errors?: { text: string }[] }).errors?.map((x) => x.text).join('\n') ?? String(e);
  assert.match(text, new RegExp(`Node built-in "${name.replace('/', '\\/')}" imported by .*helper\\.ts`));
  assert.match(text, /src\/extension\/platform\.ts/, 'says where such code goes');
  return true;
};

test('the web build fails when a module imports a Node built-in: node:path, fs, fs/promises, child_process, os', async () => {
  for (const [name, line] of [
    ['node:path', "import { join } from 'node:path'; export const f = (a: string) => join(a, 'b');"],
    ['fs', "import * as fs from 'fs'; export const f = (a: string) => fs.existsSync(a);"],
    ['fs/promises', "export const f = async (a: string) => (await import('fs/promises')).readFile(a);"],
    ['child_process', "export const f = () => require('child_process').spawnSync('ls');"],
    ['os', "import { tmpdir } from 'os'; export const f = (_: string) => tmpdir();"],
  ]) {
    await assert.rejects(buildWeb({ 'entry.ts': "import { f } from './helper'; console.log(f('x'));", 'helper.ts': line }), builtinError(name), name);
  }
});

test('a clean entry builds; a package that only tries a built-in its browser field disables (seedrandom: "crypto": false) is fine', async () => {
  const clean = await buildWeb({ 'entry.ts': "import * as vscode from 'vscode'; export const f = () => vscode.window.showInformationMessage('hi');" });
  assert.deepEqual(nodeImportsIn(clean.metafile!), []);
  const seeded = await buildWeb({ 'entry.ts': "import seedrandom from 'seedrandom'; console.log(seedrandom('a')());" });
  assert.deepEqual(nodeImportsIn(seeded.metafile!), []);
});

test('the metafile check finds Node built-ins and externals other than vscode that a build let through', async () => {
  // esbuild with the built-in marked external and no plugin: the bundle would require it at run time
  const leaky = await esbuild.build({
    stdin: { contents: "import { tmpdir } from 'node:os'; import 'leftpad'; import * as vscode from 'vscode'; console.log(tmpdir(), vscode);", resolveDir: ROOT, loader: 'ts' },
    bundle: true, write: false, metafile: true, logLevel: 'silent', platform: 'browser', format: 'cjs', external: ['vscode', 'node:os', 'leftpad'],
  });
  const found = nodeImportsIn(leaky.metafile!);
  assert.ok(found.some((f) => f.endsWith('imports "node:os"')), JSON.stringify(found));
  assert.ok(found.some((f) => f.endsWith('imports "leftpad"')), JSON.stringify(found));
  assert.ok(!found.some((f) => f.endsWith('imports "vscode"')), 'vscode is allowed in the extension');
  assert.ok(nodeImportsIn(leaky.metafile!, []).some((f) => f.endsWith('imports "vscode"')), 'and not in the engine worker');
  assert.equal(isNodeBuiltin('node:test'), true);
  assert.equal(isNodeBuiltin('worker_threads'), true);
  assert.equal(isNodeBuiltin('pathological'), false);
});

test('the real web bundles build clean: the web platform module, mathjs parser inside, no Node import, no vscode in the engine', async () => {
  const [ext, engine] = await Promise.all(webTargets().map((t) => esbuild.build({ ...t, write: false, logLevel: 'silent', absWorkingDir: ROOT })));
  assert.deepEqual(nodeImportsIn(ext.metafile!, ['vscode']), []);
  assert.deepEqual(nodeImportsIn(engine.metafile!, []), []);
  const inputs = Object.keys(ext.metafile!.inputs);
  assert.ok(inputs.includes('src/extension/platform.web.ts') && !inputs.includes('src/extension/platform.ts'), 'platform.ts is swapped for platform.web.ts');
  assert.ok(inputs.includes('src/extension/extension.web.ts') && !inputs.includes('src/extension/extension.ts'));
  const engineInputs = Object.keys(engine.metafile!.inputs);
  assert.ok(engineInputs.includes('src/extension/engine/worker.web.ts') && !engineInputs.some((i) => /platform/.test(i)), 'the engine needs no platform module');
  assert.ok(engineInputs.includes('mathjs-parse:mathjs-parse.js'), "mathjs's parser is bundled (a web worker cannot require a file)");
  // tree-shaken to the parser: far below all of mathjs (~670 kB minified)
  const parser = engine.metafile!.outputs[Object.keys(engine.metafile!.outputs).find((o) => o.endsWith('engine.js'))!].inputs['mathjs-parse:mathjs-parse.js'];
  assert.ok(parser.bytesInOutput < 300_000, `${parser.bytesInOutput} bytes of mathjs`);
  assert.deepEqual(webTargets().map((t) => t.outfile), [WEB_EXTENSION_FILE, WEB_ENGINE_FILE]);
  assert.ok(webPlatform() && mathjsParseBundled(), 'plugins exported for the bench and tests');
});

test('package.json: the browser entry is the web bundle; the web-only test manifest runs only there', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.browser, `./${WEB_EXTENSION_FILE}`);
  assert.equal(manifest.main, './dist/extension.js');
  const web = webOnlyManifest(manifest);
  assert.equal(web.main, undefined);
  assert.deepEqual(web.extensionKind, ['web']);
  assert.equal(web.browser, manifest.browser);
  assert.ok(web.contributes.commands.some((c: { command: string }) => c.command === ENVIRONMENT_COMMAND));
  assert.ok(!manifest.contributes.commands.some((c: { command: string }) => c.command === ENVIRONMENT_COMMAND), 'the real palette does not list the test command');
  assert.ok(manifest.contributes.commands.length > 0 && web.contributes.commands.length === manifest.contributes.commands.length + 1);
});

test('activation starts no engine worker and loads no engine, in the Node build and the web build (bench/activation-probe.mjs, stub vscode, 1 s idle)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'partials-activation-'));
  try {
    const { bundleTargets, EXTENSION_HOST_FILES } = await import('../../scripts/bundles.mjs');
    for (const t of bundleTargets().filter((t) => [...EXTENSION_HOST_FILES, WEB_EXTENSION_FILE].includes(t.outfile))) {
      await esbuild.build({ ...t, sourcemap: false, outfile: join(dir, t.outfile), logLevel: 'silent', absWorkingDir: ROOT });
    }
    for (const file of ['dist/extension.js', WEB_EXTENSION_FILE]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bench/activation-probe.mjs'), join(dir, file)], { encoding: 'utf8', timeout: 60_000 });
      const probe = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; error?: string; engine?: string; engineAfterIdle?: string; loaded?: string[] };
      assert.equal(probe.ok, true, `${file}: ${probe.error ?? r.stderr}`);
      assert.equal(probe.engine, 'not started', `${file}: no worker during activate()`);
      assert.equal(probe.engineAfterIdle, 'not started', `${file}: nor in the idle second after it`);
      // the Node build reads only the thin host: not the engine (dist/engine.js), nor mathjs's parser
      assert.deepEqual(probe.loaded, [file.split('/').pop()], `${file}: only itself is loaded`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
