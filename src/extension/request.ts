/** What the user asked for (selection text plus UI overrides) as an engine request. Pure. */
import type { InspectRequest } from '../core/api';
import type { PointSource, ToggleOption } from '../webview/protocol';

export interface Target {
  /** Document URI (string form) the text came from. */
  uri: string;
  /** Short name for display (file name). */
  file: string;
  languageId: string;
  /** Engine language for the text. */
  language: string;
  text: string;
  /** Document offset of text[0]. */
  offset: number;
  /** 0-based document line and character of text[0]. */
  line: number;
  character: number;
  /** 1-based line shown as where the expression is (defaults to line + 1). */
  displayLine?: number;
  /** A point and inputs the source itself implies (a .dx scratch pad's numbers and `wrt`); user overrides win. */
  base?: { at?: Record<string, number>; wrt?: string[] };
  /** True when spans in results do not point into the document (a synthesized source). */
  noSpans?: boolean;
  /** Hand-written derivatives to verify along with the checks (`df/dx = …`). */
  claims?: string[];
}

export interface Overrides {
  at: Record<string, number>;
  sources: Record<string, PointSource>;
  wrt?: string[];
  graphOutput?: string;
  /** Show the graph in full even past the collapse threshold. */
  graphExpanded?: boolean;
  sweep?: { of: string; wrt: string };
}

export const emptyOverrides = (): Overrides => ({ at: {}, sources: {} });

export function inspectRequest(t: Target, o: Overrides, toggles: Record<ToggleOption, boolean>): InspectRequest {
  const req: InspectRequest = { source: t.text, language: t.language };
  const at = { ...(t.base?.at ?? {}), ...o.at };
  if (Object.keys(at).length) req.at = at;
  const wrt = o.wrt ?? t.base?.wrt;
  if (wrt) req.wrt = [...wrt];
  if (toggles.hessian) req.hessian = true;
  if (toggles.jacobian) req.allOutputs = true;
  return req;
}

/**
 * When the inspected text changes, overrides that no longer make sense are dropped: a wrt list naming variables
 * the new text lacks, and the sweep/graph choices. Point values are kept (the engine ignores unknown names), so
 * moving between related formulas keeps the point the user set.
 */
export function carryOverrides(o: Overrides, sameText: boolean): Overrides {
  if (sameText) return o;
  return { at: { ...o.at }, sources: { ...o.sources } };
}
