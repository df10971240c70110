// The esbuild configuration of the bundles, shared by scripts/build.mjs and the benchmark (bench/coldstart.ts).
import { builtinModules } from 'node:module';
import { resolve as resolvePath } from 'node:path';

/**
 * The limit on the extension host's code — dist/extension.js, the engine it starts (dist/engine.js) and the mathjs
 * parser the engine requires at the first parse (dist/mathjs-parse.js): EXTENSION_HOST_FILES — checked on every
 * build (scripts/build.mjs fails above it). It applies to the production build (`--production`, minified: what
 * `vsce package` ships and VS Code loads for users): that is the code whose download, parse and compile time users
 * pay. The development build (not minified, with comments, for readable
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

/**
 * The engine of the Node extension host (src/extension/engine/node.ts): the worker thread runs it, and the host
 * requires it only for the in-process fallback (src/extension/engine/lazy.ts), so activation does not load it.
 */
export const ENGINE_FILE = 'dist/engine.js';

/** The files of the Node extension host's code, whose production size EXTENSION_LIMIT_BYTES bounds. */
export const EXTENSION_HOST_FILES = ['dist/extension.js', ENGINE_FILE, MATHJS_PARSE_FILE];

/**
 * In dist/extension.js, the in-process engine that src/extension/engine/lazy.ts require()s is dist/engine.js (a
 * path relative to the bundle), not part of the bundle.
 */
export function lazyLocalEngine(root = process.cwd()) {
  const lazy = resolvePath(root, 'src/extension/engine/lazy.ts');
  return {
    name: 'lazy-local-engine',
    setup(build) {
      build.onResolve({ filter: /^\.\/local$/ }, (args) => (args.importer === lazy ? { path: './engine.js', external: true } : undefined));
    },
  };
}

/** The CLI's launcher (bin/partials.js requires it): src/cli/launcher.ts alone, without the engine. */
export const CLI_LAUNCHER_FILE = 'dist/cli-launcher.js';

/** In the extension and CLI bundles, `mathjs/number` is the file above (a path relative to the bundle). */
export function mathjsParseOnly() {
  return {
    name: 'mathjs-parse-only',
    setup(build) {
      build.onResolve({ filter: /^mathjs\/number$/ }, () => ({ path: './mathjs-parse.js', external: true }));
    },
  };
}

/**
 * The web build (dist/web/*, the web worker extension host): every `./platform` import inside src/extension becomes
 * src/extension/platform.web.ts (same exports, no Node built-in).
 */
export function webPlatform(root = process.cwd()) {
  const node = resolvePath(root, 'src/extension/platform.ts');
  const web = resolvePath(root, 'src/extension/platform.web.ts');
  return {
    name: 'web-platform',
    setup(build) {
      build.onResolve({ filter: /(^|\/)platform$/ }, (args) => {
        if (!args.importer || args.namespace !== 'file') return undefined;
        return resolvePath(args.resolveDir, `${args.path}.ts`) === node ? { path: web } : undefined;
      });
    },
  };
}

/**
 * In the web bundles mathjs's parser is part of the bundle (a web extension cannot require a file beside it):
 * src/core/lower.ts's require('mathjs/number') gets a CommonJS module built first on its own, as
 * dist/mathjs-parse.js is (an ES entry exporting `create` and `parseDependencies` only, so tree-shaken to those),
 * for the browser. Bundled straight through the require() instead, all of mathjs would come (esbuild does not
 * tree-shake what a require() reaches).
 */
export function mathjsParseBundled() {
  let built;
  return {
    name: 'mathjs-parse-bundled',
    setup(build) {
      build.onResolve({ filter: /^mathjs\/number$/ }, () => ({ path: 'mathjs-parse.js', namespace: 'mathjs-parse' }));
      build.onLoad({ filter: /.*/, namespace: 'mathjs-parse' }, async () => {
        built ??= import('esbuild').then((esbuild) => esbuild.build({
          stdin: { contents: "export { create, parseDependencies } from 'mathjs/number';", resolveDir: process.cwd(), loader: 'js', sourcefile: 'mathjs-parse.js' },
          bundle: true, write: false, minify: true, legalComments: 'none', platform: 'browser', format: 'cjs', target: 'es2022', plugins: [noNodeBuiltins()],
        }));
        return { contents: (await built).outputFiles[0].text, loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Is `spec` a Node built-in module (`fs`, `node:path`, `fs/promises` …)? */
export const isNodeBuiltin = (spec) => NODE_BUILTINS.has(spec) || spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);

/**
 * Fails the web build at the first import of a Node built-in (the web worker extension host and browsers have
 * none): the error names the module and who imports it. esbuild's own message for a browser build ("could not
 * resolve") is not enough: a package's browser field, or `external`, could let one through silently.
 */
const NO_NODE = 'no-node-builtins';
export function noNodeBuiltins() {
  return {
    name: 'no-node-builtins',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (!isNodeBuiltin(args.path) || args.pluginData?.[NO_NODE]) return undefined;
        // A package's browser field may replace it (`"crypto": false` in seedrandom, which only tries it): fine.
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { [NO_NODE]: true } });
        if (!r.errors.length && !r.external && (r.namespace === '' || (r.namespace === 'file' && r.path !== args.path))) return undefined;
        return { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer || 'the entry'}: the web build (the web worker extension host) has no Node built-ins; go through src/extension/platform.ts` }] };
      });
    },
  };
}

/**
 * The metafile check behind noNodeBuiltins: the imports of a web bundle's inputs and outputs that are Node
 * built-ins, or external modules other than `allowed` (the web extension may require `vscode`; the engine's Web
 * Worker nothing at all). [] when the bundle is clean.
 */
export function nodeImportsIn(metafile, allowed = ['vscode']) {
  const found = [];
  for (const [file, info] of [...Object.entries(metafile.inputs), ...Object.entries(metafile.outputs)]) {
    for (const imp of info.imports ?? []) {
      if (isNodeBuiltin(imp.path) || (imp.external && !allowed.includes(imp.path))) found.push(`${file} imports "${imp.path}"`);
    }
  }
  return [...new Set(found)];
}

/** The web bundles: the extension for the web worker extension host, and the engine's Web Worker. */
export const WEB_EXTENSION_FILE = 'dist/web/extension.js';
export const WEB_ENGINE_FILE = 'dist/web/engine.js';

export function webTargets({ production = false } = {}) {
  const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', metafile: true, platform: 'browser', target: 'es2022' };
  const plugins = [noNodeBuiltins(), webPlatform(), mathjsParseBundled()];
  return [
    // VS Code loads a web extension's `browser` entry as CommonJS with `vscode` the only module it can require
    { ...common, plugins, entryPoints: ['src/extension/extension.web.ts'], outfile: WEB_EXTENSION_FILE, format: 'cjs', external: ['vscode'] },
    // a classic worker script (nested workers are loaded with importScripts in VS Code's web worker host)
    { ...common, plugins, entryPoints: ['src/extension/engine/worker.web.ts'], outfile: WEB_ENGINE_FILE, format: 'iife' },
  ];
}

export function bundleTargets({ production = false } = {}) {
  const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', metafile: true };
  const plugins = [mathjsParseOnly()];
  return [
    // the thin host: activation loads this only (the engine is dist/engine.js, required at the first need)
    { ...common, plugins: [...plugins, lazyLocalEngine()], entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
    // no `vscode` here: the engine runs where there is none (a worker thread)
    { ...common, plugins, entryPoints: ['src/extension/engine/node.ts'], outfile: ENGINE_FILE, platform: 'node', format: 'cjs', target: 'node18' },
    // minified in development builds too: the page carries it inline (inspector/html.ts), and its size is what a new
    // view waits for (the source map keeps it debuggable)
    { ...common, minify: true, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
    // the CLI's engine, loaded in the worker thread that runs a command: minified in development builds too (less to
    // read and compile at every start; the source map keeps it debuggable)
    { ...common, plugins, minify: true, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18' },
    // what bin/partials.js loads: the launcher alone (a few kB, no engine), which starts the worker on dist/cli.js
    { ...common, entryPoints: ['src/cli/launcher.ts'], outfile: CLI_LAUNCHER_FILE, platform: 'node', format: 'cjs', target: 'node18' },
    {
      // third-party code: minified in development builds too
      ...common, sourcemap: false, minify: true, outfile: MATHJS_PARSE_FILE, platform: 'node', format: 'cjs', target: 'node18',
      stdin: { contents: "export { create, parseDependencies } from 'mathjs/number';", resolveDir: process.cwd(), loader: 'js', sourcefile: 'mathjs-parse.js' },
    },
    ...webTargets({ production }),
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

/** The production bytes of each of EXTENSION_HOST_FILES in a metafile, and their sum; undefined when one is missing. */
export function extensionHostBytes(metafile) {
  const sizes = EXTENSION_HOST_FILES.map((f) => metafile.outputs[f]?.bytes);
  if (sizes.some((b) => b === undefined)) return undefined;
  return { sizes, total: sizes.reduce((a, b) => a + b, 0) };
}

/**
 * The build's verdict on the production extension host code (dist/extension.js, dist/engine.js and
 * dist/mathjs-parse.js, from the metafiles of their builds): undefined when it is within the limit, else why not.
 */
export function extensionSizeProblem(metafile, limit = EXTENSION_LIMIT_BYTES) {
  const bytes = extensionHostBytes(metafile);
  if (!bytes) return `${EXTENSION_HOST_FILES.join(', ')} are not all among the outputs`;
  if (bytes.total <= limit) return undefined;
  const parts = sizeReport({ outputs: { [ENGINE_FILE]: metafile.outputs[ENGINE_FILE] } })[0].parts.map(([k, v]) => `${k} ${kb(v)}`).join(', ');
  return `the production ${EXTENSION_HOST_FILES.map((f) => f.replace('dist/', '')).join(' + ')} are ${bytes.sizes.map(kb).join(' + ')}, over the ${kb(limit)} limit ` +
    `(biggest parts of ${ENGINE_FILE}: ${parts}). Keep large packages out of the extension host's code, or load them lazily.`;
}

/** Both metafiles as one (outputs of several builds). */
export const mergeMetafiles = (...metas) => ({ inputs: Object.assign({}, ...metas.map((m) => m.inputs)), outputs: Object.assign({}, ...metas.map((m) => m.outputs)) });

/**
 * Builds the engine as it ships (the production dist/engine.js and the mathjs parser beside it) into `dir`, and
 * returns the engine's path there: what the benchmark times and a test requires (bench/sympy.ts,
 * test/unit/engine-lazy.test.ts), from the current source rather than a dist/ that may be stale.
 */
export async function buildShippedEngine(dir) {
  const { join } = await import('node:path');
  const esbuild = await import('esbuild');
  for (const target of bundleTargets({ production: true }).filter((x) => [ENGINE_FILE, MATHJS_PARSE_FILE].includes(x.outfile))) {
    await esbuild.build({ ...target, outfile: join(dir, target.outfile), logLevel: 'silent' });
  }
  return join(dir, ENGINE_FILE);
}
