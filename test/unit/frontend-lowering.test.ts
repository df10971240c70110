import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildModel, diff, inspect, PartialsError, readSource } from '../../src/core/index';
import { LANGUAGES } from '../../src/core/frontend/index';
import { lowerProgram, type Program } from '../../src/core/lower';
import type { NodeId } from '../../src/core/graph';

/**
 * Code and LaTeX front ends hand the engine their syntax tree (FrontEndResult.ast), built while they print the
 * program text, with spans in the user's text: lowerProgram lowers it straight into the graph instead of parsing the
 * printed text again (issue #12, "No round trip").
 */

/** What lowering the printed text used to give (the round trip): the reference the tree must reproduce. */
function viaText(source: string, language: string): Program {
  const fe = readSource(source, language);
  return lowerProgram(fe.text, { source, mapOffset: fe.mapOffset, variables: new Set(fe.variables ?? []) });
}

function viaTree(source: string, language: string): Program {
  const fe = readSource(source, language);
  assert.ok(fe.ast, `${language}: the front end built a tree for ${JSON.stringify(source)}`);
  return lowerProgram(fe.text, { source, mapOffset: fe.mapOffset, variables: new Set(fe.variables ?? []), ast: fe.ast });
}

/** The graph as data: every node's operation, arguments, value, name and span; the assignments and what they mention. */
function shape(p: Program): unknown {
  const g = p.graph;
  return {
    op: g.op, args: g.args, val: g.val.map(String), name: g.name, span: g.span,
    assignments: p.assignments.map((a) => [a.name, a.node, a.mentions]), params: p.params,
  };
}

function outcome(f: () => Program): { shape?: unknown; error?: string } {
  try {
    return { shape: shape(f()) };
  } catch (e) {
    if (e instanceof PartialsError) return { error: `${e.message} ${e.line}:${e.column} ${JSON.stringify(e.span)}` };
    throw e;
  }
}

/** One selection per code language, with calls, powers, constants, brackets, a conditional, renamed names and reassignment. */
const SAMPLES: Record<string, string> = {
  python: 'import numpy as np\ndef f(x, w, e):\n    z = w * x + e\n    z = np.tanh(z) ** 2\n    return (z - np.pi) / np.sqrt(x) if x > 0 else -z',
  javascript: 'function f(x, w) {\n  let z = w * x + Math.E;\n  z = Math.tanh(z) ** 2;\n  return x > 0 ? (z - Math.PI) / Math.sqrt(x) : -z;\n}',
  typescript: 'function f(x: number, w: number): number {\n  const z = Math.exp(-(w * x));\n  return Math.log1p(z) / (1 + z);\n}',
  c: 'double f(double x, double w) {\n  double z = w * x;\n  z = tanh(z) * tanh(z);\n  return (z - M_PI) / sqrt(x);\n}',
  cpp: 'double f(double x, double w) {\n  auto z = std::pow(w * x, 2.0);\n  return std::exp(-z) + std::log(x);\n}',
  'cuda-cpp': '__device__ float f(float x, float w) {\n  float z = w * x + 1.0f;\n  return __expf(-z) * sinf(x);\n}',
  julia: 'function f(x, w)\n    z = 2x + w^2\n    z = tanh(z)^2\n    (z - π) / sqrt(x)\nend',
  matlab: 'function y = f(x, w)\n  z = w .* x + exp(1);\n  y = tanh(z).^2 ./ sqrt(x);\nend',
  rust: 'fn f(x: f64, w: f64) -> f64 {\n    let z = (w * x).tanh().powi(2);\n    (z - std::f64::consts::PI) / x.sqrt()\n}',
  go: 'func f(x, w float64) float64 {\n\tz := math.Tanh(w * x)\n\treturn math.Pow(z, 2) / math.Sqrt(x)\n}',
  java: 'double f(double x, double w) {\n  double z = Math.tanh(w * x);\n  return Math.pow(z, 2) / Math.sqrt(x) - Math.PI;\n}',
  csharp: 'double F(double x, double w) {\n  var z = Math.Tanh(w * x);\n  return Math.Pow(z, 2) / Math.Sqrt(x) - Math.PI;\n}',
  latex: 'f(x, w) = \\frac{\\tanh(w x)^2}{\\sqrt{x}} - \\pi e^{-x} + \\sin^2 x',
};

test('every code language (and LaTeX) hands the engine a tree, lowered to the graph the printed text gave', () => {
  const langs = LANGUAGES.filter((l) => l !== 'math');
  assert.deepEqual(Object.keys(SAMPLES).sort(), [...langs].sort());
  for (const lang of langs) {
    const src = SAMPLES[lang];
    assert.deepEqual(outcome(() => viaTree(src, lang)), outcome(() => viaText(src, lang)), lang);
  }
  // plain math stays on the text path: there is no tree to hand over
  assert.equal(readSource('x*y + sin(x)', 'math').ast, undefined);
});

test('spans of lowered nodes are the exact source text of each construct, in every code language', () => {
  const cases: [string, string, string[]][] = [
    ['python', 'def f(x, y):\n    z = np.sin(x) * y\n    return z ** 2', ['x', 'y', 'np.sin(x)', 'np.sin(x) * y', 'z ** 2']],
    ['javascript', 'const z = Math.exp(x) + y;\nconst L = z * z;', ['Math.exp(x)', 'Math.exp(x) + y', 'z * z']],
    ['c', 'double f(double x) {\n  return sqrt(x) / (1.0 + x);\n}', ['sqrt(x)', '1.0 + x', 'sqrt(x) / (1.0 + x)']],
    ['julia', 'y = 2x + sin(x)^2', ['2x', 'sin(x)^2', '2x + sin(x)^2']],
    ['matlab', 'y = x.^2 + cos(x);', ['x.^2', 'cos(x)', 'x.^2 + cos(x)']],
    ['rust', 'let y = x.sin() * x.exp();', ['x.sin()', 'x.exp()', 'x.sin() * x.exp()']],
    ['go', 'y := math.Log(x) - x*x', ['math.Log(x)', 'x*x', 'math.Log(x) - x*x']],
    ['latex', '$y = \\frac{x}{1 + x^2}$', ['x^2', '1 + x^2', '\\frac{x}{1 + x^2}']],
  ];
  for (const [lang, src, want] of cases) {
    const p = viaTree(src, lang);
    const g = p.graph;
    const texts = new Set(g.span.map((s) => (s ? src.slice(s.start, s.end) : '')));
    for (const w of want) assert.ok(texts.has(w), `${lang}: a node spans ${JSON.stringify(w)} (spans: ${JSON.stringify([...texts])})`);
    // every span lies inside the selection and every variable's span is its name as written
    for (let n = 0 as NodeId; n < g.op.length; n++) {
      const s = g.span[n];
      if (!s) continue;
      assert.ok(s.start >= 0 && s.start <= s.end && s.end <= src.length, `${lang}: span ${JSON.stringify(s)} inside the text`);
      if (g.op[n] === 'var') assert.equal(src.slice(s.start, s.end), g.name[n], `${lang}: variable ${g.name[n]}`);
    }
  }
});

test('a fenced code block in Markdown: the tree is moved to the document\'s offsets', () => {
  const md = 'Some text\n\n```python\nz = np.exp(w * x)\ny = z + 1\n```\n';
  const fe = readSource(md, 'markdown');
  const p = lowerProgram(fe.text, { source: md, mapOffset: fe.mapOffset, ast: fe.ast });
  const texts = p.graph.span.map((s) => (s ? md.slice(s.start, s.end) : ''));
  assert.ok(texts.includes('np.exp(w * x)'), JSON.stringify(texts));
  assert.ok(texts.includes('z + 1'));
  // assignments span from the name to the end of the value, in the document
  // (the same from the printed text, where a joined span is mapped at once: it may differ by a bracket the tree includes)
  const text = lowerProgram(fe.text, { source: md, mapOffset: fe.mapOffset });
  for (const q of [p, text]) assert.deepEqual(q.assignments.map((a) => md.slice(a.span.start, a.span.end)), ['z = np.exp(w * x)', 'y = z + 1']);
  assert.deepEqual(shape(p), shape(text));
  // an auto-detected block is read on its own and placed in the document as well
  const auto = 'Intro\n\n```\nimport numpy as np\ny = np.log(x) * w\n```';
  const fa = readSource(auto, 'markdown');
  assert.ok(fa.ast);
  const pa = lowerProgram(fa.text, { source: auto, mapOffset: fa.mapOffset, ast: fa.ast });
  assert.ok(pa.graph.span.some((s) => s && auto.slice(s.start, s.end) === 'np.log(x) * w'));
  assert.deepEqual(shape(pa), shape(lowerProgram(fa.text, { source: auto, mapOffset: fa.mapOffset })));
});

test('error messages with line and column are the ones the printed text gave', () => {
  const cases: [string, string, RegExp][] = [
    ['python', 'def f(x):\n    y = 2 * x\n    return foo(y) + 1', /^Unknown function 'foo' at line 3, column 12\.$/],
    ['javascript', 'const a = 1 + x;\nconst b = Math.atan2(a);', /^Math\.atan2 takes 2 arguments, got 1 at line 2, column 11\.$/],
    ['c', 'double y = bar(x, 2.0);', /^Unknown function 'bar' at line 1, column 12\.$/],
  ];
  for (const [lang, src, want] of cases) {
    const tree = outcome(() => viaTree(src, lang));
    assert.match(tree.error ?? '', new RegExp(want.source.replace(/\$$/, '')), `${lang}: ${tree.error}`);
    assert.deepEqual(tree, outcome(() => viaText(src, lang)));
    assert.throws(() => buildModel({ source: src, language: lang }), (e: Error) => want.test(e.message));
  }
});

test('renamed names, engine constants, folded variables and SSA reassignment come through the tree unchanged', () => {
  // `e` is the user's variable in code, `math.e` Euler's number; `lambda` is renamed; w folds away but stays an input
  const src = 'import math\ndef f(x, e, w):\n    lam = x * e + math.e\n    lam = lam * lam + 0 * w\n    return lam';
  const m = buildModel({ source: src, language: 'python' });
  assert.deepEqual(m.inputs, ['x', 'e', 'w']);
  const r = inspect({ source: src, language: 'python', at: { x: 2, e: 3, w: 5 } });
  const lam = 2 * 3 + Math.E;
  assert.ok(Math.abs(r.values.lam - lam * lam) < 1e-9, `value ${r.values.lam}`);
  const byWrt = Object.fromEntries(r.partials.map((p) => [p.wrt, p.value]));
  assert.ok(Math.abs(byWrt.x - 2 * lam * 3) < 1e-9);
  assert.ok(Math.abs(byWrt.e - 2 * lam * 2) < 1e-9);
  assert.equal(byWrt.w, 0);
  assert.deepEqual(shape(viaTree(src, 'python')), shape(viaText(src, 'python')));
});

test('names the project parser would not read back as a plain symbol fall back to the printed text', () => {
  // `NaN` is a number in mathjs syntax: a Python variable of that name is printed as is, so the tree is not offered
  // and mathjs's parser words the refusal of the printed text, as before
  const src = 'NaN = x * 2\ny = NaN + 1';
  const fe = readSource(src, 'python');
  assert.equal(fe.text, src);
  assert.equal(fe.ast, undefined);
  assert.throws(() => buildModel({ source: src, language: 'python' }), (e: Error) => e instanceof PartialsError && e.message === 'Invalid left hand side of assignment operator = at line 1, column 4.');
});

test('10 000 levels of nesting in Python code go through the tree: no stack overflow, exact spans, right derivative', () => {
  const N = 10_000;
  const expr = 'np.sin('.repeat(N) + 'x' + ')'.repeat(N);
  const src = `import numpy as np\ndef f(x):\n    return ${expr}`;
  const fe = readSource(src, 'python');
  assert.ok(fe.ast);
  const m = buildModel({ source: src, language: 'python' });
  const g = m.graph;
  const out = m.outputs[0].node;
  const s = g.span[out]!;
  assert.equal(src.slice(s.start, s.end), expr);
  // d/dx sin∘…∘sin(x) = Π cos(sin^k(x))
  const x = 0.5;
  let v = x;
  let d = 1;
  for (let i = 0; i < N; i++) { d *= Math.cos(v); v = Math.sin(v); }
  const r = inspect({ source: src, language: 'python', at: { x } });
  assert.ok(Math.abs(r.values.f - v) < 1e-12, `f = ${r.values.f}, want ${v}`);
  const dx = r.partials.find((p) => p.wrt === 'x')!.value;
  assert.ok(Math.abs(dx - d) <= 1e-9 * Math.abs(d), `∂f/∂x = ${dx}, want ${d}`);
  // and the tanh(w*…+b) recurrence, through the tree, to a gradient node
  const rnn = `import numpy as np\ndef f(x, w, b):\n    return ${'np.tanh(w*'.repeat(N)}x${'+b)'.repeat(N)}`;
  const mr = buildModel({ source: rnn, language: 'python' });
  assert.deepEqual(mr.inputs, ['x', 'w', 'b']);
  const grads = diff.gradient(mr.graph, mr.outputs[0].node, mr.inputs.map((n) => mr.graph.variable(n)));
  assert.equal(grads.length, 3);
});

/** Code-like snippets in every language: the tree and the printed text must lower to the same graph or the same error. */
const TOKENS = ['x', 'y', 'w', 'e', 'pi', ' ', '\n', '(', ')', '+', '-', '*', '/', '**', '^', '.^', '.*', '=', ';', ',', '?', ':', '2', '1.5', '1e-3',
  'math.', 'np.', 'Math.', 'std::', 'exp', 'sin', 'pow', 'max', 'def f(x, y):\n  ', 'return ', 'let ', 'const ', 'double ', 'function ', 'end', 'lambda ',
  '=>', 'π', '√', 'θ', 'df_dx', 'grad_w', '&&', '||', '!', '<', '>=', 'and ', 'not ', 'if ', ' else ', '\\frac{x}{y}', '\\sqrt', '{x}', 'true', 'Infinity'];

test('property: for random code in every language, the tree lowers exactly as the printed text does', () => {
  const langs = [...LANGUAGES.filter((l) => l !== 'math'), 'markdown'];
  let trees = 0;
  fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((a) => a.join('')), fc.constantFrom(...langs), (src, lang) => {
    let fe;
    try {
      fe = readSource(src, lang);
    } catch {
      return;
    }
    if (!fe.ast) return;
    trees++;
    const variables = new Set(fe.variables ?? []);
    const a = outcome(() => lowerProgram(fe.text, { source: src, mapOffset: fe.mapOffset, variables, ast: fe.ast }));
    const b = outcome(() => lowerProgram(fe.text, { source: src, mapOffset: fe.mapOffset, variables }));
    assert.deepEqual(a, b, `${lang} ${JSON.stringify(src)} → ${JSON.stringify(fe.text)}`);
  }), { numRuns: 3000, seed: 7 });
  assert.ok(trees > 200, `${trees} snippets went through the tree`);
});
