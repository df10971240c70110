// Generated vectorised code is for any sizes, not only the point's: a point (the inspector's, Insert's) gives the
// inputs' ranks and the code reads sizes from its arguments. Each function is generated at one point, then run by
// NumPy at other sizes (where inputs that had equal sizes at the point differ), against the engine there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeTensor, generateTensorCode, type Nested } from '../../src/core/tensor';

const PYTHON = '/usr/bin/python3';
const noNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0 ? undefined : `${PYTHON} has no numpy (python3-numpy)`;
if (noNumpy) console.log(`# skipped: ${noNumpy}`);

const flat = (v: Nested): number[] => (typeof v === 'number' ? [v] : (v as Nested[]).flatMap(flat));
const matrix = (r: number, c: number, seed: number): number[][] => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Math.sin(seed + 3 * i + 7 * j)));
const vector = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.cos(seed + 5 * i));

/** Runs the generated function at `at` and returns its results, flattened, in order. */
function run(code: string, fn: string, params: string[], at: Record<string, Nested>): number[][] {
  const dir = mkdtempSync(join(tmpdir(), 'partials-sizes-'));
  try {
    const args = params.map((p) => `np.array(${JSON.stringify(at[p])}, dtype=float)`).join(', ');
    writeFileSync(join(dir, 'main.py'), `import numpy as np\n${code}\nimport json\nout = ${fn}(${args})\nprint(json.dumps([np.asarray(v, dtype=float).ravel().tolist() for v in out]))\n`);
    const r = spawnSync(PYTHON, [join(dir, 'main.py')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as number[][];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function close(got: number[], want: number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: ${got.length} entries, the engine has ${want.length}`);
  got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) <= 1e-10 * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${x} vs ${want[i]}`));
}

const CASES: Array<{ source: string; point: Record<string, Nested>; other: Record<string, Nested> }> = [
  // A and B have 2 rows at the point: B's rows must still be B's
  { source: 'np.mean(A) + np.mean(B)', point: { A: matrix(2, 3, 1), B: matrix(2, 5, 2) }, other: { A: matrix(4, 3, 3), B: matrix(3, 7, 4) } },
  { source: 'np.mean((X @ w - y) ** 2)', point: { X: matrix(3, 2, 5), w: vector(2, 1), y: vector(3, 2) }, other: { X: matrix(6, 4, 6), w: vector(4, 3), y: vector(6, 4) } },
  { source: 'np.sum(np.log(1 + np.exp(-y * (X @ w)))) + 0.5 * np.dot(w, w)', point: { X: matrix(3, 3, 7), w: vector(3, 5), y: vector(3, 6) }, other: { X: matrix(8, 2, 8), w: vector(2, 7), y: vector(8, 8) } },
  { source: 'np.sum(A @ B) + np.trace(A @ A.T)', point: { A: matrix(2, 2, 9), B: matrix(2, 2, 10) }, other: { A: matrix(3, 4, 11), B: matrix(4, 2, 12) } },
];

for (const c of CASES) {
  test(`generated at one size, run at another: ${c.source}`, { skip: noNumpy }, () => {
    for (const style of ['closed', 'adjoint'] as const) {
      const g = generateTensorCode(c.source, { language: 'numpy', target: 'numpy', style, form: 'function', at: c.point });
      assert.doesNotMatch(g.code, /\/ (6|10|3)\.0\b/, `no size of the point written into the code:\n${g.code}`);
      const params = g.parameters!;
      assert.deepEqual([...params].sort(), Object.keys(c.point).sort());
      for (const at of [c.point, c.other]) {
        const got = run(g.code, g.functionName!, params, at);
        const ref = analyzeTensor(c.source, { language: 'numpy', at });
        const wrt = g.resultNames.slice(1).map((n) => n.replace(/^grad_/, ''));
        const want = [flat(ref.output.value!), ...wrt.map((p) => flat(ref.partials.find((q) => q.wrt === p)!.value!))];
        assert.equal(got.length, want.length);
        got.forEach((v, i) => close(v, want[i], `${style} ${g.resultNames[i]} at ${JSON.stringify(Object.fromEntries(Object.entries(at).map(([k, v]) => [k, flat(v).length])))}`));
      }
    }
  });
}

test('kron needs its sizes known: the code keeps the point\'s and runs there', { skip: noNumpy }, () => {
  const point = { A: matrix(2, 2, 1), B: matrix(2, 3, 2) };
  const g = generateTensorCode('np.sum(np.kron(A, B) ** 2)', { language: 'numpy', target: 'numpy', style: 'closed', form: 'function', at: point });
  assert.deepEqual(g.parameters, ['A', 'B']);
  const got = run(g.code, g.functionName!, ['A', 'B'], point);
  const ref = analyzeTensor('np.sum(np.kron(A, B) ** 2)', { language: 'numpy', at: point });
  close(got[0], flat(ref.output.value!), 'f');
  close(got[1], flat(ref.partials.find((p) => p.wrt === 'A')!.value!), 'grad_A');
  close(got[2], flat(ref.partials.find((p) => p.wrt === 'B')!.value!), 'grad_B');
});
