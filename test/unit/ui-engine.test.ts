import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, claimRow, checksView } from '../../src/extension/engine/adapter';
import { codegenTargets } from '../../src/extension/commands/codegenTarget';
import { isViewModel } from '../../src/shared/protocol';
import { resultModel } from '../../src/extension/inspector/viewModel';
import { plotLayout } from '../../src/webview/plot';

const engine = createEngine();
const ui = { pinned: false, live: true, toggles: { gradient: false, hessian: false, jacobian: false }, pointSources: {} };
const format = { digits: 6, notation: 'auto' as const };

test('checks map to one row per partial with every method, and the model validates', () => {
  const req = { source: 'x^2 * sin(y)', language: 'math', at: { x: 1.5, y: 0.5 } };
  const { checks } = engine.check!(req, { atol: 1e-5, rtol: 1e-3 });
  assert.deepEqual(checks.rows.map((r) => [r.of, r.wrt, r.verdict]), [['f', 'x', 'ok'], ['f', 'y', 'ok']]);
  const row = checks.rows[0];
  assert.ok(Math.abs(row.exact - 2 * 1.5 * Math.sin(0.5)) < 1e-12);
  const methods = row.methods.map((m) => m.method);
  for (const m of ['exact', 'forwardAD', 'reverseAD', 'forwardDifference', 'centralDifference', 'richardson', 'complexStep']) assert.ok(methods.includes(m), m);
  const cs = row.methods.find((m) => m.method === 'complexStep')!;
  assert.ok(cs.relError !== null && cs.relError < 1e-12);
  assert.match(cs.note ?? '', /^h = 1\.00e-20$/);
  assert.equal(checks.atol, 1e-5);
  const model = resultModel({ result: engine.inspect(req), checks }, ui, format);
  assert.ok(isViewModel(model));
});

test('verdicts come through: abs at 0 is non-differentiable, log at -1 undefined, complex step skipped through abs', () => {
  const kink = engine.check!({ source: 'abs(x)', language: 'math', at: { x: 0 } }, { atol: 1e-5, rtol: 1e-3 }).checks;
  assert.equal(kink.rows[0].verdict, 'non-differentiable here');
  assert.ok((kink.rows[0].reasons ?? []).length > 0);
  const cs = kink.rows[0].methods.find((m) => m.method === 'complexStep')!;
  assert.equal(cs.verdict, 'skipped');
  const undef = engine.check!({ source: 'log(x)', language: 'math', at: { x: -1 } }, { atol: 1e-5, rtol: 1e-3 }).checks;
  assert.equal(undef.rows[0].verdict, 'undefined here');
});

test('a wrong claim is reported with the correct expression and failing points; a right one holds', () => {
  const src = 'f = x**2 * y\ndf_dx = 2*x*y\ndf_dy = x';
  const r = engine.check!({ source: src, language: 'python', at: { x: 2, y: 3 } }, { atol: 1e-5, rtol: 1e-3 }).checks;
  const byLabel = new Map(r.claims.map((c) => [c.claimed.replace(/\s+/g, ''), c]));
  const good = byLabel.get('2*x*y')!;
  const bad = byLabel.get('x')!;
  assert.equal(good.result, 'holds');
  assert.equal(bad.result, 'wrong');
  assert.ok(bad.correct && /x/.test(bad.correct));
  assert.ok(bad.details.some((d) => /^at .*claimed .*exact /.test(d)), JSON.stringify(bad.details));
  const err = claimRow({ label: 'df/dq = 1', of: 'f', wrt: 'q', claimed: '1', result: 'error', points: [], failures: [], details: [], error: { message: 'no q', line: 2, column: 4 } });
  assert.deepEqual(err.details, ['no q (line 2, column 4)']);
});

test('the step-size study maps to plottable series with a best step', () => {
  const { sweep } = engine.check!({ source: 'exp(x)*sin(x)', language: 'math', at: { x: 0.7 } }, { atol: 1e-5, rtol: 1e-3, sweep: { of: 'f', wrt: 'x' } });
  assert.ok(sweep);
  assert.deepEqual(sweep.series.map((s) => s.method).sort(), ['centralDifference', 'complexStep', 'forwardDifference']);
  assert.ok(sweep.series.every((s) => s.points.length >= 30));
  assert.ok(sweep.best && sweep.best.h > 0 && sweep.best.error < 1e-9);
  const layout = plotLayout(sweep.series);
  assert.ok(layout && layout.paths.every((p) => p.points.length > 0));
});

test('checksView keeps tolerances and claims order', () => {
  const v = checksView({
    language: 'math', outputs: ['f'], inputs: [], constants: [], point: {}, pointSource: {}, values: {}, expressions: {},
    tolerances: { finiteDifference: { atol: 2e-5, rtol: 5e-3 }, exactMethods: { atol: 1e-12, rtol: 1e-10 } },
    partials: [], claims: [], ok: true, warnings: [],
  });
  assert.deepEqual(v, { rows: [], claims: [], atol: 2e-5, rtol: 5e-3 });
});

test('code generation target follows the document, its imports, and the setting', () => {
  assert.deepEqual(codegenTargets('python', 'import numpy as np\nx = 1'), ['numpy']);
  assert.deepEqual(codegenTargets('python', 'import torch\n'), ['pytorch']);
  assert.deepEqual(codegenTargets('python', 'import torch\nimport numpy as np\n'), ['pytorch', 'numpy', 'python']);
  assert.deepEqual(codegenTargets('python', 'x = 1'), ['python']);
  assert.deepEqual(codegenTargets('typescriptreact', ''), ['typescript']);
  assert.deepEqual(codegenTargets('rust', ''), ['rust']);
  assert.equal(codegenTargets('plaintext', '').length, 13);
  assert.deepEqual(codegenTargets('python', 'import torch', 'julia'), ['julia']);
  assert.deepEqual(codegenTargets('python', '', 'cobol'), ['python']);
});

test('generated statements are indented like the selection and use the document line endings', () => {
  const r = engine.code!({ source: 'x*y + sin(x)', language: 'python' }, { target: 'python', style: 'closed', form: 'statements', indent: '    ', eol: '\r\n' });
  const lines = r.code.split('\r\n').filter((l) => l.length);
  assert.ok(lines.length >= 2);
  assert.ok(lines.every((l) => l.startsWith('    ')), r.code);
  assert.ok(!/[^\r]\n/.test(r.code));
  assert.ok(r.code.includes('df_dx') && r.code.includes('df_dy'));
});

test('per-partial code: one declaration per partial in the target syntax, none for LaTeX', () => {
  const r = engine.inspect({ source: 'x^2 * sin(y)', language: 'math' });
  const py = engine.partialCode!(r.partials, 'python');
  assert.equal(py.get('f/x'), 'df_dx = 2 * x * math.sin(y)');
  assert.match(py.get('f/y')!, /^df_dy = x \*\* 2 \* math\.cos\(y\)$/);
  const js = engine.partialCode!(r.partials, 'javascript');
  assert.match(js.get('f/x')!, /^const df_dx = 2 \* x \* Math\.sin\(y\);$/);
  assert.equal(engine.partialCode!(r.partials, 'latex').size, 0);
});
