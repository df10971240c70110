import type { TargetId } from './types';

/**
 * Which targets suit a document: by its VS Code language id, ordered by what the document imports
 * (a Python file that imports torch wants PyTorch first). More than one entry means "ask" (quick pick).
 */
export function targetsForLanguage(languageId: string, documentText = ''): TargetId[] {
  switch (languageId) {
    case 'python':
    case 'jupyter': {
      const torch = /^[^\S\n\r\u2028\u2029]*(import\s+torch|from\s+torch)\b/m.test(documentText);
      const numpy = /^[^\S\n\r\u2028\u2029]*(import\s+numpy|from\s+numpy)\b/m.test(documentText);
      if (torch) return ['pytorch', 'numpy', 'python'];
      if (numpy) return ['numpy', 'python', 'pytorch'];
      return ['python', 'numpy', 'pytorch'];
    }
    case 'javascript': case 'javascriptreact': return ['javascript'];
    case 'typescript': case 'typescriptreact': return ['typescript'];
    case 'c': return ['c'];
    case 'cpp': case 'cuda-cpp': return ['cpp'];
    case 'rust': return ['rust'];
    case 'go': return ['go'];
    case 'java': return ['java'];
    case 'julia': return ['julia'];
    case 'matlab': case 'octave': return ['matlab'];
    case 'latex': case 'tex': case 'markdown': return ['latex'];
    default: return ['python', 'numpy', 'pytorch', 'javascript', 'typescript', 'c', 'cpp', 'rust', 'go', 'java', 'julia', 'matlab', 'latex'];
  }
}
