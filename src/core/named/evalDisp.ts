import { compareValues } from '../graph';
import type { Disp } from '../display';
import { FUNCTIONS } from '../functions';
import { children } from '../print';

/** The float64 value of a display tree with symbols bound by `scope` (NaN for an unbound name). */
export function evalDisp(root: Disp, scope: Readonly<Record<string, number>>): number {
  const memo = new Map<Disp, number>();
  const ev = (d: Disp, depth: number): number => {
    if (depth > 2000) throw new RangeError('display tree too deep to evaluate');
    const done = memo.get(d);
    if (done !== undefined) return done;
    const e = (x: Disp) => ev(x, depth + 1);
    let v: number;
    switch (d.k) {
      case 'num': v = d.v; break;
      case 'sym': v = d.constant ? (d.name === 'pi' ? Math.PI : d.name === 'e' ? Math.E : d.name === 'tau' ? 2 * Math.PI : (1 + Math.sqrt(5)) / 2)
        : Object.hasOwn(scope, d.name) ? scope[d.name] : NaN; break;
      case 'ref': v = Object.hasOwn(scope, d.name) ? scope[d.name] : NaN; break;
      case 'add': v = d.terms.reduce((s, t) => s + (t.neg ? -e(t.d) : e(t.d)), 0); break;
      case 'mul': v = d.num.reduce((s, x) => s * e(x), 1) / d.den.reduce((s, x) => s * e(x), 1); break;
      case 'neg': v = -e(d.d); break;
      case 'pow': v = Math.pow(e(d.base), e(d.exp)); break;
      case 'call': {
        const f = FUNCTIONS.get(d.name);
        v = f ? f.eval(d.args.map(e)) : NaN;
        break;
      }
      case 'cond': v = e(d.test) !== 0 ? e(d.then) : e(d.else); break;
      case 'cmp': v = compareValues(d.op, e(d.a), e(d.b)) ? 1 : 0; break;
      case 'logic': {
        const xs = d.args.map((x) => e(x) !== 0);
        v = (d.op === 'and' ? xs.every(Boolean) : d.op === 'or' ? xs.some(Boolean) : !xs[0]) ? 1 : 0;
        break;
      }
    }
    memo.set(d, v);
    return v;
  };
  return ev(root, 0);
}

/** Every symbol name in a display tree. */
export function symbolsOf(root: Disp): Set<string> {
  const out = new Set<string>();
  const seen = new Set<Disp>();
  const stack = [root];
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    if (d.k === 'sym' && !d.constant) out.add(d.name);
    stack.push(...children(d));
  }
  return out;
}
