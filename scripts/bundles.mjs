// The esbuild configuration of the three bundles, shared by scripts/build.mjs and the benchmark (bench/coldstart.ts).

/**
 * The limit on the extension host's code — dist/extension.js and the mathjs parser it requires at the first parse
 * (dist/mathjs-parse.js) — checked on every build (scripts/build.mjs fails above it). It applies to the production
 * build (`--production`, minified: what `vsce package` ships and VS Code loads for users): that is the code whose
 * download, parse and compile time users pay. The development build (not minified, with comments, for readable
 * stack traces) is reported beside it and is not limited: it is about 1.7 times the size of the same code.
 */
export const EXTENSION_LIMIT_BYTES = 1_000_000;

/**
 * mathjs's parser, on its own: `create` and `parseDependencies` of the number-only build, tree-shaken (145 kB
 * instead of the 1.4 MB that `import { parse } from 'mathjs'` brings). src/core/lower.ts require()s it at the first
 * parse, so it is a file of its own beside the bundles: activating the extension does not even read it, and
 * esbuild cannot tree-shake a package reached through require() inside a bundle (`export *` in mathjs's entry).
 */
export const MATHJS_PARSE_FILE = 'dist/mathjs-parse.js';

/** In the extension and CLI bundles, `mathjs/number` is the file above (a path relative to the bundle). */
export function mathjsParseOnly() {
  return {
    name: 'mathjs-parse-only',
    setup(build) {
      build.onResolve({ filter: /^mathjs\/number$/ }, () => ({ path: './mathjs-parse.js', external: true }));
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
    {
      // third-party code: minified in development builds too
      ...common, sourcemap: false, minify: true, outfile: MATHJS_PARSE_FILE, platform: 'node', format: 'cjs', target: 'node18',
      stdin: { contents: "export { create, parseDependencies } from 'mathjs/number';", resolveDir: process.cwd(), loader: 'js', sourcefile: 'mathjs-parse.js' },
    },
  ];
}

/** Bytes of each output and the biggest contributors (npm package or source folder) from esbuild's metafile. */
export function sizeReport(metafile, top = 6) {
  const rows = [];
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const by = new Map();
    for (const [input, v] of Object.entries(out.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      by.set(pkg, (by.get(pkg) ?? 0) + v.bytesInOutput);
    }
    rows.push({ file, bytes: out.bytes, parts: [...by].filter(([, v]) => v >= 500).sort((a, b) => b[1] - a[1]).slice(0, top) });
  }
  return rows;
}

export const kb = (n) => `${(n / 1000).toFixed(0)} kB`;

/**
 * The build's verdict on the production extension host code (dist/extension.js + dist/mathjs-parse.js, from the
 * metafiles of their builds): undefined when it is within the limit, else why not.
 */
export function extensionSizeProblem(metafile, limit = EXTENSION_LIMIT_BYTES) {
  const ext = metafile.outputs['dist/extension.js'];
  const parser = metafile.outputs[MATHJS_PARSE_FILE];
  if (!ext || !parser) return 'dist/extension.js and dist/mathjs-parse.js are not both among the outputs';
  const bytes = ext.bytes + parser.bytes;
  if (bytes <= limit) return undefined;
  const parts = sizeReport({ outputs: { 'dist/extension.js': ext } })[0].parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ');
  return `the production dist/extension.js + mathjs-parse.js are ${kb(ext.bytes)} + ${kb(parser.bytes)}, over the ${kb(limit)} limit ` +
    `(biggest parts of dist/extension.js: ${parts}). Keep large packages out of the extension host bundle, or load them lazily.`;
}

/** Both metafiles as one (outputs of several builds). */
export const mergeMetafiles = (...metas) => ({ inputs: Object.assign({}, ...metas.map((m) => m.inputs)), outputs: Object.assign({}, ...metas.map((m) => m.outputs)) });
