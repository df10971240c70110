/**
 * Generated vectorised gradient code at n = 1 000: the NumPy value+gradient (closed form and adjoint style)
 * against f alone (goal ≤ 3×) and against PyTorch autograd's forward + backward on the same expression (goal
 * within 2×), side by side in one Python process, single-threaded (OpenBLAS, MKL and torch set to one
 * thread, so that the numbers do not depend on how busy the machine's other cores are).
 *
 *   node --import tsx bench/tensorgen.ts [--no-write]   this section alone (rewrites it in docs/benchmarks.md)
 *   bench/run.ts calls tensorgenSection() for the full report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTensorCode, type Shape } from '../src/core/tensor';
import { replaceDocSection } from './sections';

export const TENSORGEN_TITLE = '## Generated NumPy gradients at n = 1 000';

interface BenchExpr {
  name: string;
  /** NumPy source: read by the engine, and run as f itself. */
  numpy: string;
  /** The same function in PyTorch. */
  torch: string;
  shapes: Record<string, Shape>;
  /** The parameters (what a training step differentiates): the second measurement's `wrt`; the data (X, A, W …) held fixed. */
  params: string[];
  /**
   * A lower bound for value + every gradient where an input is a data matrix (NumPy, returning a tuple): f itself,
   * one more pass over the matrix (its product with a vector, which the other gradients need) and the matrix's
   * gradient written once into a new array (an outer product of two vectors). Any code must do at least this.
   */
  floor?: string;
}

const N = 1000;

export const TENSOR_BENCH: BenchExpr[] = [
  { name: 'least squares', numpy: 'np.sum((X @ w - y)**2)', torch: '((X @ w - y)**2).sum()', shapes: { X: [N, 100], w: [100], y: [N] }, params: ['w'], floor: 'np.sum((X @ w - y)**2), X.T @ y, np.outer(y, w)' },
  { name: 'logistic loss', numpy: 'np.sum(np.log(1 + np.exp(-y * (X @ w))))', torch: 'torch.log(1 + torch.exp(-y * (X @ w))).sum()', shapes: { X: [N, 100], w: [100], y: [N] }, params: ['w'], floor: 'np.sum(np.log(1 + np.exp(-y * (X @ w)))), X.T @ y, np.outer(y, w)' },
  { name: 'quadratic form', numpy: 'x @ A @ x', torch: 'x @ A @ x', shapes: { x: [N], A: [N, N] }, params: ['x'], floor: 'x @ A @ x, A @ x, np.outer(x, x)' },
  { name: 'tanh layer', numpy: 'np.sum(np.tanh(W @ x + b))', torch: 'torch.tanh(W @ x + b).sum()', shapes: { W: [N, N], x: [N], b: [N] }, params: ['x', 'b'], floor: 'np.sum(np.tanh(W @ x + b)), W.T @ b, np.outer(b, x)' },
  { name: 'log-sum-exp cross-entropy', numpy: 'np.log(np.sum(np.exp(z))) - z @ t', torch: 'torch.log(torch.exp(z).sum()) - z @ t', shapes: { z: [N], t: [N] }, params: ['z'] },
  { name: 'Rosenbrock', numpy: 'np.sum(100 * (x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', torch: '(100 * (x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2).sum()', shapes: { x: [N] }, params: ['x'] },
];

/**
 * Python timing shared by the NumPy and tensor-engine benches: `calibrate(fn)` picks a repeat count worth ~10 ms,
 * `interleaved(fns, rounds)` times every function once per round, in turn, and keeps each one's best (ms per call).
 */
export const PY_TIMING = String.raw`def calibrate(fn):
    fn()
    k = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(k): fn()
        if time.perf_counter() - t0 > 0.01: return k
        k *= 2

def interleaved(fns, rounds):
    # every function timed once per round, in turn, so that all of them see the same load; the best round each
    ks = {name: calibrate(fn) for name, fn in fns.items()}
    best = {name: float('inf') for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            k = ks[name]
            t0 = time.perf_counter()
            for _ in range(k): fn()
            best[name] = min(best[name], (time.perf_counter() - t0) / k * 1e3)
    return best
`;

const SCRIPT = String.raw`
import json, sys, time
import numpy as np
try:
    import torch
    torch.set_num_threads(1)
except Exception as e:
    torch = None
cases = json.load(open(sys.argv[1]))

${PY_TIMING}
out = []
for c in cases:
    rng = np.random.default_rng(7)
    args = [rng.standard_normal(s) * 0.1 if s else 0.5 for s in c['shapes']]
    env = {'np': np}
    exec('def f(' + ', '.join(c['params']) + '):\n    return ' + c['numpy'], env)
    exec(c['closed'], env)
    exec(c['adjoint'], env)
    exec(c['closedP'], env)
    exec(c['adjointP'], env)
    f, closed, adjoint = env['f'], env['closed_grad'], env['adjoint_grad']
    closedP, adjointP = env['closedP_grad'], env['adjointP_grad']
    fns = {'f': lambda: f(*args), 'closed': lambda: closed(*args), 'adjoint': lambda: adjoint(*args),
           'closedP': lambda: closedP(*args), 'adjointP': lambda: adjointP(*args)}
    if c.get('floor'):
        exec('def floor(' + ', '.join(c['params']) + '):\n    return ' + c['floor'], env)
        fns['floor'] = (lambda fl: lambda: fl(*args))(env['floor'])
    if torch is not None:
        targs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in args]
        tenv = {'torch': torch}
        exec('def g(' + ', '.join(c['params']) + '):\n    return ' + c['torch'], tenv)
        g = tenv['g']
        def fb():
            for a in targs: a.grad = None
            g(*targs).backward()
        fns['torch'] = fb
        pargs = [torch.tensor(a, dtype=torch.float64, requires_grad=(p in c['wrt'])) for a, p in zip(args, c['params'])]
        def fbP():
            for a in pargs: a.grad = None
            g(*pargs).backward()
        fns['torchP'] = fbP
    row = interleaved(fns, 21)
    if torch is not None:
        fb()
        res = closed(*args)
        err = 0.0
        for a, mine in zip(targs, res[1:]):
            ref = a.grad.numpy()
            err = max(err, float(np.max(np.abs(np.asarray(mine) - ref) / np.maximum(1, np.abs(ref)))))
        row['maxRelErr'] = err
    out.append(row)
print(json.dumps(out))
`;

export interface TensorBenchRow {
  name: string;
  sizes: string;
  f: number;
  closed: number;
  adjoint: number;
  torch?: number;
  maxRelErr?: number;
  /** The same with respect to the parameters only. */
  closedP: number;
  adjointP: number;
  torchP?: number;
  /** The lower bound (BenchExpr.floor), where an input is a data matrix. */
  floor?: number;
}

export function runTensorBench(): { rows: TensorBenchRow[]; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensorbench-'));
  try {
    const cases = TENSOR_BENCH.map((b) => {
      const closed = generateTensorCode(b.numpy, { target: 'numpy', language: 'numpy', shapes: b.shapes, name: 'closed', comment: false });
      const adjoint = generateTensorCode(b.numpy, { target: 'numpy', language: 'numpy', style: 'adjoint', shapes: b.shapes, name: 'adjoint', comment: false });
      const closedP = generateTensorCode(b.numpy, { target: 'numpy', language: 'numpy', shapes: b.shapes, name: 'closedP', comment: false, wrt: b.params });
      const adjointP = generateTensorCode(b.numpy, { target: 'numpy', language: 'numpy', style: 'adjoint', shapes: b.shapes, name: 'adjointP', comment: false, wrt: b.params });
      const params = closed.parameters!;
      const byName = Object.fromEntries(Object.entries(closed.inputNames).map(([k, v]) => [v, k]));
      return {
        numpy: b.numpy, torch: b.torch, params, shapes: params.map((p) => b.shapes[byName[p]]), floor: b.floor,
        closed: [...closed.helpers, closed.body].join('\n'), adjoint: [...adjoint.helpers, adjoint.body].join('\n'),
        closedP: [...closedP.helpers, closedP.body].join('\n'), adjointP: [...adjointP.helpers, adjointP.body].join('\n'),
        wrt: b.params.map((p) => closed.inputNames[p]),
      };
    });
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(dir, 'bench.py'), SCRIPT);
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const r = spawnSync('/usr/bin/python3', ['bench.py', 'cases.json'], { cwd: dir, encoding: 'utf8', env, timeout: 600_000, maxBuffer: 16 << 20 });
    if (r.status !== 0) return { rows: [], error: (r.stderr || String(r.error)).split('\n').filter(Boolean).slice(-3).join(' ') };
    const measured = JSON.parse(r.stdout) as Omit<TensorBenchRow, 'name' | 'sizes'>[];
    return {
      rows: measured.map((m, i) => ({
        name: TENSOR_BENCH[i].name,
        sizes: Object.entries(TENSOR_BENCH[i].shapes).map(([k, s]) => `${k} ${s.join('×')}`).join(', '),
        ...m,
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => (v < 0.1 ? v.toFixed(4) : v.toFixed(3));

export function tensorgenSection(): string {
  const load = loadavg()[0];
  const { rows, error } = runTensorBench();
  const lines = [TENSORGEN_TITLE, ''];
  if (error) return [...lines, `_Not measured: ${error}_`, ''].join('\n');
  const worstF = Math.max(...rows.map((r) => r.closed / r.f));
  const worstA = Math.max(...rows.map((r) => r.adjoint / r.f));
  const withTorch = rows.filter((r) => r.torch !== undefined);
  const worstT = withTorch.length ? Math.max(...withTorch.map((r) => Math.min(r.closed, r.adjoint) / r.torch!)) : NaN;
  lines.push(
    'The NumPy code `partials codegen --target numpy` writes (value and the gradient of every input; closed form and',
    'adjoint style) against f alone and against PyTorch autograd (forward + `backward()`, float64) on the same',
    'expression, in one Python process, one thread each (`OPENBLAS_NUM_THREADS=1`, `torch.set_num_threads(1)`); the best',
    'of 21 rounds that time each function in turn (so all see the same load). Goals: value+gradient ≤ 3× f, and within 2× of PyTorch.',
    `Load average when measured: ${load.toFixed(1)} on ${cpus().length} cores${load > cpus().length ? ' — the machine was busy: these numbers are noisy; rerun on an idle machine' : ''}.`,
    '',
    `Worst value+gradient / f: closed form ${worstF.toFixed(2)}×, adjoint ${worstA.toFixed(2)}× (goal ≤ 3×) ${Math.min(worstF, worstA) <= 3 ? '✓' : '✗'}. ` +
      (withTorch.length ? `Worst NumPy / PyTorch: ${worstT.toFixed(2)}× (goal ≤ 2×) ${worstT <= 2 ? '✓' : '✗'}.` : 'PyTorch is not installed: not compared.'),
    '',
    '| expression | sizes | f (ms) | closed (ms) | adjoint (ms) | closed / f | adjoint / f | lower bound / f | best / lower bound | PyTorch fwd+bwd (ms) | NumPy / PyTorch | max rel. diff vs autograd |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    const t = r.torch === undefined ? '—' : ms(r.torch);
    const best = Math.min(r.closed, r.adjoint);
    const ratio = r.torch === undefined ? '—' : `${(best / r.torch).toFixed(2)}`;
    const bound = r.floor === undefined ? '— | —' : `${(r.floor / r.f).toFixed(2)} | ${(best / r.floor).toFixed(2)}`;
    lines.push(`| ${r.name} | ${r.sizes} | ${ms(r.f)} | ${ms(r.closed)} | ${ms(r.adjoint)} | ${(r.closed / r.f).toFixed(2)} | ${(r.adjoint / r.f).toFixed(2)} | ${bound} | ${t} | ${ratio} | ${r.maxRelErr === undefined ? '—' : r.maxRelErr.toExponential(1)} |`);
  }
  const over = rows.filter((r) => Math.min(r.closed, r.adjoint) / r.f > 3);
  const bounded = over.filter((r) => r.floor !== undefined && r.floor / r.f > 3);
  lines.push(
    '',
    'NumPy / PyTorch compares the faster of the two styles with autograd\'s forward + backward. The lower bound is what any',
    'value + every gradient must do where an input is a data matrix, timed in the same rounds: f itself, one more pass over',
    'the matrix (its product with a vector) and the matrix\'s gradient written once into a new array (`np.outer` of two',
    'vectors; a fresh n×m array costs more than reading one: its pages are first touched there).',
    over.length
      ? `Over 3×: ${over.map((r) => `${r.name} (${(Math.min(r.closed, r.adjoint) / r.f).toFixed(2)}×${r.floor === undefined ? '' : `; its lower bound alone is ${(r.floor / r.f).toFixed(2)}× f, the code ${(Math.min(r.closed, r.adjoint) / r.floor).toFixed(2)}× the bound`})`).join(', ')}` +
        (bounded.length === over.length ? ': in each the lower bound itself is above 3× f, so the goal is out of reach for value + every gradient there (the parameters-only rows below meet it).' : '.')
      : 'Every case is within 3× f.',
    '',
  );
  // the same with respect to the parameters only (the data matrices held fixed, as in a training step)
  const worstP = Math.max(...rows.map((r) => Math.min(r.closedP, r.adjointP) / r.f));
  const withTorchP = rows.filter((r) => r.torchP !== undefined);
  const worstTP = withTorchP.length ? Math.max(...withTorchP.map((r) => Math.min(r.closedP, r.adjointP) / r.torchP!)) : NaN;
  lines.push(
    '### With respect to the parameters only',
    '',
    'The gradient of every input includes those of the data matrices (X, A, W), each as large as the data: writing it',
    'costs as much as the pass over the data that f makes, so value + all gradients is at least about 3 passes. A',
    'training step differentiates the parameters only (`--wrt`, the inspector\'s "with respect to"); here the same',
    'expressions with the data held fixed, and autograd with `requires_grad` on the parameters only.',
    '',
    `Worst value+gradient / f (faster style): ${worstP.toFixed(2)}× (goal ≤ 3×) ${worstP <= 3 ? '✓' : '✗'}. ` +
      (withTorchP.length ? `Worst NumPy / PyTorch: ${worstTP.toFixed(2)}× (goal ≤ 2×) ${worstTP <= 2 ? '✓' : '✗'}.` : ''),
    '',
    '| expression | parameters | closed (ms) | adjoint (ms) | best / f | PyTorch fwd+bwd (ms) | NumPy / PyTorch |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  rows.forEach((r, i) => {
    const best = Math.min(r.closedP, r.adjointP);
    lines.push(`| ${r.name} | ${TENSOR_BENCH[i].params.join(', ')} | ${ms(r.closedP)} | ${ms(r.adjointP)} | ${(best / r.f).toFixed(2)} | ${r.torchP === undefined ? '—' : ms(r.torchP)} | ${r.torchP === undefined ? '—' : (best / r.torchP).toFixed(2)} |`);
  });
  lines.push('');
  return lines.join('\n');
}

/** Replaces (or appends) this section in a Markdown document. */
export function replaceTensorgenSection(doc: string, section: string): string {
  return replaceDocSection(doc, TENSORGEN_TITLE, section);
}

if (require.main === module) {
  const section = tensorgenSection();
  process.stdout.write(section);
  if (!process.argv.includes('--no-write')) {
    const file = join(__dirname, '..', 'docs', 'benchmarks.md');
    writeFileSync(file, replaceTensorgenSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
    process.stderr.write(`updated the tensor codegen section of ${file}\n`);
  }
}
