// Regressions found by the end-to-end harness: stale live updates, hover and sidebar at different points, and the
// step-size plot's best-h marker when the best error is exactly 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LiveDebounce, sameSelection, staleReason, type LiveState } from '../../src/extension/inspector/liveUpdate';
import { documentPoint } from '../../src/extension/engine/documentPoint';
import { emptyOverrides, hoverRequest, inspectRequest, requestLikeInspector, type InspectorState, type Target } from '../../src/extension/inspector/request';
import { createEngine } from '../../src/extension/engine/adapter';
import { bestMarker, plotLayout, DEFAULT_BOX } from '../../src/webview/plot';
import { formatError } from '../../src/shared/format';

/** Timers driven by hand: `run()` fires whatever is due. */
function fakeTimers() {
  let next = 1;
  const due = new Map<number, () => void>();
  const timers = {
    set: ((fn: () => void) => { const id = next++; due.set(id, fn); return id; }) as unknown as typeof setTimeout,
    clear: ((id: number) => { due.delete(id); }) as unknown as typeof clearTimeout,
  };
  const run = () => { const fns = [...due.values()]; due.clear(); for (const f of fns) f(); };
  return { timers, run, get size() { return due.size; } };
}

const fresh: LiveState = { pinned: false, liveEnabled: true, editorActive: true, documentClosed: false };

test('live update: runs when the editor is still active and live updates are on', () => {
  const t = fakeTimers();
  const live = new LiveDebounce(t.timers);
  let runs = 0;
  live.schedule(250, () => fresh, () => runs++);
  assert.equal(live.pending, true);
  t.run();
  assert.equal(runs, 1);
  assert.equal(live.pending, false);
});

test('live update: the timer re-checks the state when it fires (closed, left, disabled, pinned → dropped)', () => {
  for (const [change, reason] of [
    [{ documentClosed: true }, 'document closed'],
    [{ editorActive: false }, 'editor no longer active'],
    [{ liveEnabled: false }, 'live updates disabled'],
    [{ pinned: true }, 'pinned'],
  ] as const) {
    const t = fakeTimers();
    const live = new LiveDebounce(t.timers);
    let state: LiveState = { ...fresh };
    let runs = 0;
    live.schedule(250, () => state, () => runs++);
    // the state changes while the debounce waits (the editor is closed, the user switches, …)
    state = { ...fresh, ...change };
    assert.equal(staleReason(state), reason);
    t.run();
    assert.equal(runs, 0, `dropped when ${reason}`);
  }
  assert.equal(staleReason(fresh), undefined);
});

test('live update: an explicit Inspect cancels a pending update; a newer selection replaces an older one', () => {
  const t = fakeTimers();
  const live = new LiveDebounce(t.timers);
  const ran: string[] = [];
  live.schedule(250, () => fresh, () => ran.push('live'));
  live.cancel(); // Inspect Selection
  assert.equal(live.pending, false);
  assert.equal(t.size, 0);
  t.run();
  assert.equal(ran.length, 0);
  live.schedule(250, () => fresh, () => ran.push('first'));
  live.schedule(250, () => fresh, () => ran.push('second'));
  t.run();
  assert.deepEqual(ran, ['second']);
});

test('live update: a timer whose clear came too late still does not run after an explicit Inspect', () => {
  // A clearTimeout that cannot stop a callback already queued: the epoch check is what holds.
  let queued: (() => void) | undefined;
  const live = new LiveDebounce({
    set: ((fn: () => void) => { queued = fn; return 1; }) as unknown as typeof setTimeout,
    clear: (() => undefined) as unknown as typeof clearTimeout,
  });
  let runs = 0;
  live.schedule(250, () => fresh, () => runs++);
  live.cancel();
  queued?.();
  assert.equal(runs, 0);
});

test('live update: the echo of a command\'s own selection is recognised, any other selection is not', () => {
  const key = { uri: 'file:///a.c', version: 3, start: 10, end: 20 };
  assert.equal(sameSelection(key, { ...key }), true);
  assert.equal(sameSelection(undefined, key), false);
  assert.equal(sameSelection(key, { ...key, end: 21 }), false);
  assert.equal(sameSelection(key, { ...key, version: 4 }), false);
  assert.equal(sameSelection(key, { ...key, uri: 'file:///b.c' }), false);
});

// ---- hover and sidebar ----------------------------------------------------------------------------------

const ROSENBROCK = readFileSync(new URL('../../demo/rosenbrock.c', import.meta.url), 'utf8');
const EXPR = '(a - x) * (a - x) + b * (y - x * x) * (y - x * x)';

function targetOf(text: string, source = ROSENBROCK): Target {
  const offset = source.indexOf(text);
  assert.ok(offset >= 0);
  const before = source.slice(0, offset).split('\n');
  return { uri: 'file:///demo/rosenbrock.c', file: 'rosenbrock.c', languageId: 'c', language: 'c', text, offset,
    line: before.length - 1, character: before[before.length - 1].length };
}

const dfdx = (req: ReturnType<typeof inspectRequest>) => createEngine().inspect(req).partials.find((p) => p.wrt === 'x')!.value;

test('hover and sidebar: the hover asks for the inspector\'s point (document values a = 1, b = 100)', () => {
  const t = targetOf(EXPR);
  // "From document" in the inspector: the values assigned above the selection
  const found = documentPoint(['a', 'x', 'b', 'y'], ROSENBROCK, t);
  assert.deepEqual(found, { a: 1, b: 100 });
  const toggles = { gradient: true, hessian: true, jacobian: false };
  const state: InspectorState = { target: t, overrides: { at: found, sources: { a: 'document', b: 'document' } }, toggles };
  const sidebar = inspectRequest(t, state.overrides, toggles);
  const hover = hoverRequest(t, (x) => requestLikeInspector(x, state));
  assert.deepEqual(hover.at, sidebar.at);
  assert.equal(hover.source, sidebar.source);
  assert.equal(hover.hessian, undefined, 'the hover does not ask for the Hessian it does not show');
  assert.ok(Math.abs(dfdx(hover) - -12.0596) < 1e-9, `hover ∂f/∂x = ${dfdx(hover)}`);
  assert.equal(dfdx(hover), dfdx(sidebar));
  // without the inspector's state the hover would be at the engine's default point (the bug: −0.619725)
  assert.ok(Math.abs(dfdx(hoverRequest(t)) - -0.6197253600000001) < 1e-9);
});

test('hover and sidebar: another formula gets the point the inspector would carry to it, but not its inputs', () => {
  const t = targetOf(EXPR);
  const state: InspectorState = { target: t, overrides: { at: { a: 1, b: 100 }, sources: {}, wrt: ['x'] }, toggles: { gradient: true, hessian: false, jacobian: false } };
  const same = requestLikeInspector({ ...t }, state);
  assert.deepEqual(same.wrt, ['x']);
  const other = requestLikeInspector(targetOf('sqrt(x * x + eps * eps)'), state);
  assert.equal(other.wrt, undefined, 'wrt chosen for another formula is dropped, as when the inspector switches');
  assert.deepEqual(other.at, { a: 1, b: 100 });
  assert.deepEqual(requestLikeInspector(t, { ...state, overrides: emptyOverrides() }).at, undefined);
});

test('documentPoint: only the names asked for, the last assignment above the target', () => {
  const src = 'double a = 1.0;\ndouble k = 2;\ndouble a = 3.0;\nf = a * k * q;\ndouble a = 9;\n';
  const p = documentPoint(['a', 'k', 'q'], src, { languageId: 'c', offset: src.indexOf('f =') });
  assert.deepEqual(p, { a: 3, k: 2 });
  assert.deepEqual(documentPoint(['a'], src, { languageId: 'c', offset: 0 }), {});
});

// ---- step-size plot ---------------------------------------------------------------------------------------

const series = [
  { method: 'central', label: 'central', points: [[1e-1, 1e-3], [1e-4, 1e-9], [1e-8, 1e-6]] as Array<[number, number]> },
  { method: 'complex', label: 'complex step', points: [[1e-1, 1e-4], [1e-4, 0], [1e-8, 0]] as Array<[number, number]> },
];

test('step-size plot: a best error of exactly 0 is drawn on the floor, and the label says so', () => {
  const layout = plotLayout(series)!;
  const floor = DEFAULT_BOX.height - DEFAULT_BOX.bottom;
  const m = bestMarker(layout, { method: 'complex', h: 1e-4, error: 0 }, formatError)!;
  assert.ok(m, 'the marker is drawn');
  assert.equal(m.clamped, true);
  assert.equal(m.y, floor);
  assert.ok(Math.abs(m.x - layout.toX(1e-4)) < 1e-9);
  assert.match(m.label, /error 0 .*floor/);
  assert.match(m.label, /best h = 1\.0e-4 \(complex\)/);
});

test('step-size plot: a positive best error sits at its value; undefined errors get no marker', () => {
  const layout = plotLayout(series)!;
  const m = bestMarker(layout, { method: 'central', h: 1e-4, error: 1e-9 }, formatError)!;
  assert.equal(m.clamped, false);
  assert.ok(Math.abs(m.y - layout.toY(1e-9)) < 1e-9);
  assert.doesNotMatch(m.label, /floor/);
  // below the plotted decades: clamped to the floor too
  const low = bestMarker(layout, { method: 'central', h: 1e-4, error: 1e-30 }, formatError)!;
  assert.equal(low.clamped, true);
  assert.equal(low.y, DEFAULT_BOX.height - DEFAULT_BOX.bottom);
  for (const bad of [{ h: 1e-4, error: NaN }, { h: 0, error: 1e-9 }, { h: 1e-4, error: -1 }, { h: 1e-4, error: Infinity }]) {
    assert.equal(bestMarker(layout, { method: 'central', ...bad }, formatError), undefined, JSON.stringify(bad));
  }
});
