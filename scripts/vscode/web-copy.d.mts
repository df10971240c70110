// Types for web-copy.mjs (used by the TypeScript end-to-end tests).
export const ENVIRONMENT_COMMAND: string;
export const ENVIRONMENT_TITLE: string;
export function webOnlyManifest(manifest: Record<string, any>): Record<string, any>;
export function makeWebOnlyCopy(): string;
