/**
 * The debounce behind live updates (pure, no `vscode`): a selection change schedules an update, and when the
 * timer fires the update runs only if it is still wanted — the editor it was scheduled for is still the active
 * one with an open document, live updates are still enabled, the inspector is not pinned, and no explicit command
 * inspected something in the meantime. Otherwise a late timer would replace what the user asked for.
 */

/** What the timer callback re-checks, read afresh when it fires. */
export interface LiveState {
  pinned: boolean;
  liveEnabled: boolean;
  /** The editor the update was scheduled for is still the active editor. */
  editorActive: boolean;
  /** Its document has been closed. */
  documentClosed: boolean;
}

/** Why a scheduled live update is dropped, or undefined when it should run. */
export function staleReason(s: LiveState): string | undefined {
  if (s.pinned) return 'pinned';
  if (!s.liveEnabled) return 'live updates disabled';
  if (s.documentClosed) return 'document closed';
  if (!s.editorActive) return 'editor no longer active';
  return undefined;
}

export class LiveDebounce {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every explicit inspection and cancellation: a timer armed before it must not run. */
  private epoch = 0;

  constructor(private readonly timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout }) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Runs `update` after `delayMs` unless cancelled, superseded, or `state()` then says it is stale. */
  schedule(delayMs: number, state: () => LiveState, update: () => void): void {
    this.cancel();
    const armed = this.epoch;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (armed !== this.epoch || staleReason(state())) return;
      update();
    }, delayMs);
  }

  /** An explicit command (Inspect) wins over a waiting live update; so does disposal. */
  cancel(): void {
    this.epoch++;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}

/**
 * A command that selects the range it inspects (hover links) makes the editor report that selection a moment
 * later; that echo must not schedule a live update that would redo, and replace, the command's result.
 */
export interface SelectionKey {
  uri: string;
  version: number;
  start: number;
  end: number;
}

export const sameSelection = (a: SelectionKey | undefined, b: SelectionKey): boolean =>
  !!a && a.uri === b.uri && a.version === b.version && a.start === b.start && a.end === b.end;
