// Bundles the three entry points: extension host (CommonJS, vscode external), webview (browser), CLI (node); prints
// each bundle's size and biggest parts (esbuild's metafile), and fails when the production dist/extension.js is
// over EXTENSION_LIMIT_BYTES (see scripts/bundles.mjs for why the limit is on the production build).
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { bundleTargets, EXTENSION_LIMIT_BYTES, extensionSizeProblem, kb, sizeReport } from './bundles.mjs';
await import('./copy-media.mjs').then((m) => m.copyMedia()); // KaTeX CSS and fonts into media/katex for the webview

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const targets = bundleTargets({ production });

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('[build] watching');
} else {
  const results = await Promise.all(targets.map((t) => esbuild.build(t)));
  for (const r of results) {
    for (const { file, bytes, parts } of sizeReport(r.metafile)) {
      console.log(`[build] ${file} ${kb(bytes)}${production ? '' : ' (development)'}: ${parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
    }
  }
  // The limit is on the production build: measure it (in memory) when this build is a development one.
  const extension = targets[0];
  const shipped = production
    ? results[0].metafile
    : (await esbuild.build({ ...bundleTargets({ production: true })[0], write: false })).metafile;
  const problem = extensionSizeProblem(shipped);
  if (problem) {
    console.error(`[build] FAILED: ${problem}`);
    process.exit(1);
  }
  console.log(`[build] production ${extension.outfile} ${kb(shipped.outputs[extension.outfile].bytes)} ≤ ${kb(EXTENSION_LIMIT_BYTES)} limit`);
}
