// Bundles the three entry points — extension host (CommonJS, vscode external), webview (browser), CLI (node) — and
// mathjs's parser, which the extension and the CLI require at the first parse (dist/mathjs-parse.js); prints
// each bundle's size and biggest parts (esbuild's metafile), and fails when the production dist/extension.js is
// over EXTENSION_LIMIT_BYTES (see scripts/bundles.mjs for why the limit is on the production build).
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { bundleTargets, EXTENSION_LIMIT_BYTES, extensionSizeProblem, kb, MATHJS_PARSE_FILE, mergeMetafiles, sizeReport } from './bundles.mjs';
await import('./copy-media.mjs').then((m) => m.copyMedia()); // KaTeX CSS and fonts into media/katex for the webview

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const targets = bundleTargets({ production });

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('[build] watching');
} else {
  const results = await Promise.all(targets.map((t) => esbuild.build(t)));
  for (const [i, r] of results.entries()) {
    for (const { file, bytes, parts } of sizeReport(r.metafile)) {
      console.log(`[build] ${file} ${kb(bytes)}${production || targets[i].outfile === MATHJS_PARSE_FILE ? '' : ' (development)'}: ${parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
    }
  }
  // The limit is on the production build: measure it (in memory) when this build is a development one.
  const prod = bundleTargets({ production: true });
  const shipped = production
    ? mergeMetafiles(results[0].metafile, results[3].metafile)
    : mergeMetafiles(...await Promise.all([prod[0], prod[3]].map(async (t) => (await esbuild.build({ ...t, write: false })).metafile)));
  const problem = extensionSizeProblem(shipped);
  if (problem) {
    console.error(`[build] FAILED: ${problem}`);
    process.exit(1);
  }
  const bytes = shipped.outputs['dist/extension.js'].bytes + shipped.outputs[MATHJS_PARSE_FILE].bytes;
  console.log(`[build] production dist/extension.js + mathjs-parse.js ${kb(bytes)} ≤ ${kb(EXTENSION_LIMIT_BYTES)} limit`);
}
