import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it, before } from 'node:test';
import { runCli } from './helpers/cli';

const run = (argv: string[], files?: Record<string, string>, stdin?: string) => runCli(argv, files, stdin);

describe('partials inspect (CLI contract)', () => {
  it('prints the documented JSON object', () => {
    const { code, out } = run(['inspect', 'x^2 + x*y + y^2', '--at', 'x=1,y=2.5', '--json']);
    assert.equal(code, 0);
    const r = JSON.parse(out);
    assert.deepEqual(r.outputs, ['f']);
    assert.deepEqual(r.inputs, ['x', 'y']);
    assert.deepEqual(r.point, { x: 1, y: 2.5 });
    assert.deepEqual(r.values, { f: 9.75 });
    assert.deepEqual(r.partials.map((p: { of: string; wrt: string; expr: string; value: number }) => [p.of, p.wrt, p.expr, p.value]), [
      ['f', 'x', '2*x + y', 4.5],
      ['f', 'y', 'x + 2*y', 6],
    ]);
    assert.equal(r.partials[0].latex, '2 x + y');
    assert.equal(r.hessian, undefined, 'hessian only when asked');
    assert.equal(r.language, 'math');
    assert.deepEqual(r.claims, []);
  });

  it('--hessian adds rows and columns in inputs order', () => {
    const r = JSON.parse(run(['inspect', 'x^3*y', '--at', 'x=2,y=5', '--hessian', '--json']).out);
    assert.deepEqual(r.hessian, { f: [[60, 12], [12, 0]] });
  });

  it('--wrt holds other variables constant', () => {
    const r = JSON.parse(run(['inspect', 'x*y', '--wrt', 'y', '--at', 'x=3,y=1', '--json']).out);
    assert.deepEqual(r.inputs, ['y']);
    assert.deepEqual(r.partials.map((p: { value: number }) => p.value), [3]);
  });

  it('reads multi-line programs from --file and stdin', () => {
    const prog = 'z = w*x + b\nloss = log(1 + exp(-z))';
    const a = JSON.parse(run(['inspect', '--file', 'p.txt', '--at', 'w=1,x=2,b=0', '--json'], { 'p.txt': prog }).out);
    const b = JSON.parse(run(['inspect', '--file', '-', '--at', 'w=1,x=2,b=0', '--json'], {}, prog).out);
    assert.deepEqual(a.outputs, ['loss']);
    assert.deepEqual(a, b);
    const s = 1 / (1 + Math.exp(2));
    assert.ok(Math.abs(a.partials.find((p: { wrt: string }) => p.wrt === 'w').value - -2 * s) < 1e-15);
  });

  it('a default point is deterministic and inside the domain', () => {
    const a = JSON.parse(run(['inspect', 'log(x - 3) + sqrt(y)', '--json']).out);
    const b = JSON.parse(run(['inspect', 'log(x - 3) + sqrt(y)', '--json']).out);
    assert.deepEqual(a.point, b.point);
    assert.ok(a.point.x > 3 && a.point.y > 0);
    assert.ok(Number.isFinite(a.values.f));
  });

  it('errors: exit 2 and {"error": {message, line, column}}', () => {
    const { code, out } = run(['inspect', 'x + (y *', '--json']);
    assert.equal(code, 2);
    const e = JSON.parse(out).error;
    assert.equal(e.line, 1);
    assert.equal(typeof e.column, 'number');
    assert.match(e.message, /end of expression/);
  });

  it('errors for bad options are JSON too', () => {
    const { code, out } = run(['inspect', 'x', '--at', 'x=abc', '--json']);
    assert.equal(code, 2);
    assert.match(JSON.parse(out).error.message, /Cannot read the point 'x=abc'/);
    const missing = run(['inspect', '--file', 'nope.txt', '--json']);
    assert.equal(missing.code, 2);
    assert.match(JSON.parse(missing.out).error.message, /nope\.txt/);
  });

  it('a readable table without --json', () => {
    const { code, out } = run(['inspect', 'sin(2x)', '--at', 'x=0']);
    assert.equal(code, 0);
    assert.match(out, /∂f\/∂x = 2 cos\(2x\) {3}= 2/);
  });
});

describe('partials graph', () => {
  it('--format json: nodes with op, value and adjoint; edges with local derivatives', () => {
    const g = JSON.parse(run(['graph', 'sin(x*y)', '--at', 'x=1,y=2', '--format', 'json']).out);
    const byLabel = (l: string) => g.nodes.find((n: { label: string }) => n.label === l);
    assert.equal(g.nodes.length, 4);
    assert.equal(byLabel('sin').value, Math.sin(2));
    assert.equal(byLabel('sin').adjoint, 1);
    assert.equal(byLabel('x').adjoint, 2 * Math.cos(2));
    assert.equal(byLabel('y').adjoint, Math.cos(2));
    const edge = g.edges.find((e: { from: number; to: number }) => e.from === byLabel('×').id && e.to === byLabel('sin').id);
    assert.equal(edge.local, 'cos(x y)');
    assert.equal(edge.localValue, Math.cos(2));
  });
  it('--format dot', () => {
    const { code, out } = run(['graph', 'x*y', '--at', 'x=2,y=3', '--format', 'dot']);
    assert.equal(code, 0);
    assert.match(out, /^digraph "f" \{/);
    assert.match(out, /label="\{ x \| data 2 \| grad 3 \}"/);
  });
});

describe('the bundled CLI binary', () => {
  before(() => {
    if (!existsSync('dist/cli.js')) execFileSync('node', ['scripts/build.mjs']);
  });
  it('runs as a process with the documented exit codes', () => {
    const ok = spawnSync('node', ['bin/partials.js', 'inspect', 'x^2', '--at', 'x=3', '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0);
    assert.equal(JSON.parse(ok.stdout).partials[0].value, 6);
    const bad = spawnSync('node', ['bin/partials.js', 'inspect', 'x^', '--json'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.ok(JSON.parse(bad.stdout).error);
  });
});
