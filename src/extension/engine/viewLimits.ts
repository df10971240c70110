/**
 * What the inspector's stages after the partials return at most (issue #16): the engine's graphModel, check and code
 * apply them in the worker (adapter.ts), the pipeline names them in its notes. A module of its own, so the host's
 * pipeline reads them without the engine.
 */
import { FIT_TEXT } from '../../shared/fit';

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
