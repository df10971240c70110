// Insert Gradient Code / Function / Hessian on vectorised selections of the demos (NumPy, PyTorch, MATLAB/Octave,
// Julia), through the real commands: where the code lands, its indentation, one undo step, and — running the
// document with the code in it (python3; Octave and Julia when present) — the gradients equal the engine's to
// 1e-10. Also the hover of a vectorised selection: the gradient in matrix notation and its value.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzeTensor, type Nested, type TensorLanguage } from '../../src/core/tensor';
import { documentArrays } from '../../src/core/tensor/documentArrays';
import { closeAll, hoverText, openWithSelection, partialsApi, waitFor } from './helpers';

const PYTHON = '/usr/bin/python3';
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const pyHas = (m: string) => spawnSync(PYTHON, ['-c', `import ${m}`], { timeout: 120_000 }).status === 0;

async function demo(file: string): Promise<string> {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'a workspace folder (a copy of demo/) is open');
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ws.uri, file)));
}

const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function close(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries, expected ${expected.length}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-10 * Math.max(1, Math.abs(expected[i])), `${what}[${i}] = ${a}, the engine says ${expected[i]}`));
}

/** Runs `program` (file `name`) in a temp dir with `cmd`; the last line of stdout is JSON. */
function run(cmd: string, args: string[], name: string, program: string): Record<string, Nested> {
  const dir = mkdtempSync(join(tmpdir(), 'partials-vs-tensor-'));
  try {
    writeFileSync(join(dir, name), program);
    const r = spawnSync(cmd, [...args, join(dir, name)], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `${cmd} failed:\n${r.stderr}\n${r.stdout}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Nested>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PY_DUMP = "import json as _json\nimport numpy as _np\nprint(_json.dumps({k: _np.asarray(v.detach().numpy() if hasattr(v, 'detach') else v, dtype=float).tolist() for k, v in OUT.items()}))\n";

/** The document's lines with `line` put after the last line of the inserted block (the block is found by its header comment). */
function withCapture(text: string, capture: (indent: string) => string): string {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /(#|%) value(, gradient)? and (gradient|Hessian) in matrix form/.test(l));
  assert.ok(head >= 0, 'the inserted block is in the document');
  const indent = /^\s*/.exec(lines[head])![0];
  let end = head + 1;
  while (end < lines.length && lines[end].startsWith(indent) && /^\s*(grad_|hess_|t\d|s\d|f\b|f_|\w+ = )/.test(lines[end].slice(indent.length)) && lines[end].trim()) end++;
  lines.splice(end, 0, capture(indent));
  return lines.join('\n');
}

function expected(selected: string, language: TensorLanguage, at: Record<string, Nested>, names: string[]): number[][] {
  const a = analyzeTensor(selected, { language, at });
  return [flat(a.output.value!), ...names.slice(1).map((n) => flat(a.partials.find((p) => p.wrt === n.replace(/^grad_/, ''))!.value!))];
}

/** Opens a copy of the demo, selects `selected`, runs `command`; checks the one-undo-step restore and returns the text. */
async function insertInto(file: string, selected: string, command: string, args: Record<string, string>): Promise<{ text: string; before: string; editor: vscode.TextEditor }> {
  await partialsApi();
  const before = await demo(file);
  const editor = await openWithSelection(file, before, selected);
  const ok = await vscode.commands.executeCommand(command, args);
  assert.equal(ok, true, `${command} reports success`);
  const text = editor.document.getText();
  assert.notEqual(text, before, 'code was inserted');
  // everything but the inserted lines is as it was: the document minus one contiguous run of lines
  const a = before.split('\n'), b = text.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  assert.equal(i + j, a.length, 'one block of lines was added, nothing else changed');
  await vscode.commands.executeCommand('undo');
  assert.equal(editor.document.getText(), before, 'one undo restores the document exactly');
  await vscode.commands.executeCommand('redo');
  assert.equal(editor.document.getText(), text);
  return { text, before, editor };
}

suite('insert vectorised code', () => {
  teardown(closeAll);

  test('NumPy (least_squares.py): Insert Gradient Code goes before the return, indented, and runs', async function () {
    const selected = 'r = X @ w - y\n    return r @ r';
    const { text, before } = await insertInto('least_squares.py', selected, 'partials.insertGradientCode', { style: 'closed' });
    const lines = text.split('\n');
    const ret = lines.indexOf('    return r @ r');
    const grad = lines.indexOf('    grad_w = 2.0 * (X.T @ t1)');
    assert.ok(grad > 0 && grad < ret, `grad_w before the return:\n${text}`);
    if (!pyHas('numpy')) return this.skip();
    const names = ['f', 'grad_X', 'grad_w', 'grad_y'];
    const out = run(PYTHON, [], 'main.py', `${withCapture(text, (ind) => `${ind}__import__('builtins').OUT = {${names.map((n) => `'${n}': ${n}`).join(', ')}}`)}\nloss(w, X, y)\n${PY_DUMP}`);
    const at = documentArrays(before, 'python', before.indexOf(selected));
    expected(selected, 'numpy', at, names).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
  });

  test('NumPy: Insert Gradient Function goes beside ridge with its parameter order; Insert Hessian gives hess_w', async function () {
    const selected = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
    const { text } = await insertInto('least_squares.py', selected, 'partials.insertGradientFunction', { style: 'closed' });
    const lines = text.split('\n');
    const def = lines.indexOf('def ridge_grad(w, X, y, lam):');
    assert.ok(def > lines.indexOf('def ridge(w, X, y, lam):') && def < lines.indexOf('def mse(w, X, y):'), text);
    const h = await insertInto('least_squares.py', selected, 'partials.insertHessianCode', {});
    assert.match(h.text, /^ {4}hess_w = 2\.0 \* \(lam \* np\.eye\(\w+\.shape\[\d\]\) \+ \w+ @ X\)$/m);
    if (!pyHas('numpy')) return this.skip();
    const out = run(PYTHON, [], 'main.py', `${withCapture(h.text, (ind) => `${ind}__import__('builtins').OUT = {'H': hess_w, 'g': grad_w}`)}\nridge(w, X, y, lam)\n${PY_DUMP}`);
    const at = documentArrays(h.before, 'python', h.before.indexOf(selected));
    const a = analyzeTensor(selected, { language: 'numpy', at, hessian: 'w' });
    close(flat(out.H), flat(a.hessian!.value!), 'hess_w');
  });

  test('PyTorch (mlp_torch.py): statements before the return run with torch', async function () {
    const selected = 'h = torch.tanh(X @ W1 + b1)\n    return F.mse_loss(h @ w2, y)';
    const { text } = await insertInto('mlp_torch.py', selected, 'partials.insertGradientCode', { target: 'pytorch', style: 'closed' });
    assert.match(text, /^ {4}grad_b1 = torch\.sum\(\w+, dim=0\)$/m);
    if (!pyHas('torch')) return this.skip();
    const names = ['f', 'grad_X', 'grad_W1', 'grad_b1', 'grad_w2', 'grad_y'];
    const out = run(PYTHON, [], 'main.py', `${withCapture(text, (ind) => `${ind}__import__('builtins').OUT = {${names.map((n) => `'${n}': ${n}`).join(', ')}}`)}\nloss(W1, b1, w2)\n`
      + `for _k, _v in [("X", X), ("y", y), ("W1", W1), ("b1", b1), ("w2", w2)]: OUT["in_" + _k] = _v\n${PY_DUMP}`);
    const at = Object.fromEntries(['X', 'y', 'W1', 'b1', 'w2'].map((k) => [k, out[`in_${k}`]]));
    expected(selected, 'numpy', at, names).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
  });

  test('MATLAB/Octave (ridge.m, opened as Objective-C without a MATLAB extension): statements inside ridge_cost, run with Octave', async function () {
    const selected = "  m = 4;\n  r = X*theta - y;\n  J = (r'*r) / (2*m) + (lambda/2) * (theta'*theta);";
    const { text } = await insertInto('ridge.m', selected, 'partials.insertGradientCode', { style: 'closed' });
    const lines = text.split('\n');
    const grad = lines.findIndex((l) => l.startsWith('  grad_theta = '));
    assert.ok(grad > lines.findIndex((l) => l.startsWith('  J = (r')) && grad < lines.indexOf('end'), text);
    if (!has('octave')) {
      console.log('skipping the Octave run: octave is not installed');
      return this.skip();
    }
    const names = ['f', 'grad_X', 'grad_theta', 'grad_y', 'grad_lambda'];
    const at = { X: [[1, 2, 0.5], [0.3, -1, 2], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]], theta: [0.5, -0.25, 1], y: [1, 0, 2, -1], lambda: 0.3 };
    const m = (v: number[][]) => `[${v.map((r) => r.join(' ')).join('; ')}]`;
    const col = (v: number[]) => `[${v.join('; ')}]`;
    const out = run('octave', ['--no-gui', '--quiet', '--norc'], 'main.m', `1;\n${withCapture(text, (ind) => `${ind}global OUT; OUT = {${names.join(', ')}};`)}\n`
      + `global OUT;\nridge_cost(${col(at.theta)}, ${m(at.X)}, ${col(at.y)}, ${at.lambda});\n`
      + `s = '{'; for k = 1:numel(OUT) v = OUT{k}; if k > 1 s = [s ', ']; end; s = [s sprintf('"r%d": [', k) strjoin(arrayfun(@(x) sprintf('%.17g', x), reshape(v.', 1, []), 'UniformOutput', false), ', ') ']']; end; disp([s '}']);\n`);
    expected(selected, 'matlab', at, names).forEach((e, i) => close(flat(out[`r${i + 1}`]), e, names[i]));
  });

  test('Julia (gaussian.jl): statements before ridge\'s return (run when julia is present)', async function () {
    const selected = '    r = X*w .- y\n    return dot(r, r) + 0.1 * norm(w)^2';
    const { text } = await insertInto('gaussian.jl', selected, 'partials.insertGradientCode', { style: 'closed' });
    const lines = text.split('\n');
    const grad = lines.findIndex((l) => l.startsWith('    grad_w = '));
    assert.ok(grad > 0 && grad < lines.indexOf('    return dot(r, r) + 0.1 * norm(w)^2'), text);
    if (!has('julia')) {
      console.log('skipping the Julia run: julia is not installed');
      return this.skip();
    }
    const names = ['f', 'grad_X', 'grad_w', 'grad_y'];
    const at = { X: [[1, 2], [0.5, -1], [3, 0.25]], w: [0.5, -0.25], y: [1, 0, 2] };
    const jl = (v: Nested): string => (Array.isArray((v as Nested[])[0]) ? `[${(v as number[][]).map((r) => r.join(' ')).join('; ')}]` : `[${(v as number[]).join(', ')}]`);
    const out = run('julia', [], 'main.jl', `${withCapture(text, (ind) => `${ind}global OUT = (${names.join(', ')},)`)}\nX = ${jl(at.X)}\ny = ${jl(at.y)}\nridge(${jl(at.w)})\n`
      + 'println("{" * join(["\\"r$k\\": [" * join(string.(vec(permutedims(OUT[k] isa AbstractMatrix ? OUT[k] : reshape([OUT[k];], :, 1)))), ", ") * "]" for k in 1:length(OUT)], ", ") * "}")\n');
    expected(selected, 'julia', at, names).forEach((e, i) => close(flat(out[`r${i + 1}`]), e, names[i]));
  });

  test('hover over a vectorised selection: the gradient in matrix notation, typeset, and its value', async () => {
    const text = await demo('least_squares.py');
    const selected = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
    const editor = await openWithSelection('least_squares.py', text, selected);
    const md = await waitFor(async () => {
      const t = await hoverText(editor.document.uri, editor.selection.start.translate(0, 3));
      return t.includes('∂f/∂w') ? t : undefined;
    }, 'a Partials hover on the vectorised selection');
    const row = md.split('\n').find((l) => l.startsWith('| ∂f/∂w |'));
    assert.ok(row, md);
    assert.match(row, /!\[∇w f = 2\(lam w \+ Xᵀ\(X w − y\)\)\]\(data:image\/svg\+xml;base64,/, 'the gradient in matrix notation, typeset');
    // the value at the document's arrays, as a vector
    const a = analyzeTensor(selected, { language: 'numpy', at: documentArrays(text, 'python', text.indexOf(selected)) });
    const g = a.partials.find((p) => p.wrt === 'w')!.value as number[];
    const shown = /\| 3: \\\[([^\]]+)\\\]/.exec(row);
    assert.ok(shown, `the value of ∇w f as a vector: ${row}`);
    const nums = shown[1].split(', ').map((s) => Number(s.replace(/\\/g, '').replace('−', '-')));
    nums.forEach((v, i) => assert.ok(Math.abs(v - g[i]) <= 1e-3 * Math.max(1, Math.abs(g[i])), `entry ${i}: ${v} vs ${g[i]}`));
    assert.match(md, /X 4×3, w 3, y 4, lam = 0\\\.1/, 'the point: shapes of the arrays');
  });
});
