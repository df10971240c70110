import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { adjoints } from '../../src/core/diff';
import { evaluate as scalarEvaluate } from '../../src/core/evaluate';
import { analyzeTensor, defaultPoint, fromNested, readTensorMath, type Nested, type Tensor } from '../../src/core/tensor';
import { close } from './helpers/numeric';
import { scalarGradient, scalarise, scalarValues } from './helpers/scalarise';
import { CASES } from '../tensorgen/corpus';

/**
 * A corpus of Matrix Cookbook (Petersen & Pedersen, 2012; equation numbers in brackets) and ML identities.
 * For each: the symbolic gradient (or Jacobian / Hessian) in matrix notation where the identity names one,
 * its value against an independent scalarised computation (every entry a scalar expression of the scalar
 * engine, differentiated by src/core/diff.ts), the numeric checks (central differences, a directional
 * difference and forward-mode AD), the mathjs `expr` re-evaluated to the value, and LaTeX that KaTeX renders.
 */

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

function mathjsValue(expr: string, point: Record<string, Nested>): number[] {
  const scope: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(point)) scope[k] = structuredClone(v);
  const r = mathjsEvaluate(expr, scope) as { valueOf(): unknown };
  const v = (typeof r === 'object' && r !== null ? r.valueOf() : r) as Nested | boolean;
  return flat(typeof v === 'boolean' ? Number(v) : v);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-9, atol = 1e-10): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(close(actual[i], expected[i], rtol, atol), `${what} entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('tensor corpus: Matrix Cookbook and ML identities', () => {
  it('has at least 40 identities', () => {
    assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = analyzeTensor(c.src, { shapes: c.shapes, check: !c.jacobian, jacobian: c.jacobian?.wrt, hessian: c.hessian?.wrt });
      // the independent reference: the same expression expanded into scalars
      const { graph, output } = readTensorMath(c.src, { shapes: c.shapes });
      const point: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(r.point)) point[k] = fromNested(v, k);
      assert.deepEqual(Object.keys(point).sort(), Object.keys(defaultPoint(graph, [output])).sort());
      const s = scalarise(graph, output, point);
      assertClose(flat(r.output.value!), scalarValues(s, point), `${c.name}: f`);
      assertClose(mathjsValue(r.output.expr, r.point), flat(r.output.value!), `${c.name}: f expr ${r.output.expr}`);
      assert.doesNotThrow(() => katex.renderToString(r.output.latex), r.output.latex);

      for (const p of r.partials) {
        const ref = scalarGradient(s, point, p.wrt);
        assertClose(flat(p.value!), ref.grad, `${c.name}: ∂/∂${p.wrt} = ${p.text}`);
        assertClose(mathjsValue(p.expr, r.point), flat(p.value!), `${c.name}: ∂/∂${p.wrt} expr ${p.expr}`);
        assert.deepEqual(p.shape, r.shapes[p.wrt], `${c.name}: the gradient is shaped like ${p.wrt}`);
        assert.doesNotThrow(() => katex.renderToString(p.latex), p.latex);
        if (p.check) assert.equal(p.check.verdict, 'ok', `${c.name}: ∂/∂${p.wrt} check ${JSON.stringify(p.check)}`);
        if (c.text?.[p.wrt]) assert.equal(p.text, c.text[p.wrt], `${c.name}: ∂/∂${p.wrt}`);
      }
      for (const [kind, spec] of [['jacobian', c.jacobian], ['hessian', c.hessian]] as const) {
        if (!spec) continue;
        const term = r[kind]!;
        // reference: one scalar reverse sweep per output entry (of f, or of each gradient entry)
        const entries: number[] = [];
        const input = s.inputs.get(spec.wrt)!;
        const p: Record<string, number> = {};
        for (const [name, { vars }] of s.inputs) vars.forEach((v, k) => { p[s.g.name[v]] = point[name].data[k]; });
        const rows = kind === 'jacobian' ? s.out : (() => {
          const adj = adjoints(s.g, s.out[0]);
          return input.vars.map((v) => (adj[v] >= 0 ? adj[v] : s.g.num(0)));
        })();
        for (const row of rows) {
          const adj = adjoints(s.g, row);
          const cols = input.vars.map((v) => (v <= row && adj[v] >= 0 ? adj[v] : s.g.num(0)));
          const vals = scalarEvaluate(s.g, cols, p);
          for (const col of cols) entries.push(vals[col]);
        }
        assertClose(flat(term.value!), entries, `${c.name}: ${kind} ${term.text}`);
        assertClose(mathjsValue(term.expr, r.point), flat(term.value!), `${c.name}: ${kind} expr ${term.expr}`);
        assert.doesNotThrow(() => katex.renderToString(term.latex), term.latex);
        if (spec.text) assert.equal(term.text, spec.text, `${c.name}: ${kind}`);
      }
    });
  }
});
