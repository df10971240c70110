/** Language ids the front ends accept, their canonical names, and what each family's syntax means. */
export type Lang =
  | 'python' | 'javascript' | 'typescript' | 'c' | 'cpp' | 'cuda-cpp' | 'julia' | 'matlab'
  | 'rust' | 'go' | 'java' | 'csharp' | 'latex' | 'math';

export const LANGUAGES: readonly Lang[] = ['python', 'javascript', 'typescript', 'c', 'cpp', 'cuda-cpp', 'julia', 'matlab', 'rust', 'go', 'java', 'csharp', 'latex', 'math'];

/** Every id readSource accepts (VS Code language ids plus a few spellings); others are auto-detected. */
const CANONICAL: Record<string, Lang | 'auto' | 'markdown'> = {
  python: 'python', py: 'python', jupyter: 'python',
  javascript: 'javascript', js: 'javascript', javascriptreact: 'javascript', jsx: 'javascript',
  typescript: 'typescript', ts: 'typescript', typescriptreact: 'typescript', tsx: 'typescript',
  c: 'c', cpp: 'cpp', 'c++': 'cpp', cuda: 'cuda-cpp', 'cuda-cpp': 'cuda-cpp', cu: 'cuda-cpp',
  julia: 'julia', jl: 'julia', matlab: 'matlab', octave: 'matlab', m: 'matlab',
  rust: 'rust', rs: 'rust', go: 'go', golang: 'go', java: 'java', csharp: 'csharp', 'c#': 'csharp', cs: 'csharp',
  latex: 'latex', tex: 'latex', 'latex-expl3': 'latex', bibtex: 'latex',
  markdown: 'markdown', md: 'markdown', plaintext: 'auto', text: 'auto', auto: 'auto', '': 'auto',
  math: 'math', mathjs: 'math',
};

/** The canonical language for an id: a Lang, 'markdown' (math inside $…$), or 'auto' (detect). */
export function canonicalLanguage(id: string | undefined): Lang | 'auto' | 'markdown' {
  const key = (id ?? 'auto').toLowerCase();
  return Object.hasOwn(CANONICAL, key) ? CANONICAL[key] : 'auto'; // own keys: 'constructor' is not a language
}

export interface Syntax {
  lang: Lang;
  /** The power operator: '**' (Python, JS) or '^' (Julia, MATLAB); in the C family '^' is xor. */
  pow: '**' | '^' | 'none';
  /** Newlines end statements only when the statement is complete (the `;` languages). */
  semicolons: boolean;
  /** `x'` is a transpose. */
  transpose: boolean;
  /** `//` starts a comment (otherwise Python floor division, Julia rationals). */
  slashComment: boolean;
  /** `%` starts a comment (MATLAB); otherwise it is the remainder operator. */
  percentComment: boolean;
  /** Elementwise operators `.^ .* ./` and broadcasting calls `f.(x)`. */
  dots: boolean;
  /** A number directly followed by a name multiplies (Julia `2x`). */
  juxtapose: boolean;
}

export function syntaxOf(lang: Lang): Syntax {
  const cLike = ['c', 'cpp', 'cuda-cpp', 'rust', 'go', 'java', 'csharp'].includes(lang);
  const js = lang === 'javascript' || lang === 'typescript';
  return {
    lang,
    pow: lang === 'python' || js ? '**' : lang === 'julia' || lang === 'matlab' || lang === 'math' ? '^' : 'none',
    semicolons: cLike || js,
    transpose: lang === 'julia' || lang === 'matlab',
    slashComment: cLike || js,
    percentComment: lang === 'matlab',
    dots: lang === 'julia' || lang === 'matlab',
    juxtapose: lang === 'julia',
  };
}

/** C-style declarations put the parameter name last (`double x`); others first (`x: f64`, `x float64`). */
export function typeFirst(lang: Lang): boolean {
  return ['c', 'cpp', 'cuda-cpp', 'java', 'csharp'].includes(lang);
}
