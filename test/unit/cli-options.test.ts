import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli';

/** Options are parsed by util.parseArgs in strict mode: unknown ones are errors, known ones behave as before. */
const run = (argv: string[], files?: Record<string, string>, stdin?: string) => runCli(argv, files, stdin);
const error = (argv: string[]): { code: number; message: string } => {
  const r = run([...argv, '--json']);
  return { code: r.code, message: JSON.parse(r.out).error.message };
};

describe('CLI options (strict)', () => {
  it('a misspelled option exits 2 naming it and the nearest option, wherever it is', () => {
    for (const argv of [['inspect', 'x*y', '--wrtt', 'y'], ['inspect', '--wrtt', 'y', 'x*y'], ['inspect', '--wrtt=y', 'x*y']]) {
      const e = error(argv);
      assert.equal(e.code, 2, argv.join(' '));
      assert.match(e.message, /^Unknown option '--wrtt'\. Did you mean --wrt\?/, argv.join(' '));
    }
    const text = run(['inspect', 'x*y', '--wrtt', 'y']);
    assert.equal(text.code, 2);
    assert.match(text.out, /^error: Unknown option '--wrtt'/);
  });

  it('a misspelled option before the expression no longer swallows it', () => {
    // Before: `--wrtt` took 'x*y' as its value and the expression was 'y'.
    const e = error(['inspect', '--wrtt', 'x*y']);
    assert.equal(e.code, 2);
    assert.match(e.message, /Unknown option '--wrtt'/);
  });

  it('every subcommand is strict and lists its own options', () => {
    const cases: [string[], RegExp][] = [
      [['check', 'x^2', '--claims', 'df/dx = 2*x'], /Unknown option '--claims'\. Did you mean --claim\?.*partials check are .*--points/],
      [['codegen', 'x^2', '--target', 'python', '--stlye', 'adjoint'], /Unknown option '--stlye'\. Did you mean --style\?/],
      [['graph', 'x^2', '--formt', 'dot'], /Unknown option '--formt'\. Did you mean --format\?/],
      [['inspect', 'x^2', '--verbose'], /^Unknown option '--verbose'\. The options of partials inspect are --file, --lang, --at, --wrt, --shape, --json, --hessian, --jacobian, --help, --compact\.$/],
      [['inspect', 'x^2', '--hessian=yes'], /Option '--hessian' does not take an argument/],
      [['inspect', 'x^2', '--at'], /The option --at needs a value/],
    ];
    for (const [argv, re] of cases) {
      const e = error(argv);
      assert.equal(e.code, 2, argv.join(' '));
      assert.match(e.message, re, argv.join(' '));
    }
  });

  it('an option named like an Object method is just unknown', () => {
    for (const name of ['--constructor', '--__proto__', '--toString=1', '--hasOwnProperty']) {
      const e = error(['inspect', 'x', name]);
      assert.equal(e.code, 2, name);
      assert.match(e.message, new RegExp(`^Unknown option '${name.replace(/=.*/, '')}'`), name);
    }
  });

  it('user text in the message is quoted with control characters escaped', () => {
    const e = error(['inspect', 'x', '--\u001b[31mred']);
    assert.equal(e.message.includes('\u001b'), false);
    assert.match(e.message, /Unknown option '--\\u001b\[31mred'/);
  });

  it('unknown subcommands, including Object method names, exit 2 with "Unknown command"', () => {
    for (const cmd of ['inspct', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const r = run([cmd, 'x']);
      assert.equal(r.code, 2, cmd);
      assert.match(r.out, new RegExp(`^Unknown command '${cmd}': the commands are inspect, graph, check, codegen\\.`), cmd);
      assert.match(r.out, /partials inspect \[EXPR\]/, 'the usage follows');
    }
  });

  it('keeps what was accepted before: values after a space or =, values starting with -, - for stdin, -x as the expression', () => {
    const spaced = JSON.parse(run(['inspect', 'x*y', '--at', 'x=3,y=1', '--wrt', 'y', '--json']).out);
    const joined = JSON.parse(run(['inspect', 'x*y', '--at=x=3,y=1', '--wrt=y', '--json']).out);
    assert.deepEqual(spaced, joined);
    assert.deepEqual(spaced.partials.map((p: { wrt: string; value: number }) => [p.wrt, p.value]), [['y', 3]]);
    // a negative expression is the positional argument, not an option
    const neg = JSON.parse(run(['inspect', '-x^2', '--at', 'x=2', '--json']).out);
    assert.deepEqual(neg.partials.map((p: { value: number }) => p.value), [-4]);
    // `--` ends the options
    const dashdash = JSON.parse(run(['inspect', '--at', 'x=2', '--json', '--', '-x^3']).out);
    assert.deepEqual(dashdash.partials.map((p: { value: number }) => p.value), [-12]);
    // `-` reads stdin
    assert.equal(JSON.parse(run(['inspect', '-', '--at', 'x=1', '--json'], {}, 'x^4').out).partials[0].value, 4);
    // a value starting with '-' reaches the option's own check
    const atol = error(['check', 'x^2', '--atol', '-1']);
    assert.equal(atol.code, 2);
    assert.match(atol.message, /--atol needs a non-negative number, got '-1'/);
    // the expression may be split over several arguments
    assert.equal(JSON.parse(run(['inspect', 'x', '*', 'x', '--at', 'x=3', '--json']).out).partials[0].value, 6);
  });

  it('repeated options: --claim accumulates, others keep the last value', () => {
    const r = run(['check', 'x^3', '--claim', 'df/dx = 3*x', '--claim=dfdx = 3*x^2', '--json']);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out).claims.map((c: { result: string }) => c.result), ['wrong', 'holds']);
    const last = JSON.parse(run(['inspect', 'x*y', '--wrt', 'x', '--wrt', 'y', '--at', 'x=5,y=7', '--json']).out);
    assert.deepEqual(last.inputs, ['y']);
    assert.equal(last.partials[0].value, 5);
  });

  it('--help on every subcommand prints its usage and exits 0', () => {
    for (const [cmd, re] of [['inspect', /^partials inspect \[EXPR\]/], ['graph', /^partials graph \[EXPR\]/], ['check', /^partials check \[EXPR\]/], ['codegen', /^partials codegen \[EXPR\][\s\S]*T: python numpy/]] as const) {
      const r = run([cmd, '--help']);
      assert.equal(r.code, 0, cmd);
      assert.match(r.out, re, cmd);
    }
  });

  it('graph errors are JSON unless DOT was asked for', () => {
    const json = run(['graph', 'x +', '--verbose']);
    assert.equal(json.code, 2);
    assert.match(JSON.parse(json.out).error.message, /Unknown option '--verbose'/);
    const dot = run(['graph', 'x +', '--format', 'dot']);
    assert.equal(dot.code, 2);
    assert.match(dot.out, /^error: /);
  });
});
