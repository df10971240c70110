import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { formatError, formatNumber, parseUserNumber } from '../../src/shared/format';
import { plotLayout, superscriptDecade, DEFAULT_BOX } from '../../src/webview/plot';
import { engineLanguage, isAssignmentLine, isSupportedLanguage, randomPoint, seededRandom, sizeProblem } from '../../src/extension/source';
import { renderMathRows, textWidthEm, svgDataUri, escapeXml } from '../../src/extension/hover/mathSvg';
import { contentSecurityPolicy, inspectorHtml, makeNonce } from '../../src/extension/inspector/html';
import { texName, partialLatex } from '../../src/webview/math';

test('numbers: significant digits, scientific for extremes, Unicode minus, non-finite names', () => {
  assert.equal(formatNumber(3.0700000000000003), '3.07');
  assert.equal(formatNumber(-2.5), '−2.5');
  assert.equal(formatNumber(1234567), '1.23457e6');
  assert.equal(formatNumber(0.00001234), '1.234e-5');
  assert.equal(formatNumber(1 / 3, 3), '0.333');
  assert.equal(formatNumber(2, 4, 'fixed'), '2.000');
  assert.equal(formatNumber(1500, 2, 'scientific'), '1.5e3');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(-Infinity), '−∞');
  assert.equal(formatError(null), '—');
  assert.equal(formatError(3.2e-11), '3.2e-11');
});

test('user numbers: decimals and exponents accepted, anything else refused', () => {
  assert.equal(parseUserNumber(' 1.5 '), 1.5);
  assert.equal(parseUserNumber('−2e-3'), -0.002);
  assert.equal(parseUserNumber('.5'), 0.5);
  for (const bad of ['', 'pi', '1/2', '1e999', '0x10', '1,5', '--1']) assert.equal(parseUserNumber(bad), undefined, bad);
});

test('plot layout: decades span the data, log scale maps monotonically, gaps break the line', () => {
  const pts: Array<[number, number]> = [];
  for (let k = 1; k <= 16; k++) pts.push([10 ** -k, Math.abs(10 ** -k - 1e-8) + 1e-12]);
  const layout = plotLayout([
    { method: 'central', label: 'central', points: pts },
    { method: 'forward', label: 'forward', points: [[1e-1, 1e-2], [1e-2, 0], [1e-3, NaN], [1e-4, 1e-5], [1e-5, 1e-6]] },
  ])!;
  assert.deepEqual(layout.xRange, [-16, -1]);
  const ys = layout.yTicks.map((t) => t.pos);
  assert.ok(ys.every((y, i) => i === 0 || y < ys[i - 1]), 'y ticks go up the screen as the error grows');
  const xs = layout.xTicks.map((t) => t.pos);
  assert.ok(xs[0] >= DEFAULT_BOX.left - 0.01 && xs[xs.length - 1] <= DEFAULT_BOX.width - DEFAULT_BOX.right + 0.01);
  assert.equal(layout.toX(1e-16), DEFAULT_BOX.left);
  // forward: points 1 and 4,5 usable with a gap between them → two sub-paths
  assert.equal((layout.paths[1].d.match(/M/g) ?? []).length, 2);
  assert.equal(layout.paths[1].points.length, 3);
  assert.equal(plotLayout([{ method: 'x', label: 'x', points: [[1e-3, 0]] }]), undefined);
  assert.equal(superscriptDecade(-12), '10⁻¹²');
});

test('source: language ids, assignment lines, size limits', () => {
  assert.equal(engineLanguage('python'), 'python');
  assert.equal(engineLanguage('typescriptreact'), 'typescriptreact');
  assert.equal(engineLanguage(''), 'auto');
  assert.equal(isSupportedLanguage('rust'), true);
  assert.equal(isSupportedLanguage('json'), false);
  assert.equal(isAssignmentLine('    loss = (y - t)**2'), true);
  assert.equal(isAssignmentLine('const f = (x) => x*x;'), true);
  assert.equal(isAssignmentLine('if (a == b) {'), false);
  assert.equal(isAssignmentLine('# x = 1'), false);
  assert.equal(isAssignmentLine('a == b'), false);
  assert.equal(sizeProblem('x'.repeat(10), { maxChars: 100, maxLines: 5 }), undefined);
  assert.match(sizeProblem('x'.repeat(101), { maxChars: 100, maxLines: 5 })!, /101 characters.*at most 100/);
  assert.match(sizeProblem('a\nb\nc', { maxChars: 100, maxLines: 2 })!, /3 lines/);
});

test('random points are reproducible, rounded, and positive when asked', () => {
  const a = randomPoint(['x', 'y', 'z'], seededRandom(7));
  const b = randomPoint(['x', 'y', 'z'], seededRandom(7));
  assert.deepEqual(a, b);
  for (const v of Object.values(a)) assert.ok(Math.abs(v) >= 0.25 && Math.abs(v) <= 2 && Math.round(v * 1000) === v * 1000);
  const p = randomPoint(Array.from({ length: 50 }, (_, i) => `v${i}`), seededRandom(3), true);
  assert.ok(Object.values(p).every((v) => v > 0));
});

test('hover SVG: a stacked fraction per row, escaped text, sizes that grow with content', () => {
  const style = { color: '#d4d4d4', muted: '#999', fontSize: 15 };
  const one = renderMathRows([{ num: '∂f', den: '∂x', rhs: ['2x + y'], note: '= 4' }], style);
  const two = renderMathRows([
    { num: '∂f', den: '∂x', rhs: ['2x + y'] },
    { num: '∂f', den: '∂y', rhs: ['x + 2y < t₁', 'where t₁ = e^x'] },
  ], style);
  assert.match(one.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
  assert.equal((one.svg.match(/<line /g) ?? []).length, 1);
  assert.equal((two.svg.match(/<line /g) ?? []).length, 2);
  assert.ok(two.height > one.height);
  assert.ok(two.svg.includes('x + 2y &lt; t₁'));
  assert.ok(!two.svg.includes('< t₁'));
  assert.ok(one.svg.includes('fill="#d4d4d4"'));
  assert.ok(textWidthEm('mmm') > textWidthEm('iii'));
  assert.equal(escapeXml(`a<b>&"'`), 'a&lt;b&gt;&amp;&quot;&apos;');
  const uri = svgDataUri(one.svg);
  assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
  assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString('utf8'), one.svg);
});

test('webview HTML: strict CSP with the nonce, no inline script or style, escaped URIs', () => {
  const nonce = makeNonce(() => 0.5);
  assert.equal(nonce.length, 32);
  assert.notEqual(makeNonce(), makeNonce());
  const csp = contentSecurityPolicy('vscode-resource:', nonce);
  assert.equal(csp, `default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource: 'nonce-${nonce}'; font-src vscode-resource:; ` +
    `script-src 'nonce-${nonce}'; connect-src vscode-resource:; worker-src blob:`);
  const html = inspectorHtml({
    cspSource: 'https://x', nonce, scriptUri: 'https://x/dist/webview.js?a=1&b="2"', styleUris: ['https://x/media/a.css'], host: 'panel',
    elkWorkerUri: 'https://x/media/elk/elk-worker.min.js',
  });
  assert.ok(html.includes('data-elk-worker="https://x/media/elk/elk-worker.min.js"'));
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/dist/webview.js?a=1&amp;b=&quot;2&quot;"></script>`));
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/style=|<style|onclick|onload|unsafe-inline|unsafe-eval/.test(html));
  assert.ok(html.includes('data-host="panel"'));
});

test('webview HTML with the script and styles inline: only with the nonce, and nothing in them can end their element', () => {
  const nonce = makeNonce(() => 0.25);
  const script = 'const a = "</script><script>alert(1)</script><!--"; const r = /<\\/SCRIPT>/; const t = `</Script>`;';
  const html = inspectorHtml({
    cspSource: 'https://x', nonce, scriptUri: 'https://x/dist/webview.js', styleUris: ['https://x/a.css'], host: 'sidebar',
    elkWorkerUri: 'https://x/elk.js', inline: { script, styles: ['.a{content:"</style><script>x</script>"}', 'b{color:red}'] },
    fontPreloads: ['https://x/media/katex/fonts/KaTeX_Main-Regular.woff2'],
  });
  // one script element, the inline one with the nonce, that nothing inside ends; no src
  const body = html.slice(html.indexOf('<body'));
  const inline = /<script nonce="([^"]+)">([\s\S]*?)<\/script>/i.exec(body)!;
  assert.equal(inline[1], nonce);
  assert.equal(body.slice(inline.index + inline[0].length).trim(), '</body>\n</html>', 'the script element runs to the end');
  assert.ok(!/<\/script|<!--/i.test(inline[2]));
  assert.ok(!html.includes('src="https://x/dist/webview.js"'));
  const styles = [...html.matchAll(/<style nonce="([^"]+)">([\s\S]*?)<\/style>/gi)];
  assert.deepEqual(styles.map((m) => m[1]), [nonce, nonce]);
  assert.equal(styles[1][2], 'b{color:red}', 'the first style sheet cannot close its element');
  assert.ok(!/<link rel="stylesheet"/.test(html));
  assert.ok(html.includes('<link rel="preload" href="https://x/media/katex/fonts/KaTeX_Main-Regular.woff2" as="font" type="font/woff2" crossorigin>'));
  assert.ok(!/style=|onclick|onload|unsafe-inline|unsafe-eval/.test(html));
  // the script means what it meant: \x3C is <
  assert.deepEqual(JSON.parse(vm.runInNewContext(`${inline[2]}; JSON.stringify([a, r.source, t])`) as string), ['</script><script>alert(1)</script><!--', '<\\/SCRIPT>', '</Script>']);
});

test('TeX helpers: names and partial fractions', () => {
  assert.equal(texName('x1'), 'x_{1}');
  assert.equal(texName('alpha'), '\\alpha');
  assert.equal(texName('loss'), '\\mathrm{loss}');
  assert.equal(texName('d_x'), '\\mathrm{d\\_x}');
  assert.equal(partialLatex('f', 'x1'), '\\frac{\\partial f}{\\partial x_{1}}');
});

test('webview HTML with the model in the page: one attribute, escaped, that reads back to the same message', () => {
  const msg = {
    type: 'model', model: { kind: 'result', pinned: false, live: true, message: '"></body><script>alert(1)</script> & \' <!--', warnings: ['a < b'] },
    trace: { seq: 3, trigger: 'command', stage: 'partials', start: 1, posted: 2, embedded: true },
  };
  const html = inspectorHtml({
    cspSource: 'https://x', nonce: makeNonce(() => 0.75), scriptUri: 'https://x/dist/webview.js', styleUris: [], host: 'sidebar',
    elkWorkerUri: 'https://x/elk.js', initial: JSON.stringify(msg),
  });
  const attr = /<body [^>]*data-initial='([^']*)'[^>]*>/.exec(html);
  assert.ok(attr, 'the model is an attribute of <body>');
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'nothing in the model makes an element');
  assert.ok(!/[<>]/.test(attr[1]));
  const unescaped = attr[1].replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert.deepEqual(JSON.parse(unescaped), msg);
  assert.ok(!inspectorHtml({ cspSource: 'https://x', nonce: 'n', scriptUri: 's', styleUris: [], host: 'panel', elkWorkerUri: 'e' }).includes('data-initial'));
});
