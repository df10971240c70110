// A user's session with the inspector: keyboard selection in a C file, the palette command, and what the sidebar
// webview then shows (typeset partials with values, the point, the computation graph), a hover, the panel.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { graphView } from '../../src/core/index';
import { Workbench } from './workbench';

const EXPR = '(a - x) * (a - x) + b * (y - x * x) * (y - x * x)';
let wb: Workbench;

before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
});
after(async () => { await wb?.close(); });

/** Reads a number as the webview prints it ("= −0.619725"). */
const num = (s: string): number => Number(s.replace(/^=\s*/, '').replace('−', '-').trim());

test('Inspect Selection from the palette fills the sidebar: typeset partials, values, point', async () => {
  await wb.openFile('rosenbrock.c', 'rosenbrock');
  await wb.selectText(EXPR);
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="origin"]', { hasText: 'rosenbrock.c:9' }).waitFor({ timeout: 30000 });
  const list = view.locator('[data-testid="partials-list"]');
  await list.waitFor();
  assert.equal(await list.locator(':scope > li').count(), 4, 'one partial per input a, x, b, y');
  assert.ok(await list.locator('.katex').count() >= 4, 'partials typeset with KaTeX');
  const point: Record<string, number> = {};
  for (const v of ['a', 'x', 'b', 'y']) point[v] = Number(await view.locator(`[data-testid="point-${v}"]`).inputValue());
  const { a, x, b, y } = point;
  const expected: Record<string, number> = { a: 2 * (a - x), x: -2 * (a - x) - 4 * b * x * (y - x * x), b: (y - x * x) ** 2, y: 2 * b * (y - x * x) };
  for (const [wrt, want] of Object.entries(expected)) {
    const shown = num(await view.locator(`[data-testid="value-f-${wrt}"]`).innerText());
    assert.ok(Math.abs(shown - want) <= 1e-5 * Math.max(1, Math.abs(want)), `∂f/∂${wrt}: shown ${shown}, expected ${want}`);
  }
  await wb.screenshot('inspector-sidebar');
});

test('"From document" takes a = 1 and b = 100 from the code above the selection', async () => {
  const view = wb.webview('view');
  await view.locator('[data-testid="point-from-document"]').click();
  await view.locator('[data-testid="point-b"][value="100"]').waitFor({ timeout: 15000 });
  assert.equal(Number(await view.locator('[data-testid="point-a"]').inputValue()), 1);
  const x = Number(await view.locator('[data-testid="point-x"]').inputValue());
  const shown = num(await view.locator('[data-testid="value-f-a"]').innerText());
  assert.ok(Math.abs(shown - 2 * (1 - x)) < 1e-9, `∂f/∂a = 2(a − x) = ${2 * (1 - x)}, shown ${shown}`);
});

test('the computation graph is drawn with one SVG node per engine graph node', async () => {
  const view = wb.webview('view');
  const svg = view.locator('[data-testid="graph-svg"]');
  await svg.scrollIntoViewIfNeeded();
  await svg.waitFor({ timeout: 30000 });
  const engine = graphView({ source: EXPR, language: 'c' });
  await view.locator('[data-testid^="graph-node-"]').nth(engine.nodes.length - 1).waitFor();
  assert.equal(await view.locator('[data-testid^="graph-node-"]').count(), engine.nodes.length);
  assert.equal(await view.locator('g.edge').count(), engine.edges.length);
  assert.match((await svg.getAttribute('aria-label')) ?? '', new RegExp(`${engine.nodes.length} nodes`));
  await wb.screenshot('inspector-graph');
});

test('activating a graph node (focus + Enter) shows its chain-rule product', async () => {
  const view = wb.webview('view');
  const engine = graphView({ source: EXPR, language: 'c' });
  const xId = engine.nodes.find((n) => n.isInput && n.label === 'x')?.id;
  assert.ok(xId !== undefined, 'the engine graph has an input node x');
  const input = view.locator(`[data-testid="graph-node-${xId}"]`);
  // by keyboard (nodes are focusable buttons): in the narrow sidebar x sits under the sash, out of the mouse's reach
  await input.focus();
  await input.press('Enter');
  const chain = view.locator('[data-testid="graph-chain"]');
  await chain.filter({ hasText: /\S/ }).waitFor({ timeout: 15000 });
  const text = await chain.innerText();
  assert.match(text, /x/, text);
  assert.match(text, /−12\.0596|-12\.0596/, `∂f/∂x at the document point: ${text}`);
});

test('the step-size plot: error against h on log-log axes with the best h marked', async () => {
  const view = wb.webview('view');
  const link = view.locator('[data-testid="sweep-f-x"]');
  await link.scrollIntoViewIfNeeded();
  await link.click();
  const plot = view.locator('[data-testid="sweep-plot"]');
  await plot.waitFor({ timeout: 30000 });
  assert.match((await plot.getAttribute('aria-label')) ?? '', /log-log/);
  const methods = await plot.locator('path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-method')));
  assert.ok(methods.includes('forwardDifference') && methods.includes('centralDifference'), `a curve per method: ${methods}`);
  assert.match(await view.locator('figure.plot-figure .legend').innerText(), /best h ≈ \d/);
  await plot.scrollIntoViewIfNeeded();
  await wb.screenshot('inspector-step-size');
});

test('hovering the selection shows the partials', async () => {
  await wb.selectText(EXPR);
  const text = await wb.hover('(y - x * x) * (y', /∂f\/∂x/);
  // the compact hover: one row per partial with its value, then the links
  assert.match(text, /∂f\/∂a\s+[-−]?\d/);
  assert.match(text, /∂f\/∂y\s+[-−]?\d/);
  assert.match(text, /Open in Partials inspector/);
  await wb.screenshot('hover');
  await wb.page.keyboard.press('Escape');
});

test('the checks table: every method for every partial, verdict ok', async () => {
  const view = wb.webview('view');
  for (const wrt of ['a', 'x', 'b', 'y']) {
    const table = view.locator(`[data-testid="checks-f-${wrt}"]`);
    await table.waitFor({ timeout: 30000 });
    assert.match(await table.locator('caption').innerText(), new RegExp(`∂f/∂${wrt}\\s+ok`));
    const methods = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-method')));
    for (const m of ['centralDifference', 'complexStep']) assert.ok(methods.includes(m), `∂f/∂${wrt}: ${m} in ${methods}`);
  }
  await view.locator('[data-testid="checks-f-x"]').scrollIntoViewIfNeeded();
  await wb.screenshot('inspector-checks');
});

test('Insert Gradient Code from the palette writes C statements below the selection; Ctrl+Z removes them', async () => {
  await wb.selectText(EXPR);
  const lines = await wb.editorLineCount();
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.editorLine('df_dx').waitFor({ timeout: 30000 });
  const text = await wb.editorText();
  const after = text.split('\n');
  const at = after.findIndex((l) => l.includes(EXPR));
  assert.ok(at >= 0);
  const block = after.slice(at + 1, after.findIndex((l, i) => i > at && l.trim() === 'return f;'));
  for (const name of ['df_da', 'df_dx', 'df_db', 'df_dy']) {
    assert.ok(block.some((l) => new RegExp(`^\\s{4}double ${name} = .+;$`).test(l)), `${name} declared, indented like the selection:\n${block.join('\n')}`);
  }
  await wb.screenshot('insert-gradient-code');
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('df_dx').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.editorLineCount(), lines, 'one undo step removes the whole insertion');
});

test('Open Inspector Panel shows the same inspector in an editor panel', async () => {
  await wb.runCommand('Partials: Open Inspector Panel');
  const panel = wb.webview('panel');
  await panel.locator('[data-testid="partials-list"]').waitFor({ timeout: 30000 });
  assert.equal(await panel.locator('[data-testid="partials-list"] > li').count(), 4);
  await panel.locator('[data-testid="graph-svg"]').waitFor({ timeout: 30000 });
  await wb.page.waitForTimeout(500);
  await wb.screenshot('inspector-panel');
  await panel.locator('[data-testid="section-graph"]').scrollIntoViewIfNeeded();
  // actual size (the default): the README shows the graph as a user first sees it
  await panel.locator('[data-testid="graph-scale"]').click();
  assert.equal((await panel.locator('[data-testid="graph-scale"]').innerText()).trim(), '100%');
  await wb.page.waitForTimeout(500);
  await wb.screenshot('inspector-panel-graph');
});
