/**
 * Runs generated tensor code for real: one program per target holding every case (so each toolchain starts
 * once), printing `id v0 v1 …` lines (the value, then each gradient flattened in row-major order) that the
 * tests compare with the engine. Each case runs inside a try/catch so one failure names its case.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Nested, TensorCodegenResult, TensorTargetId } from '../../src/core/tensor';

export interface RunCase {
  id: string;
  gen: TensorCodegenResult;
  /** Arguments in the function's parameter order. */
  args: Nested[];
}

export type Outcome = { ok: true; values: Map<string, number[]>; errors: Map<string, string> } | { ok: false; error: string };

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function run(cmd: string, args: string[], cwd: string, timeout = 600_000): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function parse(out: string): { values: Map<string, number[]>; errors: Map<string, string> } {
  const values = new Map<string, number[]>();
  const errors = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [id, ...rest] = line.trim().split(/\s+/);
    if (!id?.startsWith('case')) continue;
    if (rest[0] === 'ERROR') errors.set(id, rest.slice(1).join(' '));
    else values.set(id, rest.map((s) => (/^-?inf/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : /nan/i.test(s) ? NaN : Number(s))));
  }
  return { values, errors };
}

const unique = (xs: string[]) => [...new Set(xs)];

const PYTHON = '/usr/bin/python3';

export function pythonHas(module: string): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${module}`], { timeout: 120_000 }).status === 0;
}

/** Why a target cannot run here (undefined when it can). `jax-shim` runs jax.numpy code with NumPy standing in for jax.numpy. */
export function missing(target: TensorTargetId | 'jax-shim'): string | undefined {
  switch (target) {
    case 'numpy': case 'jax-shim': return pythonHas('numpy') ? undefined : `${PYTHON} has no numpy (Debian package python3-numpy)`;
    case 'pytorch': return pythonHas('torch') ? undefined : `${PYTHON} has no torch (Debian package python3-torch)`;
    case 'jax': return pythonHas('jax') ? undefined : `${PYTHON} has no jax (Debian has no python3-jax package; pip is not reachable here)`;
    case 'matlab': return which('octave') ? undefined : 'octave is not installed (Debian package octave, installed by .ci/setup-codegen.sh)';
    case 'julia': return which('julia') ? undefined : 'julia is not installed (Debian 12 has no julia package)';
    case 'eigen': return !which('g++') ? 'g++ is not installed' : existsSync('/usr/include/eigen3/Eigen/Dense') ? undefined : 'Eigen 3 headers are missing (Debian package libeigen3-dev, installed by .ci/setup-codegen.sh)';
  }
}


export function runPython(flavour: 'numpy' | 'pytorch' | 'jax' | 'jax-shim', cases: RunCase[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensorgen-'));
  try {
    const torch = flavour === 'pytorch';
    const lines: string[] = [];
    if (flavour === 'jax-shim') lines.push('import sys, types, numpy', "jax = types.ModuleType('jax')", 'jax.numpy = numpy', "sys.modules['jax'] = jax", "sys.modules['jax.numpy'] = numpy");
    if (flavour === 'jax' ) lines.push('import jax', "jax.config.update('jax_enable_x64', True)");
    lines.push('import json, sys', 'import numpy', ...unique(cases.flatMap((c) => c.gen.imports)), '', ...unique(cases.flatMap((c) => c.gen.helpers)).flatMap((h) => [h, '']));
    for (const c of cases) lines.push(c.gen.body, '');
    lines.push(
      'def conv(v):',
      torch ? '    return torch.tensor(v, dtype=torch.float64)' : flavour === 'jax' ? '    return jnp.asarray(v, dtype=jnp.float64)' : '    return numpy.asarray(v, dtype=numpy.float64)',
      'def flat(r):',
      torch ? '    return r.detach().numpy().ravel() if hasattr(r, "detach") else numpy.ravel(r)' : '    return numpy.ravel(numpy.asarray(r, dtype=numpy.float64))',
      'for c in json.load(open(sys.argv[1])):',
      '    try:',
      '        res = globals()[c["fn"]](*[conv(a) for a in c["args"]])',
      '        print(c["id"], " ".join(repr(float(x)) for r in res for x in flat(r)))',
      '    except Exception as e:',
      '        print(c["id"], "ERROR", type(e).__name__, str(e).replace("\\n", " "))',
    );
    writeFileSync(join(dir, 'gen.py'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases.map((c) => ({ id: c.id, fn: c.gen.functionName, args: c.args }))));
    const r = run(PYTHON, ['gen.py', 'cases.json'], dir);
    if (!r.ok) return { ok: false, error: `${r.err.slice(-3000)}` };
    return { ok: true, ...parse(r.out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mValue = (v: Nested): string => {
  if (typeof v === 'number') return String(v);
  if (v.every((x) => typeof x === 'number')) return `[${(v as number[]).join('; ')}]`;
  return `[${(v as number[][]).map((r) => r.join(', ')).join('; ')}]`;
};

export function runOctave(cases: RunCase[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensorgen-'));
  try {
    const lines = ['1;', ...unique(cases.flatMap((c) => c.gen.helpers)), ''];
    for (const c of cases) lines.push(c.gen.body, '');
    lines.push(
      'function partials_print(id, varargin)',
      "  fprintf('%s', id);",
      '  for k = 1:numel(varargin)',
      "    fprintf(' %.17g', reshape(varargin{k}.', [], 1));",
      '  end',
      "  fprintf('\\n');",
      'end',
    );
    for (const c of cases) {
      const outs = c.gen.resultNames.map((_r, i) => `r${i}`);
      lines.push(`try`, `  [${outs.join(', ')}] = ${c.gen.functionName}(${c.args.map(mValue).join(', ')});`, `  partials_print('${c.id}', ${outs.join(', ')});`,
        `catch err`, `  fprintf('%s ERROR %s\\n', '${c.id}', strrep(err.message, char(10), ' '));`, `end`);
    }
    writeFileSync(join(dir, 'gen.m'), lines.join('\n') + '\n');
    const r = run('octave', ['--no-gui', '--quiet', '--no-window-system', '--norc', 'gen.m'], dir);
    if (!r.ok && !r.out.includes('case')) return { ok: false, error: r.err.slice(-3000) };
    return { ok: true, ...parse(r.out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const jlValue = (v: Nested): string => {
  if (typeof v === 'number') return `Float64(${v})`;
  if (v.every((x) => typeof x === 'number')) return `Float64[${(v as number[]).join(', ')}]`;
  return `Float64[${(v as number[][]).map((r) => r.join(' ')).join('; ')}]`;
};

export function runJulia(cases: RunCase[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensorgen-'));
  try {
    const lines = [...unique(cases.flatMap((c) => c.gen.imports)), '', ...unique(cases.flatMap((c) => c.gen.helpers)), ''];
    for (const c of cases) lines.push(c.gen.body, '');
    lines.push('flatrm(x::Number) = [Float64(x)]', 'flatrm(x::AbstractVector) = collect(Float64, x)', 'flatrm(x::AbstractMatrix) = vec(permutedims(x))');
    for (const c of cases) {
      lines.push('try', `  r = ${c.gen.functionName}(${c.args.map(jlValue).join(', ')})`, `  println("${c.id} ", join([repr(v) for v in vcat(map(flatrm, r)...)], " "))`,
        'catch err', `  println("${c.id} ERROR ", replace(sprint(showerror, err), "\\n" => " "))`, 'end');
    }
    writeFileSync(join(dir, 'gen.jl'), lines.join('\n') + '\n');
    const r = run('julia', ['--startup-file=no', 'gen.jl'], dir);
    if (!r.ok && !r.out.includes('case')) return { ok: false, error: r.err.slice(-3000) };
    return { ok: true, ...parse(r.out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cppValue = (v: Nested): string => {
  if (typeof v === 'number') return `${v}`;
  if (v.every((x) => typeof x === 'number')) return `(Eigen::VectorXd(${v.length}) << ${(v as number[]).join(', ')}).finished()`;
  const m = v as number[][];
  return `(Eigen::MatrixXd(${m.length}, ${m[0].length}) << ${m.flat().join(', ')}).finished()`;
};

export function runEigen(cases: RunCase[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'partials-tensorgen-'));
  try {
    const lines = [...unique(cases.flatMap((c) => c.gen.imports)), '#include <cstdio>', '#include <exception>', '', ...unique(cases.flatMap((c) => c.gen.helpers)), ''];
    for (const c of cases) lines.push(c.gen.body, '');
    lines.push(
      'static void out(double v) { std::printf(" %.17g", v); }',
      'static void out(const Eigen::MatrixXd& m) { for (Eigen::Index i = 0; i < m.rows(); ++i) for (Eigen::Index j = 0; j < m.cols(); ++j) std::printf(" %.17g", m(i, j)); }',
      'int main() {',
    );
    for (const c of cases) {
      lines.push(`  { const auto r = ${c.gen.functionName}(${c.args.map(cppValue).join(', ')});`, `    std::printf("${c.id}");`,
        ...c.gen.resultNames.map((n) => `    out(r.${n});`), '    std::printf("\\n"); }');
    }
    lines.push('  return 0;', '}');
    writeFileSync(join(dir, 'gen.cpp'), lines.join('\n') + '\n');
    const cc = run('g++', ['-std=c++17', '-O1', '-w', '-I/usr/include/eigen3', 'gen.cpp', '-o', 'gen'], dir);
    if (!cc.ok) return { ok: false, error: `g++ failed:\n${cc.err.slice(0, 6000)}` };
    const r = run(join(dir, 'gen'), [], dir);
    if (!r.ok && !r.out.includes('case')) return { ok: false, error: r.err.slice(-3000) };
    return { ok: true, ...parse(r.out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
