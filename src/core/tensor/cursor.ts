import { errorAt, type Span } from '../errors';
import { t as l10n } from '../l10n';

/** A token of the dialect readers: its kind, its text and its offsets in the user's text. */
export interface Tok { t: string; v: string; s: number; e: number }

/**
 * The token cursor the NumPy, MATLAB/Julia and Eigen readers share: look ahead, consume, expect a token, fail at
 * a token or span with its line and column, and the span from one token or node to another.
 */
export abstract class TokenCursor<T extends Tok> {
  protected i = 0;
  protected depth = 0;
  constructor(protected readonly src: string, protected readonly toks: T[]) {}

  protected peek(k = 0): T { return this.toks[Math.min(this.i + k, this.toks.length - 1)]; }
  protected next(): T { return this.toks[this.i++]; }
  protected fail(k: Tok | Span, msg: string, code: 'parse' | 'unsupported' = 'parse'): never {
    const sp = 's' in k ? { start: k.s, end: Math.max(k.e, k.s + 1) } : k;
    throw errorAt(this.src, sp, msg, code);
  }
  protected expect(t: string): T {
    const k = this.next();
    if (k.t !== t) this.fail(k, (k.t === 'eof' ? l10n("Expected '{0}' but the text ended.", t) : l10n("Expected '{0}' but found '{1}'.", t, k.v)));
    return k;
  }
  protected sp(a: { sp: Span } | Tok, b: { sp: Span } | Tok): Span {
    return { start: 'sp' in a ? a.sp.start : a.s, end: 'sp' in b ? b.sp.end : b.e };
  }
}
