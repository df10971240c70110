/**
 * What the inspector is looking at: the target, the user's overrides (point, inputs, graph and sweep choices),
 * the toggles and the pin, kept across reloads in the workspace state.
 */
import type * as vscode from 'vscode';
import type { InspectRequest } from '../../core/api';
import type { ToggleOption } from '../../shared/protocol';
import type { Settings } from '../settings';
import { carryOverrides, emptyOverrides, requestLikeInspector, type Overrides, type Target } from './request';
import type { UiState } from './viewModel';

const MEMENTO_KEY = 'partials.inspector.last';

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
    void this.memento.update(MEMENTO_KEY, { target: this.target, overrides: this.overrides, pinned: this.pinned } satisfies Saved);
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
        this.target = t;
        this.pinned = !!saved?.pinned;
      },
    };
  }
}
