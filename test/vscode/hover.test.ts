// The hover provider, through vscode.executeHoverProvider as VS Code itself asks it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertClose, closeAll, hoverRows, hoverText, openWithSelection, waitFor, withSetting } from './helpers';

const EXPR = 'x * x * y + sin(y)';

suite('hover', () => {
  teardown(closeAll);

  test('over the selection: typeset image, plain partials with values, command link', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\n`, EXPR);
    const text = await waitFor(async () => {
      const t = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
      return t.includes('df/dx') ? t : undefined;
    }, 'a Partials hover');
    assert.match(text, /!\[[^\]]*∂f\/∂x[^\]]*\]\(data:image\/svg\+xml/, 'the partials typeset as an SVG image');
    assert.match(text, /command:partials\.inspectSelection\?/, 'an "Open in Partials" link');
    const rows = hoverRows(text);
    assert.deepEqual(rows.map((r) => `${r.of}/${r.wrt}`), ['f/x', 'f/y']);
    const at = /at x = ([-\d.]+), y = ([-\d.]+)/.exec(text.replace(/\\/g, ''));
    assert.ok(at, `the point is shown: ${text}`);
    const [x, y] = [Number(at[1]), Number(at[2])];
    assertClose(rows[0].value, 2 * x * y, 1e-5, '∂f/∂x');
    assertClose(rows[1].value, x * x + Math.cos(y), 1e-5, '∂f/∂y');
  });

  test('no Partials hover outside the selection in the default mode', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\ndouble g = x * y;\n`, EXPR);
    const text = await hoverText(editor.document.uri, new vscode.Position(1, 12));
    assert.ok(!text.includes('dg/dx'), text);
  });

  test('setting hover.mode = off turns the hover off; always shows it on assignment lines', async () => {
    const editor = await openWithSelection('t.c', `double f = ${EXPR};\ndouble g = x * y;\n`, EXPR);
    let restore = await withSetting('hover.mode', 'off');
    try {
      const off = await hoverText(editor.document.uri, editor.selection.start.translate(0, 2));
      assert.ok(!off.includes('df/dx'), off);
    } finally {
      await restore();
    }
    restore = await withSetting('hover.mode', 'always');
    try {
      const text = await waitFor(async () => {
        const t = await hoverText(editor.document.uri, new vscode.Position(1, 12));
        return t.includes('dg/dx') ? t : undefined;
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
      return t.includes('df/dx') ? t : undefined;
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

  test('a bad selection hovers with the error message', async () => {
    const editor = await openWithSelection('t.c', 'double z = (x +* 2);\n', '(x +* 2)');
    const text = await hoverText(editor.document.uri, editor.selection.start.translate(0, 1));
    assert.match(text, /\*\*Partials:\*\* .+line 1, column \d+/);
  });
});
