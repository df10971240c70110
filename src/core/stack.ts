/**
 * Deep recursion without the call stack. A recursive function written as a generator yields the generator of
 * each recursive call instead of calling it (`const x = (yield this.child(n)) as T`); `run` drives them with an
 * explicit stack on the heap, so 10 000 (or 1 000 000) levels of nesting cost memory, never a stack overflow.
 * Creating a generator does not run it, so yielding one never recurses on the native stack.
 */
export type Rec<T> = Generator<Rec<any>, T, unknown>;

export function run<T>(root: Rec<T>): T {
  const stack: Rec<unknown>[] = [root];
  let value: unknown;
  for (;;) {
    const top = stack[stack.length - 1];
    const r = top.next(value);
    if (r.done) {
      stack.pop();
      value = r.value;
      if (!stack.length) return value as T;
    } else {
      stack.push(r.value);
      value = undefined;
    }
  }
}
