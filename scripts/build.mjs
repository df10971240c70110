// Bundles the three entry points: extension host (CommonJS, vscode external), webview (browser), CLI (node).
import * as esbuild from 'esbuild';
await import('./copy-media.mjs').then((m) => m.copyMedia()); // KaTeX CSS and fonts into media/katex for the webview

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18' },
];

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log('[build] dist/extension.js dist/webview.js dist/cli.js');
}
