/** The inspector view's own progress bar, for computations long enough to notice (no flicker on fast ones). */
import * as vscode from 'vscode';
import { INSPECTOR_VIEW_ID } from './ids';

const SHOW_AFTER_MS = 150;

export class ViewProgress {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done: (() => void) | undefined;

  set(busy: boolean): void {
    if (busy) {
      if (this.timer || this.done) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void vscode.window.withProgress({ location: { viewId: INSPECTOR_VIEW_ID } }, () => new Promise<void>((resolve) => {
          this.done = resolve;
        }));
      }, SHOW_AFTER_MS);
    } else {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.done?.();
      this.done = undefined;
    }
  }
}
