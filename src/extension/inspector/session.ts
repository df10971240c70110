/**
 * What the inspector is looking at: the target, the user's overrides (point, inputs, graph and sweep choices),
 * the toggles and the pin, kept across reloads in the workspace state.
 */
import type * as vscode from 'vscode';
import type { InspectRequest } from '../../core/api';
import { MAX_TENSOR_DIM, type NestedNum, type ToggleOption } from '../../shared/protocol';
import type { Settings } from '../settings';
import { carryOverrides, emptyOverrides, requestLikeInspector, type Overrides, type Target } from './request';
import type { UiState } from './viewModel';

const MEMENTO_KEY = 'partials.inspector.last';
/** Arrays the user set are kept across reloads up to this many entries in all (the workspace state is no store for data). */
const MAX_SAVED_ENTRIES = 10_000;

interface Saved {
  target?: Target;
  overrides?: Overrides;
  pinned?: boolean;
}

export class Session {
  target: Target | undefined;
  overrides: Overrides = emptyOverrides();
  pinned = false;
  readonly toggles: Record<ToggleOption, boolean>;

  constructor(settings: Settings, private readonly memento?: vscode.Memento) {
    this.toggles = { gradient: settings.showGradient, hessian: settings.showHessian, jacobian: settings.showJacobian };
  }

  /** A new target: overrides that no longer make sense for a different text are dropped. */
  switchTo(t: Target): void {
    const same = this.target?.text === t.text && this.target.language === t.language;
    this.overrides = carryOverrides(this.overrides, same);
    this.target = t;
    this.save();
  }

  /** The request the inspector computes (or would, on switching to it) for `t`: the hover shows the same point. */
  requestFor(t: Target): InspectRequest {
    return requestLikeInspector(t, { target: this.target, overrides: this.overrides, toggles: this.toggles });
  }

  ui(live: boolean): UiState {
    return { pinned: this.pinned, live, toggles: { ...this.toggles }, pointSources: { ...this.overrides.sources } };
  }

  save(): void {
    if (!this.memento || !this.target || this.target.text.length > 50_000) return;
    const { tensorAt, ...rest } = this.overrides;
    const overrides: Overrides = tensorAt && entries(Object.values(tensorAt)) <= MAX_SAVED_ENTRIES ? { ...rest, tensorAt } : rest;
    void this.memento.update(MEMENTO_KEY, { target: this.target, overrides, pinned: this.pinned } satisfies Saved);
  }

  /** The target saved before a reload, if it looks sound (the caller checks it against its document). */
  saved(): { target: Target; apply(): void } | undefined {
    const saved = this.memento?.get<Saved>(MEMENTO_KEY);
    const t = saved?.target;
    if (!t || typeof t.uri !== 'string' || typeof t.text !== 'string' || typeof t.offset !== 'number') return undefined;
    return {
      target: t,
      apply: () => {
        const o = saved?.overrides;
        this.overrides = { at: { ...(o?.at ?? {}) }, sources: { ...(o?.sources ?? {}) }, ...(o?.wrt ? { wrt: o.wrt } : {}) };
        // a vectorised selection's arrays and sizes, as the user set them (each checked: the state is only JSON)
        const tensorAt = savedArrays(o?.tensorAt);
        if (tensorAt) this.overrides.tensorAt = tensorAt;
        const dims = savedDims(o?.dims);
        if (dims) this.overrides.dims = dims;
        this.target = t;
        this.pinned = !!saved?.pinned;
      },
    };
  }
}

/** How many numbers the values hold. */
function entries(values: readonly NestedNum[]): number {
  let n = 0;
  for (const v of values) n += Array.isArray(v) ? v.reduce<number>((k, r) => k + (Array.isArray(r) ? r.length : 1), 0) : 1;
  return n;
}

/** A number, a vector or a matrix (equal rows) of finite numbers. */
function isArrayValue(v: unknown): v is NestedNum {
  if (typeof v === 'number') return Number.isFinite(v);
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_TENSOR_DIM) return false;
  if (v.every((x) => typeof x === 'number' && Number.isFinite(x))) return true;
  const cols = Array.isArray(v[0]) ? v[0].length : -1;
  return cols > 0 && cols <= MAX_TENSOR_DIM && v.every((r) => Array.isArray(r) && r.length === cols && r.every((x) => typeof x === 'number' && Number.isFinite(x)));
}

/** The saved arrays, if every one is sound and they are not too many; else none (the defaults come back). */
function savedArrays(v: unknown): Record<string, NestedNum> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, NestedNum> = Object.create(null) as Record<string, NestedNum>;
  for (const [k, x] of Object.entries(v)) {
    if (!isArrayValue(x)) return undefined;
    out[k] = x;
  }
  return Object.keys(out).length && entries(Object.values(out)) <= MAX_SAVED_ENTRIES ? out : undefined;
}

/** The saved sizes of symbolic dimensions, if each is a whole number the inspector accepts. */
function savedDims(v: unknown): Record<string, number> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > MAX_TENSOR_DIM) return undefined;
    out[k] = x;
  }
  return Object.keys(out).length ? out : undefined;
}
