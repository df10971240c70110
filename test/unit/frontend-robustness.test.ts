import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildModel, PartialsError, readSource } from '../../src/core/index';
import { LANGUAGES } from '../../src/core/frontend/index';

/** Code-like text built from the tokens the front ends know, plus junk. */
const TOKENS = ['x', 'y', 'w', ' ', '\n', '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '**', '^', '.^', '.*', '=', ':=', ';', ',', ':', '?', '.',
  '2', '1.5f', '3_000', '1e-3', 'math.', 'np.', 'Math.', 'std::', 'exp', 'sin', 'pow', 'powi', 'def ', 'return ', 'let ', 'const ', 'double ', 'fn ', 'func ',
  'function ', 'end', 'lambda ', '=>', '->', '@', '%', '#', '//', '\'', '"', '\\frac', '\\sqrt', '{x}', '$', '\\left(', '\\right)', '|', 'if ', ' else ', 'for ',
  'π', '√', 'θ', 'df_dx', 'grad_w', '&&', '||', '!', '<', '>=', 'and ', 'not '];
const snippet = fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((a) => a.join(''));
const ids = [...LANGUAGES, 'auto', 'markdown', 'plaintext', 'octave', 'cuda-cpp', 'javascriptreact', 'unknown-id'];

test('bad input is always a PartialsError with a position, never a crash', () => {
  fc.assert(fc.property(snippet, fc.constantFrom(...ids), (src, lang) => {
    try {
      const fe = readSource(src, lang);
      assert.equal(typeof fe.text, 'string');
      buildModel({ source: src, language: lang });
    } catch (e) {
      if (!(e instanceof PartialsError)) throw new Error(`${lang} ${JSON.stringify(src)}: ${(e as Error).stack}`);
      assert.ok(e.line >= 1 && e.column >= 1, `position of ${e.message}`);
      assert.ok(e.message.length > 10);
      // the catch-all for front-end bugs must never be needed
      assert.ok(!e.message.startsWith('Could not read the selection'), `${lang} ${JSON.stringify(src)}: ${e.message}`);
    }
  }), { numRuns: 3000, seed: 42 });
});

test('the offset map sends every character of the program into the selection, in order for plain code', () => {
  fc.assert(fc.property(snippet, fc.constantFrom(...ids), (src, lang) => {
    let fe;
    try {
      fe = readSource(src, lang);
    } catch {
      return;
    }
    for (let i = 0; i <= fe.text.length; i++) {
      const o = fe.mapOffset(i);
      assert.ok(Number.isInteger(o) && o >= 0 && o <= src.length, `${lang} ${JSON.stringify(src)}: offset ${i} → ${o}`);
    }
  }), { numRuns: 2000, seed: 7 });
});

test('random well-formed Python expressions read and lower', () => {
  const leaf = fc.constantFrom('x', 'y', '2', '0.5', 'math.pi');
  const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '**'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(fc.constantFrom('math.sin', 'np.exp', 'math.log1p', 'np.tanh'), tie('e')).map(([f, a]) => `${f}(${a})`)),
  })).e as fc.Arbitrary<string>;
  fc.assert(fc.property(expr, (e) => {
    const fe = readSource(`z = ${e}`, 'python');
    const m = buildModel({ source: `z = ${e}`, language: 'python' });
    assert.deepEqual(m.outputs.map((o) => o.name), ['z']);
    assert.ok(!fe.text.includes('**') && !fe.text.includes('math.'));
  }), { numRuns: 300, seed: 3 });
});

test('a 20 000-term sum reads without deep recursion; absurd nesting is a limit error', () => {
  const long = 'y = ' + Array.from({ length: 20000 }, (_, i) => `x${i % 50} * ${i + 1}`).join(' + ');
  const fe = readSource(long, 'python');
  assert.equal(fe.outputs?.[0], 'y');
  assert.ok(fe.text.startsWith('y = x0 * 1 + x1 * 2'));
  const m = buildModel({ source: long, language: 'python' });
  assert.equal(m.inputs.length, 50);
  // 10 000 levels are read (the parsers recurse through run(), not the call stack) …
  const deep = `y = ${'-'.repeat(10_000)}x`;
  assert.equal(readSource(deep, 'python').text, `y = ${'-'.repeat(10_000)}x`);
  const deepLatex = `${'\\sqrt{'.repeat(10_000)}x${'}'.repeat(10_000)}`;
  assert.equal(buildModel({ source: deepLatex, language: 'latex' }).inputs[0], 'x');
  // … and past 100 000 the limit error says where it was crossed
  const absurd = `y = 1 +\n ${'-'.repeat(100_001)}x`;
  assert.throws(() => readSource(absurd, 'python'), (e: unknown) => e instanceof PartialsError && e.code === 'limit' && e.line === 2 && e.column === 100_001);
  const absurdLatex = `x + ${'\\sqrt{'.repeat(100_001)}x${'}'.repeat(100_001)}`;
  assert.throws(() => readSource(absurdLatex, 'latex'), (e: unknown) => e instanceof PartialsError && e.code === 'limit' && e.column > 100_000);
});

test('LaTeX: random token soup is a PartialsError or a program, never a crash', () => {
  const LATEX = ['x', 'y', 'e', '2', '1.5', ' ', '\n', '\\frac', '{', '}', '^', '_', '\\sqrt', '[', ']', '(', ')', '\\left(', '\\right)', '\\begin{cases}', '&', '\\\\',
    '\\end{cases}', '\\text{otherwise}', '\\text{if}', '\\sin', '\\ln', '\\alpha', '\\hat', '|', '\\lvert', '\\rvert', '\\cdot', '=', '<', '\\le', '\'', '\\partial',
    'd', 'f(x)', '\\sigma', '\\operatorname{relu}', '\\mathrm{d}', '$', '$$', ',', '-', '+', '\\,', '\\sum', '\\max', '\\{', '\\}', '\\begin{aligned}', '\\end{aligned}'];
  fc.assert(fc.property(fc.array(fc.constantFrom(...LATEX), { maxLength: 30 }).map((a) => a.join('')), fc.constantFrom('latex', 'markdown', 'auto'), (src, lang) => {
    try {
      readSource(src, lang);
      buildModel({ source: src, language: lang });
    } catch (e) {
      if (!(e instanceof PartialsError)) throw new Error(`${lang} ${JSON.stringify(src)}: ${(e as Error).stack}`);
      assert.ok(!e.message.startsWith('Could not read the selection'), `${lang} ${JSON.stringify(src)}: ${e.message}`);
    }
  }), { numRuns: 4000, seed: 5 });
});
