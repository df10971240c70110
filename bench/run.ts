/**
 * `npm run bench`: Partials against mathjs `derivative` (with and without its simplify) on the project's corpus,
 * on this machine, in one run; the displayed partials' length against SymPy's simplify(diff(f, x)) (bench/sympy.ts). Prints Markdown and writes docs/benchmarks.md.
 *
 *   npm run bench                   full run
 *   npm run bench -- --quick        fewer repetitions and a shorter mathjs cap (a smoke test)
 *   npm run bench -- --no-write     print only
 *   npm run bench -- --e2e          also measure responsiveness in code-server (test/e2e/responsiveness.e2e.ts) first;
 *                                   without it the last test-results/responsiveness.json is reported, if any
 *   npm run bench -- --responsiveness [--e2e]   only rewrite the "Responsiveness in a real VS Code" section
 *   node --import tsx bench/tensorgen.ts        only rewrite the "Generated NumPy gradients at n = 1 000" section
 *   npm run bench -- --tensor-eval [--no-write] only the "Tensor engine: evaluated gradient / f at n = 1 000" section (engine and PyTorch autograd side by side; also node --import tsx bench/tensoreval.ts)
 *   npm run bench -- --parse-path   only rewrite the "Parse path" section (10 000-deep nesting, hostile sizes, parse times)
 *   npm run bench -- --robustness [--quick]     only rewrite the "Robustness" section (hostile input, the CLI's limits)
 *   npm run bench -- --limits [--quick]         only rewrite the "Worst cases inside the extension's default limits" section
 *   npm run bench -- --sympy [--sympy-cache FILE] [--verbose]   only rewrite the "Displayed partials vs SymPy" section
 *                                   (FILE keeps SymPy's answers between runs; --verbose prints both texts per row)
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { corpus, type BenchCase } from './corpus';
import { agreement, MathjsRunner, numericReference, partialsCore, partialsFull, partialsGradient, timeIt, type Agreement, type MathjsOutcome, type Timing } from './measure';
import { activation, bundleSizes, codegenSection, machine, type ActivationResult, type BundleSize } from './environment';
import { runLimitCases } from './limits';
import { limitsMarkdown, renderReport, replaceLimits } from './report';
import { coldStartSection } from './coldstart';
import { sympyComparison, sympyDetails, sympyMarkdown } from './sympy';
import { parsePathSection, replaceParsePathSection } from './parsepath';
import { loadResponsiveness, replaceSection, responsivenessMarkdown, runResponsivenessE2e } from './responsiveness';
import { tensorgenSection } from './tensorgen';
import { tensorEvalSection, writeTensorEvalSection } from './tensoreval';
import { replaceRobustness, robustnessSection } from './robustness';

export interface CaseResult {
  c: BenchCase;
  full: Timing;
  core: Timing;
  gradient: Timing;
  /** Characters of all partials in plain text as displayed: the shared bindings once, then each compact form (or expr). */
  chars: number;
  cost: { fOps: number; gradientOps: number };
  partials: Agreement;
  mathjs: MathjsOutcome;
  mathjsSimplify: MathjsOutcome;
  mathjsAgreement?: Agreement;
  mathjsSimplifyAgreement?: Agreement;
  error?: string;
}

export interface BenchOptions {
  quick: boolean;
  capMs: number;
}

const args = process.argv.slice(2);
const options: BenchOptions = {
  quick: args.includes('--quick'),
  capMs: Number(process.env.BENCH_MATHJS_CAP_MS ?? (args.includes('--quick') ? 1500 : 5000)),
};

async function runCase(c: BenchCase, mathjs: MathjsRunner, skip: { plain: boolean; simplify: boolean }): Promise<CaseResult> {
  const reps = options.quick ? { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 300 } : { warmup: 3, minRuns: 7, maxRuns: 31, budgetMs: 2000 };
  const ref = numericReference(c);
  let result: CaseResult;
  try {
    const full = timeIt(() => partialsFull(c), reps);
    const core = timeIt(() => partialsCore(c), reps);
    const gradient = timeIt(() => partialsGradient(c), reps);
    const byVar = new Map(full.last.partials.map((p) => [p.wrt, p.value]));
    result = {
      c, full: full.timing, core: core.timing, gradient: gradient.timing, cost: full.last.cost,
      chars: (full.last.bindings ?? []).reduce((n, b) => n + b.name.length + b.expr.length, 0)
        + full.last.partials.reduce((n, p) => n + (p.compact ?? p).expr.length, 0),
      partials: agreement(c.vars.map((v) => byVar.get(v) ?? NaN), ref),
      mathjs: { status: 'error', message: 'not run' }, mathjsSimplify: { status: 'error', message: 'not run' },
    };
  } catch (e) {
    const nan = { medianMs: NaN, runs: 0 };
    result = {
      c, full: nan, core: nan, gradient: nan, chars: NaN, cost: { fOps: NaN, gradientOps: NaN }, partials: { ok: 0, total: c.vars.length, maxRelError: Infinity },
      mathjs: { status: 'error', message: 'not run' }, mathjsSimplify: { status: 'error', message: 'not run' }, error: String((e as Error).message),
    };
  }
  const mReps = { reps: options.quick ? 3 : 7, budgetMs: options.quick ? 300 : 1500, capMs: options.capMs };
  const skipped = (prev: string): MathjsOutcome => ({ status: 'error', message: `skipped: ${prev} timed out` });
  result.mathjs = skip.plain ? skipped('a smaller size') : await mathjs.run(c, false, mReps);
  result.mathjsSimplify = skip.simplify ? skipped('a smaller size') : await mathjs.run(c, true, mReps);
  if (result.mathjs.status === 'ok') result.mathjsAgreement = agreement(result.mathjs.values, ref);
  if (result.mathjsSimplify.status === 'ok') result.mathjsSimplifyAgreement = agreement(result.mathjsSimplify.values, ref);
  return result;
}

/** The responsiveness numbers: measured now (--e2e) or the e2e test's last results. */
function responsiveness(): string {
  if (args.includes('--e2e')) {
    process.stderr.write('responsiveness in code-server (test/e2e/responsiveness.e2e.ts) …\n');
    if (!runResponsivenessE2e()) process.stderr.write('the responsiveness e2e test failed: reporting what it measured\n');
  }
  return responsivenessMarkdown(loadResponsiveness());
}

async function main(): Promise<void> {
  const file = join(__dirname, '..', 'docs', 'benchmarks.md');
  if (args.includes('--tensor-eval')) {
    const section = tensorEvalSection();
    process.stdout.write(section);
    if (!args.includes('--no-write')) process.stderr.write(`updated the tensor evaluation section of ${writeTensorEvalSection(section)}\n`);
    return;
  }
  if (args.includes('--limits')) {
    const section = limitsMarkdown(runLimitCases(args.includes('--quick') ? 8000 : 30_000));
    process.stdout.write(`${section}\n`);
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceLimits(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
      process.stderr.write(`updated the limits section of ${file}\n`);
    }
    return;
  }
  if (args.includes('--robustness')) {
    const section = robustnessSection({ quick: args.includes('--quick') });
    process.stdout.write(`${section}\n`);
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceRobustness(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
      process.stderr.write(`updated the robustness section of ${file}\n`);
    }
    return;
  }
  if (args.includes('--responsiveness')) {
    const section = responsiveness();
    process.stdout.write(`${section}\n`);
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
      process.stderr.write(`updated the responsiveness section of ${file}\n`);
    }
    return;
  }
  if (args.includes('--cold-start')) {
    const section = await coldStartSection(options.quick);
    process.stdout.write(`${section}\n`);
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceTitled(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', '## Cold start and size', section));
      process.stderr.write(`updated the cold start section of ${file}\n`);
    }
    return;
  }
  if (args.includes('--sympy')) {
    const at = args.indexOf('--sympy-cache');
    const r = await sympyComparison({ cache: at >= 0 ? args[at + 1] : undefined });
    const section = sympyMarkdown(r);
    process.stdout.write(`${section}\n`);
    if (args.includes('--verbose')) process.stderr.write(sympyDetails(r));
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceTitled(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', '## Displayed partials vs SymPy', section));
      process.stderr.write(`updated the SymPy section of ${file}\n`);
    }
    return;
  }
  if (args.includes('--parse-path')) {
    const section = parsePathSection(options.quick);
    process.stdout.write(`${section}\n`);
    if (!args.includes('--no-write')) {
      writeFileSync(file, replaceParsePathSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n', section));
      process.stderr.write(`updated the parse path section of ${file}\n`);
    }
    return;
  }
  const mathjs = new MathjsRunner();
  const results: CaseResult[] = [];
  // In a scaling family, once mathjs times out at one size it is not run at larger sizes.
  const timedOut = new Map<string, { plain: boolean; simplify: boolean }>();
  for (const c of corpus()) {
    const skip = timedOut.get(c.family) ?? { plain: false, simplify: false };
    process.stderr.write(`${c.family} ${c.name} … `);
    const r = await runCase(c, mathjs, skip);
    if (c.n !== undefined) {
      timedOut.set(c.family, {
        plain: skip.plain || r.mathjs.status === 'timeout',
        simplify: skip.simplify || r.mathjsSimplify.status === 'timeout',
      });
    }
    process.stderr.write(`${r.full.medianMs.toFixed(2)} ms; mathjs ${r.mathjs.status}, +simplify ${r.mathjsSimplify.status}\n`);
    results.push(r);
  }
  await mathjs.close();

  const bundles: BundleSize[] = bundleSizes();
  const act: ActivationResult = activation(options.quick ? 3 : 7);
  const codegen = await codegenSection();
  process.stderr.write('worst cases inside the extension limits …\n');
  const limits = runLimitCases(options.quick ? 8000 : 30_000);
  process.stderr.write('generated NumPy gradients at n = 1 000 …\n');
  const tensorgen = tensorgenSection();
  process.stderr.write('tensor engine evaluation at n = 1 000 (with PyTorch autograd) …\n');
  const tensorEval = tensorEvalSection();
  process.stderr.write('cold start and size …\n');
  process.stderr.write('displayed partials vs SymPy …\n');
  const sympy = sympyMarkdown(await sympyComparison());
  const md = renderReport({ results, bundles, activation: act, codegen, limits, machine: machine(), options, responsiveness: responsiveness() }) + '\n' + tensorgen + '\n' + tensorEval + '\n' + await coldStartSection(options.quick)
    + '\n' + parsePathSection(options.quick) + '\n' + sympy + '\n' + robustnessSection({ quick: options.quick });
  process.stdout.write(md);
  if (!args.includes('--no-write')) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, md);
    process.stderr.write(`wrote ${file}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

/** Replaces the section that starts with `title` (up to the next `## `) in docs/benchmarks.md, or appends it. */
function replaceTitled(doc: string, title: string, section: string): string {
  const start = doc.indexOf(`\n${title}\n`);
  if (start < 0) return `${doc.replace(/\n*$/, '\n\n')}${section.trimEnd()}\n`;
  const next = doc.indexOf('\n## ', start + title.length + 1);
  return `${doc.slice(0, start + 1)}${section.trimEnd()}\n${next < 0 ? '' : doc.slice(next)}`;
}
