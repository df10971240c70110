// A user's session with a vectorised selection: the least-squares loss of demo/least_squares.py and the
// quadratic of demo/ridge.m (which may open as Objective-C without a MATLAB extension) selected and inspected
// from the palette; the sidebar shows the shapes, ∇ typeset in matrix notation, its value as a typeset vector,
// the tensor checks and the graph with shapes, and a size field re-inspects at a new size.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyzeTensor, type Nested } from '../../src/core/tensor';
import { Workbench } from './workbench';

let wb: Workbench;

before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

/** The numbers of a value's plain form as the webview prints it ("= [8.97194, −1.2, 3e-7]"). */
const numbers = (s: string): number[] => (s.replace(/−/g, '-').match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
const flat = (v: Nested | undefined): number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : (v as Nested[]).flatMap(flat));

function assertShown(shown: number[], expected: number[], what: string): void {
  assert.equal(shown.length, expected.length, `${what}: ${shown.length} entries shown`);
  shown.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= 1e-5 * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: shown ${x}, engine ${expected[i]}`));
}

async function inspect(file: string, expect: string, selection: string): Promise<void> {
  await wb.openFile(file, expect);
  await wb.selectText(selection);
  await wb.runCommand('Partials: Inspect Selection');
}

test('demo/least_squares.py: shapes, ∇_w = 2 Xᵀ(X w − y) typeset, its value and the checks, as the engine computes them', async () => {
  const selection = 'np.sum((X @ w - y) ** 2)';
  await inspect('least_squares.py', 'def ridge', selection);
  const view = wb.webview('view');
  await view.locator('[data-testid="origin"]', { hasText: 'least_squares.py:' }).waitFor({ timeout: 30000 });
  const formula = view.locator('[data-testid="gradient-formula-w"] [role="math"]');
  await formula.waitFor({ timeout: 30000 });
  assert.equal(await formula.getAttribute('aria-label'), '∇_w f = 2 Xᵀ(X w − y)');
  assert.ok(await view.locator('[data-testid="gradient-formula-w"] .katex').count() >= 1, 'typeset with KaTeX');
  const ref = analyzeTensor(selection, { language: 'numpy' });
  const shapes = await view.locator('[data-testid="tensor-shapes"]').innerText();
  const sz = (n: string) => (ref.point[n] as Nested[]).length;
  const cols = ((ref.point.X as Nested[])[0] as Nested[]).length;
  for (const s of [`X ${sz('X')}×${cols}`, `w ${cols}`, `y ${sz('y')}`]) assert.ok(shapes.includes(s), `${s} in "${shapes}"`);
  for (const p of ref.partials) {
    const value = view.locator(`[data-testid="tensor-value-${p.wrt}"] [role="math"]`);
    assertShown(numbers((await value.getAttribute('aria-label')) ?? ''), flat(p.value), `∇_${p.wrt}`);
  }
  assert.ok(await view.locator('[data-testid="tensor-value-w"] .katex .mtable, [data-testid="tensor-value-w"] .katex').count() >= 1, 'the value is a typeset vector');
  // the checks: every input ok
  const checks = view.locator('[data-testid="tensor-checks"]');
  await checks.waitFor({ timeout: 30000 });
  for (const w of ['X', 'w', 'y']) assert.match(await view.locator(`[data-testid="tensor-check-${w}"]`).innerText(), /\bok\b/);
  // the Code section: what Insert Gradient Code writes, vectorised NumPy (grad_w = 2 Xᵀ(X w − y), no loops)
  const code = view.locator('[data-testid="section-code"] [data-testid="code-block"]');
  await code.waitFor({ timeout: 30000 });
  // (the sections below the first screen are content-visibility: auto: laid out, and so given innerText, once near
  // the screen, as when the reader scrolls to them)
  await code.scrollIntoViewIfNeeded();
  let text = '';
  for (let i = 0; i < 50 && !text; i++) {
    text = await code.innerText();
    if (!text) await view.locator('body').evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  }
  assert.match(text, /^t1 = X @ w - y$/m, text);
  assert.match(text, /^grad_w = 2\.0 \* \(X\.T @ t1\)$/m, text);
  // the graph: tensor nodes with their shapes
  const svg = view.locator('[data-testid="graph-svg"]');
  await svg.scrollIntoViewIfNeeded();
  await svg.waitFor({ timeout: 30000 });
  await view.locator('[data-testid^="graph-node-"]', { hasText: `X@w : ${sz('X')}` }).first().waitFor({ timeout: 30000 });
  await view.locator('[data-testid="section-partials"]').scrollIntoViewIfNeeded();
  await wb.screenshot('tensor-inspector');
});

test('a size field re-inspects: n = 5 rows gives X 5×…, y 5 and ∇_y of length 5', async () => {
  const view = wb.webview('view');
  const rowsSymbol = (await view.locator('[data-testid^="tensor-dim-"]').first().getAttribute('data-testid'))!.replace('tensor-dim-', '');
  const field = view.locator(`[data-testid="tensor-dim-${rowsSymbol}"]`);
  const ref0 = analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy' });
  const symbolOf = (name: string) => ref0.shapes[name][0];
  const target = symbolOf('y') === rowsSymbol ? 'y' : 'w';
  await field.fill('5');
  await field.press('Enter');
  await view.locator('[data-testid="tensor-shapes"]', { hasText: `${target} 5` }).waitFor({ timeout: 30000 });
  const value = view.locator(`[data-testid="tensor-value-${target}"]`);
  await value.locator('[role="math"]').waitFor();
  assert.equal(await value.getAttribute('data-shape'), '5');
});

test('"From document" reads the arrays above the selection: X 4×3, w 3, y 4, and ∇_w there', async () => {
  const view = wb.webview('view');
  await view.locator('[data-testid="point-from-document"]').click();
  await view.locator('[data-testid="tensor-shapes"]', { hasText: 'X 4×3' }).waitFor({ timeout: 30000 });
  const shapes = await view.locator('[data-testid="tensor-shapes"]').innerText();
  assert.ok(shapes.includes('w 3') && shapes.includes('y 4'), shapes);
  assert.equal(await view.locator('[data-testid="tensor-entry-X-3-1"]').inputValue(), '1.1');
  const at = { X: [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]], w: [0.5, -0.25, 1.0], y: [1.0, 0.0, 2.0, -1.0] };
  const ref = analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy', at });
  const value = view.locator('[data-testid="tensor-value-w"] [role="math"]');
  assertShown(numbers((await value.getAttribute('aria-label')) ?? ''), flat(ref.partials.find((p) => p.wrt === 'w')!.value), '∇_w at the document point');
  await view.locator('[data-testid="section-partials"]').scrollIntoViewIfNeeded();
  await wb.screenshot('tensor-inspector');
});

test('Entrywise: each entry of ∇_w written out, ∂f/∂w₁ = … in X₁₁ …, with the value of the gradient\'s entry', async () => {
  const view = wb.webview('view');
  const at = { X: [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]], w: [0.5, -0.25, 1.0], y: [1.0, 0.0, 2.0, -1.0] };
  const grad = flat(analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy', at }).partials.find((p) => p.wrt === 'w')!.value);
  const toggle = view.locator('[data-testid="entrywise-w"]');
  await toggle.waitFor({ timeout: 30000 });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  await view.locator('[data-testid="entrywise-list-w"]').waitFor({ timeout: 15000 });
  assert.equal(await view.locator('[data-testid="entrywise-w"]').getAttribute('aria-expanded'), 'true');
  for (let k = 0; k < 3; k++) {
    const shown = numbers(await view.locator(`[data-testid="entry-value-w_${k + 1}"]`).innerText());
    assertShown(shown, [grad[k]], `∂f/∂w${k + 1}`);
  }
  // written in the entries' names: X₁₁, y₁ … (the formula's accessible text)
  const label = (await view.locator('[data-testid="entry-w_1"] [role="math"]').getAttribute('aria-label')) ?? '';
  assert.match(label, /∂f\/∂w_1 = .*X₁₁.*y₁/);
  await view.locator('[data-testid="entrywise-list-w"]').scrollIntoViewIfNeeded();
  await wb.screenshot('tensor-inspector-entrywise');
  await view.locator('[data-testid="entrywise-w"]').click();
  await view.locator('[data-testid="entrywise-list-w"]').waitFor({ state: 'detached', timeout: 15000 });
});

test('the ∂ boxes choose the inputs: the parameters only (w) drops ∇_X and ∇_y, the last box stays checked, and they come back', async () => {
  const view = wb.webview('view');
  const at = { X: [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]], w: [0.5, -0.25, 1.0], y: [1.0, 0.0, 2.0, -1.0] };
  const grad = flat(analyzeTensor('np.sum((X @ w - y) ** 2)', { language: 'numpy', at }).partials.find((p) => p.wrt === 'w')!.value);
  for (const name of ['X', 'y']) {
    await view.locator(`[data-testid="wrt-${name}"]`).uncheck();
    await view.locator(`[data-testid="gradient-formula-${name}"]`).waitFor({ state: 'detached', timeout: 30000 });
  }
  assert.equal(await view.locator('[data-testid^="gradient-formula-"]').count(), 1, 'only ∇_w');
  assert.ok(await view.locator('[data-testid="wrt-w"]').isDisabled(), 'the last input differentiated cannot be unchecked');
  assert.equal(await view.locator('[data-testid="wrt-X"]').isChecked(), false);
  const value = view.locator('[data-testid="tensor-value-w"] [role="math"]');
  assertShown(numbers((await value.getAttribute('aria-label')) ?? ''), grad, '∇_w, the document point kept');
  assert.equal(await view.locator('[data-testid="tensor-entry-X-3-1"]').inputValue(), '1.1', 'the arrays stay as they were');
  await view.locator('[data-testid="tensor-point"]').scrollIntoViewIfNeeded();
  await wb.screenshot('tensor-inspector-wrt');
  for (const name of ['X', 'y']) {
    await view.locator(`[data-testid="wrt-${name}"]`).check();
    await view.locator(`[data-testid="gradient-formula-${name}"]`).waitFor({ timeout: 30000 });
  }
  assert.equal(await view.locator('[data-testid="wrt-w"]').isDisabled(), false);
});

test('demo/ridge.m (MATLAB/Octave, whatever language id it opens with): ∇_x of ½xᵀAx − bᵀx against the engine', async () => {
  const selection = "0.5 * x'*A*x - b'*x";
  await inspect('ridge.m', 'function J = quadratic', selection);
  const view = wb.webview('view');
  await view.locator('[data-testid="origin"]', { hasText: 'ridge.m:' }).waitFor({ timeout: 30000 });
  const formula = view.locator('[data-testid="gradient-formula-x"] [role="math"]');
  await formula.waitFor({ timeout: 30000 });
  const ref = analyzeTensor(selection, { language: 'matlab' });
  const gx = ref.partials.find((p) => p.wrt === 'x')!;
  assert.equal(await formula.getAttribute('aria-label'), `∇_x f = ${gx.text}`);
  for (const p of ref.partials) {
    const value = view.locator(`[data-testid="tensor-value-${p.wrt}"] [role="math"]`);
    assertShown(numbers((await value.getAttribute('aria-label')) ?? ''), flat(p.value), `∇_${p.wrt}`);
  }
  await wb.screenshot('tensor-inspector-matlab');
});

test('the panel: the tensor checks, the directional step-size plot and the graph with shapes and reductions', async () => {
  await wb.runCommand('Partials: Open Inspector Panel');
  const panel = wb.webview('panel');
  await panel.locator('[data-testid="tensor-checks"]').waitFor({ timeout: 30000 });
  const plot = panel.locator('[data-testid="sweep-plot"]');
  await plot.scrollIntoViewIfNeeded();
  assert.match((await plot.getAttribute('aria-label')) ?? '', /along a random direction d in x/);
  assert.ok(await plot.locator('path.series').count() >= 2, 'forward and central differences at least');
  const svg = panel.locator('[data-testid="graph-svg"]');
  await svg.scrollIntoViewIfNeeded();
  await panel.locator('[data-testid^="graph-node-"]', { hasText: /A : 2×2/ }).first().waitFor({ timeout: 30000 });
  await wb.screenshot('tensor-inspector-panel');
});
