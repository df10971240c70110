import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { formatInspect } from '../../src/cli/inspect';
import { Displayer, inspect, print } from '../../src/core';
import type { InspectResult } from '../../src/core/api';
import { Graph } from '../../src/core/graph';
import { PrintCache, printShared } from '../../src/core/print';
import { close } from './helpers/numeric';

/** Issue #12, "Display stays linear": shared let-bindings keep the text of all partials proportional to the input. */

const vars = (n: number, prefix = 'x') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const productOf = (n: number, prefix = 'x') => vars(n, prefix).join('*');
const softmaxCE = (n: number) => `log(${vars(n).map((x) => `exp(${x})`).join(' + ')}) - x1`;

type Style = 'expr' | 'latex' | 'text';
/** The displayed text of all partials in one style: the shared bindings (name and body) plus each compact form. */
function displayed(r: InspectResult, style: Style): number {
  const bindings = (r.bindings ?? []).reduce((s, b) => s + b.name.length + b[style].length, 0);
  return bindings + r.partials.reduce((s, p) => s + (p.compact ?? p)[style].length, 0);
}

/** Binds every shared binding in order (mathjs), then evaluates each partial's compact form (or its expr). */
function compactValues(r: InspectResult): number[] {
  const scope: Record<string, number> = { ...r.point };
  for (const b of r.bindings ?? []) {
    assert.ok(!Object.hasOwn(r.point, b.name), `binding ${b.name} shadows a variable`);
    scope[b.name] = mathjsEvaluate(b.expr, scope) as number;
  }
  return r.partials.map((p) => {
    if (p.compact) for (const u of p.compact.uses) assert.ok(Object.hasOwn(scope, u), `${u} is not a binding`);
    return mathjsEvaluate((p.compact ?? p).expr, scope) as number;
  });
}

describe('display stays linear (issue #12)', () => {
  it('x1·…·x512: the partial wrt x_k is the product of the others, over shared prefix and suffix products', () => {
    const n = 512;
    const source = productOf(n);
    const r = inspect({ source });
    assert.equal(r.partials.length, n);
    assert.ok(r.bindings && r.bindings.length > 0, 'shared bindings');
    for (const style of ['expr', 'latex', 'text'] as const) {
      const size = displayed(r, style);
      assert.ok(size <= 20 * source.length, `${style}: ${size} characters for ${source.length} of input`);
    }
    // Every partial has a compact form, and it is short (a prefix, a suffix, a variable or two).
    for (const p of r.partials) assert.ok(p.compact && p.compact.expr.length <= 40, `${p.wrt}: ${p.compact?.expr}`);
    // Values: the product of the other variables, computed directly, and the compact forms in mathjs.
    const xs = vars(n).map((v) => r.point[v]);
    const others = xs.map((_x, k) => xs.reduce((s, x, j) => (j === k ? s : s * x), 1));
    const viaMathjs = compactValues(r);
    r.partials.forEach((p, k) => {
      assert.ok(close(p.value, others[k], 1e-9, 1e-300), `∂/∂${p.wrt}: ${p.value} vs ${others[k]}`);
      assert.ok(close(viaMathjs[k], p.value, 1e-9, 1e-300), `compact ∂/∂${p.wrt}: ${viaMathjs[k]} vs ${p.value}`);
    });
    // The self-contained expr stays (a contract): it still re-evaluates on its own.
    for (const k of [0, 255, 511]) {
      const p = r.partials[k];
      assert.ok(close(mathjsEvaluate(p.expr, { ...r.point }) as number, p.value, 1e-9, 1e-300), p.wrt);
    }
  });

  it('softmax cross-entropy over 1 024 logits: the normaliser is printed once', () => {
    const n = 1024;
    const source = softmaxCE(n);
    const r = inspect({ source });
    for (const style of ['expr', 'latex', 'text'] as const) {
      const size = displayed(r, style);
      assert.ok(size <= 20 * source.length, `${style}: ${size} characters for ${source.length} of input`);
    }
    const xs = vars(n).map((v) => r.point[v]);
    const m = Math.max(...xs);
    const z = xs.reduce((s, x) => s + Math.exp(x - m), 0);
    const viaMathjs = compactValues(r);
    r.partials.forEach((p, k) => {
      const softmax = Math.exp(xs[k] - m) / z - (k === 0 ? 1 : 0);
      assert.ok(close(p.value, softmax, 1e-9, 1e-15), `∂/∂${p.wrt}: ${p.value} vs ${softmax}`);
      assert.ok(close(viaMathjs[k], softmax, 1e-9, 1e-15), `compact ∂/∂${p.wrt}: ${viaMathjs[k]} vs ${softmax}`);
    });
  });

  it('grows linearly: 4× the variables, the same text per input character (within 15%)', () => {
    for (const make of [productOf, softmaxCE]) {
      const [small, large] = [make(64), make(256)];
      const [rs, rl] = [inspect({ source: small }), inspect({ source: large })];
      for (const style of ['expr', 'latex', 'text'] as const) {
        const growth = (displayed(rl, style) / large.length) / (displayed(rs, style) / small.length);
        assert.ok(growth <= 1.15, `${make(3)} ${style}: text per input character ×${growth.toFixed(2)} from n = 64 to 256`);
      }
    }
  });

  it('the CLI text output shows the compact forms and lists each binding once', () => {
    const source = productOf(300);
    const r = inspect({ source });
    const out = formatInspect(r);
    const lines = out.split('\n');
    const where = lines.indexOf('where');
    assert.ok(where > 0, 'a where block');
    assert.equal(lines.slice(where + 1).filter((l) => /^ {2}t[₀-₉]+ = /.test(l)).length, r.bindings!.length);
    const partialLines = lines.filter((l) => l.startsWith('  ∂f/∂'));
    assert.equal(partialLines.length, 300);
    assert.ok(partialLines.every((l) => l.length < 80), partialLines.find((l) => l.length >= 80));
    assert.ok(out.length <= 20 * source.length + 2 * lines[0].length + 2 * lines[1].length, `${out.length} characters`);
  });

  it('small results get no bindings and keep their forms', () => {
    const r = inspect({ source: 'x^2 + x*y + y^2' });
    assert.equal(r.bindings, undefined);
    assert.ok(r.partials.every((p) => p.compact === undefined));
    assert.equal(r.partials[0].expr, '2*x + y');
  });

  it('binding names never collide with the variables (t1 … in the selection)', () => {
    const source = productOf(200, 't');
    const r = inspect({ source });
    assert.ok(r.bindings?.length);
    for (const b of r.bindings) assert.ok(!/^t_?\d+$/.test(b.name), b.name);
    const viaMathjs = compactValues(r);
    r.partials.forEach((p, k) => assert.ok(close(viaMathjs[k], p.value, 1e-9, 1e-300), p.wrt));
  });
});

describe('printing does not depend on what was printed before', () => {
  // A: a large result whose shared subtrees get let-bindings; B: another one sharing display nodes with A.
  const build = () => {
    const g = new Graph();
    const x = g.variable('x');
    const y = g.variable('y');
    const z = g.variable('z');
    const u = g.add(g.mul(x, y), z);
    const a0 = g.mul(g.mul(g.pow(g.fn('sin', [u]), g.num(3)), g.pow(g.fn('cos', [u]), g.num(2))), g.mul(g.fn('exp', [u]), g.fn('log', [g.add(g.num(1), g.pow(u, g.num(2)))])));
    const a = g.add(a0, g.fn('tanh', [g.mul(a0, g.fn('sqrt', [u]))]));
    const b = g.add(g.fn('sin', [u]), g.mul(g.fn('exp', [u]), g.fn('cos', [u])));
    const d = new Displayer(g, [a, b]);
    return { A: d.of(a), B: d.of(b) };
  };

  it('print A, then B, then A again: the same text, in every style, with or without a shared cache', () => {
    for (const style of ['plain', 'latex', 'unicode'] as const) {
      const { A, B } = build();
      const first = print(A, style);
      print(B, style);
      assert.equal(print(A, style), first, style);
      const cache = new PrintCache();
      const b1 = print(B, style, { cache });
      assert.equal(print(A, style, { cache }), first, `${style}, shared cache`);
      assert.equal(print(B, style, { cache }), b1, `${style}, shared cache, B again`);
      // A fresh display tree of the same expression prints the same.
      assert.equal(print(build().A, style), first, `${style}, rebuilt`);
    }
    assert.match(print(build().A, 'unicode'), / where t₁ = /);
  });

  it('inspect A, then B, then A again gives the same JSON', () => {
    const A = softmaxCE(40);
    const B = `${softmaxCE(40)} + x2*x3`;
    const first = JSON.stringify(inspect({ source: A }));
    inspect({ source: B });
    assert.equal(JSON.stringify(inspect({ source: A })), first);
  });

  it('printShared: the same roots give the same bindings and bodies on every call', () => {
    const { A, B } = build();
    const once = printShared([A, B], 'unicode');
    printShared([B], 'unicode');
    assert.deepEqual(printShared([A, B], 'unicode'), once);
    assert.ok(once.bindings.length > 0);
  });
});
