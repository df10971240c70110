import { PartialsError } from '../../errors';
import { TARGET_TABLE } from '../../codegen/targets';
import { indexSpec, type TNodeId } from '../graph';
import type { Dim } from '../shape';
import { ADD, ATOM, MUL, UNARY, atom, type P, type Param, type PrintContext, type TensorPrinter } from './types';
import { binary, literal, unsupportedFunction, wrap } from './common';
import { t as l10n } from '../../l10n';

/**
 * C++ with Eigen 3: doubles, Eigen::VectorXd and Eigen::MatrixXd. Matrix algebra prints as itself (A * B,
 * .transpose(), .inverse()); elementwise operations go through .array() and back with .matrix(), and a vector
 * that NumPy broadcasts along a matrix's rows is replicated explicitly. Every temporary has a concrete type
 * (no `auto` on expression templates).
 */
const HELPERS: Record<string, string> = {
  logsumexp: `inline double partials_logsumexp(const Eigen::MatrixXd& x) {
  const double m = x.maxCoeff();
  return m + std::log((x.array() - m).exp().sum());
}
inline Eigen::VectorXd partials_logsumexp(const Eigen::MatrixXd& x, int axis) {
  if (axis == 0) {
    const Eigen::RowVectorXd m = x.colwise().maxCoeff();
    return (m.array() + (x.rowwise() - m).array().exp().colwise().sum().log()).transpose().matrix();
  }
  const Eigen::VectorXd m = x.rowwise().maxCoeff();
  return (m.array() + (x.colwise() - m).array().exp().rowwise().sum().log()).matrix();
}`,
  softmax: `inline Eigen::MatrixXd partials_softmax(const Eigen::MatrixXd& x, int axis) {
  if (axis < 0) {
    const Eigen::ArrayXXd e = (x.array() - x.maxCoeff()).exp();
    return (e / e.sum()).matrix();
  }
  if (axis == 0) {
    const Eigen::ArrayXXd e = (x.rowwise() - x.colwise().maxCoeff()).array().exp();
    return (e.rowwise() / e.colwise().sum()).matrix();
  }
  const Eigen::ArrayXXd e = (x.colwise() - x.rowwise().maxCoeff()).array().exp();
  return (e.colwise() / e.rowwise().sum()).matrix();
}`,
  log_softmax: `inline Eigen::MatrixXd partials_log_softmax(const Eigen::MatrixXd& x, int axis) {
  if (axis < 0) return (x.array() - partials_logsumexp(x)).matrix();
  if (axis == 0) return x.rowwise() - partials_logsumexp(x, 0).transpose();
  return x.colwise() - partials_logsumexp(x, 1);
}`,
};

/** C++ scalar expressions of the elementwise functions, over a double v (w: the second argument). */
const SCALAR: Record<string, (v: string, w?: string) => string> = {
  sin: (v) => `std::sin(${v})`, cos: (v) => `std::cos(${v})`, tan: (v) => `std::tan(${v})`,
  sec: (v) => `1.0 / std::cos(${v})`, csc: (v) => `1.0 / std::sin(${v})`, cot: (v) => `1.0 / std::tan(${v})`,
  asin: (v) => `std::asin(${v})`, acos: (v) => `std::acos(${v})`, atan: (v) => `std::atan(${v})`,
  sinh: (v) => `std::sinh(${v})`, cosh: (v) => `std::cosh(${v})`, tanh: (v) => `std::tanh(${v})`, sech: (v) => `1.0 / std::cosh(${v})`,
  asinh: (v) => `std::asinh(${v})`, acosh: (v) => `std::acosh(${v})`, atanh: (v) => `std::atanh(${v})`,
  exp: (v) => `std::exp(${v})`, log: (v) => `std::log(${v})`, log2: (v) => `std::log2(${v})`, log10: (v) => `std::log10(${v})`,
  log1p: (v) => `std::log1p(${v})`, expm1: (v) => `std::expm1(${v})`, sqrt: (v) => `std::sqrt(${v})`, cbrt: (v) => `std::cbrt(${v})`,
  abs: (v) => `std::abs(${v})`, sign: (v) => `static_cast<double>((0.0 < ${v}) - (${v} < 0.0))`, floor: (v) => `std::floor(${v})`, ceil: (v) => `std::ceil(${v})`,
  sigmoid: (v) => `1.0 / (1.0 + std::exp(-${v}))`, softplus: (v) => `std::max(${v}, 0.0) + std::log1p(std::exp(-std::abs(${v})))`,
  relu: (v) => `std::max(${v}, 0.0)`,
  atan2: (v, w) => `std::atan2(${v}, ${w})`, hypot: (v, w) => `std::hypot(${v}, ${w})`, min: (v, w) => `std::min(${v}, ${w})`, max: (v, w) => `std::max(${v}, ${w})`,
};
/** Array methods Eigen has for the same functions. */
const ARRAY: Record<string, string> = { exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'abs', sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh', sinh: 'sinh', cosh: 'cosh', log1p: 'log1p', log10: 'log10', asin: 'asin', acos: 'acos', atan: 'atan', expm1: 'expm1' };

const TYPES = ['double', 'Eigen::VectorXd', 'Eigen::MatrixXd'];

export function eigenPrinter(): TensorPrinter {
  const num = (v: number): string => (Number.isNaN(v) ? 'std::numeric_limits<double>::quiet_NaN()' : !Number.isFinite(v) ? `${v < 0 ? '-' : ''}std::numeric_limits<double>::infinity()` : literal(v));
  const arr = (x: P) => `${wrap(x, ATOM)}.array()`;
  const mat = (t: string) => atom(`(${t}).matrix()`);
  const constant = (ctx: PrintContext, shape: readonly Dim[], v: string) =>
    atom(shape.length === 1 ? `Eigen::VectorXd::Constant(${ctx.dim(shape[0])}, ${v})` : `Eigen::MatrixXd::Constant(${ctx.dim(shape[0])}, ${ctx.dim(shape[1])}, ${v})`);
  /** Argument i of n repeated to n's shape (NumPy broadcasting made explicit); scalars stay scalars. */
  const full = (ctx: PrintContext, n: TNodeId, i: number, x: P): P => {
    const tg = ctx.tg;
    const a = tg.args[n][i];
    if (tg.isScalar(a) || tg.sameShape(a, n)) return x;
    return broadcast(ctx, a, tg.shape(n), x, undefined);
  };
  const broadcast = (ctx: PrintContext, src: TNodeId, shape: readonly Dim[], x: P, map: number[] | undefined): P => {
    const tg = ctx.tg;
    if (tg.isScalar(src)) return constant(ctx, shape, x.t);
    if (tg.rank(src) === 1 && shape.length === 2) {
      return (map ?? [1])[0] === 0 ? atom(`${wrap(x, ATOM)}.replicate(1, ${ctx.dim(shape[1])})`) : atom(`${wrap(x, ATOM)}.transpose().replicate(${ctx.dim(shape[0])}, 1)`);
    }
    const ss = tg.shape(src);
    const f = shape.map((d, k) => (tg.dims.find(ss[k]) === 1 && tg.dims.find(d) !== 1 ? ctx.dim(d) : '1'));
    return atom(`${wrap(x, ATOM)}.replicate(${f.join(', ')}${f.length === 1 ? ', 1' : ''})`);
  };
  const cmp: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

  const printer: TensorPrinter = {
    id: 'eigen',
    reserved: new Set([...TARGET_TABLE.cpp.reserved, 'Eigen', 'std', 'main']),
    comment: '//',
    indentUnit: '  ',
    node(ctx, n, a): P {
      const tg = ctx.tg;
      const op = tg.op[n];
      const shape = tg.shape(n);
      const at = tg.attr[n];
      const sc = (i: number) => tg.isScalar(tg.args[n][i]);
      const F = (i: number) => full(ctx, n, i, a[i]);
      switch (op) {
        case 'num': return { t: num(tg.val[n]), p: tg.val[n] < 0 ? UNARY : ATOM };
        case 'const': return atom(num(tg.val[n]));
        case 'var': return atom(tg.name[n]);
        case 'count': return atom(`static_cast<double>(${tg.countDims(n).map((d) => ctx.dim(d)).join(' * ')})`);
        case 'eye': return atom(`Eigen::MatrixXd::Identity(${ctx.dim(shape[0])}, ${ctx.dim(shape[0])})`);
        case 'bcast': return broadcast(ctx, tg.args[n][0], shape, a[0], tg.bcastAxes(n));
        case 'add': case 'sub': {
          const s = op === 'add' ? '+' : '-';
          if (tg.isScalar(n)) return binary(a[0], s, a[1], ADD);
          if (sc(0)) return mat(`${wrap(a[0], ADD + 1)} ${s} ${arr(F(1))}`);
          if (sc(1)) return mat(`${arr(F(0))} ${s} ${wrap(a[1], ADD + 1)}`);
          return binary(F(0), s, F(1), ADD);
        }
        case 'mul': {
          if (tg.isScalar(n)) return binary(a[0], '*', a[1], MUL);
          if (sc(0) || sc(1)) return binary(a[0], '*', a[1], MUL);
          return atom(`${wrap(F(0), ATOM)}.cwiseProduct(${F(1).t})`);
        }
        case 'div': {
          if (tg.isScalar(n)) return binary(a[0], '/', a[1], MUL);
          if (sc(1)) return binary(a[0], '/', a[1], MUL);
          if (sc(0)) return mat(`${wrap(a[0], MUL)} / ${arr(F(1))}`);
          return atom(`${wrap(F(0), ATOM)}.cwiseQuotient(${F(1).t})`);
        }
        case 'neg': return { t: `-${wrap(a[0], UNARY + 1)}`, p: UNARY };
        case 'pow': {
          if (tg.isScalar(n)) return atom(`std::pow(${a[0].t}, ${a[1].t})`);
          if (sc(1)) return tg.isNum(tg.args[n][1], 2) ? mat(`${arr(a[0])}.square()`) : mat(`${arr(a[0])}.pow(${a[1].t})`);
          if (sc(0)) return mat(`Eigen::pow(${a[0].t}, ${arr(F(1))})`);
          return mat(`${arr(F(0))}.pow(${arr(F(1))})`);
        }
        case 'fn': {
          const name = tg.name[n];
          const f = SCALAR[name] ?? (name === 'log' ? SCALAR.log : undefined);
          if (!f || (name === 'log' && a.length > 1) || a.length > 2) {
            if (name === 'log' && a.length === 2) {
              return tg.isScalar(n) ? atom(`(std::log(${a[0].t}) / std::log(${a[1].t}))`) : mat(`${arr(F(0))}.log() / std::log(${a[1].t})`);
            }
            throw unsupportedFunction(name, 'Eigen', tg.span[n]);
          }
          if (tg.isScalar(n)) return atom(`(${f(wrap(a[0], ATOM), a[1] && wrap(a[1], ATOM))})`);
          if (a.length === 1) {
            if (ARRAY[name]) return mat(`${arr(a[0])}.${ARRAY[name]}()`);
            if (name === 'relu') return atom(`${wrap(a[0], ATOM)}.cwiseMax(0.0)`);
            return atom(`${wrap(a[0], ATOM)}.unaryExpr([](double v) { return ${f('v')}; })`);
          }
          const b = (i: number) => (sc(i) ? constant(ctx, shape, a[i].t) : F(i));
          return atom(`${wrap(b(0), ATOM)}.binaryExpr(${b(1).t}, [](double v, double w) { return ${f('v', 'w')}; })`);
        }
        case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
          if (tg.isScalar(n)) return atom(`(${wrap(a[0], ADD)} ${cmp[op]} ${wrap(a[1], ADD)} ? 1.0 : 0.0)`);
          return mat(`(${test(ctx, n, a)}).cast<double>()`);
        }
        case 'where': {
          const t = tg.args[n][0];
          if (tg.isScalar(n)) {
            const c = cmp[tg.op[t]] && !ctx.isNamed(t) ? `${wrap(ctx.expr(tg.args[t][0]), ADD)} ${cmp[tg.op[t]]} ${wrap(ctx.expr(tg.args[t][1]), ADD)}` : `${wrap(a[0], ADD)} != 0.0`;
            return atom(`(${c} ? ${a[1].t} : ${a[2].t})`);
          }
          const c = cmp[tg.op[t]] && !ctx.isNamed(t) && tg.sameShape(t, n)
            ? test(ctx, t, [ctx.expr(tg.args[t][0]), ctx.expr(tg.args[t][1])])
            : `${arr(tg.isScalar(t) ? constant(ctx, shape, a[0].t) : F(0))} != 0.0`;
          const b = (i: number) => arr(sc(i) ? constant(ctx, shape, a[i].t) : F(i));
          return mat(`(${c}).select(${b(1)}, ${b(2)})`);
        }
        case 'matmul': {
          const [p, q] = tg.args[n];
          if (tg.rank(p) === 1 && tg.rank(q) === 1) return atom(`${wrap(a[0], ATOM)}.dot(${a[1].t})`);
          return binary(a[0], '*', a[1], MUL);
        }
        case 'transpose': return atom(`${wrap(a[0], ATOM)}.transpose()`);
        case 'sum': {
          const x = wrap(a[0], ATOM);
          if (at[0] < 0 || tg.rank(tg.args[n][0]) === 1) return at[1] === 1 && tg.rank(n) === 1 ? atom(`Eigen::VectorXd::Constant(1, ${x}.sum())`) : atom(`${x}.sum()`);
          if (at[0] === 0) return atom(at[1] === 1 ? `${x}.colwise().sum()` : `${x}.colwise().sum().transpose()`);
          return atom(`${x}.rowwise().sum()`);
        }
        case 'outer': return binary(a[0], '*', atom(`${wrap(a[1], ATOM)}.transpose()`), MUL);
        // Eigen's Kronecker product lives in the unsupported module (unsupported/Eigen/KroneckerProduct, shipped with Eigen 3)
        case 'kron': ctx.use('kron'); return atom(`Eigen::MatrixXd(Eigen::kroneckerProduct(${a[0].t}, ${a[1].t}))`);
        case 'trace': return atom(`${wrap(a[0], ATOM)}.trace()`);
        case 'det': return atom(`${wrap(a[0], ATOM)}.determinant()`);
        case 'logdet': return atom(`std::log(std::abs(${wrap(a[0], ATOM)}.determinant()))`);
        case 'inv': return atom(`${wrap(a[0], ATOM)}.inverse()`);
        case 'solve': return atom(`${wrap(a[0], ATOM)}.partialPivLu().solve(${a[1].t})`);
        case 'diag': return tg.rank(tg.args[n][0]) === 1 ? atom(`Eigen::MatrixXd(${wrap(a[0], ATOM)}.asDiagonal())`) : atom(`${wrap(a[0], ATOM)}.diagonal()`);
        case 'norm': return atom(`${wrap(a[0], ATOM)}.norm()`);
        case 'amax': {
          const x = wrap(a[0], ATOM);
          if (!at.length || tg.rank(tg.args[n][0]) === 1) return at[1] === 1 ? atom(`Eigen::VectorXd::Constant(1, ${x}.maxCoeff())`) : atom(`${x}.maxCoeff()`);
          if (at[0] === 0) return atom(at[1] === 1 ? `${x}.colwise().maxCoeff()` : `${x}.colwise().maxCoeff().transpose()`);
          return atom(`${x}.rowwise().maxCoeff()`);
        }
        case 'softmax': case 'logsoftmax': {
          const name = op === 'softmax' ? 'softmax' : 'log_softmax';
          ctx.use(name);
          ctx.use('logsumexp');
          const r = `partials_${name}(${a[0].t}, ${at[0]})`;
          return atom(tg.rank(n) === 1 ? `Eigen::VectorXd(${r})` : r);
        }
        case 'logsumexp':
          ctx.use('logsumexp');
          return atom(at[0] < 0 ? `partials_logsumexp(${a[0].t})` : `partials_logsumexp(${a[0].t}, ${at[0]})`);
        case 'index': return atom(`${wrap(a[0], ATOM)}${eigenIndex(indexSpec(at), tg.rank(tg.args[n][0]))}`);
        case 'scatter': return atom('?');
        case 'stack': {
          const items = tg.args[n];
          if (tg.rank(items[0]) === 0) return atom(`(Eigen::VectorXd(${items.length}) << ${a.map((x) => x.t).join(', ')}).finished()`);
          return atom(`(Eigen::MatrixXd(${items.length}, ${ctx.dim(tg.shape(items[0])[0])}) << ${a.map((x) => `${wrap(x, ATOM)}.transpose()`).join(', ')}).finished()`);
        }
        case 'reshape': {
          const src = tg.args[n][0];
          const x = wrap(a[0], ATOM);
          const flat = tg.rank(src) === 2 ? `${x}.transpose().reshaped()` : x;
          if (shape.length === 0) return atom(`${tg.rank(src) === 2 ? `${x}(0, 0)` : `${x}(0)`}`);
          if (shape.length === 1) return atom(`Eigen::VectorXd(${flat})`);
          const [p, q] = shape.map((d) => ctx.dim(d));
          return atom(`Eigen::MatrixXd(${tg.rank(src) === 2 ? `${x}.transpose()` : x}.reshaped(${q}, ${p}).transpose())`);
        }
        default: throw new PartialsError(l10n('The operation {0} has no Eigen form.', op), 'unsupported');
      }
    },
    statements(ctx, n, name, a) {
      const tg = ctx.tg;
      if (tg.op[n] !== 'scatter') return undefined;
      const shape = tg.shape(n);
      const spec = indexSpec(tg.attr[n]);
      const zero = shape.length === 1 ? `Eigen::VectorXd::Zero(${ctx.dim(shape[0])})` : `Eigen::MatrixXd::Zero(${ctx.dim(shape[0])}, ${ctx.dim(shape[1])})`;
      const g = tg.rank(tg.args[n][0]) === 1 && spec.length === 2 && typeof spec[0] === 'number' ? `${wrap(a[0], ATOM)}.transpose()` : a[0].t;
      return [`${TYPES[shape.length]} ${name} = ${zero};`, `${name}${eigenIndex(spec, shape.length, true)} = ${g};`];
    },
    matvec: (m, v) => binary(m, '*', v, MUL),
    assign: (ctx, n, name, e) => `const ${TYPES[ctx.tg.rank(n)]} ${name} = ${e.t};`,
    dimExpr: (name, axis, rank) => (rank === 1 ? `${name}.size()` : axis === 0 ? `${name}.rows()` : `${name}.cols()`),
    imports: (used) => ['#include <Eigen/Dense>', ...(used.has('kron') ? ['#include <unsupported/Eigen/KroneckerProduct>'] : []), '#include <algorithm>', '#include <cmath>', '#include <limits>'],
    helpers: (used) => ['logsumexp', 'softmax', 'log_softmax'].filter((k) => used.has(k)).map((k) => HELPERS[k]),
    wrapFunction(name: string, params: Param[], results: Param[], body: string[], indent: string) {
      const ps = params.map((p) => (p.rank === 0 ? `double ${p.name}` : `const ${TYPES[p.rank]}& ${p.name}`)).join(', ');
      return [
        `struct ${name}_result {`,
        ...results.map((r) => `${indent}${TYPES[r.rank]} ${r.name};`),
        '};',
        `inline ${name}_result ${name}(${ps}) {`,
        ...body.map((l) => indent + l),
        `${indent}return {${results.map((r) => r.name).join(', ')}};`,
        '}',
      ];
    },
  };

  /** The boolean array of a comparison node n (a: its printed operands). */
  function test(ctx: PrintContext, n: TNodeId, a: P[]): string {
    const tg = ctx.tg;
    const side = (i: number) => (tg.isScalar(tg.args[n][i]) ? wrap(a[i], ADD + 1) : arr(full(ctx, n, i, a[i])));
    return `${side(0)} ${cmp[tg.op[n]]} ${side(1)}`;
  }

  return printer;
}

/** Eigen indexing from a normalised spec (0-based, as NumPy). `lvalue`: a row is assigned as a row. */
function eigenIndex(spec: ReturnType<typeof indexSpec>, rank: number, lvalue = false): string {
  const len = (s: [number, number]) => s[1] - s[0];
  if (rank === 1) {
    const s = spec[0];
    return typeof s === 'number' ? `(${s})` : s === 'all' ? '' : `.segment(${s[0]}, ${len(s)})`;
  }
  const [r, c] = spec;
  const rowT = lvalue ? '' : '.transpose()';
  if (typeof r === 'number' && typeof c === 'number') return `(${r}, ${c})`;
  if (typeof r === 'number') return c === 'all' ? `.row(${r})${rowT}` : `.row(${r}).segment(${(c as [number, number])[0]}, ${len(c as [number, number])})${rowT}`;
  if (typeof c === 'number') return r === 'all' ? `.col(${c})` : `.col(${c}).segment(${r[0]}, ${len(r)})`;
  const rows = r === 'all' ? undefined : r;
  const cols = c === 'all' ? undefined : c;
  if (!rows && !cols) return '';
  if (!rows) return `.middleCols(${cols![0]}, ${len(cols!)})`;
  if (!cols) return `.middleRows(${rows[0]}, ${len(rows)})`;
  return `.block(${rows[0]}, ${cols[0]}, ${len(rows)}, ${len(cols)})`;
}
