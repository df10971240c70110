/**
 * Where inserted gradient code goes (src/core/codegen/placement.ts), language by language: statements before a
 * return (never after it, where they would not run), after the statement otherwise; a function beside the
 * enclosing function, at its indentation, with its parameters in signature order.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enclosingFunction, functionsIn, maskText, parseParams, placeCode, type Placement } from '../../src/core/codegen/placement';

const demo = (file: string) => readFileSync(join(__dirname, '../../demo', file), 'utf8');

/** Placement of `selected` (its first occurrence, or the occurrence after `after`) in `text`. */
function place(text: string, lang: string, selected: string, form: 'statements' | 'function' = 'statements', after = ''): Placement {
  const s = text.indexOf(selected, after ? text.indexOf(after) : 0);
  assert.ok(s >= 0, `${JSON.stringify(selected)} is in the text`);
  return placeCode(text, lang, s, s + selected.length, form);
}

function ok(p: Placement) {
  assert.ok(p.ok, p.ok ? '' : p.message);
  return p;
}

/** [line, where, indent] of a placement. */
const at = (p: Placement) => {
  const q = ok(p);
  return [q.insertion.line, q.insertion.where, q.insertion.indent] as const;
};

describe('Python', () => {
  const py = demo('logistic.py');
  const LOSS = 'z = w * x + b\n    p = 1 / (1 + np.exp(-z))\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))';
  it('the three lines of loss: statements before the return, indented like it', () => {
    assert.deepEqual(at(place(py, 'python', LOSS)), [8, 'before', '    ']);
    assert.equal(py.split('\n')[8].trim().startsWith('return'), true);
  });
  it('the returned expression alone: before the return', () => {
    assert.deepEqual(at(place(py, 'python', '-(y * np.log(p) + (1 - y) * np.log(1 - p))')), [8, 'before', '    ']);
  });
  it('Function form: beside loss (after its last line, column 0), with loss\'s parameter order', () => {
    const p = ok(place(py, 'python', LOSS, 'function'));
    assert.deepEqual([p.insertion.line, p.insertion.where, p.insertion.indent], [8, 'after', '']);
    assert.equal(p.enclosing?.name, 'loss');
    assert.deepEqual(p.enclosing?.params, ['w', 'b', 'x', 'y']);
    assert.equal(p.returns, true);
  });
  it('an assignment inside a function: after it; one that overwrites what the selection reads: before it', () => {
    const text = 'def f(x, y):\n    z = x**2 * y\n    x = x * y + 1\n    return z + x\n';
    assert.deepEqual(at(place(text, 'python', 'x**2 * y')), [1, 'after', '    ']);
    const p = ok(place(text, 'python', 'x * y + 1'));
    assert.deepEqual([p.insertion.line, p.insertion.where], [2, 'before']);
    assert.match(p.insertion.note ?? '', /assigns x, which the selection reads/);
    assert.deepEqual(at(place(text, 'python', 'x = x * y + 1')), [2, 'after', '    '], 'the whole statement: after it');
  });
  it('a statement over several lines: after its last line', () => {
    const text = 'def f(a, b):\n    z = (a +\n         b * a)\n    return z\n';
    assert.deepEqual(at(place(text, 'python', 'a +\n         b * a')), [2, 'after', '    ']);
    assert.deepEqual(at(place(text, 'python', 'b * a')), [2, 'after', '    ']);
  });
  it('an if condition: before the if; an elif condition: refused with a reason', () => {
    const text = 'def f(x, y):\n    if x * y > 0:\n        return 1\n    elif x - y > 0:\n        return 2\n    return 3\n';
    assert.deepEqual(at(place(text, 'python', 'x * y')), [1, 'before', '    ']);
    const p = place(text, 'python', 'x - y');
    assert.equal(p.ok, false);
    assert.match(p.ok ? '' : p.message, /else-if/);
  });
  it('a one-line function: statements refused with a reason, a function goes after it', () => {
    const text = 'import math\ndef sq(x): return x * x\n';
    const p = place(text, 'python', 'x * x');
    assert.equal(p.ok, false);
    assert.match(p.ok ? '' : p.message, /one-line function.*Insert Gradient Function/);
    const q = ok(place(text, 'python', 'x * x', 'function'));
    assert.deepEqual([q.insertion.line, q.insertion.where, q.insertion.indent, q.enclosing?.name], [1, 'after', '', 'sq']);
  });
  it('a method: the function goes after the class, as a plain function (said to the user); self is no parameter', () => {
    const text = 'class Model:\n    def loss(self, w, b):\n        return (w - b) ** 2\n\n    def other(self):\n        pass\n\nx = 1\n';
    const p = ok(place(text, 'python', '(w - b) ** 2', 'function'));
    assert.deepEqual(p.enclosing?.params, ['w', 'b']);
    assert.deepEqual([p.insertion.line, p.insertion.where, p.insertion.indent], [5, 'after', '']);
    assert.match(p.insertion.note ?? '', /method/);
  });
  it('a nested function: beside the inner one, at its indentation', () => {
    const text = 'def outer(a):\n    def inner(u, v):\n        return u * v + a\n    return inner(a, a)\n';
    const p = ok(place(text, 'python', 'u * v + a', 'function'));
    assert.deepEqual([p.insertion.line, p.insertion.indent, p.enclosing?.name], [2, '    ', 'inner']);
  });
  it('signatures over several lines, with annotations, defaults, *args and keyword-only markers', () => {
    const text = 'def f(\n    a: float,\n    b: "float" = 1.0,  # comment (with a paren\n    *, c=(1, 2), **kw,\n) -> float:\n    return a * b * c\n';
    assert.deepEqual(enclosingFunction(text, 'python', 5)?.params, ['a', 'b', 'c', 'kw']);
    assert.deepEqual(at(place(text, 'python', 'a * b * c')), [5, 'before', '    ']);
  });
  it('CRLF documents: the same lines, indentation without \\r', () => {
    const crlf = py.replace(/\n/g, '\r\n');
    assert.deepEqual(at(place(crlf, 'python', LOSS.replace(/\n/g, '\r\n'))), [8, 'before', '    ']);
    assert.deepEqual(ok(place(crlf, 'python', LOSS.replace(/\n/g, '\r\n'), 'function')).enclosing?.params, ['w', 'b', 'x', 'y']);
  });
  it('tabs stay tabs', () => {
    assert.deepEqual(at(place('def f(x):\n\ty = x * x\n\treturn y\n', 'python', 'y = x * x\n\treturn y')), [2, 'before', '\t']);
  });
});

describe('JavaScript and TypeScript', () => {
  const js = demo('physics.js');
  it('a returned expression: before the return; an assignment\'s right-hand side: after it', () => {
    assert.deepEqual(at(place(js, 'javascript', '2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16)')), [7, 'before', '  ']);
    assert.deepEqual(at(place(js, 'javascript', '0.5 * m * v ** 2 + m * g * h')), [2, 'after', '  ']);
  });
  it('Function form: after the function, its parameter order (defaults dropped)', () => {
    const p = ok(place(js, 'javascript', '0.5 * m * v ** 2 + m * g * h', 'function'));
    assert.deepEqual([p.insertion.line, p.insertion.where, p.insertion.indent], [4, 'after', '']);
    assert.deepEqual([p.enclosing?.name, p.enclosing?.params], ['energy', ['m', 'v', 'h', 'g']]);
  });
  it('arrow functions, methods, TypeScript types; braces in strings and comments do not count', () => {
    const text = [
      'const f = (a, b = 2) => {',
      '  const s = "} {"; // }',
      '  return a * b;',
      '};',
      'class K {',
      '  loss(w: number, x?: number): number {',
      '    /* { */ return w * (x ?? 1);',
      '  }',
      '}',
      'export async function g({ p }, q, ...rest) {',
      '  return q * q;',
      '}',
    ].join('\n');
    const fns = functionsIn(text, 'typescript').map((f) => [f.name, f.params, f.header, f.end]);
    assert.deepEqual(fns, [['f', ['a', 'b'], 0, 3], ['loss', ['w', 'x'], 5, 7], ['g', ['q', 'rest'], 9, 11]]);
    assert.deepEqual(at(place(text, 'typescript', 'a * b')), [2, 'before', '  ']);
    const m = ok(place(text, 'typescript', 'w * (x ?? 1)', 'function'));
    assert.deepEqual([m.insertion.line, m.insertion.indent], [7, '  ']);
  });
  it('an expression-bodied arrow function: statements refused, a function goes after it', () => {
    const text = 'const sq = (x) => x * x;\n';
    const p = place(text, 'javascript', 'x * x');
    assert.equal(p.ok, false);
    assert.deepEqual(at(place(text, 'javascript', 'x * x', 'function')), [0, 'after', '']);
  });
  it('if conditions and else-if chains', () => {
    const text = 'function f(x, y) {\n  if (x * y > 0) {\n    return 1;\n  } else if (x - y > 0) {\n    return 2;\n  }\n  return 0;\n}\n';
    assert.deepEqual(at(place(text, 'javascript', 'x * y')), [1, 'before', '  ']);
    assert.equal(place(text, 'javascript', 'x - y').ok, false);
  });
});

describe('C, C++, Java, Go, Rust, R', () => {
  it('C: the demo\'s rosenbrock (brace on its own line): after f, or beside rosenbrock with (x, y)', () => {
    const c = demo('rosenbrock.c');
    const expr = '(a - x) * (a - x) + b * (y - x * x) * (y - x * x)';
    assert.deepEqual(at(place(c, 'c', expr)), [8, 'after', '    ']);
    const p = ok(place(c, 'c', expr, 'function'));
    assert.deepEqual([p.insertion.line, p.insertion.indent, p.enclosing?.name, p.enclosing?.params], [10, '', 'rosenbrock', ['x', 'y']]);
    assert.deepEqual(at(place(c, 'c', 'sqrt(x * x + eps * eps)')), [14, 'before', '    ']);
  });
  it('C++: qualified names, references, const methods; control blocks and initialisers are not functions', () => {
    const text = '#include <cmath>\ndouble Model::loss(const double& w, double b[], float x) const {\n  if (w > 0) { b[0] = 1; }\n  std::vector<double> v = {1, 2};\n  return w * x;\n}\n';
    assert.deepEqual(functionsIn(text, 'cpp').map((f) => [f.name, f.params]), [['loss', ['w', 'b', 'x']]]);
    assert.deepEqual(at(place(text, 'cpp', 'w * x')), [4, 'before', '  ']);
  });
  it('Java: a method in a class; the function goes after the method, inside the class', () => {
    const text = 'public class Main {\n    static double f(final double x, double y) throws Exception {\n        double z = x * y;\n        return z;\n    }\n}\n';
    const p = ok(place(text, 'java', 'x * y', 'function'));
    assert.deepEqual([p.insertion.line, p.insertion.indent, p.enclosing?.params], [4, '    ', ['x', 'y']]);
    assert.deepEqual(at(place(text, 'java', 'double z = x * y;\n        return z;')), [3, 'before', '        ']);
  });
  it('Go: grouped parameters, methods with receivers, multiple results', () => {
    const text = 'package main\n\nfunc (m *Model) Loss(w, b float64, x float64) (float64, error) {\n\tz := w*x + b\n\treturn z * z, nil\n}\n';
    const fns = functionsIn(text, 'go');
    assert.deepEqual(fns.map((f) => [f.name, f.params]), [['Loss', ['w', 'b', 'x']]]);
    assert.deepEqual(at(place(text, 'go', 'w*x + b')), [3, 'after', '\t']);
    assert.deepEqual(at(place(text, 'go', 'z * z')), [4, 'before', '\t']);
  });
  it('Rust: the tail expression is the return value: statements go before it', () => {
    const text = 'fn loss(w: f64, mut x: f64, _b: &f64) -> f64 {\n    let z = w * x;\n    z * z\n}\n';
    assert.deepEqual(functionsIn(text, 'rust').map((f) => f.params), [['w', 'x', '_b']]);
    assert.deepEqual(at(place(text, 'rust', 'let z = w * x;\n    z * z')), [2, 'before', '    ']);
    assert.deepEqual(at(place(text, 'rust', 'w * x')), [1, 'after', '    ']);
    assert.equal(ok(place(text, 'rust', 'z * z', 'function')).returns, true);
  });
  it('R: name <- function(…) { … }, the last expression is the value', () => {
    const text = 'loss <- function(w, b = 1) {\n  z <- w * b\n  z^2\n}\n';
    assert.deepEqual(functionsIn(text, 'r').map((f) => [f.name, f.params]), [['loss', ['w', 'b']]]);
    assert.deepEqual(at(place(text, 'r', 'z^2')), [2, 'before', '  ']);
  });
});

describe('Julia and MATLAB', () => {
  it('Julia: the demo neuron; short-form functions; a last assignment is the value (kept by a trailer)', () => {
    const jl = demo('neuron.jl');
    assert.deepEqual(functionsIn(jl, 'julia').map((f) => [f.name, f.params]), [['neuron', ['w1', 'w2', 'x1', 'x2', 'b']], ['logsumexp2', ['a', 'b']]]);
    assert.deepEqual(at(place(jl, 'julia', 'tanh(w1 * x1 + w2 * x2 + b)')), [2, 'after', '    ']);
    assert.equal(place(jl, 'julia', 'log(exp(a) + exp(b))').ok, false, 'a one-line function has no line for statements');
    assert.deepEqual(at(place(jl, 'julia', 'log(exp(a) + exp(b))', 'function')), [6, 'after', '']);
    const text = 'function f(x::Float64, y = 2)\n    z = x^2 * y\nend\n';
    const p = ok(place(text, 'julia', 'z = x^2 * y'));
    assert.deepEqual([p.insertion.line, p.insertion.where, p.insertion.trailer], [1, 'after', 'z']);
    assert.deepEqual(enclosingFunction(text, 'julia', 1)?.params, ['x', 'y']);
  });
  it('Julia: end inside indexing and blocks inside the function', () => {
    const text = 'function g(v, w)\n    for i in 1:3\n        w += v[end] * i\n    end\n    w\nend\nh(x) = x\n';
    assert.deepEqual(functionsIn(text, 'julia').map((f) => [f.name, f.header, f.end]), [['g', 0, 5], ['h', 6, 6]]);
  });
  it('MATLAB: output lists, functions without end, % comments', () => {
    const text = 'function [f, g] = rosen(x, y) % a comment (\n  f = (1 - x)^2 + 100*(y - x^2)^2;\n  g = 0;\n\nfunction out = helper(a)\n  out = a^2;\n';
    assert.deepEqual(functionsIn(text, 'matlab').map((f) => [f.name, f.params, f.header, f.end]), [['rosen', ['x', 'y'], 0, 2], ['helper', ['a'], 4, 5]]);
    assert.deepEqual(at(place(text, 'matlab', '(1 - x)^2 + 100*(y - x^2)^2')), [1, 'after', '  ']);
    assert.deepEqual(at(place(text, 'matlab', '(1 - x)^2 + 100*(y - x^2)^2', 'function')), [2, 'after', '']);
    const withEnd = 'function f = sq(x)\n  f = x(end)^2;\nend\n';
    assert.deepEqual(functionsIn(withEnd, 'matlab').map((f) => [f.header, f.end]), [[0, 2]]);
  });
});

describe('helpers', () => {
  it('masking keeps offsets and lines, blanks comments and strings', () => {
    const text = 'x = "a{b}" # }\ny = 1';
    const m = maskText(text, 'python');
    assert.equal(m.length, text.length);
    assert.equal(m.split('\n').length, 2);
    assert.doesNotMatch(m, /[{}#]/);
    assert.equal(maskText("a = x' * y'; % c", 'matlab').includes("x'"), true, 'a transpose is no string');
    assert.equal(maskText("fn f<'a>(x: &'a f64) {}", 'rust'), "fn f<'a>(x: &'a f64) {}", 'lifetimes are no strings');
  });
  it('parameter lists per language', () => {
    assert.deepEqual(parseParams('const double *x, int n, double w[3]', 'c'), ['x', 'n', 'w']);
    assert.deepEqual(parseParams('self, a: int = 1, *args, b, **kw', 'python'), ['a', 'args', 'b', 'kw']);
    assert.deepEqual(parseParams('x::Float64, y; z = 2', 'julia').slice(0, 2), ['x', 'y']);
    assert.deepEqual(parseParams('&self, x: f64, mut y: f64', 'rust'), ['x', 'y']);
    assert.deepEqual(parseParams('a, b = 2, ...rest', 'javascript'), ['a', 'b', 'rest']);
  });
  it('plain math and LaTeX: after the selection', () => {
    assert.deepEqual(at(placeCode('a\nx^2 + y\nb', 'latex', 2, 9, 'statements')), [1, 'after', '']);
  });
  it('an empty selection is refused', () => {
    assert.equal(placeCode('x = 1\n', 'python', 1, 2, 'statements').ok, false);
  });
});

describe('callbacks and the generated function\'s parameter order', () => {
  it('a callback inside a call is a function without a name; object literals in arguments are not blocks', () => {
    const text = 'const ys = xs.map((x) => {\n  const y = x * x;\n  return y + 1;\n}, { deep: { a: 1 } });\n';
    const fns = functionsIn(text, 'javascript');
    assert.deepEqual(fns.map((f) => [f.name, f.params, f.header, f.end]), [[undefined, ['x'], 0, 3]]);
    assert.deepEqual(at(place(text, 'javascript', 'y + 1')), [2, 'before', '  ']);
  });
  it('an object literal over several lines is one statement (code never lands inside it)', () => {
    const text = 'function f(x, y) {\n  const o = {\n    a: x * y,\n    b: 2,\n  };\n  return o;\n}\n';
    assert.deepEqual(at(place(text, 'javascript', 'x * y')), [4, 'after', '  ']);
    assert.deepEqual(functionsIn(text, 'javascript').map((f) => [f.name, f.end]), [['f', 6]]);
  });
  it('paramOrder: the signature\'s order, then free variables it does not take; gradients in the same order', async () => {
    const { generateFromSource } = await import('../../src/core/codegen');
    const src = 'z = w * x + b\np = 1 / (1 + exp(-z))\nreturn -(y * log(p) + (1 - y) * log(1 - p)) + lr';
    const r = generateFromSource(src, { language: 'python', target: 'python', form: 'function', paramOrder: ['w', 'b', 'x', 'y'], name: 'loss' });
    assert.equal(r.functionName, 'loss_grad');
    assert.deepEqual(r.parameters, ['w', 'b', 'x', 'y', 'lr']);
    assert.match(r.code, /def loss_grad\(w, b, x, y, lr\):/);
    assert.match(r.code, /return f, \(df_dw, df_db, df_dx, df_dy, df_dlr\)/);
    const held = generateFromSource('a*x + b*y', { target: 'c', form: 'function', wrt: ['y', 'x'], paramOrder: ['a', 'x', 'b', 'y'] });
    assert.match(held.code, /double f_grad\(double a, double x, double b, double y, double grad\[2\]\)/);
    assert.match(held.code, /grad\[0\] = df_dx;\n\s+grad\[1\] = df_dy;/);
    assert.match(held.code, /with respect to x, y; a, b held constant/);
  });
});
