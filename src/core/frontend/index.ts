import { PartialsError } from '../errors';
import { detectLanguage } from './detect';
import { canonicalLanguage, syntaxOf, type Lang } from './languages';
import { readLatex, readMarkdown } from './latex';
import { tokenize } from './lexer';
import { readMath } from './math';
import { parseCode } from './parser';
import { assemble } from './program';
import type { FrontEnd, FrontEndResult } from './types';
import { t } from '../l10n';

export type { Claim, FrontEnd, FrontEndResult } from './types';

/** Plain math: the text is already mathjs syntax. */
export const plainMath: FrontEnd = (source) => ({
  language: 'math',
  text: source,
  mapOffset: (i) => i,
  claims: [],
  values: {},
});

/** Reads a selection in the given language id (VS Code ids; 'auto', plain text and Markdown are detected). */
export function readSource(source: string, language?: string, options: ReadOptions = {}): FrontEndResult {
  const lang = canonicalLanguage(language);
  try {
    if (lang === 'markdown') return readMarkdown(source, readSource);
    if (lang === 'auto') {
      if (/\$[^$\n]+\$|\$\$|\\\(|\\\[|```/.test(source)) return readMarkdown(source, readSource);
      return readSource(source, detectLanguage(source), options);
    }
    return readIn(source, lang, options);
  } catch (e) {
    if (e instanceof PartialsError) throw e;
    // A front-end bug must still reach the user as a message, never as a crash.
    throw new PartialsError(t('Could not read the selection as {0}: {1}.', lang, (e as Error)?.message ?? e), 'parse');
  }
}

export interface ReadOptions {
  /** The name of the value a `return` gives when the selection has no function header (InspectRequest.returnName). */
  returnName?: string;
}

function readIn(source: string, lang: Lang, options: ReadOptions): FrontEndResult {
  if (lang === 'math') return readMath(source);
  if (lang === 'latex') return readLatex(source);
  const syn = syntaxOf(lang);
  const { stmts, aliases } = parseCode(tokenize(source, syn), syn, source);
  return assemble({ stmts, lang, source, aliases, ...(options.returnName ? { returnName: options.returnName } : {}) });
}

export { canonicalLanguage, LANGUAGES, type Lang } from './languages';
export { detectLanguage } from './detect';
export { documentValues, statementAt } from './document';
