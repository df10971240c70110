/**
 * Runs generated code for real: one program per target holding every case (so each toolchain starts once),
 * printing `id v0 v1 …` lines (value, gradient, Hessian row-major) that the tests compare with the engine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Case {
  id: string;
  /** Function definition (already generated), or statements wrapped by the runner. */
  code: string;
  fn: string;
  args: number[];
  /** Number of gradient entries, and whether a Hessian (n×n) follows. */
  n: number;
  hessian: boolean;
}

export interface Batch {
  /** Extra compiler flags or pragmas are not used; `lenient` tolerates unused user variables (statements tests). */
  lenient?: boolean;
  cases: Case[];
  imports: string[];
  helpers: string[];
}

export type RunResult = { ok: true; values: Map<string, number[]>; dir: string } | { ok: false; error: string; dir: string };

const ROOT = resolve(__dirname, '../..');

function which(cmd: string): string | undefined {
  if (cmd.startsWith('/')) return existsSync(cmd) ? cmd : undefined;
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function pythonWith(module?: string): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const exe = which(py);
    if (!exe) continue;
    if (!module) return exe;
    if (spawnSync(exe, ['-c', `import ${module}`]).status === 0) return exe;
  }
  return undefined;
}

export interface Toolchain {
  /** Why the target cannot run here, or undefined when it can. */
  missing?: string;
  run(batch: Batch): RunResult;
}

function exec(dir: string, cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? dir, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20, env: { ...process.env, ...opts.env } });
  return { ok: r.status === 0, out: r.stdout ?? '', err: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function parseNumber(s: string): number {
  const t = s.toLowerCase().replace(/^\+/, '');
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan') return NaN;
  return Number(s);
}

function parse(out: string): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const line of out.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    values.set(parts[0], parts.slice(1).map(parseNumber));
  }
  return values;
}

function program(target: string, batch: Batch, files: (dir: string) => { file: string; steps: [string, string[], Record<string, string>?][] }, text: string): RunResult {
  const dir = mkdtempSync(join(tmpdir(), `partials-codegen-${target}-`));
  const { file, steps } = files(dir);
  writeFileSync(join(dir, file), text);
  let last = { ok: true, out: '', err: '' };
  for (const [cmd, args, env] of steps) {
    last = exec(dir, cmd, args, { env, cwd: cmd.endsWith('node') ? ROOT : dir });
    if (!last.ok) return { ok: false, error: `${cmd} ${args.join(' ')} failed:\n${(last.err || last.out).slice(0, 4000)}`, dir };
  }
  return { ok: true, values: parse(last.out), dir };
}

const uniq = (xs: string[]): string[] => [...new Set(xs)];
const lit = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

// ---- one program per target -----------------------------------------------------------------------------

function pythonProgram(batch: Batch, numpy: boolean): string {
  const arg = (v: number) => (numpy ? `np.array([${lit(v)}, ${lit(v)}])` : lit(v));
  return [
    ...uniq([...(numpy ? ['import numpy as np'] : []), ...batch.imports]),
    ...(numpy ? ['np.seterr(all="ignore")'] : []),
    ...uniq(batch.helpers), '',
    ...batch.cases.map((c) => c.code + '\n'),
    'def _flat(r, out):',
    '    if isinstance(r, (tuple, list)):',
    '        for v in r: _flat(v, out)',
    '    else: out.append(r)',
    '    return out',
    numpy
      ? [
        'def _val(v):',
        '    a = np.broadcast_to(np.asarray(v, dtype=float), (2,))',
        '    if not (a[0] == a[1] or (np.isnan(a[0]) and np.isnan(a[1]))): raise ValueError("elements differ")',
        '    return repr(float(a[0]))',
      ].join('\n')
      : 'def _val(v): return repr(float(v))',
    ...batch.cases.map((c) => `print(${JSON.stringify(c.id)}, *[_val(v) for v in _flat(${c.fn}(${c.args.map(arg).join(', ')}), [])])`),
  ].join('\n');
}

function jsProgram(batch: Batch, ts: boolean): string {
  return [
    ...uniq(batch.helpers), '',
    ...batch.cases.map((c) => c.code + '\n'),
    ts ? 'const _p = (id: string, r: unknown): void => console.log(id, ...([r] as unknown[]).flat(3).map((v) => String(v)));'
      : 'const _p = (id, r) => console.log(id, ...[r].flat(3).map((v) => String(v)));',
    ...batch.cases.map((c) => `_p(${JSON.stringify(c.id)}, ${c.fn}(${c.args.map(String).join(', ')}));`),
    'export {};',
  ].join('\n');
}

function cProgram(batch: Batch, cpp: boolean): string {
  const calls = batch.cases.map((c) => {
    const n = Math.max(c.n, 1);
    const fmt = Array(1 + c.n + (c.hessian ? c.n * c.n : 0)).fill('%.17g').join(' ');
    const vals = ['f', ...Array.from({ length: c.n }, (_, i) => `g[${i}]`)];
    if (c.hessian) for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) vals.push(`h[${i}][${j}]`);
    const args = [...c.args.map(lit), 'g', ...(c.hessian ? ['h'] : [])];
    return `  { double g[${n}]; ${c.hessian ? `double h[${n}][${n}]; ` : ''}double f = ${c.fn}(${args.join(', ')}); printf("${c.id} ${fmt}\\n", ${vals.join(', ')}); }`;
  });
  return [
    ...uniq([...batch.imports, cpp ? '#include <cstdio>' : '#include <stdio.h>']),
    ...(batch.lenient ? ['#pragma GCC diagnostic ignored "-Wunused-variable"'] : []),
    ...uniq(batch.helpers), '',
    ...batch.cases.map((c) => c.code + '\n'),
    'int main(void) {', ...calls, '  return 0;', '}',
  ].join('\n');
}

function rustProgram(batch: Batch): string {
  const calls = batch.cases.map((c) => {
    const vals = ['r.0', ...Array.from({ length: c.n }, (_, i) => `r.1[${i}]`)];
    if (c.hessian) for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) vals.push(`r.2[${i}][${j}]`);
    return `    { let r = ${c.fn}(${c.args.map(lit).join(', ')}); println!("${c.id}${' {:?}'.repeat(vals.length)}", ${vals.join(', ')}); }`;
  });
  return [...uniq(batch.helpers), '', ...batch.cases.map((c) => c.code + '\n'), 'fn main() {', ...calls, '}'].join('\n');
}

function goProgram(batch: Batch): string {
  const calls = batch.cases.map((c) => {
    const vals = ['f', ...Array.from({ length: c.n }, (_, i) => `g[${i}]`)];
    if (c.hessian) for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) vals.push(`h[${i}][${j}]`);
    const g = c.n ? 'g' : '_';
    return `\t{\n\t\tf, ${g}${c.hessian ? (c.n ? ', h' : ', _') : ''} := ${c.fn}(${c.args.map(lit).join(', ')})\n\t\tfmt.Println(${JSON.stringify(c.id)}, ${vals.join(', ')})\n\t}`;
  });
  const imports = uniq(batch.imports).map((i) => i.replace(/^import\s+/, ''));
  return ['package main', '', `import (\n\t"fmt"\n${imports.map((i) => `\t${i}\n`).join('')})`, '', ...uniq(batch.helpers), '',
    ...batch.cases.map((c) => c.code + '\n'), 'func main() {', ...calls, '}'].join('\n');
}

function javaProgram(batch: Batch): string {
  const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
  return [
    'public class Main {',
    ...uniq(batch.helpers).map(indent),
    ...batch.cases.map((c) => indent(c.code)),
    '    static void p(String id, double[] r) {',
    '        StringBuilder sb = new StringBuilder(id);',
    '        for (double v : r) sb.append(\' \').append(Double.toString(v));',
    '        System.out.println(sb);',
    '    }',
    '    public static void main(String[] args) {',
    ...batch.cases.map((c) => `        p(${JSON.stringify(c.id)}, ${c.fn}(${c.args.map(lit).join(', ')}));`),
    '    }',
    '}',
  ].join('\n');
}

function octaveProgram(batch: Batch): string {
  return [
    '1;',
    ...batch.cases.map((c) => c.code + '\n'),
    ...batch.cases.map((c) => {
      const outs = c.hessian ? '[f, g, H]' : '[f, g]';
      const vals = c.hessian ? '[f, reshape(g, 1, []), reshape(H.\', 1, [])]' : '[f, reshape(g, 1, [])]';
      return `${outs} = ${c.fn}(${c.args.map(String).join(', ')}); printf("%s", "${c.id}"); printf(" %.17g", ${vals}); printf("\\n");`;
    }),
  ].join('\n');
}

export function toolchain(target: string): Toolchain {
  const missingTool = (what: string): Toolchain => ({ missing: what, run: () => ({ ok: false, error: what, dir: '' }) });
  switch (target) {
    case 'python':
    case 'numpy': {
      const py = pythonWith(target === 'numpy' ? 'numpy' : undefined);
      if (!py) return missingTool(target === 'numpy' ? 'no python3 with numpy (Debian: python3-numpy)' : 'no python3');
      return { run: (b) => program(target, b, () => ({ file: 'prog.py', steps: [[py, ['prog.py']]] }), pythonProgram(b, target === 'numpy')) };
    }
    case 'javascript':
      return { run: (b) => program(target, b, (dir) => ({ file: 'prog.mjs', steps: [[process.execPath, [join(dir, 'prog.mjs')]]] }), jsProgram(b, false)) };
    case 'typescript': {
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      if (!existsSync(tsc)) return missingTool('no node_modules/typescript');
      return {
        run: (b) => program(target, b, (dir) => ({
          file: 'prog.ts',
          steps: [
            [process.execPath, [tsc, '--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'es2022', '--lib', 'es2022,dom', '--moduleResolution', 'bundler', '--skipLibCheck', join(dir, 'prog.ts')]],
            [process.execPath, ['--import', 'tsx', join(dir, 'prog.ts')]],
          ],
        }), jsProgram(b, true)),
      };
    }
    case 'c':
    case 'cpp': {
      const cc = which(target === 'c' ? 'gcc' : 'g++');
      if (!cc) return missingTool(`no ${target === 'c' ? 'gcc' : 'g++'}`);
      const file = target === 'c' ? 'prog.c' : 'prog.cpp';
      const std = target === 'c' ? '-std=c11' : '-std=c++17';
      return { run: (b) => program(target, b, () => ({ file, steps: [[cc, [std, '-O1', '-Wall', '-Werror', '-o', 'prog', file, '-lm']], ['./prog', []]] }), cProgram(b, target === 'cpp')) };
    }
    case 'rust': {
      const rustc = which('rustc') ?? which(join(process.env.HOME ?? '/root', '.cargo/bin/rustc'));
      if (!rustc) return missingTool('no rustc (Debian: rustc)');
      return { run: (b) => program(target, b, () => ({ file: 'prog.rs', steps: [[rustc, ['--edition', '2021', '-C', 'opt-level=0', '-o', 'prog', 'prog.rs']], ['./prog', []]] }), rustProgram(b)) };
    }
    case 'go': {
      const go = which('go') ?? which('/usr/lib/go/bin/go');
      if (!go) return missingTool('no go (Debian: golang-go)');
      return {
        run: (b) => program(target, b, (dir) => ({ file: 'main.go', steps: [[go, ['run', 'main.go'], { GOCACHE: join(tmpdir(), 'partials-go-cache'), GOPATH: join(dir, 'gopath'), GO111MODULE: 'off' }]] }), goProgram(b)),
      };
    }
    case 'java': {
      const java = which('java');
      if (!java || !which('javac')) return missingTool('no java/javac (Debian: default-jdk-headless)');
      return { run: (b) => program(target, b, () => ({ file: 'Main.java', steps: [[java, ['Main.java']]] }), javaProgram(b)) };
    }
    case 'matlab': {
      const octave = which('octave-cli') ?? which('octave');
      if (!octave) return missingTool('no octave (Debian: octave)');
      return { run: (b) => program(target, b, () => ({ file: 'prog.m', steps: [[octave, ['--no-gui', '--quiet', '--no-window-system', '--norc', 'prog.m']]] }), octaveProgram(b)) };
    }
    default:
      return missingTool(`no runner for ${target}`);
  }
}
