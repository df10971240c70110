/**
 * What the inspector's stages after the partials return at most (issue #16): the engine's graphModel, check and code
 * apply them in the worker (adapter.ts), the pipeline names them in its notes. A module of its own, so the host's
 * pipeline reads them without the engine.
 */
import { FIT_TEXT } from '../../shared/fit';
import type { InspectResult, PartialResult } from '../../core/api';
import { t } from '../l10n';

/**
 * The graph the inspector draws: at most this many nodes (those nearest the output; GraphModel.truncated says so and
 * the inspector shows a note). Far more than a readable drawing; it keeps the message and the layout bounded (the
 * 19 990 factors of \$x x … x\$ are 19 990 nodes).
 */
export const VIEW_GRAPH_NODES = 2_000;
/**
 * The inspector's numeric checks stop at about this many node evaluations (core check's maxWork): every partial of a
 * small selection, the first 150 of the 3 300 of a product of 3 300 variables (all of them: 8–15 s). The
 * inspector says how many it left out.
 */
export const VIEW_CHECK_WORK = 12_000_000;
/** Characters of an edge's local derivative the graph prints; a longer one shows `…` with its value. */
export const VIEW_LOCAL_CHARS = 200;

/**
 * The longest code the inspector's Code section shows: what shared/fit.ts would cut any string of the view at (code
 * cut short does not run, so it is refused with its size instead).
 */
export const VIEW_CODE_CHARS = FIT_TEXT;

/** The most nodes a graph is drawn with when the user expands it past the collapse threshold (graphModel.ts). */
export const MAX_EXPANDED_NODES = 2000;

/**
 * The partials the inspector lists at most (a product of 3 300 variables has 3 300): the model is posted, and its
 * formulas typeset, in one piece, so the list is bounded like the graph and the checks table; a note says how many
 * there are and where all of them are (viewModel.ts resultModel).
 */
export const VIEW_PARTIALS = 200;
/** The shared bindings (`t₁ = x₁ x₂ ⋯`) listed under the partials at most (those the listed partials use). */
export const VIEW_BINDINGS = 400;

/**
 * The shared bindings the listed partials use: all of them (transitively, a binding's `expr` naming earlier ones)
 * when they are at most VIEW_BINDINGS, else those the partials name themselves (each partial's own names defined),
 * at most VIEW_BINDINGS, in binding order; `left`: how many they use that are not listed. Linear in the bindings' text.
 */
export function listedBindings<B extends { name: string; expr: string }>(all: readonly B[], partials: readonly PartialResult[]): { listed: B[]; left: number } {
  if (!all.length) return { listed: [], left: 0 };
  const direct = new Set<string>();
  for (const p of partials) for (const u of p.compact?.uses ?? []) direct.add(u);
  const index = new Map(all.map((b, i) => [b.name, i]));
  const used = new Set(direct);
  // innermost first: a binding names only earlier ones, so one sweep from the last closes the set
  for (let i = all.length - 1; i >= 0; i--) {
    if (!used.has(all[i].name)) continue;
    for (const id of all[i].expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (index.has(id)) used.add(id);
  }
  if (used.size <= VIEW_BINDINGS) return { listed: all.filter((b) => used.has(b.name)), left: 0 };
  const listed = all.filter((b) => direct.has(b.name)).slice(0, VIEW_BINDINGS);
  return { listed, left: used.size - listed.length };
}

/** The note for shared bindings the listed partials use that are not listed. */
export const bindingsNote = (left: number): string =>
  t('{0} more shared subexpressions that the listed partials use are not listed here: the partials CLI gives them all (partials inspect --compact).', left);

/**
 * The inspector's result with only the shared bindings its listed partials (the first VIEW_PARTIALS) use, and a note
 * for those it leaves out: applied in the worker, so the host neither receives nor walks the rest (a product of 3 300
 * variables has 3 294).
 */
export function viewBindingsOf(r: InspectResult): InspectResult {
  if (!r.bindings?.length) return r;
  const { listed, left } = listedBindings(r.bindings, r.partials.length > VIEW_PARTIALS ? r.partials.slice(0, VIEW_PARTIALS) : r.partials);
  if (listed.length === r.bindings.length) return r;
  return { ...r, bindings: listed, warnings: left > 0 ? [...r.warnings, bindingsNote(left)] : [...r.warnings] };
}

/** A partial the inspector does not list: which one and its value (the gradient and Jacobian tables, the counts). */
export interface UnlistedPartial { of: string; wrt: string; value: number }

/**
 * The inspector's result as the worker sends it: `partials` are the listed ones (the first VIEW_PARTIALS), whole;
 * `unlisted` the rest, by value only.
 */
export interface ViewResult extends InspectResult {
  unlisted?: UnlistedPartial[];
}

/**
 * Splits the partials past the listed ones off into `unlisted`, without their formulas. Applied in the worker: the
 * 3 300 partials of a product of 3 300 variables were 1.2 MB to clone onto the extension host, whose main thread
 * spent 10–20 ms reading them for a list of 200.
 */
export function viewPartialsOf(r: InspectResult): ViewResult {
  if (r.partials.length <= VIEW_PARTIALS) return r;
  return {
    ...r,
    partials: r.partials.slice(0, VIEW_PARTIALS),
    unlisted: r.partials.slice(VIEW_PARTIALS).map((p) => ({ of: p.of, wrt: p.wrt, value: p.value })),
  };
}

/** Every partial of a view result, listed or not, as which one and its value (in the engine's order). */
export function partialValues(r: ViewResult): UnlistedPartial[] {
  return r.unlisted?.length ? [...r.partials, ...r.unlisted] : r.partials;
}

/** How many partials a view result has, listed or not. */
export const partialCount = (r: ViewResult): number => r.partials.length + (r.unlisted?.length ?? 0);
