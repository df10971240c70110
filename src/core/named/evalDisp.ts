import { compareValues } from '../graph';
import type { Disp } from '../display';
import { FUNCTIONS } from '../functions';
import { children } from '../print';

/**
 * The float64 value of a display tree with symbols bound by `scope` (NaN for an unbound name). `memo` holds the
 * values of subtrees already evaluated at this scope: a caller that checks many trees sharing their parts at the
 * same scope passes one (trees are never changed once built).
 */
export function evalDisp(root: Disp, scope: Readonly<Record<string, number>>, memo = new Map<Disp, number>()): number {
  return ev(root, 0, scope, memo);
}

function ev(d: Disp, depth: number, scope: Readonly<Record<string, number>>, memo: Map<Disp, number>): number {
  if (depth > 2000) throw new RangeError('display tree too deep to evaluate');
  const done = memo.get(d);
  if (done !== undefined) return done;
  const next = depth + 1;
  let v: number;
  switch (d.k) {
    case 'num': v = d.v; break;
    case 'sym': v = d.constant ? (d.name === 'pi' ? Math.PI : d.name === 'e' ? Math.E : d.name === 'tau' ? 2 * Math.PI : (1 + Math.sqrt(5)) / 2)
      : Object.hasOwn(scope, d.name) ? scope[d.name] : NaN; break;
    case 'ref': v = Object.hasOwn(scope, d.name) ? scope[d.name] : NaN; break;
    case 'add': {
      v = 0;
      for (const t of d.terms) {
        const x = ev(t.d, next, scope, memo);
        v += t.neg ? -x : x;
      }
      break;
    }
    case 'mul': {
      let num = 1;
      for (const x of d.num) num *= ev(x, next, scope, memo);
      let den = 1;
      for (const x of d.den) den *= ev(x, next, scope, memo);
      v = num / den;
      break;
    }
    case 'neg': v = -ev(d.d, next, scope, memo); break;
    case 'pow': v = Math.pow(ev(d.base, next, scope, memo), ev(d.exp, next, scope, memo)); break;
    case 'call': {
      const f = FUNCTIONS.get(d.name);
      if (!f) { v = NaN; break; }
      const args: number[] = [];
      for (const a of d.args) args.push(ev(a, next, scope, memo));
      v = f.eval(args);
      break;
    }
    case 'cond': v = ev(d.test, next, scope, memo) !== 0 ? ev(d.then, next, scope, memo) : ev(d.else, next, scope, memo); break;
    case 'cmp': v = compareValues(d.op, ev(d.a, next, scope, memo), ev(d.b, next, scope, memo)) ? 1 : 0; break;
    case 'logic': {
      const xs = d.args.map((x) => ev(x, next, scope, memo) !== 0);
      v = (d.op === 'and' ? xs.every(Boolean) : d.op === 'or' ? xs.some(Boolean) : !xs[0]) ? 1 : 0;
      break;
    }
  }
  memo.set(d, v);
  return v;
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
