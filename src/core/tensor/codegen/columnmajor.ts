import { PartialsError } from '../../errors';
import { TARGET_TABLE } from '../../codegen/targets';
import { indexSpec, type TNodeId } from '../graph';
import { ADD, ATOM, MUL, POW, UNARY, atom, type P, type Param, type PrintContext, type TensorPrinter } from './types';
import { binary, countOf, literal, unsupportedFunction, wrap } from './common';
import { t as l10n } from '../../l10n';

/**
 * MATLAB/Octave and Julia: column-major languages with 1-based indices where a vector is a column. A NumPy
 * vector is a column here; where NumPy broadcasts it along the rows of a matrix it is transposed into a row
 * first, reductions along axis 0 give a column again, and C-order reshapes go through transposes.
 */
type Lang = 'matlab' | 'julia';

const MATLAB_HELPERS: Record<string, string> = {
  logsumexp: `function y = partials_logsumexp(x, d)
  % log(sum(exp(x))) over all entries (d = 0) or along dimension d, without overflow
  if d == 0
    m = max(x(:));
    y = m + log(sum(exp(x(:) - m)));
  else
    m = max(x, [], d);
    y = m + log(sum(exp(x - m), d));
  end
end`,
  softmax: `function y = partials_softmax(x, d)
  if d == 0
    e = exp(x - max(x(:)));
    y = e / sum(e(:));
  else
    e = exp(x - max(x, [], d));
    y = e ./ sum(e, d);
  end
end`,
  log_softmax: `function y = partials_log_softmax(x, d)
  y = x - partials_logsumexp(x, d);
end`,
  where: `function r = partials_where(c, a, b)
  % c ? a : b entry by entry, with implicit expansion
  z = zeros(size(c + a + b));
  c = c + z;
  a = a + z;
  r = b + z;
  r(c ~= 0) = a(c ~= 0);
end`,
};

const JULIA_HELPERS: Record<string, string> = {
  logsumexp: `function partials_logsumexp(x; dims=:)
    m = maximum(x; dims=dims)
    return m .+ log.(sum(exp.(x .- m); dims=dims))
end`,
  softmax: `function partials_softmax(x; dims=:)
    e = exp.(x .- maximum(x; dims=dims))
    return e ./ sum(e; dims=dims)
end`,
  log_softmax: `function partials_log_softmax(x; dims=:)
    return x .- partials_logsumexp(x; dims=dims)
end`,
};

const FNS = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'sech', 'asinh', 'acosh', 'atanh', 'exp',
  'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'floor', 'ceil']);

export function columnMajorPrinter(lang: Lang): TensorPrinter {
  const ml = lang === 'matlab';
  const tr = (x: P): P => (ml ? atom(`${wrap(x, ATOM)}.'`) : atom(`transpose(${x.t})`));
  const num = (v: number): string => (Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? (v > 0 ? 'Inf' : '-Inf') : literal(v));
  const dot = ml ? '' : '.';
  const call = (f: string, ...a: string[]) => atom(`${f}${dot}(${a.join(', ')})`);
  const cmp: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: ml ? '~=' : '!=' };
  const el: Record<string, [string, number]> = { add: ['+', ADD], sub: ['-', ADD], mul: ['.*', MUL], div: ['./', MUL], pow: ['.^', POW] };
  const elOp = (s: string) => (ml || s.startsWith('.') ? s : `.${s}`);
  const zeros = (ctx: PrintContext, shape: readonly (string | number)[]) => (shape.length === 1 ? `zeros(${ctx.dim(shape[0])}${ml ? ', 1' : ''})` : `zeros(${shape.map((d) => ctx.dim(d)).join(', ')})`);
  /** Index text, 1-based: 3, 2:4, : */
  const idx = (spec: ReturnType<typeof indexSpec>) => spec.map((s) => (s === 'all' ? ':' : typeof s === 'number' ? String(s + 1) : `${s[0] + 1}:${s[1]}`)).join(', ');

  /** Argument i of elementwise node n, as a row where NumPy would broadcast a vector along a matrix's rows. */
  const aligned = (ctx: PrintContext, n: TNodeId, i: number, a: P): P => (ctx.tg.rank(n) === 2 && ctx.tg.rank(ctx.tg.args[n][i]) === 1 ? tr(a) : a);

  const printer: TensorPrinter = {
    id: lang,
    reserved: new Set([...(ml ? TARGET_TABLE.matlab.reserved : TARGET_TABLE.julia.reserved), 'pi', 'I', 'eye', 'zeros', 'sum', 'size', 'inv', 'det', 'norm', 'diag', 'exp', 'log', 'max', 'min', 'maximum', 'reshape', 'abs', 'sqrt', 'trace', 'transpose', 'dot']),
    comment: ml ? '%' : '#',
    indentUnit: ml ? '  ' : '    ',
    needsName: (ctx, n) => ml && (ctx.tg.op[n] === 'index' || ctx.tg.op[n] === 'reshape'),
    node(ctx, n, a): P {
      const tg = ctx.tg;
      const op = tg.op[n];
      const shape = tg.shape(n);
      const at = tg.attr[n];
      const A = (i: number) => aligned(ctx, n, i, a[i]);
      switch (op) {
        case 'num': return { t: num(tg.val[n]), p: tg.val[n] < 0 ? UNARY : ATOM };
        case 'const': return atom(tg.name[n] === 'pi' ? 'pi' : tg.name[n] === 'e' ? (ml ? 'exp(1)' : 'exp(1.0)') : num(tg.val[n]));
        case 'var': return atom(tg.name[n]);
        case 'count': return countOf(ctx, n);
        case 'eye': return atom(ml ? `eye(${ctx.dim(shape[0])})` : `Matrix{Float64}(I, ${ctx.dim(shape[0])}, ${ctx.dim(shape[0])})`);
        case 'bcast': {
          const src = tg.args[n][0];
          const s = shape.map((d) => ctx.dim(d));
          if (tg.isScalar(src)) return ml ? atom(`repmat(${a[0].t}, ${s[0]}, ${s[1] ?? 1})`) : atom(`fill(${a[0].t}, ${s.join(', ')})`);
          if (tg.rank(src) === 1 && tg.rank(n) === 2) {
            const map = tg.bcastAxes(n);
            return map[0] === 0 ? atom(`${ml ? 'repmat' : 'repeat'}(${a[0].t}, 1, ${s[1]})`) : atom(`${ml ? 'repmat' : 'repeat'}(${tr(a[0]).t}, ${s[0]}, 1)`);
          }
          const ss = tg.shape(src);
          const f = shape.map((d, i) => (tg.dims.find(ss[i]) === 1 && tg.dims.find(d) !== 1 ? ctx.dim(d) : '1'));
          return atom(`${ml ? 'repmat' : 'repeat'}(${a[0].t}, ${f.join(', ')}${f.length === 1 ? ', 1' : ''})`);
        }
        case 'add': case 'sub': case 'mul': case 'div': case 'pow': {
          const [s, p] = el[op];
          if (op === 'pow') return { t: `${wrap(A(0), ATOM)} ${elOp(s)} ${wrap(A(1), UNARY)}`, p: POW };
          return binary(A(0), elOp(s), A(1), p);
        }
        case 'neg': {
          // −(u vᵀ) as (−u) vᵀ: the sign on the vector, not a second pass over the product
          const x = tg.args[n][0];
          if (tg.op[x] === 'outer' && !ctx.isNamed(x)) return binary({ t: `-${wrap(ctx.expr(tg.args[x][0]), UNARY + 1)}`, p: UNARY }, '*', tr(ctx.expr(tg.args[x][1])), MUL);
          return { t: `-${wrap(a[0], UNARY + 1)}`, p: UNARY };
        }
        case 'fn': return fn(ctx, n, a.map((_x, i) => A(i)));
        case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
          const t = binary(A(0), elOp(cmp[op]), A(1), 0).t;
          return atom(ml ? `double(${t})` : `Float64.(${t})`);
        }
        case 'where': {
          const test = tg.args[n][0];
          if (ml) {
            ctx.use('where');
            return atom(`partials_where(${A(0).t}, ${A(1).t}, ${A(2).t})`);
          }
          const cond = cmp[tg.op[test]] && !ctx.isNamed(test)
            ? binary(aligned(ctx, n, 0, aligned(ctx, test, 0, ctx.expr(tg.args[test][0]))), elOp(cmp[tg.op[test]]), aligned(ctx, n, 0, aligned(ctx, test, 1, ctx.expr(tg.args[test][1]))), 0).t
            : `${wrap(A(0), ADD)} .!= 0`;
          return atom(`ifelse.(${cond}, ${A(1).t}, ${A(2).t})`);
        }
        case 'matmul': {
          const [p, q] = tg.args[n];
          if (tg.rank(p) === 1 && tg.rank(q) === 1) return ml ? binary(tr(a[0]), '*', a[1], MUL) : atom(`dot(${a[0].t}, ${a[1].t})`);
          return binary(a[0], '*', a[1], MUL);
        }
        case 'transpose': return tr(a[0]);
        case 'sum': {
          const r = tg.rank(tg.args[n][0]);
          if (at[0] < 0) return atom(r === 2 && ml ? `sum(sum(${a[0].t}))` : `sum(${a[0].t})`);
          const keep = at[1] === 1;
          if (ml) {
            if (r === 1) return atom(`sum(${a[0].t})`);
            const s = atom(`sum(${a[0].t}, ${at[0] + 1})`);
            return at[0] === 0 && !keep ? tr(s) : s;
          }
          const s = `sum(${a[0].t}, dims=${at[0] + 1})`;
          return atom(keep ? s : `vec(${s})`);
        }
        case 'outer': return binary(a[0], '*', tr(a[1]), MUL);
        case 'kron': return atom(`kron(${a[0].t}, ${a[1].t})`);
        case 'trace': return atom(ml ? `trace(${a[0].t})` : `tr(${a[0].t})`);
        case 'det': return atom(`det(${a[0].t})`);
        case 'logdet': return atom(ml ? `log(abs(det(${a[0].t})))` : `logabsdet(${a[0].t})[1]`);
        case 'inv': return atom(`inv(${a[0].t})`);
        case 'solve': return binary(a[0], '\\', a[1], MUL);
        case 'diag': return atom(!ml && tg.rank(tg.args[n][0]) === 1 ? `diagm(${a[0].t})` : `diag(${a[0].t})`);
        case 'norm': return atom(ml && tg.rank(tg.args[n][0]) === 2 ? `norm(${a[0].t}, 'fro')` : `norm(${a[0].t})`);
        case 'amax': {
          const r = tg.rank(tg.args[n][0]);
          if (at.length && r === 2) {
            // along a dimension: MATLAB's max(X, [], k) (a row for k = 1, transposed back to a column vector), Julia's maximum(X; dims=k)
            const keep = at[1] === 1;
            if (ml) { const s = atom(`max(${a[0].t}, [], ${at[0] + 1})`); return at[0] === 0 && !keep ? tr(s) : s; }
            const s = `maximum(${a[0].t}, dims=${at[0] + 1})`;
            return atom(keep ? s : `vec(${s})`);
          }
          if (at.length && at[1] === 1) return atom(ml ? `max(${a[0].t})` : `[maximum(${a[0].t})]`);
          if (!ml) return atom(`maximum(${a[0].t})`);
          return atom(tg.rank(tg.args[n][0]) === 2 ? `max(reshape(${a[0].t}, [], 1))` : `max(${a[0].t})`);
        }
        case 'softmax': case 'logsoftmax': case 'logsumexp': {
          const name = op === 'logsoftmax' ? 'log_softmax' : op;
          ctx.use(name);
          if (name === 'log_softmax') ctx.use('logsumexp');
          const axis = at[0];
          if (ml) {
            const r = atom(`partials_${name}(${a[0].t}, ${axis < 0 ? 0 : axis + 1})`);
            return op === 'logsumexp' && axis === 0 ? tr(r) : r;
          }
          const r = atom(`partials_${name}(${a[0].t}${axis < 0 ? '' : `; dims=${axis + 1}`})`);
          return op === 'logsumexp' && axis >= 0 ? atom(`vec(${r.t})`) : r;
        }
        case 'index': {
          const spec = indexSpec(at);
          const x = atom(`${wrap(a[0], ATOM)}${ml ? '(' : '['}${idx(spec)}${ml ? ')' : ']'}`);
          // MATLAB keeps a row for X(i, :); NumPy's X[i, :] is a vector (a column here)
          return ml && spec.length === 2 && typeof spec[0] === 'number' && typeof spec[1] !== 'number' ? tr(x) : x;
        }
        case 'scatter': return atom('?');
        case 'stack': {
          const items = tg.args[n];
          if (tg.rank(items[0]) === 0) return atom(ml ? `[${a.map((x) => x.t).join('; ')}]` : `[${a.map((x) => x.t).join(', ')}]`);
          return ml ? atom(`[${a.map((x) => tr(x).t).join('; ')}]`) : atom(`permutedims(hcat(${a.map((x) => x.t).join(', ')}))`);
        }
        case 'reshape': {
          const src = tg.args[n][0];
          const rs = tg.rank(src);
          // C order: the rows of the source, read one after another
          const flat = rs === 2 ? (ml ? atom(`reshape(${tr(a[0]).t}, [], 1)`) : atom(`vec(permutedims(${a[0].t}))`)) : a[0];
          if (shape.length === 1) return flat;
          if (shape.length === 0) return ml ? atom(`${wrap(flat, ATOM)}(1)`) : atom(`${wrap(flat, ATOM)}[1]`);
          const [p, q] = shape.map((d) => ctx.dim(d));
          return ml ? atom(`reshape(${flat.t}, ${q}, ${p}).'`) : atom(`permutedims(reshape(${flat.t}, ${q}, ${p}))`);
        }
        default: throw new PartialsError(l10n('The operation {0} has no {1} form.', op, lang), 'unsupported');
      }
    },
    statements(ctx, n, name, a) {
      const tg = ctx.tg;
      if (tg.op[n] !== 'scatter') return undefined;
      const spec = idx(indexSpec(tg.attr[n]));
      if (ml) return [`${name} = ${zeros(ctx, tg.shape(n))};`, `${name}(${spec}) = ${a[0].t};`];
      return [`${name} = ${zeros(ctx, tg.shape(n))}`, `${name}[${spec}] ${tg.isScalar(tg.args[n][0]) ? '=' : '.='} ${a[0].t}`];
    },
    matvec: (m, v) => binary(m, '*', v, MUL),
    assign: (_ctx, _n, name, e) => `${name} = ${e.t}${ml ? ';' : ''}`,
    dimExpr: (name, axis) => `size(${name}, ${axis + 1})`,
    imports: () => (ml ? [] : ['using LinearAlgebra']),
    helpers(used) {
      const h = ml ? MATLAB_HELPERS : JULIA_HELPERS;
      return ['logsumexp', 'softmax', 'log_softmax', 'where'].filter((k) => used.has(k) && h[k]).map((k) => h[k]);
    },
    wrapFunction(name: string, params: Param[], results: Param[], body: string[], indent: string) {
      const ps = params.map((p) => p.name).join(', ');
      if (ml) return [`function [${results.map((r) => r.name).join(', ')}] = ${name}(${ps})`, ...body.map((l) => indent + l), 'end'];
      return [`function ${name}(${ps})`, ...body.map((l) => indent + l), `${indent}return ${results.map((r) => r.name).join(', ')}`, 'end'];
    },
  };

  function fn(ctx: PrintContext, n: TNodeId, a: P[]): P {
    const name = ctx.tg.name[n];
    const neg = (x: P) => ({ t: `-${wrap(x, UNARY + 1)}`, p: UNARY });
    const e = ml ? '' : '.';
    if (name === 'log') return a.length === 1 ? call('log', a[0].t) : binary(call('log', a[0].t), './', call('log', a[1].t), MUL);
    if (FNS.has(name)) return call(name, a[0].t);
    switch (name) {
      case 'cbrt': return ml ? atom(`nthroot(${a[0].t}, 3)`) : call('cbrt', a[0].t);
      case 'sigmoid': return { t: `1 ./ (1 ${e}+ ${call('exp', neg(a[0]).t).t})`, p: MUL };
      case 'softplus': return binary(call('max', a[0].t, '0'), `${e}+`, call('log1p', call('exp', neg(call('abs', a[0].t)).t).t), ADD);
      case 'relu': return call('max', a[0].t, '0');
      case 'atan2': return call(ml ? 'atan2' : 'atan', a[0].t, a[1].t);
      case 'hypot': if (a.length === 2) return call('hypot', a[0].t, a[1].t); break;
      case 'min': case 'max': if (a.length === 2) return call(name, a[0].t, a[1].t); break;
    }
    throw unsupportedFunction(name, lang, ctx.tg.span[n]);
  }

  return printer;
}
