// Types of scripts/bundles.mjs for the TypeScript that imports it (bench/coldstart.ts, test/unit/bundle-size.test.ts).
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const EXTENSION_LIMIT_BYTES: number;
export const MATHJS_PARSE_FILE: string;
export function mathjsParseOnly(): Plugin;
export function bundleTargets(options?: { production?: boolean }): (BuildOptions & { outfile: string })[];
export function sizeReport(metafile: Metafile, top?: number): { file: string; bytes: number; parts: [string, number][] }[];
export function kb(bytes: number): string;
export function extensionSizeProblem(metafile: Metafile, limit?: number): string | undefined;
export function mergeMetafiles(...metas: Metafile[]): Metafile;
