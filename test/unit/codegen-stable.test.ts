/**
 * Numerically stable forms in generated code: at inputs where the textbook form overflows (tanh' as 1/cosh², σ as
 * 1/(1 + e^−x), softplus as log(1 + e^x), log σ, log Σ e^x at ±1000) the generated value and gradient are finite and
 * right in every target whose toolchain is here. Python's math raises on overflow and NumPy is told to raise, so an
 * overflowing intermediate fails the test, not just a wrong result. The same expressions at ordinary points are in
 * the corpus (test/codegen/corpus.ts): there they match the engine to 1e-10.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildModel } from '../../src/core';
import { generate, type TargetId } from '../../src/core/codegen';
import { toolchain, type Batch } from '../codegen/runners';

const sig = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sech2 = (x: number) => {
  const u = Math.exp(-2 * Math.abs(x));
  return (4 * u) / ((1 + u) * (1 + u));
};

interface StableCase {
  source: string;
  /**
   * Points (in the model's parameter order) and the exact value and gradient there; `abs`: an absolute
   * tolerance instead of the relative 1e-12.
   */
  at: { args: number[]; want: number[]; abs?: number }[];
}

const CASES: StableCase[] = [
  { source: 'tanh(x)', at: [{ args: [1000], want: [1, 0] }, { args: [-1000], want: [-1, 0] }, 
    // 1 − tanh² keeps the absolute error under one ulp of 1: sech²(20) = 1.7e-17 comes out as 0 (as in PyTorch's
    // tanh backward); 1/cosh² would be relatively exact there but overflows (math.cosh raises) past 710.
    { args: [20], want: [Math.tanh(20), sech2(20)], abs: 2.3e-16 }, { args: [3], want: [Math.tanh(3), sech2(3)] }] },
  { source: 'sigmoid(x)', at: [{ args: [1000], want: [1, 0] }, { args: [-1000], want: [0, 0] }] },
  { source: 'softplus(x)', at: [{ args: [1000], want: [1000, 1] }, { args: [-1000], want: [0, 0] }] },
  { source: 'log(1 + exp(x))', at: [{ args: [1000], want: [1000, 1] }, { args: [-1000], want: [0, 0] }, { args: [-40], want: [sp(-40), sig(-40)] }] },
  { source: 'log1p(exp(x))', at: [{ args: [1000], want: [1000, 1] }] },
  { source: '1 / (1 + exp(-x))', at: [{ args: [1000], want: [1, 0] }, { args: [-1000], want: [0, 0] }] },
  { source: 'exp(x) / (1 + exp(x))', at: [{ args: [1000], want: [1, 0] }, { args: [-1000], want: [0, 0] }] },
  { source: 'log(sigmoid(x))', at: [{ args: [-1000], want: [-1000, 1] }, { args: [1000], want: [0, 0] }] },
  { source: 'log(1 - sigmoid(x))', at: [{ args: [1000], want: [-1000, -1] }, { args: [-1000], want: [0, 0] }] },
  { source: 'log(exp(x) + exp(y))', at: [{ args: [1000, 999], want: [1000 + Math.log1p(Math.exp(-1)), sig(1), sig(-1)] }] },
  { source: 'gelu(x)', at: [{ args: [1000], want: [1000, 1] }, { args: [-1000], want: [0, 0] }] },
  // the logistic-regression loss of demo/logistic.py, with z far out on either side (parameters: z, y)
  {
    source: 'p = 1 / (1 + exp(-z))\nL = -(y*log(p) + (1 - y)*log(1 - p))',
    at: [
      { args: [1000, 0], want: [1000, 1, -1000] },
      { args: [-1000, 1], want: [1000, -1, 1000] },
      { args: [1000, 1], want: [0, 0, -1000] },
    ],
  },
  { source: 'h = tanh(w*x + b)\nloss = (h - t)^2', at: [{ args: [1000, 1, 0, 0], want: [1, 0, 0, 0, -2] }] },
];

const RUN: TargetId[] = ['python', 'numpy', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'matlab'];

function batchFor(target: TargetId): { batch: Batch; want: Map<string, { want: number[]; abs?: number }> } {
  const batch: Batch = { cases: [], imports: [], helpers: [] };
  // NumPy's runner ignores floating-point warnings; here an overflow or invalid operation is an error.
  if (target === 'numpy') batch.helpers.push('np.seterr(over="raise", invalid="raise", divide="raise")');
  const want = new Map<string, { want: number[]; abs?: number }>();
  CASES.forEach((c, i) => {
    const model = buildModel({ source: c.source });
    for (const style of ['closed', 'adjoint'] as const) {
      const r = generate(model, { target, style, form: 'function', name: `s${i}_${style}`, comment: false });
      batch.imports.push(...r.imports);
      batch.helpers.push(...r.helpers);
      c.at.forEach((p, k) => {
        const id = `${i}:${style}:${k}`;
        // one function definition per case and style; further points call it again
        batch.cases.push({ id, code: k === 0 ? r.body : '', fn: r.functionName!, args: p.args, n: model.inputs.length, hessian: false });
        want.set(id, p);
      });
    }
  });
  return { batch, want };
}

test('the stable cases take their parameters in the order the expected values assume', () => {
  assert.deepEqual(buildModel({ source: CASES[11].source }).inputs, ['z', 'y']);
  assert.deepEqual(buildModel({ source: CASES[12].source }).inputs, ['w', 'x', 'b', 't']);
});

describe('stable forms: no overflow at ±1000, exact limits, in every target', () => {
  for (const target of RUN) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      const { batch, want } = batchFor(target);
      const run = tc.run(batch);
      assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error}\n(program kept in ${run.dir})`);
      const failures: string[] = [];
      for (const [id, { want: w, abs }] of want) {
        const got = run.values.get(id);
        const source = CASES[Number(id.split(':')[0])].source;
        if (!got || got.length !== w.length) { failures.push(`${id} (${JSON.stringify(source)}): got ${JSON.stringify(got)}`); continue; }
        w.forEach((v, k) => {
          const err = Math.abs(got[k] - v) / Math.max(Math.abs(v), 1e-300);
          if (!(Number.isFinite(got[k]) && (got[k] === v || err <= 1e-12 || Math.abs(got[k] - v) <= (abs ?? 1e-300)))) {
            failures.push(`${id}[${k}] (${JSON.stringify(source)}): got ${got[k]}, exact ${v}`);
          }
        });
      }
      assert.deepEqual(failures, [], `${target}:\n${failures.join('\n')}`);
    });
  }
});

describe('the stable forms as written', () => {
  const body = (source: string, target: TargetId) => generate(buildModel({ source }), { target, form: 'function', comment: false }).body;
  test('tanh\' reuses tanh: 1 - tanh², never 1/cosh²', () => {
    const py = body('h = tanh(w*x + b)\nloss = h*y', 'numpy');
    assert.match(py, /h = np\.tanh\(w \* x \+ b\)/);
    assert.match(py, /\(1 - h \*\* 2\)/);
    for (const t of ['python', 'numpy', 'c', 'javascript', 'rust', 'julia'] as TargetId[]) assert.doesNotMatch(body('tanh(x)*y', t), /cosh/, t);
  });
  test('logistic loss: σ and softplus (logaddexp in NumPy), no exp(-z) that could overflow', () => {
    const py = body('p = 1 / (1 + exp(-z))\nL = -(y*log(p) + (1 - y)*log(1 - p))', 'numpy');
    assert.match(py, /np\.logaddexp\(0\.0, z\)/);
    assert.doesNotMatch(py, /np\.log\(/);
    assert.doesNotMatch(py, /1 \+ np\.exp/);
  });
  test('log(e^a + e^b) subtracts the maximum', () => {
    assert.match(body('log(exp(a) + exp(b))', 'c'), /fmax\(a, b\)/);
  });
});

// The Hessian style at ±1000 and ±1e4: tanh″ = −2 sech² tanh was ∞/∞ (2 sinh cosh/cosh⁴) in the engine's graph,
// so every target printed NaN (and Python's math.cosh raised). Value, gradient, then the Hessian row-major.
const HESSIAN_CASES: StableCase[] = [
  { source: 'tanh(x)', at: [1000, -1000, 1e4, -1e4].map((x): StableCase['at'][number] => ({ args: [x], want: [Math.sign(x), 0, 0] })).concat(
    [{ args: [3], want: [Math.tanh(3), sech2(3), -2 * sech2(3) * Math.tanh(3)], abs: 1e-15 }]) },
  { source: 'gelu(x)', at: [{ args: [1000], want: [1000, 1, 0] }, { args: [-1000], want: [0, 0, 0] }, { args: [-1e4], want: [0, 0, 0] }] },
  { source: 'sigmoid(x) + softplus(x)', at: [{ args: [1000], want: [1001, 1, 0] }, { args: [-1000], want: [0, 0, 0] }] },
  { source: 'h = tanh(w*x + b)\nloss = (h - t)^2', at: [{ args: [1000, 1, 0, 0], want: [1, 0, 0, 0, -2, ...[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]] }] },
];

describe('Hessian code: finite and right at ±1000 and ±1e4, in every target', () => {
  for (const target of RUN) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      const batch: Batch = { cases: [], imports: [], helpers: [] };
      if (target === 'numpy') batch.helpers.push('np.seterr(over="raise", invalid="raise", divide="raise")');
      const want = new Map<string, { want: number[]; abs?: number; source: string }>();
      HESSIAN_CASES.forEach((c, i) => {
        const model = buildModel({ source: c.source });
        const r = generate(model, { target, style: 'hessian', form: 'function', name: `h${i}`, comment: false });
        batch.imports.push(...r.imports);
        batch.helpers.push(...r.helpers);
        c.at.forEach((p, k) => {
          batch.cases.push({ id: `${i}:${k}`, code: k === 0 ? r.body : '', fn: r.functionName!, args: p.args, n: model.inputs.length, hessian: true });
          want.set(`${i}:${k}`, { ...p, source: c.source });
        });
      });
      const run = tc.run(batch);
      assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error}\n(program kept in ${run.dir})`);
      const failures: string[] = [];
      for (const [id, { want: w, abs, source }] of want) {
        const got = run.values.get(id);
        if (!got || got.length !== w.length) { failures.push(`${id} (${JSON.stringify(source)}): got ${JSON.stringify(got)}`); continue; }
        w.forEach((v, k) => {
          if (!(Number.isFinite(got[k]) && (got[k] === v || Math.abs(got[k] - v) <= Math.max(1e-12 * Math.abs(v), abs ?? 0)))) {
            failures.push(`${id}[${k}] (${JSON.stringify(source)}): got ${got[k]}, exact ${v}`);
          }
        });
      }
      assert.deepEqual(failures, [], `${target}:\n${failures.join('\n')}`);
    });
  }
});
