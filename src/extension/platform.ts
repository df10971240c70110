/**
 * What differs between the Node extension host (desktop, remote, code-server) and the web worker extension host
 * (vscode.dev, github.dev): how the engine's worker starts, where its script is, how work is deferred, how text
 * becomes base64. This file is the Node side and the one every module imports; the web build
 * (scripts/bundles.mjs, `webPlatform`) puts platform.web.ts in its place, which has the same exports (checked by
 * the compiler: both are `Platform`s). Nothing else in src/extension touches a Node built-in or a browser global
 * that the other host lacks. (The engine's own side, engine/worker.ts, needs neither: its port is handed in.)
 */
import * as path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { ExtensionContext } from 'vscode';
import type { EngineThread } from './engine/client';

export interface Platform {
  /** Which extension host this build is for. */
  readonly kind: 'node' | 'web';
  /** The script that serves the engine in its worker, for this extension's installation. */
  engineScript(context: Pick<ExtensionContext, 'extensionPath' | 'extensionUri'>): string;
  /** Starts the engine's worker from `script` (a Node worker thread, or a Web Worker). */
  /** `data.l10n`: the host's translations for the worker (a Web Worker gets them as its first message). */
  startEngineThread(script: string, data?: { l10n?: unknown }): EngineThread;
  /** Runs `fn` after the current event (before timers where the host can); returns a function that cancels it. */
  soon(fn: () => void): () => void;
}

/** The worker's heap: an input that needs more fails with a message instead of growing the host's memory. */
export const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 64 };

export const platform: Platform = {
  kind: 'node',
  // dist/engine.js: run as a worker thread it serves the engine (engine/node.ts)
  engineScript: (context) => path.join(context.extensionPath, 'dist', 'engine.js'),
  startEngineThread: (script, data) => {
    // required here, not at activation: loading Node's worker module is a good part of activating otherwise
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    return new Worker(script, { workerData: { partialsEngine: true, ...(data ?? {}) }, resourceLimits: WORKER_LIMITS });
  },
  soon: (fn) => {
    const t = setImmediate(fn);
    return () => clearImmediate(t);
  },
};
