import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLanguage, documentValues, statementAt } from '../../src/core/frontend/index';
import { inspect, readSource } from '../../src/core/index';

describe('documentValues', () => {
  test('python: numbers, scientific notation, constant expressions; E keeps its name, as in programs', () => {
    const doc = 'import numpy as np\n\nlr = 0.1\nx = 2.0  # start\nE = 1e-3\nscale = 2 * np.pi\nname = "w"\ny = x * 3\n';
    assert.deepEqual(documentValues(doc, 'python'), { lr: 0.1, x: 2, E: 0.001, scale: 2 * Math.PI });
  });
  test('the last assignment before the selection wins', () => {
    const doc = 'x = 1.0\nx = 3.0\ny = x ** 2\nx = 5.0\n';
    assert.deepEqual(documentValues(doc, 'python', doc.indexOf('y =')), { x: 3 });
    assert.deepEqual(documentValues(doc, 'python'), { x: 5 });
  });
  test('typescript, c (with #define and f suffix), rust, matlab, markdown', () => {
    assert.deepEqual(documentValues('const lr = 0.1;\nlet k: number = 3;\nconst y = a + b;\n', 'typescript'), { lr: 0.1, k: 3 });
    assert.deepEqual(documentValues('#define N 4\nconst double h = 1e-3f;\ndouble y = pow(x, 2);\n', 'c'), { N: 4, h: 0.001 });
    assert.deepEqual(documentValues('let x: f64 = 2.0;\nlet mut t = 0.5_f64;\nlet c = std::f64::consts::PI / 4.0;\n', 'rust'), { x: 2, t: 0.5, c: Math.PI / 4 });
    assert.deepEqual(documentValues('alpha = 0.25; % rate\ny = x.^2;\n', 'matlab'), { alpha: 0.25 });
    assert.deepEqual(documentValues('Let $x = 2$ and $L = (x - y)^2$.', 'markdown'), { x: 2 });
    assert.deepEqual(documentValues('x := 1.5\nvar n float64 = 3\n', 'go'), { x: 1.5, n: 3 });
  });
  test('values from the selection itself are the default point of inspect', () => {
    const r = inspect({ source: 'x = 2.0\ny = 0.5\nz = x * y ** 2', language: 'python' });
    assert.deepEqual(r.point, { x: 2, y: 0.5 });
    assert.deepEqual(r.pointSource, { x: 'document', y: 'document' });
    assert.equal(r.values.z, 0.5);
  });
  test('python default parameter values are default point values', () => {
    const fe = readSource('def f(x, scale=2.5):\n    return scale * x ** 2', 'python');
    assert.deepEqual(fe.values, { scale: 2.5 });
    assert.deepEqual(fe.params, ['x', 'scale']);
  });
});

describe('statementAt (hovers with no selection)', () => {
  const py = 'def f(x, y):\n    z = np.exp(-x**2) * (y +\n        x)\n    return z  # done\n';
  test('a statement spanning lines inside brackets', () => {
    const want = 'z = np.exp(-x**2) * (y +\n        x)';
    for (const at of [py.indexOf('np.exp'), py.indexOf('x)')]) assert.equal(statementAt(py, at, 'python')?.text, want);
  });
  test('comments and semicolons are trimmed', () => {
    assert.equal(statementAt(py, py.indexOf('return'), 'python')?.text, 'return z');
    const js = 'const lr = 0.1;\nconst y = a\n  + b * c;  // sum\n';
    const r = statementAt(js, js.indexOf('b *'), 'typescript')!;
    assert.equal(r.text, 'const y = a\n  + b * c');
    assert.equal(js.slice(r.start, r.end), r.text);
    assert.equal(statementAt(js, 3, 'javascript')?.text, 'const lr = 0.1');
  });
  test('MATLAB continuation and math inside Markdown dollars', () => {
    const m = 'alpha = 0.25; % rate\ny = x.^2 + ...\n   alpha;\n';
    assert.equal(statementAt(m, m.indexOf('alpha;'), 'matlab')?.text, 'y = x.^2 + ...\n   alpha');
    const md = 'Let $x = 2$ and the loss $L = (x - y)^2$ be given.';
    assert.equal(statementAt(md, md.indexOf('(x'), 'markdown')?.text, 'L = (x - y)^2');
  });
  test('the statement it returns is readable by the front end', () => {
    const doc = 'import math\n\ndef area(r):\n    return math.pi * r ** 2\n';
    const s = statementAt(doc, doc.indexOf('math.pi'), 'python')!;
    const r = inspect({ source: s.text, language: 'python', at: { r: 2 } });
    assert.equal(r.values.f, Math.PI * 4);
  });
  test('on a function\'s first line the statement is the whole function', () => {
    const py = 'import math\n\ndef area(r, h):\n    base = math.pi * r ** 2\n    return base * h\n\nx = 1\n';
    const s = statementAt(py, py.indexOf('area'), 'python')!;
    assert.equal(s.text, 'def area(r, h):\n    base = math.pi * r ** 2\n    return base * h');
    assert.deepEqual(inspect({ source: s.text, language: 'python', at: { r: 1, h: 2 } }).partials.map((p) => p.value), [4 * Math.PI, Math.PI]);
    const js = 'const k = 2;\nfunction f(x, y) {\n  const s = x + y;\n  return s * s;\n}\nf(1, 2);\n';
    assert.equal(statementAt(js, js.indexOf('f(x'), 'javascript')?.text, 'function f(x, y) {\n  const s = x + y;\n  return s * s;\n}');
    const jl = 'function g(x)\n    y = 2x\n    y^2\nend\nz = 1';
    assert.equal(statementAt(jl, 3, 'julia')?.text, 'function g(x)\n    y = 2x\n    y^2\nend');
    assert.equal(statementAt('def f(x): return x * 2\ny = 3', 2, 'python')?.text, 'def f(x): return x * 2');
  });
  test('an empty line has no statement', () => {
    assert.equal(statementAt('x = 1\n\ny = 2', 6, 'python'), undefined);
  });
});

describe('language detection', () => {
  const cases: [string, string][] = [
    ['x**2 + np.exp(y)', 'python'],
    ['def f(x): return x*x', 'python'],
    ['const y = Math.exp(x) * k;', 'javascript'],
    ['const y: number = Math.exp(x);', 'typescript'],
    ['double y = Math.pow(x, 2);', 'java'],
    ['double y = Math.Pow(x, 2);', 'csharp'],
    ['y := math.Pow(x, 2)', 'go'],
    ['let y = x.powi(2);', 'rust'],
    ['double y = std::exp(x) * M_PI;', 'cpp'],
    ['__device__ float f(float x) { return __expf(x); }', 'cuda-cpp'],
    ['y = exp.(x) .+ 1', 'julia'],
    ['f = @(x) x.^2;', 'matlab'],
    ['\\frac{x}{y} + \\sqrt{x}', 'latex'],
    ['x^2 + 3*y', 'math'],
    ['sin(x) * y', 'math'],
  ];
  for (const [src, lang] of cases) test(`${lang}: ${src}`, () => assert.equal(detectLanguage(src), lang));
  test('language ids are canonicalised', () => {
    assert.equal(readSource('x ** 2', 'jupyter').language, 'python');
    assert.equal(readSource('x * y', 'javascriptreact').language, 'javascript');
    assert.equal(readSource('x ^ 2', 'plaintext').language, 'math');
    assert.equal(readSource('y = x.^2;', 'octave').language, 'matlab');
    assert.equal(readSource('x * y', 'tex').language, 'latex');
  });
});

describe('selection shapes', () => {
  test('several outputs for the Jacobian: every assigned name', () => {
    const r = inspect({ source: 'u = x * y\nv = u + x ** 2', language: 'python', allOutputs: true, at: { x: 2, y: 3 } });
    assert.deepEqual(r.outputs, ['u', 'v']);
    assert.equal(r.partials.find((p) => p.of === 'v' && p.wrt === 'x')!.value, 3 + 4);
  });
  test('a claim that the code goes on to use stays in the program', () => {
    const fe = readSource('loss = (w * x - y) ** 2\ngrad_w = 2 * (w * x - y) * x\nw_next = w - 0.1 * grad_w', 'python');
    assert.equal(fe.claims.length, 1);
    assert.match(fe.text, /grad_w = /);
    assert.deepEqual(fe.outputs, ['w_next']);
  });
  test('a claim may use an earlier claim: it is inlined', () => {
    const fe = readSource('z = w * x\nL = z ** 2\ndL_dz = 2 * z\ndL_dw = dL_dz * x', 'python');
    assert.deepEqual(fe.claims.map((c) => [c.of, c.wrt, c.expr]), [['L', 'w', '(2 * z) * x']]);
    assert.deepEqual(fe.adjointClaims?.map((c) => [c.of, c.wrt, c.expr, c.intermediate]), [['L', 'z', '2 * z', true]]);
    assert.equal(fe.text, 'z = w * x\nL = z^2');
  });
  test('the cs231n spelling dw is a claim about the output', () => {
    const fe = readSource('out = w * x + b\ndw = x\ndb = 1.0', 'python');
    assert.deepEqual(fe.claims.map((c) => [c.of, c.wrt, c.name]), [['out', 'w', 'dw']]);
  });
  test('a difference named dx that the code uses is not a claim; a step dx = 1e-6 is a value', () => {
    const fe = readSource('dx = x - x0\ndy = y - y0\nr = math.sqrt(dx**2 + dy**2)', 'python');
    assert.deepEqual(fe.claims, []);
    assert.deepEqual(fe.outputs, ['r']);
    const step = readSource('dx = 1e-6\ny = x ** 2 + dx', 'python');
    assert.deepEqual([step.claims, step.values], [[], { dx: 1e-6 }]);
  });
  test('an explicit derivative name with a number is a claim', () => {
    const fe = readSource('f = 3 * x + y\ndf_dx = 3\ndf_dy = 1.0', 'javascript');
    assert.deepEqual(fe.claims.map((c) => [c.of, c.wrt, c.expr]), [['f', 'x', '3'], ['f', 'y', '1']]);
  });
  test('a swap through tuple assignment is refused with its position', () => {
    assert.throws(() => readSource('a, b = b, a', 'python'), /simultaneous assignment.*line 1, column 1/);
  });
  test('a second function definition is refused', () => {
    assert.throws(() => readSource('def f(x): return x\ndef g(x): return 2 * x', 'python'), /second function definition \(line 2, column 1\)/);
  });
  test('a branch statement is refused and named', () => {
    assert.throws(() => readSource('if x > 0:\n    y = x', 'python'), /an 'if' statement \(line 1, column 1\)/);
  });
  test('calling a user function defined elsewhere names it', () => {
    assert.throws(() => readSource('y = helper(x) + 1;', 'javascript'), /Unknown function 'helper' at line 1, column 5/);
  });
});

test('a variable called e or pi in code keeps its name; math.e and math.pi stay constants', () => {
  const r = inspect({ source: 'def f(e, x): return e*x + math.pi*math.e', language: 'python', at: { e: 2, x: 3 } });
  assert.deepEqual(r.inputs, ['e', 'x']);
  assert.equal(r.values.f, 6 + Math.PI * Math.E);
  assert.deepEqual(r.partials.map((p) => [p.wrt, p.expr]), [['e', 'x'], ['x', 'e']]);
});

test('document values keep a variable called __proto__', () => {
  const v = documentValues('__proto__ = 2.5\nx = 1\n', 'python');
  assert.deepEqual(Object.entries(v), [['__proto__', 2.5], ['x', 1]]);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
});
