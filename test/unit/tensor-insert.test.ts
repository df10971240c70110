/**
 * The insert commands on vectorised selections, as the extension runs them (engine methods `place` and
 * `tensorCode`), on the demos: where the code goes, its indentation and line endings, and — by running the
 * document with the code inserted (NumPy and PyTorch with python3, MATLAB with Octave, Julia when present) —
 * that the gradients it computes are the engine's to 1e-10. A toolchain that is missing is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine } from '../../src/extension/engine/adapter';
import type { TensorCode } from '../../src/extension/commands/tensorCode';
import { documentLanguage, tensorTargetFor } from '../../src/extension/commands/codegenTarget';
import { analyzeTensor, tensorLanguageOf, type Nested } from '../../src/core/tensor';
import type { Insertion } from '../../src/core/codegen/placement';
import { pythonHas } from '../tensorgen/runners';

const engine = createEngine();
const demo = (file: string) => readFileSync(join(__dirname, '../../demo', file), 'utf8');
const PYTHON = '/usr/bin/python3';

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

interface Inserted {
  text: string;
  code: TensorCode;
  insertion: Insertion;
  /** Zero-based line after the inserted block (where a test may add a line that reads the results). */
  after: number;
}

/** What Insert Gradient Code / Function / Hessian does to `text` for the selection `selected` (the command's splice). */
function insert(text: string, languageId: string, selected: string, form: 'statements' | 'function', style: 'closed' | 'adjoint' | 'hessian' = 'closed', target = tensorTargetFor(languageId === 'python' ? (/import torch/.test(text) ? 'pytorch' : 'numpy') : languageId as 'matlab', text, selected)!): Inserted {
  const s = text.indexOf(selected);
  assert.ok(s >= 0, `${JSON.stringify(selected)} is in the demo`);
  const placed = engine.place(text, languageId, s, s + selected.length, form);
  assert.ok(placed.ok, placed.ok ? '' : placed.message);
  const { insertion } = placed;
  const enclosing = placed.enclosing;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const code = engine.tensorCode({ source: selected, language: languageId }, {
    target, style, form, indent: insertion.indent, eol, documentText: text, languageId, offset: s,
    ...(form === 'function' && enclosing ? { paramOrder: enclosing.params, ...(placed.returns && enclosing.name ? { name: enclosing.name } : {}) } : {}),
  });
  assert.ok(code, 'the selection is vectorised');
  const lines = text.split(/\r?\n/);
  const block = code.code.replace(/(\r?\n)+$/, '').split(/\r?\n/);
  const gap = form === 'function' && insertion.where === 'after' ? (languageId === 'python' && !insertion.indent ? ['', ''] : ['']) : [];
  const at = insertion.where === 'before' ? insertion.line : insertion.line + 1;
  const added = [...gap, ...block, ...(insertion.trailer ? [insertion.indent + insertion.trailer] : [])];
  lines.splice(at, 0, ...added);
  return { text: lines.join(eol), code, insertion, after: at + added.length - (insertion.trailer ? 1 : 0) };
}

function withLine(text: string, line: number, add: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  lines.splice(line, 0, add);
  return lines.join(eol);
}

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

function close(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries, expected ${expected.length}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-10 * Math.max(1, Math.abs(expected[i])), `${what}[${i}] = ${a}, the engine says ${expected[i]}`));
}

/** Runs a program in a fresh temp dir; its stdout's last line is JSON. */
function run(cmd: string, args: (dir: string) => string[], files: Record<string, string>): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensor-insert-'));
  try {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    const r = spawnSync(cmd, args(dir), { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `${cmd} failed:\n${r.stderr}\n${r.stdout}`);
    const last = r.stdout.trim().split('\n').pop()!;
    return JSON.parse(last);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs Python code that defines OUT (a dict of arrays) and prints it as JSON lists. */
function runPython(program: string): Record<string, Nested> {
  const harness = `${program}\nimport json as _json\nimport numpy as _np\nprint(_json.dumps({k: _np.asarray(v.detach().numpy() if hasattr(v, 'detach') else v, dtype=float).tolist() for k, v in OUT.items()}))\n`;
  return run(PYTHON, (d) => [join(d, 'main.py')], { 'main.py': harness }) as Record<string, Nested>;
}

/** The engine's value and gradients for `selected` at `at`, in the code's result order. */
function expected(selected: string, languageId: string, at: Record<string, Nested>, code: TensorCode): number[][] {
  const a = analyzeTensor(selected, { language: tensorLanguageOf(languageId)!, at });
  const wrt = code.resultNames.slice(1).map((n) => n.replace(/^grad_/, ''));
  return [flat(a.output.value!), ...wrt.map((w) => flat(a.partials.find((p) => p.wrt === w)!.value!))];
}

const noNumpy = pythonHas('numpy') ? undefined : `${PYTHON} has no numpy (python3-numpy)`;
const noTorch = pythonHas('torch') ? undefined : `${PYTHON} has no torch (python3-torch)`;
const noOctave = which('octave') ? undefined : 'octave is not installed';
const noJulia = which('julia') ? undefined : 'julia is not installed';
if (noOctave) console.log(`# skipping the Octave runs: ${noOctave}`);
if (noJulia) console.log(`# skipping the Julia runs: ${noJulia}`);

describe('Insert Gradient Code on a NumPy selection (demo/least_squares.py)', () => {
  const text = demo('least_squares.py');
  const selected = 'r = X @ w - y\n    return r @ r';

  it('goes before the return, at the body\'s indentation, and leaves every other line as it was', () => {
    const r = insert(text, 'python', selected, 'statements');
    assert.equal(r.insertion.where, 'before');
    const lines = r.text.split('\n');
    const ret = lines.findIndex((l) => l === '    return r @ r');
    const grad = lines.findIndex((l) => l.startsWith('    grad_w = '));
    assert.ok(grad > 0 && grad < ret, 'grad_w is computed before the return');
    assert.equal(lines[grad], '    grad_w = 2.0 * (X.T @ t1)');
    // removing the inserted lines gives the document back exactly (one splice)
    const n = r.code.code.split('\n').length;
    assert.equal([...lines.slice(0, ret - n), ...lines.slice(ret)].join('\n'), text);
  });

  it('runs: the gradients are the engine\'s at the document\'s arrays', { skip: noNumpy }, () => {
    const r = insert(text, 'python', selected, 'statements');
    const names = r.code.resultNames;
    const program = withLine(r.text, r.after, `    __import__('builtins').OUT = {${names.map((n) => `'${n}': ${n}`).join(', ')}}`) + '\nloss(w, X, y)\n';
    const out = runPython(program);
    const at = engine.documentArrays(text, 'python', text.indexOf(selected));
    expected(selected, 'python', at, r.code).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
    assert.deepEqual(r.code.fromDocument.sort(), ['X', 'w', 'y']);
  });

  it('a function goes after loss, with loss\'s parameter order, and runs', { skip: noNumpy }, () => {
    const r = insert(text, 'python', selected, 'function');
    assert.equal(r.code.functionName, 'loss_grad');
    assert.deepEqual(r.code.parameters, ['w', 'X', 'y']);
    const lines = r.text.split('\n');
    const def = lines.indexOf('def loss_grad(w, X, y):');
    assert.ok(def > lines.indexOf('    return r @ r') && def < lines.indexOf('def ridge(w, X, y, lam):'), 'beside loss, not inside it');
    assert.deepEqual(lines.slice(def - 3, def - 1), ['', '']);
    const names = r.code.resultNames;
    const out = runPython(`${r.text}\n_r = loss_grad(w, X, y)\nOUT = {${names.map((n, i) => `'${n}': _r[${i}]`).join(', ')}}\n`);
    const at = engine.documentArrays(text, 'python', text.indexOf(selected));
    expected(selected, 'python', at, r.code).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
  });

  it('adjoint style runs too', { skip: noNumpy }, () => {
    const sel = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
    const r = insert(text, 'python', sel, 'function', 'adjoint');
    const names = r.code.resultNames;
    const out = runPython(`${r.text}\n_r = ridge_grad(w, X, y, lam)\nOUT = {${names.map((n, i) => `'${n}': _r[${i}]`).join(', ')}}\n`);
    const at = engine.documentArrays(text, 'python', text.indexOf(sel));
    expected(sel, 'python', at, r.code).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
  });

  it('Insert Hessian: the Hessian of ridge with respect to w (its first vector parameter), run against the engine', { skip: noNumpy }, () => {
    const sel = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
    const r = insert(text, 'python', sel, 'function', 'hessian');
    assert.equal(r.code.hessianOf, 'w');
    assert.deepEqual(r.code.resultNames, ['f', 'grad_w', 'hess_w']);
    const out = runPython(`${r.text}\n_r = ridge_grad(w, X, y, lam)\nOUT = {'f': _r[0], 'g': _r[1], 'H': _r[2]}\n`);
    const at = engine.documentArrays(text, 'python', text.indexOf(sel));
    const a = analyzeTensor(sel, { language: 'numpy', at, hessian: 'w' });
    close(flat(out.H), flat(a.hessian!.value!), 'hess_w');
    close(flat(out.g), flat(a.partials.find((p) => p.wrt === 'w')!.value!), 'grad_w');
  });

  it('Insert Hessian as statements before ridge\'s return: w, the first vector parameter of ridge', () => {
    const sel = 'np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)';
    const r = insert(text, 'python', sel, 'statements', 'hessian');
    assert.equal(r.code.hessianOf, 'w');
    assert.match(r.text, /^ {4}hess_w = 2\.0 \* \(lam \* np\.eye\(\w+\.shape\[\d\]\) \+ \w+ @ X\)$/m);
  });

  it('Insert Hessian with two vector inputs and no enclosing function says which to choose', () => {
    const doc = 'import numpy as np\nf = np.sum((X @ w - y) ** 2)\n';
    assert.throws(() => insert(doc, 'python', 'np.sum((X @ w - y) ** 2)', 'statements', 'hessian'), /one vector input; this selection has 2: 'w', 'y'/);
  });

  it('keeps CRLF line endings', { skip: noNumpy }, () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const r = insert(crlf, 'python', selected.replace(/\n/g, '\r\n'), 'statements');
    assert.ok(!/[^\r]\n/.test(r.text), 'no bare \\n');
    assert.equal(r.text.replace(/\r\n/g, '\n'), insert(text, 'python', selected, 'statements').text);
  });

  it('a scalar selection stays with the scalar generator (null)', () => {
    assert.equal(engine.tensorCode({ source: 'x * y + np.sin(x)', language: 'python' }, { target: 'numpy', style: 'closed', form: 'statements' }), null);
  });

  it('names missing imports in a comment', () => {
    const doc = 'def loss(w, X, y):\n    return np.sum((X @ w - y) ** 2)\n';
    const r = insert(doc, 'python', 'return np.sum((X @ w - y) ** 2)', 'statements');
    assert.deepEqual(r.code.missingImports, ['import numpy as np']);
    assert.match(r.code.code.split('\n')[0], /^ {4}# needs: import numpy as np$/);
  });

  it('generated names stay clear of the document\'s variables', () => {
    const doc = 'import numpy as np\nt1 = 3\nf = 2\ndef loss(w, X, y):\n    return np.sum((X @ w - y) ** 2)\n';
    const r = insert(doc, 'python', 'return np.sum((X @ w - y) ** 2)', 'statements');
    assert.ok(!/^\s*(t1|f) =/m.test(r.code.code), r.code.code);
  });
});

describe('Insert Gradient Code on a PyTorch selection (demo/mlp_torch.py)', () => {
  const text = demo('mlp_torch.py');
  const selected = 'h = torch.tanh(X @ W1 + b1)\n    return F.mse_loss(h @ w2, y)';

  it('runs: the gradients are the engine\'s at the script\'s tensors', { skip: noTorch }, () => {
    const r = insert(text, 'python', selected, 'statements');
    assert.equal(r.code.target, 'pytorch');
    // b1 = torch.zeros(5, …) in the document makes b1 a vector: its gradient sums over the rows
    assert.match(r.code.code, /grad_b1 = torch\.sum\(\w+, dim=0\)/);
    const names = r.code.resultNames;
    const program = `import torch\ntorch.manual_seed(0)\n${withLine(r.text, r.after, `    __import__('builtins').OUT = {${names.map((n) => `'${n}': ${n}`).join(', ')}}`)}\n`
      + 'loss(W1, b1, w2)\nfor _k, _v in [("X", X), ("y", y), ("W1", W1), ("b1", b1), ("w2", w2)]: OUT["in_" + _k] = _v\n';
    const out = runPython(program);
    const at = Object.fromEntries(['X', 'y', 'W1', 'b1', 'w2'].map((k) => [k, out[`in_${k}`]]));
    expected(selected, 'python', at, r.code).forEach((e, i) => close(flat(out[names[i]]), e, names[i]));
  });
});

describe('Insert Gradient Code in MATLAB/Octave (demo/ridge.m) and Julia (demo/gaussian.jl)', () => {
  it('a .m file that VS Code opens as Objective-C is MATLAB', () => {
    assert.equal(documentLanguage('objective-c', '/x/ridge.m', demo('ridge.m')), 'matlab');
    assert.equal(documentLanguage('objective-c', '/x/app.m', '#import <Foundation/Foundation.h>\n'), 'objective-c');
  });

  it('ridge_cost: statements after J\'s line, at its indentation, run with Octave', { skip: noOctave }, () => {
    const text = demo('ridge.m');
    const selected = "  m = 4;\n  r = X*theta - y;\n  J = (r'*r) / (2*m) + (lambda/2) * (theta'*theta);";
    const r = insert(text, 'matlab', selected, 'statements');
    const lines = r.text.split('\n');
    assert.ok(lines.indexOf('  grad_theta = lambda .* theta + 0.25 .* (X.\' * t1);') > lines.findIndex((l) => l.startsWith('  J = (r')));
    assert.ok(lines.findIndex((l) => l.startsWith('  grad_theta')) < lines.indexOf('end'), 'inside the function');
    const names = r.code.resultNames;
    const at = { X: [[1, 2, 0.5], [0.3, -1, 2], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]], theta: [0.5, -0.25, 1], y: [1, 0, 2, -1], lambda: 0.3 };
    const mat = (v: Nested): string => (Array.isArray(v) && Array.isArray(v[0]) ? `[${(v as number[][]).map((r2) => r2.join(' ')).join('; ')}]` : Array.isArray(v) ? `[${(v as number[]).join('; ')}]` : String(v));
    const program = `1;\n${withLine(r.text, r.after, `  global OUT; OUT = {${names.join(', ')}};`)}\n`
      + `global OUT;\nridge_cost(${mat(at.theta)}, ${mat(at.X)}, ${mat(at.y)}, ${at.lambda});\n`
      + `s = '{'; for k = 1:numel(OUT) v = OUT{k}; if k > 1 s = [s ', ']; end; s = [s sprintf('"r%d": [', k) strjoin(arrayfun(@(x) sprintf('%.17g', x), reshape(v.', 1, []), 'UniformOutput', false), ', ') ']']; end; disp([s '}']);\n`;
    const out = run('octave', (d) => ['--no-gui', '--quiet', '--norc', join(d, 'main.m')], { 'main.m': program }) as Record<string, number[]>;
    expected(selected, 'matlab', at, r.code).forEach((e, i) => close(out[`r${i + 1}`], e, names[i]));
  });

  it('Julia: statements before ridge\'s return, at its indentation (run when julia is present)', () => {
    const text = demo('gaussian.jl');
    const selected = '    r = X*w .- y\n    return dot(r, r) + 0.1 * norm(w)^2';
    const r = insert(text, 'julia', selected, 'statements');
    const lines = r.text.split('\n');
    const grad = lines.findIndex((l) => l.startsWith('    grad_w = '));
    assert.ok(grad > 0 && grad < lines.indexOf('    return dot(r, r) + 0.1 * norm(w)^2'));
    if (noJulia) return;
    const names = r.code.resultNames;
    const at = { X: [[1, 2], [0.5, -1], [3, 0.25]], w: [0.5, -0.25], y: [1, 0, 2] };
    const jl = (v: Nested): string => (Array.isArray(v) && Array.isArray(v[0]) ? `[${(v as number[][]).map((r2) => r2.join(' ')).join('; ')}]` : `[${(v as number[]).join(', ')}]`);
    const program = `${withLine(r.text, r.after, `    global OUT = (${names.join(', ')},)`)}\nX = ${jl(at.X)}\ny = ${jl(at.y)}\nridge(${jl(at.w)})\n`
      + 'println("{" * join(["\\"r$k\\": [" * join(string.(vec(permutedims(OUT[k] isa AbstractMatrix ? OUT[k] : reshape([OUT[k];], :, 1)))), ", ") * "]" for k in 1:length(OUT)], ", ") * "}")\n';
    const out = run('julia', (d) => [join(d, 'main.jl')], { 'main.jl': program }) as Record<string, number[]>;
    expected(selected, 'julia', at, r.code).forEach((e, i) => close(out[`r${i + 1}`], e, names[i]));
  });
});


describe('Copy Gradient as LaTeX on a vectorised selection', () => {
  it('an aligned block of the gradients in matrix notation, one per input', () => {
    const tex = engine.tensorLatex({ source: 'np.sum((X @ w - y) ** 2)', language: 'python' });
    assert.equal(tex, [
      '\\begin{aligned}',
      '\\frac{\\partial f}{\\partial X} &= 2 \\left(X w - y\\right) w^\\top \\\\',
      '\\frac{\\partial f}{\\partial w} &= 2 X^\\top \\left(X w - y\\right) \\\\',
      '\\frac{\\partial f}{\\partial y} &= -2 \\left(X w - y\\right)',
      '\\end{aligned}',
    ].join('\n'));
  });

  it('a scalar selection is null (the scalar LaTeX target)', () => {
    assert.equal(engine.tensorLatex({ source: 'x * y + sin(x)', language: 'python' }), null);
  });
});
