// The esbuild configuration of the three bundles, shared by scripts/build.mjs and the benchmark (bench/coldstart.ts).
import * as esbuild from 'esbuild';

/**
 * The limit on dist/extension.js, checked on every build (scripts/build.mjs fails above it). It applies to the
 * production build (`--production`, minified: what `vsce package` ships and VS Code loads for users) — that is
 * the file whose download, parse and compile time users pay. The development build (not minified, with comments,
 * for readable stack traces) is reported beside it and is not limited: it is about twice the size of the same code.
 */
export const EXTENSION_LIMIT_BYTES = 1_000_000;

/**
 * dist/extension.js requires its VS Code side and its engine-worker side lazily (see src/extension/extension.ts),
 * and esbuild cannot tree-shake a package reached through require(): `export *` in mathjs's entry would pull all of
 * mathjs (1.4 MB) into the bundle for one `parse`. So `mathjs/number` is bundled first on its own, tree-shaken down
 * to the two names the engine imports, and that small module stands in for the package in the bundles.
 */
const MATHJS_NAMES = ['create', 'parseDependencies'];

export function mathjsParseOnly() {
  let prebuilt;
  return {
    name: 'mathjs-parse-only',
    setup(build) {
      build.onResolve({ filter: /^mathjs\/number$/ }, () => ({ path: 'mathjs/number', namespace: 'mathjs-parse-only' }));
      build.onLoad({ filter: /.*/, namespace: 'mathjs-parse-only' }, async () => {
        prebuilt ??= esbuild.build({
          stdin: { contents: `export { ${MATHJS_NAMES.join(', ')} } from 'mathjs/number';`, resolveDir: process.cwd(), loader: 'js' },
          bundle: true, write: false, format: 'esm', platform: 'node', target: 'node18',
          minify: true, legalComments: 'none', logLevel: 'warning', // third-party code: minified in development builds too
        }).then((r) => r.outputFiles[0].text);
        return { contents: await prebuilt, loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}

export function bundleTargets({ production = false } = {}) {
  const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', metafile: true };
  const plugins = [mathjsParseOnly()];
  return [
    { ...common, plugins, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
    { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
    { ...common, plugins, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18' },
  ];
}

/** Bytes of each output and the biggest contributors (npm package or source folder) from esbuild's metafile. */
export function sizeReport(metafile, top = 6) {
  const rows = [];
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const by = new Map();
    for (const [input, v] of Object.entries(out.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? (input.startsWith('mathjs-parse-only:') ? 'mathjs (parse only)' : input.split('/').slice(0, 2).join('/'));
      by.set(pkg, (by.get(pkg) ?? 0) + v.bytesInOutput);
    }
    rows.push({ file, bytes: out.bytes, parts: [...by].sort((a, b) => b[1] - a[1]).slice(0, top) });
  }
  return rows;
}

export const kb = (n) => `${(n / 1000).toFixed(0)} kB`;

/** The build's verdict on the production extension bundle: undefined when it is within the limit, else why not. */
export function extensionSizeProblem(metafile, limit = EXTENSION_LIMIT_BYTES) {
  const out = metafile.outputs['dist/extension.js'];
  if (!out) return 'dist/extension.js is not among the outputs';
  if (out.bytes <= limit) return undefined;
  const parts = sizeReport({ outputs: { 'dist/extension.js': out } })[0].parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ');
  return `the production dist/extension.js is ${kb(out.bytes)}, over the ${kb(limit)} limit (biggest parts: ${parts}). ` +
    'Keep large packages out of the extension host bundle, or load them lazily.';
}
