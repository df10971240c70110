import type { TargetId } from './types';

/**
 * The document's own import aliases (`import numpy as numpy_`, `import torch.nn.functional as nnf`) and which
 * needed imports it lacks, so inserted code uses the names the file already has.
 */
export function detectImportAliases(text: string, target: TargetId): Record<string, string> {
  const out: Record<string, string> = {};
  if (target !== 'python' && target !== 'numpy' && target !== 'pytorch') return out;
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?[ \t]*$/gm)) {
    out[m[1]] = m[2] ?? m[1];
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\w+)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
    out[`${m[1]}.${m[2]}`] = m[3] ?? m[2];
  }
  return out;
}

/** Needed import lines that the document does not already have (compared loosely: whitespace, quotes). */
export function findMissingImports(text: string, target: TargetId, imports: string[]): string[] {
  const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/["']/g, '"').trim();
  const lines = new Set(text.split(/\r?\n/).map(norm));
  return imports.filter((imp) => {
    if (lines.has(norm(imp))) return false;
    if (target === 'go') {
      // import ( "fmt"; "math" ) blocks
      const pkg = /"(.+)"/.exec(imp)?.[1];
      return !(pkg && new RegExp(`^\\s*(import\\s+)?"${pkg}"\\s*$`, 'm').test(text));
    }
    if (target === 'c' || target === 'cpp') {
      const header = /<(.+)>/.exec(imp)?.[1];
      const alt = header === 'cmath' ? 'math.h' : header === 'math.h' ? 'cmath' : header;
      return !new RegExp(`#\\s*include\\s*[<"](${header}|${alt})[>"]`).test(text);
    }
    if (target === 'julia') return !/using\s+SpecialFunctions/.test(text);
    return true;
  });
}
