/**
 * Bundle size (issue #12): the production extension host code stays under 1 MB, and mathjs is shipped only as its
 * parser, built from its factory functions, in a file of its own that the bundles require at the first parse —
 * never the whole instance that `import { parse } from 'mathjs'` creates.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import type { Metafile } from 'esbuild';

type Bundles = typeof import('../../scripts/bundles.mjs');

describe('bundle size', () => {
  let bundles: Bundles;
  const metafiles = new Map<string, Metafile>();
  const texts = new Map<string, string>();
  before(async () => {
    // dynamic imports: the tests run as CommonJS, and these are ES modules
    bundles = await import('../../scripts/bundles.mjs');
    const esbuild = await import('esbuild');
    for (const t of bundles.bundleTargets({ production: true })) {
      if (t.outfile === 'dist/webview.js') continue;
      const r = await esbuild.build({ ...t, write: false, logLevel: 'silent' });
      metafiles.set(t.outfile, r.metafile!);
      texts.set(t.outfile, r.outputFiles!.find((f) => f.path.endsWith('.js'))!.text);
    }
  });

  it('the production extension host code (extension.js + engine.js + mathjs-parse.js) is at most 1 MB, and the build says so', () => {
    assert.deepEqual(bundles.EXTENSION_HOST_FILES, ['dist/extension.js', 'dist/engine.js', bundles.MATHJS_PARSE_FILE]);
    const meta = bundles.mergeMetafiles(...bundles.EXTENSION_HOST_FILES.map((f) => metafiles.get(f)!));
    const bytes = bundles.EXTENSION_HOST_FILES.reduce((sum, f) => sum + meta.outputs[f].bytes, 0);
    assert.equal(bundles.extensionHostBytes(meta)?.total, bytes);
    assert.equal(bundles.EXTENSION_LIMIT_BYTES, 1_000_000);
    assert.ok(bytes <= bundles.EXTENSION_LIMIT_BYTES, `${bytes} bytes`);
    assert.equal(bundles.extensionSizeProblem(meta), undefined);
    // over a (lower) limit, the build's message names the sizes, the limit and the biggest parts
    const problem = bundles.extensionSizeProblem(meta, 100_000);
    assert.match(problem ?? '', /^the production extension\.js \+ engine\.js \+ mathjs-parse\.js are \d+ kB \+ \d+ kB \+ \d+ kB, over the 100 kB limit \(biggest parts of dist\/engine\.js: src\/core \d+ kB, /);
  });

  it('dist/extension.js, what activation loads, is the thin host: no engine, no parser; it requires ./engine.js (at the first need)', () => {
    const out = metafiles.get('dist/extension.js')!.outputs['dist/extension.js'];
    assert.ok(out.bytes < 200_000, `${out.bytes} bytes`);
    const core = Object.entries(out.inputs).filter(([f]) => f.startsWith('src/core/'));
    const coreBytes = core.reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
    assert.ok(coreBytes < 20_000, `src/core in dist/extension.js: ${coreBytes} bytes (${core.map(([f]) => f).join(', ')})`);
    for (const heavy of ['src/core/lower.ts', 'src/core/diff.ts', 'src/core/functions.ts', 'src/core/tensor/evaluate.ts', 'src/extension/engine/adapter.ts']) {
      assert.ok(!Object.hasOwn(out.inputs, heavy), heavy);
    }
    const text = texts.get('dist/extension.js')!;
    assert.equal([...text.matchAll(/require\("\.\/engine\.js"\)/g)].length, 1);
    assert.equal([...text.matchAll(/require\("\.\/mathjs-parse\.js"\)/g)].length, 0);
  });

  for (const file of ['dist/engine.js', 'dist/cli.js']) {
    it(`${file}: no mathjs inside; it requires ./mathjs-parse.js`, () => {
      const inputs = Object.keys(metafiles.get(file)!.outputs[file].inputs);
      assert.deepEqual(inputs.filter((f) => /node_modules\/(mathjs|typed-function|decimal\.js|complex\.js|fraction\.js)\//.test(f)), []);
      const text = texts.get(file)!;
      const requires = [...text.matchAll(/require\("\.\/mathjs-parse\.js"\)/g)];
      assert.equal(requires.length, 1);
    });
  }

  it('dist/mathjs-parse.js is mathjs\'s parser alone: small, and without the algebra, units or matrices', () => {
    const meta = metafiles.get(bundles.MATHJS_PARSE_FILE)!;
    const out = meta.outputs[bundles.MATHJS_PARSE_FILE];
    assert.ok(out.bytes > 50_000 && out.bytes < 250_000, `${out.bytes} bytes`);
    const inputs = Object.keys(out.inputs).join('\n');
    assert.match(inputs, /mathjs\/lib\/esm\/expression\/parse\.js/);
    for (const absent of ['function/algebra/derivative', 'function/algebra/simplify', 'type/unit/Unit', 'type/matrix/DenseMatrix', 'decimal.js', 'complex.js']) {
      assert.ok(!inputs.includes(absent), absent);
    }
  });

  it('the parser reads what the engine needs: numbers, names, calls, operators, conditionals, blocks', async () => {
    const { lowerProgram } = await import('../../src/core/lower');
    const p = lowerProgram('a = 2.5e-1 * x^2; b = a > 0 ? sin(a) : -a\nf = b + .5');
    assert.deepEqual(p.assignments.map((s) => s.name), ['a', 'b', 'f']);
    assert.throws(() => lowerProgram('x +'), /Unexpected end of expression at line 1, column 4/);
  });
});
