import type { Graph, NodeId } from '../graph';

/**
 * Symbolic equivalence: is a − b identically 0? Both sides are expanded into a canonical sum of monomials
 * over "atoms" (variables, constants, function calls and non-polynomial powers, each keyed by the canonical
 * form of its arguments). Equal canonical forms prove equality by the ring axioms alone; anything the
 * expansion cannot see (trigonometric identities, cancelling non-monomial denominators) answers "not
 * proven", never "different" — the caller then compares numerically.
 */
interface Mono {
  coef: number;
  atoms: Map<string, number>;
}
type Poly = Map<string, Mono>;

const MAX_TERMS = 2000;
const MAX_EXPAND_POWER = 12;

class TooLarge extends Error {}

const monoKey = (atoms: Map<string, number>): string =>
  [...atoms.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, e]) => (e === 1 ? k : `${k}^${e}`)).join('*');

function polyKey(p: Poly): string {
  const keys = [...p.keys()].sort();
  return keys.map((k) => `${p.get(k)!.coef}${k ? `*${k}` : ''}`).join(' + ') || '0';
}

const constant = (c: number): Poly => (c === 0 ? new Map() : new Map([['', { coef: c, atoms: new Map() }]]));
const MAX_KEY_LENGTH = 100_000;
const atom = (key: string, e = 1): Poly => {
  // Keys embed their arguments' canonical forms: deep nesting would grow them without bound.
  if (key.length > MAX_KEY_LENGTH) throw new TooLarge();
  const atoms = new Map([[key, e]]);
  return new Map([[monoKey(atoms), { coef: 1, atoms }]]);
};

/** Coefficients cancel when they agree to a few ulps (they come from decimal literals). */
function addCoef(out: Poly, key: string, m: Mono, sign: number): void {
  const prev = out.get(key);
  if (!prev) {
    out.set(key, { coef: sign * m.coef, atoms: m.atoms });
    return;
  }
  const c = prev.coef + sign * m.coef;
  if (Math.abs(c) <= 1e-14 * Math.max(Math.abs(prev.coef), Math.abs(m.coef))) out.delete(key);
  else out.set(key, { coef: c, atoms: m.atoms });
}

function addPoly(a: Poly, b: Poly, sign = 1): Poly {
  const out: Poly = new Map(a);
  for (const [k, m] of b) addCoef(out, k, m, sign);
  if (out.size > MAX_TERMS) throw new TooLarge();
  return out;
}

function mulMono(a: Mono, b: Mono): Mono {
  const atoms = new Map(a.atoms);
  for (const [k, e] of b.atoms) {
    const s = (atoms.get(k) ?? 0) + e;
    if (s === 0) atoms.delete(k);
    else atoms.set(k, s);
  }
  return { coef: a.coef * b.coef, atoms };
}

function mulPoly(a: Poly, b: Poly): Poly {
  if (a.size * b.size > MAX_TERMS * 4) throw new TooLarge();
  const out: Poly = new Map();
  for (const x of a.values()) {
    for (const y of b.values()) {
      const m = mulMono(x, y);
      addCoef(out, monoKey(m.atoms), m, 1);
    }
  }
  if (out.size > MAX_TERMS) throw new TooLarge();
  return out;
}

const onlyMono = (p: Poly): Mono | undefined => (p.size === 1 ? p.values().next().value : undefined);

function invert(p: Poly): Poly {
  const m = onlyMono(p);
  if (m) {
    const atoms = new Map([...m.atoms].map(([k, e]) => [k, -e] as [string, number]));
    return new Map([[monoKey(atoms), { coef: 1 / m.coef, atoms }]]);
  }
  return atom(`(${polyKey(p)})`, -1);
}

function powInt(p: Poly, k: number): Poly {
  const m = onlyMono(p);
  if (m) {
    const atoms = new Map([...m.atoms].map(([a, e]) => [a, e * k] as [string, number]));
    return new Map([[monoKey(atoms), { coef: Math.pow(m.coef, k), atoms }]]);
  }
  if (k < 0) return atom(`(${polyKey(p)})`, k);
  if (k > MAX_EXPAND_POWER) return atom(`(${polyKey(p)})`, k);
  let out = constant(1);
  for (let i = 0; i < k; i++) out = mulPoly(out, p);
  return out;
}

const call = (name: string, args: Poly[]): Poly => atom(`${name}(${args.map(polyKey).join(', ')})`);
const neg = (p: Poly): Poly => addPoly(new Map(), p, -1);
const sum = (...ps: Poly[]): Poly => ps.reduce((x, y) => addPoly(x, y));
const prod = (...ps: Poly[]): Poly => ps.reduce((x, y) => mulPoly(x, y));
const powAtom = (base: Poly, e: number): Poly => atom(`(${polyKey(base)})^(${polyKey(constant(e))})`);
const GELU_C = 0.044715;

/**
 * A function call in canonical form. Functions the printers spell with mathjs built-ins (sigmoid as
 * 1/(1 + exp(−x)), softplus as log1p(exp(x)), relu as max(x, 0), …) are rewritten to those spellings, which
 * are identities, so a claim written either way expands to the same polynomial.
 */
function fnPoly(name: string, a: Poly[]): Poly {
  const [u, v] = a;
  switch (name) {
    case 'sigmoid': return invert(sum(constant(1), call('exp', [neg(u)])));
    case 'softplus': return fnPoly('log1p', [call('exp', [u])]);
    case 'log1p': return call('log', [sum(constant(1), u)]);
    case 'expm1': return sum(call('exp', [u]), constant(-1));
    case 'erfc': return sum(constant(1), neg(call('erf', [u])));
    case 'normcdf': return prod(constant(0.5), sum(constant(1), call('erf', [prod(u, powAtom(constant(2), -0.5))])));
    case 'sqrt': return powAtom(u, 0.5);
    case 'sech': return invert(call('cosh', [u])); // tanh′ = sech² in the engine: 1/cosh(x)^2 as users write it
    case 'sec': return invert(call('cos', [u]));
    case 'csc': return invert(call('sin', [u]));
    case 'relu': return call('max', [u, constant(0)]);
    case 'log': return a.length === 2 ? mulPoly(call('log', [u]), invert(call('log', [v]))) : call('log', [u]);
    case 'log2': return mulPoly(call('log', [u]), invert(call('log', [constant(2)])));
    case 'log10': return mulPoly(call('log', [u]), invert(call('log', [constant(10)])));
    case 'logsumexp': return a.length === 1 ? u : call('log', [sum(...a.map((x) => call('exp', [x])))]);
    case 'leakyRelu': return call('cond', [call('gt', [u, constant(0)]), u, mulPoly(v ?? constant(0.01), u)]);
    case 'gelu': {
      const c = powAtom(mulPoly(constant(2), invert(atom('#pi'))), 0.5);
      const inner = prod(c, sum(u, mulPoly(constant(GELU_C), powInt(u, 3))));
      return prod(constant(0.5), u, sum(constant(1), call('tanh', [inner])));
    }
    default: return call(name, a);
  }
}

/** Canonical polynomial of every node reachable from roots (memoised per node, iterative). */
class Normalizer {
  private readonly memo = new Map<NodeId, Poly>();
  constructor(private readonly g: Graph) {}

  of(root: NodeId): Poly {
    for (const n of this.g.reachable([root])) if (!this.memo.has(n)) this.memo.set(n, this.build(n));
    return this.memo.get(root)!;
  }

  private build(n: NodeId): Poly {
    const g = this.g;
    const a = g.args[n].map((x) => this.memo.get(x)!);
    const key = (i: number) => polyKey(a[i]);
    switch (g.op[n]) {
      case 'num': return constant(g.val[n]);
      case 'const': return atom(`#${g.name[n]}`);
      case 'var': return atom(`$${g.name[n]}`);
      case 'add': return addPoly(a[0], a[1]);
      case 'sub': return addPoly(a[0], a[1], -1);
      case 'neg': return addPoly(new Map(), a[0], -1);
      case 'mul': return mulPoly(a[0], a[1]);
      case 'div': {
        if (a[1].size === 0) return atom(`(${key(0)})/0`);
        return mulPoly(a[0], invert(a[1]));
      }
      case 'pow': {
        const e = onlyMono(a[1]);
        if (a[1].size === 0) return constant(1);
        if (e && e.atoms.size === 0 && Number.isInteger(e.coef)) return powInt(a[0], e.coef);
        return atom(`(${key(0)})^(${key(1)})`);
      }
      case 'fn': return fnPoly(g.name[n], a);
      default: return call(g.op[n], a);
    }
  }
}

/** True when a and b are proven equal: the same node, or the same canonical expansion. */
export function provenEqual(g: Graph, a: NodeId, b: NodeId): boolean {
  if (a === b) return true;
  try {
    const norm = new Normalizer(g);
    return addPoly(norm.of(a), norm.of(b), -1).size === 0;
  } catch (e) {
    if (e instanceof TooLarge || e instanceof RangeError) return false;
    throw e;
  }
}
