import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli';

/** The CLI reads code in every language from --file or stdin (issue 3's CLI contract), in-process. */
function run(argv: string[], files: Record<string, string> = {}, stdin = ''): { code: number; json: any } {
  const { code, out } = runCli(argv, files, stdin);
  return { code, json: JSON.parse(out) };
}

const SAMPLES: [lang: string, src: string, output: string][] = [
  ['python', 'def f(x, y):\n    return x ** 2 * y', 'f'],
  ['javascript', 'const f = (x, y) => Math.pow(x, 2) * y;', 'f'],
  ['typescript', 'function f(x: number, y: number): number {\n  return x ** 2 * y;\n}', 'f'],
  ['c', 'double f(double x, double y) {\n  return pow(x, 2) * y;\n}', 'f'],
  ['cpp', 'auto f = [](double x, double y) { return std::pow(x, 2) * y; };', 'f'],
  ['julia', 'f(x, y) = x^2 * y', 'f'],
  ['matlab', 'f = @(x, y) x.^2 .* y;', 'f'],
  ['rust', 'fn f(x: f64, y: f64) -> f64 {\n    x.powi(2) * y\n}', 'f'],
  ['go', 'func f(x, y float64) float64 {\n\treturn math.Pow(x, 2) * y\n}', 'f'],
  ['java', 'static double f(double x, double y) {\n    return Math.pow(x, 2) * y;\n}', 'f'],
  ['csharp', 'double f(double x, double y) => Math.Pow(x, 2) * y;', 'f'],
  ['latex', 'f(x, y) = x^2 y', 'f'],
];

describe('partials inspect --lang (front ends)', () => {
  for (const [lang, src, output] of SAMPLES) {
    it(`${lang}: --file and stdin give the same partials`, () => {
      const a = run(['inspect', '--file', 'snippet', '--lang', lang, '--at', 'x=1.5,y=2', '--json'], { snippet: src });
      const b = run(['inspect', '--file', '-', '--lang', lang, '--at', 'x=1.5,y=2', '--json'], {}, src);
      assert.equal(a.code, 0, JSON.stringify(a.json));
      assert.deepEqual(a.json, b.json);
      assert.equal(a.json.language, lang);
      assert.deepEqual(a.json.outputs, [output]);
      assert.deepEqual(a.json.inputs, ['x', 'y']);
      assert.deepEqual(a.json.partials.map((p: { value: number }) => p.value), [2 * 1.5 * 2, 1.5 ** 2]);
    });
  }
  it('--lang auto detects, and claims are reported', () => {
    const src = 'loss = (w * x - y) ** 2\ndloss_dw = 2 * (w * x - y) * x';
    const r = run(['inspect', '--file', '-', '--lang', 'auto', '--json'], {}, src);
    assert.equal(r.code, 0);
    assert.equal(r.json.language, 'python');
    assert.deepEqual(r.json.claims.map((c: { of: string; wrt: string; name: string }) => [c.of, c.wrt, c.name]), [['loss', 'w', 'dloss_dw']]);
  });
  it('refused code is exit 2 with the construct and its position', () => {
    const r = run(['inspect', '--file', '-', '--lang', 'rust', '--json'], {}, 'let mut s = 0.0;\nfor i in 0..n {\n    s += x;\n}');
    assert.equal(r.code, 2);
    assert.match(r.json.error.message, /loop \('for'\)/);
    assert.deepEqual([r.json.error.line, r.json.error.column], [2, 1]);
  });
});
