// Partials in the web worker extension host (VS Code for the Web: vscode.dev, github.dev): a web-only copy of the
// extension (scripts/vscode/web-copy.mjs: the `browser` entry, no `main`, extensionKind ["web"], no Node bundle)
// loaded in code-server's workbench. The tests prove where it runs — the extension host has no `process` and is a
// WorkerGlobalScope, the engine is a Web Worker of the page — then use it as a user does: Inspect, the hover, Insert
// Gradient Code (the inserted code is run), a `.dx` pad's CodeLens, Export Graph through the save dialog.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { graphView, inspect } from '../../src/core/index';
import { ENVIRONMENT_TITLE, makeWebOnlyCopy } from '../../scripts/vscode/web-copy.mjs';
import { Workbench } from './workbench';

let wb: Workbench;
before(async () => {
  wb = await Workbench.open({ extensionPath: makeWebOnlyCopy() });
  const labels = await wb.paletteCommands('Partials', ENVIRONMENT_TITLE, 60000);
  assert.ok(labels.includes('Partials: Inspect Selection'), `the web-only copy contributes its commands: ${JSON.stringify(labels)}`);
});
after(async () => { await wb?.close(); });

interface Environment { platform: string; process: string; webWorker: boolean; engine: string }

/**
 * Runs the test command that reports where the extension runs, and reads its message from the notification centre
 * (the workbench may put it there without a toast), then clears the notifications.
 */
async function environment(): Promise<Environment> {
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.runCommand(ENVIRONMENT_TITLE);
  const item = wb.page.locator('.notifications-center .notification-list-item-message', { hasText: 'Partials environment:' }).first();
  for (let i = 0; ; i++) {
    await wb.runCommand('Notifications: Show Notifications');
    if (await item.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
    if (i === 10) {
      await wb.screenshot('error-web-environment');
      assert.fail('no "Partials environment" notification');
    }
    await wb.page.keyboard.press('Escape');
  }
  const message = (await item.innerText()).trim();
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.keyboard.press('Escape');
  return JSON.parse(message.slice(message.indexOf('{')));
}

const num = (s: string): number => Number(s.replace(/^=\s*/, '').replace('−', '-').trim());
const close = (got: number, want: number, rtol: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

test('the extension runs in the web worker extension host: no process, a WorkerGlobalScope, the web build; the engine is not started at activation', async () => {
  const env = await environment();
  assert.deepEqual(env, { platform: 'web', process: 'undefined', webWorker: true, engine: 'not started' });
});

const EXPR = '(a - x) * (a - x) + b * (y - x * x) * (y - x * x)';

test('Inspect Selection: typeset partials with the right values, computed in a Web Worker', async () => {
  await wb.openFile('rosenbrock.c', 'rosenbrock');
  await wb.selectText(EXPR);
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="origin"]', { hasText: 'rosenbrock.c:9' }).waitFor({ timeout: 60000 });
  const list = view.locator('[data-testid="partials-list"]');
  await list.waitFor();
  assert.equal(await list.locator(':scope > li').count(), 4, 'one partial per input a, x, b, y');
  assert.ok(await list.locator('.katex').count() >= 4, 'partials typeset with KaTeX');
  const p: Record<string, number> = {};
  for (const v of ['a', 'x', 'b', 'y']) p[v] = Number(await view.locator(`[data-testid="point-${v}"]`).inputValue());
  const want: Record<string, number> = {
    a: 2 * (p.a - p.x), x: -2 * (p.a - p.x) - 4 * p.b * p.x * (p.y - p.x * p.x), b: (p.y - p.x * p.x) ** 2, y: 2 * p.b * (p.y - p.x * p.x),
  };
  for (const [wrt, w] of Object.entries(want)) close(num(await view.locator(`[data-testid="value-f-${wrt}"]`).innerText()), w, 1e-5, `∂f/∂${wrt}`);
  // the graph is laid out and drawn too (ELK in the webview's own worker)
  const engine = graphView({ source: EXPR, language: 'c' });
  await view.locator('[data-testid^="graph-node-"]').nth(engine.nodes.length - 1).waitFor({ timeout: 30000 });
  assert.equal(await view.locator('[data-testid^="graph-node-"]').count(), engine.nodes.length);
  await wb.screenshot('web-inspector');

  const env = await environment();
  assert.equal(env.engine, 'worker', 'the engine answered from its worker, not in-process');
  // that worker is a Web Worker of this page, started by platform.web.ts (named partials-engine), with no `process`
  const names = await Promise.all(wb.page.workers().map((w) => w.evaluate(() => ({ name: (self as unknown as { name: string }).name, process: typeof process })).catch(() => null)));
  const ours = names.filter((n) => n && n.name.includes('partials-engine'));
  assert.equal(ours.length, 1, `one engine Web Worker among ${JSON.stringify(names)}`);
  assert.equal(ours[0]!.process, 'undefined');
});

test('the hover shows the partials of the selection', async () => {
  await wb.openFile('rosenbrock.c', 'rosenbrock');
  await wb.selectText(EXPR);
  const text = await wb.hover('(y - x * x) * (y', /∂f\/∂x/);
  assert.match(text, /∂f\/∂a\s+[-−]?\d/);
  assert.match(text, /∂f\/∂y\s+[-−]?\d/);
  assert.match(text, /Open in Partials inspector/);
  await wb.screenshot('web-hover');
  await wb.page.keyboard.press('Escape');
});

test('Export Graph… writes DOT through the save dialog (vscode.workspace.fs)', async () => {
  // rosenbrock.c is the active editor (the tests above)
  await wb.selectText(EXPR);
  await wb.runCommand('Partials: Inspect Selection');
  await wb.webview('view').locator('[data-testid="origin"]', { hasText: 'rosenbrock.c:9' }).waitFor({ timeout: 30000 });
  const target = join(wb.workspace, 'f-graph.dot');
  rmSync(target, { force: true });
  await wb.runCommand('Partials: Export Graph…');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'DOT' }).first().waitFor({ timeout: 10000 });
  await wb.page.keyboard.press('Enter');
  // the workbench's own save dialog (a quick input holding the path), proposing <workspace>/f-graph.dot
  await wb.page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value.endsWith('f-graph.dot'), undefined, { timeout: 20000 });
  await wb.page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !existsSync(target); i++) await wb.page.waitForTimeout(200);
  const dot = readFileSync(target, 'utf8');
  assert.match(dot, /^digraph /);
  assert.equal((dot.match(/^\s*n\d+ \[/gm) ?? []).length, graphView({ source: EXPR, language: 'c' }).nodes.length, dot);
  rmSync(target, { force: true });
  assert.ok(!existsSync(target));
});

test('Insert Gradient Code in physics.js: the statements go above the return, and run in node they give the gradient', async () => {
  await wb.openFile('physics.js', 'pendulumPeriod');
  const original = readFileSync(join(wb.workspace, 'physics.js'), 'utf8');
  const expr = '2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16)';
  await wb.selectText(expr);
  await wb.runCommand('Partials: Inspect Selection');
  const view = wb.webview('view');
  await view.locator('[data-testid="point-theta0"]').waitFor({ timeout: 30000 });
  const point: Record<string, number> = {};
  for (const v of ['L', 'g', 'theta0']) point[v] = Number(await view.locator(`[data-testid="point-${v}"]`).inputValue());
  await wb.runCommand('Partials: Insert Gradient Code');
  await wb.editorLine('dfDtheta0').waitFor({ timeout: 30000 });
  const lines = (await wb.saved('physics.js')).split('\n');
  const ret = lines.findIndex((l) => l.includes(`return ${expr}`));
  const head = lines.findIndex((l) => l.startsWith('export function pendulumPeriod('));
  assert.ok(lines.slice(head + 1, ret).some((l) => /^ {2}const dfDL = /.test(l)), lines.join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'partials-e2e-web-'));
  try {
    const file = join(dir, 'prog.mjs');
    writeFileSync(file, [...lines.slice(0, ret), '  console.log(JSON.stringify([dfDL, dfDg, dfDtheta0]));', ...lines.slice(ret),
      `pendulumPeriod(${point.L}, ${point.g}, ${point.theta0});`].join('\n'));
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as number[];
    const engine = inspect({ source: expr, language: 'javascript', at: point });
    ['L', 'g', 'theta0'].forEach((v, i) => close(got[i], engine.partials.find((q) => q.wrt === v)!.value!, 1e-10, `∂T/∂${v}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await wb.page.keyboard.press('Control+Z');
  await wb.editorLine('dfDtheta0').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await wb.saved('physics.js'), original, 'one undo step restores the file');
});

test('scratch.dx: the CodeLens show both claims holding and the values of definitions', async () => {
  await wb.openFile('scratch.dx', 'loss = log');
  const lenses = wb.page.locator('.editor-instance .codelens-decoration');
  await lenses.filter({ hasText: /holds/ }).nth(1).waitFor({ timeout: 30000 });
  const texts = (await lenses.allInnerTexts()).map((t) => t.trim());
  assert.equal(texts.filter((t) => /✓\s*holds/.test(t)).length, 2, JSON.stringify(texts));
  assert.ok(!texts.some((t) => /✗/.test(t)), `no wrong claim: ${JSON.stringify(texts)}`);
  assert.ok(texts.some((t) => /z\s*=\s*0\.75\b/.test(t)), `the value of z: ${JSON.stringify(texts)}`);
  await wb.screenshot('web-dx');
});
