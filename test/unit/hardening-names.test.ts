/**
 * Names of Object.prototype (`__proto__`, `constructor`, `toString`, …) as the user's variables, through every
 * place the engine and the CLI key an object by a name: checks (reverse AD, claim points), document values,
 * the LaTeX reader's command tables, the tensor engine (shapes, points, directions, gradients) and `.dx` pads.
 * Each of these was wrong before (a false mismatch, a lost coordinate, "function Object() { [native code] }").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { analyzeDx } from '../../src/core/dx';

const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

function cli(argv: string[], stdin = ''): { code: number; out: string } {
  let out = '';
  const code = main(argv, { stdout: (s) => { out += s; }, readFile: () => { throw new Error('no files'); }, readStdin: () => stdin });
  return { code, out };
}
const json = (argv: string[], stdin = '') => {
  const r = cli([...argv, '--json'], stdin);
  return { code: r.code, out: JSON.parse(r.out) };
};

describe('prototype names in checks', () => {
  it("partials check '__proto__^2' --claim 'df/d__proto__ = 2*__proto__' passes (it was a false mismatch)", () => {
    const r = cli(['check', '__proto__^2', '--claim', 'df/d__proto__ = 2*__proto__']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /All checks passed/);
    assert.doesNotMatch(r.out, /mismatch/);
  });

  for (const n of PROTO) {
    it(`${n}: every method agrees, reverse AD included, and a claim is checked at points that move ${n}`, () => {
      const { code, out } = json(['check', `${n}^2 + sin(${n}*y)`, '--at', `${n}=0.7,y=1.3`, '--claim', `df/d${n} = 2*${n} + y*cos(${n}*y)`,
        '--claim', `df/dy = ${n}*cos(${n}*y) + 1`]);
      assert.equal(code, 1, 'the second claim is wrong'); // so the run exits 1 for that reason only
      const p = out.partials.find((q: { wrt: string }) => q.wrt === n);
      const want = 2 * 0.7 + 1.3 * Math.cos(0.7 * 1.3);
      for (const m of Object.values(p.methods) as { value: number | null; verdict: string }[]) {
        if (m.value !== null) assert.ok(Math.abs(m.value - want) < 1e-6, `${JSON.stringify(m)}`);
      }
      assert.equal(p.verdict, 'ok');
      assert.ok(Math.abs(p.methods.reverseAD.value - want) < 1e-12, JSON.stringify(p.methods.reverseAD));
      assert.deepEqual(out.claims.map((c: { result: string }) => c.result), ['holds', 'wrong']);
      // the wrong claim is refuted at sampled points whose coordinates differ in n as well as in y
      const wrong = out.claims[1];
      const moved = new Set(wrong.points.map((q: { point: Record<string, number> }) => q.point[n]));
      assert.ok(moved.size > 1, `${n} never moved: ${JSON.stringify(wrong.points)}`);
      assert.ok(wrong.points.every((q: { point: Record<string, number> }) => Object.hasOwn(q.point, n) && typeof q.point[n] === 'number'));
      assert.ok(Object.hasOwn(out.values, 'f') && Object.hasOwn(out.expressions, 'f'));
    });

    it(`${n} as an output name of a check and as a document value`, () => {
      const asOutput = json(['check', '--file', '-', '--lang', 'python'], `${n} = x**2 + x\n`);
      assert.equal(asOutput.code, 0, JSON.stringify(asOutput.out));
      assert.ok(Object.hasOwn(asOutput.out.values, n), JSON.stringify(asOutput.out.values));
      assert.ok(Object.hasOwn(asOutput.out.expressions, n));

      const doc = json(['inspect', '--file', '-', '--lang', 'python'], `${n} = 3\nf = ${n}*x**2\n`);
      assert.equal(doc.code, 0);
      assert.equal(doc.out.point[n], 3);
      assert.equal(doc.out.pointSource[n], 'document');
      const mathDoc = json(['inspect', '--file', '-'], `${n} = 3\nf = ${n}*x^2\n`);
      assert.equal(mathDoc.code, 0);
      assert.ok(!mathDoc.out.inputs.includes(n), `${n} = 3 makes it a constant: ${JSON.stringify(mathDoc.out.inputs)}`);
    });
  }
});

describe('prototype names in the LaTeX reader and the tensor engine', () => {
  it('\\constructor, \\toString are unknown LaTeX commands with a clear message; \\mathrm{constructor} is a variable', () => {
    for (const cmd of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const r = json(['inspect', `\\${cmd} x`, '--lang', 'latex']);
      assert.equal(r.code, 2);
      assert.match(r.out.error.message, new RegExp(`LaTeX command '\\\\${cmd}'`));
      assert.doesNotMatch(r.out.error.message, /native code|function/);
    }
    const ok = json(['inspect', '\\mathrm{constructor} \\cdot x', '--lang', 'latex', '--at', 'constructor=2,x=3']);
    assert.equal(ok.code, 0, JSON.stringify(ok.out));
    assert.deepEqual(ok.out.inputs, ['constructor', 'x']);
    assert.equal(ok.out.values.f, 6);
  });

  for (const n of PROTO) {
    it(`tensor engine: ${n} as an array input (--shape and --at), checked by every method`, () => {
      const r = json(['check', `sum(${n}.*x) + ${n}'*${n}`, '--shape', `${n}=3,x=3`]);
      assert.equal(r.code, 0, JSON.stringify(r.out).slice(0, 400));
      assert.equal(r.out.ok, true);
      assert.deepEqual(r.out.partials.map((p: { wrt: string }) => p.wrt), [n, 'x']);
      assert.deepEqual(r.out.shapes[n], [3]);
      assert.ok(Object.hasOwn(r.out.point, n), JSON.stringify(r.out.point));
      const at = json(['inspect', `np.sum(${n} * x)`, '--lang', 'python', '--at', `${n}=[1,2],x=[3,4]`]);
      assert.equal(at.code, 0);
      assert.equal(at.out.values.f, 11);
      const graph = cli(['graph', `np.sum(${n} * x)`, '--lang', 'python', '--at', `${n}=[1,2],x=[3,4]`, '--format', 'json']);
      assert.equal(graph.code, 0);
      assert.deepEqual(JSON.parse(graph.out).shapes[n], [2]);
    });
  }

  it('a function called constructor(…) in array code is unknown, not Object', () => {
    const r = json(['inspect', 'np.constructor(x)', '--lang', 'python', '--at', 'x=[1,2]']);
    assert.equal(r.code, 2);
    assert.match(r.out.error.message, /Unknown function 'constructor'/);
  });
});

describe('prototype names in .dx pads', () => {
  it('a definition named constructor or __proto__ is valued in named forms', () => {
    for (const n of ['constructor', '__proto__']) {
      const a = analyzeDx(`x = 2\n${n} = x^2\nf = 3*${n}\nwrt x\n`);
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), [], n);
      const f = a.results.find((r) => r.kind === 'define' && r.line === 3);
      assert.ok(f, n);
      assert.equal(f.value, 12);
      assert.deepEqual(f.partials.map((p) => [p.wrt, p.value]), [['x', 12]]);
    }
  });
});
