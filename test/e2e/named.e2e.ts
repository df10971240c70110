// Readable derivatives (#15) as a learner meets them on the logistic demo: the inspector shows ∂loss/∂w in the
// code's own names, x (p − y), with z and p defined once; Explain walks the chain rule ∂loss/∂p · ∂p/∂z · ∂z/∂w
// with each factor's value; Expanded shows the inputs-only form; the values agree with the engine throughout.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inspect } from '../../src/core/index';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

const LOSS = 'z = w * x + b\n    p = 1 / (1 + np.exp(-z))\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))';
const num = (s: string): number => Number(s.replace(/^=\s*/, '').replace('−', '-').trim());
const label = async (sel: string) => (await wb.webview('view').locator(sel).first().getAttribute('aria-label')) ?? '';

test('logistic.py: ∂loss/∂w reads x (p − y) in the code\'s names, and Explain walks the chain rule', async () => {
  await wb.openFile('logistic.py', 'def loss');
  await wb.selectText('z = w * x + b');
  for (let i = 0; i < 2; i++) await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
  await wb.page.locator('.statusbar-item[id="status.editor.selection"]').filter({ hasText: `(${LOSS.length} selected)` }).waitFor({ timeout: 10000 });
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="partial-loss-w"]').waitFor({ timeout: 30000 });
  assert.equal(await view.locator('[data-testid="names-named"]').getAttribute('aria-pressed'), 'true', 'in your names is the default');
  assert.equal(await label('[data-testid="partial-loss-w"] .math'), '∂loss/∂w = x (p − y)');
  assert.equal(await label('[data-testid="partial-loss-b"] .math'), '∂loss/∂b = p − y');
  assert.equal(await label('[data-testid="definition-z"] .math'), 'z = w x + b');
  assert.equal(await label('[data-testid="definition-p"] .math'), 'p = σ(z)');
  const point: Record<string, number> = {};
  for (const v of ['w', 'b', 'x', 'y']) point[v] = Number(await view.locator(`[data-testid="point-${v}"]`).inputValue());
  const engine = inspect({ source: LOSS, language: 'python', at: point, returnName: 'loss' });
  const dw = engine.partials.find((p) => p.wrt === 'w')!;
  const shown = num(await view.locator('[data-testid="value-loss-w"]').innerText());
  assert.ok(Math.abs(shown - dw.value) <= 1e-5 * Math.max(1, Math.abs(dw.value)), `∂loss/∂w shown ${shown}, engine ${dw.value}`);

  await view.locator('[data-testid="explain-loss-w"]').click();
  const walk = view.locator('[data-testid="chain-walk-loss-w"]');
  await walk.waitFor({ timeout: 10000 });
  assert.equal(await view.locator('[data-testid="explain-loss-w"]').getAttribute('aria-expanded'), 'true');
  assert.equal(await label('[data-testid="chain-walk-loss-w"] .math-display'), '∂loss/∂w = ∂loss/∂p · ∂p/∂z · ∂z/∂w');
  assert.equal(await label('[data-testid="chain-loss-w-p-z"] .math'), '∂p/∂z = p (1 − p)');
  assert.equal(await label('[data-testid="chain-loss-w-z-w"] .math'), '∂z/∂w = x');
  // the factors' values multiply to the partial
  const values = (await view.locator('[data-testid="chain-values-loss-w"]').innerText()).replace(/^=\s*/, '').split('=');
  const factors = values[0].split('×').map(num);
  assert.equal(factors.length, 3);
  const prod = factors.reduce((a, b) => a * b, 1);
  assert.ok(Math.abs(prod - dw.value) <= 1e-4 * Math.max(1, Math.abs(dw.value)), `Π factors ${prod} vs ${dw.value}`);
  await wb.screenshot('named-explain');

  await view.locator('[data-testid="names-expanded"]').click();
  await view.locator('[data-testid="names-expanded"][aria-pressed="true"]').waitFor({ timeout: 10000 });
  assert.equal(await label('[data-testid="partial-loss-w"] .math'), `∂loss/∂w = ${dw.text}`, 'expanded: the inputs-only form');
  assert.equal(await view.locator('[data-testid="definitions"]').count(), 0);
  await view.locator('[data-testid="names-named"]').click();
  await view.locator('[data-testid="names-named"][aria-pressed="true"]').waitFor({ timeout: 10000 });
});

test('the graph walks the forward pass node by node, then the backward pass from the output', async () => {
  const view = wb.webview('view');
  const forward = view.locator('[data-testid="graph-step-forward"]');
  await forward.scrollIntoViewIfNeeded();
  await forward.waitFor({ timeout: 30000 });
  const nodes = await view.locator('[data-testid^="graph-node-"]').count();
  assert.ok(nodes > 5, `${nodes} nodes drawn`);
  await forward.click();
  const title = view.locator('[data-testid="graph-step-title"]');
  assert.equal(await title.innerText(), `Forward pass, step 1 of ${nodes}`);
  // values not yet computed are hidden: after one step every node but one is pending
  assert.equal(await view.locator('.graph.stepping .node.step-pending').count(), nodes - 1);
  for (let i = 1; i < nodes; i++) await forward.click();
  assert.equal(await title.innerText(), `Forward pass, step ${nodes} of ${nodes}`);
  assert.equal(await view.locator('.graph .node.step-pending').count(), 0, 'every value computed');
  assert.equal(await view.locator('.graph .node.step-grad-pending').count(), nodes, 'no adjoint yet');
  await forward.click();
  assert.equal(await title.innerText(), `Backward pass, step 1 of ${nodes}`);
  assert.match(await view.locator('[data-testid="graph-step-text"]').innerText(), /^adjoint ∂loss\/∂\(loss\b[^)]*\) = 1$/);
  await wb.screenshot('graph-step-backward');
  await view.locator('[data-testid="graph-step-back"]').click();
  assert.equal(await title.innerText(), `Forward pass, step ${nodes} of ${nodes}`);
  await view.locator('[data-testid="graph-step-reset"]').click();
  assert.equal(await view.locator('.graph.stepping').count(), 0);
});

test('a model the webview cannot accept leaves the previous result marked as stale, never passed off as current', async () => {
  const view = wb.webview('view');
  await view.locator('[data-testid="partial-loss-w"]').waitFor({ timeout: 30000 });
  assert.equal(await view.locator('[data-testid="stale-note"]').count(), 0);
  // what an older or newer build's host, or a result past the limits, looks like to this webview
  await view.locator('body').evaluate(() => window.postMessage({ type: 'model', model: { kind: 'result', partials: 'x'.repeat(10) } }, '*'));
  await view.locator('[data-testid="stale-note"]').waitFor({ timeout: 10000 });
  assert.match(await view.locator('[data-testid="stale-note"]').innerText(), /newest result could not be shown here/);
  assert.equal(await view.locator('[data-testid="partial-loss-w"]').count(), 1, 'the previous result is still there, marked');
});
