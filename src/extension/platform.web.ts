/**
 * The web worker extension host's platform (vscode.dev, github.dev, a browser workbench such as code-server's): the
 * web build (dist/web/extension.js) uses this file wherever the code imports ./platform. Same exports as platform.ts;
 * no Node built-in (the web build fails if one is imported anywhere: scripts/bundles.mjs, `noNodeBuiltins`).
 */
import * as vscode from 'vscode';
import { webEngineThread } from './engine/webThread';
import type { L10nInit } from './engine/worker';
import type { Platform } from './platform';

/** blob: URLs of scripts read through the file system API, kept for restarts (a stopped worker's successor). */
const blobs = new Map<string, Promise<string>>();

/**
 * Starts the engine's worker from its script. An http(s) or file script starts as it is (the web worker extension host
 * loads it with importScripts, across origins too); the workbench refuses other schemes (a remote window's
 * vscode-remote://, as in code-server), so such a script is read once through the file system API and started from a
 * blob: URL.
 */
async function startWorker(script: string): Promise<Worker> {
  const options: WorkerOptions = { name: 'partials-engine' };
  const uri = vscode.Uri.parse(script);
  if (['http', 'https', 'file'].includes(uri.scheme)) return new Worker(script, options);
  let url = blobs.get(script);
  if (!url) {
    url = Promise.resolve(vscode.workspace.fs.readFile(uri)).then((bytes) => URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/javascript' })));
    blobs.set(script, url);
    url.catch(() => blobs.delete(script));
  }
  return new Worker(await url, options);
}

export const platform: Platform = {
  kind: 'web',
  // a classic worker script (nested workers are loaded with importScripts in VS Code's web worker host)
  engineScript: (context) => vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'engine.js').toString(),
  // the translations go first (a Web Worker has no workerData): worker.web.ts reads them before serving calls
  startEngineThread: (script, data) => webEngineThread(startWorker(script).then((w) => {
    w.postMessage({ l10n: data?.l10n ?? null } satisfies L10nInit);
    return w;
  })),
  soon: (fn) => {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  },
};
