// `npm test`: every check the project has, in order, ending with one line "N passed, N failed".
// Steps that are not test suites (type-check, lint, build) count as one test each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'partials-test-'));

/** Every *.test.ts under dir (Node 20's test runner does not expand globs itself). */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(dir, f));
}

/** A node:test run over the test files under `dirs`: spec to the console, TAP to a file we count from. */
function nodeTest(name, dirs) {
  const globs = dirs.flatMap(testFiles);
  const tap = join(tmp, `${name}.tap`);
  return {
    name,
    cmd: ['node', '--import', 'tsx', '--test', '--test-concurrency=2',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...globs],
    count: () => {
      if (!existsSync(tap)) return null;
      const text = readFileSync(tap, 'utf8');
      const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? NaN);
      const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? NaN);
      return Number.isFinite(pass) && Number.isFinite(fail) ? { pass, fail } : null;
    },
  };
}

/** A suite that writes {"passed":N,"failed":M} to the file named by PARTIALS_RESULT. */
function resultFile(name, cmd) {
  const out = join(tmp, `${name}.json`);
  return {
    name, cmd, env: { PARTIALS_RESULT: out },
    count: () => {
      if (!existsSync(out)) return null;
      const r = JSON.parse(readFileSync(out, 'utf8'));
      return { pass: r.passed, fail: r.failed };
    },
  };
}

const steps = [
  { name: 'build', cmd: ['node', 'scripts/build.mjs'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--no-error-on-unmatched-pattern', 'src', 'test', 'scripts', 'bench'] },
  nodeTest('unit', ['test/unit']),
];
// Suites added by other parts of the project register themselves here.
if (existsSync('scripts/test-steps.mjs')) {
  const extra = await import('./test-steps.mjs');
  steps.push(...extra.steps({ nodeTest, resultFile }));
}

let passed = 0, failed = 0;
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...(step.env ?? {}) } });
  const counted = step.count?.();
  if (counted) {
    passed += counted.pass; failed += counted.fail;
    if (r.status !== 0 && counted.fail === 0) failed += 1; // crashed outside any test
  } else if (r.status === 0) passed += 1;
  else failed += 1;
  console.log(`=== ${step.name}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)}s${counted ? ` (${counted.pass} passed, ${counted.fail} failed)` : ''}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
