import { PartialsError } from '../../errors';
import { TARGET_TABLE } from '../../codegen/targets';
import { indexSpec, type TNodeId } from '../graph';
import { ADD, ATOM, MUL, POW, UNARY, atom, type P, type Param, type PrintContext, type TensorPrinter } from './types';
import { binary, countOf, literal, unsupportedFunction, wrap } from './common';
import { t as l10n } from '../../l10n';

/**
 * NumPy, jax.numpy and PyTorch: NumPy semantics are the IR's own (broadcasting, 0-based axes, @), so each node
 * prints as one call or operator. jax.numpy code uses only functions NumPy has too (and no in-place update).
 */
type Flavour = 'numpy' | 'jax' | 'pytorch';

const HELPERS_NP = (m: string): Record<string, string> => ({
  logsumexp: `def partials_logsumexp(x, axis=None, keepdims=False):
    m = ${m}.max(x, axis=axis, keepdims=True)
    s = m + ${m}.log(${m}.sum(${m}.exp(x - m), axis=axis, keepdims=True))
    return s if keepdims else (${m}.reshape(s, ()) if axis is None else ${m}.squeeze(s, axis))`,
  softmax: `def partials_softmax(x, axis=None):
    e = ${m}.exp(x - ${m}.max(x, axis=axis, keepdims=True))
    return e / ${m}.sum(e, axis=axis, keepdims=True)`,
  log_softmax: `def partials_log_softmax(x, axis=None):
    return x - partials_logsumexp(x, axis, keepdims=True)`,
});

const FN_NP: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', asin: 'arcsin', acos: 'arccos', atan: 'arctan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', exp: 'exp', log2: 'log2', log10: 'log10', log1p: 'log1p', expm1: 'expm1',
  sqrt: 'sqrt', cbrt: 'cbrt', abs: 'abs', sign: 'sign', floor: 'floor', ceil: 'ceil',
};
const FN_TORCH: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  asinh: 'asinh', acosh: 'acosh', atanh: 'atanh', exp: 'exp', log2: 'log2', log10: 'log10', log1p: 'log1p', expm1: 'expm1',
  sqrt: 'sqrt', abs: 'abs', sign: 'sign', floor: 'floor', ceil: 'ceil', sigmoid: 'sigmoid', relu: 'relu', erf: 'erf', erfc: 'erfc', erfinv: 'erfinv',
};

export function pythonPrinter(flavour: Flavour): TensorPrinter {
  const torch = flavour === 'pytorch';
  const m = flavour === 'numpy' ? 'np' : flavour === 'jax' ? 'jnp' : 'torch';
  const f64 = 'dtype=torch.float64';
  const call = (fn: string, ...a: string[]) => atom(`${m}.${fn}(${a.join(', ')})`);
  const tuple = (ctx: PrintContext, shape: readonly (string | number)[]) => (shape.length === 1 ? `(${ctx.dim(shape[0])},)` : `(${shape.map((d) => ctx.dim(d)).join(', ')})`);
  const num = (v: number): string => {
    if (Number.isNaN(v)) return "float('nan')";
    if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    return literal(v);
  };
  const ops: Record<string, [string, number]> = { add: ['+', ADD], sub: ['-', ADD], mul: ['*', MUL], div: ['/', MUL], matmul: ['@', MUL] };
  const cmp: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };
  const axisArg = (axis: number) => (torch ? `dim=${axis}` : `axis=${axis}`);

  const printer: TensorPrinter = {
    id: flavour,
    reserved: new Set([...TARGET_TABLE.numpy.reserved, 'np', 'jnp', 'torch', 'math', 'jax']),
    comment: '#',
    indentUnit: '    ',
    node(ctx, n, a): P {
      const tg = ctx.tg;
      const op = tg.op[n];
      const shape = tg.shape(n);
      const at = tg.attr[n];
      switch (op) {
        case 'num': return { t: num(tg.val[n]), p: tg.val[n] < 0 ? UNARY : ATOM };
        case 'const': return atom(tg.name[n] === 'pi' ? 'math.pi' : tg.name[n] === 'e' ? 'math.e' : num(tg.val[n]));
        case 'var': return atom(tg.name[n]);
        case 'count': return countOf(ctx, n);
        case 'eye': return torch ? atom(`torch.eye(${ctx.dim(shape[0])}, ${f64})`) : call('eye', ctx.dim(shape[0]));
        case 'bcast': {
          const src = tg.args[n][0];
          const map = tg.bcastAxes(n);
          if (tg.op[src] === 'num') return torch ? atom(`torch.full(${tuple(ctx, shape)}, ${num(tg.val[src])}, ${f64})`) : call('full', tuple(ctx, shape), num(tg.val[src]));
          let x = a[0];
          if (tg.rank(src) === 1 && tg.rank(n) === 2 && map[0] === 0) x = atom(`${wrap(x, ATOM)}[:, None]`);
          if (torch) return atom(`${tg.isScalar(src) ? `torch.as_tensor(${x.t}, ${f64})` : wrap(x, ATOM)}.expand(${tuple(ctx, shape)})`);
          return call('broadcast_to', x.t, tuple(ctx, shape));
        }
        case 'add': case 'sub': case 'mul': case 'div': case 'matmul': {
          if (op === 'matmul' && torch && tg.rank(tg.args[n][0]) === 1 && tg.rank(tg.args[n][1]) === 1) return atom(`torch.dot(${a[0].t}, ${a[1].t})`);
          const [s, p] = ops[op];
          return binary(a[0], s, a[1], p);
        }
        case 'neg': {
          // −(u vᵀ) as (−u) vᵀ: the sign on the vector, not a second pass over the product
          const x = tg.args[n][0];
          if (tg.op[x] === 'outer' && !ctx.isNamed(x)) return call('outer', `-${wrap(ctx.expr(tg.args[x][0]), UNARY + 1)}`, ctx.expr(tg.args[x][1]).t);
          return { t: `-${wrap(a[0], UNARY + 1)}`, p: UNARY };
        }
        case 'pow': return { t: `${wrap(a[0], ATOM)} ** ${wrap(a[1], UNARY)}`, p: POW };
        case 'fn': return fn(ctx, tg.name[n], a, n);
        case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
          const test = binary(a[0], cmp[op], a[1], 0);
          return torch ? atom(`(${test.t}).to(torch.float64)`) : call('where', test.t, '1.0', '0.0');
        }
        case 'where': {
          const test = tg.args[n][0];
          const cond = cmp[tg.op[test]] && !ctx.isNamed(test) ? binary(ctx.expr(tg.args[test][0]), cmp[tg.op[test]], ctx.expr(tg.args[test][1]), 0).t : `${wrap(a[0], ADD)} != 0`;
          if (torch) {
            const t = (k: number) => (tg.isScalar(tg.args[n][k]) ? `torch.as_tensor(${a[k].t}, ${f64})` : a[k].t);
            return atom(`torch.where(${cond}, ${t(1)}, ${t(2)})`);
          }
          return call('where', cond, a[1].t, a[2].t);
        }
        case 'transpose': return atom(`${wrap(a[0], ATOM)}.T`);
        case 'sum': {
          if (at[0] < 0) return call('sum', a[0].t);
          return call('sum', a[0].t, axisArg(at[0]), ...(at[1] === 1 ? [torch ? 'keepdim=True' : 'keepdims=True'] : []));
        }
        case 'outer': return call('outer', a[0].t, a[1].t);
        case 'kron': {
          // torch.kron (Debian's torch 1.13) fails on transposed (non-contiguous) operands: make them contiguous
          if (!torch) return call('kron', a[0].t, a[1].t);
          const c = (k: number) => (tg.op[tg.args[n][k]] === 'var' ? a[k].t : `${wrap(a[k], ATOM)}.contiguous()`);
          return call('kron', c(0), c(1));
        }
        case 'trace': return call('trace', a[0].t);
        case 'det': return atom(`${m}.linalg.det(${a[0].t})`);
        case 'logdet': return atom(`${m}.linalg.slogdet(${a[0].t})[1]`);
        case 'inv': return atom(`${m}.linalg.inv(${a[0].t})`);
        case 'solve': return atom(`${m}.linalg.solve(${a[0].t}, ${a[1].t})`);
        case 'diag': return call('diag', a[0].t);
        case 'norm': return atom(`${m}.linalg.norm(${a[0].t})`);
        case 'amax': {
          if (!at.length) return call('max', a[0].t);
          // along an axis: torch.amax (torch.max with a dim gives a (values, indices) pair)
          const keep = at[1] === 1 ? [torch ? 'keepdim=True' : 'keepdims=True'] : [];
          return torch ? atom(`torch.amax(${a[0].t}, ${[axisArg(at[0]), ...keep].join(', ')})`) : call('max', a[0].t, axisArg(at[0]), ...keep);
        }
        case 'softmax': case 'logsoftmax': case 'logsumexp': {
          const name = op === 'logsoftmax' ? 'log_softmax' : op;
          if (torch) {
            const x = a[0].t;
            if (at[0] < 0) {
              if (op === 'logsumexp') return atom(`torch.logsumexp(torch.reshape(${x}, (-1,)), 0)`);
              return tg.rank(tg.args[n][0]) === 1 ? atom(`torch.${name}(${x}, 0)`) : atom(`torch.reshape(torch.${name}(torch.reshape(${x}, (-1,)), 0), ${wrap(a[0], ATOM)}.shape)`);
            }
            return atom(`torch.${name}(${x}, ${at[0]})`);
          }
          ctx.use(name);
          if (name === 'log_softmax') ctx.use('logsumexp');
          return atom(`partials_${name}(${a[0].t}${at[0] < 0 ? '' : `, ${at[0]}`})`);
        }
        case 'index': return atom(`${wrap(a[0], ATOM)}[${pyIndex(indexSpec(at))}]`);
        case 'scatter': {
          if (flavour !== 'jax') return atom('?'); // statements
          return atom(`jnp.zeros(${tuple(ctx, shape)}).at[${pyIndex(indexSpec(at))}].set(${a[0].t})`);
        }
        case 'stack': {
          const items = tg.args[n].map((x, i) => (torch && tg.op[x] === 'num' ? `torch.tensor(${a[i].t}, ${f64})` : a[i].t));
          return call('stack', `[${items.join(', ')}]`);
        }
        case 'reshape': return call('reshape', a[0].t, tuple(ctx, shape));
        default: throw new PartialsError(l10n('The operation {0} has no {1} form.', op, flavour), 'unsupported');
      }
    },
    statements(ctx, n, name, a) {
      const tg = ctx.tg;
      if (tg.op[n] !== 'scatter' || flavour === 'jax') return undefined;
      const shape = tg.shape(n);
      const zeros = torch ? `torch.zeros(${tuple(ctx, shape)}, ${f64})` : `np.zeros(${tuple(ctx, shape)})`;
      return [`${name} = ${zeros}`, `${name}[${pyIndex(indexSpec(tg.attr[n]))}] = ${a[0].t}`];
    },
    matvec: (m, v) => binary(m, '@', v, MUL),
    assign: (_ctx, _n, name, e) => `${name} = ${e.t}`,
    dimExpr: (name, axis) => `${name}.shape[${axis}]`,
    imports(used) {
      const out = [flavour === 'numpy' ? 'import numpy as np' : flavour === 'jax' ? 'import jax.numpy as jnp' : 'import torch'];
      if (used.has('math')) out.unshift('import math');
      return out;
    },
    helpers(used) {
      const h = HELPERS_NP(m);
      return ['logsumexp', 'softmax', 'log_softmax'].filter((k) => used.has(k)).map((k) => h[k]);
    },
    wrapFunction(name: string, params: Param[], results: Param[], body: string[], indent: string) {
      return [`def ${name}(${params.map((p) => p.name).join(', ')}):`, ...body.map((l) => indent + l), `${indent}return ${results.map((r) => r.name).join(', ')}`];
    },
  };

  function fn(ctx: PrintContext, name: string, a: P[], n: TNodeId): P {
    if (name === 'log') return a.length === 1 ? call('log', a[0].t) : binary(call('log', a[0].t), '/', call('log', a[1].t), MUL);
    if (name === 'sec' || name === 'csc' || name === 'cot' || name === 'sech') {
      const base = name === 'sec' ? 'cos' : name === 'csc' ? 'sin' : name === 'sech' ? 'cosh' : 'tan';
      return { t: `1 / ${call(base, a[0].t).t}`, p: MUL };
    }
    if (torch && FN_TORCH[name]) return call(FN_TORCH[name], a[0].t);
    if (!torch && FN_NP[name]) return call(FN_NP[name], a[0].t);
    switch (name) {
      case 'cbrt': return torch ? atom(`torch.sign(${a[0].t}) * torch.abs(${a[0].t}) ** (1 / 3)`) : call('cbrt', a[0].t);
      case 'sigmoid': return { t: `1 / (1 + ${call('exp', `-${wrap(a[0], UNARY + 1)}`).t})`, p: MUL };
      case 'softplus': return torch ? atom(`torch.logaddexp(torch.zeros_like(${a[0].t}), ${a[0].t})`) : call('logaddexp', '0', a[0].t);
      case 'relu': return call('maximum', a[0].t, '0');
      case 'leakyRelu': {
        const slope = a[1]?.t ?? '0.01';
        return call('where', `${wrap(a[0], ADD)} > 0`, a[0].t, binary(a[1] ?? atom(slope), '*', a[0], MUL).t);
      }
      case 'atan2': return call(torch ? 'atan2' : 'arctan2', a[0].t, a[1].t);
      case 'hypot': if (a.length === 2) return call('hypot', a[0].t, a[1].t); break;
      case 'min': case 'max': if (a.length === 2) return call(name === 'min' ? 'minimum' : 'maximum', a[0].t, a[1].t); break;
    }
    throw unsupportedFunction(name, flavour, ctx.tg.span[n]);
  }

  return printer;
}

/** NumPy index text from a normalised spec: 0, 1:3, : . */
function pyIndex(spec: ReturnType<typeof indexSpec>): string {
  return spec.map((s) => (s === 'all' ? ':' : typeof s === 'number' ? String(s) : `${s[0]}:${s[1]}`)).join(', ');
}
