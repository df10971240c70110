/**
 * The hover of a vectorised selection (engine method hoverAt, hover/tensorContent.ts): a row per gradient with its
 * matrix notation typeset and its value as a truncated matrix, the point as the inputs' shapes, at the document's
 * arrays; scalar selections keep the scalar hover.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine } from '../../src/extension/engine/adapter';
import { valueLatex, valueText } from '../../src/extension/hover/tensorContent';
import { HOVER_IMAGE_BYTES, hoverData } from '../../src/extension/hover/content';
import { formatNumber } from '../../src/shared/format';
import { analyzeTensor } from '../../src/core/tensor';
import { documentArrays } from '../../src/core/tensor/documentArrays';

const engine = createEngine();
const style = { color: '#1f1f1f', muted: '#6a6a6a', fontSize: 15 };
const opts = { style, digits: 6, notation: 'auto' as const };
const fmt = (v: number) => String(v);

describe('truncated matrices', () => {
  it('a vector, a matrix and a large matrix on one line, cut with ⋯ past 4 entries a side', () => {
    assert.equal(valueText([1, 2, 3], fmt), '[1, 2, 3]');
    assert.equal(valueText([1, 2, 3, 4, 5], fmt), '[1, 2, 3, 4, ⋯]');
    assert.equal(valueText([[1, 2], [3, 4]], fmt), '[[1, 2], [3, 4]]');
    const big = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => i * 6 + j));
    assert.equal(valueText(big, fmt), '[[0, 1, 2, 3, ⋯], [6, 7, 8, 9, ⋯], [12, 13, 14, 15, ⋯], [18, 19, 20, 21, ⋯], ⋯]');
  });

  it('as LaTeX: a vector as a column, a large matrix with ⋯ ⋮ ⋱', () => {
    assert.equal(valueLatex([1, -2], fmt), '\\begin{pmatrix}1 \\\\ -2\\end{pmatrix}');
    const big = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => i + j));
    const tex = valueLatex(big, fmt);
    assert.equal(tex.split('\\\\').length, 5, 'four rows and the ⋮ row');
    assert.match(tex, /& \\cdots \\\\/);
    assert.match(tex, /\\vdots & \\vdots & \\vdots & \\vdots & \\ddots\\end\{pmatrix\}$/);
  });
});

describe('hoverAt', () => {
  const text = readFileSync(join(__dirname, '../../demo/least_squares.py'), 'utf8');
  const selected = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
  const doc = { text, languageId: 'python', offset: text.indexOf(selected) };

  it('a vectorised selection: one row per gradient, typeset with its value, at the document\'s arrays', () => {
    const h = engine.hoverAt({ source: selected, language: 'python' }, opts, doc);
    assert.deepEqual(h.rows.map((r) => r.wrt), ['X', 'w', 'y', 'lam']);
    assert.equal(h.point, 'X 4×3, w 3, y 4, lam = 0.1');
    const a = analyzeTensor(selected, { language: 'numpy', at: documentArrays(text, 'python', doc.offset) });
    const gw = a.partials.find((p) => p.wrt === 'w')!.value as number[];
    const w = h.rows.find((r) => r.wrt === 'w')!;
    assert.equal(w.value, `3: [${gw.map((v) => String(Number(v.toPrecision(6))).replace('-', '−')).join(', ')}]`);
    assert.equal(w.plain, '2(lam w + Xᵀ(X w − y))');
    assert.ok(w.image, 'typeset');
    assert.ok(w.image.height > 40, 'the value as a matrix makes the image taller than a formula alone');
    assert.ok(h.rows.reduce((s, r) => s + (r.image?.svg.length ?? 0), 0) <= HOVER_IMAGE_BYTES);
  });

  it('without the document: the engine\'s default point, the same rows', () => {
    const h = engine.hoverAt({ source: selected, language: 'python' }, opts);
    assert.deepEqual(h.rows.map((r) => r.wrt), ['X', 'w', 'y', 'lam']);
  });

  it('a scalar selection: the scalar hover, exactly', () => {
    const req = { source: 'x * x * y + sin(y)', language: 'c' };
    assert.deepEqual(engine.hoverAt(req, opts, { text: 'double f = x * x * y + sin(y);', languageId: 'c', offset: 11 }), hoverData(engine.inspect(req), (v) => formatNumber(v, opts.digits, opts.notation), style));
  });

  it('an error the tensor engine finds in vectorised text is reported', () => {
    assert.throws(() => engine.hoverAt({ source: 'np.sum(X @ w', language: 'python' }, opts, doc));
  });
});
