/** Which code-generation target fits a document: its language, refined by the imports it has. Pure. */
import { TARGETS, type TargetId } from '../../core/codegen';

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
