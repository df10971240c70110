import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inspect } from '../../src/core/index';
import { parseTex, renderTexRows, TexError } from '../../src/extension/hover/texSvg';
import { hoverSvg } from '../../src/extension/hover/content';

const style = { color: '#d4d4d4', muted: '#999999', fontSize: 15 };
const CORPUS = [
  'x^2 + x*y + y^2', 'sin(2*x)', 'sigmoid(x)', 'x^x', 'sqrt(x^2+y^2)', 'exp(-(x-mu)^2/(2*sigma^2))/(sigma*sqrt(2*pi))',
  'log(1+exp(-y*(w*x+b)))', 'x > 0 ? x^2 : -x', 'abs(x)*max(x,y)', 'atan2(y,x)', 'x1*alpha_2', 'tanh(w1*x1 + w2*x2 + b)^2',
  'logsumexp(a,b,c)', 'cbrt(x) + nthRoot(x, 5) + log(x, 3)', 'log2(x) + log10(y) + log1p(z) + expm1(t)', 'asinh(x) + acosh(y) + atanh(z/2)',
  'erf(x) * softplus(y) + relu(z) + leakyRelu(t) + gelu(u)', 'hypot(x, y) + min(x, y, z) + floor(x) + sign(y)', 'acot(x) + sec(y) + csc(z) + cot(t)',
  'x^-1.5e-3 + 1e20*y', Array.from({ length: 12 }, (_, i) => `exp(sin(x*y + ${i}))`).join('*'),
];

test('every LaTeX form the engine prints for the corpus typesets (no fallback needed)', () => {
  for (const src of CORPUS) {
    const r = inspect({ source: src });
    const forms = [r.expressions.f.latex, ...r.partials.map((p) => p.latex)];
    for (const latex of forms) {
      assert.doesNotThrow(() => parseTex(latex), `${src}: ${latex}`);
      const { svg, width, height } = renderTexRows([{ latex }], style);
      assert.ok(width > 0 && height > 0 && svg.startsWith('<svg'), `${src}: ${latex}`);
    }
    assert.equal(hoverSvg(r, String, style).typeset, true, src);
  }
});

test('structure: a fraction draws a bar, a root a radical path, a tall delimiter a path, scripts smaller type', () => {
  const frac = renderTexRows([{ latex: '\\frac{a}{b}' }], style).svg;
  assert.equal((frac.match(/<rect /g) ?? []).length, 1);
  assert.match(frac, />a<\/text>/);
  const root = renderTexRows([{ latex: '\\sqrt{x}' }], style).svg;
  assert.equal((root.match(/<path /g) ?? []).length, 1);
  const tall = renderTexRows([{ latex: '\\left(\\frac{a}{b}\\right)' }], style).svg;
  assert.equal((tall.match(/<path /g) ?? []).length, 2, 'both parentheses drawn as paths');
  const small = renderTexRows([{ latex: '\\left(x\\right)' }], style).svg;
  assert.equal((small.match(/<path /g) ?? []).length, 0, 'a short delimiter is a glyph');
  const sup = renderTexRows([{ latex: '{x}^{2}' }], style).svg;
  assert.match(sup, /font-size="15" font-style="italic"[^>]*>x</);
  assert.match(sup, /font-size="10.5"[^>]*>2</);
});

test('a fraction is taller than a plain row, and a numerator sits above the denominator', () => {
  const plain = renderTexRows([{ latex: 'a + b' }], style);
  const frac = renderTexRows([{ latex: '\\frac{a}{b}' }], style);
  assert.ok(frac.height > plain.height);
  const ya = Number(/y="([\d.]+)"[^>]*>a</.exec(frac.svg)![1]);
  const yb = Number(/y="([\d.]+)"[^>]*>b</.exec(frac.svg)![1]);
  assert.ok(ya < yb);
});

test('text runs keep their blanks as offsets and escape XML; notes are muted', () => {
  const { svg } = renderTexRows([{ latex: '\\text{if } x < 0', note: '= 1 & 2' }], style);
  assert.match(svg, />if<\/text>/);
  assert.match(svg, />&lt;<\/text>/);
  assert.match(svg, /<g fill="#999999">.*= 1 &amp; 2/);
  assert.ok(!/[^&]&[^a-z#]/.test(svg.replace(/&(amp|lt|gt|quot|apos);/g, '')));
});

test('long rows break before top-level + and − into several lines', () => {
  const long = Array.from({ length: 30 }, (_, i) => `x_{${i}}`).join(' + ');
  const one = renderTexRows([{ latex: long }], { ...style, maxWidth: 100_000 });
  const broken = renderTexRows([{ latex: long }], { ...style, maxWidth: 300 });
  assert.ok(broken.width < one.width);
  assert.ok(broken.height > 2 * one.height);
});

test('unsupported or malformed LaTeX throws TexError (the hover then uses the Unicode form)', () => {
  for (const bad of ['\\frac{a}', '\\left( x', '{x', 'x}', '\\unknowncommand{x}', '\\begin{tabular}x\\end{tabular}', 'x^2^3', '\\']) {
    assert.throws(() => parseTex(bad), TexError, bad);
  }
});

test('the parser never throws anything but TexError, and renders whatever it accepts', () => {
  const alphabet = ['x', 'y', '2', '+', '-', '^', '_', '{', '}', '\\frac', '\\sqrt', '\\left(', '\\right)', '\\,', ' ', '&', '\\\\', '\\sin', '=', '(', ')'];
  fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), (parts) => {
    const tex = parts.join('');
    try {
      parseTex(tex);
    } catch (e) {
      assert.ok(e instanceof TexError, `${tex}: ${e}`);
      return;
    }
    const { width, height } = renderTexRows([{ latex: tex }], style);
    assert.ok(Number.isFinite(width) && Number.isFinite(height));
  }), { numRuns: 400 });
});
