import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel, inspect, lowerProgram, PartialsError, readSource } from '../../src/core/index';
import { confusableWarnings, skeleton } from '../../src/core/frontend/confusables';
import { tensorLanguage } from '../../src/core/tensor/session';

/** Issue #16's front-end items: linear work, distinct LaTeX names, short messages, look-alike names. */
const partials = (r: ReturnType<typeof inspect>) => Object.fromEntries(r.partials.map((p) => [p.wrt, p.value]));
const errorOf = (f: () => unknown): PartialsError => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PartialsError, String(e));
    return e;
  }
  assert.fail('expected an error');
};

describe('front ends do linear work on hostile sizes (timings: npm run bench, "Parse path")', () => {
  it('`np.` repeated 60 000 times is one long path to numpy\'s sin', () => {
    const r = inspect({ source: `y = ${'np.'.repeat(60_000)}sin(x)`, language: 'python', at: { x: 1 } });
    assert.equal(r.partials[0].expr, 'cos(x)');
    assert.equal(r.partials[0].value, Math.cos(1));
  });

  it('200 000 LaTeX letters: one product of 200 000 factors of x', () => {
    const r = inspect({ source: `$${'x'.repeat(200_000)}$`, language: 'latex', at: { x: 1 } });
    assert.deepEqual(partials(r), { x: 200_000 });
  });

  it('50 000 blank lines between two statements, in plain math and in Python', () => {
    for (const language of ['auto', 'python']) {
      const r = inspect({ source: `y = x*x${'\n'.repeat(50_000)}z = y + 1`, language, at: { x: 3 } });
      assert.deepEqual(partials(r), { x: 6 }, language);
      assert.equal(r.values.z, 10);
    }
  });

  it('50 000 blank lines before the text: the routing reads the language as before (its line-start patterns scan each blank line once)', () => {
    const blank = '\n'.repeat(50_000);
    assert.equal(tensorLanguage(undefined, `${blank}x^2`), 'math');
    assert.equal(tensorLanguage('auto', `${blank}  def f(x):\n    return x`), 'numpy');
    assert.equal(tensorLanguage(undefined, `${blank}import numpy as np`), 'numpy');
    assert.equal(tensorLanguage(undefined, `${blank}x = 1 # def`), 'math');
  });

  it('a 250 000-term sum w+w+…+w has ∂/∂w = 250 000 exactly', () => {
    const r = inspect({ source: `w${'+w'.repeat(249_999)}`, language: 'auto', at: { w: 0.5 } });
    assert.deepEqual(partials(r), { w: 250_000 });
    assert.equal(r.values.f, 125_000);
  });

  it('100 000 distinct names in one sum are 100 000 inputs; 5 000 of them all have partial 1', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `w${i}`);
    assert.equal(buildModel({ source: `y = ${names.join(' + ')}`, language: 'python' }).inputs.length, 100_000);
    const few = names.slice(0, 5000);
    const r = inspect({ source: `y = ${few.join(' + ')}`, language: 'python', at: Object.fromEntries(few.map((n) => [n, 1])) });
    assert.equal(r.partials.length, 5000);
    assert.ok(r.partials.every((p) => p.value === 1));
  });
});

describe('distinct LaTeX subscripts never merge', () => {
  const cases: [string, string[]][] = [
    ['x_{a,b} - x_{a;b}', ['x_a_b', 'x_a_b_2']],
    ['x_{ab} - x_{a b}', ['x_ab', 'x_ab_2']],
    ['x_{a,b} - x_{a_b}', ['x_a_b', 'x_a_b_2']],
    ['x_{-1} - x_1', ['x_1', 'x_1_2']],
    ['x_{i+1} - x_{i,1}', ['x_i_1', 'x_i_1_2']],
  ];
  for (const [src, inputs] of cases) {
    it(`${src}: two variables, partials 1 and −1`, () => {
      const r = inspect({ source: src, language: 'latex', at: {} });
      assert.deepEqual(r.inputs, inputs);
      assert.deepEqual(r.partials.map((p) => p.value), [1, -1]);
    });
  }
  it('the same subscript written two ways is one variable: x_1 and x_{1}, \\alpha_1 and \\alpha_{ 1 }', () => {
    assert.deepEqual(partials(inspect({ source: 'x_1 x_{1}', language: 'latex', at: { x_1: 3 } })), { x_1: 6 });
    assert.deepEqual(inspect({ source: '\\alpha_1 + \\alpha_{ 1 }', language: 'latex', at: {} }).inputs, ['alpha_1']);
  });
  it('across the segments of a Markdown selection the names are one namespace', () => {
    const r = inspect({ source: 'Let $y = x_{a,b}$ and $z = y \\cdot x_{a;b}$.', language: 'markdown', at: { x_a_b: 2, x_a_b_2: 5 } });
    assert.deepEqual(partials(r), { x_a_b: 5, x_a_b_2: 2 });
  });
});

describe('messages stay short and positions point at the text', () => {
  const big = 'a'.repeat(100_000);
  for (const [src, language] of [[`"${big}"`, 'auto'], [`x + ${big}(y)`, 'auto'], [`y = np.${big}(x)`, 'python'], [`\\${big} + x`, 'latex'], [`x + @${big}`, 'auto']]) {
    it(`${language}: ${src.slice(0, 12)}… (100 KB token) → a message under 300 characters with an ellipsis`, () => {
      const e = errorOf(() => inspect({ source: src, language, at: {} }));
      assert.ok(e.message.length < 300, `${e.message.length} characters`);
      assert.match(e.message, /…/);
    });
  }

  it('"too long" counts the text the user gave, not the normalised text', () => {
    // the normalised text (8 characters) is longer than the user's (6): within the limit of 6
    const p = lowerProgram('x^2 + 1', { source: 'x**2+1', limits: { maxLength: 6 } });
    assert.equal(p.assignments.length, 1);
    const e = errorOf(() => lowerProgram('x+1', { source: 'x + 1 + 2', limits: { maxLength: 5 } }));
    assert.match(e.message, /too long \(9 characters; the limit is 5\)/);
  });

  it('a nesting limit error gives the line and column where the limit was crossed (plain math, Python, LaTeX)', () => {
    const plain = errorOf(() => lowerProgram(`y = 1\nz = ${'('.repeat(30)}x${')'.repeat(30)}`, { limits: { maxDepth: 20 } }));
    assert.deepEqual([plain.code, plain.line, plain.column], ['limit', 2, 5 + 20]);
    const py = errorOf(() => readSource(`y = 1\nz = ${'-'.repeat(100_001)}x`, 'python'));
    assert.deepEqual([py.code, py.line], ['limit', 2]);
    assert.ok(py.column > 100_000 - 10 && py.column <= 100_005, String(py.column));
  });
});

describe('look-alike names', () => {
  it('skeletons fold mathematical letters, Greek and Cyrillic look-alikes', () => {
    assert.equal(skeleton('𝑥'), 'x');
    assert.equal(skeleton('ο'), 'o'); // Greek omicron
    assert.equal(skeleton('а'), 'a'); // Cyrillic a
    assert.equal(skeleton('θ'), 'θ'); // theta looks like nothing Latin
    assert.deepEqual(confusableWarnings(['x', 'y', 'θ']), []);
  });

  it('𝑥 and x, ο and o: a warning in the result naming both with their code points', () => {
    const r = inspect({ source: '𝑥*x + ο - o', at: {} });
    assert.deepEqual(r.inputs, ['𝑥', 'x', 'ο', 'o']);
    assert.deepEqual(partials(r).ο, 1);
    assert.equal(r.warnings.length, 2, r.warnings.join('\n'));
    assert.match(r.warnings[0], /'𝑥' \(U\+1D465\) and 'x' \(U\+0078\) look alike but are different variables/);
    assert.match(r.warnings[1], /'ο' \(U\+03BF\) and 'o' \(U\+006F\)/);
  });

  it('no warning when names merely share letters', () => {
    assert.deepEqual(inspect({ source: 'x*x1 + X', at: {} }).warnings, []);
  });
});
