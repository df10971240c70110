// The .dx scratch-pad language: parser (statements, spans, errors) and analysis (point, values, partials, claims).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { evaluate as mathEval } from 'mathjs';
import { inspect, PartialsError } from '../../src/core';
import { analyzeDx, DxCache, dxTargetAt, parseDx, type DxAnalysis, type DxResult } from '../../src/core/dx';

const LOGISTIC = `# logistic regression, one example
x = 2.0; y = 1          # numbers: the point
w = 0.5; b = -0.25
z = w*x + b             # definitions: later lines may use earlier names
loss = log(1 + exp(-y*z))
wrt w, b                # inputs
dloss/dw = -x*y*exp(-y*z)/(1 + exp(-y*z))   # a claim
dloss/db = -y/(1 + exp(y*z))
`;

const sig = (t: number) => 1 / (1 + Math.exp(-t));
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≈ ${b}`);

function result(a: DxAnalysis, name: string, kind?: DxResult['kind']): DxResult {
  const r = a.results.find((x) => x.name === name && (!kind || x.kind === kind));
  assert.ok(r, `a result for ${name}`);
  return r;
}

function errorsOf(text: string): Array<[number, number, string]> {
  return analyzeDx(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.column, d.message]);
}

describe('parseDx', () => {
  test('splits lines at ; and drops # comments, with spans', () => {
    const p = parseDx('x = 2.0; y = 1   # point\n\n  z = x*y ;\n');
    assert.deepEqual(p.statements.map((s) => s.kind), ['define', 'define', 'define']);
    const texts = p.statements.map((s) => p.text.slice(s.span.start, s.span.end));
    assert.deepEqual(texts, ['x = 2.0', 'y = 1', 'z = x*y']);
    assert.deepEqual(p.comments.map((c) => p.text.slice(c.span.start, c.span.end)), ['# point']);
    const z = p.statements[2];
    assert.equal(z.kind, 'define');
    if (z.kind === 'define') {
      assert.equal(z.name.name, 'z');
      assert.equal(p.text.slice(z.rhs.span.start, z.rhs.span.end), 'x*y');
    }
  });

  test('claims in every accepted form', () => {
    const p = parseDx('dloss/dw = 1\n∂loss/∂w = 2\nd(loss)/d(w) = 3\nd loss / d w = 4');
    for (const s of p.statements) {
      assert.equal(s.kind, 'claim');
      if (s.kind === 'claim') {
        assert.equal(s.of.name, 'loss');
        assert.equal(s.wrt.name, 'w');
        assert.equal(p.text.slice(s.of.span.start, s.of.span.end), 'loss');
        assert.equal(p.text.slice(s.wrt.span.start, s.wrt.span.end), 'w');
      }
    }
    assert.deepEqual(p.statements.map((s) => (s.kind === 'claim' ? s.rhs.text : '')), ['1', '2', '3', '4']);
  });

  test('wrt lists, bare expressions, comparisons are not definitions', () => {
    const p = parseDx('wrt w, b c\nsin(x)*y\nx == 2 ? 1 : 0\nwrt = 3');
    const [w, e, c] = p.statements;
    assert.equal(w.kind, 'wrt');
    if (w.kind === 'wrt') assert.deepEqual(w.names.map((n) => n.name), ['w', 'b', 'c']);
    assert.equal(e.kind, 'expr');
    assert.equal(c.kind, 'expr');
    assert.equal(p.statements[3].kind, 'error', 'wrt is a keyword');
  });

  test('LaTeX inside $…$: ; and # inside it do not split', () => {
    const p = parseDx('f = $\\frac{a;b}{2} # not a comment$ # comment');
    assert.equal(p.statements.length, 1);
    const s = p.statements[0];
    assert.equal(s.kind, 'define');
    if (s.kind === 'define') {
      assert.equal(s.rhs.latex, true);
      assert.equal(s.rhs.text, '\\frac{a;b}{2} # not a comment');
      assert.equal(p.text.slice(s.rhs.outer.start, s.rhs.outer.end), '$\\frac{a;b}{2} # not a comment$');
    }
    assert.equal(p.comments.length, 1);
  });

  test('errors carry line and column', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['x = 1\nf(x) = x^2', 2, 1, /left side of '=' must be a name/],
      ['3 = x', 1, 1, /must be a name/],
      ['\n  g = $x + 1', 2, 7, /never closed/],
      ['f = 2*$x$', 1, 7, /whole expression/],
      ['wrt', 1, 1, /at least one name/],
      ['wrt a, 1b', 1, 8, /'1b' is not a name/],
      ['wrt a, a', 1, 8, /listed twice/],
      ['df/d = 2', 1, 1, /Cannot read the claim/],
      ['f =   ', 1, 3, /nothing after '='/],
      [' = 2', 1, 2, /nothing before '='/],
    ];
    for (const [text, line, column, msg] of cases) {
      const errs = parseDx(text).statements.filter((s) => s.kind === 'error');
      assert.equal(errs.length, 1, text);
      const e = errs[0].kind === 'error' ? errs[0].error : undefined;
      assert.ok(e);
      assert.deepEqual([e.line, e.column], [line, column], `${text}: ${e.message}`);
      assert.match(e.message, msg);
    }
  });
});

describe('analyzeDx: the logistic example', () => {
  const a = analyzeDx(LOGISTIC);
  const [x, y, w, b] = [2, 1, 0.5, -0.25];
  const z = w * x + b;

  test('numbers are the point, wrt the inputs', () => {
    assert.deepEqual(a.coordinates, { x: 2, y: 1, w: 0.5, b: -0.25 });
    assert.deepEqual(a.inputs, ['w', 'b']);
    assert.deepEqual(a.point, { x: 2, y: 1, w: 0.5, b: -0.25 });
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(a.results.map((r) => r.kind), ['coordinate', 'coordinate', 'coordinate', 'coordinate', 'define', 'define', 'wrt', 'claim', 'claim']);
    assert.deepEqual(a.results.map((r) => r.line), [2, 2, 3, 3, 4, 5, 6, 7, 8]);
  });

  test('values and partials at the point', () => {
    const rz = result(a, 'z');
    close(rz.value!, z);
    assert.deepEqual(rz.partials.map((p) => [p.wrt, p.value]), [['w', 2], ['b', 1]]);
    const rl = result(a, 'loss', 'define');
    close(rl.value!, Math.log(1 + Math.exp(-y * z)));
    assert.deepEqual(rl.partials.map((p) => p.wrt), ['w', 'b']);
    close(rl.partials[0].value, -x * y * sig(-y * z));
    close(rl.partials[1].value, -y * sig(-y * z));
    assert.ok(rl.partials.every((p) => p.differentiable));
  });

  test('partials are shown with the names defined above, and evaluate (mathjs) to their values', () => {
    const rl = result(a, 'loss', 'define');
    for (const p of rl.partials) {
      assert.match(p.expr, /\bz\b/, `${p.expr} keeps z`);
      assert.doesNotMatch(p.expr, /\bw\*x\b/);
      close(mathEval(p.expr, { x, y, z, w, b }) as number, p.value, 1e-12);
    }
    assert.equal(rl.expression?.expr.includes('z'), true);
  });

  test('partials agree with central differences of re-analysed files', () => {
    const h = 1e-6;
    for (const v of ['w', 'b'] as const) {
      const up = result(analyzeDx(LOGISTIC, { at: { [v]: a.point[v] + h } }), 'loss', 'define').value!;
      const dn = result(analyzeDx(LOGISTIC, { at: { [v]: a.point[v] - h } }), 'loss', 'define').value!;
      const fd = (up - dn) / (2 * h);
      const exact = result(a, 'loss', 'define').partials.find((p) => p.wrt === v)!.value;
      assert.ok(Math.abs(fd - exact) < 1e-8, `${v}: ${fd} vs ${exact}`);
    }
  });

  test('both claims hold: one proven symbolically, one checked numerically at several points', () => {
    const claims = a.results.filter((r) => r.kind === 'claim').map((r) => r.claim!);
    assert.deepEqual(claims.map((c) => [c.of, c.wrt, c.result]), [['loss', 'w', 'holds'], ['loss', 'b', 'holds']]);
    assert.equal(claims[0].proof, 'symbolic');
    assert.ok(claims[1].proof === 'numeric' || claims[1].proof === 'symbolic');
    assert.ok(claims[1].points.length >= 5, 'compared at ≥ 5 points');
    close(claims[0].claimedValue!, -x * y * sig(-y * z));
    close(claims[1].exactValue!, -y * sig(-y * z));
  });
});

describe('analyzeDx: partials in the names, with the idioms inspect recognises', () => {
  const PAD = 'x = 2.0; y = 1; w = 0.5; b = -0.25\nz = w*x + b\np = 1/(1 + exp(-z))\nloss = -(y*log(p) + (1 - y)*log(1 - p))\nh = tanh(z)\n'
    + 'q = (exp(z) - exp(-z))/(exp(z) + exp(-z))\nr = q^2 + h\nwrt w, b\ndloss/db = y - p\n';
  const a = analyzeDx(PAD);
  const [x, y, w, b] = [2, 1, 0.5, -0.25];
  const z = w * x + b;
  const scope = { x, y, w, b, z, p: sig(z), h: Math.tanh(z), q: Math.tanh(z) };

  test('the logistic loss reads x (p − y) and p − y, as inspect shows it', () => {
    const loss = result(a, 'loss', 'define');
    assert.deepEqual(loss.partials.map((p) => [p.wrt, p.text]), [['w', 'x (p − y)'], ['b', 'p − y']]);
    close(loss.partials[0].value, x * (sig(z) - y));
    close(loss.partials[1].value, sig(z) - y);
    // the output's rule: σ′ = σ (1 − σ)
    assert.deepEqual(result(a, 'p', 'define').partials.map((p) => p.text), ['x σ(z) (1 − σ(z))', 'σ(z) (1 − σ(z))']);
  });

  test('a definition by the tanh quotient is differentiated as tanh (sech² = 1 − tanh², no exp left), and q is used by name', () => {
    const q = result(a, 'q', 'define');
    assert.deepEqual(q.partials.map((p) => p.text), ['x sech(z)²', 'sech(z)²']);
    const r = result(a, 'r', 'define');
    assert.deepEqual(r.partials.map((p) => p.text), ['x (2q − 2q³ − h² + 1)', '2q − 2q³ − h² + 1']);
  });

  test('every partial shown evaluates (mathjs, definitions bound) to its value, which agrees with the expanded partial', () => {
    for (const r of a.results.filter((x) => x.kind === 'define' && x.partials.length)) {
      for (const p of r.partials) close(mathEval(p.expr, { ...scope }) as number, p.value, 1e-10);
    }
  });

  test('the quick fix of a wrong claim inserts the named form, and the fixed pad holds', () => {
    const d = a.diagnostics.find((x) => x.code === 'wrong-claim')!;
    assert.equal(d.fix!.text, 'p - y');
    const fixed = PAD.slice(0, d.fix!.span.start) + d.fix!.text + PAD.slice(d.fix!.span.end);
    assert.equal(analyzeDx(fixed).results.find((r) => r.kind === 'claim')!.claim!.result, 'holds');
  });

  test('a name defined after a block is never used in it; renaming a definition with a cache re-analyses its users', () => {
    const cache = new DxCache();
    const first = analyzeDx('x = 2\nz = w*x + 1\nf = 1/(1 + exp(-(w*x + 1)))\nwrt w\n', {}, cache);
    assert.equal(result(first, 'f', 'define').partials[0].text.includes('z'), false, 'f does not use z by name');
    const one = analyzeDx('x = 2\nzz = w*x\np = 1/(1 + exp(-zz))\nwrt w\n', {}, cache);
    const two = analyzeDx('x = 2\nzy = w*x\np = 1/(1 + exp(-zy))\nwrt w\n', {}, cache);
    assert.match(result(one, 'p', 'define').partials[0].text, /zz/);
    assert.match(result(two, 'p', 'define').partials[0].text, /zy/);
    assert.doesNotMatch(result(two, 'p', 'define').partials[0].text, /zz/);
  });
});

describe('analyzeDx: claims', () => {
  test('a wrong claim is reported with the correct derivative and a quick fix that makes it hold', () => {
    const text = 'x = 1.5\nf = x^2 * y + sin(y)\ndf/dy = x^2 + sin(y)\n';
    const a = analyzeDx(text);
    const claim = a.results.find((r) => r.kind === 'claim')!.claim!;
    assert.equal(claim.result, 'wrong');
    assert.ok(claim.failures.length >= 1);
    const d = a.diagnostics.find((x) => x.code === 'wrong-claim');
    assert.ok(d);
    assert.equal(d.line, 3);
    assert.equal(d.column, 9);
    assert.match(d.message, /^Wrong: ∂f\/∂y = /);
    assert.ok(d.fix);
    assert.equal(d.fix.title, 'Replace with the correct derivative');
    assert.equal(text.slice(d.fix.span.start, d.fix.span.end), 'x^2 + sin(y)');
    const y = a.point.y;
    close(mathEval(d.fix.text, { x: 1.5, y }) as number, 1.5 ** 2 + Math.cos(y));
    const fixed = text.slice(0, d.fix.span.start) + d.fix.text + text.slice(d.fix.span.end);
    const again = analyzeDx(fixed);
    assert.deepEqual(again.diagnostics, []);
    assert.equal(again.results.find((r) => r.kind === 'claim')!.claim!.result, 'holds');
  });

  test('the fix keeps intermediate names (chain rule through definitions)', () => {
    const text = 'u = x*y\nv = sin(u) + u^2\ndv/dx = cos(u)\n';
    const a = analyzeDx(text);
    const d = a.diagnostics.find((x) => x.code === 'wrong-claim')!;
    assert.match(d.fix!.text, /\bu\b/);
    const { x, y } = a.point;
    close(mathEval(d.fix!.text, { x, y, u: x * y }) as number, y * Math.cos(x * y) + 2 * x * y * y);
  });

  test('a claim that is a number is compared at the point only', () => {
    const a = analyzeDx('x = 3\nf = x^2 + t\nwrt x\ndf/dx = 6\n');
    const c = a.results.find((r) => r.kind === 'claim')!.claim!;
    assert.equal(c.result, 'holds');
    assert.equal(c.points.length, 1);
    const wrong = analyzeDx('x = 3\nf = x^2\nwrt x\ndf/dx = 5\n');
    assert.equal(wrong.results.find((r) => r.kind === 'claim')!.claim!.result, 'wrong');
  });

  test('a claim must name a definition above it and an input', () => {
    assert.deepEqual(errorsOf('f = x^2\ndg/dx = 2*x'), [[2, 2, "'g' is not defined above this claim (defined: f)."]]);
    assert.match(errorsOf('x = 1\nz = x^2\nf = z + x\ndf/dz = 1')[0][2], /'z' is defined on line 2 as an expression/);
    assert.deepEqual(errorsOf('f = x^2\ndf/dq = 0').map((e) => e.slice(0, 2)), [[2, 5]]);
    assert.match(errorsOf('f = x^2\ndf/dx = 2*x*k')[0][2], /Unknown name 'k'/);
    assert.match(errorsOf('x = 2\ndx/dx = 1')[0][2], /'x' is given a number on line 1/);
  });
});

describe('analyzeDx: inputs, point and names', () => {
  test('without wrt, every free name without a number is an input, with a default inside the domain', () => {
    const a = analyzeDx('f = log(u) + v*k\nk = 3');
    assert.deepEqual(a.inputs, ['u', 'v']);
    assert.equal(a.point.k, 3);
    assert.equal(a.pointSource.k, 'document');
    assert.equal(a.pointSource.u, 'default');
    assert.ok(a.point.u > 0, 'log(u) defined at the default point');
    const f = result(a, 'f');
    close(f.value!, Math.log(a.point.u) + 3 * a.point.v);
    assert.deepEqual(f.partials.map((p) => [p.wrt, p.value]), [['u', 1 / a.point.u], ['v', 3]]);
  });

  test('user values override the file', () => {
    const a = analyzeDx('x = 2\nf = x*y', { at: { x: 5, y: 7 } });
    assert.equal(result(a, 'f').value, 35);
    assert.equal(a.pointSource.x, 'user');
  });

  test('constant expressions are coordinates; bare expressions have values and partials', () => {
    const a = analyzeDx('c = 2*pi\nc*r^2');
    assert.equal(a.coordinates.c, 2 * Math.PI);
    const e = a.results.find((r) => r.kind === 'expr')!;
    close(e.value!, 2 * Math.PI * a.point.r ** 2);
    assert.deepEqual(e.partials.map((p) => p.wrt), ['r']);
    close(e.partials[0].value, 4 * Math.PI * a.point.r);
  });

  test('with wrt, an unknown name is an error at its position', () => {
    assert.deepEqual(errorsOf('wrt a\nf = a*qq'), [[2, 7, "Unknown name 'qq': it is not defined above, not given a number, and not listed after wrt."]]);
    assert.deepEqual(errorsOf('z = w*x; x = 3\nwrt w, q').map((e) => e.slice(0, 2)), [[2, 8]]);
    assert.match(errorsOf('z = w*x\nwrt z')[0][2], /'z' is defined on line 1 as an expression/);
    assert.match(errorsOf('wrt a\nwrt b\nf = a*b')[0][2], /wrt is already given on line 1/);
  });

  test('definition errors: redefinition, use before definition, self reference, constants', () => {
    assert.deepEqual(errorsOf('f = x^2\nf = 3'), [[2, 1, "'f' is already defined on line 1: use a new name."]]);
    assert.match(errorsOf('a = b + 1\nb = 2*c')[0][2], /'b' is used on line 1 before it is defined here/);
    assert.match(errorsOf('e = 3')[0][2], /'e' is a built-in constant/);
    assert.deepEqual(errorsOf('x = 1/0').map((e) => e.slice(0, 2)), [[1, 5]]);
  });

  test('engine errors come back at document positions; later lines still work', () => {
    const a = analyzeDx('x = 1\nf = sin(x\ng = foo(x)\nh = f + 1\nk = x^2');
    const errs = a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.column, d.code]);
    assert.deepEqual(errs, [[2, 10, 'parse'], [3, 5, 'unknown-function'], [4, 5, 'input']]);
    assert.match(a.diagnostics[2].message, /'f' has no value: its definition on line 2 has an error/);
    assert.equal(result(a, 'k').value, 1);
  });

  test('a kink is flagged, a domain error warned', () => {
    const a = analyzeDx('wrt x\nf = abs(x); x = 0');
    const p = result(a, 'f').partials[0];
    assert.equal(p.differentiable, false);
    assert.ok(a.diagnostics.some((d) => d.severity === 'info' && /not differentiable/.test(d.message)));
    const b = analyzeDx('f = log(x)\nx = -1');
    assert.ok(Number.isNaN(result(b, 'f').value));
    assert.deepEqual(b.diagnostics.map((d) => [d.severity, d.line]), [['warning', 1]]);
    assert.match(b.diagnostics[0].message, /log/);
  });

  test('definitions share one graph: loss reuses z’s nodes', () => {
    const a = analyzeDx(LOGISTIC);
    const z = a.definitions.get('z')!.node;
    const loss = a.definitions.get('loss')!.node;
    assert.ok(a.graph.reachable([loss]).includes(z));
    const span = a.graph.span[z]!;
    assert.equal(LOGISTIC.slice(span.start, span.end), 'w*x + b');
  });
});

describe('analyzeDx: LaTeX inside $…$', () => {
  const text = 'x = 2.0; y = 1; w = 0.5; b = -0.25\nz = $w x + b$\nloss = $\\log(1 + e^{-y z})$\nwrt w, b\n' +
    'dloss/dw = $-x y \\sigma(-y z)$\ndloss/db = $\\frac{y}{1 + e^{y z}}$\n';
  const a = analyzeDx(text);
  const z = 0.75;

  test('definitions in LaTeX use earlier names and give the same values as plain math', () => {
    close(result(a, 'z').value!, z);
    close(result(a, 'loss', 'define').value!, Math.log(1 + Math.exp(-z)));
    close(result(a, 'loss', 'define').partials[0].value, -2 * sig(-z));
  });

  test('LaTeX claims are verified: a right one holds, a wrong one is caught with a plain-math fix for the whole $…$', () => {
    const claims = a.results.filter((r) => r.kind === 'claim');
    assert.deepEqual(claims.map((r) => r.claim?.result), ['holds', 'wrong']);
    const d = a.diagnostics.find((x) => x.code === 'wrong-claim')!;
    assert.equal(text.slice(d.fix!.span.start, d.fix!.span.end), '$\\frac{y}{1 + e^{y z}}$');
    const fixed = text.slice(0, d.fix!.span.start) + d.fix!.text + text.slice(d.fix!.span.end);
    assert.deepEqual(analyzeDx(fixed).diagnostics, []);
  });

  test('spans of LaTeX nodes point into the document', () => {
    const node = a.definitions.get('z')!.node;
    const span = a.graph.span[node]!;
    assert.equal(text.slice(span.start, span.end), 'w x + b');
  });

  test('a LaTeX error is placed in the document', () => {
    const errs = errorsOf('x = 1\np = $\\frac{1}{2$');
    assert.equal(errs.length, 1);
    assert.equal(errs[0][0], 2);
    assert.ok(errs[0][1] >= 5, `column ${errs[0][1]} is inside the LaTeX`);
  });
});

describe('dxTargetAt: what the inspector shows for the cursor', () => {
  test('a definition: the program it needs, in document offsets, with the scratch pad point', () => {
    const a = analyzeDx(LOGISTIC);
    const t = dxTargetAt(a, LOGISTIC.indexOf('loss = ') + 3)!;
    assert.equal(t.output, 'loss');
    assert.equal(t.documentOffsets, true);
    assert.equal(t.request.source.length, LOGISTIC.length);
    assert.deepEqual(t.request.wrt, ['w', 'b']);
    assert.deepEqual(t.request.at, { x: 2, y: 1, w: 0.5, b: -0.25 });
    const r = inspect(t.request);
    assert.deepEqual(r.outputs, ['loss']);
    close(r.values.loss, result(a, 'loss', 'define').value!);
    assert.deepEqual(r.partials.map((p) => p.value), result(a, 'loss', 'define').partials.map((p) => p.value));
  });

  test('a claim targets its output and carries the claim; numbers and wrt have no target', () => {
    const a = analyzeDx(LOGISTIC);
    const t = dxTargetAt(a, LOGISTIC.indexOf('dloss/db'))!;
    assert.equal(t.output, 'loss');
    assert.deepEqual(t.claims, ['dloss/db = -y/(1 + exp(y*z))']);
    assert.equal(dxTargetAt(a, LOGISTIC.indexOf('x = 2.0')), undefined);
    assert.equal(dxTargetAt(a, LOGISTIC.indexOf('wrt w')), undefined);
    // on a comment after a statement: that statement
    assert.equal(dxTargetAt(a, LOGISTIC.indexOf('# definitions'))!.output, 'z');
  });

  test('two statements on one line stay separate', () => {
    const text = 'x = 2\nq = x^2; r = q + 1\n';
    const a = analyzeDx(text);
    const t = dxTargetAt(a, text.indexOf('r ='))!;
    const r = inspect(t.request);
    assert.deepEqual(r.outputs, ['r']);
    assert.equal(r.values.r, 5);
  });
});

describe('analyzeDx: a long pad', () => {
  test('partials through hundreds of definitions agree with central differences (chain rule through the names)', () => {
    let text = 'x = 0.3\nwrt w, b\na0 = w*x + b\n';
    const n = 300;
    for (let i = 1; i < n; i++) text += `a${i} = tanh(a${i - 1})*w + sin(a${i - 1}*b)/2 + a${i - 1}^2/(1 + a${i - 1}^2)*x\n`;
    const at = { w: 0.4, b: -0.3 };
    const a = analyzeDx(text, { at });
    assert.deepEqual(a.diagnostics, []);
    const last = result(a, `a${n - 1}`);
    const h = 1e-6;
    for (const v of ['w', 'b'] as const) {
      const f = (d: number) => result(analyzeDx(text, { at: { ...at, [v]: at[v] + d } }), `a${n - 1}`).value!;
      const fd = (f(h) - f(-h)) / (2 * h);
      const exact = last.partials.find((p) => p.wrt === v)!.value;
      assert.ok(Math.abs(fd - exact) <= 1e-6 * Math.max(1, Math.abs(exact)), `${v}: ${fd} vs ${exact}`);
    }
    assert.ok(a.graph.size < 400_000, `the shared graph stays small (${a.graph.size} nodes)`);
  });
});

describe('analyzeDx never throws', () => {
  test('on random text built from .dx tokens', () => {
    const token = fc.constantFrom('x', 'y', 'z', 'f', '=', '==', ';', '#', '$', '\n', ' ', '(', ')', '/', 'd', '∂', 'wrt', ',', '2', '0', '.5',
      '+', '-', '*', '^', 'sin', 'log', 'exp', 'abs', '\\frac{1}{2}', '?', ':', 'dloss/dw', 'loss', 'w', 'e', 'pi', '1e400', '[', ']');
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }), fc.nat(), (parts, at) => {
      const a = analyzeDx(parts.join(''));
      for (const d of a.diagnostics) {
        assert.ok(d.line >= 1 && d.column >= 1);
        assert.ok(d.span.start >= 0 && d.span.end <= a.text.length && d.span.start <= d.span.end);
        if (d.fix) assert.ok(d.fix.text.length > 0);
      }
      // the inspector's request for any cursor position is valid engine input (results or a PartialsError)
      const t = dxTargetAt(a, a.text.length ? at % (a.text.length + 1) : 0);
      if (t) {
        try {
          const r = inspect(t.request);
          assert.ok(r.outputs.includes(t.output));
        } catch (e) {
          assert.ok(e instanceof PartialsError, String(e));
        }
      }
    }), { numRuns: 400 });
  });
});
