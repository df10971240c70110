// Generated gradient code says, in comments, what the inspector shows first (issue #15): the partials in the
// selection's own names and one `where` line, and only the comments change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/core/codegen';
import { buildModel } from '../../src/core/model';
import { inspect } from '../../src/core/index';

const LOGISTIC = 'z = w * x + b\np = 1 / (1 + np.exp(-z))\nloss = -(y * np.log(p) + (1 - y) * np.log(1 - p))\n';

test('the logistic loss: dloss/dw = x (p − y) with z and p defined once, the same forms inspect gives', () => {
  const model = () => buildModel({ source: LOGISTIC, language: 'python' });
  for (const style of ['closed', 'adjoint'] as const) {
    const r = generate(model(), { target: 'numpy', style, form: 'function' });
    const lines = r.code.split('\n');
    const at = lines.findIndex((l) => l.startsWith('# dloss/dw'));
    assert.ok(at === 1, `${style}: right after the header:\n${r.code}`);
    assert.deepEqual(lines.slice(1, 6), [
      '# dloss/dw = x (p − y)',
      '# dloss/dx = w (p − y)',
      '# dloss/db = p − y',
      '# dloss/dy = log(1 − p) − log(p)',
      '#   where z = w x + b, p = σ(z)',
    ]);
    // the same text as the inspector's named forms
    const named = inspect({ source: LOGISTIC, language: 'python' }).partials.map((p) => `# d${p.of}/d${p.wrt} = ${p.named!.text}`);
    assert.deepEqual(lines.slice(1, 5), named);
    // only comments were added: the code is what it was without them
    const bare = generate(model(), { target: 'numpy', style, form: 'function', comment: false }).code;
    assert.equal(lines.filter((l) => !l.startsWith('#')).join('\n'), bare);
  }
});

test('every target comments the same way (its own comment syntax); the Hessian and a formula with no intermediates have none', () => {
  const c = generate(buildModel({ source: LOGISTIC, language: 'python' }), { target: 'c', form: 'function' }).code;
  assert.match(c, /^\/\/ dloss\/dw = x \(p − y\)$/m);
  assert.match(c, /^\/\/ {3}where z = w x \+ b, p = σ\(z\)$/m);
  const m = generate(buildModel({ source: LOGISTIC, language: 'python' }), { target: 'matlab', form: 'function' }).code;
  assert.match(m, /^% dloss\/db = p − y$/m);
  const h = generate(buildModel({ source: LOGISTIC, language: 'python' }), { target: 'numpy', style: 'hessian', form: 'function' }).code;
  assert.doesNotMatch(h, /dloss\/dw =/);
  const plain = generate(buildModel({ source: 'x^2*y + sin(x*y)', language: 'math' }), { target: 'python', form: 'function' }).code;
  assert.doesNotMatch(plain, /where|df\/dx =/);
});

test('sum factors read as a person writes them: (p − y) and (1 − p), the coefficient folded in front', () => {
  const code = generate(buildModel({ source: 'z = w*x + b\np = sigmoid(z)\nloss = (p - y)^2', language: 'math' }), { target: 'python', form: 'function' }).code;
  assert.match(code, /^# dloss\/dw = 2x p \(p − y\) \(1 − p\)$/m);
  assert.match(code, /^# dloss\/db = 2p \(p − y\) \(1 − p\)$/m);
  const r = inspect({ source: 'z = w*x + b\np = sigmoid(z)\nloss = (p - y)^2', at: { w: 0.3, x: 1.2, b: -0.4, y: 1 } });
  const p = r.values.loss === undefined ? NaN : 1 / (1 + Math.exp(-(0.3 * 1.2 - 0.4)));
  const dw = r.partials.find((q) => q.wrt === 'w')!.value;
  assert.ok(Math.abs(dw - 2 * 1.2 * p * (p - 1) * (1 - p)) < 1e-12, `${dw}`);
});

test('generating twice from one model gives the same code (the notes leave the model as code generation needs it)', () => {
  const model = buildModel({ source: LOGISTIC, language: 'python' });
  const a = generate(model, { target: 'javascript', form: 'function' }).code;
  const b = generate(model, { target: 'javascript', form: 'function' }).code;
  const c = generate(model, { target: 'javascript', style: 'adjoint', form: 'function' }).code;
  assert.equal(a, b);
  assert.equal(c, generate(buildModel({ source: LOGISTIC, language: 'python' }), { target: 'javascript', style: 'adjoint', form: 'function' }).code);
});
