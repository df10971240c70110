import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { parseShapes, parseTensorPoint, splitTopLevel } from '../../src/core/tensor/session';
import { runCli } from './helpers/cli';

type Nested = number | Nested[];
interface Term { of: string; wrt: string; expr: string; latex: string; text: string; value: Nested; shape: (number | string)[] }
interface TensorInspect {
  engine: string;
  language: string;
  inputs: string[];
  point: Record<string, Nested>;
  shapes: Record<string, (number | string)[]>;
  values: { f: Nested };
  partials: Term[];
  expressions: { f: { expr: string; text: string; shape: (number | string)[] } };
  jacobian?: Term[];
  hessians?: Term[];
  hessian?: Record<string, number[][]>;
}

const run = (argv: string[]) => runCli(argv);
const json = <T = TensorInspect>(argv: string[]): { code: number; r: T } => {
  const out = run([...argv, '--json']);
  return { code: out.code, r: JSON.parse(out.out) as T };
};

const X = [[1, 2], [3, 4], [5, 6]];
const w = [0.5, -1];
const y = [1, 2, 3];
const AT = 'X=[[1,2],[3,4],[5,6]],w=[0.5,-1],y=[1,2,3]';

/** An independent computation of 2 Xᵀ(X w − y) with loops. */
function lsGradW(Xm: number[][], wv: number[], yv: number[]): number[] {
  const r = Xm.map((row, i) => row.reduce((s, x, k) => s + x * wv[k], 0) - yv[i]);
  return wv.map((_, j) => 2 * Xm.reduce((s, row, i) => s + row[j] * r[i], 0));
}

function close(a: Nested, b: Nested, tol = 1e-9, where = ''): void {
  if (typeof a === 'number' || typeof b === 'number') {
    assert.equal(typeof a, 'number', `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    assert.equal(typeof b, 'number', `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    assert.ok(Math.abs((a as number) - (b as number)) <= tol * Math.max(1, Math.abs(b as number)), `${where}: ${a} vs ${b}`);
    return;
  }
  assert.equal(a.length, b.length, `${where}: lengths ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  a.forEach((x, i) => close(x, b[i], tol, `${where}[${i}]`));
}

const dims = (v: Nested): number[] => (typeof v === 'number' ? [] : [v.length, ...(v.length && Array.isArray(v[0]) ? [(v[0] as Nested[]).length] : [])]);

/** mathjs 15 evaluates `expr` with the point's arrays bound as nested arrays, to `value`. */
function reevaluates(term: { expr: string; value: Nested }, point: Record<string, Nested>): void {
  const got = (mathjsEvaluate(term.expr, structuredClone(point)) as { valueOf(): unknown }).valueOf() as Nested;
  close(got, term.value, 1e-9, term.expr);
}

function allReevaluate(r: TensorInspect): void {
  reevaluates({ expr: r.expressions.f.expr, value: r.values.f }, r.point);
  for (const t of [...r.partials, ...(r.jacobian ?? []), ...(r.hessians ?? [])]) reevaluates(t, r.point);
}

describe('partials inspect: vectorised input goes to the tensor engine', () => {
  it('least squares in mathjs syntax with --at arrays: 2 Xᵀ(X w − y), its value, shapes, and every expr re-evaluating', () => {
    const { code, r } = json(['inspect', 'sum((X*w - y).^2)', '--at', AT]);
    assert.equal(code, 0);
    assert.equal(r.engine, 'tensor');
    assert.deepEqual(r.shapes, { X: [3, 2], w: [2], y: [3], f: [] });
    const gw = r.partials.find((p) => p.wrt === 'w')!;
    assert.equal(gw.text, '2 Xᵀ(X w − y)');
    assert.deepEqual(gw.shape, [2]);
    close(gw.value, lsGradW(X, w, y));
    assert.deepEqual(lsGradW(X, w, y), [-97, -124]);
    const gX = r.partials.find((p) => p.wrt === 'X')!;
    assert.deepEqual(gX.shape, [3, 2]);
    assert.deepEqual(dims(gX.value), [3, 2]);
    const res = X.map((row, i) => row[0] * w[0] + row[1] * w[1] - y[i]);
    close(gX.value, X.map((row, i) => row.map((_, j) => 2 * res[i] * w[j])));
    close(r.values.f, res.reduce((s, v) => s + v * v, 0));
    assert.deepEqual(r.point, { X, w, y });
    allReevaluate(r);
  });

  it('NumPy code (--lang python, and auto-detected) gives the same gradient; r = X @ w - y; r.T @ r too', () => {
    const math = json(['inspect', 'sum((X*w - y).^2)', '--at', AT]).r;
    for (const argv of [
      ['inspect', 'np.sum((X @ w - y)**2)', '--lang', 'python', '--at', AT],
      ['inspect', 'import numpy as np\nloss = np.sum((X @ w - y)**2)', '--at', AT],
      ['inspect', 'import jax.numpy as jnp\nr = X @ w - y\nloss = r.T @ r', '--lang', 'python', '--at', AT],
      ['inspect', 'def loss(X, w, y):\n    return ((X @ w - y) ** 2).mean() * 3', '--lang', 'python', '--at', AT],
    ]) {
      const { code, r } = json(argv);
      assert.equal(code, 0, argv[1]);
      assert.equal(r.language, 'numpy');
      assert.deepEqual(r.shapes, { X: [3, 2], w: [2], y: [3], f: [] });
      for (const p of math.partials) close(r.partials.find((q) => q.wrt === p.wrt)!.value, p.value, 1e-12, `${argv[1]} ∂/∂${p.wrt}`);
      allReevaluate(r);
    }
  });

  it('--shape fixes the sizes when no point is given; the default point has those sizes', () => {
    const { code, r } = json(['inspect', "r = X*w - y; r'*r", '--shape', 'X=4x3']);
    assert.equal(code, 0);
    assert.deepEqual(r.shapes, { X: [4, 3], w: [3], y: [4], f: [] });
    assert.deepEqual(dims(r.point.X), [4, 3]);
    const gw = r.partials.find((p) => p.wrt === 'w')!;
    close(gw.value, lsGradW(r.point.X as number[][], r.point.w as number[], r.point.y as number[]));
    allReevaluate(r);
    // symbolic sizes stay names when nothing fixes them
    const sym = json(['inspect', "w'*w"]).r;
    assert.equal(sym.shapes.w.length, 1);
    assert.equal(typeof sym.shapes.w[0], 'string');
  });

  it('--at may be repeated and mixes numbers and arrays', () => {
    const { code, r } = json(['inspect', 'c*sum((X*w - y).^2)', '--at', 'X=[[1,2],[3,4],[5,6]]', '--at', 'w=[0.5,-1],y=[1,2,3],c=2']);
    assert.equal(code, 0);
    assert.deepEqual(r.shapes.c, []);
    close(r.partials.find((p) => p.wrt === 'w')!.value, lsGradW(X, w, y).map((v) => 2 * v));
    close(r.partials.find((p) => p.wrt === 'c')!.value, 68.75);
    allReevaluate(r);
  });

  it('--jacobian of softmax: diag(s) − s sᵀ, shape [...output, ...input]', () => {
    const { code, r } = json(['inspect', 'softmax(z)', '--jacobian', '--at', 'z=[1,2,3]']);
    assert.equal(code, 0);
    assert.deepEqual(r.shapes, { z: [3], f: [3] });
    const j = r.jacobian![0];
    assert.equal(j.wrt, 'z');
    assert.deepEqual(j.shape, [3, 3]);
    const e = [1, 2, 3].map(Math.exp);
    const s = e.map((v) => v / (e[0] + e[1] + e[2]));
    close(j.value, s.map((si, i) => s.map((sj, k) => (i === k ? si : 0) - si * sj)));
    assert.match(j.text, /diag\(softmax\(z\)\) − softmax\(z\) softmax\(z\)ᵀ/);
    allReevaluate(r);
  });

  it('--hessian of a vector input is a matrix: 2 XᵀX for least squares; wᵀAw gives A + Aᵀ', () => {
    const { code, r } = json(['inspect', 'sum((X*w - y).^2)', '--hessian', '--wrt', 'w', '--at', AT]);
    assert.equal(code, 0);
    const h = r.hessians![0];
    assert.deepEqual(h.shape, [2, 2]);
    const want = [0, 1].map((i) => [0, 1].map((j) => 2 * X.reduce((s, row) => s + row[i] * row[j], 0)));
    close(h.value, want);
    close(r.hessian!.f, want);
    allReevaluate(r);
    const q = json(['inspect', "w'*A*w", '--hessian', '--wrt', 'w', '--at', 'A=[[1,2],[3,4]],w=[1,-1]']).r;
    close(q.hessians![0].value, [[2, 5], [5, 8]]);
    assert.equal(q.hessians![0].text, 'A + Aᵀ');
    allReevaluate(q);
  });

  it('text output prints shapes and small matrices row by row', () => {
    const { code, out } = run(['inspect', 'sum((X*w - y).^2)', '--at', AT]);
    assert.equal(code, 0);
    assert.match(out, /shapes: X 3×2, w 2, y 3, f scalar/);
    assert.match(out, /∂f\/∂w = 2 Xᵀ\(X w − y\) {3}\(2\)\n {4}\[ -97, -124 \]/);
    assert.match(out, /∂f\/∂X = 2\(X w − y\) wᵀ {3}\(3×2\)\n {4}\[ -2\.5, 5 \]\n {4}\[ -4\.5, 9 \]\n {4}\[ -6\.5, 13 \]/);
  });

  it('without arrays in the point, text the scalar engine refuses goes to the tensor engine when it reads arrays', () => {
    const q = json(['inspect', "w'*A*w"]).r;
    assert.equal(q.engine, 'tensor');
    assert.equal(q.partials.find((p) => p.wrt === 'w')!.text, '(A + Aᵀ) w');
    allReevaluate(q);
    const idx = json(['inspect', 'x[1]^2 + 3*x[2]']).r;
    assert.deepEqual(idx.shapes.x.length, 1);
    assert.deepEqual(idx.partials.map((p) => p.wrt), ['x']);
    allReevaluate(idx);
    // all scalar in the tensor reader too: the scalar engine's own message stands
    const out = run(['inspect', "a = x\nb = a'", '--json']);
    assert.equal(out.code, 2);
    assert.match(out.out, /ctranspose/);
  });

  it('scalar expressions stay with the scalar engine (no tensor fields)', () => {
    for (const argv of [['inspect', 'x^2 + sin(x*y)', '--at', 'x=1,y=2'], ['inspect', 'x**2 + y', '--lang', 'python']]) {
      const out = JSON.parse(run([...argv, '--json']).out) as Record<string, unknown>;
      assert.equal(out.engine, undefined);
      assert.equal(out.shapes, undefined);
      assert.equal(typeof (out.partials as { value: unknown }[])[0].value, 'number');
    }
  });
});

describe('partials check on tensors', () => {
  interface CheckOut {
    ok: boolean;
    partials: (Term & { verdict: string; check: { worstEntryError: number; entriesChecked: number; directionalError: number; forwardError: number; reverseError: number; complexStepError?: number; complexStepSkipped?: string } })[];
    claims: { label: string; wrt: string; result: string; failures: { claimed: Nested; exact: Nested }[]; correct?: string; details: string[] }[];
  }

  it('every input ok by central differences, directional, forward/reverse AD and the complex step; a true claim holds', () => {
    const { code, r } = json<CheckOut>(['check', 'sum((X*w - y).^2)', '--at', AT, '--claim', "df/dw = 2*X'*(X*w - y)"]);
    assert.equal(code, 0);
    assert.equal(r.ok, true);
    for (const p of r.partials) {
      assert.equal(p.verdict, 'ok', p.wrt);
      assert.ok(p.check.worstEntryError < 1e-6 && p.check.reverseError < 1e-12 && p.check.forwardError < 1e-12);
      assert.ok(p.check.complexStepError! < 1e-12);
      assert.equal(p.check.entriesChecked, { X: 6, w: 2, y: 3 }[p.wrt]);
    }
    assert.equal(r.claims[0].result, 'holds');
  });

  it('a wrong claim fails (exit 1) with both values and the correct gradient', () => {
    const { code, r } = json<CheckOut>(['check', 'sum((X*w - y).^2)', '--at', AT, '--claim', "df/dw = X'*(X*w - y)"]);
    assert.equal(code, 1);
    assert.equal(r.ok, false);
    const c = r.claims[0];
    assert.equal(c.result, 'wrong');
    close(c.failures[0].exact, [-97, -124]);
    close(c.failures[0].claimed, [-48.5, -62]);
    assert.ok(c.correct);
    const shape = json<CheckOut>(['check', 'sum((X*w - y).^2)', '--at', AT, '--claim', 'df/dX = 2*X*w']).r.claims[0];
    assert.equal(shape.result, 'wrong');
    assert.match(shape.details[0], /shape/);
  });

  it('grad_w = 2 * X.T @ (X @ w - y) lines in NumPy code are claims; a wrong one fails', () => {
    const good = json<CheckOut>(['check', 'loss = np.sum((X @ w - y)**2)\ngrad_w = 2 * X.T @ (X @ w - y)', '--lang', 'python', '--at', AT]);
    assert.equal(good.code, 0);
    assert.deepEqual(good.r.claims.map((c) => [c.wrt, c.result]), [['w', 'holds']]);
    assert.deepEqual(good.r.partials.map((p) => p.wrt), ['X', 'w', 'y']);
    const bad = json<CheckOut>(['check', 'loss = np.sum((X @ w - y)**2)\ngrad_w = X.T @ (X @ w - y)\ndX = 2 * np.outer(X @ w - y, w)', '--lang', 'python', '--at', AT]);
    assert.equal(bad.code, 1);
    assert.deepEqual(bad.r.claims.map((c) => [c.wrt, c.result]), [['w', 'wrong'], ['X', 'holds']]);
  });

  it('past the cap the entries are sampled; abs skips the complex step with a reason', () => {
    const big = JSON.stringify(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i * 10 + j) % 7) / 7 + 0.5)));
    const { code, r } = json<CheckOut>(['check', 'sum(abs(X*w))', '--at', `X=${big},w=[${Array.from({ length: 10 }, (_, i) => 0.1 * (i + 1)).join(',')}]`]);
    assert.equal(code, 0);
    const pX = r.partials.find((p) => p.wrt === 'X')!;
    assert.equal(pX.check.entriesChecked, 64);
    assert.match(pX.check.complexStepSkipped!, /abs/);
  });
});

describe('partials graph on tensors', () => {
  it('json nodes carry shapes, values and adjoints; dot shows the shapes', () => {
    const { code, out } = run(['graph', 'sum((X*w - y).^2)', '--at', AT]);
    assert.equal(code, 0);
    const g = JSON.parse(out) as { shapes: Record<string, number[]>; nodes: { op: string; label: string; shape: number[]; value: Nested; adjoint?: Nested; isInput?: boolean; isOutput?: boolean }[]; edges: unknown[] };
    assert.deepEqual(g.shapes, { X: [3, 2], w: [2], y: [3], f: [] });
    const mm = g.nodes.find((n) => n.op === 'matmul')!;
    assert.deepEqual(mm.shape, [3]);
    close(mm.value, [-1.5, -2.5, -3.5]);
    const wn = g.nodes.find((n) => n.label === 'w')!;
    assert.equal(wn.isInput, true);
    close(wn.adjoint!, [-97, -124]);
    assert.deepEqual(g.nodes.find((n) => n.isOutput)!.shape, []);
    assert.ok(g.edges.length >= g.nodes.length - 1);
    const dot = run(['graph', 'np.sum((X @ w - y)**2)', '--lang', 'python', '--at', AT, '--format', 'dot']);
    assert.equal(dot.code, 0);
    assert.match(dot.out, /^digraph "f" \{/);
    assert.match(dot.out, /\{ X \| shape \(3, 2\) \|/);
    assert.match(dot.out, /\{ @ \| shape \(3,\) \|/);
  });
});

describe('bad tensor input exits 2 naming the construct, the line and the column', () => {
  const cases: { name: string; argv: string[]; line: number; column: number; message: RegExp }[] = [
    { name: 'shape mismatch', argv: ['inspect', 'r = X*w - y\nr\'*r', '--at', 'X=[[1,2],[3,4]],w=[1,2],y=[1,2,3]'], line: 1, column: 5, message: /Shape mismatch.*\(2,\).*\(3,\)/ },
    { name: 'shape mismatch (NumPy, line 2)', argv: ['inspect', 'import numpy as np\nloss = np.sum(X @ v)', '--lang', 'python', '--at', 'X=[[1,2],[3,4]],v=[1,2,3]'], line: 2, column: 15, message: /Shape mismatch/ },
    { name: 'unknown array function', argv: ['inspect', 'r = X @ w - y\nloss = r.T @ r + np.foo(w)', '--lang', 'python'], line: 2, column: 18, message: /Unknown function 'foo'/ },
    { name: 'unsupported rank', argv: ['inspect', 'sum(X)', '--at', 'X=[[[1]]]'], line: 1, column: 1, message: /rank 3/ },
    { name: 'unsupported rank (--shape)', argv: ['inspect', 'sum(X)', '--shape', 'X=2x2x2'], line: 1, column: 1, message: /rank 3/ },
    { name: 'variable index (a loop)', argv: ['inspect', 's = np.sum(x[i])', '--lang', 'python', '--at', 'x=[1,2]'], line: 1, column: 14, message: /index must be a constant/ },
    { name: 'in-place update +=', argv: ['inspect', 's = np.sum(w)\nw += 1\ns', '--lang', 'python', '--at', 'w=[1,2]'], line: 2, column: 1, message: /in-place update \('\+='\)/ },
    { name: 'in-place update x[0] =', argv: ['inspect', 's = np.sum(w)\nw[0] = 1\ns', '--lang', 'python', '--at', 'w=[1,2]'], line: 2, column: 1, message: /in-place update of 'w'/ },
    { name: 'a vector output without --jacobian', argv: ['inspect', 'softmax(z)', '--at', 'z=[1,2]'], line: 1, column: 1, message: /Jacobian/ },
    { name: 'ragged --at array', argv: ['inspect', 'sum(X)', '--at', 'X=[[1,2],[3]]'], line: 1, column: 1, message: /X/ },
    { name: 'unreadable --at array', argv: ['inspect', 'sum(X)', '--at', 'X=[[1,2],[3,4]'], line: 1, column: 1, message: /closing bracket/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = run([...c.argv, '--json']);
      assert.equal(out.code, 2, out.out);
      const e = (JSON.parse(out.out) as { error: { message: string; line: number; column: number } }).error;
      assert.match(e.message, c.message);
      if (c.line !== 1 || c.column !== 1) assert.match(e.message, new RegExp(`line ${c.line}, column ${c.column}`));
      assert.deepEqual([e.line, e.column], [c.line, c.column], e.message);
      const text = run(c.argv);
      assert.equal(text.code, 2);
      assert.match(text.out, /^error: /);
    });
  }

  it('the check and graph commands refuse the same input with exit 2', () => {
    for (const cmd of ['check', 'graph']) {
      const out = run([cmd, 'r = X @ w - y\nloss = r.T @ r + np.foo(w)', '--lang', 'python']);
      assert.equal(out.code, 2, cmd);
      assert.match(out.out, /foo.*line 2, column 18/);
    }
  });
});

describe('--at and --shape parsing', () => {
  it('splits pairs on commas outside brackets; reads numbers like the scalar --at', () => {
    assert.deepEqual(splitTopLevel('X=[[1,2],[3,4]],w=[0.5,-1],c=2'), ['X=[[1,2],[3,4]]', 'w=[0.5,-1]', 'c=2']);
    assert.deepEqual(parseTensorPoint(['X=[[1, 2], [3, 4]], w=[.5,-1e-1]', 'c=pi']), { values: { X: [[1, 2], [3, 4]], w: [0.5, -0.1], c: Math.PI }, hasArray: true });
    assert.deepEqual(parseTensorPoint(['x=1,y=2']), { values: { x: 1, y: 2 }, hasArray: false });
    assert.deepEqual(parseShapes('X=4x3,w=3,c='), { X: [4, 3], w: [3], c: [] });
    assert.deepEqual(parseShapes('X=nxd'), { X: ['n', 'd'] });
    assert.throws(() => parseShapes('X=4y3'), /Cannot read the shape/);
    assert.throws(() => parseTensorPoint(['w=[1,a]']), /not a number/);
  });

  it('--shape is a checked option of inspect, check and graph (a misspelling suggests it)', () => {
    for (const cmd of ['inspect', 'check', 'graph']) {
      const out = run([cmd, 'sum(X)', '--shap', 'X=2x2']);
      assert.equal(out.code, 2, cmd);
      assert.match(out.out, /Unknown option '--shap'\. Did you mean --shape\?/);
      assert.equal(run([cmd, 'sum(X)', '--shape=X=2x2']).code, 0, cmd);
    }
  });
});

describe('partials codegen: vectorised input', () => {
  it('writes NumPy code in matrix notation that runs and matches inspect', { skip: missingNumpy() }, () => {
    const src = 'np.sum((X @ w - y)**2)';
    const at = "X=[[1,2],[3,4],[5,6]],w=[0.5,-1],y=[1,0,2]";
    const code = run(['codegen', src, '--target', 'numpy', '--at', at]);
    assert.equal(code.code, 0, code.out);
    assert.match(code.out, /^import numpy as np$/m);
    assert.match(code.out, /grad_w = 2\.0 \* \(X\.T @ t1\)/);
    assert.doesNotMatch(code.out, /\bfor\b/);
    const { r } = json(['inspect', src, '--at', at]);
    const gw = r.partials.find((p) => p.wrt === 'w')!.value as number[];
    const py = spawnSync('/usr/bin/python3', ['-c', `${code.out}\nX = np.array([[1,2],[3,4],[5,6]], float); w = np.array([0.5,-1]); y = np.array([1.,0,2])\nprint(repr(list(f_grad(X, w, y)[2])))`], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const got = JSON.parse(py.stdout.trim().replace(/np\.float64\(([^)]*)\)/g, '$1')) as number[];
    got.forEach((v, i) => assert.ok(Math.abs(v - gw[i]) <= 1e-12 * Math.max(1, Math.abs(gw[i])), `${v} vs ${gw[i]}`));
  });

  it('--json gives the result fields, --style adjoint a backward sweep, jax and eigen are vectorised only', () => {
    const j = json<{ engine: string; target: string; style: string; resultNames: string[]; parameters: string[]; code: string }>(
      ['codegen', "sum((X*w - y).^2)", '--target', 'jax', '--style', 'adjoint', '--shape', 'X=nxd,w=d,y=n']);
    assert.equal(j.code, 0);
    assert.equal(j.r.engine, 'tensor');
    assert.equal(j.r.style, 'adjoint');
    assert.deepEqual(j.r.resultNames, ['f', 'grad_X', 'grad_w', 'grad_y']);
    assert.deepEqual(j.r.parameters, ['X', 'w', 'y']);
    assert.match(j.r.code, /_bar = /);
    const e = run(['codegen', "x'*A*x", '--target', 'eigen', '--form', 'statements']);
    assert.equal(e.code, 0, e.out);
    assert.match(e.out, /const Eigen::VectorXd grad_x = /);
  });

  it('scalar input stays scalar; bad combinations get clear messages', () => {
    const s = run(['codegen', 'x^2*y', '--target', 'numpy']);
    assert.equal(s.code, 0);
    assert.match(s.out, /df_dx/);
    const c = run(['codegen', 'sum(exp(x))', '--target', 'c', '--shape', 'x=3']);
    assert.equal(c.code, 2);
    assert.match(c.out, /no vectorised code; the vectorised targets are numpy, pytorch, jax, matlab, julia, eigen/);
    const h = run(['codegen', 'sum(exp(x))', '--target', 'matlab', '--shape', 'x=3', '--style', 'hessian']);
    assert.equal(h.code, 2);
    assert.match(h.out, /--style 'hessian' is not available for vectorised code/);
    const u = run(['codegen', 'sum(erf(x))', '--target', 'numpy', '--shape', 'x=3']);
    assert.equal(u.code, 2);
    assert.match(u.out, /erf has no vectorised numpy form/);
  });

  it('lists --shape among the options in the unknown-option message', () => {
    const r = run(['check', 'x^2', '--shap', 'x=3']);
    assert.equal(r.code, 2);
    assert.match(r.out, /Did you mean --shape\?.*--shape/);
  });
});

function missingNumpy(): string | undefined {
  return spawnSync('/usr/bin/python3', ['-c', 'import numpy']).status === 0 ? undefined : '/usr/bin/python3 has no numpy';
}

describe('tensor JSON: differentiable, as the scalar JSON has it (#13)', () => {
  it('is false with the kink named where an input\'s path is on one, true elsewhere', () => {
    const { code, r } = json<{ partials: { wrt: string; differentiable: boolean; nonSmooth?: { op: string; reason: string; entry: number[]; line: number; column: number }[] }[] }>(
      ['inspect', 'sum(relu(x)) + sum(exp(y))', '--at', 'x=[1,0,-2],y=[1,2]']);
    assert.equal(code, 0);
    const x = r.partials.find((p) => p.wrt === 'x')!;
    const y = r.partials.find((p) => p.wrt === 'y')!;
    assert.equal(x.differentiable, false);
    assert.deepEqual(x.nonSmooth!.map((k) => [k.op, k.entry, k.line, k.column]), [['relu', [1], 1, 5]]);
    assert.match(x.nonSmooth![0].reason, /corner at 0/);
    assert.equal(y.differentiable, true);
    assert.equal(y.nonSmooth, undefined);
    const away = json<{ partials: { differentiable: boolean }[] }>(['inspect', 'sum(relu(x))', '--at', 'x=[1,0.5]']);
    assert.deepEqual(away.r.partials.map((p) => p.differentiable), [true]);
  });

  it('flags a where at its boundary and the norm of zeros', () => {
    const w = json<{ partials: { differentiable: boolean; nonSmooth?: { op: string }[] }[] }>(['inspect', 'np.sum(np.where(x > 0, x, 0.1 * x))', '--at', 'x=[0,1]']);
    assert.deepEqual(w.r.partials.map((p) => [p.differentiable, p.nonSmooth?.[0].op]), [[false, 'where']]);
    const n = json<{ partials: { differentiable: boolean; nonSmooth?: { op: string }[] }[] }>(['inspect', 'norm(x)', '--at', 'x=[0,0]']);
    assert.deepEqual(n.r.partials.map((p) => [p.differentiable, p.nonSmooth?.[0].op]), [[false, 'norm']]);
  });
});
