/**
 * unicodeLength (print.ts): the named forms rank their candidates by the length of the Unicode text without white
 * space, computed over the display tree instead of printed (issue #15, display speed). It must equal the printed
 * length exactly, for every kind of node, shared subtrees, any cache state, and trees too tall to print uncut.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Disp } from '../../src/core/display';
import { Displayer } from '../../src/core/display';
import { print, PrintCache, unicodeLength } from '../../src/core/print';
import { buildModel } from '../../src/core/model';
import * as diff from '../../src/core/diff';

const printed = (d: Disp, cache = new PrintCache()) => print(d, 'unicode', { bindAbove: Infinity, cache }).replace(/\s+/g, '').length;

const numbers = fc.oneof(
  fc.integer({ min: -2000, max: 2000 }),
  fc.constantFrom(0.5, -0.5, 1 / 3, -2 / 3, 0.7, 1.3, 0.9, 2.5e-7, -3.1e12, 1e21, 123456.789, Math.PI, NaN, Infinity, -Infinity, 7 / 64, 999 / 4),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const names = fc.constantFrom('x', 'y', 'w1', 'x_1', 'alpha', 'Sigma', 'a_bc', 'theta12', 'xy');
const calls = fc.constantFrom('sin', 'exp', 'log', 'sqrt', 'abs', 'sigmoid', 'tanh', 'sech', 'erfinv', 'normcdf', 'max', 'atan2', 'softplus', 'unknownFn');

const { disp } = fc.letrec<{ disp: Disp; leaf: Disp }>((tie) => ({
  leaf: fc.oneof(
    numbers.map((v): Disp => ({ k: 'num', v })),
    names.map((name): Disp => ({ k: 'sym', name })),
    fc.constantFrom('pi', 'e', 'tau', 'phi').map((name): Disp => ({ k: 'sym', name, constant: true })),
    fc.constantFrom('t1', 'tt2').map((name): Disp => ({ k: 'ref', name })),
  ),
  disp: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(fc.record({ neg: fc.boolean(), d: tie('disp') }), { minLength: 1, maxLength: 4 }).map((terms): Disp => ({ k: 'add', terms })),
    fc.record({ num: fc.array(tie('disp'), { maxLength: 3 }), den: fc.array(tie('disp'), { maxLength: 3 }) }).map((m): Disp => ({ k: 'mul', ...m })),
    tie('disp').map((d): Disp => ({ k: 'neg', d })),
    fc.record({ base: tie('disp'), exp: tie('disp') }).map((p): Disp => ({ k: 'pow', ...p })),
    fc.record({ base: tie('disp'), v: fc.integer({ min: -1200, max: 1200 }) }).map(({ base, v }): Disp => ({ k: 'pow', base, exp: { k: 'num', v } })),
    fc.record({ name: calls, args: fc.array(tie('disp'), { minLength: 1, maxLength: 3 }) }).map((c): Disp => ({ k: 'call', ...c })),
    fc.record({ test: tie('disp'), then: tie('disp'), else: tie('disp') }).map((c): Disp => ({ k: 'cond', ...c })),
    fc.record({ op: fc.constantFrom('lt', 'le', 'gt', 'ge', 'eq', 'ne' as const), a: tie('disp'), b: tie('disp') }).map((c): Disp => ({ k: 'cmp', ...c })),
    fc.record({ op: fc.constantFrom('and', 'or', 'not' as const), args: fc.array(tie('disp'), { minLength: 1, maxLength: 3 }) })
      .map(({ op, args }): Disp => ({ k: 'logic', op, args: op === 'not' ? args.slice(0, 1) : args })),
  ),
}));

describe('unicodeLength: the printed Unicode length, not printed', () => {
  it('equals the printed length on random trees', () => {
    fc.assert(fc.property(disp, (d) => {
      assert.equal(unicodeLength(d), printed(d));
    }), { numRuns: 2000 });
  });

  it('equals it with shared subtrees and one cache across trees (as the named forms measure their candidates)', () => {
    fc.assert(fc.property(fc.array(disp, { minLength: 2, maxLength: 6 }), fc.array(fc.nat(), { minLength: 4, maxLength: 12 }), (parts, picks) => {
      const cache = new PrintCache();
      // Trees built over the same parts: each part is measured once and found again in the cache.
      const trees: Disp[] = picks.map((k, i) => {
        const a = parts[k % parts.length];
        const b = parts[(k + i) % parts.length];
        return i % 3 === 0 ? { k: 'add', terms: [{ neg: false, d: a }, { neg: true, d: b }] } : i % 3 === 1 ? { k: 'mul', num: [a, b], den: [a] } : { k: 'pow', base: a, exp: b };
      });
      for (const t of trees) assert.equal(unicodeLength(t, cache), printed(t));
      for (const p of parts) assert.equal(unicodeLength(p, cache), printed(p));
    }), { numRuns: 300 });
  });

  it('equals it past the depth where printing cuts a tree into named pieces, from any cache state', () => {
    let d: Disp = { k: 'sym', name: 'x' };
    const levels: Disp[] = [];
    for (let i = 0; i < 900; i++) {
      d = i % 2 ? { k: 'call', name: 'sin', args: [d] } : { k: 'add', terms: [{ neg: false, d }, { neg: i % 4 === 0, d: { k: 'num', v: i } }] };
      levels.push(d);
    }
    const cache = new PrintCache();
    // Inner levels first (the memo then knows them), then trees taller than the cut over them.
    for (const k of [10, 399, 400, 401, 402, 650, 899]) assert.equal(unicodeLength(levels[k], cache), printed(levels[k]), `level ${k}`);
    for (const k of [899, 401, 398]) assert.equal(unicodeLength(levels[k]), printed(levels[k]), `level ${k}, new cache`);
  });

  it('equals it on the displayed partials of real expressions', () => {
    const sources = [
      'z = w*x + b\np = 1/(1 + exp(-z))\nloss = -(y*log(p) + (1 - y)*log(1 - p))',
      '100*(y - x^2)^2 + (1 - x)^2',
      '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
      'abs(x - y) / sqrt(x^2 + 1) + (x > y ? x^3 : -y/7) + atan2(y, x) + max(x, 0.3)',
      'log(exp(x - 1e-7) + exp(-2.5e12 * y)) * x^(1/3) * y^-2',
    ];
    for (const source of sources) {
      const model = buildModel({ source });
      const g = model.graph;
      const inputs = model.inputs.map((v) => g.variable(v));
      const nodes = model.outputs.flatMap((o) => [o.node, ...diff.gradient(g, o.node, inputs)]);
      const displayer = new Displayer(g, nodes);
      const cache = new PrintCache();
      for (const n of nodes) {
        const t = displayer.of(n);
        assert.equal(unicodeLength(t, cache), printed(t), print(t, 'unicode'));
      }
    }
  });
});
