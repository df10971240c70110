/**
 * The entrywise view of a vectorised selection (issue #14): the same function written out entry by entry, at the
 * point's concrete sizes, as a scalar formula of named entries (w₁, w₂, X₁₁ …) — so the scalar engine gives every
 * entry's partial, ∂f/∂w₂ = 2 X₁₂ (X₁₁ w₁ + X₁₂ w₂ − y₁) + …, the way the seed article writes them. Only for small
 * arrays: the text grows with the sizes, which is exactly what matrix notation avoids.
 *
 * Each tensor node becomes its entries as mathjs text, in row-major order. Structural ops (broadcast, transpose,
 * index, scatter, diag, reshape, stack) reuse the numeric kernels on tensors of entry numbers, so they place
 * entries exactly as evaluation does.
 */
import { FUNCTIONS } from '../functions';
import { PartialsError } from '../errors';
import { isCompare } from '../graph';
import { broadcastTo, Evaluator, gather, reduceGroups, scatter, tensor, transpose, type Tensor, type TensorPoint } from './evaluate';
import type { TGraph, TNodeId } from './graph';
import { ENTRYWISE_MAX_ENTRIES } from './entrywiseLimit';
import { t as l10n } from '../l10n';

/** Past these, the entrywise view is not offered: a few dozen entries is what a person reads entry by entry. */
export { ENTRYWISE_MAX_ENTRIES };
export const ENTRYWISE_MAX_CHARS = 20_000;

export interface Entrywise {
  /** f as one scalar formula (mathjs syntax) of the entries' names. */
  source: string;
  /** Every entry's name and value (the point), by input. */
  at: Record<string, number>;
  /** The names of the entries of `wrt`, row-major, and where each sits (0-based). */
  entries: { name: string; index: number[] }[];
}

interface Sym {
  shape: number[];
  e: string[];
}

/** The name of an entry: w_2 for a vector; X_12 for a matrix of sizes ≤ 9, else X_1_2. 1-based, as in math. */
export function entryName(input: string, index: readonly number[], shape: readonly number[]): string {
  if (!index.length) return input;
  const one = index.map((i) => i + 1);
  return `${input}_${shape.every((d) => d <= 9) ? one.join('') : one.join('_')}`;
}

const isAtom = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$|^\d+(\.\d+)?$/.test(s);
const paren = (s: string) => (isAtom(s) ? s : `(${s})`);
const num = (v: number) => (Object.is(v, -0) ? '0' : v < 0 ? `(${v})` : String(v));

/** Entry numbers 0…n−1 in a tensor of `shape` (structural ops move them like values). */
const indexTensor = (shape: number[]): Tensor => tensor(shape, Array.from({ length: shape.reduce((p, q) => p * q, 1) }, (_v, k) => k));
const moved = (src: Sym, out: Tensor, zero = '0'): Sym => ({ shape: out.shape, e: Array.from(out.data, (k) => (k < 0 ? zero : src.e[k])) });

function unsupported(what: string): never {
  throw new PartialsError(l10n('The entrywise view does not write out {0}; the matrix notation and the values above are exact.', what), 'unsupported');
}

/**
 * The selection written entry by entry. `wrt`: the input whose entries the partials are taken with respect to.
 * Throws a PartialsError (code 'limit' or 'unsupported') when the view is not available.
 */
export function entrywise(tg: TGraph, output: TNodeId, point: TensorPoint, wrt: string): Entrywise {
  const roots = tg.reachable([output]);
  const ev = new Evaluator(tg, point, roots);
  const shapeOf = (n: TNodeId) => ev.get(n).shape;
  const wrtNode = tg.lookupVariable(wrt);
  if (wrtNode === undefined) throw new PartialsError(l10n("'{0}' is not an input of the selection.", wrt), 'input');
  const wrtSize = ev.get(wrtNode).data.length;
  if (wrtSize > ENTRYWISE_MAX_ENTRIES) {
    throw new PartialsError(l10n("'{0}' has {1} entries; the entrywise view writes out at most {2}.", wrt, wrtSize, ENTRYWISE_MAX_ENTRIES), 'limit');
  }
  const at: Record<string, number> = {};
  const taken = new Set<string>();
  const sym = new Map<TNodeId, Sym>();
  let chars = 0;
  const put = (n: TNodeId, s: Sym) => {
    for (const x of s.e) chars += x.length;
    if (chars > 8 * ENTRYWISE_MAX_CHARS) throw new PartialsError(l10n('The selection written entry by entry is too long to read at these sizes.'), 'limit');
    sym.set(n, s);
  };
  for (const n of roots) {
    const op = tg.op[n];
    const a = tg.args[n].map((x) => sym.get(x)!);
    const shape = shapeOf(n);
    const attr = tg.attr[n];
    const elementwise = (f: (xs: string[]) => string): Sym => {
      const spread = tg.args[n].map((x, i) => moved(a[i], broadcastTo(indexTensor(shapeOf(x)), shape)));
      return { shape, e: spread[0].e.map((_s, k) => f(spread.map((s) => s.e[k]))) };
    };
    let s: Sym;
    switch (op) {
      case 'num': s = { shape: [], e: [num(tg.val[n])] }; break;
      case 'const': s = { shape: [], e: [tg.name[n]] }; break;
      case 'count': s = { shape: [], e: [String(ev.get(n).data[0])] }; break;
      case 'var': {
        const name = tg.name[n];
        const value = ev.get(n);
        const e = Array.from(value.data, (_v, k) => {
          const index = shape.length === 2 ? [Math.floor(k / shape[1]), k % shape[1]] : shape.length === 1 ? [k] : [];
          const en = entryName(name, index, shape);
          if (taken.has(en)) throw new PartialsError(l10n("Two entries would both be called '{0}': the entrywise view is not available for these names.", en), 'unsupported');
          taken.add(en);
          Object.defineProperty(at, en, { value: value.data[k], enumerable: true, writable: true, configurable: true });
          return en;
        });
        s = { shape, e };
        break;
      }
      case 'eye': s = { shape, e: Array.from({ length: shape[0] * shape[0] }, (_v, k) => (Math.floor(k / shape[0]) === k % shape[0] ? '1' : '0')) }; break;
      case 'bcast': s = moved(a[0], broadcastTo(indexTensor(shapeOf(tg.args[n][0])), shape, tg.bcastAxes(n))); break;
      case 'add': s = elementwise(([x, y]) => `${x} + ${paren(y)}`); break;
      case 'sub': s = elementwise(([x, y]) => `${x} - ${paren(y)}`); break;
      case 'mul': s = elementwise(([x, y]) => `${paren(x)} * ${paren(y)}`); break;
      case 'div': s = elementwise(([x, y]) => `${paren(x)} / ${paren(y)}`); break;
      case 'neg': s = elementwise(([x]) => `-${paren(x)}`); break;
      case 'pow': s = elementwise(([x, y]) => `${paren(x)} ^ ${paren(y)}`); break;
      case 'fn': {
        // in mathjs's own functions where mathjs lacks the name (softplus(v) is log1p(exp(v)))
        const spell = FUNCTIONS.get(tg.name[n])?.mathjs;
        s = elementwise((xs) => (spell ? `(${spell(xs)})` : `${tg.name[n]}(${xs.join(', ')})`));
        break;
      }
      case 'matmul': {
        const [x, y] = a;
        const [m, k] = x.shape.length === 2 ? x.shape : [1, x.shape[0]];
        const cols = y.shape.length === 2 ? y.shape[1] : 1;
        const e: string[] = [];
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < cols; j++) {
            const terms: string[] = [];
            for (let t = 0; t < k; t++) terms.push(`${paren(x.e[i * k + t])} * ${paren(y.e[t * cols + j])}`);
            e.push(terms.join(' + '));
          }
        }
        s = { shape, e };
        break;
      }
      case 'transpose': s = moved(a[0], transpose(indexTensor(a[0].shape))); break;
      case 'reshape': s = { shape, e: a[0].e }; break;
      case 'stack': s = { shape, e: a.flatMap((x) => x.e) }; break;
      case 'index': s = moved(a[0], gather(indexTensor(a[0].shape), attr, shape)); break;
      case 'scatter': {
        const placed = scatter(tensor(a[0].shape, a[0].e.map((_x, k) => k + 1)), attr, shape);
        s = { shape, e: Array.from(placed.data, (k) => (k === 0 ? '0' : a[0].e[k - 1])) };
        break;
      }
      case 'diag': {
        const k = shape[0];
        s = shape.length === 2
          ? { shape, e: Array.from({ length: k * k }, (_v, q) => (Math.floor(q / k) === q % k ? a[0].e[q % k] : '0')) }
          : { shape, e: Array.from({ length: k }, (_v, i) => a[0].e[i * k + i]) };
        break;
      }
      // reductions: one entry per group of entries reduced together (reduceGroups, as evaluation groups them)
      case 'sum': s = { shape, e: reduceGroups(a[0].shape, attr[0]).map((g) => g.map((q) => a[0].e[q]).join(' + ')) }; break;
      case 'outer': s = { shape, e: a[0].e.flatMap((u) => a[1].e.map((v) => `${paren(u)} * ${paren(v)}`)) }; break;
      case 'kron': {
        // entry (i p + k, j q + l) of A ⊗ B is A[i, j] B[k, l]
        const [m, n2] = a[0].shape;
        const [p, q] = a[1].shape;
        const e: string[] = [];
        for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) for (let j = 0; j < n2; j++) for (let l = 0; l < q; l++) {
          e.push(`${paren(a[0].e[i * n2 + j])} * ${paren(a[1].e[k * q + l])}`);
        }
        s = { shape, e };
        break;
      }
      case 'trace': {
        const k = a[0].shape[0];
        s = { shape: [], e: [Array.from({ length: k }, (_v, i) => a[0].e[i * k + i]).join(' + ')] };
        break;
      }
      case 'norm': s = { shape: [], e: [`sqrt(${a[0].e.map((x) => `${paren(x)} ^ 2`).join(' + ')})`] }; break;
      case 'det': case 'logdet': {
        const d = det(a[0]);
        s = { shape: [], e: [op === 'det' ? d : `log(${d})`] };
        break;
      }
      case 'amax': s = { shape, e: reduceGroups(a[0].shape, tg.amaxAxis(n)[0]).map((g) => (g.length === 1 ? a[0].e[g[0]] : `max(${g.map((q) => a[0].e[q]).join(', ')})`)) }; break;
      case 'softmax': case 'logsoftmax': case 'logsumexp': {
        const x = a[0];
        const groups = reduceGroups(x.shape, attr[0]);
        const lse = groups.map((g) => `logsumexp(${g.map((q) => x.e[q]).join(', ')})`);
        if (op === 'logsumexp') s = { shape, e: lse };
        else {
          const e = new Array<string>(x.e.length);
          groups.forEach((g, gi) => {
            const total = g.map((q) => `exp(${x.e[q]})`).join(' + ');
            for (const q of g) e[q] = op === 'softmax' ? `exp(${x.e[q]}) / (${total})` : `${paren(x.e[q])} - ${lse[gi]}`;
          });
          s = { shape, e };
        }
        break;
      }
      case 'where': s = elementwise(([c, x, y]) => `${paren(c)} != 0 ? ${paren(x)} : ${paren(y)}`); break;
      case 'inv': case 'solve': unsupported((op === 'inv' ? l10n('a matrix inverse') : l10n('a linear solve')));
      // falls through (unsupported throws)
      default:
        if (isCompare(op)) {
          const sign = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' }[op as string] ?? unsupported(l10n('the comparison {0}', op));
          s = elementwise(([x, y]) => `${paren(x)} ${sign} ${paren(y)} ? 1 : 0`);
          break;
        }
        unsupported(l10n('the operation {0}', op));
    }
    put(n, s);
  }
  const out = sym.get(output)!;
  if (out.e.length !== 1) throw new PartialsError(l10n('The entrywise view is for a scalar function.'), 'unsupported');
  const source = out.e[0];
  if (source.length > ENTRYWISE_MAX_CHARS) throw new PartialsError(l10n('The selection written entry by entry is too long to read at these sizes.'), 'limit');
  const wShape = shapeOf(wrtNode);
  const entries = Array.from({ length: wrtSize }, (_v, k) => {
    const index = wShape.length === 2 ? [Math.floor(k / wShape[1]), k % wShape[1]] : wShape.length === 1 ? [k] : [];
    return { name: entryName(wrt, index, wShape), index };
  });
  return { source, at, entries };
}

/** The determinant of a 1×1, 2×2 or 3×3 matrix of entries, by cofactors. */
function det(x: Sym): string {
  const k = x.shape[0];
  const e = (i: number, j: number) => paren(x.e[i * k + j]);
  if (k === 1) return x.e[0];
  if (k === 2) return `${e(0, 0)} * ${e(1, 1)} - ${e(0, 1)} * ${e(1, 0)}`;
  if (k === 3) {
    return `${e(0, 0)} * (${e(1, 1)} * ${e(2, 2)} - ${e(1, 2)} * ${e(2, 1)}) - ${e(0, 1)} * (${e(1, 0)} * ${e(2, 2)} - ${e(1, 2)} * ${e(2, 0)})`
      + ` + ${e(0, 2)} * (${e(1, 0)} * ${e(2, 1)} - ${e(1, 1)} * ${e(2, 0)})`;
  }
  return unsupported(l10n('the determinant of a {0}×{0} matrix', k));
}
