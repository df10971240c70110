/**
 * Bundle size (issue #12): the production dist/extension.js stays under 1 MB, and mathjs is in the bundles only as
 * its parser, built from its factory functions — never the whole instance that `import { parse } from 'mathjs'` creates.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import type { Metafile } from 'esbuild';

type Bundles = typeof import('../../scripts/bundles.mjs');

describe('bundle size', () => {
  let bundles: Bundles;
  const metafiles = new Map<string, Metafile>();
  before(async () => {
    // dynamic imports: the tests run as CommonJS, and these are ES modules
    bundles = await import('../../scripts/bundles.mjs');
    const esbuild = await import('esbuild');
    for (const t of bundles.bundleTargets({ production: true })) {
      if (t.outfile === 'dist/webview.js') continue;
      metafiles.set(t.outfile, (await esbuild.build({ ...t, write: false, logLevel: 'silent' })).metafile!);
    }
  });

  it('the production dist/extension.js is at most 1 MB, and the build says so', () => {
    const meta = metafiles.get('dist/extension.js')!;
    const bytes = meta.outputs['dist/extension.js'].bytes;
    assert.equal(bundles.EXTENSION_LIMIT_BYTES, 1_000_000);
    assert.ok(bytes <= bundles.EXTENSION_LIMIT_BYTES, `${bytes} bytes`);
    assert.equal(bundles.extensionSizeProblem(meta), undefined);
    // over a (lower) limit, the build's message names the size, the limit and the biggest parts
    const problem = bundles.extensionSizeProblem(meta, 100_000);
    assert.match(problem ?? '', /^the production dist\/extension\.js is \d+ kB, over the 100 kB limit \(biggest parts: src\/core \d+ kB, /);
  });

  for (const file of ['dist/extension.js', 'dist/cli.js']) {
    it(`${file}: mathjs only as its parser (no mathjs module outside the parse-only build, which is small)`, () => {
      const inputs = metafiles.get(file)!.outputs[file].inputs;
      const mathjs = Object.keys(inputs).filter((f) => /node_modules\/(mathjs|decimal\.js|complex\.js|fraction\.js)\//.test(f));
      assert.deepEqual(mathjs, [], 'mathjs modules bundled directly (tree shaking defeated?)');
      const parseOnly = Object.entries(inputs).filter(([f]) => f.startsWith('mathjs-parse-only:'));
      assert.equal(parseOnly.length, 1);
      const bytes = parseOnly[0][1].bytesInOutput;
      assert.ok(bytes > 50_000 && bytes < 250_000, `the parse-only mathjs is ${bytes} bytes`);
    });
  }

  it('the parse-only mathjs reads what the engine needs: numbers, names, calls, operators, conditionals, blocks', async () => {
    const { lowerProgram } = await import('../../src/core/lower');
    const p = lowerProgram('a = 2.5e-1 * x^2; b = a > 0 ? sin(a) : -a\nf = b + .5');
    assert.deepEqual(p.assignments.map((s) => s.name), ['a', 'b', 'f']);
    assert.throws(() => lowerProgram('x +'), /Unexpected end of expression at line 1, column 4/);
  });
});
