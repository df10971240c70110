// Bundles the extension-host suites (test/vscode/*.ts) to out/test/vscode/*.js: CommonJS for the extension host,
// `vscode` and `mocha` resolved at run time (from the host and from node_modules).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

export const OUT_DIR = join(ROOT, 'out/test/vscode');

export async function buildTests() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const src = join(ROOT, 'test/vscode');
  const entryPoints = readdirSync(src).filter((f) => f.endsWith('.ts') && f !== 'helpers.ts').map((f) => join(src, f));
  await esbuild.build({
    entryPoints, outdir: OUT_DIR, bundle: true, platform: 'node', format: 'cjs', target: 'node18',
    external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
  });
  return OUT_DIR;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildTests();
  console.log(`[build-tests] ${OUT_DIR}`);
}
