// The hover provider, through vscode.executeHoverProvider as VS Code itself asks it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertClose, closeAll, hoverText, openWithSelection, waitFor, withSetting } from './helpers';

const EXPR = 'x * x * y + sin(y)';

interface Row { of: string; wrt: string; value: number; formula: string }

/** The compact hover's table rows: `| ∂f/∂x | value | formula |` (Markdown escapes removed from the first two). */
function hoverRows(md: string): Row[] {
  const rows: Row[] = [];
  for (const line of md.split('\n')) {
    const m = /^\| ∂(.+?)\/∂(.+?) \| (\S+)[^|]*\| (.*) \|$/.exec(line);
    if (!m) continue;
    const un = (t: string) => t.replace(/\\(.)/g, '$1');
    rows.push({ of: un(m[1]), wrt: un(m[2]), value: Number(un(m[3]).replace('−', '-')), formula: m[4] });
  }
  return rows;
}

/** Width and height of the SVG image in a Markdown image `![…](data:image/svg+xml;base64,…)`. */
function imageSize(formula: string): { width: number; height: number } | undefined {
  const m = /\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(formula);
  if (!m) return undefined;
  const svg = Buffer.from(m[1], 'base64').toString('utf8');
  const w = /<svg[^>]* width="(\d+)"/.exec(svg), h = /<svg[^>]* height="(\d+)"/.exec(svg);
  return w && h ? { width: Number(w[1]), height: Number(h[1]) } : undefined;
}

suite('hover', () => {
  teardown(closeAll);

  test('over the selection: a compact table, values first, typeset formulas, command link', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\n`, EXPR);
    const text = await waitFor(async () => {
      const t = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
      return t.includes('∂f/∂x') ? t : undefined;
    }, 'a Partials hover');
    assert.match(text, /!\[[^\]]*∂f\/∂x[^\]]*\]\(data:image\/svg\+xml/, 'the partials typeset as an SVG image');
    assert.match(text, /\[Open in Partials inspector\]\(command:partials\.inspectSelection\?/, 'an "Open in Partials inspector" link');
    const rows = hoverRows(text);
    assert.deepEqual(rows.map((r) => `${r.of}/${r.wrt}`), ['f/x', 'f/y']);
    assert.ok(text.indexOf('| ∂f/∂x |') < text.indexOf('data:image'), 'the values come before the formulas');
    const at = /at x = ([-\d.]+), y = ([-\d.]+)/.exec(text.replace(/\\/g, ''));
    assert.ok(at, `the point is shown: ${text}`);
    const [x, y] = [Number(at[1]), Number(at[2])];
    assertClose(rows[0].value, 2 * x * y, 1e-5, '∂f/∂x');
    assertClose(rows[1].value, x * x + Math.cos(y), 1e-5, '∂f/∂y');
  });

  test('no Partials hover outside the selection in the default mode', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\ndouble g = x * y;\n`, EXPR);
    const text = await hoverText(editor.document.uri, new vscode.Position(1, 12));
    assert.ok(!text.includes('∂g/∂x'), text);
  });

  test('setting hover.mode = off turns the hover off; always shows it on assignment lines', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\ndouble g = x * y;\n`, EXPR);
    let restore = await withSetting('hover.mode', 'off');
    try {
      const off = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
      assert.ok(!off.includes('∂f/∂x'), off);
    } finally {
      await restore();
    }
    restore = await withSetting('hover.mode', 'always');
    try {
      const text = await waitFor(async () => {
        const t = await hoverText(editor.document.uri, new vscode.Position(1, 12));
        return t.includes('∂g/∂x') ? t : undefined;
      }, 'an always-mode hover on line 2');
      const rows = hoverRows(text);
      assert.deepEqual(rows.map((r) => `${r.of}/${r.wrt}`), ['g/x', 'g/y']);
    } finally {
      await restore();
    }
  });

  test('setting numbers.digits changes how values are shown', async () => {
    const editor = await openWithSelection('t.c', 'double f = x * y / 3;\n', 'x * y / 3');
    const hover = (): Promise<string> => waitFor(async () => {
      const t = await hoverText(editor.document.uri, editor.selection.start.translate(0, 1));
      return t.includes('∂f/∂x') ? t : undefined;
    }, 'a Partials hover');
    const full = hoverRows(await hover());
    const restore = await withSetting('numbers.digits', 2);
    try {
      const short = hoverRows(await hover());
      assert.equal(short.length, 2);
      short.forEach((r, i) => assert.equal(r.value, Number(full[i].value.toPrecision(2)), `d${r.of}/d${r.wrt} with 2 digits`));
      assert.notDeepEqual(short.map((r) => r.value), full.map((r) => r.value), 'the default shows more digits');
    } finally {
      await restore();
    }
  });

  test('three partials of an ML formula: three rows with their values, small formulas, nothing to scroll', async () => {
    const gauss = 'np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))';
    const editor = await openWithSelection('g.py', `import numpy as np\np = ${gauss}\n`, gauss);
    const text = await waitFor(async () => {
      const t = await hoverText(editor.document.uri, editor.selection.start.translate(0, 5));
      return t.includes('∂f/∂sigma') ? t : undefined;
    }, 'a Partials hover');
    const rows = hoverRows(text);
    assert.deepEqual(rows.map((r) => r.wrt), ['x', 'mu', 'sigma']);
    const at = /at x = ([-\d.e]+), mu = ([-\d.e]+), sigma = ([-\d.e]+)/.exec(text.replace(/\\/g, '').replace(/−/g, '-'));
    assert.ok(at, `the point is shown: ${text}`);
    const [x, mu, s] = [Number(at[1]), Number(at[2]), Number(at[3])];
    const f = Math.exp(-((x - mu) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
    assertClose(rows[0].value, (-(x - mu) / (s * s)) * f, 1e-5, '∂f/∂x');
    assertClose(rows[1].value, ((x - mu) / (s * s)) * f, 1e-5, '∂f/∂mu');
    assertClose(rows[2].value, (((x - mu) ** 2) / s ** 3 - 1 / s) * f, 1e-5, '∂f/∂sigma');
    // compact: the table (the point in its header), then the links; each formula one small image (or short text)
    const lines = text.split('\n').filter((l) => l.trim());
    assert.equal(lines.length, 2 + 3 + 1, `header, rule, three rows, the links line:\n${text}`);
    assert.match(lines[0], /^\| ∂ \| value \| at x = /);
    assert.match(lines[5], /^\[Open in Partials inspector\]/);
    let height = 0;
    for (const r of rows) {
      const size = imageSize(r.formula);
      if (size) {
        assert.ok(size.height <= 40 && size.width <= 360, `∂f/∂${r.wrt}: a small image (${size.width}×${size.height})`);
        height += Math.max(size.height, 22);
      } else {
        assert.match(r.formula, /^`[^`]{1,60}`$/, `∂f/∂${r.wrt}: short plain text`);
        height += 22;
      }
    }
    // VS Code's hover is at least 250 px tall before it scrolls: header, rows and the links line fit in that
    assert.ok(height + 2 * 24 <= 250, `estimated hover height ${height + 48} px`);
  });

  test('a bad selection hovers with the error message', async () => {
    const editor = await openWithSelection('t.c', 'double z = (x +* 2);\n', '(x +* 2)');
    const text = await hoverText(editor.document.uri, editor.selection.start.translate(0, 1));
    assert.match(text, /\*\*Partials:\*\* .+line 1, column \d+/);
  });

  // Issue #16: the hover runs in the engine's worker with a 300 ms budget and a cap on what it carries, so a huge
  // selection gives a small hover quickly (never seconds of work on the extension host, nor a 37 MB image).
  test('a 19 990-letter LaTeX selection: a short "too large to preview here" hover with a link to the inspector', async () => {
    const tex = Array.from({ length: 19_990 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const editor = await openWithSelection('huge.tex', `$${tex}$\n`, tex);
    const t0 = Date.now();
    const text = await hoverText(editor.document.uri, editor.selection.start.translate(0, 3));
    const took = Date.now() - t0;
    assert.match(text, /\*\*Partials:\*\* too large to preview here\. \[Open in Partials inspector\]\(command:partials\.inspectSelection\?/, text.slice(0, 500));
    assert.ok(text.length < 2000, `a short hover (${text.length} characters)`);
    // generous (a loaded CI machine): the budget is 300 ms of engine time, the wait 2 s in all
    assert.ok(took < 15_000, `hover took ${took} ms`);
  });

  test('a*a*…*a with 8 000 factors: a small hover, whatever the engine manages in its budget', async () => {
    const product = Array.from({ length: 8000 }, () => 'a').join('*');
    const editor = await openWithSelection('prod.py', `a = 1.0\nf = ${product}\n`, product);
    const text = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
    assert.ok(text.length < 60_000, `the hover carries ${text.length} characters`);
    if (!/too large to preview here/.test(text)) {
      const rows = hoverRows(text);
      assert.deepEqual(rows.map((r) => `${r.of}/${r.wrt}`), ['f/a']);
      // collected (8000 a^7999: the display combines like factors in linear time), so small: typeset, or as plain text
      // when the image budget is spent
      assert.match(rows[0].formula, /^(`8000|!\[∂f\/∂a = 8000a\^7999\]\(data:image\/svg\+xml)/, `the partial, collected: ${rows[0].formula.slice(0, 200)}`);
      assert.ok(rows[0].formula.length < 4000, `a small formula: ${rows[0].formula.length} characters`);
    }
  });
});
