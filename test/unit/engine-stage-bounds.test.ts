/**
 * Every stage the inspector runs after a selection (inspectView, graph, check, code: the calls the worker makes,
 * through worker.ts `run`) follows the answer's real size, not the square of the selection's (issue #16): on the
 * two worst cases inside the extension's limits — 19 990 LaTeX letters `$xx…x$` (one variable: x¹⁹⁹⁹⁰) and the
 * product of 3 300 variables — values are right, what each stage returns is bounded, and what a stage left out is
 * said in a note. No timing here (bench/limits.ts measures the same path).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { evaluate } from 'mathjs';
import { createEngine, VIEW_CHECK_WORK, VIEW_CODE_CHARS, VIEW_GRAPH_NODES, VIEW_LOCAL_CHARS, type CheckOptions } from '../../src/extension/engine/adapter';
import { partialCount, partialValues, VIEW_PARTIALS, type ViewResult } from '../../src/extension/engine/viewLimits';
import { gradientViews } from '../../src/extension/inspector/viewModel';
import { run } from '../../src/extension/engine/worker';
import type { InspectRequest, InspectResult } from '../../src/core/api';
import type { ChecksView, GraphModel } from '../../src/shared/protocol';
import { inProcess } from '../../src/extension/engine/client';
import { computeModel, type PipelineInput } from '../../src/extension/inspector/pipeline';
import { emptyOverrides } from '../../src/extension/inspector/request';
import { settingsFrom } from '../../src/extension/settings';
import { check } from '../../src/core/check';
import { route, runTensor } from '../../src/core/tensor/session';
import type { TensorLanguage } from '../../src/core/tensor';
import { PartialsError } from '../../src/core/errors';
import { graphView, inspect } from '../../src/core/index';

const call = <T>(engine: ReturnType<typeof createEngine>, method: string, args: unknown[]): { value: T; bytes: number } => {
  const reply = run(engine, { id: 1, method: method as 'inspect', args });
  assert.equal(reply.error, undefined, `${method}: ${reply.error?.message}`);
  return { value: reply.value as T, bytes: serialize(reply).length };
};
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const checkOpts = (sweep: { of: string; wrt: string }): CheckOptions => ({ atol: 1e-5, rtol: 1e-3, sweep });

test('19 990 LaTeX letters: x^19990 and 19990 x^19989, a bounded graph with a note, one checked partial, code refused with its size', () => {
  const engine = createEngine();
  const req: InspectRequest = { source: `$${'x'.repeat(19_990)}$`, language: 'latex', at: { x: 1.00001 } };
  const x = 1.00001;
  const { value: r, bytes } = call<InspectResult>(engine, 'inspectView', [req]);
  // collected (priority 2 of the brief): f and ∂f/∂x print as one power each, not 19 990 factors
  assert.equal(r.expressions.f.expr.replace(/\s/g, ''), 'x^19990');
  assert.equal(r.partials.length, 1);
  assert.equal(r.partials[0].expr.replace(/\s/g, ''), '19990*x^19989');
  close(r.partials[0].value, 19_990 * x ** 19_989, '∂f/∂x');
  close(evaluate(r.partials[0].expr, { x }) as number, r.partials[0].value, 'its expr re-evaluated');
  assert.ok(bytes < 20_000, `inspectView: ${bytes} bytes`);

  // the graph as the engine's graphModel bounds it for the view (core graphView with the view's bounds)
  const g = graphView(req, undefined, { maxNodes: VIEW_GRAPH_NODES, maxLocalChars: VIEW_LOCAL_CHARS });
  assert.deepEqual(g.truncated, { nodes: 19_990, shown: VIEW_GRAPH_NODES });
  assert.equal(g.nodes.length, VIEW_GRAPH_NODES);
  assert.ok(g.nodes.some((n) => n.isOutput), 'the output is among the nodes shown');
  const ids = new Set(g.nodes.map((n) => n.id));
  assert.ok(g.edges.every((e) => ids.has(e.from) && ids.has(e.to)), 'edges only between nodes shown');
  assert.ok(g.edges.every((e) => e.local.length <= VIEW_LOCAL_CHARS), 'each local bounded');
  // the local of the chain's left operand is a long product: not printed, its value exact (x^19989 · … at the point)
  const top = g.nodes.find((n) => n.isOutput)!;
  const left = g.edges.find((e) => e.to === top.id && e.local === '…');
  assert.ok(left, 'a long local shows …');
  close(left.localValue, x ** 19_989, 'its value');
  // what the worker posts: the folded model, bounded, saying it is truncated
  const { value: model, bytes: gBytes } = call<GraphModel>(engine, 'graphModel', [req, undefined, { outputs: ['f'], direction: 'RIGHT', collapseThreshold: 80 }]);
  assert.deepEqual(model.truncated, { nodes: 19_990, shown: VIEW_GRAPH_NODES });
  assert.ok(model.edges.every((e) => e.local.length <= 1000), 'folded locals bounded');
  assert.ok(gBytes < 1_000_000, `graphModel: ${gBytes} bytes`);

  const { value: c } = call<{ checks: ChecksView }>(engine, 'check', [req, checkOpts({ of: 'f', wrt: 'x' })]);
  assert.equal(c.checks.rows.length, 1);
  close(c.checks.rows[0].exact, 19_990 * x ** 19_989, 'checked exact');
  // the exact methods agree (the differences' fixed steps are too coarse for a 19 990th power: their verdict is theirs)
  for (const m of ['forwardAD', 'reverseAD', 'complexStep']) assert.equal(c.checks.rows[0].methods.find((r) => r.method === m)?.verdict, 'ok', m);

  const reply = run(engine, { id: 1, method: 'code', args: [req, { target: 'python', style: 'closed', form: 'statements', maxChars: VIEW_CODE_CHARS }] });
  // the code is linear in the graph (one line per factor) and longer than the view shows: refused with its size
  assert.equal(reply.error?.code, 'limit');
  assert.match(reply.error?.message ?? '', /^The gradient code is \d+ characters long, more than the 100000 shown here/);
});

test('the product of 3 300 variables: every stage bounded, values right, notes for what is left out', async () => {
  const engine = createEngine();
  const names = Array.from({ length: 3300 }, (_, i) => `x${i + 1}`);
  const at = Object.fromEntries(names.map((n, i) => [n, 1 + ((i % 7) - 3) / 1000]));
  const req: InspectRequest = { source: names.join('*'), language: 'math', at };
  const prodExcept = (k: number) => names.reduce((p, n, i) => (i === k ? p : p * at[n]), 1);

  // the first model's call: the listed partials whole, the other 3 100 by value only (was 1.2 MB to the host)
  const { value: view, bytes: viewBytes } = call<{ result: ViewResult }>(engine, 'inspectViewCode', [req, 'python']);
  assert.equal(view.result.partials.length, VIEW_PARTIALS);
  assert.equal(partialCount(view.result), 3300);
  assert.deepEqual(view.result.unlisted?.[0], { of: 'f', wrt: `x${VIEW_PARTIALS + 1}`, value: view.result.unlisted?.[0].value });
  close(view.result.unlisted!.at(-1)!.value, prodExcept(3299), 'an unlisted partial\'s value');
  assert.deepEqual(partialValues(view.result).map((p) => p.wrt), names);
  assert.ok(viewBytes < 500_000, `inspectViewCode: ${viewBytes} bytes`);
  // the gradient table still has every value
  const grad = gradientViews(view.result)[0];
  assert.equal(grad.values.length, 3300);
  close(grad.values[3299][0], prodExcept(3299), '∇f in the table, last entry');

  const g = graphView(req, undefined, { maxNodes: VIEW_GRAPH_NODES, maxLocalChars: VIEW_LOCAL_CHARS });
  assert.deepEqual(g.truncated, { nodes: 6599, shown: VIEW_GRAPH_NODES });
  assert.ok(g.edges.every((e) => e.local.length <= VIEW_LOCAL_CHARS));
  // adjoints stay exact: ∂f/∂x3300 (the last factor, next to the output) is the product of the others
  const last = g.nodes.find((n) => n.label === 'x3300')!;
  close(last.adjoint, prodExcept(3299), '∂f/∂x3300 in the graph');
  const { value: model, bytes } = call<GraphModel>(engine, 'graphModel', [req, undefined, { outputs: ['f'], direction: 'RIGHT', collapseThreshold: 80 }]);
  assert.deepEqual(model.truncated, { nodes: 6599, shown: VIEW_GRAPH_NODES });
  assert.ok(bytes < 1_000_000, `graphModel: ${bytes} bytes`);

  const { value: c, bytes: cBytes } = call<{ checks: ChecksView }>(engine, 'check', [req, checkOpts({ of: 'f', wrt: 'x3000' })]);
  const rows = c.checks.rows;
  // the first inputs in order, then the swept one; those not checked are counted (the table lists at most 100 of the rest)
  const checked = 3300 - c.checks.unchecked!;
  assert.ok(checked > 1 && checked < 3300, `${checked} checked`);
  assert.equal(rows.length + (c.checks.omitted?.rows ?? 0), checked);
  assert.deepEqual(rows.slice(0, 50).map((r) => r.wrt), names.slice(0, 50));
  for (const r of rows.slice(0, 3)) close(r.exact, prodExcept(names.indexOf(r.wrt)), `checked ∂f/∂${r.wrt}`);
  assert.ok(rows.every((r) => r.verdict === 'ok'));
  assert.equal(c.checks.omitted?.ok, c.checks.omitted?.rows, 'the ones not listed passed too');
  // the swept partial is checked although it is past the bound (its study is there)
  const sweptRun = check({ source: req.source, at, maxWork: VIEW_CHECK_WORK, partialForms: false, sweep: [{ of: 'f', wrt: 'x3000' }] });
  assert.equal(sweptRun.partials.at(-1)?.wrt, 'x3000');
  close(sweptRun.partials.at(-1)!.exact!, prodExcept(2999), 'swept ∂f/∂x3000');
  assert.equal(sweptRun.sweeps?.[0]?.wrt, 'x3000');
  assert.ok(cBytes < 2_000_000, `check: ${cBytes} bytes`);
  // the core check without the bound checks every partial, and its expr are the partials' text
  const small = check({ source: names.slice(0, 40).join('*'), maxWork: 12 * 79 * 5, partialForms: false });
  assert.equal(small.partials.length, 5);
  assert.equal(small.unchecked, 35);
  assert.ok(small.partials.every((p) => p.expr === ''));

  // the whole pipeline, as a command runs it: notes say what the graph and the checks left out
  const out = await computeModel(inProcess(engine), {
    target: { uri: 'file:///p.txt', file: 'p.txt', languageId: 'plaintext', language: 'math', text: req.source, offset: 0, line: 0, character: 0 },
    overrides: { ...emptyOverrides(), at }, format: { digits: 6, notation: 'auto' },
    ui: { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} },
    settings: settingsFrom(() => undefined), explicit: true, codeTarget: 'python',
  } satisfies PipelineInput, { signal: new AbortController().signal });
  const m = out!.model;
  assert.equal(m.kind, 'result');
  // the list stops at VIEW_PARTIALS, and says so
  assert.equal(m.partials?.length, VIEW_PARTIALS);
  const warnings = m.warnings ?? [];
  assert.ok(warnings.includes(`The inspector lists the first ${VIEW_PARTIALS} of the 3300 partials. Copy Gradient as LaTeX, Insert Gradient Code and the partials CLI give all of them.`), warnings.join('\n'));
  assert.ok(warnings.some((w) => w === `The computation graph is too large to draw: 6599 nodes, showing the ${VIEW_GRAPH_NODES} nearest the output.`), warnings.join('\n'));
  assert.ok(warnings.some((w) => /^Numeric checks cover the first \d+ of the 3300 partials/.test(w)), warnings.join('\n'));
  assert.ok(m.graph && m.checks && m.checks.rows.length < 3300);
  assert.ok(m.code ? m.code.code.length <= VIEW_CODE_CHARS : warnings.some((w) => /^The gradient code is \d+ characters long/.test(w)));
});

test('route: a scalar size-limit error is reported as it is, without the tensor engine; other scalar errors still try it', () => {
  let tried = 0;
  const tensor = (l: TensorLanguage) => { tried++; return runTensor({ source: 'np.sum(x**2)', lang: l }); };
  const limit = new PartialsError('The expression is too large (more than 5 graph nodes).', 'limit');
  assert.throws(() => route({ source: 'x*x', lang: 'python' }, () => { throw limit; }, tensor), (e: unknown) => e === limit);
  assert.equal(tried, 0);
  // a refusal that is not a size limit: the tensor engine reads the text with arrays
  const r = route({ source: 'np.sum(x**2)', lang: 'python' }, () => inspect({ source: 'np.sum(x**2)', language: 'python' }), tensor);
  assert.equal(r.kind, 'tensor');
  assert.equal(tried, 1);
  // a real selection over the scalar engine's length limit: its message, not the tensor reader's
  const long = `x + ${'(y)'.padEnd(1_000_010, ' ')}`;
  assert.throws(() => route({ source: long, lang: 'python' }, () => inspect({ source: long, language: 'python' }), tensor),
    (e) => e instanceof PartialsError && e.code === 'limit' && /too long/.test(e.message));
  assert.equal(tried, 1);
});

test('the size estimate knows a monomial in one variable prints collected: long x·x·…·x and x + x + … + x are not refused', () => {
  // a formsLimit far below their uncollected size (50 000 factors: millions of characters as a tree)
  const r = inspect({ source: 'a'.repeat(50_000), language: 'latex', at: { a: 1.00001 }, formsLimit: 100_000 });
  assert.equal(r.expressions.f.expr.replace(/\s/g, ''), 'a^50000');
  assert.equal(r.partials[0].expr.replace(/\s/g, ''), '50000*a^49999');
  close(r.partials[0].value, 50_000 * 1.00001 ** 49_999, '∂f/∂a');
  const s = inspect({ source: Array(50_000).fill('x').join(' + '), formsLimit: 100_000 });
  assert.equal(s.expressions.f.expr.replace(/\s/g, ''), '50000*x');
  assert.equal(s.partials[0].value, 50_000);
  // not a monomial (two variables): still estimated uncollected, so refused at the same limit
  assert.throws(() => inspect({ source: Array(25_000).fill('x*y').join(' * '), formsLimit: 10_000 }), (e) => e instanceof PartialsError && e.code === 'limit');
});
