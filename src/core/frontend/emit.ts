/**
 * Builds normalised text piece by piece while remembering, for every character, the offset in the user's
 * text it stands for. Inserted glue (operators, brackets) maps to the end of what came before, so an
 * exclusive span end maps to the end of the user's construct and spans stay ordered.
 */
export class Emitter {
  text = '';
  private readonly origin: number[] = [];
  /** Where the user's text ends after this character, when it ends a construct (a name, a closing bracket). */
  private readonly ends: (number | undefined)[] = [];
  private lastEnd = 0;

  constructor(start = 0) {
    this.lastEnd = start;
  }

  /** Inserted text; every character stands for `at` (default: the end of the previous piece). */
  put(s: string, at = this.lastEnd, end?: number): void {
    for (let i = 0; i < s.length; i++) {
      this.origin.push(at);
      this.ends.push(i === s.length - 1 ? end : undefined);
    }
    this.text += s;
    if (end !== undefined) this.lastEnd = end;
  }

  /** Text standing for the user's range [start, end): characters map into that range in order. */
  piece(s: string, start: number, end: number): void {
    const last = Math.max(start, end - 1);
    for (let i = 0; i < s.length; i++) {
      this.origin.push(Math.min(start + i, last));
      this.ends.push(i === s.length - 1 ? end : Math.min(start + i + 1, end));
    }
    this.text += s;
    this.lastEnd = end;
  }

  /** Marks that the user's text up to `end` has been covered (closing brackets, dropped suffixes). */
  covered(end: number): void {
    this.lastEnd = Math.max(this.lastEnd, end);
  }


  /**
   * Offset in the normalised text → offset in the user's text. An offset right after a name, number or
   * closing bracket is an end, and maps to where that construct ends in the user's text; any other offset
   * maps to where its character came from.
   */
  map(): (offset: number) => number {
    const origin = this.origin.slice();
    const ends = this.ends.slice();
    const tail = this.lastEnd;
    return (i: number) => {
      if (i > 0 && i <= ends.length && ends[i - 1] !== undefined) return ends[i - 1]!;
      if (i >= 0 && i < origin.length) return origin[i];
      return i < 0 ? (origin[0] ?? 0) : tail;
    };
  }
}
