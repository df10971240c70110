/**
 * Generated JavaScript: time of value + gradient over time of f alone, for the closed form and the
 * adjoint style (goal ≤ 5×). The code is written to a temporary module and imported — never evaluated
 * from a string. Run alone with `node --import tsx bench/codegen.ts`; `bench/run.ts` calls `benchCodegen`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildModel, choosePoint } from '../src/core';
import { generate, translateProgram } from '../src/core/codegen';

export interface CodegenBenchRow {
  expression: string;
  inputs: number;
  'f (ns)': number;
  'closed (ns)': number;
  'adjoint (ns)': number;
  'closed / f': number;
  'adjoint / f': number;
}

const layer = (n: number) => {
  const terms = Array.from({ length: n }, (_, i) => `w${i}*x${i}`).join(' + ');
  return `h = tanh(${terms} + b)\nout = sigmoid(v*h + c)\nloss = (out - t)^2`;
};

export const BENCH_EXPRESSIONS: string[] = [
  'x^2*y + sin(x*y)',
  '(x - 1)^2 + 100*(y - x^2)^2',
  'exp(-x^2 / (2*s^2)) / (s*sqrt(2*pi))',
  'a = x*y\nb = sin(a)\nc = a*b',
  'r = sqrt(x^2 + y^2)\ntheta = atan2(y, x)\nf = r*cos(theta) + r^2*sin(theta)',
  'softplus(x*w + b) + logsumexp(x, y, z)',
  layer(16),
  Array.from({ length: 24 }, (_, i) => `(x${i + 1} - x${i}^2)^2`).join(' + '),
];

/** Median-free, noise-robust timing: the best of several rounds of `iters` calls cycling over `points`. */
function time(fn: (...a: number[]) => unknown, points: number[][], iters: number): number {
  let sink = 0;
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) {
      const r = fn(...points[i % points.length]);
      sink += typeof r === 'number' ? r : (r as number[])[0];
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / iters);
  }
  if (sink === 42.4242) console.log(''); // keeps the results observable
  return best;
}

export async function benchCodegen(options: { iters?: number } = {}): Promise<{ markdown: string; rows: CodegenBenchRow[] }> {
  const iters = options.iters ?? 200_000;
  const dir = mkdtempSync(join(tmpdir(), 'partials-bench-codegen-'));
  const rows: CodegenBenchRow[] = [];
  for (const [i, source] of BENCH_EXPRESSIONS.entries()) {
    const model = buildModel({ source });
    const params = [...model.inputs, ...model.constants];
    const closed = generate(model, { target: 'javascript', style: 'closed', form: 'function', name: 'closed', comment: false });
    const adjoint = generate(model, { target: 'javascript', style: 'adjoint', form: 'function', name: 'adjoint', comment: false });
    const value = closed.resultNames[0];
    const f = [`function f(${params.join(', ')}) {`, translateProgram(model, { target: 'javascript', indent: '  ' }), `  return ${value};`, '}'].join('\n');
    const helpers = [...new Set([...closed.helpers, ...adjoint.helpers])].join('\n');
    const file = join(dir, `case${i}.mjs`);
    writeFileSync(file, `${helpers}\n${f}\n${closed.body}\n${adjoint.body}\nexport { f, ${closed.functionName}, ${adjoint.functionName} };\n`);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, (...a: number[]) => unknown>;
    const base = choosePoint(model).point;
    const points = Array.from({ length: 16 }, (_, k) => params.map((p) => base[p] * (1 + 0.001 * k)));
    const tf = time(mod.f, points, iters);
    const tc = time(mod[closed.functionName!], points, iters);
    const ta = time(mod[adjoint.functionName!], points, iters);
    rows.push({
      expression: source.replace(/\n/g, '; ').slice(0, 60),
      inputs: model.inputs.length,
      'f (ns)': tf,
      'closed (ns)': tc,
      'adjoint (ns)': ta,
      'closed / f': tc / tf,
      'adjoint / f': ta / tf,
    });
  }
  const cell = (v: number | string) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v.replace(/\|/g, '\\|'));
  const keys = Object.keys(rows[0]) as (keyof CodegenBenchRow)[];
  const worst = Math.max(...rows.flatMap((r) => [r['closed / f'], r['adjoint / f']]));
  const markdown = [
    `Generated JavaScript, value + gradient time over f alone (goal ≤ 5×; worst here ${worst.toFixed(2)}×):`,
    '',
    `| ${keys.join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`),
    '',
  ].join('\n');
  return { markdown, rows };
}

if (process.argv[1] && /bench[\\/]codegen\.ts$/.test(process.argv[1])) {
  benchCodegen().then((r) => process.stdout.write(r.markdown), (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
