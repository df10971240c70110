// The .dx scratch pad inside a real VS Code: language registration, CodeLens, diagnostics, quick fix, hover,
// New Scratch Pad.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, assertClose, closeAll, hoverText, openWithSelection, partialsApi, waitFor } from './helpers';

const PAD = `# logistic regression
x = 2.0; y = 1
w = 0.5; b = -0.25
z = w*x + b
loss = log(1 + exp(-y*z))
wrt w, b
dloss/dw = -x*y*exp(-y*z)/(1 + exp(-y*z))
dloss/db = -y*exp(-y*z)
q = sin(zz)
`;

const z = 0.5 * 2 - 0.25;
const sig = (t: number) => 1 / (1 + Math.exp(-t));

/** A pad in its own file: untitled pads reuse their URIs (Untitled-1), so one test's lenses could answer for the next's. */
async function openPad(content = PAD): Promise<vscode.TextEditor> {
  const editor = await openWithSelection('pad.dx', content, '');
  assert.equal(editor.document.languageId, 'dx');
  return editor;
}

function partialsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Partials');
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

function lensTitles(ls: vscode.CodeLens[], line: number): string[] {
  return ls.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
}

/** Number after `label = ` in a lens title. */
function numberAfter(title: string, label: string): number {
  const i = title.indexOf(`${label} = `);
  assert.ok(i >= 0, `'${label} = ' in '${title}'`);
  return Number(title.slice(i + label.length + 3).split(/\s/)[0]);
}

suite('dx scratch pad', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAll);

  test('.dx files get the dx language, its grammar and the New Scratch Pad command', async () => {
    const ext = await activateExtension();
    const pkg = ext.packageJSON as { contributes: { languages: Array<{ id: string; extensions: string[] }>; grammars: Array<{ language: string; scopeName: string }> } };
    assert.deepEqual(pkg.contributes.languages.find((l) => l.id === 'dx')?.extensions, ['.dx']);
    assert.equal(pkg.contributes.grammars.find((g) => g.language === 'dx')?.scopeName, 'source.dx');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace is open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'scratch.dx'));
    assert.equal(doc.languageId, 'dx');
    const before = vscode.workspace.textDocuments.length;
    await vscode.commands.executeCommand('partials.newScratchPad');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.languageId === 'dx' && vscode.window.activeTextEditor.document.isUntitled
      ? vscode.window.activeTextEditor : undefined), 'the new scratch pad');
    assert.ok(vscode.workspace.textDocuments.length > before);
    assert.match(editor.document.getText(), /^wrt w, b/m);
    // the sample itself has one wrong claim to show the quick fix
    const diags = await waitFor(() => partialsDiagnostics(editor.document.uri).length ? partialsDiagnostics(editor.document.uri) : undefined, 'sample diagnostics');
    assert.deepEqual(diags.map((d) => d.code), ['wrong-claim']);
  });

  test('CodeLens: values and partials above definitions, verdicts above claims, the point on wrt', async () => {
    const editor = await openPad();
    // this pad's lenses (an untitled pad's URI is reused: the previous test's pad may answer first)
    const ls = await waitFor(async () => {
      const found = await lenses(editor.document.uri);
      return found.length >= 5 && lensTitles(found, 3)[0]?.startsWith(`z = ${z}`) ? found : undefined;
    }, 'code lenses');
    const zTitle = lensTitles(ls, 3)[0];
    assert.equal(numberAfter(zTitle, 'z'), z);
    assert.equal(numberAfter(zTitle, '∂z/∂w'), 2);
    assert.equal(numberAfter(zTitle, '∂z/∂b'), 1);
    const lossTitle = lensTitles(ls, 4)[0];
    assert.ok(Math.abs(numberAfter(lossTitle, 'loss') - Math.log(1 + Math.exp(-z))) < 1e-5, lossTitle);
    assert.ok(Math.abs(numberAfter(lossTitle, '∂loss/∂w') - -2 * sig(-z)) < 1e-5, lossTitle);
    assert.ok(Math.abs(numberAfter(lossTitle, '∂loss/∂b') - -sig(-z)) < 1e-5, lossTitle);
    assert.deepEqual(lensTitles(ls, 5), ['Point: w = 0.5, b = -0.25, x = 2 (fixed), y = 1 (fixed)']);
    assert.deepEqual(lensTitles(ls, 6), ['✓ holds (proven)']);
    const wrong = lensTitles(ls, 7)[0];
    assert.match(wrong, /^✗ wrong: ∂loss\/∂b = /);
    assert.match(wrong, /\bz\b/, 'the correct derivative keeps the name z');
    // number lines and the line with an unknown name get no lens
    assert.deepEqual(lensTitles(ls, 1), []);
    assert.deepEqual(lensTitles(ls, 8), []);
    const lens = ls.find((l) => l.range.start.line === 3)!;
    assert.equal(lens.command?.command, 'partials.dx.inspectStatement');
  });

  test('diagnostics: a wrong claim and an unknown name, at their positions', async () => {
    const editor = await openPad();
    const uri = editor.document.uri;
    const diags = await waitFor(() => (partialsDiagnostics(uri).length >= 2 ? partialsDiagnostics(uri) : undefined), 'diagnostics');
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [
      ['wrong-claim', vscode.DiagnosticSeverity.Error, 7, 11],
      ['input', vscode.DiagnosticSeverity.Error, 8, 8],
    ]);
    assert.equal(editor.document.getText(diags[0].range), '-y*exp(-y*z)');
    assert.match(diags[0].message, /^Wrong: ∂loss\/∂b = /);
    assert.equal(editor.document.getText(diags[1].range), 'zz');
    assert.match(diags[1].message, /Unknown name 'zz'/);
  });

  test('diagnostics follow edits: fixing the typo clears its error', async () => {
    const editor = await openPad();
    const uri = editor.document.uri;
    await waitFor(() => partialsDiagnostics(uri).some((d) => d.code === 'input'), 'the unknown-name error');
    const line = editor.document.lineAt(8);
    await editor.edit((b) => b.replace(line.range, 'q = sin(z)'));
    await waitFor(() => !partialsDiagnostics(uri).some((d) => d.code === 'input'), 'the error to clear');
    assert.deepEqual(partialsDiagnostics(uri).map((d) => d.code), ['wrong-claim']);
  });

  test('quick fix "Replace with the correct derivative" makes the claim hold', async () => {
    const editor = await openPad();
    const doc = editor.document;
    const diag = await waitFor(() => partialsDiagnostics(doc.uri).find((d) => d.code === 'wrong-claim'), 'the wrong claim');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Replace with the correct derivative');
    assert.ok(fix?.edit, 'the quick fix is offered with an edit');
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const claimLine = doc.lineAt(7).text;
    assert.match(claimLine, /^dloss\/db = /);
    assert.notEqual(claimLine, 'dloss/db = -y*exp(-y*z)');
    await waitFor(() => !partialsDiagnostics(doc.uri).some((d) => d.code === 'wrong-claim'), 'the wrong-claim error to clear');
    const ls = await lenses(doc.uri);
    assert.deepEqual(lensTitles(ls, 7).map((t) => t.startsWith('✓ holds')), [true]);
  });

  test('clicking a wrong claim’s lens applies the same fix', async () => {
    const editor = await openPad();
    const doc = editor.document;
    const ls = await waitFor(async () => (await lenses(doc.uri)).find((l) => l.range.start.line === 7), 'the claim lens');
    assert.equal(ls.command?.command, 'partials.dx.replaceClaim');
    await vscode.commands.executeCommand(ls.command!.command, ...(ls.command!.arguments ?? []));
    await waitFor(async () => lensTitles(await lenses(doc.uri), 7)[0]?.startsWith('✓ holds'), 'the claim to hold');
  });

  test('clicking a definition’s lens opens it in the inspector, with the pad’s point and inputs', async () => {
    const api = await partialsApi();
    const editor = await openPad();
    const lens = await waitFor(async () => (await lenses(editor.document.uri)).find((l) => l.range.start.line === 4), 'the loss lens');
    const before = api.model();
    assert.equal(await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? [])), true);
    const model = await waitFor(() => {
      const m = api.model();
      return m !== before && m.kind !== 'empty' && m.origin?.languageId === 'dx' ? m : undefined;
    }, 'the inspector model', 15000);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    assert.deepEqual(model.expression?.outputs.map((o) => o.name), ['loss']);
    assert.deepEqual(model.expression?.inputs, ['w', 'b']);
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    assert.deepEqual([at.w, at.b, at.x, at.y], [0.5, -0.25, 2, 1]);
    const byWrt = Object.fromEntries((model.partials ?? []).map((p) => [p.wrt, p.value]));
    assertClose(byWrt.w, -2 * sig(-z), 1e-12, '∂loss/∂w');
    assertClose(byWrt.b, -sig(-z), 1e-12, '∂loss/∂b');
    assert.equal(editor.document.getText(editor.selection), 'loss = log(1 + exp(-y*z))', 'the statement is selected');
  });

  test('hover on a name: its value and partials; on an input: its value', async () => {
    const editor = await openPad();
    const doc = editor.document;
    const onLoss = await hoverText(doc.uri, new vscode.Position(4, 1));
    assert.match(onLoss, /\*\*loss\*\*/);
    assert.match(onLoss, /∂loss\/∂w = /);
    assert.match(onLoss, /∂loss\/∂b = /);
    assert.match(onLoss, new RegExp(String(Number(Math.log(1 + Math.exp(-z)).toPrecision(6))).replace('.', '\\.')));
    const onZ = await hoverText(doc.uri, new vscode.Position(4, 22));
    assert.match(onZ, /\*\*z\*\* = `w x \+ b` = \*\*0\.75\*\*/);
    const onW = await hoverText(doc.uri, new vscode.Position(3, 4));
    assert.match(onW, /\*\*w\*\* = 0\.5: an input/);
  });

  // Issue #16: a .dx pad is analysed in the engine's worker with a time budget; one too large gets a diagnostic
  // saying so instead of a frozen window (3 000 lines took 7 s on the extension host, 6 500 lines 38 s).
  test('a pad too slow to analyse within the budget gets a diagnostic saying so; the editor stays usable', async () => {
    // 1 500 definitions, each with a claim (a minute of work in all: each claim is sampled at points that vary all
    // 3 000 names); a 3 000-line chain of definitions is no longer slow enough (a second in all)
    const lines = ['x = 0.5', 'y = 0.25', ...Array.from({ length: 1500 }, (_, i) =>
      `f${i} = tanh(a${i}*x + b${i}*y)^2 * exp(-a${i}*x*y) / (1 + b${i}^2*x^2)\ndf${i}/dx = 2*a${i}*x`)];
    const editor = await openPad(lines.join('\n'));
    // Analysed in steps (DX_STEP_MS): what is not done yet is marked at its first statement, and the engine goes on;
    // a step that still takes longer than the whole budget (a slow machine) ends with the too-large diagnostic.
    const diag = await waitFor(() => partialsDiagnostics(editor.document.uri).find((d) => d.code === 'too-large' || d.code === 'pending'), 'the pending or too-large diagnostic', 30_000);
    if (diag.code === 'pending') {
      assert.match(diag.message, /^Not analysed yet: the time budget ran out before this statement and \d+ more below\. Partials goes on/);
      assert.ok(diag.range.start.line > 0, String(diag.range.start.line));
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Information);
    } else {
      assert.match(diag.message, /took longer than 3 s.*split it into smaller pads/);
      assert.equal(diag.range.start.line, 0);
    }
    // the extension host answers at once meanwhile: an edit goes through
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# big\n')));
  });

  test('a pad over the size limit gets a diagnostic with its size', async () => {
    const editor = await openPad(`x = 1\n${'# padding\n'.repeat(21_000)}y = x^2\n`);
    const diag = await waitFor(() => partialsDiagnostics(editor.document.uri).find((d) => d.code === 'too-large'), 'the too-large diagnostic');
    assert.match(diag.message, /has \d+ characters; Partials analyses at most 200000/);
  });
});
