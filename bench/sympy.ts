/**
 * Displayed partials side by side with SymPy's `simplify(diff(f, x))` (issue #15): on the corpus's small cases,
 * the length of what Partials displays (the named / simplified form, else the expanded one) over the length of
 * SymPy's, both as mathjs-style text with spaces removed (`**` counted as `^`). Also the time per partial of a
 * whole inspect (named forms included). Run alone: `node --import tsx bench/sympy.ts`.
 */
import { spawnSync } from 'node:child_process';
import { inspect } from '../src/core/model';
import { corpus, type BenchCase } from './corpus';

export interface SympyRow {
  c: BenchCase;
  wrt: string;
  ours: number;
  sympy?: number;
  sympyError?: string;
}

export interface SympyResult {
  available: boolean;
  rows: SympyRow[];
  /** Median and p90 of ours/sympy over the rows SymPy answered. */
  median?: number;
  p90?: number;
  msPerPartial: number;
  namedShare: number;
}

const PY = String.raw`
import json, sys, signal
from sympy import simplify, diff, Symbol, Abs, sign, exp, log, sqrt, sin, cos, tan, tanh, sinh, cosh, atan, asin, acos, pi, E
from sympy.parsing.sympy_parser import parse_expr
class Timeout(Exception): pass
def on_alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, on_alarm)
out = []
for case in json.load(sys.stdin):
    names = {v: Symbol(v) for v in case['vars']}
    names.update({'abs': Abs, 'pi': pi, 'e': E})
    try:
        f = parse_expr(case['expr'].replace('^', '**'), local_dict=names)
    except Exception as ex:
        out.append([{'error': 'parse: %s' % ex}] * len(case['vars'])); continue
    row = []
    for v in case['vars']:
        signal.alarm(20)
        try:
            s = str(simplify(diff(f, names[v])))
            row.append({'text': s})
        except Timeout:
            row.append({'error': 'timeout (20 s)'})
        except Exception as ex:
            row.append({'error': str(ex)})
        finally:
            signal.alarm(0)
    out.append(row)
json.dump(out, sys.stdout)
`;

const squash = (s: string) => s.replace(/\s+/g, '').replace(/\*\*/g, '^');

export function sympyComparison(): SympyResult {
  const cases = corpus().filter((c) => c.n === undefined && c.mathjs !== undefined);
  const rows: SympyRow[] = [];
  let ms = 0;
  let partials = 0;
  let withNamed = 0;
  for (const c of cases) {
    const t0 = performance.now();
    const r = inspect({ source: c.source, at: c.point, wrt: c.vars });
    ms += performance.now() - t0;
    for (const p of r.partials) {
      partials++;
      if (p.named) withNamed++;
      rows.push({ c, wrt: p.wrt, ours: squash(p.named?.expr ?? p.expr).length });
    }
  }
  const py = spawnSync('python3', ['-c', PY], {
    input: JSON.stringify(cases.map((c) => ({ expr: c.mathjs, vars: c.vars }))),
    encoding: 'utf8', maxBuffer: 64 << 20, timeout: 30 * 60_000,
  });
  const available = py.status === 0;
  if (available) {
    const answers = JSON.parse(py.stdout) as { text?: string; error?: string }[][];
    let k = 0;
    cases.forEach((c, ci) => c.vars.forEach((_v, vi) => {
      const a = answers[ci][vi];
      if (a.text !== undefined) rows[k].sympy = squash(a.text).length;
      else rows[k].sympyError = a.error;
      k++;
    }));
  }
  const ratios = rows.filter((r) => r.sympy).map((r) => r.ours / r.sympy!).sort((a, b) => a - b);
  const q = (p: number) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))];
  return {
    available, rows, msPerPartial: ms / Math.max(1, partials), namedShare: withNamed / Math.max(1, partials),
    ...(ratios.length ? { median: q(0.5), p90: q(0.9) } : {}),
  };
}

export function sympyMarkdown(r: SympyResult): string {
  const lines = ['## Displayed partials vs SymPy', ''];
  lines.push('Length of each displayed partial (Partials: the form in names / simplified, else the expanded one; SymPy:',
    '`simplify(diff(f, x))`), as text with spaces removed and `**` counted as `^`, on the corpus\'s small cases',
    '(random, ML, classic). Target (issue #15): median ≤ 0.9×, p90 ≤ 1.3×; ≤ 5 ms per partial.', '');
  if (!r.available) {
    lines.push('SymPy was not available (python3 with sympy: `apt-get install python3-sympy`).', '');
  } else {
    const answered = r.rows.filter((x) => x.sympy).length;
    lines.push(`| partials | SymPy answered | median ours/SymPy | p90 ours/SymPy | ms per partial (whole inspect) | with a named form |`);
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
    lines.push(`| ${r.rows.length} | ${answered} | ${r.median?.toFixed(2)}× | ${r.p90?.toFixed(2)}× | ${r.msPerPartial.toFixed(2)} | ${(100 * r.namedShare).toFixed(0)}% |`, '');
    lines.push('| case | ∂/∂ | Partials | SymPy | ratio |', '| --- | --- | ---: | ---: | ---: |');
    for (const x of r.rows) {
      lines.push(`| ${x.c.family}: ${x.c.name} | ${x.wrt} | ${x.ours} | ${x.sympy ?? x.sympyError ?? '—'} | ${x.sympy ? (x.ours / x.sympy).toFixed(2) : '—'} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('sympy.ts')) {
  const r = sympyComparison();
  process.stdout.write(sympyMarkdown(r) + '\n');
}
