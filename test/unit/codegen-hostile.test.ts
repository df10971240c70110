/**
 * Hostile names and comments through every code-generation target, compiled and run where the toolchain is
 * installed (the same runners as the codegen corpus): keywords of each target, `$a` and `_a` (which meet after
 * mapping), `__proto__`, Greek and mathematical letters (Python reads `𝑥` as `x`), 70-letter names (MATLAB keeps 63),
 * and selections whose comments hold a Java Unicode escape, a C line splice, a trigraph, a coding declaration,
 * a bidi override and line separators. The header comment stays on; each function must compile, agree with the
 * engine to 1e-10, and print nothing but its numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel, choosePoint, diff, evaluate, type Model } from '../../src/core';
import { generate, TARGETS, type CodegenStyle, type TargetId } from '../../src/core/codegen';
import { isIdentifier } from '../../src/core/codegen/names';
import { commentText, TARGET_TABLE } from '../../src/core/codegen/targets';
import { main } from '../../src/cli/main';
import { relErr, TOL } from '../codegen/check';
import { toolchain, type Batch } from '../codegen/runners';

const LONG = 'a'.repeat(70);
/** Selections (language, text) whose names or comments are hostile somewhere. */
export const HOSTILE_SOURCES: { language?: string; source: string }[] = [
  { language: 'javascript', source: 'r = __proto__*$a + _a*constructor + θ*θ*toString' },
  { source: 'def*int + end*function + sin(fn*static) + lambda*let' },
  { source: 'var*new + class*func + i*j + ans*self + Self*nil + None*double + float*print + printf*NAN + String*System' },
  { source: 'go*range + match*yield + where*impl + mut*abstract + elseif*persistent + g*H + _*2 + __*3' },
  { source: `${LONG}x * ${LONG}y + ${LONG}x` },
  { source: 'r = θ*x + x2 + 𝑥*x' },
  { language: 'python', source: 'f = x**2 * y  # \\u000a static { System.out.println("INJECTED"); } // ??/ \\\n' },
  { language: 'python', source: 'f = x*y  # -*- coding: rot13 -*- \u202e }; evil(); { \u2028 next */ \\u000d\nz = f + 1  # trailing \\\n' },
];

const STYLES: CodegenStyle[] = ['closed', 'adjoint', 'hessian'];

interface Ref { model: Model; args: number[]; expected: Map<CodegenStyle, number[]> }

function reference(language: string | undefined, source: string): Ref {
  const model = buildModel({ source, language });
  const g = model.graph;
  const out = model.outputs[model.outputs.length - 1].node;
  const X = model.inputs.map((v) => g.variable(v));
  const grad = diff.gradient(g, out, X);
  const H = diff.hessian(g, out, X);
  const { point } = choosePoint(model, {}, [...grad, ...H.flat()]);
  const v = evaluate(g, [out, ...grad, ...H.flat()], point);
  const gv = [v[out], ...grad.map((n) => v[n])];
  return {
    model,
    args: [...model.inputs, ...model.constants].map((n) => point[n]),
    expected: new Map([['closed', gv], ['adjoint', gv], ['hessian', [...gv, ...H.flat().map((n) => v[n])]]]),
  };
}

const refs = HOSTILE_SOURCES.map((s) => reference(s.language, s.source));

function batch(target: TargetId): Batch {
  const b: Batch = { cases: [], imports: [], helpers: [] };
  refs.forEach((ref, i) => {
    for (const style of STYLES) {
      const r = generate(ref.model, { target, style, form: 'function', name: `h${i}_${style}` });
      b.imports.push(...r.imports);
      b.helpers.push(...r.helpers);
      b.cases.push({ id: `${i}:${style}`, code: r.body, fn: r.functionName!, args: ref.args, n: ref.model.inputs.length, hessian: style === 'hessian' });
    }
  });
  return b;
}

const COMMENT: Record<string, string> = { python: '#', numpy: '#', pytorch: '#', julia: '#', matlab: '%' };

describe('generated code cannot be hijacked by names or comments', () => {
  for (const target of TARGETS.filter((t) => t !== 'latex')) {
    it(`${target}: every name is a legal non-reserved identifier, every comment one safe line`, () => {
      const t = TARGET_TABLE[target];
      for (const ref of refs) {
        for (const style of STYLES) {
          for (const form of ['function', 'statements'] as const) {
            const r = generate(ref.model, { target, style, form });
            const names = [...r.resultNames, ...(r.parameters ?? []), ...(r.functionName ? [r.functionName] : [])];
            for (const n of names) assert.ok(isIdentifier(n, t.identifier) && !t.reserved.has(n), `${target}: '${n}' in\n${r.code}`);
            assert.equal(new Set(r.parameters ?? []).size, (r.parameters ?? []).length, 'two parameters got the same name');
            assert.equal(new Set(r.resultNames).size, r.resultNames.length, 'two results got the same name');
            const lead = COMMENT[target] ?? '//';
            for (const line of r.code.split('\n')) {
              if (!line.trimStart().startsWith(lead)) continue;
              assert.doesNotMatch(line, /[\r\u2028\u2029\u0085\u202a-\u202e\u2066-\u2069]/, `${target}: a line break or bidi control in a comment`);
              if (target === 'java') assert.doesNotMatch(line, /(^|[^\\])(\\\\)*\\u+[0-9a-fA-F]{4}/, `java: a live Unicode escape in ${line}`);
              if (target === 'c' || target === 'cpp') assert.doesNotMatch(line, /(\\|\?\?\/)\s*$/, `${target}: a line splice in ${line}`);
              if (COMMENT[target] === '#' && target !== 'julia') assert.doesNotMatch(line, /coding[:=]/);
            }
          }
        }
      }
    });

    const tc = toolchain(target);
    it(`${target}: hostile names and comments compile, run and agree with the engine`, { skip: tc.missing }, () => {
      const b = batch(target);
      const run = tc.run(b);
      assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error}\n(program kept in ${run.dir})`);
      const failures: string[] = [];
      for (const c of b.cases) {
        const [i, style] = c.id.split(':');
        const want = refs[Number(i)].expected.get(style as CodegenStyle)!;
        const got = run.values.get(c.id);
        if (!got || got.length !== want.length) { failures.push(`${c.id}: got ${JSON.stringify(got)}`); continue; }
        const scale = Math.max(...want.map((w) => (Number.isFinite(w) ? Math.abs(w) : 0)));
        want.forEach((w, k) => { if (!(relErr(got[k], w, scale) <= TOL)) failures.push(`${c.id}[${k}]: ${got[k]} vs ${w}`); });
      }
      assert.deepEqual(failures, []);
      assert.ok(![...run.values.keys()].some((k) => /INJECTED|evil/.test(k)), 'a comment ran as code');
      assert.equal(run.values.size, b.cases.length, `unexpected output lines: ${[...run.values.keys()].join(' ')}`);
    });
  }

  it('LaTeX: names with TeX specials are escaped in the left-hand sides', () => {
    const model = buildModel({ source: 'f = $a*b + a_b', language: 'javascript' });
    const r = generate(model, { target: 'latex' });
    assert.match(r.code, /\\partial \\mathrm\{\\\$a\}/);
  });

  it('commentText: each rule, one line, nothing lost but the hazard', () => {
    assert.equal(commentText('a\nb\r\nc\u2028d', 'javascript'), 'a b c d');
    assert.equal(commentText('x \\u000a y', 'java'), 'x \\\\u000a y');
    assert.equal(commentText('\\\\u000a', 'java'), '\\\\\\\\u000a'); // an even run stays even: still no escape
    assert.equal(commentText('end \\', 'c'), 'end');
    assert.equal(commentText('tri ??/', 'cpp'), 'tri ? ?/');
    assert.equal(commentText('coding: latin-1', 'python'), 'coding : latin-1');
    assert.equal(commentText('bidi \u202e x', 'rust'), 'bidi \\u202e x');
  });
});

describe('--name must be an identifier of the target', () => {
  const run = (argv: string[]) => {
    let out = '';
    const code = main(argv, { stdout: (s) => { out += s; }, readFile: () => '', readStdin: () => '' });
    return { code, out };
  };
  const bad: [TargetId, string][] = [
    ['python', 'a(): pass\nimport os\ndef b'], ['python', 'def'], ['python', 'lambda'], ['javascript', 'function'], ['typescript', 'x; alert(1)'],
    ['c', 'int'], ['c', '$f'], ['cpp', 'class'], ['rust', 'fn'], ['go', 'func'], ['java', 'static'], ['java', 'a\\u0028'],
    ['julia', 'end'], ['matlab', '_f'], ['matlab', 'x'.repeat(80)], ['numpy', '1abc'], ['pytorch', ''],
  ];
  for (const [target, name] of bad) {
    it(`${target} --name ${JSON.stringify(name.slice(0, 20))}: exit 2 with a clear, bounded message`, () => {
      const r = run(['codegen', 'x^2*y', '--target', target, '--form', 'function', '--name', name]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /not an identifier|cannot be used/);
      assert.ok(r.out.length < 400, r.out);
      assert.equal(r.out.trimEnd().split('\n').length, 1, 'the name is shown on one line (its line breaks escaped)');
    });
  }

  it('a legal name is used as given (in the target style)', () => {
    for (const [target, fn] of [['python', 'my_fn_grad'], ['javascript', 'my_fnGrad'], ['go', 'My_fnGrad'], ['matlab', 'my_fn_grad']] as const) {
      const r = run(['codegen', 'x^2*y', '--target', target, '--form', 'function', '--name', 'my_fn', '--json']);
      assert.equal(r.code, 0, r.out);
      assert.equal(JSON.parse(r.out).functionName, fn);
    }
  });
});
