// Types of scripts/bundles.mjs for the TypeScript that imports it (bench/coldstart.ts, test/unit/bundle-size.test.ts,
// test/unit/web-*.test.ts).
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const EXTENSION_LIMIT_BYTES: number;
export const MATHJS_PARSE_FILE: string;
export const CLI_LAUNCHER_FILE: string;
export const EXTENSION_HOST_FILES: string[];
export const ENGINE_FILE: string;
export function lazyLocalEngine(root?: string): Plugin;
export function extensionHostBytes(metafile: Metafile): { sizes: number[]; total: number } | undefined;
export function mathjsParseOnly(): Plugin;
export function bundleTargets(options?: { production?: boolean }): (BuildOptions & { outfile: string })[];
export function sizeReport(metafile: Metafile, top?: number): { file: string; bytes: number; parts: [string, number][] }[];
export function kb(bytes: number): string;
export function extensionSizeProblem(metafile: Metafile, limit?: number): string | undefined;
export function mergeMetafiles(...metas: Metafile[]): Metafile;
export function webPlatform(root?: string): Plugin;
export function mathjsParseBundled(): Plugin;
export function isNodeBuiltin(spec: string): boolean;
export function noNodeBuiltins(): Plugin;
export function nodeImportsIn(metafile: Metafile, allowed?: string[]): string[];
export const WEB_EXTENSION_FILE: string;
export const WEB_ENGINE_FILE: string;
export function webTargets(options?: { production?: boolean }): (BuildOptions & { outfile: string })[];
export function buildShippedEngine(dir: string): Promise<string>;
