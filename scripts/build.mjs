// Bundles the entry points — the thin extension host (dist/extension.js, CommonJS, vscode external) and its engine
// (dist/engine.js: the worker thread's, and the in-process fallback's), webview (browser), the CLI's launcher and
// engine (dist/cli-launcher.js, dist/cli.js), the web extension (dist/web/extension.js, for the web worker extension
// host) and its engine's Web Worker (dist/web/engine.js) — and mathjs's parser, which the engines require at the
// first parse (dist/mathjs-parse.js); prints each bundle's size and biggest parts (esbuild's metafile), and fails
// when the production extension host code (EXTENSION_HOST_FILES) is over EXTENSION_LIMIT_BYTES (see
// scripts/bundles.mjs for why the limit is on the production build) or when a web bundle imports a Node built-in
// (scripts/bundles.mjs, noNodeBuiltins and nodeImportsIn).
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { bundleTargets, EXTENSION_HOST_FILES, EXTENSION_LIMIT_BYTES, extensionHostBytes, extensionSizeProblem, kb, MATHJS_PARSE_FILE, mergeMetafiles, nodeImportsIn, sizeReport, WEB_ENGINE_FILE, WEB_EXTENSION_FILE } from './bundles.mjs';
await import('./copy-media.mjs').then((m) => m.copyMedia()); // KaTeX CSS and fonts into media/katex for the webview

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const targets = bundleTargets({ production });

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('[build] watching');
} else {
  let results;
  try {
    results = await Promise.all(targets.map((t) => esbuild.build(t)));
  } catch (e) {
    console.error(`[build] FAILED: ${e.errors?.map((x) => x.text).join('; ') ?? e.message}`);
    process.exit(1);
  }
  for (const [i, r] of results.entries()) {
    for (const { file, bytes, parts } of sizeReport(r.metafile)) {
      console.log(`[build] ${file} ${kb(bytes)}${production || targets[i].outfile === MATHJS_PARSE_FILE ? '' : ' (development)'}: ${parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
    }
  }
  // The web bundles run where there is no Node: no built-in, and nothing external but `vscode` in the extension and
  // nothing at all in the engine's worker (noNodeBuiltins already stops the build at a built-in; this reads what was
  // actually bundled).
  for (const [i, r] of results.entries()) {
    const allowed = { [WEB_EXTENSION_FILE]: ['vscode'], [WEB_ENGINE_FILE]: [] }[targets[i].outfile];
    if (!allowed) continue;
    const bad = nodeImportsIn(r.metafile, allowed);
    if (bad.length) {
      console.error(`[build] FAILED: the web bundle has Node imports: ${bad.join(', ')}`);
      process.exit(1);
    }
  }
  // The limit is on the production build: measure it (in memory) when this build is a development one.
  const prod = bundleTargets({ production: true });
  const isShipped = (t) => EXTENSION_HOST_FILES.includes(t.outfile);
  const shipped = production
    ? mergeMetafiles(...results.filter((_, i) => isShipped(targets[i])).map((r) => r.metafile))
    : mergeMetafiles(...await Promise.all(prod.filter(isShipped).map(async (t) => (await esbuild.build({ ...t, write: false })).metafile)));
  const problem = extensionSizeProblem(shipped);
  if (problem) {
    console.error(`[build] FAILED: ${problem}`);
    process.exit(1);
  }
  console.log(`[build] production ${EXTENSION_HOST_FILES.map((f) => f.replace('dist/', '')).join(' + ')} ${kb(extensionHostBytes(shipped).total)} ≤ ${kb(EXTENSION_LIMIT_BYTES)} limit`);
}
