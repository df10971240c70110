/** Gradient code generation: the one entry point the CLI and the editor commands use. */
export { generate, sourceSummary, translateProgram } from './generate';
export { detectImportAliases, findMissingImports } from './imports';
export { targetsForLanguage } from './languages';
export * from './types';

import type { Model } from '../model';
import { buildModel } from '../model';
import { generate } from './generate';
import type { CodegenOptions, CodegenResult } from './types';

/** Convenience: read a selection (any language the front ends know) and generate code for it. */
export function generateFromSource(source: string, options: CodegenOptions & { language?: string; wrt?: string[] }): CodegenResult & { model: Model } {
  const model = buildModel({ source, language: options.language, wrt: options.wrt });
  return { ...generate(model, options), model };
}
