/**
 * Generators and properties for hardening, shared by the CI property tests (test/unit/fuzz.test.ts, a few
 * thousand cases with fixed seeds) and `npm run fuzz` (bench/fuzz.ts, 100 000 cases).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import katex from 'katex';
import { all, create } from 'mathjs';
import { buildModel, inspect, PartialsError } from '../src/core';
import { close, riddersDerivative } from '../test/unit/helpers/numeric';

// ---- valid expressions ------------------------------------------------------------------------------

/**
 * Random smooth expressions over x, y, z, well-defined on [0.5, 1.5]^3: every function of the table in a form
 * that keeps its argument inside the domain (acosh(1.5 + u^2), atanh(0.5 tanh u), …), plus implicit
 * multiplication, scientific literals, constants and (rarely) branches and kinks.
 */
export const validExpression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const e = tie('e');
  const unary = (f: (a: string) => string) => e.map(f);
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x', 'y', 'z', 'x', 'y', 'z', '2', '0.5', '3', 'pi', 'e', '1.5e-1', '2.5E0'),
      fc.tuple(e, fc.constantFrom(' + ', ' - ', ' * ', ' * '), e).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(e, e).map(([a, b]) => `(${a}) / (2 + (${b})^2)`),
      fc.tuple(fc.constantFrom('2', '3', '0.5'), fc.constantFrom('x', 'y', 'z')).map(([k, v]) => `${k}${v}`), // implicit multiplication
      // powers of a bounded base: nested powers of unbounded ones reach 10¹⁰⁰ and make sin(·) of them ill-conditioned
      fc.tuple(e, fc.constantFrom('2', '3', '-1', '0.5', '1.5')).map(([a, k]) => `(1 + tanh(${a})^2)^${k.startsWith('-') ? `(${k})` : k}`),
      fc.tuple(e, fc.constantFrom('2', '3')).map(([a, k]) => `(${a})^${k}`),
      fc.tuple(e, e).map(([a, b]) => `(1 + (${a})^2)^(tanh(${b}))`),
      unary((a) => `-(${a})`),
      fc.tuple(fc.constantFrom('sin', 'cos', 'atan', 'tanh', 'erf', 'sigmoid', 'softplus', 'gelu', 'asinh', 'sinh', 'cosh', 'expm1'), e)
        .map(([f, a]) => (f === 'sinh' || f === 'cosh' || f === 'expm1' ? `${f}(tanh(${a}))` : `${f}(${a})`)),
      unary((a) => `tan(0.5*tanh(${a}))`),
      unary((a) => `sec(0.5*tanh(${a}))`),
      unary((a) => `asin(0.5*tanh(${a}))`),
      unary((a) => `acos(0.5*tanh(${a}))`),
      unary((a) => `atanh(0.5*tanh(${a}))`),
      unary((a) => `acot(1 + (${a})^2)`),
      unary((a) => `acosh(1.5 + (${a})^2)`),
      unary((a) => `exp(tanh(${a}))`),
      fc.tuple(fc.constantFrom('log', 'log2', 'log10', 'sqrt', 'cbrt'), e).map(([f, a]) => `${f}(1 + (${a})^2)`),
      unary((a) => `log1p((${a})^2)`),
      unary((a) => `log(2 + (${a})^2, 3)`),
      unary((a) => `nthRoot(1 + (${a})^2, 3)`),
      fc.tuple(e, e).map(([a, b]) => `atan2(${a}, 2 + (${b})^2)`),
      fc.tuple(e, e).map(([a, b]) => `hypot(${a}, 1 + (${b})^2)`),
      fc.tuple(e, e).map(([a, b]) => `logsumexp(${a}, ${b})`),
      fc.tuple(e, e).map(([a, b]) => `pow(1 + (${a})^2, tanh(${b}))`),
      // kinks and branches: the reference judges only where it is confident (away from the kink)
      unary((a) => `abs(${a})`),
      fc.tuple(e, e).map(([a, b]) => `max(${a}, ${b})`),
      fc.tuple(e, e).map(([a, b]) => `min(${a}, ${b})`),
      fc.tuple(e, e, e).map(([a, b, c]) => `((${a}) > (${b}) ? ${c} : ${b})`),
    ),
  };
}).e;

/** A straight-line program of one to three lines, each using the previous names. */
export const validProgram: fc.Arbitrary<string> = fc.oneof(
  validExpression,
  fc.tuple(validExpression, validExpression).map(([a, b]) => `t1 = ${a}\nt2 = t1 * (${b}) + t1^2\nt2`),
  fc.tuple(validExpression, validExpression, validExpression).map(([a, b, c]) => `a = ${a}\nb = sin(a) + ${b}\nloss = a*b + ${c}`),
);

export const validPoint = fc.record({
  x: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  y: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  z: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
});

/**
 * mathjs with exact comparisons. By default mathjs compares with a relative tolerance of 1e-12, so at
 * x = 0.5000000000000001 it reads `x > 0.5` as false where float64 (and Partials) says true, and takes the
 * other branch of a condition.
 */
const exact = create(all, { relTol: 1e-300, absTol: 0 });
const { compile } = exact;
const mathjsEvaluate = exact.evaluate;

/** Functions mathjs lacks, for the independent reference (mathjs calls functions from its scope). */
const ML_SCOPE: Record<string, (...a: number[]) => number> = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  softplus: (x) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0),
  gelu: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  logsumexp: (...xs) => {
    const m = Math.max(...xs);
    return m + Math.log(xs.reduce((s, v) => s + Math.exp(v - m), 0));
  },
};

/** f evaluated by mathjs (not by Partials): the last statement's value. */
export function mathjsFunction(source: string): (point: Record<string, number>) => number {
  const code = compile(source);
  return (point) => {
    const r = code.evaluate({ ...ML_SCOPE, ...point }) as unknown;
    const last = r && typeof r === 'object' && 'entries' in r ? (r as { entries: unknown[] }).entries.at(-1) : r;
    return Number(last);
  };
}

/**
 * For a valid program at a point: every partial agrees with Ridders' derivative of f evaluated by mathjs (where
 * Ridders is confident), its plain text re-parses in mathjs to the same value, its LaTeX renders in KaTeX, and
 * the gradient costs at most 4× the operations of f.
 */
export function checkValid(source: string, point: Record<string, number>): void {
  const r = inspect({ source, at: point });
  const f = mathjsFunction(source);
  const out = r.outputs[r.outputs.length - 1];
  const fx = f(point);
  assert.ok(close(r.values[out], fx, 1e-9, 1e-12), `value of ${source}: ${r.values[out]} vs mathjs ${fx}`);
  for (const p of r.partials) {
    const x0 = point[p.wrt];
    const ref = riddersDerivative((t) => f({ ...point, [p.wrt]: t }), x0, 0.01);
    // Differences of a large f are rounded to its last bit (~1e-16 |f| over steps ≥ ~1e-4): Ridders cannot
    // resolve a small partial then, whatever its own error estimate says.
    const roundoff = 1e-12 * Math.abs(fx);
    const judged = Number.isFinite(ref.value) && ref.error <= 1e-9 * Math.max(1, Math.abs(ref.value)) && roundoff <= 1e-9 * Math.max(1, Math.abs(ref.value));
    if (judged && !(nonSmooth.test(source) && nearKink((t) => f({ ...point, [p.wrt]: t }), x0))) {
      assert.ok(close(p.value, ref.value, 1e-7, 1e-9), `${source} ∂/∂${p.wrt} at ${JSON.stringify(point)}: ${p.value} vs Ridders ${ref.value} (±${ref.error})`);
    }
    const reparsed = mathjsEvaluate(p.expr, { ...point }) as number;
    assert.ok(close(reparsed, p.value, 1e-9, 1e-11), `plain text ${p.expr} evaluates to ${reparsed}, not ${p.value}`);
    assert.doesNotThrow(() => katex.renderToString(p.latex, { throwOnError: true }), `KaTeX rejects ${p.latex}`);
    assert.equal(typeof p.text, 'string');
  }
  const fWork = weightedOps(source);
  assert.ok(r.cost.gradientOps <= 4 * fWork + 4, `${source}: cost ${JSON.stringify(r.cost)}, f work ${fWork}`);
}

const nonSmooth = /\b(abs|min|max)\(|\?/;

/**
 * Is x within a finite-difference step of a kink of g? Central differences straddle it and average the two
 * slopes. Ridders from a wide and from a narrow first step disagree when the kink is between the two; closer
 * than the narrow step, one-sided slopes tell: smooth, their gap shrinks with the step; at a kink it stays.
 */
function nearKink(g: (t: number) => number, x: number): boolean {
  const s = Math.max(1, Math.abs(x));
  const wideRef = riddersDerivative(g, x, 1e-2).value, narrowRef = riddersDerivative(g, x, 1e-5).value;
  if (!close(wideRef, narrowRef, 1e-6, 1e-9)) return true;
  const gap = (h: number) => Math.abs((g(x + h) - g(x)) / h - (g(x) - g(x - h)) / h);
  const wide = gap(1e-5 * s), narrow = gap(1e-8 * s);
  return narrow > 1e-5 * Math.max(1, Math.abs(narrowRef)) && narrow > 0.1 * wide;
}

/**
 * Operations of f where a call counts what evaluating it costs: n for an n-ary call (logsumexp, min, max, hypot …),
 * whose gradient needs a term per argument, and 9 for gelu (0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³)))).
 * `cost.fOps` counts every call as one, which no gradient of such calls can match.
 */
export function weightedOps(source: string): number {
  const m = buildModel({ source });
  const g = m.graph;
  let ops = 0;
  for (const n of g.reachable(m.outputs.map((o) => o.node))) if (g.args[n].length) ops += g.op[n] !== 'fn' ? 1 : g.name[n] === 'gelu' ? 9 : g.args[n].length;
  return ops;
}

// ---- invalid (and arbitrary) text -------------------------------------------------------------------

const TOKENS = [
  'x', 'y', 'z', 'x', '2', '0', '.', '+', '-', '*', '/', '^', '(', ')', '(', ')', '[', ']', '{', '}', ',', ';', '=', '==', '<', '>', '!', '?', ':',
  '&', '|', "'", '"', '\\', ' ', ' ', '\n', '\t', 'sin', 'log(', 'exp', 'e', 'pi', '1e', '1e+', '1e400', '\u200b', '\ufeff', '\u202e', 'é', 'α',
  '😀', '\u0000', '$', '#', '@', '%', '~', '`', ' mod ', ' to ', ' in ', ' and ', 'not ', 'end', '::', 'x.y', '[1,2]', 'f(x)=', 'x_1', '0x1F',
  '0b1', 'Infinity', 'NaN', 'true', 'null', 'undefined', '__proto__', 'constructor', 'toString', 'import', 'cm', 'i', '"abc"', '1:3', 'x!',
  'unknownFn(', 'max(', 'logsumexp()', 'nthRoot(x)', 'f(x) = ', ' ? ', 'a = ', '\r\n',
];

/** Arbitrary text: random token strings, and valid programs with a character inserted, deleted or replaced. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 24 }).map((ts) => ts.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.tuple(validProgram, fc.nat(), fc.constantFrom(...TOKENS), fc.constantFrom('insert', 'delete', 'replace')).map(([s, i, t, how]) => {
    const k = s.length ? i % s.length : 0;
    if (how === 'insert') return s.slice(0, k) + t + s.slice(k);
    if (how === 'delete') return s.slice(0, k) + s.slice(k + 1);
    return s.slice(0, k) + t + s.slice(k + 1);
  }),
);

/** Language ids the front ends read (and a few they do not, which must fall back to detection). */
export const LANGUAGE_IDS = ['math', 'python', 'javascript', 'typescript', 'c', 'cpp', 'cuda-cpp', 'julia', 'matlab', 'rust', 'go', 'java',
  'csharp', 'latex', 'markdown', 'plaintext', 'auto', 'constructor', '__proto__', 'cobol'];

/** Code-like text for the language front ends: statements, comments, literals, operators of many languages. */
const CODE_TOKENS = [...TOKENS, '**', '//', '#', '%', '/*', '*/', 'def ', 'return ', 'let ', 'const ', 'double ', 'float ', 'fn ', 'function ',
  'end', '{', '}', ';', '\\frac{', '\\sqrt{', '\\sin', '\\cdot', '$', '$$', 'math.', 'np.', 'Math.', 'std::', 'f64::', '.^', '.*', "'", '2.f',
  '1e-3', '0x10', 'x[0]', 'x(1)', '->', '=>', ':=', '+=', '==', '!=', '&&', '||', 'lambda ', 'import ', '#include', '\n    '];

export const arbitraryCode: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...CODE_TOKENS), { minLength: 0, maxLength: 30 }).map((ts) => ts.join('')),
  arbitraryText,
);

/**
 * Any text: either a result whose every field is well-formed, or a PartialsError with a message and a line and
 * column inside the text — never another exception.
 */
export function checkAnyText(text: string, language?: string): void {
  let result;
  try {
    result = inspect({ source: text, language });
  } catch (e) {
    assert.ok(e instanceof PartialsError, `${JSON.stringify(text)} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assertWellPlaced(e, text);
    return;
  }
  assert.ok(result.outputs.length >= 1);
  assert.doesNotThrow(() => JSON.stringify(result));
  for (const p of result.partials) {
    assert.equal(typeof p.expr, 'string');
    assert.equal(typeof p.value, 'number');
    assert.equal(typeof p.latex, 'string');
  }
}

/** The error's message is a sentence and its position is inside the text (1-based; column may be one past the end). */
export function assertWellPlaced(e: PartialsError, text: string): void {
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 5, `empty message for ${JSON.stringify(text)}`);
  const lines = text.split('\n');
  assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= Math.max(1, lines.length), `line ${e.line} outside ${JSON.stringify(text)}`);
  const len = (lines[e.line - 1] ?? '').length;
  assert.ok(Number.isInteger(e.column) && e.column >= 1 && e.column <= len + 1, `column ${e.column} outside line ${e.line} of ${JSON.stringify(text)}: ${e.message}`);
}
