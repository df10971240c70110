/**
 * The CLI's bounds: `--timeout` (every command runs in a worker thread that is stopped at the limit), the worker's
 * heap limit, prototype-named subcommands, and messages that never repeat more than a bounded amount of user text;
 * and its start: the launcher without the engine, the engine loaded from V8's code cache.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boundMessage, type CliIO } from '../../src/cli/args';
import { enableCompileCache } from '../../src/cli/compileCache';
import { evaluate } from 'mathjs';
import { DEFAULT_TIMEOUT_S, main, runCli as runCliWith, setTimeLimit, takeTimeout } from '../../src/cli/main';
import type { InspectResult } from '../../src/core/api';

const capture = () => {
  let out = '';
  const io: CliIO = { stdout: (s) => { out += s; }, readFile: () => { throw new Error('no files'); }, readStdin: () => '' };
  return { io, text: () => out };
};

/**
 * The worker runs the CLI bundle, built here into a temp dir from the sources (a worker thread started by this test
 * process would not get its TypeScript loader; dist/ may be stale or being rebuilt by another test).
 */
let dir = '';
let workerFile = '';
/** The code cache goes to the test's temp dir, not the user's. */
let cacheDir = '';
const runCli = (argv: string[], io: CliIO, opts: Parameters<typeof runCliWith>[2] = {}) => runCliWith(argv, io, { cacheDir, ...opts });
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'partials-cli-limits-'));
  cacheDir = join(dir, 'cache');
  const { bundleTargets } = await import('../../scripts/bundles.mjs');
  const esbuild = await import('esbuild');
  const targets = bundleTargets({ production: false });
  const cli = targets.find((t) => t.outfile === 'dist/cli.js')!;
  const parser = targets.find((t) => t.outfile === 'dist/mathjs-parse.js')!;
  workerFile = join(dir, 'cli.js');
  await esbuild.build({ ...cli, outfile: workerFile, metafile: false, logLevel: 'error' });
  await esbuild.build({ ...parser, outfile: join(dir, 'mathjs-parse.js'), metafile: false, logLevel: 'error' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** 600 variables: a full Hessian (360 000 entries, displayed) that takes seconds, far past a 0.3 s limit. */
const HEAVY = Array.from({ length: 600 }, (_, i) => `sin(x${i}*x${i + 1})*exp(x${i})`).join(' + ');

describe('--timeout', () => {
  it('is taken out of argv anywhere before --, with a default, and refused when it is not a number of seconds', () => {
    assert.deepEqual(takeTimeout(['inspect', 'x', '--timeout', '2.5', '--json']), { argv: ['inspect', 'x', '--json'], seconds: 2.5 });
    assert.deepEqual(takeTimeout(['--timeout=0', 'check', 'x']), { argv: ['check', 'x'], seconds: 0 });
    assert.deepEqual(takeTimeout(['inspect', 'x']), { argv: ['inspect', 'x'], seconds: DEFAULT_TIMEOUT_S });
    assert.deepEqual(takeTimeout(['inspect', '--', '--timeout', '3']), { argv: ['inspect', '--', '--timeout', '3'], seconds: DEFAULT_TIMEOUT_S });
    for (const bad of [['--timeout'], ['--timeout', 'abc'], ['--timeout', '-1'], ['--timeout=1e9'], ['--timeout', 'Infinity']]) {
      assert.throws(() => takeTimeout(['inspect', 'x', ...bad]), /--timeout needs/, bad.join(' '));
    }
  });

  it('a command within the limit runs in the worker and prints its whole output', async () => {
    const c = capture();
    const code = await runCli(['inspect', 'x^2*y', '--at', 'x=3,y=2', '--json', '--timeout', '120'], c.io, { workerFile });
    assert.equal(code, 0, c.text());
    const r = JSON.parse(c.text());
    assert.deepEqual(r.partials.map((p: { value: number }) => p.value), [12, 9]);
  });

  it('a check that fails still exits 1 through the worker', async () => {
    const c = capture();
    const code = await runCli(['check', 'x^2', '--claim', 'df/dx = 3*x', '--timeout', '120'], c.io, { workerFile });
    assert.equal(code, 1, c.text());
    assert.match(c.text(), /wrong/);
  });

  it('a command past the limit is stopped: exit 2, a clear message (text and JSON), no partial output', async () => {
    const c = capture();
    const code = await runCli(['inspect', HEAVY, '--hessian', '--timeout', '0.3'], c.io, { workerFile });
    assert.equal(code, 2);
    assert.match(c.text(), /^error: partials inspect was stopped after 0\.3 s \(the time limit\)\. .*--timeout SECONDS/);
    assert.equal(c.text().split('\n').filter(Boolean).length, 1, c.text().slice(0, 300));

    const j = capture();
    assert.equal(await runCli(['check', HEAVY, '--json', '--timeout=0.3'], j.io, { workerFile }), 2);
    const e = JSON.parse(j.text()).error;
    assert.equal(e.code, 'limit');
    assert.match(e.message, /stopped after 0\.3 s/);
  });

  it('a command past the heap limit is stopped with a message, not a crash', async () => {
    // A stand-in for a runaway command: a plain CommonJS worker that allocates without end (no engine input is
    // reliably that hungry once the front ends are linear, and none should be).
    const hog = join(dir, 'hog.cjs');
    writeFileSync(hog, 'const keep = []; for (;;) keep.push(new Array(1 << 16).fill(Math.random()));\n');
    const c = capture();
    const code = await runCli(['inspect', 'x', '--timeout', '0'], c.io, { workerFile: hog, heapMb: 32 });
    assert.equal(code, 2);
    assert.match(c.text(), /^error: partials inspect ran out of memory \(the limit is 32 MB\) and was stopped\./);
  });
});

describe('commands and messages', () => {
  it('constructor, __proto__, toString … are unknown commands (exit 2, no stack), through runCli too', async () => {
    for (const cmd of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      const c = capture();
      assert.equal(await runCli([cmd, 'x'], c.io, { workerFile }), 2);
      assert.match(c.text(), new RegExp(`^Unknown command '${cmd}'`));
      assert.doesNotMatch(c.text(), /\bat \w+ \(|TypeError/);
    }
  });

  it('boundMessage: a 100 000-character token becomes ~80 characters with an ellipsis; the whole message ≤ 600', () => {
    const long = `Unexpected token '${'a'.repeat(100_000)}' at line 1.`;
    const b = boundMessage(long);
    assert.ok(b.length < 200, String(b.length));
    assert.match(b, /^Unexpected token 'a+…a+' at line 1\.$/);
    const many = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    assert.ok(boundMessage(many).length <= 600);
    assert.ok(boundMessage(many).endsWith('…'));
    assert.equal(boundMessage('The short message stays.'), 'The short message stays.');
  });

  it('every CLI error repeats at most a bounded amount of the user text', () => {
    const huge = 'q'.repeat(100_000);
    const cases: string[][] = [
      ['inspect', `${huge} +`], ['inspect', 'x', '--at', `x=${huge}`], ['inspect', 'x', '--at', `${huge}`], ['check', 'x', '--atol', huge],
      ['inspect', 'x', '--lang', huge, '--shape', 'x=3'], ['codegen', 'x', '--target', huge], ['codegen', 'x', '--target', 'c', '--name', `${huge}(`],
      ['inspect', `x + ${huge}(y)`], ['check', 'x^2', '--claim', `df/dx = ${huge}`], [huge], ['inspect', 'x', `--${huge}`],
    ];
    for (const argv of cases) {
      for (const json of argv[0] === huge ? [false] : [false, true]) {
        const c = capture();
        const code = main(json ? [...argv, '--json'] : argv, c.io);
        assert.equal(code, 2, `${argv.map((a) => a.slice(0, 30)).join(' ')}: ${c.text().slice(0, 200)}`);
        const message = json ? JSON.parse(c.text()).error.message : c.text().split('\n')[0];
        assert.ok(message.length <= 700, `${argv.map((a) => a.slice(0, 30)).join(' ')}: ${message.length} characters`);
        assert.ok(!message.includes('q'.repeat(100)), `${argv.map((a) => a.slice(0, 30)).join(' ')}: the token is repeated`);
      }
    }
  });
});

/** The product of n variables: n partials of n − 1 factors each, n² names self-contained (issue #16). */
const product = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`).join('*');

describe('results too large to print in time', () => {
  it('exit 2 at once with the size and what to do, in text and JSON; --wrt a few of them answers', () => {
    for (const json of [false, true]) {
      const c = capture();
      assert.equal(main(['inspect', product(3300), ...(json ? ['--json'] : [])], c.io), 2);
      const message = json ? JSON.parse(c.text()).error.message as string : c.text();
      assert.match(message, /The partials would be about \d{2,3}( 000)+ characters in all, more than the 10 000 000 that can be printed in time/);
      assert.match(message, /--wrt/);
      assert.match(message, /--compact/);
      if (json) assert.equal(JSON.parse(c.text()).error.code, 'limit');
    }
    const c = capture();
    assert.equal(main(['inspect', product(3300), '--wrt', 'x1,x3300', '--json'], c.io), 0);
    const r = JSON.parse(c.text()) as InspectResult;
    assert.deepEqual(r.partials.map((p) => p.wrt), ['x1', 'x3300']);
    assert.equal(r.forms, undefined);
  });

  it('--compact: the partials over the shared bindings, each true once the bindings are bound', () => {
    const c = capture();
    assert.equal(main(['inspect', product(3300), '--compact', '--json'], c.io), 0);
    const r = JSON.parse(c.text()) as InspectResult;
    assert.equal(r.forms, 'compact');
    assert.equal(r.partials.length, 3300);
    assert.ok(c.text().length < 5_000_000, `${c.text().length} characters`);
    const scope = new Map<string, number>(Object.entries(r.point));
    for (const b of r.bindings!) scope.set(b.name, evaluate(b.expr, scope) as number);
    for (const i of [0, 7, 3299]) {
      const p = r.partials[i];
      assert.equal(p.expr, p.compact!.expr);
      const got = evaluate(p.expr, scope) as number;
      assert.ok(Math.abs(got - p.value) <= 1e-9 * Math.max(1, Math.abs(p.value)), `∂/∂${p.wrt}: ${got} vs ${p.value}`);
    }
    // text: the compact forms and the bindings they name
    const t = capture();
    assert.equal(main(['inspect', product(40), '--compact'], t.io), 0);
    assert.match(t.text(), /\n {2}∂f\/∂x6 = t[₀-₉]+ x₇ t[₀-₉]+ {3}= /);
    assert.match(t.text(), /\nwhere\n {2}t₁ = /);
  });

  it('the limit follows the time limit, and there is none without one', () => {
    try {
      setTimeLimit(0.0001); // 200 characters
      const c = capture();
      assert.equal(main(['inspect', product(30), '--json'], c.io), 2);
      assert.match(JSON.parse(c.text()).error.message, /more than the 200 that/);
      setTimeLimit(0);
      const d = capture();
      assert.equal(main(['inspect', product(30), '--json'], d.io), 0);
      assert.equal((JSON.parse(d.text()) as InspectResult).partials.length, 30);
    } finally {
      setTimeLimit(DEFAULT_TIMEOUT_S);
    }
  });

  it('through the launcher: --timeout reaches the engine (20 s: 40 million characters), and the size is named, not the time', async () => {
    const c = capture();
    assert.equal(await runCli(['inspect', product(3300), '--json', '--timeout', '20'], c.io, { workerFile }), 2);
    assert.match(JSON.parse(c.text()).error.message, /about \d{2,3}( 000)+ characters in all, more than the 40 000 000 that/);
  });
});

describe('start-up', () => {
  it('the launcher bundle (what bin/partials.js loads) is small and has no engine in it', async () => {
    const bundles = await import('../../scripts/bundles.mjs');
    const esbuild = await import('esbuild');
    const target = bundles.bundleTargets({ production: true }).find((t) => t.outfile === bundles.CLI_LAUNCHER_FILE)!;
    const r = await esbuild.build({ ...target, write: false, logLevel: 'silent' });
    const out = r.metafile!.outputs[bundles.CLI_LAUNCHER_FILE];
    assert.ok(out.bytes < 20_000, `${out.bytes} bytes`);
    const core = Object.keys(out.inputs).filter((f) => f.startsWith('src/core/'));
    assert.deepEqual(core, ['src/core/errors.ts']);
    assert.equal(readFileSync('bin/partials.js', 'utf8').match(/require\(['"]([^'"]+)['"]\)/)?.[1], '../dist/cli-launcher.js');
  });

  it('the engine is loaded with Node\'s compile cache where Node has one (≥ 22.1), in the folder given; same output', async () => {
    const own = join(dir, 'own-cache');
    const outputs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = capture();
      assert.equal(await runCli(['inspect', 'x^2*y', '--at', 'x=3,y=2', '--json', '--timeout', '120'], c.io, { workerFile, cacheDir: own }), 0);
      outputs.push(c.text());
    }
    assert.equal(outputs[0], outputs[1]);
    assert.deepEqual(JSON.parse(outputs[0]).partials.map((p: { value: number }) => p.value), [12, 9]);
    const hasCache = typeof ((await import('node:module')).default as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    // Node writes its cache files in the folder (in a subfolder per Node version); an older Node has none to write
    assert.equal(existsSync(own) && readdirSync(own, { recursive: true }).length > 0, hasCache);
    assert.equal(enableCompileCache(null), false, 'no folder: no cache');
  });

});

