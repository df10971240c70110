/**
 * Fuzz classes of issue #16 (hostile input), shared by test/unit/fuzz.test.ts (fixed seeds, small counts),
 * `npm run fuzz` and the "Robustness" section of `npm run bench`:
 *   - hostile names through every code-generation target (static checks per case; `compileSample` compiles and
 *     runs a sample in every installed toolchain);
 *   - names of Object.prototype as variables (the same answers as plain names, check and claims included);
 *   - long tokens at the CLI (a bounded message);
 *   - deep nesting at the CLI (exit 0 or 2 with a JSON error, never a crash).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { main } from '../src/cli/main';
import { buildModel, choosePoint, diff, evaluate, inspect } from '../src/core';
import { check } from '../src/core/check';
import { generate, TARGETS, type TargetId } from '../src/core/codegen';
import { isIdentifier } from '../src/core/codegen/names';
import { TARGET_TABLE } from '../src/core/codegen/targets';
import { relErr, TOL } from '../test/codegen/check';
import { toolchain, type Batch } from '../test/codegen/runners';

// ---- hostile names through every target -----------------------------------------------------------------

/** Keywords and built-in names of the 12 code targets, prototype names, `$` and underscore names, Greek, long names. */
const NAME_POOL = [
  'def', 'lambda', 'None', 'True', 'yield', 'import', 'np', 'math', 'torch', 'F', 'abs', 'round', 'int', 'double', 'float', 'char', 'main',
  'grad', 'hess', 'class', 'new', 'delete', 'this', 'template', 'namespace', 'fn', 'let', 'mut', 'impl', 'Self', 'self', 'Some', 'Ok',
  'func', 'go', 'range', 'nil', 'chan', 'defer', 'static', 'final', 'var', 'record', 'String', 'System', 'end', 'function', 'elseif',
  'local', 'module', 'i', 'j', 'ans', 'eps', 'g', 'H', 'function', 'const', 'debugger', 'typeof', 'arguments', 'undefined', 'NaN',
  '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '$a', '$', '_a', '_', '__', 'a$b', 'θ', 'α', 'λ', 'μ',
  'x1', 'x_1', 'd', 'dx', 'df_dx', 't0', 't1', 'x_bar', 'f', 'r', `${'a'.repeat(70)}`, `${'a'.repeat(70)}b`, 'M_PI', 'NAN', 'ifElse', '_erf',
];

/** A sum of products over 2–5 distinct hostile names: `def*int + sin(fn)*static + …` (mathjs syntax). */
export const hostileNamesSource: fc.Arbitrary<string> = fc.uniqueArray(fc.constantFrom(...NAME_POOL), { minLength: 2, maxLength: 5 })
  .chain((names) => fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names), fc.constantFrom('', 'sin', 'exp', 'tanh')), { minLength: names.length, maxLength: names.length + 2 })
    .map((terms) => {
      const used = new Set(terms.flatMap(([a, b]) => [a, b]));
      const missing = names.filter((n) => !used.has(n)).map((n) => `${n}*${n}`);
      return [...terms.map(([a, b, f]) => (f ? `${a}*${f}(${b})` : `${a}*${b}`)), ...missing].join(' + ');
    }));

const COMMENT_LEAD: Partial<Record<TargetId, string>> = { python: '#', numpy: '#', pytorch: '#', julia: '#', matlab: '%' };

/** Every name in the generated code legal, distinct, not reserved; every comment one line without controls. */
export function checkHostileNames(source: string): void {
  let model;
  try {
    model = buildModel({ source });
  } catch {
    return; // a name mathjs itself refuses (`end`, `i` as a unit…) never reaches code generation
  }
  if (!model.inputs.length) return;
  for (const target of TARGETS) {
    if (target === 'latex') continue;
    const t = TARGET_TABLE[target];
    for (const style of ['closed', 'adjoint', 'hessian'] as const) {
      for (const form of ['function', 'statements'] as const) {
        const r = generate(model, { target, style, form });
        const names = [...r.resultNames, ...(r.parameters ?? []), ...(r.functionName ? [r.functionName] : [])];
        for (const n of names) assert.ok(isIdentifier(n, t.identifier) && !t.reserved.has(n), `${target} ${style} ${form}: '${n}' for ${source}`);
        assert.equal(new Set(r.parameters ?? []).size, (r.parameters ?? []).length, `${target}: parameters collide for ${source}`);
        assert.equal(new Set(r.resultNames).size, r.resultNames.length, `${target}: results collide for ${source}`);
        const lead = COMMENT_LEAD[target] ?? '//';
        for (const line of r.code.split('\n')) {
          if (line.trimStart().startsWith(lead)) assert.doesNotMatch(line, /[\r\u2028\u2029\u0085\p{Cf}]/u, `${target}: comment for ${source}`);
        }
      }
    }
  }
}

/**
 * Compiles and runs the function form of `sources` in every installed toolchain, comparing value, gradient and
 * Hessian with the engine (1e-10). Returns the number of generated functions run, per target.
 */
export function compileSample(sources: readonly string[]): Map<string, number> {
  const refs = sources.flatMap((source) => {
    try {
      const model = buildModel({ source });
      if (!model.inputs.length) return [];
      const g = model.graph;
      const out = model.outputs[model.outputs.length - 1].node;
      const X = model.inputs.map((v) => g.variable(v));
      const grad = diff.gradient(g, out, X);
      const H = diff.hessian(g, out, X);
      const { point } = choosePoint(model, {}, [...grad, ...H.flat()]);
      const v = evaluate(g, [out, ...grad, ...H.flat()], point);
      return [{ source, model, args: [...model.inputs, ...model.constants].map((n) => point[n]), want: [v[out], ...grad.map((n) => v[n]), ...H.flat().map((n) => v[n])] }];
    } catch {
      return [];
    }
  });
  const ran = new Map<string, number>();
  for (const target of TARGETS) {
    if (target === 'latex') continue;
    const tc = toolchain(target);
    if (tc.missing) continue;
    const batch: Batch = { cases: [], imports: [], helpers: [] };
    refs.forEach((ref, i) => {
      const r = generate(ref.model, { target, style: 'hessian', form: 'function', name: `fz${i}` });
      batch.imports.push(...r.imports);
      batch.helpers.push(...r.helpers);
      batch.cases.push({ id: `${i}`, code: r.body, fn: r.functionName!, args: ref.args, n: ref.model.inputs.length, hessian: true });
    });
    const run = tc.run(batch);
    assert.ok(run.ok, run.ok ? '' : `${target}: ${run.error.slice(0, 2000)}`);
    refs.forEach((ref, i) => {
      const got = run.values.get(`${i}`);
      assert.ok(got && got.length === ref.want.length, `${target}: ${ref.source}: ${JSON.stringify(got)}`);
      const scale = Math.max(...ref.want.map((w) => (Number.isFinite(w) ? Math.abs(w) : 0)));
      ref.want.forEach((w, k) => assert.ok(relErr(got[k], w, scale) <= TOL, `${target}: ${ref.source} [${k}]: ${got[k]} vs ${w}`));
    });
    ran.set(target, refs.length);
  }
  return ran;
}

// ---- prototype names as variables -----------------------------------------------------------------------

const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'];

/** A random smooth expression in x, y, z and a renaming of x, y, z to prototype names. */
export const protoCase = fc.tuple(
  fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof({ depthSize: 'small' },
      fc.constantFrom('x', 'y', 'z', '2', '0.5'),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(fc.constantFrom('sin', 'exp', 'tanh', 'atan'), tie('e')).map(([f, a]) => `${f}(${a})`),
      tie('e').map((a) => `(${a})^2`)),
  })).e,
  fc.shuffledSubarray(PROTO, { minLength: 3, maxLength: 3 }),
);

const rename = (s: string, to: string[]) => s.replace(/\b[xyz]\b/g, (v) => to['xyz'.indexOf(v)]);

/** Prototype names give exactly the answers plain names give: values, partials, every check method, claims. */
export function checkProtoNames(expr: string, to: string[]): void {
  const at = { x: 0.7, y: 1.3, z: -0.4 };
  const protoAt: Record<string, number> = {};
  for (const [k, v] of Object.entries(at)) Object.defineProperty(protoAt, to['xyz'.indexOf(k)], { value: v, enumerable: true });
  const plain = inspect({ source: expr, at });
  const named = inspect({ source: rename(expr, to), at: protoAt });
  assert.deepEqual(named.partials.map((p) => p.value), plain.partials.map((p) => p.value));
  assert.deepEqual(named.values, plain.values);
  const claims = plain.partials.map((p) => `df/d${p.wrt} = ${p.expr}`);
  const c1 = check({ source: expr, at, claims });
  const c2 = check({ source: rename(expr, to), at: protoAt, claims: plain.partials.map((p) => `df/d${rename(p.wrt, to)} = ${rename(p.expr, to)}`) });
  assert.deepEqual(c2.partials.map((p) => [p.verdict, p.methods.reverseAD.value]), c1.partials.map((p) => [p.verdict, p.methods.reverseAD.value]));
  assert.deepEqual(c2.claims.map((c) => c.result), c1.claims.map((c) => c.result));
  assert.equal(c2.ok, c1.ok);
}

// ---- long tokens and deep nesting at the CLI ------------------------------------------------------------

function runCliJson(argv: string[], stdin = ''): { code: number; out: { error?: { message: string } } } {
  let out = '';
  const code = main(argv, { stdout: (s) => { out += s; }, readFile: () => '', readStdin: () => stdin });
  return { code, out: JSON.parse(out) };
}

/** A token of 1 000–`max` characters somewhere in a command line. */
export const longTokenCase = (max = 60_000) => fc.tuple(
  fc.integer({ min: 1000, max }),
  fc.constantFrom('q', '9', 'ж', '$', '\\', '_', '"'),
  fc.constantFrom('expr', 'call', 'point', 'wrt', 'claim', 'target', 'option', 'latex', 'python'),
);

/** The CLI answers with exit 0, or exit 2 and a message that repeats at most ~80 characters of the token. */
export function checkLongToken(n: number, ch: string, where: string): void {
  const tok = ch.repeat(n);
  const argv: Record<string, string[]> = {
    expr: ['inspect', `x + ${tok}`], call: ['inspect', `${tok}(x)`], point: ['inspect', 'x', '--at', `x=${tok}`], wrt: ['inspect', 'x', '--wrt', tok],
    claim: ['check', 'x^2', '--claim', `df/dx = ${tok}`], target: ['codegen', 'x', '--target', tok], option: ['inspect', 'x', `--${tok}`],
    latex: ['inspect', `\\frac{${tok}}{x}`, '--lang', 'latex'], python: ['inspect', `y = x * ${tok}`, '--lang', 'python'],
  };
  const r = runCliJson([...argv[where], '--json']);
  if (r.code === 0) return;
  assert.equal(r.code, 2);
  const m = r.out.error!.message;
  assert.ok(m.length <= 700, `${where}: a ${m.length}-character message`);
  assert.ok(!m.includes(ch.repeat(100)), `${where}: the token is repeated in the message`);
}

/** Nesting 1–`max` deep of one construct, at the CLI. */
export const deepCase = (max = 20_000) => fc.tuple(fc.integer({ min: 1, max }), fc.constantFrom('paren', 'sin', 'minus', 'pow', 'bracket', 'latex', 'python'));

export function checkDeep(depth: number, kind: string): void {
  const src: Record<string, () => [string, string?]> = {
    paren: () => [`${'('.repeat(depth)}x${')'.repeat(depth)}`], sin: () => [`${'sin('.repeat(depth)}x${')'.repeat(depth)}`],
    minus: () => [`${'-'.repeat(depth)}x`], pow: () => [Array(Math.min(depth, 5000)).fill('x').join('^')],
    bracket: () => [`${'['.repeat(depth)}x${']'.repeat(depth)}`], latex: () => [`${'\\sqrt{'.repeat(depth)}x${'}'.repeat(depth)}`, 'latex'],
    python: () => [`y = ${'(1 + '.repeat(depth)}x${')'.repeat(depth)}`, 'python'],
  };
  const [text, lang] = src[kind]();
  const r = runCliJson(['inspect', '-', ...(lang ? ['--lang', lang] : []), '--json'], text);
  assert.ok(r.code === 0 || r.code === 2, `exit ${r.code}`);
  if (r.code === 2) assert.ok(r.out.error!.message.length <= 700);
}
