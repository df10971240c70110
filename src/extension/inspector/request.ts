/** What the user asked for (selection text plus UI overrides) as an engine request. Pure. */
import type { InspectRequest } from '../../core/api';
import type { NestedNum, PointSource, ToggleOption } from '../../shared/protocol';
import type { TensorInspectRequest } from '../engine/adapter';

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
  /** The enclosing function's name, for the value of a `return` in the text (InspectRequest.returnName). */
  returnName?: string;
}

export interface Overrides {
  at: Record<string, number>;
  sources: Record<string, PointSource>;
  wrt?: string[];
  graphOutput?: string;
  /** Show the graph in full even past the collapse threshold. */
  graphExpanded?: boolean;
  sweep?: { of: string; wrt: string };
  /** A vectorised selection's point as the user set it (arrays and numbers), like `--at 'X=[[…]]'`. */
  tensorAt?: Record<string, NestedNum>;
  /** Sizes the user gave to symbolic dimensions (n = 5), like `--shape`. */
  dims?: Record<string, number>;
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
  if (t.returnName) req.returnName = t.returnName;
  return req;
}

/**
 * The engine language the tensor reader is picked from: a `.m` file VS Code opens as Objective-C (no MATLAB
 * extension installed) is MATLAB/Octave; plain text is detected as `partials inspect` without --lang does.
 */
export function tensorLanguageFor(t: Pick<Target, 'languageId' | 'language' | 'file'>): string {
  if (t.languageId === 'objective-c' && /\.m$/i.test(t.file)) return 'matlab';
  if (t.languageId === 'plaintext' || t.language === '' || t.language === 'auto') return 'auto';
  return t.language;
}

/** The tensor engine's request for a target: the user's arrays and sizes, the inputs they chose. */
export function tensorRequest(t: Target, o: Overrides): TensorInspectRequest {
  const req: TensorInspectRequest = { source: t.text, language: tensorLanguageFor(t) };
  if (o.tensorAt && Object.keys(o.tensorAt).length) req.at = { ...o.tensorAt };
  if (o.dims && Object.keys(o.dims).length) req.dims = { ...o.dims };
  if (o.wrt) req.wrt = [...o.wrt];
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

/** What the inspector holds that shapes a request: its current target, the user's overrides and toggles. */
export interface InspectorState {
  target: Target | undefined;
  overrides: Overrides;
  toggles: Record<ToggleOption, boolean>;
}

/**
 * The request the inspector computes (or would compute, on switching to it) for `t`: the same point — the
 * document values and numbers the user set — and the same inputs. The hover uses it so both show the same values.
 */
export function requestLikeInspector(t: Target, s: InspectorState): InspectRequest {
  const same = s.target?.text === t.text && s.target.language === t.language;
  return inspectRequest(t, carryOverrides(s.overrides, same), s.toggles);
}

/** The hover's request: the inspector's for the same target (without the Hessian, which a hover does not show). */
export function hoverRequest(t: Target, requestFor?: (t: Target) => InspectRequest): InspectRequest {
  const req = requestFor ? requestFor(t) : inspectRequest(t, emptyOverrides(), { gradient: true, hessian: false, jacobian: false });
  const { hessian: _hessian, ...rest } = req;
  return rest;
}

