import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildModel, evaluate } from '../../src/core/index';

/**
 * One random formula, written the way each language writes it (its own precedence, power operator,
 * function spelling, method style), must read back to the same value: checks every front end's parser
 * against an evaluation of the formula done here.
 */
type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; name: 'x' | 'y' | 'z' }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { k: 'pow'; a: Node; n: 2 | 3 }
  | { k: 'fn'; f: 'sin' | 'cos' | 'tanh' | 'exp' | 'atan'; a: Node };

const node: fc.Arbitrary<Node> = fc.letrec<{ n: Node }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(1, 2, 3, 0.5, 1.5).map((v) => ({ k: 'num', v }) as Node),
    fc.constantFrom('x', 'y', 'z').map((name) => ({ k: 'var', name }) as Node),
    tie('n').map((a) => ({ k: 'neg', a }) as Node),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('n'), tie('n')).map(([op, a, b]) => ({ k: 'bin', op, a, b }) as Node),
    fc.tuple(tie('n'), fc.constantFrom(2, 3)).map(([a, n]) => ({ k: 'pow', a, n }) as Node),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'exp', 'atan'), tie('n')).map(([f, a]) => ({ k: 'fn', f, a }) as Node),
  ),
})).n;

const FN: Record<string, (x: number) => number> = { sin: Math.sin, cos: Math.cos, tanh: Math.tanh, exp: (x) => Math.exp(Math.sin(x)), atan: Math.atan };
const value = (n: Node, p: Record<string, number>): number => {
  switch (n.k) {
    case 'num': return n.v;
    case 'var': return p[n.name];
    case 'neg': return -value(n.a, p);
    case 'bin': {
      const a = value(n.a, p), b = value(n.b, p);
      return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
    }
    case 'pow': return value(n.a, p) ** n.n;
    case 'fn': return FN[n.f](value(n.a, p));
  }
};

interface Style {
  lang: string;
  num(v: number): string;
  pow(base: string, n: number, baseIsAtom: boolean): string;
  fn(f: string, a: string): string;
  mul?: string;
  div?: string;
}

// precedence: 1 additive, 2 multiplicative, 3 unary, 4 power, 5 atom
const prec = (n: Node): number => (n.k === 'bin' ? (n.op === '+' || n.op === '-' ? 1 : 2) : n.k === 'neg' ? 3 : n.k === 'pow' ? 4 : 5);

function write(n: Node, s: Style): string {
  const paren = (c: Node, min: number) => (prec(c) < min ? `(${write(c, s)})` : write(c, s));
  switch (n.k) {
    case 'num': return s.num(n.v);
    case 'var': return n.name;
    case 'neg': return `-${paren(n.a, 4)}`; // -(x ^ 2) written with brackets: JS forbids -x ** 2
    case 'bin': {
      const p = prec(n);
      const op = n.op === '*' ? s.mul ?? '*' : n.op === '/' ? s.div ?? '/' : n.op;
      if (n.op === '/' && s.lang === 'latex') return `\\frac{${write(n.a, s)}}{${write(n.b, s)}}`;
      return `${paren(n.a, p)} ${op} ${paren(n.b, p + 1)}`;
    }
    case 'pow': return s.pow(prec(n.a) >= 5 ? write(n.a, s) : `(${write(n.a, s)})`, n.n, prec(n.a) >= 5);
    case 'fn': {
      const inner = n.f === 'exp' ? s.fn('sin', write(n.a, s)) : write(n.a, s);
      return s.fn(n.f, inner);
    }
  }
}

const plain = (v: number) => String(v);
const STYLES: Style[] = [
  { lang: 'python', num: plain, pow: (b, n) => `${b} ** ${n}`, fn: (f, a) => `${f === 'exp' || f === 'tanh' ? 'np' : 'math'}.${f}(${a})` },
  { lang: 'javascript', num: plain, pow: (b, n) => `${b} ** ${n}`, fn: (f, a) => `Math.${f}(${a})` },
  { lang: 'typescript', num: plain, pow: (b, n) => `Math.pow(${b}, ${n})`, fn: (f, a) => `Math.${f}(${a})` },
  { lang: 'c', num: (v) => `${v.toFixed(1)}f`, pow: (b, n) => `powf(${b}, ${n})`, fn: (f, a) => `${f}f(${a})` },
  { lang: 'cpp', num: (v) => v.toFixed(2), pow: (b, n) => `std::pow(${b}, ${n})`, fn: (f, a) => `std::${f}(${a})` },
  { lang: 'rust', num: (v) => `${v.toFixed(1)}_f64`, pow: (b, n, atom) => `${atom ? b : b}.powi(${n})`, fn: (f, a) => `(${a}).${f}()` },
  { lang: 'go', num: plain, pow: (b, n) => `math.Pow(${b}, ${n})`, fn: (f, a) => `math.${f[0].toUpperCase()}${f.slice(1)}(${a})` },
  { lang: 'java', num: (v) => `${v}d`, pow: (b, n) => `Math.pow(${b}, ${n})`, fn: (f, a) => `Math.${f}(${a})` },
  { lang: 'csharp', num: plain, pow: (b, n) => `Math.Pow(${b}, ${n})`, fn: (f, a) => `Math.${f[0].toUpperCase()}${f.slice(1)}(${a})` },
  { lang: 'julia', num: plain, pow: (b, n) => `${b}^${n}`, fn: (f, a) => `${f}(${a})`, mul: '.*' },
  { lang: 'matlab', num: plain, pow: (b, n) => `${b}.^${n}`, fn: (f, a) => `${f}(${a})`, div: './' },
  { lang: 'latex', num: plain, pow: (b, n) => `${b}^{${n}}`, fn: (f, a) => `\\${f === 'atan' ? 'arctan' : f}\\left(${a}\\right)`, mul: '\\cdot' },
];

test('a random formula reads back to the same value in every language', () => {
  const point = { x: 0.7, y: -1.3, z: 0.4 };
  for (const style of STYLES) {
    fc.assert(fc.property(node, (n) => {
      const expected = value(n, point);
      fc.pre(Number.isFinite(expected) && Math.abs(expected) < 1e12);
      const src = style.lang === 'latex' ? `r = ${write(n, style)}` : style.lang === 'matlab' || style.lang === 'c' || style.lang === 'cpp' || style.lang === 'java' || style.lang === 'csharp' || style.lang === 'rust' || style.lang === 'javascript' || style.lang === 'typescript'
        ? `${style.lang === 'rust' ? 'let r' : style.lang === 'matlab' ? 'r' : style.lang === 'javascript' || style.lang === 'typescript' ? 'const r' : 'double r'} = ${write(n, style)};`
        : style.lang === 'go' ? `r := ${write(n, style)}` : `r = ${write(n, style)}`;
      const m = buildModel({ source: src, language: style.lang });
      assert.deepEqual(m.outputs.map((o) => o.name), ['r'], src);
      const got = evaluate(m.graph, [m.outputs[0].node], point)[m.outputs[0].node];
      assert.ok(Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${style.lang}: ${src} gave ${got}, expected ${expected}`);
    }), { numRuns: 150, seed: 11 });
  }
});
