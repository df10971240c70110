/**
 * Builds normalised text piece by piece while remembering, for every character, the offset in the user's
 * text it stands for. Inserted glue (operators, brackets) maps to the end of what came before, so an
 * exclusive span end maps to the end of the user's construct and spans stay ordered.
 */
export class Emitter {
  text = '';
  private readonly origin: number[] = [];
  private lastEnd = 0;

  constructor(start = 0) {
    this.lastEnd = start;
  }

  /** Inserted text; every character stands for `at` (default: the end of the previous piece). */
  put(s: string, at = this.lastEnd): void {
    for (let i = 0; i < s.length; i++) this.origin.push(at);
    this.text += s;
  }

  /** Text standing for the user's range [start, end): characters map into that range in order. */
  piece(s: string, start: number, end: number): void {
    const last = Math.max(start, end - 1);
    for (let i = 0; i < s.length; i++) this.origin.push(Math.min(start + i, last));
    this.text += s;
    this.lastEnd = end;
  }

  /** Marks that the user's text up to `end` has been covered (closing brackets, dropped suffixes). */
  covered(end: number): void {
    this.lastEnd = Math.max(this.lastEnd, end);
  }

  setEnd(end: number): void {
    this.lastEnd = end;
  }

  get end(): number {
    return this.lastEnd;
  }

  /** Offset in the normalised text → offset in the user's text. */
  map(): (offset: number) => number {
    const origin = this.origin.slice();
    const tail = this.lastEnd;
    return (i: number) => (i >= 0 && i < origin.length ? origin[i] : i < 0 ? (origin[0] ?? 0) : tail);
  }
}
