// Legibility in the 300 px side bar: graph text at actual size (≥ 11 px), labels inside their boxes, folding of
// single-use chains, panning with the mouse, the keyboard and the overview; formulas that never clip (long sums
// wrap, the rest scrolls with a visible affordance); a new selection scrolls the inspector to the top.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { graphView } from '../../src/core/index';
import { join } from 'node:path';
import { RESULTS_DIR, Workbench } from './workbench';

const LOSS = [
  'z = w * x + b',
  'p = 1 / (1 + np.exp(-z))',
  'return -(y * np.log(p) + (1 - y) * np.log(1 - p))',
];
let wb: Workbench;
let view: FrameLocator;

before(async () => {
  wb = await Workbench.open();
  await wb.paletteCommands('Partials:', 'Partials: Inspect Selection');
  const width = await wb.setSidebarWidth(300);
  assert.ok(Math.abs(width - 300) <= 2, `side bar resized to 300 px (got ${width})`);
  view = wb.webview('view');
});
after(async () => { await wb?.close(); });

/** Selects the three lines of `loss` in logistic.py (from `z` to the end of the return line) and inspects them. */
async function inspectLoss(): Promise<void> {
  await wb.openFile('logistic.py', 'def loss');
  await wb.selectText(LOSS[0]);
  await wb.page.keyboard.press('Home');
  await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
  await wb.runCommand('Partials: Inspect Selection');
  await view.locator('[data-testid="origin"]', { hasText: 'logistic.py:' }).waitFor({ timeout: 30000 });
  await view.locator('[data-testid="partial-loss-y"]').waitFor({ timeout: 30000 });
  // the expanded forms (every intermediate substituted) are the long ones this file is about; in the code's own
  // names (the default) they are short: x (p − y)
  await view.locator('[data-testid="names-expanded"]').click();
  await view.locator('[data-testid="names-expanded"][aria-pressed="true"]').waitFor({ timeout: 10000 });
}

test('formulas never clip at 300 px: long sums wrap at top-level + and −, wider ones scroll with an affordance', async () => {
  await inspectLoss();
  await view.locator('[data-testid="partials-list"] .katex').first().waitFor();
  const report = await view.locator('body').evaluate(async () => {
    // the fades come in with a short transition: read them once it is over (CI once read 0.99)
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
    const visibleRight = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll<HTMLElement>('.math-display')).map((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const tops = new Set(Array.from(el.querySelectorAll('.katex-base')).map((b) => Math.round(b.getBoundingClientRect().top)));
      return {
        id: el.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
        right: r.right, visibleRight, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
        overflowX: cs.overflowX, scrolls: el.classList.contains('math-scrolls'), tabIndex: el.tabIndex,
        scrollbar: el.offsetHeight - el.clientHeight, lines: tops.size,
        fade: el.parentElement?.classList.contains('more-right') ? getComputedStyle(el.parentElement, '::after').opacity : 'none',
        bases: el.querySelectorAll('.katex-base').length,
      };
    });
  });
  assert.ok(report.length >= 5, `the outputs and four partials are typeset: ${report.length}`);
  for (const f of report) {
    assert.ok(f.right <= f.visibleRight + 0.5, `${f.id}: the formula's box ends inside the visible area (${f.right} > ${f.visibleRight})`);
    if (f.scrollWidth > f.clientWidth + 1) {
      assert.match(f.overflowX, /auto|scroll/, `${f.id}: wider content (${f.scrollWidth} > ${f.clientWidth}) is in a scroll container`);
      assert.ok(f.scrolls && f.tabIndex === 0, `${f.id}: marked as scrolling and reachable from the keyboard`);
      assert.ok(f.scrollbar > 0, `${f.id}: a visible horizontal scrollbar`);
      assert.equal(f.fade, '1', `${f.id}: a fade on the right edge shows there is more`);
    } else {
      assert.ok(!f.scrolls, `${f.id}: fits, so not marked as scrolling`);
    }
  }
  // ∂loss/∂y = log(1 − 1/(e^{−wx−b} + 1)) − log(1/(e^{−wx−b} + 1)): one sum, too long for one line at 300 px
  const sum = report.find((f) => f.id === 'partial-loss-y');
  assert.ok(sum, 'the ∂loss/∂y row is shown');
  assert.ok(sum.bases >= 3, `KaTeX split the sum at its top-level operators: ${sum.bases} parts`);
  assert.ok(sum.lines >= 2, `the long sum is broken over lines (${sum.lines})`);
  assert.ok(sum.scrollWidth <= sum.clientWidth + 1, 'the broken sum fits the side bar without scrolling');
  // ∂loss/∂w is one big fraction: it cannot break, so it scrolls
  const frac = report.find((f) => f.id === 'partial-loss-w');
  assert.ok(frac && frac.scrolls, '∂loss/∂w (one wide fraction) scrolls sideways');
  // scrolled to its end, the fade moves to the left edge
  const frame = view.locator('[data-testid="partial-loss-w"] .math-frame');
  await frame.locator('.math-display').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  await view.locator('[data-testid="partial-loss-w"] .math-frame.more-left:not(.more-right)').waitFor({ timeout: 5000 });
  await frame.locator('.math-display').evaluate((el) => { el.scrollLeft = 0; });
  await view.locator('[data-testid="partial-loss-y"]').scrollIntoViewIfNeeded();
  await wb.screenshot('legibility-formulas-300px');
  await view.locator('[data-testid="partials-list"]').screenshot({ path: join(RESULTS_DIR, 'legibility-formulas-closeup.png') });
});

test('the graph at the default zoom: actual size, text ≥ 11 px, every label inside its box', async () => {
  const svg = view.locator('[data-testid="graph-svg"]');
  await svg.scrollIntoViewIfNeeded();
  await view.locator('[data-testid="graph-svg"] .node').first().waitFor({ timeout: 30000 });
  await wb.page.waitForTimeout(300);
  assert.equal((await view.locator('[data-testid="graph-scale"]').innerText()).trim(), '100%');
  const m = await svg.evaluate((root: Element) => {
    const svgEl = root as SVGSVGElement;
    // (no named helpers in here: the test runner's transpiler would wrap them in a helper the page lacks)
    const rootScale = svgEl.getScreenCTM()?.a ?? 1;
    const nodeText = Array.from(svgEl.querySelectorAll<SVGTextElement>('.node-text'));
    const labels = Array.from(svgEl.querySelectorAll<SVGTextElement>('.edge-label'));
    const bad: string[] = [];
    for (const node of Array.from(svgEl.querySelectorAll<SVGGElement>('.node'))) {
      const box = node.querySelector<SVGRectElement>('.node-box')!.getBBox();
      const texts = Array.from(node.querySelectorAll<SVGTextElement>('.node-text')).map((t) => ({ t: t.textContent ?? '', b: t.getBBox() }));
      for (const x of texts) {
        const a = x.b;
        if (!(a.x >= box.x - 0.5 && a.y >= box.y - 0.5 && a.x + a.width <= box.x + box.width + 0.5 && a.y + a.height <= box.y + box.height + 0.5)) {
          bad.push(`node text "${x.t}" overflows its node`);
        }
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].b, b = texts[j].b;
          if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5) bad.push(`"${texts[i].t}" overlaps "${texts[j].t}"`);
        }
      }
    }
    for (const t of labels) {
      const bg = t.parentElement!.querySelector<SVGRectElement>('.edge-label-bg')!.getBBox();
      const a = t.getBBox();
      if (!(a.x >= bg.x - 0.5 && a.y >= bg.y - 0.5 && a.x + a.width <= bg.x + bg.width + 0.5 && a.y + a.height <= bg.y + bg.height + 0.5)) {
        bad.push(`edge label "${t.textContent}" overflows its box`);
      }
    }
    return {
      nodeSizes: nodeText.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 0) / rootScale),
      labelSizes: labels.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 0) / rootScale),
      bad,
      scale: (svgEl.querySelector('.viewport') as SVGGElement).getCTM()!.a,
      pannable: svgEl.classList.contains('pannable'),
    };
  });
  assert.equal(m.scale, 1, 'drawn at actual size');
  assert.ok(m.nodeSizes.length > 10 && m.labelSizes.length > 5, `node texts ${m.nodeSizes.length}, edge labels ${m.labelSizes.length}`);
  assert.ok(Math.min(...m.nodeSizes) >= 11, `node text ≥ 11 px: ${Math.min(...m.nodeSizes)}`);
  assert.ok(Math.min(...m.labelSizes) >= 11, `edge labels ≥ 11 px: ${Math.min(...m.labelSizes)}`);
  assert.deepEqual(m.bad, []);
  console.log(`graph text at 100%: nodes ${Math.min(...m.nodeSizes).toFixed(1)} px, edge labels ${Math.min(...m.labelSizes).toFixed(1)} px`);
  assert.ok(m.pannable, 'the loss graph is bigger than the 300 px side bar: it pans instead of shrinking');
  assert.ok(await view.locator('[data-testid="graph-minimap"]').isVisible(), 'the overview is shown');
  await wb.screenshot('legibility-graph-300px');
  await view.locator('[data-testid="graph-canvas"]').screenshot({ path: join(RESULTS_DIR, 'legibility-graph-closeup.png') });
});

test('a chain of single-use steps is folded into one node; Enter expands it, the toolbar folds it again', async () => {
  const engine = graphView({ source: LOSS.join('\n').replace('return ', 'loss = '), language: 'python' });
  const nodes = view.locator('[data-testid="graph-svg"] .node');
  const chain = view.locator('[data-testid="graph-svg"] .node[data-chain]');
  assert.equal(await chain.count(), 1, 'the loss graph has one long chain: w·x → +b → − → exp → +1 → 1/…');
  assert.equal(await chain.getAttribute('aria-expanded'), 'false');
  const steps = ((await chain.getAttribute('data-chain')) ?? '').split(' ').length;
  assert.equal(steps, 6);
  assert.match(await chain.locator('.cell-0').textContent() ?? '', /^▸ p = × → \+ → − → exp → \+ → ÷$/);
  assert.equal(await nodes.count(), engine.nodes.length - steps + 1);
  assert.match(await view.locator('[data-testid="graph-fold"]').innerText(), /Unfold chains/);
  await chain.focus();
  await chain.press('Enter');
  await view.locator('[data-testid="graph-svg"] .node[data-chain]').waitFor({ state: 'detached', timeout: 15000 });
  await nodes.nth(engine.nodes.length - 1).waitFor();
  assert.equal(await nodes.count(), engine.nodes.length, 'expanded: every engine node is drawn');
  await view.locator('[data-testid="graph-svg"]').scrollIntoViewIfNeeded();
  await wb.screenshot('legibility-graph-expanded');
  await view.locator('[data-testid="graph-canvas"]').screenshot({ path: join(RESULTS_DIR, 'legibility-graph-expanded-closeup.png') });
  await view.locator('[data-testid="graph-fold"]', { hasText: 'Fold chains' }).click();
  await view.locator('[data-testid="graph-svg"] .node[data-chain]').waitFor({ timeout: 15000 });
  assert.equal(await nodes.count(), engine.nodes.length - steps + 1, 'folded again');
});

test('the viewport pans by dragging, with the arrow keys and from the overview; Fit is a choice, 100% goes back', async () => {
  const svg = view.locator('[data-testid="graph-svg"]');
  await svg.scrollIntoViewIfNeeded();
  await wb.page.waitForTimeout(300);
  const transform = async () => (await svg.locator('.viewport').getAttribute('transform')) ?? '';
  const t0 = await transform();
  // keyboard: the drawing is focusable; arrow keys move the view
  await svg.focus();
  await wb.page.keyboard.press('ArrowUp');
  await wb.page.keyboard.press('ArrowLeft');
  const t1 = await transform();
  assert.notEqual(t1, t0, 'arrow keys pan');
  // mouse: drag on an empty spot of the drawing
  const spot = await svg.evaluate((root: Element) => {
    const r = root.getBoundingClientRect();
    for (let y = r.top + 10; y < r.bottom - 10; y += 7) {
      for (let x = r.left + 10; x < r.right - 130; x += 7) {
        const hit = document.elementFromPoint(x, y);
        if (hit && (hit === root || hit.closest('.viewport')) && !hit.closest('.node')) return { x: x - r.left, y: y - r.top };
      }
    }
    return null;
  });
  assert.ok(spot, 'an empty spot to grab');
  // bounding boxes of elements in the webview's nested frames are in page coordinates
  const box = await svg.boundingBox();
  assert.ok(box);
  const ox = box.x, oy = box.y;
  await wb.page.mouse.move(ox + spot.x, oy + spot.y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(ox + spot.x + 40, oy + spot.y + 30, { steps: 5 });
  await wb.page.mouse.up();
  const t2 = await transform();
  assert.notEqual(t2, t1, `dragging pans (${t1} → ${t2})`);
  // the overview: clicking its top-left corner shows the top-left of the graph
  const mm = view.locator('[data-testid="graph-minimap"]');
  await mm.click({ position: { x: 2, y: 2 } });
  const t3 = await transform();
  assert.notEqual(t3, t2, 'clicking the overview moves the view');
  const vr = await view.locator('[data-testid="graph-minimap-view"]').evaluate((r) => ({ x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')) }));
  assert.ok(vr.x <= 30 && vr.y <= 30, `the overview's rectangle is at the graph's top-left: ${JSON.stringify(vr)}`);
  // Fit shrinks on request only; 100% returns to actual size
  await view.locator('[data-testid="graph-fit"]').click();
  const fitted = (await view.locator('[data-testid="graph-scale"]').innerText()).trim();
  assert.ok(Number(fitted.replace('%', '')) < 100, `fit shrinks this graph: ${fitted}`);
  assert.ok(!(await mm.isVisible()), 'with the whole graph in view the overview hides');
  await wb.screenshot('legibility-graph-fit');
  await view.locator('[data-testid="graph-scale"]').click();
  assert.equal((await view.locator('[data-testid="graph-scale"]').innerText()).trim(), '100%');
});

test('a new selection scrolls the inspector to the top; a new point keeps the place', async () => {
  await view.locator('[data-testid="section-graph"]').scrollIntoViewIfNeeded();
  const scrollY = () => view.locator('body').evaluate(() => window.scrollY);
  assert.ok(await scrollY() > 100, 'scrolled down to the graph');
  // same subject, new point: the place is kept (the button is clicked from script so nothing scrolls to it)
  const before = await scrollY();
  const x0 = await view.locator('[data-testid="point-x"]').inputValue();
  await view.locator('[data-testid="point-random"]').evaluate((b) => (b as HTMLButtonElement).click());
  await view.locator(`[data-testid="point-x"]:not([value="${x0}"])`).waitFor({ timeout: 15000 });
  await wb.page.waitForTimeout(300);
  assert.ok(Math.abs(await scrollY() - before) < 40, `a new point keeps the scroll position (${before} → ${await scrollY()})`);
  // a new selection: back to the top
  await wb.selectText('np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))');
  await wb.runCommand('Partials: Inspect Selection');
  await view.locator('[data-testid="partial-f-mu"]').waitFor({ timeout: 30000 });
  await wb.page.waitForTimeout(300);
  assert.equal(await scrollY(), 0, 'the new result starts at the top');
});
