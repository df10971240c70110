/**
 * The in-process engine (local.ts), loaded at the first call. The Node build makes this require() load
 * dist/engine.js beside dist/extension.js (scripts/bundles.mjs `lazyLocalEngine`); the web build bundles local.ts,
 * whose modules esbuild initialises only when this require() first runs.
 */
type Local = typeof import('./local');

let loaded: Local | undefined;

export function localEngine(): Local {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./local') as Local;
  return loaded;
}
