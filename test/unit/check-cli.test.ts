import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../../src/cli/check';
import { main } from '../../src/cli/main';
import type { CheckResult } from '../../src/core/check/types';
import { runCli } from './helpers/cli';

const run = (argv: string[], files?: Record<string, string>, stdin?: string) => runCli(argv, files, stdin, runCheck);

const json = (argv: string[], files?: Record<string, string>, stdin?: string): { code: number; result: CheckResult } => {
  const r = run([...argv, '--json'], files, stdin);
  return { code: r.code, result: JSON.parse(r.out) };
};

describe('partials check (CLI)', () => {
  it('prints every method by name with value, errors and the verdict words; exit 0 when all is well', () => {
    const { code, result } = json(['x^2*y + sin(x*y)', '--at', 'x=1,y=2']);
    assert.equal(code, 0);
    assert.deepEqual(result.point, { x: 1, y: 2 });
    const p = result.partials.find((q) => q.wrt === 'x')!;
    assert.deepEqual(Object.keys(p.methods), ['exact', 'forwardAD', 'reverseAD', 'forwardDifference', 'centralDifference', 'richardson', 'complexStep']);
    assert.equal(p.methods.complexStep.verdict, 'ok');
    assert.ok(Math.abs(p.methods.complexStep.value! - (4 + 2 * Math.cos(2))) < 1e-14);
    assert.equal(typeof p.methods.forwardDifference.relError, 'number');
    assert.equal(result.ok, true);
  });

  it('exit 1 when a claim is wrong, with the claim, the failing points and the correct expression', () => {
    const { code, result } = json(['x^3', '--claim', 'df/dx = 3*x', '--claim', 'dfdx = 3*x^2']);
    assert.equal(code, 1);
    assert.equal(result.claims[0].result, 'wrong');
    assert.equal(result.claims[0].correct, '3*x^2');
    assert.equal(result.claims[1].result, 'holds');
    assert.equal(result.claims[1].proof, 'symbolic');
    const text = run(['x^3', '--claim', 'df/dx = 3*x']);
    assert.equal(text.code, 1);
    assert.match(text.out, /✗ df\/dx = 3\*x: wrong/);
    assert.match(text.out, /claimed .*, exact /);
    assert.match(text.out, /correct: ∂f\/∂x = 3\*x\^2/);
    assert.match(text.out, /Some checks FAILED/);
  });

  it('exit 1 when a partial mismatches', () => {
    const { code, result } = json(['sin(100000*x)', '--at', 'x=0.1']);
    assert.equal(code, 1);
    assert.equal(result.partials[0].verdict, 'mismatch');
  });

  it('kinks, domain errors and overflow are reported but are not failures', () => {
    for (const [expr, at, verdict] of [['abs(x)', 'x=0', 'non-differentiable here'], ['log(x)', 'x=-1', 'undefined here'], ['exp(1000*x)', 'x=1', 'overflow']]) {
      const { code, result } = json([expr, '--at', at]);
      assert.equal(code, 0, expr);
      assert.equal(result.partials[0].verdict, verdict);
    }
  });

  it('prints a readable table without --json', () => {
    const { code, out } = run(['abs(x) + x^2', '--at', 'x=0.5']);
    assert.equal(code, 0);
    for (const label of ['exact (symbolic)', 'forward AD (dual numbers)', 'reverse AD (tape)', 'forward difference', 'central difference', 'Richardson extrapolation', 'complex step']) {
      assert.match(out, new RegExp(label.replace(/[()]/g, '\\$&')));
    }
    assert.match(out, /∂f\/∂x = 2\*x \+ sign\(x\) +✓ ok/);
    assert.match(out, /skipped: abs has no analytic continuation/);
    assert.match(out, /at x = 0\.5 \(user\)/);
    assert.match(out, /All checks passed\./);
  });

  it('--sweep adds the step-size study', () => {
    const { result } = json(['exp(x)', '--at', 'x=1', '--sweep']);
    const s = result.sweeps![0];
    assert.ok(s.hs.length >= 30);
    assert.equal(s.series.length, 3);
    assert.ok(s.bestH.centralDifference!.error < 1e-9);
    const text = run(['exp(x)', '--at', 'x=1', '--sweep']).out;
    assert.match(text, /Step-size study for ∂f\/∂x/);
    assert.match(text, /best h for central difference: /);
  });

  it('reads --file, stdin (- and --file -), --lang, --wrt and tolerance options', () => {
    const files = { 'f.txt': 'a = x*y\nf = sin(a)' };
    const viaFile = json(['--file', 'f.txt', '--claim', 'df/dx = cos(a)*y', '--wrt', 'x', '--at', 'x=0.5,y=2'], files);
    assert.equal(viaFile.code, 0);
    assert.deepEqual(viaFile.result.inputs, ['x']);
    assert.deepEqual(viaFile.result.constants, ['y']);
    assert.equal(viaFile.result.claims[0].result, 'holds');
    assert.equal(json(['-', '--lang', 'math'], {}, 'x^2').result.partials[0].expr, '2*x');
    assert.equal(json(['--file', '-'], {}, 'x^3').result.partials[0].expr, '3*x^2');
    const strict = json(['x^3', '--at', 'x=1.3', '--atol', '0', '--rtol', '0']);
    assert.equal(strict.code, 1);
    assert.deepEqual(strict.result.tolerances.finiteDifference, { atol: 0, rtol: 0 });
    assert.equal(json(['x^3', '--claim', 'dfdx = 3x^2', '--points', '9']).result.claims[0].points.length, 9);
  });

  it('exit 2 with a JSON error (message, line, column) on bad input', () => {
    const cases: [string[], RegExp, number?][] = [
      [['x^2 +'], /Unexpected end of expression/],
      [['x^2', '--claim', 'df/dx = 2*x +'], /In the claim/, 14],
      [['x^2', '--claim', 'dg/dx = 2*x'], /not an output/],
      [['x^2', '--claim', 'df/dx'], /has no '='/],
      [['x^2', '--at', 'x=abc'], /Cannot read the point/],
      [['x^2', '--points', '2'], /--points must be/],
      [['x^2', '--atol', '-1'], /--atol needs a non-negative number/],
      [['foo(x)'], /Unknown function 'foo'/],
      [[], /Give an expression/],
      [['--file', 'missing.txt'], /ENOENT/],
    ];
    for (const [argv, re, column] of cases) {
      const r = run([...argv, '--json']);
      assert.equal(r.code, 2, argv.join(' '));
      const e = JSON.parse(r.out).error;
      assert.match(e.message, re, argv.join(' '));
      assert.equal(typeof e.line, 'number');
      assert.equal(typeof e.column, 'number');
      if (column !== undefined) assert.equal(e.column, column);
    }
    const text = run(['x^2 +']);
    assert.equal(text.code, 2);
    assert.match(text.out, /^error: /);
  });

  it('ignores values for names the expression does not use, with a warning', () => {
    const { code, result } = json(['x^2', '--at', 'x=1,z=1']);
    assert.equal(code, 0);
    assert.deepEqual(result.point, { x: 1 });
    assert.deepEqual(result.warnings, ["'z' is not a variable of the expression; its value is ignored."]);
  });

  it('is the check subcommand of the partials CLI', () => {
    let out = '';
    const code = main(['check', 'x^3', '--claim', 'df/dx = 3*x', '--json'], { stdout: (s) => { out += s; }, readFile: () => '', readStdin: () => '' });
    assert.equal(code, 1);
    assert.equal(JSON.parse(out).claims[0].result, 'wrong');
  });

  it('--help prints the usage', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /partials check \[EXPR\]/);
  });
});
