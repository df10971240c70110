import type { Lang } from './languages';

/**
 * Guesses the language of a selection from its tell-tale spellings (a plain-text or Markdown document, or
 * 'auto'). Each cue adds weight to a language; without cues the text is read as plain math.
 */
const CUES: [RegExp, Lang, number][] = [
  [/\\(?:frac|dfrac|tfrac|sqrt|cdot|times|left|right|sin|cos|tan|exp|ln|log|alpha|beta|gamma|delta|theta|lambda|mu|sigma|pi|partial|operatorname|mathrm|tanh|max|min)\b/, 'latex', 6],
  [/[\^_]\{/, 'latex', 3],
  [/\*\*/, 'python', 3],
  [/^[^\S\n]*(?:def|import|from)\s/m, 'python', 6],
  [/\blambda\b[^:\n]*:/, 'python', 5],
  [/\b(?:np|numpy|torch|jnp|scipy|F)\.[a-z_]\w*\s*\(/, 'python', 4],
  [/\bmath\.[a-z_]\w*/, 'python', 4],
  [/\bif\b[^\n]*\belse\b/, 'python', 2],
  [/\b(?:and|or|not)\b/, 'python', 1],
  [/\bMath\.(?:pow|exp|log|sqrt|sin|cos|tan|abs|max|min|atan2|hypot|tanh|log1p|expm1|cbrt|sign|sinh|cosh|PI|E)\b/, 'javascript', 4],
  [/\b(?:const|let|var)\s+\w+\s*(?::\s*number\s*)?=/, 'javascript', 3],
  [/:\s*number\b|\bas\s+number\b/, 'typescript', 8],
  [/=>/, 'javascript', 3],
  [/\bfunction\s+\w+\s*\([^)]*\)\s*\{/, 'javascript', 4],
  [/\bMath\.(?:Pow|Exp|Log|Sqrt|Sin|Cos|Tan|Abs|Max|Min|Atan2|Tanh|Log10|Cbrt|Sign|Sinh|Cosh)\b|\bMathF\./, 'csharp', 9],
  [/\bmath\.(?:Pow|Exp|Log|Sqrt|Sin|Cos|Tan|Abs|Max|Min|Atan2|Tanh|Log1p|Expm1|Hypot|Pi|E|Erf|Sinh|Cosh)\b/, 'go', 10],
  [/:=/, 'go', 2],
  [/\bfunc\s+\w*\s*\(/, 'go', 6],
  [/\bfloat64\b/, 'go', 3],
  [/\blet\s+mut\b|\bfn\s+\w+\s*\(|\.(?:powi|powf|ln|ln_1p|exp_m1|recip|signum)\s*\(|_f64\b|\bf64\b|::consts::/, 'rust', 8],
  [/\.(?:sqrt|exp|sin|cos|abs|tanh)\(\)/, 'rust', 4],
  [/\bstd::|\bM_(?:PI|E|SQRT2|LN2)\b|#include|\b\d+\.\d*f\b|\b(?:expf|powf|sqrtf|logf|fabs|fabsf|tanhf)\s*\(/, 'cpp', 6],
  [/\b__(?:device|global|host)__\b|\b__(?:expf|logf|powf|fdividef)\s*\(/, 'cuda-cpp', 20],
  [/^[^\S\n]*(?:const\s+)?(?:double|float|auto|long double)\s+\w+\s*=/m, 'cpp', 4],
  [/\(double\)|\(float\)/, 'cpp', 3],
  [/\bpublic\s+static\b|\bfinal\s+double\b|\bprivate\s+static\b/, 'java', 8],
  [/\.\^|\.\*|\.\//, 'matlab', 3],
  [/\.\^|\.\*|\.\//, 'julia', 3],
  [/@\(\w/, 'matlab', 8],
  [/^[^\S\n]*%/m, 'matlab', 5],
  [/;\s*(?:%.*)?$/m, 'matlab', 1],
  [/^[^\S\n]*function\s+\w+\s*=/m, 'matlab', 8],
  [/\b\w+\.\(/, 'julia', 8],
  [/[π√ℯ]|::Float64|\bend\s*$|->/, 'julia', 5],
  [/^[^\S\n]*#/m, 'julia', 1],
  [/^[^\S\n]*#/m, 'python', 1],
];

export function detectLanguage(text: string): Lang {
  const score = new Map<Lang, number>();
  for (const [re, lang, w] of CUES) if (re.test(text)) score.set(lang, (score.get(lang) ?? 0) + w);
  // Java is C-like code that says Math.pow and declares doubles; JavaScript says Math.pow and let/const
  const js = score.get('javascript') ?? 0;
  if (js && /\b(?:double|float|int)\s+\w+\s*=/.test(text) && !/\b(?:const|let|var)\s/.test(text)) {
    score.set('java', (score.get('java') ?? 0) + js + 2);
  }
  if ((score.get('typescript') ?? 0) > 0) score.set('typescript', (score.get('typescript') ?? 0) + js);
  let best: Lang = 'math';
  let bestScore = 2;
  for (const [lang, s] of score) {
    if (s > bestScore) {
      best = lang;
      bestScore = s;
    }
  }
  return best;
}
