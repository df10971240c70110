/** What every section renderer gets: the model, a way to talk to the host, and number formatting. */
import { formatNumber } from '../shared/format';
import type { SectionId, ViewModel, WebviewToHost } from '../shared/protocol';

export interface Ctx {
  model: ViewModel;
  post(msg: WebviewToHost): void;
  fmt(v: number): string;
  /** Remembered UI state that survives re-renders and reloads (open sections, graph viewport…). */
  ui: UiMemory;
  /** Called by sections that change remembered UI state, so it is persisted. */
  save(): void;
  /** Renders the model again (after a change of remembered UI state that changes what the sections show). */
  refresh(): void;
}

export interface UiMemory {
  closed: Partial<Record<SectionId, boolean>>;
  graphView?: { key: string; x: number; y: number; k: number };
  selectedNode?: number;
  /** Folded chains of the graph `key`: folding on or off, and the chains (by their last node) expanded since. */
  graphFold?: { key: string; fold: boolean; expanded: number[] };
  /** The user asked to lay out graphs past the automatic size. */
  layoutLarge?: boolean;
  /** Formulas in the selection's own names (the default where the engine has them) or fully expanded. */
  names?: 'named' | 'expanded';
  /** Partials (`of/wrt`) whose chain-rule walk-through is open. */
  explained?: string[];
  /** Gradients (by input) whose entrywise view is open. */
  entrywise?: string[];
}

/** Whether formulas show in the selection's names: when the model has named forms, unless the user chose expanded. */
export const showNamed = (ctx: Ctx): boolean =>
  ctx.ui.names !== 'expanded' && !!ctx.model.partials?.some((p) => p.named);

export function makeFmt(model: ViewModel): (v: number) => string {
  return (v) => formatNumber(v, model.format.digits, model.format.notation);
}
