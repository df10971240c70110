// Check Gradient and Verify Hand-Written Derivative: the numeric checks and the claims they report.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, inspectActive, openWithSelection, partialsApi } from './helpers';

suite('checks', () => {
  teardown(closeAll);

  test('Check Gradient at Point: every partial checked, exact values agree', async () => {
    const api = await partialsApi();
    await openWithSelection('check.py', 'import math\nz = math.exp(x * y) / (1 + x * x)\n', 'math.exp(x * y) / (1 + x * x)');
    const { model } = await inspectActive(api, 'partials.checkGradient');
    assert.equal(model.kind, 'result');
    const rows = model.checks?.rows ?? [];
    assert.deepEqual(rows.map((r) => r.wrt).sort(), ['x', 'y']);
    for (const r of rows) {
      assert.equal(r.verdict, 'ok', `∂${r.of}/∂${r.wrt}`);
      const exact = model.partials?.find((p) => p.wrt === r.wrt)?.value;
      assert.equal(r.exact, exact);
      assert.ok(r.methods.length >= 2, 'several methods');
      for (const m of r.methods.filter((m) => m.verdict === 'ok')) {
        assert.ok(m.value !== null && Math.abs(m.value - r.exact) <= 1e-3 * Math.max(1, Math.abs(r.exact)), `${m.method}: ${m.value} vs ${r.exact}`);
      }
    }
  });

  test('Verify Hand-Written Derivative: a right claim holds, a wrong one is reported with the correct derivative', async () => {
    await partialsApi();
    await openWithSelection('claims.py', 'f = x**2 * y\ndf_dx = 2*x*y\ndf_dy = x\n');
    const claims = await vscode.commands.executeCommand<Array<{ label: string; result: string; correct?: string }>>('partials.verifyDerivative');
    assert.ok(Array.isArray(claims), 'the command returns the claims');
    const byLabel = Object.fromEntries(claims.map((c) => [c.label.split('=')[0].trim(), c]));
    assert.equal(byLabel.df_dx?.result, 'holds');
    assert.equal(byLabel.df_dy?.result, 'wrong');
    assert.match(byLabel.df_dy.correct ?? '', /^x\s*\^\s*2$/);
  });
});
