// How .dx results read in the editor (CodeLens titles, hovers), and the New Scratch Pad sample.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDx } from '../../src/core/dx';
import { fmtNumber, hoverFor, lensFor, pointLens } from '../../src/extension/dx/present';
import { SCRATCH_PAD_SAMPLE } from '../../src/extension/dx/sample';

const PAD = 'x = 2; y = 1\nz = w*x + b\nloss = log(1 + exp(-y*z))\nwrt w, b\ndloss/dw = -x*y*exp(-y*z)/(1 + exp(-y*z))\ndloss/db = -y\nf = abs(w)\n';

describe('dx presentation', () => {
  const a = analyzeDx(PAD, { at: { w: 0.5, b: -0.25 } });
  const lens = (line: number) => a.results.filter((r) => r.line === line).map((r) => lensFor(r)?.title);

  test('numbers', () => {
    assert.deepEqual([1 / 3, 2, -0.25, NaN, Infinity, -Infinity, 1e-20].map(fmtNumber), ['0.333333', '2', '-0.25', 'undefined', '∞', '-∞', '1e-20']);
  });

  test('definition lenses: value then every partial at the point', () => {
    assert.deepEqual(lens(2), ['z = 0.75  ·  ∂z/∂w = 2  ·  ∂z/∂b = 1']);
    const z = 0.75;
    const s = (t: number) => 1 / (1 + Math.exp(-t));
    assert.deepEqual(lens(3), [`loss = ${fmtNumber(Math.log(1 + Math.exp(-z)))}  ·  ∂loss/∂w = ${fmtNumber(-2 * s(-z))}  ·  ∂loss/∂b = ${fmtNumber(-s(-z))}`]);
    assert.deepEqual(lens(1), [undefined, undefined], 'no lens on numbers');
    assert.deepEqual(lens(4), [undefined], 'no lens on wrt');
  });

  test('claim lenses: ✓ proven, ✗ wrong with the correct expression', () => {
    assert.deepEqual(lens(5), ['✓ holds (proven)']);
    assert.deepEqual(lens(6), ['✗ wrong: ∂loss/∂b = -y*(1 / (1 + exp(z*y)))']);
  });

  test('a kink is marked in the lens', () => {
    const k = analyzeDx('wrt w\nf = abs(w)\nw = 0');
    assert.deepEqual(k.results.filter((r) => r.kind === 'define').map((r) => lensFor(r)?.title), ['f = 0  ·  ∂f/∂w = 0 (not differentiable here)']);
  });

  test('the point lens lists inputs first, then fixed numbers', () => {
    assert.equal(pointLens(a)?.title, 'Point: w = 0.5, b = -0.25, x = 2 (fixed), y = 1 (fixed)');
    assert.equal(pointLens(analyzeDx('f = u^2'))?.title, `Point: u = ${fmtNumber(analyzeDx('f = u^2').point.u)} (default)`);
  });

  test('hovers: definitions with partials, inputs and numbers with their role; nothing for unknown words', () => {
    assert.equal(hoverFor(a, 'z'), '**z** = `w x + b` = **0.75** at the point\n\n- ∂z/∂w = `x` = 2\n- ∂z/∂b = `1` = 1');
    assert.equal(hoverFor(a, 'w'), '**w** = 0.5: an input — set in the inspector');
    assert.equal(hoverFor(a, 'x'), '**x** = 2: held fixed (not in wrt)');
    assert.equal(hoverFor(a, 'log'), undefined);
  });

  test('the New Scratch Pad sample: one claim holds, one is wrong (to show the quick fix), nothing else', () => {
    const s = analyzeDx(SCRATCH_PAD_SAMPLE);
    assert.deepEqual(s.diagnostics.map((d) => d.code), ['wrong-claim']);
    assert.deepEqual(s.results.filter((r) => r.kind === 'claim').map((r) => r.claim?.result), ['holds', 'wrong']);
    assert.deepEqual(s.inputs, ['w', 'b']);
  });
});

describe('docs/dx.md', () => {
  test('the example analyses as the page says: lenses as shown, one wrong claim', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'dx.md'), 'utf8');
    const example = /```dx\n([\s\S]*?)```/.exec(doc)![1];
    const a = analyzeDx(example, { at: { w: 0.5, b: -0.25 } });
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.line]), [['wrong-claim', 8]]);
    const titles = a.results.map((r) => lensFor(r)?.title).filter((t): t is string => !!t);
    const shown = /In the editor this reads:\n\n```\n([\s\S]*?)```/.exec(doc)![1];
    for (const t of [...titles, pointLens(a)!.title]) assert.ok(shown.includes(t), `docs show '${t}'`);
  });
});
