/**
 * Generated gradient code, compiled and run for real in every language whose toolchain is installed
 * (.ci/setup-codegen.sh installs them in CI): value, gradient and Hessian must match the engine to 1e-10.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildModel, choosePoint, diff, evaluate } from '../../src/core';
import { generate, translateProgram, type CodegenForm, type CodegenStyle, type TargetId } from '../../src/core/codegen';
import { CORPUS } from '../codegen/corpus';
import { toolchain, type Batch } from '../codegen/runners';

const TOL = 1e-10;
const RUN_TARGETS: TargetId[] = ['python', 'numpy', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'matlab'];
const STYLES: CodegenStyle[] = ['closed', 'adjoint', 'hessian'];

interface Reference {
  args: number[];
  expected: Map<CodegenStyle, number[]>;
}

/** The engine's value, gradient and Hessian at its own default point, per corpus entry. */
const models = () => CORPUS.map(({ source, wrt }) => buildModel({ source, wrt }));
const references: Reference[] = models().map((model) => {
  const g = model.graph;
  const out = model.outputs[model.outputs.length - 1].node;
  const X = model.inputs.map((v) => g.variable(v));
  const grad = diff.gradient(g, out, X);
  const H = diff.hessian(g, out, X);
  const { point } = choosePoint(model, {}, [...grad, ...H.flat()]);
  const v = evaluate(g, [out, ...grad, ...H.flat()], point);
  const gradVals = [v[out], ...grad.map((n) => v[n])];
  return {
    args: [...model.inputs, ...model.constants].map((name) => point[name]),
    expected: new Map<CodegenStyle, number[]>([['closed', gradVals], ['adjoint', gradVals], ['hessian', [...gradVals, ...H.flat().map((n) => v[n])]]]),
  };
});

/**
 * Relative error; an entry that is zero up to cancellation (|want| below 1e-6 of the case's largest entry)
 * is measured against that 1e-6 scale instead, since round-off decides its sign and size.
 */
function relErr(got: number, want: number, scale: number): number {
  if (Object.is(got, want) || got === want || (Number.isNaN(got) && Number.isNaN(want))) return 0;
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-6 * scale, 1e-300);
}

function functionBatch(target: TargetId): Batch {
  const batch: Batch = { cases: [], imports: [], helpers: [] };
  models().forEach((model, i) => {
    for (const style of STYLES) {
      const r = generate(model, { target, style, form: 'function', name: `c${i}_${style}`, comment: false });
      batch.imports.push(...r.imports);
      batch.helpers.push(...r.helpers);
      batch.cases.push({ id: `${i}:${style}`, code: r.body, fn: r.functionName!, args: references[i].args, n: model.inputs.length, hessian: style === 'hessian' });
    }
  });
  return batch;
}

/** Statements form: wrapped by the test in a function whose body first runs the user's own program (the variables in scope). */
function statementsBatch(target: 'python' | 'javascript' | 'c'): Batch {
  // The user's own program (translated) may leave values the statements do not read.
  const batch: Batch = { cases: [], imports: [], helpers: [], lenient: true };
  const unit = target === 'python' ? '    ' : '  ';
  models().forEach((model, i) => {
    const source = CORPUS[i].source;
    const params = [...model.inputs, ...model.constants];
    const multiLine = model.program.assignments.length > 1 || /^\s*\w+\s*=[^=]/.test(source);
    for (const style of ['closed', 'adjoint'] as CodegenStyle[]) {
      const form: CodegenForm = 'statements';
      const r = generate(model, { target, style, form, indent: unit });
      batch.imports.push(...r.imports);
      batch.helpers.push(...r.helpers);
      const scope = multiLine ? translateProgram(model, { target, indent: unit }) : '';
      const results = r.resultNames.slice(-model.inputs.length);
      const name = `s${i}_${style}`;
      const n = model.inputs.length;
      let code: string;
      if (target === 'python') code = [`def ${name}(${params.join(', ')}):`, scope, r.code, `${unit}return (0.0, (${results.join(', ')},))`].filter(Boolean).join('\n');
      else if (target === 'javascript') code = [`function ${name}(${params.join(', ')}) {`, scope, r.code, `${unit}return [0, [${results.join(', ')}]];`, '}'].filter(Boolean).join('\n');
      else code = [`double ${name}(${[...params.map((p) => `double ${p}`), `double grad[${Math.max(n, 1)}]`].join(', ')}) {`, scope, r.code,
        ...results.map((res, k) => `${unit}grad[${k}] = ${res};`), `${unit}return 0.0;`, '}'].filter(Boolean).join('\n');
      batch.cases.push({ id: `${i}:${style}`, code, fn: name, args: references[i].args, n, hessian: false });
    }
  });
  return batch;
}

function check(target: string, batch: Batch, skipValue = false): void {
  const tc = toolchain(target);
  const run = tc.run(batch);
  assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error}\n(program kept in ${run.dir})`);
  const failures: string[] = [];
  let worst = 0;
  let worstAt = '';
  for (const c of batch.cases) {
    const [idx, style] = c.id.split(':');
    const want = references[Number(idx)].expected.get(style as CodegenStyle)!;
    const got = run.values.get(c.id);
    if (!got) { failures.push(`${c.id}: no output`); continue; }
    if (got.length !== want.length) { failures.push(`${c.id}: ${got.length} numbers, expected ${want.length}`); continue; }
    const scale = Math.max(...want.map((w) => (Number.isFinite(w) ? Math.abs(w) : 0)));
    want.forEach((w, k) => {
      if (skipValue && k === 0) return;
      const e = relErr(got[k], w, scale);
      if (e > worst) { worst = e; worstAt = `${c.id}[${k}]`; }
      if (!(e <= TOL)) failures.push(`${c.id} [${k}] (${JSON.stringify(CORPUS[Number(idx)].source)}): got ${got[k]}, engine ${w}, rel err ${e.toExponential(2)}`);
    });
  }
  assert.deepEqual(failures, [], `${target}: ${failures.length} mismatches (program in ${run.dir})\n${failures.slice(0, 30).join('\n')}`);
  assert.ok(batch.cases.length >= CORPUS.length * 2);
  console.log(`# codegen ${target}: ${batch.cases.length} generated functions agree with the engine (max rel err ${worst.toExponential(2)} at ${worstAt})`);
}

test(`the corpus has at least 50 expressions, single- and multi-line`, () => {
  assert.ok(CORPUS.length >= 50);
  assert.ok(CORPUS.filter((c) => c.source.includes('\n')).length >= 8);
});

describe('generated code runs and agrees with the engine (function form, closed + adjoint + Hessian)', () => {
  for (const target of RUN_TARGETS) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      check(target, functionBatch(target));
    });
    if (tc.missing) console.log(`# codegen: SKIPPING ${target}: ${tc.missing}`);
  }
});

describe('statements form runs with the user\'s variables in scope', () => {
  for (const target of ['python', 'javascript', 'c'] as const) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      check(target, statementsBatch(target), true);
    });
  }
});
