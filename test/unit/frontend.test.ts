import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildModel, evaluate, inspect, lowerProgram, PartialsError, readSource } from '../../src/core/index';
import { ALL, FAMILIES, type Fixture } from '../fixtures/frontend/index';
import type { Point } from '../fixtures/frontend/types';

/** Fourth-order central difference of one output of the reference. */
function numericPartial(f: (p: Point) => number | number[], p: Point, v: string, k: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(p[v]));
  const at = (d: number) => {
    const r = f({ ...p, [v]: p[v] + d });
    return Array.isArray(r) ? r[k] : r;
  };
  return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
}

function outputsOf(f: (p: Point) => number | number[], p: Point): number[] {
  const r = f(p);
  return Array.isArray(r) ? r : [r];
}

function close(actual: number, expected: number, what: string, tol = 1e-6): void {
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

/** Every node lowered from the selection points back into it, at text that spells it. */
function checkSpans(fx: Fixture): void {
  const fe = readSource(fx.src, fx.lang);
  const model = buildModel({ source: fx.src, language: fx.lang });
  const g = model.graph;
  const renamed = fe.renamed ?? {};
  // In Markdown the selection that counts is the math between dollars: spans must stay inside it.
  const math = [...fx.src.matchAll(/\$\$?([^$]+)\$\$?/g)].map((m) => ({ start: m.index! + m[0].indexOf(m[1]), end: m.index! + m[0].indexOf(m[1]) + m[1].length }));
  let seen = 0;
  for (let n = 0; n < g.size; n++) {
    const span = g.span[n];
    if (!span) continue;
    seen++;
    if (math.length) assert.ok(math.some((r) => r.start <= span.start && span.end <= r.end), `${fx.name}: node ${n} span ${span.start}..${span.end} outside the math`);
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= fx.src.length, `${fx.name}: node ${n} (${g.op[n]} ${g.name[n]}) span ${span.start}..${span.end} outside the selection`);
    const text = fx.src.slice(span.start, span.end);
    assert.ok(text.trim().length > 0, `${fx.name}: node ${n} (${g.op[n]}) maps to empty text`);
    if (g.op[n] === 'var') {
      const original = renamed[g.name[n]] ?? g.name[n];
      const root = original.split('_')[0];
      assert.ok(text.includes(root), `${fx.name}: variable ${g.name[n]} maps to '${text}'`);
    }
    if (g.op[n] === 'num') assert.match(text, /\d|[A-Za-z(]/, `${fx.name}: number ${g.val[n]} maps to '${text}'`);
    // a whole construct: its brackets are balanced (no half of a call or a \frac)
    for (const [open, close] of ['()', '[]', '{}']) {
      const count = (c: string) => text.split(c).length - 1;
      assert.equal(count(open), count(close), `${fx.name}: node ${n} (${g.op[n]} ${g.name[n]}) maps to unbalanced '${text}'`);
    }
  }
  assert.ok(seen > 0, `${fx.name}: no node has a span`);
}

function checkFixture(fx: Fixture): void {
  if (fx.refuse) {
    assert.throws(() => inspect({ source: fx.src, language: fx.lang }), (e: unknown) => {
      assert.ok(e instanceof PartialsError, `${fx.name}: expected a PartialsError, got ${String(e)}`);
      assert.match(e.message, fx.refuse!.message);
      assert.equal(e.line, fx.refuse!.line, `${fx.name}: line of '${e.message}'`);
      assert.equal(e.column, fx.refuse!.column, `${fx.name}: column of '${e.message}'`);
      return true;
    });
    return;
  }
  const fe = readSource(fx.src, fx.lang);
  assert.equal(fe.language, fx.detect, `${fx.name}: language`);
  for (const [k, v] of Object.entries(fx.values ?? {})) assert.equal(fe.values[k], v, `${fx.name}: value of ${k}`);
  const r = inspect({ source: fx.src, language: fx.lang, at: fx.at });
  assert.equal(r.language, fx.detect);
  assert.deepEqual(r.outputs, fx.outputs, `${fx.name}: outputs`);
  assert.deepEqual(r.inputs, fx.inputs, `${fx.name}: inputs`);
  const point: Point = { ...(fx.values ?? {}), ...(fx.at ?? {}) };
  for (const k of Object.keys(fx.values ?? {})) if (!(fx.at && k in fx.at)) assert.equal(r.pointSource[k], 'document', `${fx.name}: ${k} from the document`);
  assert.deepEqual(r.point, point, `${fx.name}: point`);
  const expected = outputsOf(fx.f!, point);
  r.outputs.forEach((o, k) => {
    close(r.values[o], expected[k], `${fx.name}: ${o}`);
    for (const x of r.inputs) {
      const p = r.partials.find((q) => q.of === o && q.wrt === x);
      assert.ok(p, `${fx.name}: no partial ∂${o}/∂${x}`);
      close(p.value, numericPartial(fx.f!, point, x, k), `${fx.name}: ∂${o}/∂${x} (${p.expr})`);
    }
  });
  // claims: recognised, not part of the program, and their expressions evaluate in the program's context
  assert.equal(fe.claims.length, fx.claims?.length ?? 0, `${fx.name}: claims ${JSON.stringify(fe.claims)}`);
  (fx.claims ?? []).forEach((spec, i) => {
    const c = fe.claims[i];
    assert.equal(c.of, spec.of, `${fx.name}: claim ${i} of`);
    assert.equal(c.wrt, spec.wrt, `${fx.name}: claim ${i} wrt`);
    if (spec.name) assert.equal(c.name, spec.name);
    assert.ok(c.span && fx.src.slice(c.span.start, c.span.end) === c.source, `${fx.name}: claim span`);
    assert.ok(!fe.text.includes(c.name ?? '\u0000'), `${fx.name}: claim ${c.name} must not be in the program text`);
    const prog = lowerProgram(`${fe.text}\n__claim = ${c.expr}`);
    const node = prog.assignments[prog.assignments.length - 1].node;
    const value = evaluate(prog.graph, [node], point)[node];
    const truth = numericPartial(fx.f!, point, spec.wrt, r.outputs.indexOf(spec.of));
    const agrees = Math.abs(value - truth) <= 1e-6 * Math.max(1, Math.abs(truth));
    assert.equal(agrees, spec.correct, `${fx.name}: claim ${c.source} = ${value}, true partial ${truth}`);
  });
  checkSpans(fx);
}

describe('front-end fixtures', () => {
  test('the fixture set is large enough', () => {
    assert.ok(ALL.length >= 80, `${ALL.length} fixtures`);
    for (const [family, list] of Object.entries(FAMILIES)) {
      assert.ok(list.length >= 8, `${family}: ${list.length} fixtures`);
      assert.ok(list.some((f) => f.refuse), `${family}: no refusal`);
    }
    assert.ok(ALL.filter((f) => f.claims?.length).length >= 8, 'claims');
    assert.ok(ALL.filter((f) => !f.refuse && f.src.includes('\n')).length >= 15, 'multi-line');
    assert.ok(new Set(ALL.map((f) => f.name)).size === ALL.length, 'names are unique');
  });
  for (const [family, list] of Object.entries(FAMILIES)) {
    describe(family, () => {
      for (const fx of list) test(fx.name, () => checkFixture(fx));
    });
  }
});
