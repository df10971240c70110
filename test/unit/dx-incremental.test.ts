import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDx, DxCache, type DxAnalysis } from '../../src/core/dx';

/**
 * Incremental `.dx` analysis (issue #16): with a DxCache kept between versions, an edit re-analyses the blocks it
 * changes and the blocks that depend on them, and nothing else. Counted in analyses (DxCache.counts), never in
 * time. Every analysis with the cache must equal the analysis of the same text from scratch.
 */

const PAD = `# logistic regression, one example
x = 2.0; y = 1
z = w*x + b
loss = log(1 + exp(-y*z))
reg = 0.1*(w^2 + b^2)
total = loss + reg
q = sin(u)*v
wrt w, b, u, v
dloss/dw = -x*y*exp(-y*z)/(1 + exp(-y*z))
dloss/db = -y*exp(-y*z)
dq/du = cos(u)*v
dtotal/dw = 0.2*w
abs(w - 1) + q
`;

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
}

/** w given a number: abs and relu sit on their kinks there, and log is undefined. */
const KINK = edit(edit(PAD, 'x = 2.0; y = 1', 'x = 2.0; y = 1; w = 0.5'), 'abs(w - 1) + q', 'abs(w - 0.5) + q\nrelu(w - 0.5)*z\nlog(-w*w - 1)');

/** Everything the editor shows, as plain data (forms printed), without the graph. */
function view(a: DxAnalysis): unknown {
  return JSON.parse(JSON.stringify({
    results: a.results.map(({ node: _node, ...r }) => r), inputs: a.inputs, point: a.point, coordinates: a.coordinates,
    diagnostics: a.diagnostics, explicitWrt: a.explicitWrt,
  }));
}

describe('.dx incremental analysis', () => {
  it('analyses every block once, then nothing when the text is analysed again', () => {
    const cache = new DxCache();
    analyzeDx(PAD, {}, cache);
    // blocks: z, loss, reg, total, q, and the bare expression; claims: 4
    assert.deepEqual(cache.counts, { blocks: 6, claims: 4 });
    analyzeDx(PAD, {}, cache);
    assert.deepEqual(cache.counts, { blocks: 6, claims: 4 });
  });

  it('an edit re-analyses that block and those that depend on it only', () => {
    const cache = new DxCache();
    analyzeDx(PAD, {}, cache);
    const count = (text: string) => {
      const before = { ...cache.counts };
      analyzeDx(text, {}, cache);
      return { blocks: cache.counts.blocks - before.blocks, claims: cache.counts.claims - before.claims };
    };
    // q is used by the last expression only; dq/du is about q
    assert.deepEqual(count(edit(PAD, 'q = sin(u)*v', 'q = sin(u)*v^2')), { blocks: 2, claims: 1 });
    // reg feeds total; dtotal/dw is about total
    assert.deepEqual(count(edit(PAD, 'reg = 0.1*(w^2 + b^2)', 'reg = 0.2*(w^2 + b^2)')), { blocks: 2, claims: 1 });
    // z feeds loss and total, and all three claims about them (the bare expression does not use z)
    assert.deepEqual(count(edit(PAD, 'z = w*x + b', 'z = w*x - b')), { blocks: 3, claims: 3 });
    // a claim alone
    assert.deepEqual(count(edit(PAD, 'dloss/db = -y*exp(-y*z)', 'dloss/db = -y*exp(-y*z)/(1 + exp(-y*z))')), { blocks: 0, claims: 1 });
    // comments, blank lines and moving text down re-analyse nothing (positions are recomputed, not cached)
    assert.deepEqual(count(`\n\n# a note\n${PAD}`), { blocks: 0, claims: 0 });
    assert.deepEqual(count(edit(PAD, 'x = 2.0; y = 1', 'x = 2.0;    y = 1 # spaced')), { blocks: 0, claims: 0 });
    // a number changes the point for what uses it: z, loss, total (through loss) and the claims with x or y
    assert.deepEqual(count(edit(PAD, 'x = 2.0', 'x = 3.0')), { blocks: 3, claims: 4 });
  });

  it('gives exactly the analysis from scratch after every edit', () => {
    const cache = new DxCache();
    const versions = [
      PAD,
      edit(PAD, 'q = sin(u)*v', 'q = sin(u)*v^2'),
      `\n# moved\n${edit(PAD, 'q = sin(u)*v', 'q = sin(u)*v^2')}`,
      edit(PAD, 'dloss/db = -y*exp(-y*z)', 'dloss/db = -y*exp(-y*z)/(1 + exp(-y*z))'),
      KINK, // a kink and a warning, with positions
      `\n\n${KINK}`,
      KINK.replace('relu(w - 0.5)', 'relu(w - 0.5) '),
      edit(PAD, 'z = w*x + b', 'z = w*x + bb'), // an unknown name: errors, then the fix
      PAD,
      edit(PAD, 'wrt w, b, u, v', 'wrt w, b, u'), // v is now an unknown name
      edit(PAD, 'dq/du = cos(u)*v', 'dq/du = $\\cos(u) v$'),
      PAD.replace(/\n/g, '\n\n'),
    ];
    for (const text of versions) {
      assert.deepEqual(view(analyzeDx(text, {}, cache)), view(analyzeDx(text)), text);
    }
    assert.ok(cache.size > 0);
  });

  it('a pad over its budget shows what is done, marks the rest pending with a diagnostic, and the next analyses go on from there', () => {
    const scratch = analyzeDx(KINK);
    const blocks = scratch.results.filter((r) => r.kind === 'define' || r.kind === 'expr').length;
    const claims = scratch.results.filter((r) => r.kind === 'claim').length;
    assert.equal(scratch.pending, 0);
    const cache = new DxCache();
    // budgetMs 0: each analysis gets through at least one block or claim, then leaves the rest pending.
    let a = analyzeDx(KINK, { budgetMs: 0 }, cache);
    assert.ok(a.pending > 0 && a.pending < blocks + claims, String(a.pending));
    const pending = a.results.filter((r) => r.pending);
    assert.equal(pending.length, a.pending);
    for (const r of pending) {
      assert.deepEqual(r.partials, []);
      assert.equal(r.claim, undefined);
      // values and inputs are there already
      if (r.kind !== 'claim') assert.equal(r.value, scratch.results[a.results.indexOf(r)].value);
    }
    const note = a.diagnostics.filter((d) => d.code === 'pending');
    assert.equal(note.length, 1);
    assert.equal(note[0].severity, 'info');
    assert.equal(note[0].line, pending[0].line);
    assert.match(note[0].message, new RegExp(`^Not analysed yet: the time budget ran out before this (statement|claim)${a.pending > 1 ? ` and ${a.pending - 1} more below` : ''}\\.`));
    // the other diagnostics are there already: those of the analysed part, and every error
    let runs = 1;
    let before = a.pending;
    while (a.pending > 0) {
      a = analyzeDx(KINK, { budgetMs: 0 }, cache);
      runs++;
      assert.ok(a.pending < before, `run ${runs} goes on (${a.pending} pending, ${before} before)`);
      before = a.pending;
    }
    // each block and claim analysed exactly once over all the runs, and the result is the one from scratch
    assert.deepEqual(cache.counts, { blocks, claims });
    assert.deepEqual(view(a), view(scratch));
    assert.ok(runs > 2, String(runs));
    // a generous budget: everything in one analysis, as without a budget
    assert.equal(analyzeDx(KINK, { budgetMs: 60_000 }).pending, 0);
  });

  it('an edit to a pad analysed in several steps keeps the finished blocks: only the edited block and what depends on it are analysed again', () => {
    const cache = new DxCache();
    let a = analyzeDx(PAD, { budgetMs: 0 }, cache);
    while (a.pending > 0) a = analyzeDx(PAD, { budgetMs: 0 }, cache);
    const done = { ...cache.counts };
    const edited = edit(PAD, 'q = sin(u)*v', 'q = sin(u)*v^2');
    a = analyzeDx(edited, { budgetMs: 0 }, cache);
    while (a.pending > 0) a = analyzeDx(edited, { budgetMs: 0 }, cache);
    assert.deepEqual({ blocks: cache.counts.blocks - done.blocks, claims: cache.counts.claims - done.claims }, { blocks: 2, claims: 1 });
    assert.deepEqual(view(a), view(analyzeDx(edited)));
  });

  it('keeps its memory bounded: entries unused for a few analyses are dropped', () => {
    const cache = new DxCache();
    for (let i = 0; i < 20; i++) analyzeDx(`f${i} = x^${i + 2} + y\n`, {}, cache);
    assert.ok(cache.size <= DxCache.KEEP_ANALYSES, String(cache.size));
  });
});
