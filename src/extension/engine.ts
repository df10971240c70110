/**
 * The engine as the extension sees it. Optional parts (numeric checks, code generation) plug in here as they
 * land in src/core; the rest of the extension asks `features` instead of importing them directly.
 */
import { graphView, inspect, readSource, type GraphView, type InspectRequest, type InspectResult } from '../core/index';
import type { ChecksView, CodeView, SweepView } from '../webview/protocol';
import type { Features } from './viewModel';

export interface CheckOptions {
  atol: number;
  rtol: number;
}

export interface EngineAdapter {
  features: Features;
  inspect(req: InspectRequest): InspectResult;
  graph(req: InspectRequest, output?: string): GraphView;
  checks?(req: InspectRequest, opts: CheckOptions): ChecksView;
  sweep?(req: InspectRequest, of: string, wrt: string): SweepView;
  /** Per-partial code lines keyed `${of}/${wrt}` and a whole block, for the document's language. */
  code?(req: InspectRequest, languageId: string, style: string): { partials: Map<string, string>; block?: CodeView };
}

/** True when the engine reads the language itself (its front end for it has landed). */
function frontEndsPresent(): boolean {
  try {
    return readSource('y = x', 'python').language === 'python';
  } catch {
    return false;
  }
}

export function createEngine(): EngineAdapter {
  return {
    features: { checks: false, codegen: false, frontends: frontEndsPresent() },
    inspect: (req) => inspect(req),
    graph: (req, output) => graphView(req, output),
  };
}
