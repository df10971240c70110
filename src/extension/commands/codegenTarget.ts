/** Which code-generation target fits a document: its language, refined by the imports it has. Pure. */
import { TARGETS, type TargetId } from '../../core/codegen/types';
import type { TensorTargetId } from '../../core/tensor';

const BY_LANGUAGE: Record<string, TargetId> = {
  javascript: 'javascript', javascriptreact: 'javascript', typescript: 'typescript', typescriptreact: 'typescript',
  c: 'c', cpp: 'cpp', cuda: 'cpp', 'cuda-cpp': 'cpp', rust: 'rust', go: 'go', java: 'java', julia: 'julia',
  matlab: 'matlab', octave: 'matlab', latex: 'latex', tex: 'latex', markdown: 'latex',
};

/**
 * The target for a document, or the candidates to choose from when it is ambiguous (a Python file importing
 * both NumPy and PyTorch, or a language with no target). `setting` is `partials.codegen.target`.
 */
export function codegenTargets(languageId: string, documentText: string, setting = 'auto'): TargetId[] {
  if (setting !== 'auto' && (TARGETS as readonly string[]).includes(setting)) return [setting as TargetId];
  if (languageId === 'python' || languageId === 'jupyter') {
    const torch = /^\s*(import\s+torch\b|from\s+torch\b)/m.test(documentText);
    const numpy = /^\s*(import\s+numpy\b|from\s+numpy\b)/m.test(documentText);
    if (torch && numpy) return ['pytorch', 'numpy', 'python'];
    if (torch) return ['pytorch'];
    if (numpy) return ['numpy'];
    return ['python'];
  }
  const t = BY_LANGUAGE[languageId];
  return t ? [t] : [...TARGETS];
}

/**
 * The language a document is in for the insert commands and the hover: VS Code opens `.m` files as Objective-C
 * unless a MATLAB extension is installed; one without Objective-C's `#import` / `@interface` is MATLAB/Octave.
 */
export function documentLanguage(languageId: string, fileName: string, documentText: string): string {
  if (languageId === 'objective-c' && /\.m$/i.test(fileName) && !/^\s*(#\s*(import|include)\b|@(interface|implementation|protocol)\b)/m.test(documentText)) return 'matlab';
  return languageId;
}

/** The document's import lines (`import jax.numpy as jnp`, `from torch import nn`): what the targets are told of the file. */
export function importLines(documentText: string): string {
  return (documentText.match(/^[ \t]*(?:import|from)[ \t]+[\w.]+.*$/gm) ?? []).join('\n');
}

/**
 * The vectorised target for a selection whose scalar target is `scalar` (undefined: none, scalar code only):
 * NumPy (JAX when the selection or the file uses jax.numpy), PyTorch, MATLAB/Octave, Julia, and Eigen for C++.
 */
export function tensorTargetFor(scalar: TargetId, documentText: string, selection: string): TensorTargetId | undefined {
  const jax = /\bjnp\s*\./.test(selection) || (/^\s*(import\s+jax\b|from\s+jax\b)/m.test(documentText) && !/\bnp\s*\./.test(selection));
  switch (scalar) {
    case 'numpy': case 'python': return jax ? 'jax' : 'numpy';
    case 'pytorch': return 'pytorch';
    case 'matlab': return 'matlab';
    case 'julia': return 'julia';
    case 'cpp': case 'c': return 'eigen';
    default: return undefined;
  }
}
