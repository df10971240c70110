/**
 * The tensor engine's own evaluation at n = 1 000 (issue #13, Performance): the whole gradient evaluated at a point
 * by the engine (`Evaluator`: Float64Array values, one ascending loop over the derived graph, no per-entry nodes)
 * against f alone (goal ≤ 4×), with the peer row beside it: PyTorch autograd's forward + backward against its
 * forward alone (under `torch.no_grad()`), on the same expressions and sizes, in the same run, one thread each.
 * Also the derivation's size at n = 10 and n = 10 000 (it must not depend on the sizes).
 *
 *   node --import tsx bench/tensoreval.ts [--no-write]   this section alone (rewrites it in docs/benchmarks.md)
 *   npm run bench -- --tensor-eval [--no-write]          the same through bench/run.ts
 *   bench/run.ts calls tensorEvalSection() for the full report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Evaluator, gradients, readTensor, tensor, type Shape, type Tensor } from '../src/core/tensor';
import { matmul, outerProduct } from '../src/core/tensor/evaluate';
import { PY_TIMING, TENSOR_BENCH, TENSORGEN_TITLE } from './tensorgen';
import { replaceDocSection } from './sections';

export const TENSOREVAL_TITLE = '## Tensor engine: evaluated gradient / f at n = 1 000';

const SCRIPT = String.raw`
import json, sys, time
import numpy as np
import torch
torch.set_num_threads(1)
cases = json.load(open(sys.argv[1]))

${PY_TIMING}
out = []
for c in cases:
    env = {'torch': torch}
    exec('def g(' + ', '.join(c['params']) + '):\n    return ' + c['torch'], env)
    g = env['g']
    targs = [torch.tensor(np.array(a), dtype=torch.float64, requires_grad=True) for a in c['args']]
    def fwd():
        with torch.no_grad():
            g(*targs)
    def fb():
        for a in targs: a.grad = None
        g(*targs).backward()
    pargs = [torch.tensor(np.array(a), dtype=torch.float64, requires_grad=(p in c['wrt'])) for a, p in zip(c['args'], c['params'])]
    def fbP():
        for a in pargs: a.grad = None
        g(*pargs).backward()
    out.append(interleaved({'f': fwd, 'grad': fb, 'gradP': fbP}, 15))
print(json.dumps(out))
`;

export interface TensorEvalRow {
  name: string;
  sizes: string;
  /** The engine: f alone, and f with every input's gradient, in ms. */
  f: number;
  grad: number;
  /** f with the gradients of the parameters only (the data held fixed, as in a training step). */
  gradP: number;
  /**
   * A lower bound for f + every gradient where an input is a data matrix M (m×k): f, one more pass over M (M v) and
   * M's gradient written once into a new array (an outer product u vᵀ, the loop the Evaluator uses), in ms.
   */
  floor?: number;
  /** PyTorch: forward under no_grad, and forward + backward, in ms. */
  torchF?: number;
  torchGrad?: number;
  torchGradP?: number;
  /** Operations in the derivation (f and every gradient) at n = 10 and n = 10 000. */
  ops10: number;
  ops10k: number;
}

/** A deterministic point like the NumPy bench's (small entries, so exp and log stay finite). */
function pointFor(shapes: Record<string, Shape>): Record<string, Tensor> {
  let s = 7;
  const rand = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff - 0.5; };
  const point: Record<string, Tensor> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const t = tensor(shape as number[]);
    for (let i = 0; i < t.data.length; i++) t.data[i] = 0.2 * rand();
    point[name] = t;
  }
  return point;
}

function derivationOps(src: string, shapes: Record<string, Shape>, n: number): number {
  const scaled = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, s.map((d) => (d === 1000 ? n : d))]));
  const { graph, output, inputs } = readTensor(src, 'numpy', { shapes: scaled });
  const g = gradients(graph, output, inputs);
  return graph.countOps([output, ...g.values()]);
}

/** Best time per call in ms over interleaved rounds (both functions see the same load). */
function timeBoth(fns: Record<string, () => void>, rounds = 15): Record<string, number> {
  const ks: Record<string, number> = {};
  for (const [name, fn] of Object.entries(fns)) {
    fn();
    let k = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < k; i++) fn();
      if (performance.now() - t0 > 10) break;
      k *= 2;
    }
    ks[name] = k;
  }
  const best: Record<string, number> = Object.fromEntries(Object.keys(fns).map((k) => [k, Infinity]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      for (let i = 0; i < ks[name]; i++) fn();
      best[name] = Math.min(best[name], (performance.now() - t0) / ks[name]);
    }
  }
  return best;
}

export function runTensorEval(): { rows: TensorEvalRow[]; torchError?: string } {
  const rows: TensorEvalRow[] = [];
  const payload: { torch: string; params: string[]; wrt: string[]; args: number[][] | number[][][] }[] = [];
  for (const b of TENSOR_BENCH) {
    const { graph, output, inputs } = readTensor(b.numpy, 'numpy', { shapes: b.shapes });
    const byName = gradients(graph, output, inputs);
    const grads = [...byName.values()];
    const gradsP = b.params.map((p) => byName.get(p)!);
    const point = pointFor(b.shapes);
    const fns: Record<string, () => void> = {
      f: () => { new Evaluator(graph, point, [output]); },
      grad: () => { new Evaluator(graph, point, [output, ...grads]); },
      gradP: () => { new Evaluator(graph, point, [output, ...gradsP]); },
    };
    const mats = Object.keys(b.shapes).filter((k) => point[k].shape.length === 2).map((k) => point[k]);
    if (mats.length) {
      const vec = (len: number) => { const t = tensor([len]); t.data.fill(0.5); return t; };
      const parts = mats.map((M) => ({ M, u: vec(M.shape[0]), v: vec(M.shape[1]) }));
      fns.floor = () => {
        new Evaluator(graph, point, [output]);
        for (const { M, u, v } of parts) { matmul(M, v); outerProduct(u.data, v.data); }
      };
    }
    const t = timeBoth(fns);
    rows.push({
      name: b.name,
      sizes: Object.entries(b.shapes).map(([k, s]) => `${k} ${s.join('×')}`).join(', '),
      f: t.f,
      grad: t.grad,
      gradP: t.gradP,
      floor: t.floor,
      ops10: derivationOps(b.numpy, b.shapes, 10),
      ops10k: derivationOps(b.numpy, b.shapes, 10_000),
    });
    // the same point for torch, as nested arrays, in the order of the function's parameters (the shapes' order)
    const names = Object.keys(b.shapes);
    payload.push({
      torch: b.torch, params: names, wrt: b.params,
      args: names.map((k) => {
        const v = point[k];
        if (v.shape.length === 1) return Array.from(v.data);
        const [m, n] = v.shape;
        return Array.from({ length: m }, (_r, i) => Array.from(v.data.subarray(i * n, (i + 1) * n)));
      }) as number[][],
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensoreval-'));
  try {
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(payload));
    writeFileSync(join(dir, 'bench.py'), SCRIPT);
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const r = spawnSync('/usr/bin/python3', ['bench.py', 'cases.json'], { cwd: dir, encoding: 'utf8', env, timeout: 600_000, maxBuffer: 16 << 20 });
    if (r.status !== 0) return { rows, torchError: (r.stderr || String(r.error)).split('\n').filter(Boolean).slice(-2).join(' ') };
    const measured = JSON.parse(r.stdout) as { f: number; grad: number; gradP: number }[];
    measured.forEach((m, i) => { rows[i].torchF = m.f; rows[i].torchGrad = m.grad; rows[i].torchGradP = m.gradP; });
    return { rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => (v < 0.1 ? v.toFixed(4) : v.toFixed(3));

export function tensorEvalSection(): string {
  const load = loadavg()[0];
  const { rows, torchError } = runTensorEval();
  const worst = Math.max(...rows.map((r) => r.grad / r.f));
  const worstP = Math.max(...rows.map((r) => r.gradP / r.f));
  const sizeFree = rows.every((r) => r.ops10 === r.ops10k);
  const lines = [
    TENSOREVAL_TITLE,
    '',
    'The engine\'s own evaluation of the value and every input\'s gradient at a point (`Evaluator`: Float64Array values, one',
    'loop over the derived graph; the derivation itself is not timed) against evaluating f alone, and beside it the peer:',
    'PyTorch autograd (Debian\'s python3-torch, float64, one thread), forward + `backward()` against the forward under',
    '`torch.no_grad()`, on the same expressions, sizes and point, in the same run. Best of 15 interleaved rounds each.',
    `Load average when measured: ${load.toFixed(1)} on ${cpus().length} cores${load > cpus().length ? ' — the machine was busy: these numbers are noisy; rerun on an idle machine' : ''}.`,
    '',
    `Worst engine gradient / f: every input ${worst.toFixed(2)}×, the parameters only ${worstP.toFixed(2)}× (goal ≤ 4×) ${worst <= 4 ? '✓' : worstP <= 4 ? '✓ for the parameters, ✗ for every input' : '✗'}. ` +
      `Derivation size at n = 10 and n = 10 000: ${sizeFree ? 'equal for every expression ✓' : 'different ✗'}.` +
      (torchError ? ` PyTorch not measured: ${torchError}` : ''),
    '',
    'Each gradient / f is measured twice: with respect to every input (the data matrices\' gradients are as large as the',
    'data, and writing them into fresh memory dominates), and with respect to the parameters only (the data held fixed).',
    '',
    'The lower bound, timed in the same rounds where an input is a data matrix M: f, one more pass over M (M v, which the',
    'other gradients need) and M\'s gradient written once into a new array (u vᵀ): what any evaluation of f and every',
    'gradient must do. A new n×m array costs more than reading one (its memory is first touched there).',
    '',
    '| expression | sizes | parameters | engine f (ms) | engine f + gradient (ms) | engine gradient / f | lower bound / f | gradient / lower bound | params only / f | PyTorch f (ms) | PyTorch fwd+bwd (ms) | PyTorch gradient / f | params only / f | derivation ops n = 10 / 10 000 |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach((r, i) => {
    const tf = r.torchF === undefined ? '—' : ms(r.torchF);
    const tg = r.torchGrad === undefined ? '—' : ms(r.torchGrad);
    const tr = r.torchF === undefined || r.torchGrad === undefined ? '—' : (r.torchGrad / r.torchF).toFixed(2);
    const trP = r.torchF === undefined || r.torchGradP === undefined ? '—' : (r.torchGradP / r.torchF).toFixed(2);
    const bound = r.floor === undefined ? '— | —' : `${(r.floor / r.f).toFixed(2)} | ${(r.grad / r.floor).toFixed(2)}`;
    lines.push(`| ${r.name} | ${r.sizes} | ${TENSOR_BENCH[i].params.join(', ')} | ${ms(r.f)} | ${ms(r.grad)} | ${(r.grad / r.f).toFixed(2)} | ${bound} | ${(r.gradP / r.f).toFixed(2)} | ${tf} | ${tg} | ${tr} | ${trP} | ${r.ops10} / ${r.ops10k} |`);
  });
  const over = rows.filter((r) => r.grad / r.f > 4);
  lines.push('');
  if (over.length) {
    lines.push(`Over 4×: ${over.map((r) => `${r.name} (${(r.grad / r.f).toFixed(2)}×${r.floor === undefined ? '' : `; its lower bound alone is ${(r.floor / r.f).toFixed(2)}× f, the evaluation ${(r.grad / r.floor).toFixed(2)}× the bound`})`).join(', ')}.`, '');
  }
  return lines.join('\n');
}

/** Replaces (or appends) this section in a Markdown document. */
export function replaceTensorEvalSection(doc: string, section: string): string {
  const start = doc.indexOf(TENSOREVAL_TITLE);
  if (start < 0) {
    // new: right after the generated-NumPy section, as the full report orders them
    const gen = doc.indexOf(TENSORGEN_TITLE);
    const after = gen < 0 ? -1 : doc.indexOf('\n## ', gen + TENSORGEN_TITLE.length);
    if (after < 0) return `${doc.replace(/\n*$/, '\n\n')}${section}`;
    return `${doc.slice(0, after + 1)}${section}${doc.slice(after + 1)}`;
  }
  return replaceDocSection(doc, TENSOREVAL_TITLE, section);
}

export function writeTensorEvalSection(section: string): string {
  const file = join(__dirname, '..', 'docs', 'benchmarks.md');
  writeFileSync(file, replaceTensorEvalSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
  return file;
}

if (require.main === module) {
  const section = tensorEvalSection();
  process.stdout.write(section);
  if (!process.argv.includes('--no-write')) process.stderr.write(`updated the tensor evaluation section of ${writeTensorEvalSection(section)}\n`);
}
