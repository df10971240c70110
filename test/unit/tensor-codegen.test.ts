import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyzeTensor, generateTensorCode, TENSOR_STYLES, type Nested, type Shape, type TensorCodegenResult, type TensorLanguage, type TensorStyle, type TensorTargetId } from '../../src/core/tensor';
import { PartialsError } from '../../src/core/errors';
import { CASES, CODEGEN_ONLY_CASES, DIALECT_CASES, NUMPY_CASES } from '../tensorgen/corpus';
import { missing, runEigen, runJulia, runOctave, runPython, type Outcome, type RunCase } from '../tensorgen/runners';

/**
 * Vectorised code generation, tested by running it: every target and both styles for the whole tensor
 * corpus (the gradient cases of the Matrix Cookbook / ML identities and the NumPy spellings), run with
 * NumPy, PyTorch, Octave, g++ with Eigen, Julia and JAX where present, and compared with the engine's
 * values at the engine's point to 1e-10 (relative to max(1, |value|)). A target that cannot run here is
 * skipped, saying why.
 */

interface Item {
  name: string;
  src: string;
  shapes?: Record<string, Shape>;
  language?: TensorLanguage;
}

const ITEMS: Item[] = [
  ...CASES.filter((c) => !c.jacobian).map((c) => ({ name: c.name, src: c.src, shapes: c.shapes })),
  ...NUMPY_CASES.map((c) => ({ name: `numpy: ${c.numpy.replace(/\n/g, '; ')}`, src: c.numpy, shapes: c.shapes, language: 'numpy' as const })),
  ...DIALECT_CASES.map((c) => ({ name: `${c.lang}: ${c.src.replace(/\n/g, '; ')}`, src: c.src, shapes: c.shapes, language: c.lang })),
  ...CODEGEN_ONLY_CASES,
];

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

interface Expected {
  item: Item;
  args: Nested[];
  values: number[];
}

const expected = new Map<string, Expected>();
const generated = new Map<string, Map<string, TensorCodegenResult>>();
const refusals: string[] = [];

function build(target: TensorTargetId): RunCase[] {
  const out: RunCase[] = [];
  ITEMS.forEach((item, i) => {
    const a = analyzeTensor(item.src, { shapes: item.shapes, language: item.language });
    for (const style of TENSOR_STYLES) {
      const id = `case${i}_${style}`;
      let gen: TensorCodegenResult;
      try {
        gen = generateTensorCode(item.src, { target, style, shapes: item.shapes, language: item.language, name: id });
      } catch (e) {
        if (e instanceof PartialsError && e.code === 'unsupported') {
          refusals.push(`${target} ${style} ${item.name}: ${e.message}`);
          continue;
        }
        throw e;
      }
      const params = Object.keys(gen.inputNames);
      const order = gen.parameters!.map((p) => params.find((k) => gen.inputNames[k] === p)!);
      expected.set(id, { item, args: order.map((k) => a.point[k]), values: [...flat(a.output.value!), ...a.partials.flatMap((p) => flat(p.value!))] });
      if (!generated.has(target)) generated.set(target, new Map());
      generated.get(target)!.set(id, gen);
      out.push({ id, gen, args: order.map((k) => a.point[k]) });
    }
  });
  return out;
}

function compare(target: string, outcome: Outcome, cases: RunCase[], allowErrors: (c: RunCase) => boolean = () => false): void {
  if (!outcome.ok) assert.fail(`${target}: the program did not run:\n${outcome.error}`);
  const problems: string[] = [];
  let checked = 0;
  for (const c of cases) {
    const exp = expected.get(c.id)!;
    const err = outcome.errors.get(c.id);
    if (err !== undefined) {
      if (!allowErrors(c)) problems.push(`${c.id} (${exp.item.name}): ${err}\n${c.gen.body}`);
      continue;
    }
    const got = outcome.values.get(c.id);
    if (!got) { problems.push(`${c.id} (${exp.item.name}): no output`); continue; }
    if (got.length !== exp.values.length) { problems.push(`${c.id} (${exp.item.name}): ${got.length} numbers, expected ${exp.values.length}\n${c.gen.body}`); continue; }
    const bad = exp.values.findIndex((v, k) => !(Math.abs(got[k] - v) <= 1e-10 * Math.max(1, Math.abs(v))));
    if (bad >= 0) problems.push(`${c.id} (${exp.item.name}): entry ${bad}: ${got[bad]} vs the engine's ${exp.values[bad]}\n${c.gen.body}`);
    else checked++;
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
  assert.ok(checked > 0);
  console.log(`# tensor-codegen: ${target}: ${checked} case×style programs ran and matched the engine to 1e-10`);
}

describe('vectorised code generation, run for real', () => {
  after(() => {
    if (refusals.length) console.log(`# tensor-codegen: refused (clear 'unsupported' errors):\n# ${refusals.join('\n# ')}`);
  });

  it('covers the whole corpus', () => {
    assert.ok(ITEMS.length >= 60, `${ITEMS.length} items`);
  });

  for (const target of ['numpy', 'pytorch', 'matlab', 'eigen', 'julia'] as const) {
    const why = missing(target);
    if (why) console.log(`# tensor-codegen: ${target}: skipped: ${why}`);
    it(`${target}: every case, closed and adjoint, matches the engine`, { skip: why }, () => {
      const cases = build(target);
      assert.ok(cases.length >= 2 * ITEMS.length - 8, `${cases.length} programs`);
      const outcome = target === 'numpy' || target === 'pytorch' ? runPython(target, cases) : target === 'matlab' ? runOctave(cases) : target === 'eigen' ? runEigen(cases) : runJulia(cases);
      compare(target, outcome, cases);
    });
  }

  const jaxMissing = missing('jax');
  if (jaxMissing) console.log(`# tensor-codegen: jax: skipped: ${jaxMissing}`);
  it('jax: every case matches the engine', { skip: jaxMissing }, () => {
    const cases = build('jax');
    compare('jax', runPython('jax', cases), cases);
  });

  const shimMissing = missing('jax-shim');
  it('jax output (jax.numpy calls only) runs with NumPy standing in for jax.numpy', { skip: shimMissing }, () => {
    // Without jax installed this still runs every jax.numpy program whose calls NumPy has too; only
    // `.at[…].set(…)` (the functional update of a scatter) needs real JAX and is left to the test above.
    const cases = build('jax').filter((c) => !c.gen.body.includes('.at['));
    compare('jax-shim', runPython('jax-shim', cases), cases);
  });
});

describe('vectorised code generation: the code itself', () => {
  const gen = (target: TensorTargetId, style: TensorStyle = 'closed', src = 'sum((X*w - y).^2)') => generateTensorCode(src, { target, style, shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] } });

  it('writes the issue\'s least-squares gradient in matrix form', () => {
    const r = gen('numpy');
    assert.match(r.body, /grad_w = 2\.0 \* \(X\.T @ t1\)/);
    assert.match(r.body, /t1 = X @ w - y/);
    assert.deepEqual(r.resultNames, ['f', 'grad_X', 'grad_w', 'grad_y']);
    assert.deepEqual(r.parameters, ['X', 'w', 'y']);
  });

  it('puts the sign of −(u vᵀ) on the vector, not on a second pass over the outer product', () => {
    const src = 'sum(log(1 + exp(-y .* (X*w))))';
    const shapes = { X: ['n', 'd'], w: ['d'], y: ['n'] };
    for (const style of TENSOR_STYLES) {
      const py = generateTensorCode(src, { target: 'numpy', style, shapes }).body;
      assert.match(py, /grad_X = np\.outer\(-\w+, w\)/, py);
      assert.doesNotMatch(py, /-np\.outer/, py);
      const ml = generateTensorCode(src, { target: 'matlab', style, shapes }).body;
      assert.match(ml, /grad_X = -\w+ \* w\.';/, ml);
    }
  });

  it('never writes a loop over entries', () => {
    for (const target of ['numpy', 'pytorch', 'jax', 'matlab', 'julia', 'eigen'] as const) {
      for (const style of TENSOR_STYLES) {
        for (const item of ITEMS) {
          let body: string;
          try {
            body = generateTensorCode(item.src, { target, style, shapes: item.shapes, language: item.language }).code;
          } catch (e) {
            if (e instanceof PartialsError && e.code === 'unsupported') continue;
            throw e;
          }
          assert.doesNotMatch(body, /\bfor\b|\bwhile\b/, `${target} ${style} ${item.name}:\n${body}`);
        }
      }
    }
  });

  it('follows the given parameter order and renames inputs that are reserved words', () => {
    const r = generateTensorCode('sum((X*w - y).^2) + lambda*w\'*w', { target: 'numpy', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'], lambda: [] }, paramOrder: ['y', 'w'] });
    assert.deepEqual(r.parameters, ['y', 'w', 'X', 'lambda_']);
    assert.equal(r.inputNames.lambda, 'lambda_');
    assert.match(r.body, /^def f_grad\(y, w, X, lambda_\):/m);
  });

  it('the statements form has no function around it and the adjoint form has a backward sweep', () => {
    const s = generateTensorCode('sum(tanh(W*x + b))', { target: 'numpy', form: 'statements', style: 'adjoint', shapes: { W: ['m', 'n'], x: ['n'], b: ['m'] } });
    assert.doesNotMatch(s.code, /def /);
    assert.match(s.code, /_bar = /);
    assert.equal(s.functionName, undefined);
  });

  it('names no user text in comments', () => {
    const r = generateTensorCode('sum(exp(x))', { target: 'matlab', shapes: { x: ['n'] }, name: 'evil\nname', output: '*/ bad' });
    assert.match(r.code, /function \[f, grad_x\] = f_grad\(x\)/);
    assert.doesNotMatch(r.code, /evil|bad/);
  });
});
