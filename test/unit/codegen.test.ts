/**
 * Generated gradient code, compiled and run for real in every language whose toolchain is installed
 * (.ci/setup-codegen.sh installs them in CI): value, gradient and Hessian must match the engine to 1e-10.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, translateProgram, type CodegenForm, type CodegenStyle, type TargetId } from '../../src/core/codegen';
import { check, functionBatch, references } from '../codegen/check';
import { CORPUS } from '../codegen/corpus';
import { toolchain, type Batch } from '../codegen/runners';

const RUN_TARGETS: TargetId[] = ['python', 'numpy', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'matlab'];
const refs = references(CORPUS);

/** Statements form: wrapped by the test in a function whose body first runs the user's own program (the variables in scope). */
function statementsBatch(target: 'python' | 'javascript' | 'c'): Batch {
  // The user's own program (translated) may leave values the statements do not read.
  const batch: Batch = { cases: [], imports: [], helpers: [], lenient: true };
  const unit = target === 'python' ? '    ' : '  ';
  refs.forEach(({ model, source, args }, i) => {
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
      batch.cases.push({ id: `${i}:${style}`, code, fn: name, args, n, hessian: false });
    }
  });
  return batch;
}

test(`the corpus has at least 50 expressions, single- and multi-line`, () => {
  assert.ok(CORPUS.length >= 50);
  assert.ok(CORPUS.filter((c) => c.source.includes('\n')).length >= 8);
});

describe('generated code runs and agrees with the engine (function form, closed + adjoint + Hessian)', () => {
  for (const target of RUN_TARGETS) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      check(target, refs, functionBatch(target, refs));
    });
    if (tc.missing) console.log(`# codegen: SKIPPING ${target}: ${tc.missing}`);
  }
});

describe('statements form runs with the user\'s variables in scope', () => {
  for (const target of ['python', 'javascript', 'c'] as const) {
    const tc = toolchain(target);
    test(target, { skip: tc.missing ? `SKIPPED ${target}: toolchain absent (${tc.missing})` : false, timeout: 600_000 }, () => {
      check(target, refs, statementsBatch(target), true);
    });
  }
});
