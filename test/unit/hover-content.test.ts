// What a hover carries stays small whatever the selection: the engine's `hover` operation (run in the worker)
// typesets only short formulas, caps the images' total size, cuts the plain text and the point line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/extension/engine/adapter';
import { COMPACT_LATEX_CHARS, COMPACT_PLAIN_CHARS, HOVER_IMAGE_BYTES, HOVER_POINT_NAMES, MAX_ROWS } from '../../src/extension/hover/content';

const engine = createEngine();
const style = { color: '#000000', muted: '#555555', fontSize: 15 };
const opts = { style, digits: 6, notation: 'auto' as const };
const size = (x: unknown) => JSON.stringify(x).length;

test('a small formula: typeset rows, values, the point', () => {
  const h = engine.hoverAt({ source: 'x*x*y + sin(y)', language: 'math', at: { x: 2, y: 0 } }, opts);
  assert.equal(h.total, 2);
  assert.deepEqual(h.rows.map((r) => `${r.of}/${r.wrt}=${r.value}`), ['f/x=0', 'f/y=5']);
  assert.ok(h.rows.every((r) => r.image && r.image.svg.startsWith('<svg')), 'typeset');
  assert.equal(h.point, 'x = 2, y = 0');
});

test('a*a*…*a with 8000 factors: one short row, no giant image', () => {
  const src = Array.from({ length: 8000 }, () => 'a').join('*');
  const h = engine.hoverAt({ source: src, language: 'math', at: { a: 1 } }, opts);
  assert.equal(h.total, 1);
  assert.equal(h.rows[0].value, '8000');
  assert.ok(h.rows[0].plain.length <= COMPACT_PLAIN_CHARS, h.rows[0].plain);
  assert.ok(size(h) < HOVER_IMAGE_BYTES + 10_000, `hover data is ${size(h)} bytes`);
});

test('many inputs: at most MAX_ROWS rows, the point line cut, images within the byte cap', () => {
  const names = Array.from({ length: 300 }, (_, i) => `x${i}`);
  const src = names.map((n, i) => `sin(${n})*${names[(i + 1) % names.length]}`).join(' + ');
  const h = engine.hoverAt({ source: src, language: 'math' }, opts);
  assert.equal(h.total, 300);
  assert.equal(h.rows.length, MAX_ROWS);
  assert.equal(h.point.split(', ').length, HOVER_POINT_NAMES + 1);
  assert.match(h.point, /… \(300 in all\)$/);
  const bytes = h.rows.reduce((s, r) => s + (r.image?.svg.length ?? 0), 0);
  assert.ok(bytes <= HOVER_IMAGE_BYTES, `${bytes} bytes of SVG`);
});

test('a partial whose LaTeX is longer than the typesetting cap is shown as plain text', () => {
  // d/dx of a long sum of distinct terms in x: a long LaTeX partial
  const src = Array.from({ length: 120 }, (_, i) => `sin(${i + 1}*x)`).join(' + ');
  const r = engine.inspect({ source: src, language: 'math' });
  assert.ok(r.partials[0].latex.length > COMPACT_LATEX_CHARS, 'the test needs a long LaTeX partial');
  const h = engine.hoverAt({ source: src, language: 'math' }, opts);
  assert.equal(h.rows[0].image, undefined);
  assert.ok(h.rows[0].plain.endsWith('…'));
});

test('a selection with intermediates: rows in its own names, the definitions on a where line', () => {
  const source = 'z = w * x + b\n    p = 1 / (1 + np.exp(-z))\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))';
  const h = engine.hoverAt({ source, language: 'python', returnName: 'loss', at: { w: 0.5, x: 1.5, b: -0.25, y: 1 } }, opts);
  assert.deepEqual(h.rows.map((r) => r.alt), ['∂loss/∂w = x (p − y)', '∂loss/∂x = w (p − y)', '∂loss/∂b = p − y', '∂loss/∂y = log(1 − p) − log(p)']);
  const p = 1 / (1 + Math.exp(-(0.5 * 1.5 - 0.25)));
  assert.equal(Number(h.rows[0].value.replace('−', '-')), Number(((p - 1) * 1.5).toPrecision(6)));
  assert.equal(h.where, 'z = w x + b, p = σ(z)');
  assert.equal(engine.hoverAt({ source: 'x*y', language: 'math' }, opts).where, undefined, 'no intermediates, no where line');
});
