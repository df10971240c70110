import { asFraction, type Disp } from '../display';
import { FUNCTIONS } from '../functions';
import type { CompareOp, Graph, NodeId } from '../graph';

/**
 * A simplifier that finds what a person finds: every node of a graph becomes a rational function over
 * "atoms" (variables and the calls, roots and branches that are not polynomial), with monomials that may carry
 * negative and fractional exponents (Laurent–Puiseux monomials: `T/√T` is `T^{1/2}`, `(√t)³` is `t^{3/2}`).
 * Sums are collected, products expanded (within a budget), denominators kept as a product of primitive
 * polynomial factors that cancel against the numerator by exact multivariate division (the gcd over the atoms
 * that these expressions need), and Pythagorean identities (`1 + cot² = csc²`, `sin² + cos² = 1`) applied.
 *
 * Every result is a display tree (`Disp`); callers check it numerically against the original before showing it.
 * Work is bounded by a deterministic budget of term operations (not wall time: the same input always gives the
 * same output); over budget, `BudgetExceeded` is thrown and the caller falls back.
 */

export class BudgetExceeded extends Error {}

type Mono = Map<NodeId, number>;
interface PTerm { c: number; m: Mono }
/** Terms keyed by their monomial. */
export type Poly = Map<string, PTerm>;
interface Factor { p: Poly; e: number; key: string }
/** num / Π factors^e: the numerator may hold negative exponents; factors are primitive polynomials (≥ 2 terms). */
export interface Rat { num: Poly; den: Factor[] }

const EPS = 1e-12;
/** Above this many terms a product is not expanded: the node becomes an atom. */
const MAX_TERMS = 64;

const monoKey = (m: Mono): string => {
  if (m.size === 0) return '';
  const atoms = Array.from(m.keys());
  if (atoms.length > 1) atoms.sort((a, b) => a - b);
  let key = `${atoms[0]}^${m.get(atoms[0])}`;
  for (let i = 1; i < atoms.length; i++) key += `*${atoms[i]}^${m.get(atoms[i])}`;
  return key;
};
/** A rational function's value with its terms in their order (a tie between two scales goes to the first term's). */
const ratKey = (r: Rat): string => {
  let key = '';
  for (const [k, t] of r.num) key += `${t.c}:${k}+`;
  for (const f of r.den) key += `|${f.key}^${f.e}`;
  return key;
};
/** polyKey's answers by polynomial: a polynomial is never changed once built (every operation makes a new one). */
const polyKeys = new WeakMap<Poly, string>();
const polyKey = (p: Poly): string => {
  let key = polyKeys.get(p);
  if (key === undefined) {
    // The monomials' keys in code-unit order (sort()'s own order), each with its coefficient.
    const keys = Array.from(p.keys()).sort();
    key = '';
    for (let i = 0; i < keys.length; i++) key += `${i ? '+' : ''}${p.get(keys[i])!.c}:${keys[i]}`;
    polyKeys.set(p, key);
  }
  return key;
};

function constPoly(c: number): Poly {
  return c === 0 ? new Map() : new Map([['', { c, m: new Map() }]]);
}

function mulMono(a: Mono, b: Mono, sign = 1): Mono {
  const out = new Map(a);
  for (const [x, e] of b) {
    const s = roundExp((out.get(x) ?? 0) + sign * e);
    if (s === 0) out.delete(x);
    else out.set(x, s);
  }
  return out;
}

function roundExp(e: number): number {
  const r = Math.round(e * 360) / 360;
  return Math.abs(r - e) < 1e-9 ? r : e;
}

/** The total degree of a monomial (absolute exponents summed, in the map's order). */
function monoDegree(m: Mono): number {
  let d = 0;
  for (const e of m.values()) d += Math.abs(e);
  return d;
}

/** Each polynomial's leading term (lexCompare's greatest, the first of equals), found once per polynomial. */
const leads = new WeakMap<Poly, PTerm>();
function leadingTerm(p: Poly): PTerm | undefined {
  let top = leads.get(p);
  if (top === undefined) {
    for (const t of p.values()) if (!top || lexCompare(t.m, top.m) > 0) top = t;
    if (top) leads.set(p, top);
  }
  return top;
}

/** Lexicographic monomial order (smaller atom id first, higher exponent first): positive when a > b. */
function lexCompare(a: Mono, b: Mono): number {
  // The difference at the smallest atom where the exponents differ (no sorting, no copies: it runs per term pair).
  let at = Infinity;
  let diff = 0;
  for (const [x, e] of a) {
    if (x >= at) continue;
    const d = e - (b.get(x) ?? 0);
    if (d !== 0) { at = x; diff = d; }
  }
  for (const [x, e] of b) {
    if (x >= at || a.has(x)) continue;
    if (e !== 0) { at = x; diff = -e; }
  }
  return diff;
}

/** A coefficient without the arithmetic's round-off (0.33967500000000006): 12 significant digits when within 1e-12. */
function tidy(a: number): number {
  if (asFraction(a)) return a;
  const short = Number(a.toPrecision(12));
  return Math.abs(short - a) <= 1e-12 * Math.abs(a) ? short : a;
}

/** Characters of a coefficient written as a decimal factor (`0.7*`), Infinity when not a short decimal. */
function decimalLength(a: number): number {
  const t = String(a);
  return /e/.test(t) ? Infinity : t.length + 1;
}

/** Characters of a coefficient p/q written as a fraction around a factor (`7*…/10`, `…/2`). */
function fractionLength([p, q]: [number, number]): number {
  return (Math.abs(p) === 1 ? 0 : String(Math.abs(p)).length + 1) + 1 + String(q).length;
}

/** coefLength's answers by coefficient (a pure function, asked for the same few values again and again). */
const coefLengths = new Map<number, number>();

/** Characters a coefficient costs in front of its monomial (0 for 1). */
function coefLength(c: number): number {
  let n = coefLengths.get(c);
  if (n === undefined) {
    if (coefLengths.size >= 4096) coefLengths.clear();
    n = coefLengthUncached(c);
    coefLengths.set(c, n);
  }
  return n;
}

function coefLengthUncached(c: number): number {
  const a = tidy(Math.abs(c));
  if (a === 1) return 0;
  const frac = asFraction(a);
  return Math.min(decimalLength(a), frac ? (frac[1] === 1 ? String(frac[0]).length + 1 : fractionLength(frac)) : Infinity, String(a).length + 1);
}

function scalePoly(p: Poly, k: number): Poly {
  if (k === 1) return p;
  const out: Poly = new Map();
  for (const [key, t] of p) out.set(key, { c: t.c * k, m: t.m });
  return out;
}

/**
 * The factor k (p's leading coefficient is 1) at which k·p has the shortest coefficients: 1, the scale it was
 * written at, the reciprocal of one of its coefficients, or the common denominator of its fractions (x + 1/2 → 2x + 1).
 */
function niceScale(p: Poly, written = 1): number {
  if (p.size < 2) return 1;
  const terms = [...p.values()];
  // 1, and the scale the sum was written at (its coefficients as they came).
  const candidates = new Set<number>([1, Math.abs(written)]);
  let lcm = 1;
  for (const t of terms) {
    const a = Math.abs(t.c);
    if (a !== 0 && Number.isFinite(1 / a)) candidates.add(tidy(1 / a));
    const frac = asFraction(tidy(a));
    if (frac) lcm = lcm * frac[1] / gcd(lcm, frac[1]);
  }
  if (lcm <= 1000) candidates.add(lcm);
  let best = 1;
  let bestCost = Infinity;
  for (const k of candidates) {
    const cost = terms.reduce((s, t) => s + coefLength(t.c * k), 0) + (k === 1 ? 0 : 0.5);
    if (cost < bestCost) { best = k; bestCost = cost; }
  }
  return best;
}

/**
 * Sum factors with some of them negated (an odd number negates the coefficient too) so that as many as possible
 * read as a person writes them: a positive constant (1 − p, not p − 1), the latest-defined name positive (p − y: a
 * name is a later atom than the inputs), and a positive coefficient in front.
 */
function orient(sums: Poly[], coef: number): { sums: Poly[]; negate: boolean } {
  if (sums.length === 0 || sums.length > 4) return { sums, negate: false };
  const score = (p: Poly, sign: number): number => {
    let constant = 0;
    let latest: PTerm | undefined;
    let latestAtom = -1;
    for (const t of p.values()) {
      if (t.m.size === 0) constant = sign * t.c > 0 ? 2 : 0; // 1 − p over p − 1 first
      for (const x of t.m.keys()) if (x > latestAtom) { latestAtom = x; latest = t; }
    }
    return constant + (latest && sign * latest.c > 0 ? 1 : 0);
  };
  let best = 0;
  let bestScore = -1;
  for (let mask = 0; mask < 1 << sums.length; mask++) {
    let bits = 0;
    for (let i = 0; i < sums.length; i++) if (mask & (1 << i)) bits++;
    const total = sums.reduce((t, p, i) => t + score(p, mask & (1 << i) ? -1 : 1), 0) + ((bits % 2 ? -coef : coef) > 0 ? 1 : 0);
    if (total > bestScore) { best = mask; bestScore = total; }
  }
  let bits = 0;
  for (let i = 0; i < sums.length; i++) if (best & (1 << i)) bits++;
  return { sums: sums.map((p, i) => (best & (1 << i) ? scalePoly(p, -1) : p)), negate: bits % 2 === 1 };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class RationalSimplifier {
  private readonly rats = new Map<NodeId, Rat>();
  private readonly atomDisp = new Map<NodeId, Disp>();
  private budget: number;
  /** Sums met while building (primitive, small): tried as factors of a result's numerator. */
  private readonly sums = new Map<string, Poly>();
  /** The 12 largest of them, largest first (until another sum is met). */
  private largestSums?: Poly[];
  /** Definitions (name atom → its polynomial) folded back into the name wherever they occur. */
  private readonly definitions: { atom: NodeId; rat: Rat }[] = [];

  /** σ(u) atoms by their argument's polynomial: σ(−u) is then 1 − σ(u). */
  private readonly sigmoids = new Map<string, NodeId>();
  /** The printer's measure of the display under way (display()), and the atoms of the result on display. */
  private size?: (d: Disp) => number;
  private present = new Set<NodeId>();

  /**
   * `budget`: term operations; past it the work ends (BudgetExceeded). Counted work, not wall time: the same input
   * gives the same form however loaded the machine is.
   */
  constructor(private readonly g: Graph, budget = 40_000) {
    this.budget = budget;
  }

  private spend(n = 1): void {
    this.budget -= n;
    if (this.budget < 0) throw new BudgetExceeded('simplification budget exceeded');
  }

  /** `atom` (a name) is defined as node `def`: occurrences of the definition's terms are written as the name. */
  define(atom: NodeId, def: NodeId): void {
    const rat = this.of(def);
    const terms = [...rat.num.values()];
    // A constant, a bare atom or a single term without two factors would be found everywhere: not folded.
    const foldable = terms.length >= 2 ? terms.some((t) => t.m.size > 0) : terms.length === 1 && terms[0].m.size >= 2;
    if (rat.den.length === 0 && foldable && !this.isPlainAtom(rat.num)) this.definitions.push({ atom, rat });
  }

  private isPlainAtom(p: Poly): boolean {
    if (p.size !== 1) return false;
    const t = [...p.values()][0];
    return t.c === 1 && t.m.size === 1 && [...t.m.values()][0] === 1;
  }

  // ---- node → rational function (ascending ids: no recursion) ------------------------------------------

  of(root: NodeId): Rat {
    const done = this.rats.get(root);
    if (done) return done;
    for (const n of this.g.reachable([root])) if (!this.rats.has(n)) this.rats.set(n, this.build(n));
    return this.rats.get(root)!;
  }

  private atom(n: NodeId): Rat {
    return { num: new Map([[`${n}^1`, { c: 1, m: new Map([[n, 1]]) }]]), den: [] };
  }

  private build(n: NodeId): Rat {
    const g = this.g;
    const a = g.args[n];
    this.spend();
    switch (g.op[n]) {
      case 'num': return { num: constPoly(g.val[n]), den: [] };
      case 'add': case 'sub': {
        const sum = this.add(this.rats.get(a[0])!, this.rats.get(a[1])!, g.op[n] === 'add' ? 1 : -1);
        if (sum.den.length === 0 && sum.num.size >= 2 && sum.num.size <= 8) {
          const { rest } = this.content(sum.num);
          if (rest.size >= 2) {
            this.sums.set(polyKey(rest), rest);
            // Displays try these sums as factors: one worked out before may read otherwise now.
            this.largestSums = undefined;
            this.displays.clear();
          }
        }
        return sum;
      }
      case 'neg': return this.scale(this.rats.get(a[0])!, -1);
      case 'mul': return this.mul(this.rats.get(a[0])!, this.rats.get(a[1])!) ?? this.atom(n);
      case 'div': return this.mul(this.rats.get(a[0])!, this.inverse(this.rats.get(a[1])!, a[1])) ?? this.atom(n);
      case 'pow': {
        const k = g.numeric(a[1]);
        if (k === undefined || g.op[a[1]] !== 'num') return this.atom(n);
        return this.power(this.rats.get(a[0])!, k) ?? this.rootOf(a[0], k) ?? this.atom(n);
      }
      case 'fn': {
        const name = g.name[n];
        if (name === 'sqrt') return this.power(this.rats.get(a[0])!, 0.5) ?? this.rootOf(a[0], 0.5) ?? this.atom(n);
        if (name === 'cbrt') return this.power(this.rats.get(a[0])!, 1 / 3) ?? this.rootOf(a[0], 1 / 3) ?? this.atom(n);
        // Constant folding: a call of numbers is its value when that value is short (|1/10| → 1/10).
        const vals = a.map((m) => this.constantOf(this.rats.get(m)!));
        if (vals.every((v) => v !== undefined)) {
          const v = FUNCTIONS.get(name)?.eval(vals as number[]);
          if (v !== undefined && Number.isFinite(v) && (Number.isInteger(v) || asFraction(v))) return { num: constPoly(v), den: [] };
        }
        if (name === 'log' && g.op[a[0]] === 'fn' && g.name[a[0]] === 'exp') return this.rats.get(g.args[a[0]][0])!;
        if (name === 'sigmoid') {
          // σ(−u) = 1 − σ(u): σ′ = σ(u) σ(−u) reads as σ(u) (1 − σ(u)) once σ(u) is there.
          const arg = this.rats.get(a[0])!;
          if (arg.den.length === 0 && arg.num.size > 0) {
            const partner = this.sigmoids.get(polyKey(scalePoly(arg.num, -1)));
            if (partner !== undefined) return this.add({ num: constPoly(1), den: [] }, this.atom(partner), -1);
            if (!this.sigmoids.has(polyKey(arg.num))) this.sigmoids.set(polyKey(arg.num), n);
          }
        }
        return this.atom(n);
      }
      default: return this.atom(n);
    }
  }

  /** A sum to a positive fractional power: an atom (the sum) with that exponent, so √u · √u is u. */
  private rootOf(base: NodeId, k: number): Rat | undefined {
    if (Number.isInteger(k) || k <= 0 || k > 1) return undefined;
    return { num: new Map([[`${base}^${k}`, { c: 1, m: new Map([[base, k]]) }]]), den: [] };
  }

  private constantOf(r: Rat): number | undefined {
    if (r.den.length) return undefined;
    if (r.num.size === 0) return 0;
    const t = [...r.num.values()];
    return t.length === 1 && t[0].m.size === 0 ? t[0].c : undefined;
  }

  // ---- arithmetic -----------------------------------------------------------------------------------

  private polyAdd(x: Poly, y: Poly, sign: number): Poly {
    const out: Poly = new Map(x);
    for (const [k, t] of y) {
      this.spend();
      const c = (out.get(k)?.c ?? 0) + sign * t.c;
      const scale = Math.max(Math.abs(out.get(k)?.c ?? 0), Math.abs(t.c));
      if (Math.abs(c) <= EPS * scale) out.delete(k);
      else out.set(k, { c, m: t.m });
    }
    return out;
  }

  private polyMul(x: Poly, y: Poly): Poly | undefined {
    if (x.size * y.size > MAX_TERMS * 4) return undefined;
    let out: Poly = new Map();
    for (const s of x.values()) {
      const part: Poly = new Map();
      for (const t of y.values()) {
        this.spend();
        const m = mulMono(s.m, t.m);
        part.set(monoKey(m), { c: s.c * t.c, m });
      }
      out = this.polyAdd(out, part, 1);
    }
    return out.size > MAX_TERMS ? undefined : out;
  }

  private scale(r: Rat, c: number): Rat {
    const num: Poly = new Map();
    if (c !== 0) for (const [k, t] of r.num) num.set(k, { c: t.c * c, m: t.m });
    return { num, den: c === 0 ? [] : r.den };
  }

  add(x: Rat, y: Rat, sign: number): Rat {
    if (x.den.length === 0 && y.den.length === 0) return this.collect({ num: this.polyAdd(x.num, y.num, sign), den: [] });
    // Common denominator: the union of factors, each at its higher power.
    const den = new Map<string, Factor>();
    for (const f of [...x.den, ...y.den]) {
      const prev = den.get(f.key);
      if (!prev || prev.e < f.e) den.set(f.key, f);
    }
    const widen = (r: Rat): Poly | undefined => {
      let num: Poly | undefined = r.num;
      for (const f of den.values()) {
        const have = r.den.find((h) => h.key === f.key)?.e ?? 0;
        for (let i = have; i < f.e && num; i++) num = this.polyMul(num, f.p);
      }
      return num;
    };
    const nx = widen(x), ny = widen(y);
    if (!nx || !ny) throw new BudgetExceeded('sum too large');
    return this.cancel({ num: this.polyAdd(nx, ny, sign), den: [...den.values()] });
  }

  mul(x: Rat, y: Rat): Rat | undefined {
    const num = this.polyMul(x.num, y.num);
    if (!num) return undefined;
    const den = new Map<string, Factor>();
    for (const f of [...x.den, ...y.den]) {
      const prev = den.get(f.key);
      den.set(f.key, prev ? { ...f, e: prev.e + f.e } : f);
    }
    return this.cancel({ num, den: [...den.values()] });
  }

  /** 1/r: the numerator's content (coefficient and monomial) inverts exactly; the rest becomes a factor. */
  private inverse(r: Rat, node: NodeId): Rat {
    if (r.num.size === 0) return { num: new Map([[`${node}^-1`, { c: 1, m: new Map([[node, -1]]) }]]), den: [] };
    const { c, m, rest } = this.content(r.num);
    let num: Poly = new Map([[monoKey(mulMono(new Map(), m, -1)), { c: 1 / c, m: mulMono(new Map(), m, -1) }]]);
    for (const f of r.den) for (let i = 0; i < f.e; i++) num = this.polyMul(num, f.p) ?? (() => { throw new BudgetExceeded('inverse'); })();
    if (rest.size === 1) return { num, den: [] };
    return this.cancel({ num, den: [this.factor(rest)] });
  }

  private factor(p: Poly, e = 1): Factor {
    return { p, e, key: polyKey(p) };
  }

  /**
   * p = c · m · rest with rest primitive: its monomial content removed and its leading coefficient 1 (so p and −p
   * give the same factor).
   */
  private content(p: Poly): { c: number; m: Mono; rest: Poly } {
    const terms = [...p.values()];
    const m: Mono = new Map();
    const atoms = new Set(terms.flatMap((t) => [...t.m.keys()]));
    for (const x of atoms) {
      const min = Math.min(...terms.map((t) => t.m.get(x) ?? 0));
      if (min !== 0) m.set(x, min);
    }
    const lead = leadingTerm(p)!;
    const c = lead.c;
    const rest: Poly = new Map();
    for (const t of terms) {
      const mm = mulMono(t.m, m, -1);
      rest.set(monoKey(mm), { c: t.c / c, m: mm });
    }
    return { c, m, rest };
  }

  private power(r: Rat, k: number): Rat | undefined {
    if (k === 1) return r;
    if (r.num.size === 0) return k > 0 ? r : undefined;
    const terms = [...r.num.values()];
    if (r.den.length === 0 && terms.length === 1) {
      const t = terms[0];
      if (t.c < 0 && !Number.isInteger(k)) return undefined;
      // √5 stays a root rather than becoming 2.2360679…
      const c = Math.pow(t.c, k);
      if (!Number.isInteger(k) && !Number.isInteger(c) && !asFraction(c)) return undefined;
      const m: Mono = new Map();
      // (x^a)^k = x^(a k) only where it is an identity: integer k, or a positive base power (√(x²) is |x|).
      for (const [x, e] of t.m) {
        if (!Number.isInteger(k) && !(Number.isInteger(e) && e % 2 === 1) && !(e > 0 && !Number.isInteger(e))) return undefined;
        m.set(x, roundExp(e * k));
      }
      return { num: new Map([[monoKey(m), { c, m }]]), den: [] };
    }
    if (!Number.isInteger(k) || Math.abs(k) > 6) return undefined;
    let out: Rat = { num: constPoly(1), den: [] };
    for (let i = 0; i < Math.abs(k); i++) {
      const next = this.mul(out, r);
      if (!next) return undefined;
      out = next;
    }
    return k < 0 ? this.inverseRat(out) : out;
  }

  private inverseRat(r: Rat): Rat | undefined {
    if (r.num.size === 0) return undefined;
    const { c, m, rest } = this.content(r.num);
    let num: Poly = new Map([[monoKey(mulMono(new Map(), m, -1)), { c: 1 / c, m: mulMono(new Map(), m, -1) }]]);
    for (const f of r.den) {
      for (let i = 0; i < f.e; i++) {
        const next = this.polyMul(num, f.p);
        if (!next) return undefined;
        num = next;
      }
    }
    return this.cancel({ num, den: rest.size === 1 ? [] : [this.factor(rest)] });
  }

  /** Divides the numerator by each denominator factor while the division is exact. */
  private cancel(r: Rat): Rat {
    const den: Factor[] = [];
    let num = r.num;
    for (const f of r.den) {
      let e = f.e;
      while (e > 0 && num.size > 0) {
        const q = this.divide(num, f.p);
        if (!q) break;
        num = q;
        e--;
      }
      if (num.size === 0) return { num, den: [] };
      if (e > 0) den.push({ ...f, e });
    }
    return this.collect({ num, den });
  }

  /** divide()'s answers by the two polynomials' keys: displaying a result tries the same divisions again. */
  private readonly quotients = new Map<string, Poly | undefined>();

  /** Exact division of polynomials (negative exponents of the numerator are cleared first), else undefined. */
  private divide(n: Poly, f: Poly): Poly | undefined {
    const key = `${polyKey(n)}/${polyKey(f)}`;
    if (this.quotients.has(key)) return this.quotients.get(key);
    const q = this.divideUncached(n, f);
    this.quotients.set(key, q);
    return q;
  }

  private divideUncached(n: Poly, f: Poly): Poly | undefined {
    const fTerms = [...f.values()];
    const lead = leadingTerm(f)!;
    const clear: Mono = new Map();
    for (const t of n.values()) for (const [x, e] of t.m) if (e < 0 && e < (clear.get(x) ?? 0)) clear.set(x, e);
    // The first step's test without the copy below: n's leading term (the order is the same once cleared) must be
    // a multiple of f's, else no division (the same work counted as the loop's first step).
    if (n.size > 0) {
      const top = leadingTerm(n);
      for (const [x, e] of lead.m) {
        const c = clear.get(x);
        if ((c === undefined ? top!.m.get(x) ?? 0 : roundExp((top!.m.get(x) ?? 0) - c)) < e - 1e-12) {
          this.spend(n.size);
          return undefined;
        }
      }
    }
    let rest: Poly = new Map();
    for (const t of n.values()) {
      const m = mulMono(t.m, clear, -1);
      rest.set(monoKey(m), { c: t.c, m });
    }
    const q: Poly = new Map();
    for (let iter = 0; rest.size > 0; iter++) {
      if (iter > 4 * MAX_TERMS) return undefined;
      this.spend(rest.size);
      const t = [...rest.values()].reduce((best, u) => (lexCompare(u.m, best.m) > 0 ? u : best));
      for (const [x, e] of lead.m) if ((t.m.get(x) ?? 0) < e - 1e-12) return undefined;
      const m = mulMono(t.m, lead.m, -1);
      const c = t.c / lead.c;
      const qm = mulMono(m, clear);
      q.set(monoKey(qm), { c: (q.get(monoKey(qm))?.c ?? 0) + c, m: qm });
      const sub: Poly = new Map();
      for (const u of fTerms) {
        const mm = mulMono(u.m, m);
        sub.set(monoKey(mm), { c: u.c * c, m: mm });
      }
      rest = this.polyAdd(rest, sub, -1);
      if (rest.has(monoKey(t.m))) return undefined;
    }
    return q;
  }

  /** Identities and definitions folded in: 1 + cot² → csc², sin² + cos² → 1, a known sum → its name. */
  private collect(r: Rat): Rat {
    let num = this.identities(r.num);
    for (const d of this.definitions) num = this.foldDefinition(num, d);
    return num === r.num ? r : { num, den: r.den };
  }

  private identities(p: Poly): Poly {
    if (p.size < 2) return p;
    const g = this.g;
    let out = p;
    const RULES: [string, number, string | undefined][] = [
      // [f, sign of c·f² next to c, replacement (c·g²) or undefined for the constant alone]
      ['cot', 1, 'csc'], ['tan', 1, 'sec'], ['sin', -1, 'cos'], ['cos', -1, 'sin'],
    ];
    for (const t of [...out.values()]) {
      for (const [x, e] of t.m) {
        if (e < 2 || g.op[x] !== 'fn') continue;
        const fname = g.name[x];
        const rule = RULES.find((q) => q[0] === fname);
        const base = mulMono(t.m, new Map([[x, 2]]), -1);
        const partnerKey = monoKey(base);
        const partner = out.get(partnerKey);
        if (rule && partner && Math.abs(partner.c - rule[1] * t.c) <= EPS * Math.abs(t.c) && this.hasFn(rule[2]!, g.args[x])) {
          const y = this.findFn(rule[2]!, g.args[x]);
          if (y === undefined) continue;
          const m = mulMono(base, new Map([[y, 2]]));
          const next: Poly = new Map(out);
          next.delete(partnerKey);
          next.delete(monoKey(t.m));
          next.set(monoKey(m), { c: partner.c, m });
          out = next;
          break;
        }
        // sin² + cos² = 1
        if (fname === 'sin' || fname === 'cos') {
          const other = this.findFn(fname === 'sin' ? 'cos' : 'sin', g.args[x]);
          if (other === undefined) continue;
          const m2 = mulMono(base, new Map([[other, 2]]));
          const p2 = out.get(monoKey(m2));
          if (p2 && Math.abs(p2.c - t.c) <= EPS * Math.abs(t.c)) {
            const next: Poly = new Map(out);
            next.delete(monoKey(m2));
            next.delete(monoKey(t.m));
            out = this.polyAdd(next, new Map([[monoKey(base), { c: t.c, m: base }]]), 1);
            break;
          }
        }
      }
    }
    return out;
  }

  private hasFn(name: string, _args: NodeId[]): boolean {
    return FUNCTIONS.has(name);
  }

  /** The node name(args) when the graph has it (only then can it be displayed as an atom). */
  private findFn(name: string, args: NodeId[]): NodeId | undefined {
    return this.g.fn(name, args);
  }

  /** Wherever c·m·(definition) occurs among the terms, writes c·m·name instead. */
  private foldDefinition(p: Poly, d: { atom: NodeId; rat: Rat }): Poly {
    const defTerms = [...d.rat.num.values()];
    if (defTerms.length === 0 || p.size < defTerms.length) return p;
    const first = defTerms[0];
    let out = p;
    for (let guard = 0; guard < 8; guard++) {
      let changed = false;
      for (const t of [...out.values()]) {
        this.spend();
        const m = mulMono(t.m, first.m, -1);
        const c = t.c / first.c;
        if (defTerms.length === 1 && [...m.entries()].some(([x, e]) => (first.m.get(x) ?? 0) * e < 0)) continue;
        const ok = defTerms.every((u) => {
          const mm = mulMono(u.m, m);
          const have = out.get(monoKey(mm));
          return have !== undefined && Math.abs(have.c - u.c * c) <= 1e-9 * Math.abs(u.c * c);
        });
        if (!ok) continue;
        const sub: Poly = new Map();
        for (const u of defTerms) {
          const mm = mulMono(u.m, m);
          sub.set(monoKey(mm), { c: u.c * c, m: mm });
        }
        const mName = mulMono(m, new Map([[d.atom, 1]]));
        out = this.polyAdd(this.polyAdd(out, sub, -1), new Map([[monoKey(mName), { c, m: mName }]]), 1);
        changed = true;
        break;
      }
      if (!changed) break;
    }
    return out;
  }

  // ---- back to a display tree -----------------------------------------------------------------------

  /** display()'s answers by the rational function's key, for one measure: a chain factor is often a partial too. */
  private readonly displays = new Map<string, Disp>();
  private displaysFor?: (d: Disp) => number;

  /**
   * The shortest of the ways to write r (one fraction, or term by term), by the printer's measure `size`. The same
   * r (by value) gets the same tree (the same object), worked out once: besides r it depends only on the sums met
   * while building, and a new one clears the memo.
   */
  display(r: Rat, size: (d: Disp) => number): Disp {
    if (this.displaysFor !== size) {
      this.displays.clear();
      this.displaysFor = size;
    }
    const key = ratKey(r);
    let d = this.displays.get(key);
    if (!d) {
      d = this.displayUncached(r, size);
      this.displays.set(key, d);
    }
    return d;
  }

  private displayUncached(r: Rat, size: (d: Disp) => number): Disp {
    this.size = size;
    this.present = new Set([...r.num.values()].flatMap((t) => [...t.m.keys()]));
    const whole = this.asFraction(r);
    if (r.num.size <= 1) return whole;
    // A polynomial reads better factored (p (1 − p), x (p − y)) unless expanding saves more than 2 characters;
    // a fraction reads better term by term (exp(z₁ − m)/s − 1) when that is no longer.
    const polynomial = r.den.length === 0 && [...r.num.values()].every((t) => [...t.m.values()].every((e) => e > 0));
    const split = this.termByTerm(r);
    const gain = size(whole) - size(split);
    const best = (polynomial ? gain > 2 : gain >= 0) ? split : whole;
    // Some of the terms share a factor: 400x (x² − y) + 2x − 2, 4x (x² + y) + 2y² − 42x − 14.
    const grouped = polynomial ? this.grouped(r.num) : undefined;
    return grouped && size(grouped) + 2 < size(best) ? grouped : best;
  }

  /**
   * The polynomial with one group of its terms written as their common factor times a sum (the shortest such
   * grouping over the factors two terms share), or undefined when no group has two terms and leaves one out.
   */
  private grouped(p: Poly, depth = 0): Disp | undefined {
    const terms = this.ordered(p);
    if (terms.length < 2 || terms.length > 10 || !this.size || depth > 2) return undefined;
    const intCoefs = terms.every((t) => Number.isInteger(t.c));
    let best: Disp | undefined;
    let bestSize = Infinity;
    const tried = new Set<string>();
    const groups = new Set<string>();
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        this.spend(terms.length);
        const f: Mono = new Map();
        for (const [x, e] of terms[i].m) {
          const other = terms[j].m.get(x);
          if (other !== undefined && other > 0) f.set(x, Math.min(e, other));
        }
        const c = intCoefs ? gcd(Math.abs(terms[i].c), Math.abs(terms[j].c)) : 1;
        if (f.size === 0 && c <= 1) continue;
        const key = `${c}|${monoKey(f)}`;
        if (tried.has(key)) continue;
        tried.add(key);
        const inside = terms.filter((t) => [...f].every(([x, e]) => (t.m.get(x) ?? 0) >= e) && (!intCoefs || t.c % c === 0));
        if (inside.length < 2 || (inside.length === terms.length && depth === 0)) continue;
        // The same group by a smaller factor is never shorter: each group of terms is written once, by its gcd.
        const members = `${c}|${inside.map((t) => terms.indexOf(t)).join(',')}`;
        if (groups.has(members)) continue;
        groups.add(members);
        const quotient: Poly = new Map();
        for (const t of inside) {
          const m = mulMono(t.m, f, -1);
          quotient.set(monoKey(m), { c: t.c / c, m });
        }
        // The group's sign goes with its factor when its sum would start negative: −2 (x − 1) + …
        const q = this.ordered(quotient);
        const sign = q[0].c < 0 && q.every((t) => t.c < 0) ? -1 : 1;
        const num: Disp[] = [];
        const den: Disp[] = [];
        this.pushCoef(c, num, den);
        this.pushMono(f, num, den);
        // The group's own sum grouped again when that is shorter: 3 sech² (x + 2z) + 2 tanh.
        const inner = scalePoly(quotient, sign);
        const plainInner = this.sumDisp(inner);
        const again = inner.size >= 2 ? this.grouped(inner, depth + 1) : undefined;
        const chosen = again && this.size(again) < this.size(plainInner) ? again : plainInner;
        if (chosen.k === 'mul' && chosen.den.length === 0) num.push(...chosen.num);
        else num.push(chosen);
        const group = this.product(num, den, false);
        const outside = terms.filter((t) => !inside.includes(t));
        // The terms left over a multiple of the group's sum: (c f + g) · sum, as in (1 − tanh²) (a x² + 1/2).
        const restPoly: Poly = new Map(outside.map((t) => [monoKey(t.m), t]));
        const g = outside.length ? this.divide(restPoly, inner) : undefined;
        if (g && g.size === 1) {
          const factorPoly: Poly = new Map();
          const fm = new Map(f);
          factorPoly.set(monoKey(fm), { c: c * sign, m: fm });
          const both = this.polyAdd(factorPoly, g, 1);
          const whole = this.product([this.sumDisp(both), this.sumDisp(inner)], [], false);
          const n = this.size(whole);
          if (n < bestSize) { best = whole; bestSize = n; }
          continue;
        }
        const rest = outside.map((t) => {
          const n: Disp[] = [];
          const d: Disp[] = [];
          this.pushCoef(Math.abs(t.c), n, d);
          this.pushMono(t.m, n, d);
          return { neg: t.c < 0, d: this.product(n, d, false) };
        });
        const disp = this.addDisp([{ neg: sign < 0, d: group }, ...rest]);
        const n = this.size(disp);
        if (n < bestSize) { best = disp; bestSize = n; }
      }
    }
    return best;
  }

  displayNode(n: NodeId, size: (d: Disp) => number): Disp {
    return this.display(this.of(n), size);
  }

  private asFraction(r: Rat): Disp {
    if (r.num.size === 0) return { k: 'num', v: 0 };
    const { c, m, rest: unit } = this.content(r.num);
    // The content's coefficient is the sum's leading one; the sum is shown at the scale where its coefficients
    // read shortest (0.7 a + b rather than a + 1.4285714 b; 2x + 1 rather than x + 1/2), the rest goes in front.
    const s = niceScale(unit, c);
    let coef = c / s;
    let sum = scalePoly(unit, s);
    // Keep the sign with a sum that starts positive: x (p − y) rather than −x (y − p).
    const restTerms = this.ordered(sum);
    if (restTerms.length > 1 && coef < 0 && restTerms.some((t) => t.c < 0)) {
      coef = -coef;
      sum = scalePoly(sum, -1);
    }
    // Denominator factors at their own shortest scale (each factor's scale^e moves to the coefficient).
    const dens = r.den.map((f) => {
      const k = niceScale(f.p);
      coef /= Math.pow(k, f.e);
      return { p: scalePoly(f.p, k), e: f.e };
    });
    const num: Disp[] = [];
    const den: Disp[] = [];
    // 1 − tanh²(u) is sech²(u) unless tanh(u) is already a factor beside it (then tanh′ = 1 − tanh² reads better).
    const sech = this.sechOf(sum, m);
    if (sech) {
      coef *= sech.c;
      sum = constPoly(1);
    }
    // Factors a person would see: sums from the input that divide the numerator exactly. Their contents join
    // the coefficient and the monomial (−2x w₂ (…), never −1 · 2x w₂ (…)).
    const sums: Poly[] = [];
    let mono = m;
    if (sum.size > 2) {
      this.largestSums ??= [...this.sums.values()].sort((x, y) => y.size - x.size).slice(0, 12);
      for (const f of this.largestSums) {
        if (f.size >= sum.size) continue;
        const q = this.divide(sum, f);
        if (!q || q.size >= sum.size) continue;
        const qc = this.content(q);
        if ([...qc.m.values()].some((e) => e < 0)) continue;
        sums.push(f);
        coef *= qc.c;
        mono = mulMono(mono, qc.m);
        sum = qc.rest;
        if (sum.size <= 2) break;
      }
    }
    if (sum.size > 1) sums.push(sum);
    const oriented = orient(sums, coef);
    for (const f of oriented.sums) num.push(this.sumDisp(f));
    if (oriented.negate) coef = -coef;
    const factors = num.splice(0);
    this.pushCoef(coef, num, den);
    this.pushMono(mono, num, den);
    if (sech) num.push(sech.d);
    num.push(...factors);
    for (const f of dens.sort((a, b) => a.p.size - b.p.size)) {
      const d = this.sumDisp(f.p);
      den.push(f.e === 1 ? d : { k: 'pow', base: d, exp: { k: 'num', v: f.e } });
    }
    return this.product(num, den, coef < 0);
  }

  private termByTerm(r: Rat): Disp {
    let scale = 1;
    const denDisp = r.den.map((f) => {
      const k = niceScale(f.p);
      scale /= Math.pow(k, f.e);
      const d = this.sumDisp(scalePoly(f.p, k));
      return f.e === 1 ? d : ({ k: 'pow', base: d, exp: { k: 'num', v: f.e } } as Disp);
    });
    const terms = this.ordered(r.num).map((t) => {
      const num: Disp[] = [];
      const den: Disp[] = [];
      this.pushCoef(Math.abs(t.c * scale), num, den);
      this.pushMono(t.m, num, den);
      return { neg: t.c < 0, d: this.product(num, [...den, ...denDisp], false) };
    });
    return this.addDisp(terms);
  }

  private addDisp(terms: { neg: boolean; d: Disp }[]): Disp {
    if (terms.length === 1) return terms[0].neg ? { k: 'neg', d: terms[0].d } : terms[0].d;
    const first = terms.findIndex((t) => !t.neg);
    if (first > 0) terms = [terms[first], ...terms.filter((_, i) => i !== first)];
    return { k: 'add', terms };
  }

  private product(num: Disp[], den: Disp[], negative: boolean): Disp {
    let d: Disp;
    if (num.length === 0 && den.length === 0) d = { k: 'num', v: 1 };
    else if (num.length === 1 && den.length === 0) d = num[0];
    else d = { k: 'mul', num, den };
    if (negative) {
      if (d.k === 'num') return { k: 'num', v: -d.v };
      return { k: 'neg', d };
    }
    return d;
  }

  private pushCoef(c: number, num: Disp[], den: Disp[]): void {
    const a = tidy(Math.abs(c));
    const frac = asFraction(a);
    // A fraction (x/2, 3x/4) unless the decimal the user wrote is shorter (0.7 w rather than 7 w/10).
    if (frac && frac[1] !== 1 && decimalLength(a) >= fractionLength(frac)) {
      if (frac[0] !== 1) num.push({ k: 'num', v: frac[0] });
      den.push({ k: 'num', v: frac[1] });
    } else if (a !== 1) num.push({ k: 'num', v: a });
  }

  private pushMono(m: Mono, num: Disp[], den: Disp[]): void {
    const entries = [...m.entries()].sort((p, q) => p[0] - q[0]);
    // Three or more atoms to one integer power k ≥ 2 read as one power: y³ π³ tanh(z)³ → (π y tanh(z))³.
    for (const k of entries.length < 3 ? [] : new Set(entries.map(([, e]) => e))) {
      if (!Number.isInteger(k) || Math.abs(k) < 2) continue;
      const same = entries.filter(([x, e]) => e === k && !(this.g.op[x] === 'fn' && (this.g.name[x] === 'exp' || this.g.name[x] === 'sech')));
      if (!Number.isInteger(k) || Math.abs(k) < 2 || same.length < 3) continue;
      const inner: Disp[] = [];
      this.pushMono(new Map(same.map(([x]) => [x, 1])), inner, []);
      (k > 0 ? num : den).push({ k: 'pow', base: { k: 'mul', num: inner, den: [] }, exp: { k: 'num', v: Math.abs(k) } });
      const rest = new Map(m);
      for (const [x] of same) rest.delete(x);
      this.pushMono(rest, num, den);
      return;
    }
    const merged = this.mergedExp(entries);
    for (const [x, e] of entries) {
      if (merged && merged.atoms.has(x)) {
        if (x === merged.first) num.push(merged.d);
        continue;
      }
      const k = Math.abs(e);
      const target = e > 0 ? num : den;
      const tanh = e > 0 && e % 2 === 0 ? this.tanhPartner(x, m) : undefined;
      if (tanh !== undefined) {
        // sech²(u) where tanh(u) is already there reads as 1 − tanh²(u).
        const d: Disp = { k: 'add', terms: [{ neg: false, d: { k: 'num', v: 1 } }, { neg: true, d: { k: 'pow', base: this.atomOf(tanh), exp: { k: 'num', v: 2 } } }] };
        target.push(k === 2 ? d : { k: 'pow', base: d, exp: { k: 'num', v: k / 2 } });
        continue;
      }
      const base = this.atomOf(x);
      if (k === 1) target.push(base);
      else if (k === 0.5) target.push({ k: 'call', name: 'sqrt', args: [base] });
      else target.push({ k: 'pow', base, exp: this.exponent(k) });
    }
  }

  /** sum = c (1 − tanh(u)²) with tanh(u) not in m: c and sech(u)². */
  private sechOf(sum: Poly, m: Mono): { c: number; d: Disp } | undefined {
    if (sum.size !== 2) return undefined;
    const [p, q] = [...sum.values()];
    const [one, sq] = p.m.size === 0 ? [p, q] : [q, p];
    if (one.m.size !== 0 || sq.m.size !== 1 || Math.abs(sq.c + one.c) > EPS * Math.abs(one.c)) return undefined;
    const [t, e] = [...sq.m.entries()][0];
    const g = this.g;
    if (e !== 2 || g.op[t] !== 'fn' || g.name[t] !== 'tanh' || m.has(t)) return undefined;
    const arg = this.asFraction(this.of(g.args[t][0]));
    return { c: one.c, d: { k: 'pow', base: { k: 'call', name: 'sech', args: [arg] }, exp: { k: 'num', v: 2 } } };
  }

  /** For x = sech(u): the atom tanh(u) when the monomial or the result on display has it. */
  private tanhPartner(x: NodeId, m: Mono): NodeId | undefined {
    const g = this.g;
    if (g.op[x] !== 'fn' || g.name[x] !== 'sech') return undefined;
    const u = g.args[x][0];
    for (const y of [...m.keys(), ...this.present]) if (g.op[y] === 'fn' && g.name[y] === 'tanh' && g.args[y][0] === u) return y;
    return undefined;
  }

  /**
   * exp(a)^j · exp(b)^k (either in a denominator too) as one exp(j a + k b), when that is shorter as printed:
   * exp(a)·exp(b) = exp(a + b) and exp(a)^k = exp(k a) hold everywhere.
   */
  private mergedExp(entries: [NodeId, number][]): { atoms: Set<NodeId>; first: NodeId; d: Disp } | undefined {
    const g = this.g;
    const exps = entries.filter(([x, e]) => g.op[x] === 'fn' && g.name[x] === 'exp' && Number.isInteger(e));
    if (!this.size || exps.length === 0 || (exps.length === 1 && Math.abs(exps[0][1]) < 2)) return undefined;
    let arg: Rat = { num: new Map(), den: [] };
    for (const [x, e] of exps) arg = this.add(arg, this.scale(this.of(g.args[x][0]), e), 1);
    const d: Disp = { k: 'call', name: 'exp', args: [this.asFraction(arg)] };
    const apart: Disp[] = [];
    const below: Disp[] = [];
    for (const [x, e] of exps) {
      const base = this.atomOf(x);
      (e > 0 ? apart : below).push(Math.abs(e) === 1 ? base : { k: 'pow', base, exp: { k: 'num', v: Math.abs(e) } });
    }
    const separate: Disp = { k: 'mul', num: apart.length ? apart : [{ k: 'num', v: 1 }], den: below };
    if (this.size(d) >= this.size(separate)) return undefined;
    return { atoms: new Set(exps.map(([x]) => x)), first: exps[0][0], d };
  }

  private exponent(k: number): Disp {
    const frac = asFraction(k);
    if (frac && frac[1] !== 1) return { k: 'mul', num: [{ k: 'num', v: frac[0] }], den: [{ k: 'num', v: frac[1] }] };
    return { k: 'num', v: k };
  }

  /** Terms in reading order: higher degree first, then by atom order; a positive term first. */
  private ordered(p: Poly): PTerm[] {
    const terms = [...p.values()].sort((a, b) => monoDegree(b.m) - monoDegree(a.m) || -lexCompare(a.m, b.m));
    const firstPositive = terms.findIndex((t) => t.c > 0);
    if (firstPositive > 0) return [terms[firstPositive], ...terms.filter((_, i) => i !== firstPositive)];
    return terms;
  }

  private sumDisp(p: Poly): Disp {
    const terms = this.ordered(p).map((t) => {
      const num: Disp[] = [];
      const den: Disp[] = [];
      this.pushCoef(t.c, num, den);
      this.pushMono(t.m, num, den);
      return { neg: t.c < 0, d: this.product(num, den, false) };
    });
    return this.addDisp(terms);
  }

  /** Display tree of an atom: a variable, or a call / power / branch whose arguments are simplified too. */
  private atomOf(x: NodeId): Disp {
    const done = this.atomDisp.get(x);
    if (done) return done;
    const g = this.g;
    const a = g.args[x];
    const sub = (m: NodeId): Disp => this.asFraction(this.of(m));
    let d: Disp;
    switch (g.op[x]) {
      case 'var': d = { k: 'sym', name: g.name[x] }; break;
      case 'const': d = { k: 'sym', name: g.name[x], constant: true }; break;
      case 'num': d = { k: 'num', v: g.val[x] }; break;
      case 'fn': d = { k: 'call', name: g.name[x], args: a.map(sub) }; break;
      case 'pow': {
        const base = sub(a[0]);
        const k = g.numeric(a[1]);
        d = k === 0.5 ? { k: 'call', name: 'sqrt', args: [base] } : { k: 'pow', base, exp: sub(a[1]) };
        break;
      }
      case 'cond': d = { k: 'cond', test: sub(a[0]), then: sub(a[1]), else: sub(a[2]) }; break;
      case 'and': case 'or': case 'not': d = { k: 'logic', op: g.op[x] as 'and', args: a.map(sub) }; break;
      case 'add': case 'sub': case 'neg': case 'div': case 'mul': d = this.asFraction(this.of(x)); break;
      case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne':
        d = { k: 'cmp', op: g.op[x] as CompareOp, a: sub(a[0]), b: sub(a[1]) };
        break;
      default: d = { k: 'sym', name: `?${g.op[x]}` };
    }
    this.atomDisp.set(x, d);
    return d;
  }
}

/** Arithmetic on rational forms for callers that build sums of products (the chain rule in names). */
export function ratOps(s: RationalSimplifier) {
  return {
    zero: (): Rat => ({ num: new Map(), den: [] }),
    one: (): Rat => ({ num: new Map([['', { c: 1, m: new Map() }]]), den: [] }),
    isZero: (r: Rat): boolean => r.num.size === 0,
    add: (x: Rat, y: Rat): Rat => s.add(x, y, 1),
    mul: (x: Rat, y: Rat): Rat => {
      const r = s.mul(x, y);
      if (!r) throw new BudgetExceeded('product too large');
      return r;
    },
  };
}
