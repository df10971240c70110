/**
 * Shared by the code-generation tests: the engine's reference values for a list of expressions, batches of
 * generated functions, and the comparison (value, gradient, Hessian; relative error ≤ 1e-10).
 */
import assert from 'node:assert/strict';
import { buildModel, choosePoint, diff, evaluate, type Model } from '../../src/core';
import { generate, type CodegenStyle, type TargetId } from '../../src/core/codegen';
import type { CorpusEntry } from './corpus';
import { toolchain, type Batch } from './runners';

export const TOL = 1e-10;
export const STYLES: CodegenStyle[] = ['closed', 'adjoint', 'hessian'];

export interface Reference {
  source: string;
  model: Model;
  args: number[];
  expected: Map<CodegenStyle, number[]>;
}

/** The engine's value, gradient and Hessian at its own default point. */
export function references(entries: CorpusEntry[]): Reference[] {
  return entries.map(({ source, wrt }) => {
    const model = buildModel({ source, wrt });
    const g = model.graph;
    const out = model.outputs[model.outputs.length - 1].node;
    const X = model.inputs.map((v) => g.variable(v));
    const grad = diff.gradient(g, out, X);
    const H = diff.hessian(g, out, X);
    const { point } = choosePoint(model, {}, [...grad, ...H.flat()]);
    const v = evaluate(g, [out, ...grad, ...H.flat()], point);
    const gradVals = [v[out], ...grad.map((n) => v[n])];
    return {
      source,
      model,
      args: [...model.inputs, ...model.constants].map((name) => point[name]),
      expected: new Map<CodegenStyle, number[]>([['closed', gradVals], ['adjoint', gradVals], ['hessian', [...gradVals, ...H.flat().map((n) => v[n])]]]),
    };
  });
}

/**
 * Relative error; an entry that is zero up to cancellation (|want| below 1e-6 of the case's largest entry)
 * is measured against that 1e-6 scale instead, since round-off decides its sign and size.
 */
export function relErr(got: number, want: number, scale: number): number {
  if (Object.is(got, want) || got === want || (Number.isNaN(got) && Number.isNaN(want))) return 0;
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-6 * scale, 1e-300);
}

/** One generated function per reference and style (function form), ids `<index>:<style>`. */
export function functionBatch(target: TargetId, refs: Reference[], styles = STYLES): Batch {
  const batch: Batch = { cases: [], imports: [], helpers: [] };
  refs.forEach((ref, i) => {
    for (const style of styles) {
      const r = generate(ref.model, { target, style, form: 'function', name: `c${i}_${style}`, comment: false });
      batch.imports.push(...r.imports);
      batch.helpers.push(...r.helpers);
      batch.cases.push({ id: `${i}:${style}`, code: r.body, fn: r.functionName!, args: ref.args, n: ref.model.inputs.length, hessian: style === 'hessian' });
    }
  });
  return batch;
}

/** Runs the batch and asserts every number matches the engine; prints the worst error. */
export function check(target: string, refs: Reference[], batch: Batch, skipValue = false): void {
  const run = toolchain(target).run(batch);
  assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error}\n(program kept in ${run.dir})`);
  const failures: string[] = [];
  let worst = 0;
  let worstAt = '';
  for (const c of batch.cases) {
    const [idx, style] = c.id.split(':');
    const ref = refs[Number(idx)];
    const want = ref.expected.get(style as CodegenStyle)!;
    const got = run.values.get(c.id);
    if (!got) { failures.push(`${c.id}: no output`); continue; }
    if (got.length !== want.length) { failures.push(`${c.id}: ${got.length} numbers, expected ${want.length}`); continue; }
    const scale = Math.max(...want.map((w) => (Number.isFinite(w) ? Math.abs(w) : 0)));
    want.forEach((w, k) => {
      if (skipValue && k === 0) return;
      const e = relErr(got[k], w, scale);
      if (e > worst) { worst = e; worstAt = `${c.id}[${k}]`; }
      if (!(e <= TOL)) failures.push(`${c.id} [${k}] (${JSON.stringify(ref.source)}): got ${got[k]}, engine ${w}, rel err ${e.toExponential(2)}`);
    });
  }
  assert.deepEqual(failures, [], `${target}: ${failures.length} mismatches (program in ${run.dir})\n${failures.slice(0, 30).join('\n')}`);
  console.log(`# codegen ${target}: ${batch.cases.length} generated functions agree with the engine (max rel err ${worst.toExponential(2)} at ${worstAt})`);
}
