/**
 * The in-process engine, for what runs on the extension host itself: the fallback when no worker can start
 * (client.ts). Reached only through `localEngine()` (lazy.ts), at its first use: in the Node build it is a file of
 * its own, dist/engine.js (engine/node.ts), so activating the extension does not load the engine at all; in the web
 * build it is part of the bundle, initialised at the first call. No Node built-in here (the web build has it too).
 */
export { createEngine } from './adapter';
export { useL10n } from '../l10n';
