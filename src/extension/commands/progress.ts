/**
 * Engine work a command waits for: cancellable, with a progress notification once it takes longer than
 * PROGRESS_AFTER_MS (none for the usual few milliseconds).
 */
import * as vscode from 'vscode';
import { isCancelled } from '../engine/client';
import { t } from '../l10n';

export const PROGRESS_AFTER_MS = 300;

/** Runs `work` with a signal the notification's Cancel aborts; undefined when the user cancelled. */
export async function withEngineProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const abort = new AbortController();
  const job = work(abort.signal);
  let finished = false;
  const shown = setTimeout(() => {
    if (finished) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Partials: {0}', title), cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return job.then(() => undefined, () => undefined);
      });
  }, PROGRESS_AFTER_MS);
  try {
    return await job;
  } catch (err) {
    if (isCancelled(err) && abort.signal.aborted) {
      vscode.window.setStatusBarMessage(t('Partials: cancelled'), 3000);
      return undefined;
    }
    throw err;
  } finally {
    finished = true;
    clearTimeout(shown);
  }
}
