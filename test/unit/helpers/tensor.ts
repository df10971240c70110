/** What the tensor engine's unit tests share: flattening values, comparing entries, analysing with checks, errors. */
import assert from 'node:assert/strict';
import { PartialsError } from '../../../src/core/errors';
import { analyzeTensor, type Nested, type TensorLanguage, type TensorPoint } from '../../../src/core/tensor';

export const flat = (v: Nested | undefined): number[] => (v === undefined ? [] : Array.isArray(v) ? v.flatMap(flat) : [v]);

/** Entry by entry within a relative tolerance (absolute below 1). */
export function close(actual: number[], expected: number[], tol = 1e-9): void {
  assert.equal(actual.length, expected.length, `lengths ${actual.length} ≠ ${expected.length}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `entry ${i}: ${a} ≠ ${expected[i]}`));
}

/** analyzeTensor at a point, with the numeric checks. */
export function analyze(src: string, at: TensorPoint, language: TensorLanguage = 'numpy') {
  return analyzeTensor(src, { at, language, check: true });
}

export function partial(a: ReturnType<typeof analyze>, wrt: string) {
  const p = a.partials.find((q) => q.wrt === wrt);
  assert.ok(p, `no partial for ${wrt}`);
  return p;
}

/** The PartialsError f throws (the test fails when it throws something else, or nothing). */
export function errorOf(f: () => unknown): PartialsError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PartialsError, `expected a PartialsError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}
