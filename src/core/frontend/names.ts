import { lineColumn, PartialsError } from '../errors';
import { lookupFunction } from '../functions';
import { run, type Rec } from '../stack';
import type { Expr, Pos } from './ast';
import { unsupportedAt } from './errors';
import type { Lang } from './languages';
import { SCALAR_TYPES } from './parser';
import { setOwn } from '../own';
import { t as l10n } from '../l10n';

/**
 * Resolution: library spellings (np.exp, Math.Pow, std::exp, expf, x.powi(2), f64::consts::PI, M_PI …)
 * become engine functions and constants; anything unknown is refused with its name and position.
 */
export interface ResolveContext {
  lang: Lang;
  source: string;
  /** Python import aliases: alias → module. */
  aliases: Map<string, string>;
  /** Names used as plain values or assigned somewhere in the selection (receivers of method calls). */
  values: Set<string>;
  /** Functions defined in the selection, inlined where they are called. */
  helpers?: Map<string, Helper>;
  /** Helpers being inlined now (a call back into one is recursion). */
  inlining?: Set<string>;
}

export interface Helper {
  name: string;
  params: string[];
  lines: { name: string; value: Expr }[];
  ret?: Expr;
  /** It returns several values. */
  several: boolean;
  s: number;
  e: number;
}

/** A call of a function defined in the selection: its body, with the arguments for its parameters. */
function inlineHelper(h: Helper, args: Expr[], call: Pos, ctx: ResolveContext): Expr {
  const name = h.name;
  if (ctx.inlining!.has(name)) throw unsupportedAt(ctx.source, call.s, l10n("the recursive function '{0}'", name), call.e);
  if (!h.ret) throw unsupportedAt(ctx.source, call.s, l10n("a call of '{0}', which returns no value", name), call.e);
  if (h.several) throw unsupportedAt(ctx.source, call.s, l10n("a call of '{0}', which returns several values", name), call.e);
  if (args.length !== h.params.length) {
    const { line, column } = lineColumn(ctx.source, call.s);
    throw new PartialsError((h.params.length === 1 ? l10n('{0} takes {1} argument, got {2} at line {3}, column {4}.', name, h.params.length, args.length, line, column) : l10n('{0} takes {1} arguments, got {2} at line {3}, column {4}.', name, h.params.length, args.length, line, column)), 'arity', line, column, { start: call.s, end: call.e });
  }
  ctx.inlining!.add(name);
  try {
    const env = new Map<string, Expr>();
    h.params.forEach((p, i) => env.set(p, args[i]));
    for (const l of h.lines) env.set(l.name, substitute(resolveExpr(l.value, ctx), env));
    const r = substitute(resolveExpr(h.ret, ctx), env);
    return { ...r, ps: call.s, pe: call.e };
  } finally {
    ctx.inlining!.delete(name);
  }
}

/** Replaces names by expressions; a replacement keeps the brackets of the name it replaces, so spans stay put. */
function substitute(x: Expr, env: Map<string, Expr>): Expr {
  switch (x.k) {
    case 'id': {
      const v = env.get(x.name);
      return v ? { ...v, ps: x.ps ?? x.s, pe: x.pe ?? x.e } : x;
    }
    case 'un': return { ...x, a: substitute(x.a, env) };
    case 'bin': return { ...x, a: substitute(x.a, env), b: substitute(x.b, env) };
    case 'cond': return { ...x, c: substitute(x.c, env), a: substitute(x.a, env), b: substitute(x.b, env) };
    case 'fn': return { ...x, args: x.args.map((a) => substitute(a, env)) };
    default: return x;
  }
}

const MODULES = new Set(['math', 'cmath', 'np', 'numpy', 'torch', 'jnp', 'jax', 'scipy', 'special', 'F', 'nn', 'functional', 'tf', 'keras',
  'Math', 'MathF', 'StrictMath', 'std', 'f64', 'f32', 'Base', 'mpmath', 'sympy', 'sp', 'anp', 'onp', 'xp', 'cupy', 'cp', 'numbers', 'consts',
  'lax', 'libm', 'num', 'FastMath', 'Mathf', 'glm', 'Eigen', 'core', 'SpecialFunctions', 'LogExpFunctions', 'NNlib', 'Flux', 'torch_func']);

const ARRAY_OPS = new Set(['sum', 'mean', 'dot', 'matmul', 'mm', 'bmm', 'einsum', 'norm', 'transpose', 'outer', 'inner', 'tensordot', 'prod', 'cumsum', 'cumprod',
  'softmax', 'log_softmax', 'det', 'solve', 'trace', 'linspace', 'arange', 'zeros', 'ones', 'array', 'tensor', 'stack', 'concatenate', 'cat', 'reshape', 'mv',
  'matvec', 'vdot', 'kron', 'cross', 'diag', 'std', 'var', 'len', 'length', 'size', 'numel', 'range', 'argmax', 'argmin', 'amax', 'amin', 'nansum', 'mapreduce', 'reduce']);

/** Constants by the last part of a path (math.pi, Math.PI, f64::consts::FRAC_PI_2) or a C macro. */
function constantExpr(name: string, at: Pos, strictE: boolean): Expr | undefined {
  const p: Pos = { s: at.s, e: at.e };
  const num = (v: number): Expr => ({ k: 'num', v, ...p });
  const pi: Expr = { k: 'const', name: 'pi', ...p };
  const fn = (f: string, a: Expr): Expr => ({ k: 'fn', name: f, args: [a], ns: p.s, ...p });
  const div = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '/', a, b, ...p });
  const mul = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '*', a, b, ...p });
  const n = name.replace(/^M_/, '').replace(/^(?:consts|numbers)_/, '');
  switch (n) {
    case 'pi': case 'PI': case 'Pi': case 'π': return pi;
    case 'e': case 'E': case 'ℯ': return strictE || name.startsWith('M_') || name === 'ℯ' ? { k: 'const', name: 'e', ...p } : undefined;
    case 'tau': case 'TAU': case 'Tau': return mul(num(2), pi);
    case 'inf': case 'Inf': case 'INF': case 'INFINITY': case 'Infinity': case 'infty': case 'POSITIVE_INFINITY': case 'PositiveInfinity': return { k: 'const', name: 'Infinity', ...p };
    case 'PI_2': case 'FRAC_PI_2': case 'pi_2': return div(pi, num(2));
    case 'PI_4': case 'FRAC_PI_4': case 'pi_4': return div(pi, num(4));
    case 'FRAC_PI_3': return div(pi, num(3));
    case 'FRAC_PI_6': return div(pi, num(6));
    case 'FRAC_PI_8': return div(pi, num(8));
    case '1_PI': case 'FRAC_1_PI': case 'inv_pi': return div(num(1), pi);
    case '2_PI': case 'FRAC_2_PI': return div(num(2), pi);
    case '2_SQRTPI': case 'FRAC_2_SQRT_PI': return div(num(2), fn('sqrt', pi));
    case 'SQRT2': case 'SQRT_2': case 'sqrt2': return fn('sqrt', num(2));
    case 'SQRT1_2': case 'FRAC_1_SQRT_2': case 'inv_sqrt2': return div(num(1), fn('sqrt', num(2)));
    case 'LN2': case 'LN_2': case 'ln2': case 'Ln2': return fn('log', num(2));
    case 'LN10': case 'LN_10': case 'ln10': case 'Ln10': return fn('log', num(10));
    case 'LOG2E': case 'LOG2_E': case 'log2e': case 'Log2E': return div(num(1), fn('log', num(2)));
    case 'LOG10E': case 'LOG10_E': case 'log10e': case 'Log10E': return div(num(1), fn('log', num(10)));
    default: return undefined;
  }
}

const BARE_CONSTANTS: Partial<Record<Lang, string[]>> = {
  julia: ['π', 'ℯ', 'pi', 'Inf', 'Inf64'],
  matlab: ['pi', 'Inf', 'inf'],
};
const C_MACRO = /^M_(?:PI|E|PI_2|PI_4|1_PI|2_PI|2_SQRTPI|SQRT2|SQRT1_2|LN2|LN10|LOG2E|LOG10E)$/;

/** Resolves names, paths and calls to engine terms; deep nesting goes through `run` (heap, not call stack). */
export function resolveExpr(x: Expr, ctx: ResolveContext): Expr {
  return run(resolveG(x, ctx));
}

function* resolveG(x: Expr, ctx: ResolveContext): Rec<Expr> {
  switch (x.k) {
    case 'num': case 'const': return x;
    case 'fn': {
      const args: Expr[] = [];
      for (const a of x.args) args.push((yield resolveG(a, ctx)) as Expr);
      return { ...x, args };
    }
    case 'id': return resolveName(x, ctx);
    case 'path': return resolvePath(x.parts, x, ctx);
    case 'member': {
      if (['T', 'H', 'mT', 'mH'].includes(x.name)) throw unsupportedAt(ctx.source, x.s, l10n('a transpose'), x.e, l10n('Partials works with scalars'));
      throw unsupportedAt(ctx.source, x.s, l10n("member access '.{0}' on an expression", x.name), x.e);
    }
    case 'un': return { ...x, a: (yield resolveG(x.a, ctx)) as Expr };
    case 'bin': {
      // long sums and products are left-deep chains: walk the left spine in a loop (plain functions: V8 runs a long
      // loop inside a generator far slower), yielding only for a right operand that is not a name or number
      const spine: Extract<Expr, { k: 'bin' }>[] = [];
      const bottom = leftSpine(x, spine);
      let acc = (yield resolveG(bottom, ctx)) as Expr;
      for (let i = spine.length - 1; i >= 0; i--) {
        i = climbLeaves(spine, i, acc, ctx);
        acc = climbed;
        if (i < 0) break;
        const b = (yield resolveG(spine[i].b, ctx)) as Expr;
        acc = relinked(spine[i], acc, b);
      }
      return acc;
    }
    case 'cond': {
      const c = (yield resolveG(x.c, ctx)) as Expr;
      const a = (yield resolveG(x.a, ctx)) as Expr;
      const b = (yield resolveG(x.b, ctx)) as Expr;
      return { ...x, c, a, b };
    }
    case 'call': return (yield resolveCallG(x, ctx)) as Expr;
  }
}

/** The links of x's left spine into `spine` (outermost first); returns what is at its bottom. */
function leftSpine(x: Expr, spine: Extract<Expr, { k: 'bin' }>[]): Expr {
  let cur = x;
  while (cur.k === 'bin') {
    spine.push(cur);
    cur = cur.a;
  }
  return cur;
}

/** The chain resolved so far by the last climbLeaves. */
let climbed: Expr;

/**
 * Up the spine from spine[i] over the links whose right operand is a name or number (resolved here): until one whose
 * right operand needs resolveG (its index), or -1. The result so far is left in `climbed`.
 */
function climbLeaves(spine: Extract<Expr, { k: 'bin' }>[], i: number, acc: Expr, ctx: ResolveContext): number {
  for (; i >= 0; i--) {
    const b0 = spine[i].b;
    if (b0.k !== 'id' && b0.k !== 'num' && b0.k !== 'const') break;
    acc = relinked(spine[i], acc, b0.k === 'id' ? resolveName(b0, ctx) : b0);
  }
  climbed = acc;
  return i;
}

/** A link with its operands resolved: the link itself when neither changed (no copy per link of a long chain). */
function relinked(link: Extract<Expr, { k: 'bin' }>, a: Expr, b: Expr): Expr {
  return a === link.a && b === link.b ? link : { ...link, a, b };
}

function resolveName(x: Extract<Expr, { k: 'id' }>, ctx: ResolveContext): Expr {
  const n = x.name;
  if (ctx.values.has(n) && ctx.values.has(`=${n}`)) return x; // assigned in the selection: a variable
  if (n === 'pi' || n === 'π' || n === 'PI' || C_MACRO.test(n) || (BARE_CONSTANTS[ctx.lang] ?? []).includes(n) || n === 'ℯ') {
    const c = constantExpr(n, x, true);
    if (c) return c;
  }
  if (n === 'Infinity' && (ctx.lang === 'javascript' || ctx.lang === 'typescript')) return { k: 'const', name: 'Infinity', s: x.s, e: x.e };
  if (n === 'NaN') throw unsupportedAt(ctx.source, x.s, "'NaN'", x.e);
  if (n === 'eps' && ctx.lang === 'matlab') return { k: 'num', v: Number.EPSILON, s: x.s, e: x.e };
  return x;
}

function isModule(name: string, ctx: ResolveContext): boolean {
  return MODULES.has(name) || ctx.aliases.has(name);
}

function resolvePath(parts: string[], at: Pos, ctx: ResolveContext): Expr {
  const p: Pos = { s: at.s, e: at.e };
  const last = parts[parts.length - 1];
  const display = parts.join(ctx.lang === 'rust' || ctx.lang === 'cpp' || ctx.lang === 'c' || ctx.lang === 'cuda-cpp' ? '::' : '.');
  if (isModule(parts[0], ctx) && !ctx.values.has(parts[0])) {
    const c = constantExpr(last, p, true);
    if (c) return c;
    throw new PartialsError(l10n("Unknown constant '{0}' at {1}.", display, where(ctx, p.s)), 'unknown-function', ...lc(ctx, p.s), { start: p.s, end: p.e });
  }
  if (['T', 'H', 'mT', 'mH'].includes(last)) throw unsupportedAt(ctx.source, p.s, l10n("a transpose '{0}'", display), p.e, l10n('Partials works with scalars'));
  if (['shape', 'size', 'length', 'len', 'ndim', 'data', 'grad'].includes(last)) throw unsupportedAt(ctx.source, p.s, l10n("the attribute '{0}'", display), p.e);
  // a field of a record (self.w, p.x): one scalar variable named after the path
  return { k: 'id', name: parts.join('_'), s: p.s, e: p.e };
}

function where(ctx: ResolveContext, at: number): string {
  const { line, column } = lineColumn(ctx.source, at);
  return `line ${line}, column ${column}`;
}

function lc(ctx: ResolveContext, at: number): [number, number] {
  const { line, column } = lineColumn(ctx.source, at);
  return [line, column];
}

type Call = Extract<Expr, { k: 'call' }>;

function* resolveCallG(call: Call, ctx: ResolveContext): Rec<Expr> {
  const dist = normalCall(call, ctx);
  if (dist) return dist;
  const callee = call.callee;
  const args: Expr[] = [];
  for (const a of call.args) args.push((yield resolveG(a, ctx)) as Expr);
  const kw: Record<string, Expr> = {};
  for (const [k, v] of Object.entries(call.kw ?? {})) setOwn(kw, k, (yield resolveG(v, ctx)) as Expr);
  if (callee.k === 'id' && ctx.helpers?.has(callee.name)) return inlineHelper(ctx.helpers.get(callee.name)!, args, call, ctx);
  let candidates: { name: string; display: string; args: Expr[]; ns: number }[];
  // MATLAB indexes with parentheses: x(1) names one scalar when x is not a function
  if (ctx.lang === 'matlab' && callee.k === 'id' && args.length && args.every((a) => a.k === 'num' && Number.isInteger(a.v) && a.v >= 0)
    && !lookupFunction(callee.name) && !special(callee.name, args, kw, call, call.s, ctx.lang)) {
    return { k: 'id', name: `${callee.name}_${args.map((a) => (a as { v: number }).v).join('_')}`, s: call.s, e: call.e };
  }
  if (callee.k === 'id') {
    candidates = [{ name: callee.name, display: callee.name, args, ns: callee.s }];
  } else if (callee.k === 'path') {
    const parts = callee.parts;
    const name = parts[parts.length - 1];
    const display = parts.join(ctx.source.slice(callee.s, callee.e).includes('::') ? '::' : '.');
    const recv = resolvePathValue(parts.slice(0, -1), callee, ctx);
    const asModule = { name, display, args, ns: callee.s };
    const asMethod = recv ? { name, display, args: [recv, ...args], ns: callee.s } : undefined;
    if (isModule(parts[0], ctx) && !ctx.values.has(parts[0])) candidates = asMethod && parts.length > 2 ? [asModule, asMethod] : [asModule];
    else if (ctx.values.has(parts[0]) || !args.length) candidates = asMethod ? [asMethod] : [asModule];
    else if (ctx.lang === 'rust' && asMethod) candidates = [asMethod, asModule]; // x.max(y) is a method in Rust
    else candidates = asMethod ? [asModule, asMethod] : [asModule]; // an alias we were not told about, or a method
  } else if (callee.k === 'member') {
    const recv = (yield resolveG(callee.obj, ctx)) as Expr;
    candidates = [{ name: callee.name, display: `.${callee.name}`, args: [recv, ...args], ns: callee.s }];
  } else {
    throw unsupportedAt(ctx.source, call.s, l10n('calling the result of an expression'), call.e);
  }
  let firstError: PartialsError | undefined;
  for (const c of candidates) {
    try {
      return apply(c.name, c.display, c.args, kw, { s: call.s, e: call.e }, c.ns, ctx);
    } catch (e) {
      if (!(e instanceof PartialsError)) throw e;
      firstError ??= e;
    }
  }
  throw firstError!;
}

function resolvePathValue(parts: string[], p: Pos, ctx: ResolveContext): Expr | undefined {
  if (!parts.length) return undefined;
  if (parts.length === 1) return resolveName({ k: 'id', name: parts[0], s: p.s, e: p.s + parts[0].length }, ctx);
  if (isModule(parts[0], ctx)) {
    const c = constantExpr(parts[parts.length - 1], p, true);
    return c; // 2.0_f64 is a number, f64::consts::PI.sin() a constant
  }
  return { k: 'id', name: parts.join('_'), s: p.s, e: p.s + parts.join('.').length };
}

/** Spellings that are not engine functions but are simple formulas of them. */
function special(name: string, a: Expr[], kw: Record<string, Expr>, p: Pos, ns: number, lang: Lang): Expr | undefined | 'identity' {
  const num = (v: number): Expr => ({ k: 'num', v, ...p });
  const bin = (op: '+' | '-' | '*' | '/' | '^', x: Expr, y: Expr): Expr => ({ k: 'bin', op, a: x, b: y, ...p });
  const fn = (f: string, ...args: Expr[]): Expr => ({ k: 'fn', name: f, args, ns, ...p });
  const n1 = a.length === 1;
  switch (name) {
    case 'square': case 'abs2': case 'sqr': return n1 ? bin('^', a[0], num(2)) : undefined;
    case 'cube': return n1 ? bin('^', a[0], num(3)) : undefined;
    case 'rsqrt': case 'rsqrtf': case 'frsqrt_rn': case 'invsqrt': return n1 ? bin('/', num(1), fn('sqrt', a[0])) : undefined;
    case 'recip': case 'reciprocal': case 'inv': return n1 ? bin('/', num(1), a[0]) : undefined;
    case 'exp2': case 'exp2f': return n1 ? bin('^', num(2), a[0]) : undefined;
    case 'exp10': case 'exp10f': return n1 ? bin('^', num(10), a[0]) : undefined;
    case 'fma': case 'fmaf': case 'muladd': case 'mul_add': case 'fmadd': return a.length === 3 ? bin('+', bin('*', a[0], a[1]), a[2]) : undefined;
    case 'fdividef': case 'divide': case 'true_divide': case 'fdiv': return a.length === 2 ? bin('/', a[0], a[1]) : undefined;
    case 'multiply': case 'mul': return a.length === 2 ? bin('*', a[0], a[1]) : undefined;
    case 'add': return a.length === 2 ? bin('+', a[0], a[1]) : undefined;
    case 'subtract': case 'sub': return a.length === 2 ? bin('-', a[0], a[1]) : undefined;
    case 'negative': case 'neg': return n1 ? { k: 'un', op: '-', a: a[0], ...p } : undefined;
    case 'positive': return n1 ? a[0] : undefined;
    case 'powi': case 'powf': case 'pown': case 'realpow': case 'float_power': case 'power': case 'pow':
      return a.length === 2 ? fn('pow', a[0], a[1]) : undefined; // a call keeps the span of the whole call
    case 'where': case 'ifelse': case 'select': return a.length === 3 ? { k: 'cond', c: a[0], a: a[1], b: a[2], ...p } : undefined;
    case 'clip': case 'clamp': case 'clampf': {
      const lo = a[1] ?? kw.min ?? kw.a_min ?? kw.lo;
      const hi = a[2] ?? kw.max ?? kw.a_max ?? kw.hi;
      if (!a.length || (!lo && !hi)) return undefined;
      let r = a[0];
      if (lo) r = fn('max', r, lo);
      if (hi) r = fn('min', r, hi);
      return r;
    }
    case 'logaddexp': return a.length === 2 ? fn('logsumexp', a[0], a[1]) : undefined;
    case 'silu': case 'swish': return n1 ? bin('*', a[0], fn('sigmoid', a[0])) : undefined;
    case 'logaddexp2': { // log2(2^a + 2^b)
      if (a.length !== 2) return undefined;
      const ln2 = fn('log', num(2));
      return bin('/', fn('logsumexp', bin('*', a[0], ln2), bin('*', a[1], ln2)), ln2);
    }
    // x·log(y) and x·log1p(y), 0 where x is 0 (scipy.special.xlogy, torch.xlogy)
    case 'xlogy': return a.length === 2 ? { k: 'cond', c: { k: 'bin', op: '==', a: a[0], b: num(0), ...p }, a: num(0), b: bin('*', a[0], fn('log', a[1])), ...p } : undefined;
    case 'xlog1py': return a.length === 2 ? { k: 'cond', c: { k: 'bin', op: '==', a: a[0], b: num(0), ...p }, a: num(0), b: bin('*', a[0], fn('log1p', a[1])), ...p } : undefined;
    case 'logit': return n1 ? bin('-', fn('log', a[0]), fn('log1p', negated(a[0]))) : undefined;
    case 'log_sigmoid': case 'logsigmoid': case 'log_expit': case 'logσ': // log σ(x) = −softplus(−x)
      return n1 ? { k: 'un', op: '-', a: fn('softplus', negated(a[0])), ...p } : undefined;
    case 'softsign': return n1 ? bin('/', a[0], bin('+', num(1), fn('abs', a[0]))) : undefined;
    case 'sinc': { // normalised, as NumPy, Julia, MATLAB and PyTorch define it: sin(πx)/(πx), 1 at 0
      if (!n1) return undefined;
      const px = bin('*', { k: 'const', name: 'pi', ...p }, a[0]);
      return { k: 'cond', c: { k: 'bin', op: '==', a: a[0], b: num(0), ...p }, a: num(1), b: bin('/', fn('sin', px), px), ...p };
    }
    // MATLAB normcdf(x, mu, sigma) / normpdf(x, mu, sigma); StatsFuns normcdf(mu, sigma, x) is not this order
    case 'normcdf': case 'normpdf': case 'normlogpdf': case 'normlogcdf': case 'normccdf':
      if (lang === 'julia' && a.length === 3) return normal(name.replace(/^norm/, ''), a[2], a[0], a[1], p, ns);
      return a.length >= 1 && a.length <= 3 ? normal(name.replace(/^norm/, ''), a[0], a[1], a[2], p, ns) : undefined;
    case 'log_ndtr': return n1 ? fn('log', fn('normcdf', a[0])) : undefined;
    case 'degrees': case 'rad2deg': case 'to_degrees': case 'toDegrees': return n1 ? bin('/', bin('*', a[0], num(180)), { k: 'const', name: 'pi', ...p }) : undefined;
    case 'radians': case 'deg2rad': case 'to_radians': case 'toRadians': return n1 ? bin('/', bin('*', a[0], { k: 'const', name: 'pi', ...p }), num(180)) : undefined;
    case 'signum': case 'copysign': return n1 ? fn('sign', a[0]) : undefined;
    case 'ln_1p': return n1 ? fn('log1p', a[0]) : undefined;
    case 'exp_m1': return n1 ? fn('expm1', a[0]) : undefined;
    case 'log':
      // Julia's log(b, x) is the base-b logarithm of x; mathjs spells it log(x, b)
      if (a.length === 2 && lang === 'julia') return fn('log', a[1], a[0]);
      return undefined;
    case 'atan': case 'arctan': return a.length === 2 ? fn('atan2', a[0], a[1]) : undefined;
    case 'convert': return a.length === 2 ? a[1] : undefined;
  }
  if (SCALAR_TYPES.has(name) || ['Number', 'parseFloat', 'asarray', 'float_', 'to_f64', 'into', 'from', 'toDouble', 'doubleValue', 'as_f64', 'item', 'detach', 'clone', 'copy'].includes(name)) {
    if (n1) return 'identity';
  }
  return undefined;
}

/** −a, spanning a's text (a minus sign the user did not write inside a rewritten call). */
function negated(a: Expr): Expr {
  return { k: 'un', op: '-', a, s: a.s, e: a.e };
}

/**
 * The normal distribution's functions at x with mean `loc` and standard deviation `scale` (scipy.stats.norm,
 * MATLAB normcdf/normpdf, Julia Distributions, torch.distributions): cdf Φ(z), sf Φ(−z), pdf, logpdf, logcdf.
 */
function normal(method: string, x: Expr, loc: Expr | undefined, scale: Expr | undefined, p: Pos, ns: number): Expr | undefined {
  const num = (v: number): Expr => ({ k: 'num', v, ...p });
  const bin = (op: '+' | '-' | '*' | '/' | '^', a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b, ...p });
  const fn = (f: string, ...args: Expr[]): Expr => ({ k: 'fn', name: f, args, ns, ...p });
  const neg = negated;
  let z = loc ? bin('-', x, loc) : x;
  if (scale) z = bin('/', z, scale);
  const twoPi = bin('*', num(2), { k: 'const', name: 'pi', ...p });
  switch (method) {
    case 'cdf': return fn('normcdf', z);
    case 'sf': case 'ccdf': return fn('normcdf', neg(z));
    case 'logcdf': return fn('log', fn('normcdf', z));
    case 'logsf': case 'logccdf': return fn('log', fn('normcdf', neg(z)));
    case 'pdf': {
      const density = bin('/', fn('exp', neg(bin('/', bin('^', z, num(2)), num(2)))), fn('sqrt', twoPi));
      return scale ? bin('/', density, scale) : density;
    }
    case 'logpdf': {
      const l = bin('-', neg(bin('/', bin('^', z, num(2)), num(2))), bin('/', fn('log', twoPi), num(2)));
      return scale ? bin('-', l, fn('log', scale)) : l;
    }
    default: return undefined;
  }
}

const NORMAL_METHODS = new Set(['cdf', 'pdf', 'logpdf', 'logcdf', 'sf', 'logsf', 'ccdf', 'logccdf']);

/** `Normal()`, `Normal(μ, σ)`, `Distributions.Normal(…)`, `torch.distributions.Normal(…)`: its (μ, σ), else undefined. */
function normalParams(x: Expr | undefined, ctx: ResolveContext): { loc?: Expr; scale?: Expr } | undefined {
  if (!x || x.k !== 'call') return undefined;
  const c = x.callee;
  const name = c.k === 'id' ? c.name : c.k === 'path' ? c.parts[c.parts.length - 1] : undefined;
  if (name !== 'Normal' || x.args.length === 1 || x.args.length > 2) return undefined;
  const kw = x.kw ?? {};
  const loc = x.args[0] ?? kw.loc ?? kw.mu ?? kw.μ;
  const scale = x.args[1] ?? kw.scale ?? kw.sigma ?? kw.σ;
  return { loc: loc && resolveExpr(loc, ctx), scale: scale && resolveExpr(scale, ctx) };
}

/** scipy.stats.norm.cdf(x, loc, scale), Julia cdf(Normal(μ, σ), x), torch Normal(μ, σ).cdf(x), or undefined. */
function normalCall(call: Call, ctx: ResolveContext): Expr | undefined {
  const callee = call.callee;
  const p: Pos = { s: call.s, e: call.e };
  const resolve = (x: Expr | undefined) => x && resolveExpr(x, ctx);
  if (callee.k === 'path' && callee.parts.length >= 2 && callee.parts[callee.parts.length - 2] === 'norm' && NORMAL_METHODS.has(callee.parts[callee.parts.length - 1])) {
    const kw = call.kw ?? {};
    const x = call.args[0] ?? kw.x;
    if (!x || call.args.length > 3) return undefined;
    return normal(callee.parts[callee.parts.length - 1], resolveExpr(x, ctx), resolve(call.args[1] ?? kw.loc), resolve(call.args[2] ?? kw.scale), p, callee.s);
  }
  if (callee.k === 'id' && NORMAL_METHODS.has(callee.name) && call.args.length === 2) {
    const d = normalParams(call.args[0], ctx);
    if (d) return normal(callee.name, resolveExpr(call.args[1], ctx), d.loc, d.scale, p, callee.s);
  }
  if ((callee.k === 'member' || callee.k === 'path') && call.args.length === 1) {
    const method = callee.k === 'member' ? callee.name : callee.parts[callee.parts.length - 1];
    const d = callee.k === 'member' ? normalParams(callee.obj, ctx) : undefined;
    if (d && (NORMAL_METHODS.has(method) || method === 'log_prob')) return normal(method === 'log_prob' ? 'logpdf' : method, resolveExpr(call.args[0], ctx), d.loc, d.scale, p, callee.s);
  }
  return undefined;
}

function apply(name: string, display: string, args: Expr[], kw: Record<string, Expr>, p: Pos, ns: number, ctx: ResolveContext): Expr {
  const bare = name.replace(/^__/, '');
  for (const n of [bare, lowerFirst(bare), bare.toLowerCase()]) {
    const s = special(n, args, kw, p, ns, ctx.lang);
    if (s === 'identity') return args[0];
    if (s) return s;
  }
  for (const k of Object.keys(kw)) {
    throw unsupportedAt(ctx.source, kw[k].s, l10n("the keyword argument '{0}' of '{1}'", k, display), kw[k].e);
  }
  if (ARRAY_OPS.has(bare) || ARRAY_OPS.has(bare.toLowerCase())) {
    throw unsupportedAt(ctx.source, p.s, l10n("the array operation '{0}'", display), p.e, l10n('Partials works with scalar formulas'));
  }
  const tries = [bare, lowerFirst(bare), bare.toLowerCase()];
  if (/[fl]$/.test(bare) && ['c', 'cpp', 'cuda-cpp'].includes(ctx.lang)) tries.push(bare.slice(0, -1));
  let def = undefined;
  for (const t of tries) {
    def = lookupFunction(t);
    if (def) break;
    const s = special(t, args, kw, p, ns, ctx.lang);
    if (s === 'identity') return args[0];
    if (s) return s;
  }
  if (!def) {
    const { line, column } = lineColumn(ctx.source, ns);
    throw new PartialsError(l10n("Unknown function '{0}' at line {1}, column {2}.", display, line, column), 'unknown-function', line, column, { start: ns, end: p.e });
  }
  if (args.length < def.minArgs || args.length > def.maxArgs) {
    const expected = def.minArgs === def.maxArgs ? `${def.minArgs}` : (def.maxArgs === Infinity ? l10n('at least {0}', def.minArgs) : l10n('{0} or {1}', def.minArgs, def.maxArgs));
    const { line, column } = lineColumn(ctx.source, ns);
    throw new PartialsError((expected === '1' ? l10n('{0} takes {1} argument, got {2} at line {3}, column {4}.', display, expected, args.length, line, column) : l10n('{0} takes {1} arguments, got {2} at line {3}, column {4}.', display, expected, args.length, line, column)), 'arity', line, column, { start: p.s, end: p.e });
  }
  return { k: 'fn', name: def.name, args, ns, ...p };
}

function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}
