// Issue #18 in the extension host: one position per error (the document's), an input-less selection that says
// so, and Black–Scholes read from a Python document.
import * as assert from 'node:assert/strict';
import { assertClose, closeAll, inspectActive, openWithSelection, partialsApi } from './helpers';

suite('real code (#18)', () => {
  teardown(closeAll);

  test('real code: an unsupported call deep in a document has one position, the document one', async () => {
    const api = await partialsApi();
    const lines = Array.from({ length: 31 }, (_, i) => `a${i} = ${i}`);
    // (np.sum(w * x) is read by the tensor engine now: np.sort is a call neither engine reads)
    await openWithSelection('t.py', `${lines.join('\n')}\ny = np.sort(w * x)\n`, 'y = np.sort(w * x)');
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'error');
    assert.equal(model.error?.line, 32);
    assert.equal(model.error?.column, 5);
    assert.match(model.error?.message ?? '', /Unknown function 'np\.sort'/);
    assert.doesNotMatch(model.error?.message ?? '', /line \d+|column \d+/, `one position: ${model.error?.message}`);
  });

  test('real code: an input-less selection shows what to select instead of an empty gradient', async () => {
    const api = await partialsApi();
    await openWithSelection('t.py', 'def f(x):\n    return a * b\n', 'def f(x):\n    return a * b');
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    assert.deepEqual(model.partials, []);
    assert.match(model.warnings[0] ?? '', /^No inputs: the function's parameters \('x'\) do not appear in its result/);
  });

  test('real code: Black–Scholes with scipy.stats.norm.cdf', async () => {
    const api = await partialsApi();
    const src = [
      'from scipy.stats import norm',
      'def call(S, K, T, r, sigma):',
      '    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))',
      '    d2 = d1 - sigma * np.sqrt(T)',
      '    return S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2)',
    ].join('\n');
    await openWithSelection('bs.py', `${src}\n`, src);
    const { model } = await inspectActive(api);
    assert.equal(model.kind, 'result', JSON.stringify(model.error));
    assert.deepEqual(model.expression?.inputs, ['S', 'K', 'T', 'r', 'sigma']);
    const at = Object.fromEntries((model.expression?.point ?? []).map((p) => [p.name, p.value]));
    const d1 = (Math.log(at.S / at.K) + (at.r + at.sigma ** 2 / 2) * at.T) / (at.sigma * Math.sqrt(at.T));
    const delta = model.partials?.find((p) => p.wrt === 'S')?.value ?? NaN;
    // Δ = Φ(d1), by a midpoint rule on the density (independent of the engine's erf)
    let phi = 0;
    const n = 20000, lo = -12;
    for (let k = 0; k < n; k++) {
      const t = lo + ((d1 - lo) * (k + 0.5)) / n;
      phi += Math.exp(-t * t / 2);
    }
    phi *= (d1 - lo) / n / Math.sqrt(2 * Math.PI);
    assertClose(delta, phi, 1e-8, 'delta = Φ(d1)');
  });
});
