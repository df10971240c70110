import { Graph, type NodeId } from '../graph';
import { Displayer, type Disp } from '../display';
import { evaluate } from '../evaluate';
import { FUNCTIONS } from '../functions';
import { evalDisp } from '../named/evalDisp';
import { children, print } from '../print';
import { hashString, mulberry32 } from '../random';
import { BudgetExceeded, RationalSimplifier } from '../simplify/rational';
import type { TGraph, TNodeId } from './graph';
import { printTensor } from './print';

/**
 * Elementwise algebra in a tensor result, simplified by the scalar engine's rational simplifier. Entry by
 * entry, a region of elementwise operations (+ − ⊙ ⊘, powers, table functions) over same-shaped arrays and
 * scalars is an ordinary scalar expression in its leaves (the matrix products, broadcasts, reductions and
 * inputs it reads), so everything the scalar simplifier knows holds there: the logistic loss's
 * ((1 − y) ⊘ (1 − σ(u)) − y ⊘ σ(u)) ⊙ σ(u) ⊙ σ(−u) is σ(u) − y. A region is replaced only by a strictly
 * shorter form that agrees with it at random points (a rewrite that fails is dropped, never shown), and the
 * work is bounded and independent of the array sizes.
 */

const ELEMENTWISE = new Set(['add', 'sub', 'mul', 'div', 'neg', 'pow', 'fn']);
/** Regions with more operations than this are left as built (the simplifier's cost grows with them). */
const MAX_REGION = 120;
/** Term operations the rational simplifier may spend on one region. */
const REGION_BUDGET = 6_000;

/** Not a valid display name, so it never meets a function or constant name: the leaf's index. */
const leafName = (i: number) => `ℓ${i}`;

class Bail extends Error {}

/**
 * The length a person reads, without spaces, with every number counted as one character: the choice of form
 * must not depend on the array sizes (1/10 and 1/10000 are the same form), or the derivation's cost would.
 */
const measure = (text: string): number => text.replace(/\s+/g, '').replace(/\d+(?:\.\d+)?(?:e[-+]?\d+)?/g, '0').length;

/** Is n part of the elementwise region under r: an elementwise op of r's shape, or a scalar one? */
const inRegion = (tg: TGraph, n: TNodeId, r: TNodeId): boolean =>
  ELEMENTWISE.has(tg.op[n]) && (tg.isScalar(n) || tg.sameShape(n, r));

export function simplifyElementwise(tg: TGraph, root: TNodeId): TNodeId {
  const order = tg.reachable([root]); // children first
  const uses = new Map<TNodeId, number>();
  for (const n of order) for (const a of tg.args[n]) uses.set(a, (uses.get(a) ?? 0) + 1);
  const isRegionOp = (n: TNodeId) => ELEMENTWISE.has(tg.op[n]);
  // Region roots: elementwise nodes whose users are not elementwise over the same shape (or the root itself).
  const parentsOk = new Set<TNodeId>();
  for (const p of order) {
    if (!isRegionOp(p)) continue;
    for (const a of tg.args[p]) if (inRegion(tg, a, p) && (uses.get(a) ?? 0) === 1) parentsOk.add(a);
  }
  const cache = new Map<TNodeId, TNodeId>();
  const rebuild = (n: TNodeId): TNodeId => {
    const hit = cache.get(n);
    if (hit !== undefined) return hit;
    let out: TNodeId;
    // arrays only: a scalar part (an entry of [∂/∂x₁, ∂/∂x₂], a coefficient) keeps the form the constructors gave it,
    // as the user wrote it (−400 x₁(x₂ − x₁²) − 2(1 − x₁) for Rosenbrock's entries)
    if (isRegionOp(n) && !parentsOk.has(n) && tg.rank(n) > 0) out = simplifyRegion(tg, n, rebuild);
    else {
      const args = tg.args[n].map(rebuild);
      out = args.every((a, i) => a === tg.args[n][i]) ? n : tg.make(n, args);
    }
    cache.set(n, out);
    return out;
  };
  // Walk in id order so every rebuild call finds its arguments done (no deep recursion).
  for (const n of order) rebuild(n);
  return cache.get(root)!;
}

/** The region under r (elementwise nodes of r's shape or scalars, used only inside it) as one scalar expression. */
function simplifyRegion(tg: TGraph, r: TNodeId, rebuild: (n: TNodeId) => TNodeId): TNodeId {
  const leaves: TNodeId[] = [];
  const leafIndex = new Map<TNodeId, number>();
  const H = new Graph();
  const map = new Map<TNodeId, NodeId>();
  let ops = 0;
  const original = (): TNodeId => {
    // no simpler form: r rebuilt over its rebuilt arguments
    const args = tg.args[r].map(rebuild);
    return args.every((a, i) => a === tg.args[r][i]) ? r : tg.make(r, args);
  };
  // Collect the region (children first) with an explicit stack.
  const region: TNodeId[] = [];
  const seen = new Set<TNodeId>();
  const stack: [TNodeId, boolean][] = [[r, false]];
  while (stack.length) {
    const [n, expanded] = stack.pop()!;
    if (expanded) { region.push(n); continue; }
    if (seen.has(n)) continue;
    seen.add(n);
    const inside = n === r || inRegion(tg, n, r);
    if (!inside) {
      if (!leafIndex.has(n)) { leafIndex.set(n, leaves.length); leaves.push(n); }
      continue;
    }
    if (++ops > MAX_REGION) return original();
    stack.push([n, true]);
    for (const a of tg.args[n]) if (!seen.has(a)) stack.push([a, false]);
  }
  if (ops < 2 || leaves.length === 0) return original();
  // Small integers are the algebra's own (1 − σ, 2x); any other number (1/n at a point: 0.2 or 0.0002) stays an
  // opaque leaf, so the form chosen never depends on the array sizes
  // opaque leaf (its sign stays visible: −0.25 is −ℓ, so the simplifier can carry the sign into a sum), so the
  // form chosen never depends on the array sizes
  for (const [n, i] of leafIndex) {
    if (tg.op[n] !== 'num') map.set(n, H.variable(leafName(i)));
    else if (Number.isInteger(tg.val[n]) && Math.abs(tg.val[n]) <= 12) map.set(n, H.num(tg.val[n]));
    else if (tg.val[n] < 0) {
      leaves[i] = tg.num(-tg.val[n]);
      map.set(n, H.neg(H.variable(leafName(i))));
    } else map.set(n, H.variable(leafName(i)));
  }
  try {
    for (const n of region) {
      const a = tg.args[n].map((x) => map.get(x)!);
      switch (tg.op[n]) {
        case 'add': map.set(n, H.add(a[0], a[1])); break;
        case 'sub': map.set(n, H.sub(a[0], a[1])); break;
        case 'mul': map.set(n, H.mul(a[0], a[1])); break;
        case 'div': map.set(n, H.div(a[0], a[1])); break;
        case 'neg': map.set(n, H.neg(a[0])); break;
        case 'pow': map.set(n, H.pow(a[0], a[1])); break;
        case 'fn':
          // σ(u) before σ(−u): the simplifier writes σ(−u) as 1 − σ(u) over the atom it meets first, and the
          // forward pass computes σ(u)
          if (tg.name[n] === 'sigmoid' && H.op[a[0]] === 'neg') H.fn('sigmoid', [H.args[a[0]][0]]);
          map.set(n, H.fn(tg.name[n], a));
          break;
        default: return original();
      }
    }
  } catch {
    return original();
  }
  const h = map.get(r)!;
  // Sizes as a person reads them: each leaf counts as long as its own printed text.
  const leafLength = leaves.map((n) => Math.max(1, measure(tg.describe(n))));
  const sizes = new Map<Disp, number>();
  const size = (d: Disp): number => {
    let s = sizes.get(d);
    if (s === undefined) {
      s = measure(print(d, 'unicode'));
      const stack2 = [d];
      while (stack2.length) {
        const x = stack2.pop()!;
        if (x.k === 'sym' && x.name.startsWith('ℓ')) s += leafLength[Number(x.name.slice(1))] - x.name.length;
        stack2.push(...children(x));
      }
      sizes.set(d, s);
    }
    return s;
  };
  let simplified: Disp;
  try {
    simplified = new RationalSimplifier(H, REGION_BUDGET).displayNode(h, size);
  } catch (e) {
    if (e instanceof BudgetExceeded) return original();
    throw e;
  }
  // The scalar display as built (it already collects terms and coefficients) or rationally simplified, whichever
  // is shorter, back in matrix notation; it replaces the region only when its text is shorter than the region's own
  // by two characters at least: a tie or a character's gain is not worth losing the form the derivation built
  // (−2(X w − y) names the residual the forward pass computed; 2(y − X w) does not).
  const plain = new Displayer(H, [h]).of(h);
  const best = size(simplified) < size(plain) ? simplified : plain;
  if (!agrees(H, h, best, leaves.length, r)) return original();
  let out: TNodeId;
  try {
    out = fromDisp(tg, best, leaves.map(rebuild));
  } catch (e) {
    if (e instanceof Bail) return original();
    throw e;
  }
  if (!tg.shapeEquals(out, tg.shape(r))) out = tg.bcast(out, tg.shape(r));
  const kept = original();
  return measure(printTensor(tg, out, 'text')) <= measure(printTensor(tg, kept, 'text')) - 2 ? out : kept;
}

/** Does the simplified display equal the region at random points (finite values compared, at least two)? */
function agrees(H: Graph, h: NodeId, d: Disp, leaves: number, seed: number): boolean {
  const rand = mulberry32(hashString(`elementwise${seed}`));
  let compared = 0;
  for (let k = 0; k < 6 && compared < 3; k++) {
    const scope: Record<string, number> = {};
    for (let i = 0; i < leaves; i++) scope[leafName(i)] = (k % 2 ? -1 : 1) * (0.3 + 1.4 * rand());
    const want = evaluate(H, [h], scope)[h];
    if (!Number.isFinite(want)) continue;
    const got = evalDisp(d, scope);
    if (!(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)))) return false;
    compared++;
  }
  return compared >= 2;
}

/** The tensor nodes of a display tree over the region's leaves (ℓi → leaves[i]). */
function fromDisp(tg: TGraph, d: Disp, leaves: readonly TNodeId[]): TNodeId {
  const memo = new Map<Disp, TNodeId>();
  const go = (x: Disp): TNodeId => {
    const hit = memo.get(x);
    if (hit !== undefined) return hit;
    let out: TNodeId;
    switch (x.k) {
      case 'num': out = tg.num(x.v); break;
      case 'sym':
        if (!x.name.startsWith('ℓ')) throw new Bail();
        out = leaves[Number(x.name.slice(1))];
        break;
      case 'add': {
        out = -1;
        for (const t of x.terms) {
          const v = go(t.d);
          out = out < 0 ? (t.neg ? tg.neg(v) : v) : t.neg ? tg.sub(out, v) : tg.add(out, v);
        }
        if (out < 0) out = tg.num(0);
        break;
      }
      case 'mul': {
        let num = -1;
        for (const f of x.num) num = num < 0 ? go(f) : tg.mul(num, go(f));
        if (num < 0) num = tg.num(1);
        let den = -1;
        for (const f of x.den) den = den < 0 ? go(f) : tg.mul(den, go(f));
        out = den < 0 ? num : tg.div(num, den);
        break;
      }
      case 'neg': out = tg.neg(go(x.d)); break;
      case 'pow': out = tg.pow(go(x.base), go(x.exp)); break;
      case 'call':
        if (!FUNCTIONS.has(x.name)) throw new Bail();
        out = tg.fn(x.name, x.args.map(go));
        break;
      default: throw new Bail();
    }
    memo.set(x, out);
    return out;
  };
  return go(d);
}
