/** The `partials.*` settings (declared in package.json `contributes.configuration`), defaulted and clamped. Pure. */
import type { GraphDirection, Notation } from '../shared/protocol';

export type HoverMode = 'selection' | 'always' | 'off';

export interface Settings {
  hoverMode: HoverMode;
  liveUpdate: boolean;
  debounceMs: number;
  maxSelectionChars: number;
  maxSelectionLines: number;
  /** Live updates skip the optional stages (checks, code) once inspecting took longer than this. */
  timeBudgetMs: number;
  digits: number;
  notation: Notation;
  atol: number;
  rtol: number;
  graphDirection: GraphDirection;
  collapseThreshold: number;
  codegenTarget: string;
  codegenStyle: string;
  statusBar: boolean;
  showGradient: boolean;
  showHessian: boolean;
  showJacobian: boolean;
  /** Rows and columns of a tensor value shown before it is truncated with ⋯. */
  tensorMaxEntries: number;
}

const pick = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
  typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
const num = (v: unknown, fallback: number, min: number, max: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/** Clamps and defaults every value read through `get` (a key relative to `partials.`). */
export function settingsFrom(get: (key: string) => unknown): Settings {
  return {
    hoverMode: pick(get('hover.mode'), ['selection', 'always', 'off'] as const, 'selection'),
    liveUpdate: bool(get('live.enabled'), true),
    debounceMs: num(get('live.debounceMs'), 250, 0, 5000),
    maxSelectionChars: num(get('limits.maxSelectionChars'), 20000, 100, 2_000_000),
    maxSelectionLines: num(get('limits.maxSelectionLines'), 400, 1, 100_000),
    timeBudgetMs: num(get('limits.timeBudgetMs'), 1500, 50, 600_000),
    digits: Math.round(num(get('numbers.digits'), 6, 1, 17)),
    notation: pick(get('numbers.notation'), ['auto', 'fixed', 'scientific'] as const, 'auto'),
    atol: num(get('checks.atol'), 1e-5, 0, 1),
    rtol: num(get('checks.rtol'), 1e-3, 0, 1),
    graphDirection: pick(get('graph.direction'), ['AUTO', 'RIGHT', 'DOWN', 'LEFT', 'UP'] as const, 'AUTO'),
    collapseThreshold: Math.round(num(get('graph.collapseThreshold'), 60, 0, 100_000)),
    codegenTarget: typeof get('codegen.target') === 'string' ? (get('codegen.target') as string) : 'auto',
    codegenStyle: pick(get('codegen.style'), ['closed', 'adjoint', 'ask'] as const, 'closed'),
    statusBar: bool(get('statusBar.enabled'), true),
    showGradient: bool(get('show.gradient'), false),
    showHessian: bool(get('show.hessian'), false),
    showJacobian: bool(get('show.jacobian'), false),
    tensorMaxEntries: Math.round(num(get('tensor.maxEntries'), 6, 2, 50)),
  };
}
