// The workbench in Simplified Chinese: code-server started with `--locale zh-cn` (its own server; the language
// pack it needs to switch is a test one that translates none of VS Code's own strings, see
// writeTestLanguagePack), and Partials then speaks Chinese from its manifest (command titles, setting
// descriptions: package.nls.zh-cn.json), from the extension host (notifications: l10n/bundle.l10n.zh-cn.json via
// vscode.l10n: the inspector's empty state, the hover) and in the inspector webview (the dictionary the host sends
// with its HTML). The engine's own messages (src/core: parse and shape errors, notes) come from its worker thread in
// Chinese too: it is started with the bundle and installs the engine's translator (src/core/l10n.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copyDemo, removeDemo, ROOT, startServer } from '../../scripts/vscode/server.mjs';
import { Workbench } from './workbench';

const zhManifest: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8'));
const zh: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));

const EXPR = '(a - x) * (a - x) + b * (y - x * x) * (y - x * x)';
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let workspace: string | undefined;
let wb: Workbench | undefined;

before(async () => {
  workspace = copyDemo('partials-l10n-');
  server = await startServer({ workspace, locale: 'zh-cn' });
  wb = await Workbench.open({ url: server.url, workspace });
});
after(async () => {
  await wb?.close();
  await server?.stop();
  if (workspace) removeDemo(workspace);
});

test('command titles come from package.nls.zh-cn.json', { timeout: 90000 }, async () => {
  const title = `Partials: ${zhManifest['command.inspectSelection.title']}`;
  assert.equal(title, 'Partials: 检查所选内容');
  const labels = await wb!.paletteCommands(title, title, 60000);
  assert.ok(labels.includes(title), `the palette lists ${title} (found ${labels.join(' | ')})`);
  const graph = `Partials: ${zhManifest['command.showGraph.title']}`;
  assert.ok((await wb!.paletteCommands(graph)).includes(graph), `and ${graph}`);
});

test('setting descriptions come from package.nls.zh-cn.json', { timeout: 90000 }, async () => {
  await wb!.runCommand('Preferences: Open Settings (UI)');
  await wb!.page.locator('.settings-editor').waitFor({ timeout: 20000 });
  // the search box has the focus when the settings editor opens
  await wb!.page.waitForTimeout(500);
  await wb!.page.keyboard.insertText('partials.numbers.digits');
  const description = wb!.page.locator('.settings-editor .setting-item-description', { hasText: zhManifest['config.numbers.digits.description'] });
  await description.first().waitFor({ timeout: 20000 }).catch(async (e) => { await wb!.screenshot('error-l10n-settings'); throw e; });
  assert.equal((await description.first().innerText()).trim(), '数值显示的有效数字位数。');
  await wb!.screenshot('l10n-zh-cn-settings');
  await wb!.page.keyboard.press('Escape');
});

test('the inspector webview speaks Chinese: the host\'s empty state, section titles, buttons, the page language', { timeout: 120000 }, async () => {
  await wb!.openFile('rosenbrock.c', 'rosenbrock');
  await wb!.runCommand('Partials: Focus on 检查器 View');
  const view = wb!.webview('view');
  const empty = view.locator('[data-testid="empty-state"] p').first();
  await empty.waitFor({ timeout: 30000 });
  assert.equal((await empty.innerText()).trim(), zh['Select an expression (or a few lines of straight-line code) to see its derivatives.'],
    'the host\'s message (vscode.l10n.t)');
  await wb!.selectText(EXPR);
  await wb!.runCommand('Partials: 检查所选内容');
  await view.locator('[data-testid="partials-list"]').waitFor({ timeout: 30000 });
  await view.locator('[data-testid="graph-svg"]').waitFor({ timeout: 30000 });
  assert.equal(await view.locator('html').getAttribute('lang'), 'zh-cn', 'vscode.env.language reached the webview');
  const titles: Record<string, string> = {};
  for (const id of ['expression', 'partials', 'checks', 'graph', 'code']) {
    titles[id] = (await view.locator(`#section-${id}-title`).innerText()).trim();
  }
  assert.deepEqual(titles, { expression: '表达式', partials: '偏导数', checks: '检验', graph: '计算图', code: '代码' });
  assert.equal((await view.locator('[data-testid="point-from-document"]').innerText()).trim(), zh['From document']);
  assert.equal((await view.locator('[data-testid="toggle-hessian"]').locator('xpath=..').innerText()).trim(), '海森矩阵');
  assert.equal(await view.locator('[data-testid="pin"]').getAttribute('aria-label'), zh['Pin: keep this expression while the selection moves']);
  await wb!.screenshot('l10n-zh-cn-inspector');
});

test('the hover\'s own words come from l10n/bundle.l10n.zh-cn.json', { timeout: 90000 }, async () => {
  await wb!.selectText(EXPR);
  const text = await wb!.hover('(y - x * x) * (y', /∂f\/∂x/);
  assert.match(text, /∂f\/∂a\s+[-−]?\d/, 'the values');
  assert.ok(text.includes(zh['Open in Partials inspector']), `the link reads ${zh['Open in Partials inspector']}: ${text}`);
  assert.ok(text.includes(zh['Insert gradient']), text);
  assert.ok(!text.includes('Open in Partials inspector'), 'not in English');
  await wb!.screenshot('l10n-zh-cn-hover');
  await wb!.page.keyboard.press('Escape');
});

test('the tensor inspector on demo/least_squares.py: section titles in Chinese', { timeout: 120000 }, async () => {
  await wb!.openFile('least_squares.py', 'def ridge');
  await wb!.selectText('np.sum((X @ w - y) ** 2)');
  await wb!.runCommand('Partials: 检查所选内容');
  const view = wb!.webview('view');
  await view.locator('[data-testid="gradient-formula-w"] [role="math"]').waitFor({ timeout: 30000 });
  await view.locator('[data-testid="tensor-checks"]').waitFor({ timeout: 30000 });
  const titles: Record<string, string> = {};
  for (const id of ['expression', 'partials', 'checks', 'code']) {
    titles[id] = (await view.locator(`#section-${id}-title`).innerText()).trim();
  }
  assert.deepEqual(titles, { expression: zh.Expression, partials: zh.Gradient, checks: zh.Checks, code: zh.Code });
  assert.deepEqual(titles, { expression: '表达式', partials: '梯度', checks: '检验', code: '代码' });
  await wb!.screenshot('l10n-zh-cn-tensor-inspector');
});

test('an error in the selection shows the engine\'s message in Chinese (translated in the engine\'s worker)', { timeout: 120000 }, async () => {
  await wb!.openFile('least_squares.py', 'def ridge');
  // an unbalanced bracket: the scalar reader, which the selection falls back to, reads '… ** 2)' as a statement
  await wb!.selectText('(X @ w - y) ** 2) + lam');
  await wb!.runCommand('Partials: 检查所选内容');
  const view = wb!.webview('view');
  const message = view.locator('[data-testid="error-state"] .error-message');
  await message.waitFor({ timeout: 30000 }).catch(async (e) => { await wb!.screenshot('error-l10n-engine-message'); throw e; });
  const text = (await message.innerText()).trim();
  assert.match(text, /[\u4e00-\u9fff]/, `the engine's message is Chinese: ${text}`);
  assert.equal(text, zh['Only the last line may be an expression; earlier lines are assignments.']);
  assert.ok(!/Unexpected|Expected|line \d|column \d/.test(text), `no English left in it: ${text}`);
  await wb!.screenshot('l10n-zh-cn-engine-error');
});
