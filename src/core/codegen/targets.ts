import type { CompareOp, NodeId } from '../graph';
import { C_E, C_PI, erfHelper, GO_IF_ELSE, numpyErf } from './helpers';
import { ASCII_IDENTIFIER, type IdentifierSyntax, type Naming } from './names';
import { call, ExprPrinter, P, type FnSpell, type Printed } from './printer';
import type { TargetId } from './types';

/** What a function-form wrapper needs to know. */
export interface Signature {
  name: string;
  params: string[];
  value: string;
  grad: string[];
  /** Full symmetric matrix of names, rows and columns in parameter order (Hessian style). */
  hess?: string[][];
  /** Fresh names the wrapper may need (MATLAB's output vectors). */
  fresh: (base: string) => string;
}

export interface Target {
  id: TargetId;
  naming: Naming;
  /** Go exports functions by capitalising them. */
  exportedFunctions?: boolean;
  indentUnit: string;
  /** Evaluating a branch not taken can raise (Python math, Julia): never hoist what only a branch uses. */
  raisesOnDomain: boolean;
  reserved: ReadonlySet<string>;
  /** What the target accepts as an identifier (the user's names that it refuses are renamed consistently). */
  identifier: IdentifierSyntax;
  printer(aliases: Record<string, string>): ExprPrinter;
  /** A line comment holding `text`, made safe for the target (see `commentText`): never code, never two lines. */
  comment(text: string): string;
  declare(name: string, expr: string, mutable: boolean): string;
  accumulate(name: string, expr: string): string;
  /** Wraps body lines (already indented one level) into the function. */
  wrap(sig: Signature, body: string[], unit: string): string[];
  /** Import lines the code needs (the code with comments stripped). */
  imports(code: string, aliases: Record<string, string>): string[];
  /** Helper definitions the code calls. */
  helpers(code: string, aliases: Record<string, string>): string[];
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

// Identifiers: Unicode letters where the language takes them, in the normal form its compiler folds names to.
const UNICODE = (extra = '', normal: 'NFC' | 'NFKC' = 'NFKC', underscoresOnly = false): IdentifierSyntax => ({
  start: new RegExp(`[\\p{L}_${extra}]`, 'u'), part: new RegExp(`[\\p{L}\\p{Nd}_${extra}]`, 'u'), normal, underscoresOnly,
});
const PY_IDENTIFIER = UNICODE('', 'NFKC', true);
const JS_IDENTIFIER = UNICODE('$', 'NFC', true);
const JAVA_IDENTIFIER = UNICODE('$', 'NFKC');
const GO_IDENTIFIER = UNICODE('', 'NFKC');
const RUST_IDENTIFIER = UNICODE('', 'NFKC');
const JULIA_IDENTIFIER = UNICODE('', 'NFKC');
const C_IDENTIFIER: IdentifierSyntax = { ...ASCII_IDENTIFIER, underscoresOnly: true };
const MATLAB_IDENTIFIER: IdentifierSyntax = { start: /[A-Za-z]/, part: /[A-Za-z0-9_]/, maxLength: 63 };

/**
 * The user's text as the body of a one-line comment: it can never end the comment or become code.
 *   - line breaks of any kind (\r, \n, U+2028/2029 that end a JavaScript comment, U+0085…) become spaces;
 *   - control, format and bidi characters (which Rust refuses in comments, and which hide text) are written as \uXXXX;
 *   - Java: every backslash is doubled, so no `\u000a` in the text is ever read as a Unicode escape (javac
 *     translates them before it sees comments);
 *   - C and C++: no backslash (nor the trigraph ??/) at the end, which would splice the next line into the comment;
 *   - Python: no `coding:` declaration (PEP 263 reads one in a comment on the first two lines).
 */
export function commentText(text: string, id: TargetId): string {
  let t = text.replace(/\t/g, ' ').replace(/\r\n?|[\n\v\f\u0085\u2028\u2029]/g, ' ');
  t = t.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  if (id === 'java') t = t.replace(/\\/g, '\\\\');
  if (id === 'c' || id === 'cpp') t = t.replace(/\?\?(?=[/=()<>!'-])/g, '? ?').replace(/[\\\s]+$/, '');
  if (id === 'python' || id === 'numpy' || id === 'pytorch') t = t.replace(/coding([:=])/g, 'coding $1');
  return t.trimEnd();
}
/** Python's math module has these (abs as fabs). */
const MATH_MODULE_FNS = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp',
  'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'abs', 'floor', 'ceil', 'erf', 'erfc', 'atan2', 'hypot']);
/** Printed text made only of numbers, math.pi / math.e and arithmetic: a Python float, not a tensor. */
const isConstantText = (s: string): boolean => /^[\d.eE+\-*/() ]*$/.test(s.replace(/\bmath\.(pi|e|inf)\b/g, '1'));
const isLiteral = (s: string): boolean => /^-?\(?-?[\d.]+(e[-+]?\d+)?(_f64)?\)?$/.test(s);

// ---- Python, NumPy, PyTorch ---------------------------------------------------------------------------

const PY_RESERVED = words(`False None True and as assert async await break class continue def del elif else except finally for
  from global if import in is lambda nonlocal not or pass raise return try while with yield math np numpy torch F abs min max round
  _erf`);

class PythonPrinter extends ExprPrinter {
  protected m: string;
  fns: Record<string, FnSpell>;
  protected override andOp = 'and';
  protected override orOp = 'or';
  protected override notOp = 'not ';

  constructor(aliases: Record<string, string>, prefix?: string) {
    super();
    this.m = prefix ?? aliases.math ?? 'math';
    const m = (f: string) => call(`${this.m}.${f}`);
    this.fns = {
      sin: m('sin'), cos: m('cos'), tan: m('tan'), asin: m('asin'), acos: m('acos'), atan: m('atan'),
      sinh: m('sinh'), cosh: m('cosh'), tanh: m('tanh'), asinh: m('asinh'), acosh: m('acosh'), atanh: m('atanh'),
      exp: m('exp'), log: m('log'), log2: m('log2'), log10: m('log10'), log1p: m('log1p'), expm1: m('expm1'),
      sqrt: m('sqrt'), floor: m('floor'), ceil: m('ceil'), erf: m('erf'), erfc: m('erfc'), atan2: m('atan2'), hypot: m('hypot'),
      abs: call('abs'), min: call('min'), max: call('max'),
    };
  }

  protected override literal(v: number, ctx: number): Printed {
    if (!Number.isFinite(v)) return this.nonFinite(v);
    return super.literal(v, ctx);
  }
  protected override floatText(v: number): string {
    return String(v);
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return [`${this.m}.nan`, P.atom];
    return v > 0 ? [`${this.m}.inf`, P.atom] : [`-${this.m}.inf`, P.neg];
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? `${this.m}.pi` : name === 'e' ? `${this.m}.e` : undefined;
  }
  protected override pow(base: NodeId, exp: NodeId): Printed {
    return [`${this.p(base, P.pow)} ** ${this.p(exp, P.neg - 0.5)}`, P.pow];
  }
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    return [`${this.p(a, P.cond)} if ${this.p(t, P.cond, true)} else ${this.p(b, P.cond - 0.5)}`, P.cond];
  }
  /** Python's `not` binds looser than comparisons. */
  protected override logic(op: 'and' | 'or' | 'not', a: NodeId[]): Printed {
    if (op === 'not') return [`not ${this.p(a[0], P.and + 0.5, true)}`, P.and + 0.5];
    return super.logic(op, a);
  }
}

class NumpyPrinter extends PythonPrinter {
  constructor(aliases: Record<string, string>) {
    super(aliases, aliases.numpy ?? 'np');
    const np = this.m;
    const f = (name: string) => call(`${np}.${name}`);
    const nest = (name: string): FnSpell => (arg, n) => {
      let out = arg(0);
      for (let i = 1; i < n; i++) out = `${np}.${name}(${out}, ${arg(i)})`;
      return out;
    };
    this.fns = {
      sin: f('sin'), cos: f('cos'), tan: f('tan'), asin: f('arcsin'), acos: f('arccos'), atan: f('arctan'),
      sinh: f('sinh'), cosh: f('cosh'), tanh: f('tanh'), asinh: f('arcsinh'), acosh: f('arccosh'), atanh: f('arctanh'),
      exp: f('exp'), log: f('log'), log2: f('log2'), log10: f('log10'), log1p: f('log1p'), expm1: f('expm1'),
      sqrt: f('sqrt'), cbrt: f('cbrt'), abs: f('abs'), sign: f('sign'), floor: f('floor'), ceil: f('ceil'),
      atan2: f('arctan2'), hypot: nest('hypot'), min: nest('minimum'), max: nest('maximum'), erf: call('_erf'),
      // exp(-log(1 + e^-x)) and log(1 + e^x) through logaddexp: no overflow in either tail.
      sigmoid: (arg) => {
        const a = arg(0, P.neg);
        const minusA = /^\(-[\w.]+\)$/.test(a) ? a.slice(2, -1) : `-${a}`;
        return `${np}.exp(-${np}.logaddexp(0.0, ${minusA}))`;
      },
      softplus: (arg) => `${np}.logaddexp(0.0, ${arg(0)})`,
      logsumexp: nest('logaddexp'),
    };
  }
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    return [`${this.m}.where(${this.p(t, 0, true)}, ${this.p(a, 0)}, ${this.p(b, 0)})`, P.atom];
  }
  protected override logic(op: 'and' | 'or' | 'not', a: NodeId[]): Printed {
    return [`${this.m}.logical_${op}(${a.map((x) => this.p(x, 0, true)).join(', ')})`, P.atom];
  }
}

class TorchPrinter extends PythonPrinter {
  constructor(aliases: Record<string, string>) {
    super(aliases, aliases.torch ?? 'torch');
    const t = this.m;
    // torch functions take tensors: on plain numbers (sqrt(2/pi)) they raise, so those use Python's math.
    const f = (name: string): FnSpell => (arg, n) => {
      const args = Array.from({ length: n }, (_, i) => arg(i));
      const onNumbers = MATH_MODULE_FNS.has(name) && args.every(isConstantText);
      return `${onNumbers ? `math.${name === 'abs' ? 'fabs' : name}` : `${t}.${name}`}(${args.join(', ')})`;
    };
    const F = aliases['torch.nn.functional'] ?? 'F';
    const clampOr = (name: string, bound: 'min' | 'max'): FnSpell => (arg, n) => {
      let out = arg(0);
      for (let i = 1; i < n; i++) {
        const b = arg(i);
        out = isLiteral(b) ? `${t}.clamp(${out}, ${bound}=${b})` : isLiteral(out) ? `${t}.clamp(${b}, ${bound}=${out})` : `${t}.${name}(${out}, ${b})`;
      }
      return out;
    };
    this.fns = {
      sin: f('sin'), cos: f('cos'), tan: f('tan'), asin: f('asin'), acos: f('acos'), atan: f('atan'),
      sinh: f('sinh'), cosh: f('cosh'), tanh: f('tanh'), asinh: f('asinh'), acosh: f('acosh'), atanh: f('atanh'),
      exp: f('exp'), log: f('log'), log2: f('log2'), log10: f('log10'), log1p: f('log1p'), expm1: f('expm1'),
      sqrt: f('sqrt'), abs: f('abs'), sign: f('sign'), floor: f('floor'), ceil: f('ceil'), erf: f('erf'), erfc: f('erfc'), erfinv: f('erfinv'),
      normcdf: (arg) => `${t}.special.ndtr(${arg(0)})`,
      atan2: f('atan2'), hypot: f('hypot'), min: clampOr('minimum', 'max'), max: clampOr('maximum', 'min'),
      sigmoid: f('sigmoid'), relu: f('relu'), softplus: call(`${F}.softplus`), leakyRelu: call(`${F}.leaky_relu`),
      gelu: (arg) => `${F}.gelu(${arg(0)}, approximate='tanh')`,
    };
    this.arity = { hypot: [2], leakyRelu: [1] };
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'math.pi' : name === 'e' ? 'math.e' : undefined;
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['math.nan', P.atom];
    return v > 0 ? ['math.inf', P.atom] : ['-math.inf', P.neg];
  }
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    return [`${this.m}.where(${this.p(t, 0, true)}, ${this.p(a, 0)}, ${this.p(b, 0)})`, P.atom];
  }
  protected override logic(op: 'and' | 'or' | 'not', a: NodeId[]): Printed {
    return [`${this.m}.logical_${op}(${a.map((x) => this.p(x, 0, true)).join(', ')})`, P.atom];
  }
}

function pythonFamily(id: 'python' | 'numpy' | 'pytorch'): Target {
  return {
    id, naming: 'snake', indentUnit: '    ', raisesOnDomain: id === 'python', reserved: PY_RESERVED, identifier: PY_IDENTIFIER,
    printer: (aliases) => (id === 'python' ? new PythonPrinter(aliases) : id === 'numpy' ? new NumpyPrinter(aliases) : new TorchPrinter(aliases)),
    comment: (t) => `# ${commentText(t, id)}`,
    declare: (n, e) => `${n} = ${e}`,
    // Arrays are mutable: `+=` would also change every other name bound to the same array.
    accumulate: (n, e) => (id === 'python' ? `${n} += ${e}` : `${n} = ${n} + ${e}`),
    wrap: (sig, body, u) => {
      const tuple = (xs: string[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);
      const ret = [sig.value, tuple(sig.grad)];
      if (sig.hess) ret.push(tuple(sig.hess.map(tuple)));
      return [`def ${sig.name}(${sig.params.join(', ')}):`, ...body, `${u}return ${ret.join(', ')}`];
    },
    imports: (code, al) => {
      const out: string[] = [];
      const as = (mod: string, alias: string) => (mod === alias ? `import ${mod}` : `import ${mod} as ${alias}`);
      if (id === 'numpy' && new RegExp(`\\b${al.numpy ?? 'np'}\\.`).test(code)) out.push(as('numpy', al.numpy ?? 'np'));
      if (id === 'pytorch' && new RegExp(`\\b${al.torch ?? 'torch'}\\.`).test(code)) out.push(as('torch', al.torch ?? 'torch'));
      const F = al['torch.nn.functional'] ?? 'F';
      if (id === 'pytorch' && new RegExp(`\\b${F}\\.`).test(code)) out.push(as('torch.nn.functional', F));
      const math = id === 'python' ? al.math ?? 'math' : 'math';
      if (new RegExp(`(^|[^\\w.])${math}\\.`).test(code) || (id === 'numpy' && /\b_erf\(/.test(code))) out.push(as('math', math));
      return out;
    },
    helpers: (code, al) => (id === 'numpy' && /\b_erf\(/.test(code) ? [numpyErf(al.numpy ?? 'np')] : []),
  };
}

// ---- C-like: C, C++, Java, JavaScript, TypeScript, Go ------------------------------------------------------

const C_FNS = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp', 'log', 'log2',
  'log10', 'log1p', 'expm1', 'sqrt', 'cbrt', 'floor', 'ceil', 'round', 'erf', 'erfc', 'atan2', 'hypot'];

class CPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor(private readonly std: string) {
    super();
    this.fns = Object.fromEntries(C_FNS.map((f) => [f, call(`${std}${f}`)]));
    Object.assign(this.fns, { abs: call(`${std}fabs`), max: call(`${std}fmax`), min: call(`${std}fmin`) });
    this.arity = { hypot: [2], max: [2], min: [2] };
    this.powFn = `${std}pow`;
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'M_PI' : name === 'e' ? 'M_E' : undefined;
  }
}

class JavaPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor() {
    super();
    const m = (f: string) => call(`Math.${f}`);
    this.fns = Object.fromEntries(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'log10', 'log1p',
      'expm1', 'sqrt', 'cbrt', 'abs', 'floor', 'ceil', 'atan2', 'hypot', 'max', 'min'].map((f) => [f, m(f)]));
    Object.assign(this.fns, { sign: m('signum'), erf: call('erf') });
    this.arity = { hypot: [2], max: [2], min: [2] };
    this.powFn = 'Math.pow';
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'Math.PI' : name === 'e' ? 'Math.E' : undefined;
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['Double.NaN', P.atom];
    return v > 0 ? ['Double.POSITIVE_INFINITY', P.atom] : ['Double.NEGATIVE_INFINITY', P.atom];
  }
  protected override boolToNum(text: string): Printed {
    return [`${text} ? 1.0 : 0.0`, P.cond];
  }
}

class JsPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor(private readonly typed: boolean) {
    super();
    const m = (f: string) => call(`Math.${f}`);
    this.fns = Object.fromEntries(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp',
      'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'cbrt', 'abs', 'sign', 'floor', 'ceil', 'atan2', 'hypot', 'max', 'min'].map((f) => [f, m(f)]));
    this.fns.erf = call('erf');
  }
  protected override floatText(v: number): string {
    return String(v);
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['NaN', P.atom];
    return v > 0 ? ['Infinity', P.atom] : ['-Infinity', P.neg];
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'Math.PI' : name === 'e' ? 'Math.E' : undefined;
  }
  /** `**` may not take a unary operand on its left, and -x ** 2 is a syntax error: give it unary precedence. */
  protected override pow(base: NodeId, exp: NodeId): Printed {
    return [`${this.p(base, P.pow)} ** ${this.p(exp, P.neg - 0.5)}`, P.neg];
  }
  protected override cmpText(op: CompareOp): string {
    return op === 'eq' ? '===' : op === 'ne' ? '!==' : super.cmpText(op);
  }
  protected override boolToNum(text: string, prec: number): Printed {
    return this.typed ? [`${text} ? 1 : 0`, P.cond] : [text, prec];
  }
}

class GoPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor() {
    super();
    const names: Record<string, string> = { sin: 'Sin', cos: 'Cos', tan: 'Tan', asin: 'Asin', acos: 'Acos', atan: 'Atan', sinh: 'Sinh',
      cosh: 'Cosh', tanh: 'Tanh', asinh: 'Asinh', acosh: 'Acosh', atanh: 'Atanh', exp: 'Exp', log: 'Log', log2: 'Log2', log10: 'Log10',
      log1p: 'Log1p', expm1: 'Expm1', sqrt: 'Sqrt', cbrt: 'Cbrt', abs: 'Abs', floor: 'Floor', ceil: 'Ceil', round: 'Round', erf: 'Erf', erfc: 'Erfc', erfinv: 'Erfinv',
      atan2: 'Atan2', hypot: 'Hypot', max: 'Max', min: 'Min' };
    this.fns = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, call(`math.${v}`)]));
    this.arity = { hypot: [2], max: [2], min: [2] };
    this.powFn = 'math.Pow';
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'math.Pi' : name === 'e' ? 'math.E' : undefined;
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['math.NaN()', P.atom];
    return [`math.Inf(${v > 0 ? 1 : -1})`, P.atom];
  }
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    return [`ifElse(${this.p(t, 0, true)}, ${this.p(a, 0)}, ${this.p(b, 0)})`, P.atom];
  }
  protected override boolToNum(text: string): Printed {
    return [`ifElse(${text}, 1.0, 0.0)`, P.atom];
  }
}

const C_RESERVED = words(`auto break case char const continue default do double else enum extern float for goto if inline int long register
  restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false main grad hess
  sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp log log2 log10 log1p expm1 sqrt cbrt floor ceil round erf erfc atan2
  hypot fabs fmax fmin pow y0 y1 yn j0 j1 jn gamma M_PI M_E NAN INFINITY HUGE_VAL errno _Bool _Complex _Imaginary _Alignas
  _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local`);
const CPP_RESERVED = new Set([...C_RESERVED, ...words(`class namespace new delete template this throw try catch using virtual public private
  protected friend operator typename std and or not xor and_eq bitand bitor compl not_eq or_eq xor_eq alignas alignof
  char8_t char16_t char32_t concept consteval constexpr constinit const_cast co_await co_return co_yield decltype dynamic_cast explicit export
  mutable noexcept nullptr reinterpret_cast requires static_assert static_cast thread_local typeid wchar_t`)]);
const JAVA_RESERVED = words(`abstract assert boolean break byte case catch char class const continue default do double else enum extends
  final finally float for goto if implements import instanceof int interface long native new package private protected public return
  short static strictfp super switch synchronized this throw throws transient try void volatile while true false null var Math erf _ yield
  record Double System String`);
const JS_RESERVED = words(`break case catch class const continue debugger default delete do else enum export extends false finally for
  function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static
  implements interface package private protected public await arguments eval Math NaN Infinity undefined erf number`);
const GO_RESERVED = words(`break case chan const continue default defer else fallthrough for func go goto if import interface map package
  range return select struct switch type var math ifElse float64 int bool true false nil len cap new make append copy _ iota`);

function cFamily(id: 'c' | 'cpp'): Target {
  const std = id === 'cpp' ? 'std::' : '';
  return {
    id, naming: 'snake', indentUnit: '    ', raisesOnDomain: false, reserved: id === 'cpp' ? CPP_RESERVED : C_RESERVED, identifier: C_IDENTIFIER,
    printer: () => new CPrinter(std),
    comment: (t) => `// ${commentText(t, id)}`,
    declare: (n, e) => `double ${n} = ${e};`,
    accumulate: (n, e) => `${n} += ${e};`,
    wrap: (sig, body, u) => {
      const n = Math.max(sig.grad.length, 1);
      const params = [...sig.params.map((p) => `double ${p}`), `double grad[${n}]`];
      if (sig.hess) params.push(`double hess[${n}][${n}]`);
      const out = sig.grad.map((g, i) => `${u}grad[${i}] = ${g};`);
      sig.hess?.forEach((row, i) => row.forEach((h, j) => out.push(`${u}hess[${i}][${j}] = ${h};`)));
      return [`double ${sig.name}(${params.join(', ')}) {`, ...body, ...out, `${u}return ${sig.value};`, '}'];
    },
    imports: () => [id === 'cpp' ? '#include <cmath>' : '#include <math.h>'],
    helpers: (code) => [...(/\bM_PI\b/.test(code) ? [C_PI] : []), ...(/\bM_E\b/.test(code) ? [C_E] : [])],
  };
}

const java: Target = {
  id: 'java', naming: 'camel', indentUnit: '    ', raisesOnDomain: false, reserved: JAVA_RESERVED, identifier: JAVA_IDENTIFIER,
  printer: () => new JavaPrinter(),
  comment: (t) => `// ${commentText(t, 'java')}`,
  declare: (n, e) => `double ${n} = ${e};`,
  accumulate: (n, e) => `${n} += ${e};`,
  wrap: (sig, body, u) => {
    const all = [sig.value, ...sig.grad, ...(sig.hess?.flat() ?? [])];
    return [`static double[] ${sig.name}(${sig.params.map((p) => `double ${p}`).join(', ')}) {`, ...body, `${u}return new double[] {${all.join(', ')}};`, '}'];
  },
  imports: () => [],
  helpers: (code) => (/(^|[^\w.])erf\(/m.test(code) ? [erfHelper('java')] : []),
};

function jsFamily(id: 'javascript' | 'typescript'): Target {
  const ts = id === 'typescript';
  return {
    id, naming: 'camel', indentUnit: '  ', raisesOnDomain: false, reserved: JS_RESERVED, identifier: JS_IDENTIFIER,
    printer: () => new JsPrinter(ts),
    comment: (t) => `// ${commentText(t, id)}`,
    declare: (n, e, mutable) => `${mutable ? 'let' : 'const'} ${n} = ${e};`,
    accumulate: (n, e) => `${n} += ${e};`,
    wrap: (sig, body, u) => {
      const vec = (k: number) => `[${Array(k).fill('number').join(', ')}]`;
      const retType = [`number`, vec(sig.grad.length), ...(sig.hess ? [`[${Array(sig.grad.length).fill(vec(sig.grad.length)).join(', ')}]`] : [])];
      const params = sig.params.map((p) => (ts ? `${p}: number` : p)).join(', ');
      const ret = [sig.value, `[${sig.grad.join(', ')}]`, ...(sig.hess ? [`[${sig.hess.map((r) => `[${r.join(', ')}]`).join(', ')}]`] : [])];
      return [`function ${sig.name}(${params})${ts ? `: [${retType.join(', ')}]` : ''} {`, ...body, `${u}return [${ret.join(', ')}];`, '}'];
    },
    imports: () => [],
    helpers: (code) => (/(^|[^\w.])erf\(/m.test(code) ? [erfHelper(id)] : []),
  };
}

const go: Target = {
  id: 'go', naming: 'camel', exportedFunctions: true, indentUnit: '\t', raisesOnDomain: false, reserved: GO_RESERVED, identifier: GO_IDENTIFIER,
  printer: () => new GoPrinter(),
  comment: (t) => `// ${commentText(t, 'go')}`,
  declare: (n, e) => `${n} := ${e}`,
  accumulate: (n, e) => `${n} += ${e}`,
  wrap: (sig, body, u) => {
    const k = sig.grad.length;
    const params = sig.params.length ? `${sig.params.join(', ')} float64` : '';
    const types = ['float64', `[${k}]float64`, ...(sig.hess ? [`[${k}][${k}]float64`] : [])];
    const ret = [sig.value, `[${k}]float64{${sig.grad.join(', ')}}`, ...(sig.hess ? [`[${k}][${k}]float64{${sig.hess.map((r) => `{${r.join(', ')}}`).join(', ')}}`] : [])];
    return [`func ${sig.name}(${params}) (${types.join(', ')}) {`, ...body, `${u}return ${ret.join(', ')}`, '}'];
  },
  imports: (code) => (/(^|[^\w.])math\./m.test(code) ? ['import "math"'] : []),
  helpers: (code) => (/\bifElse\(/.test(code) ? [GO_IF_ELSE] : []),
};

// ---- Rust ---------------------------------------------------------------------------------------------

class RustPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor() {
    super();
    const m = (f: string): FnSpell => (arg, n) => `${arg(0, P.recv)}.${f}(${Array.from({ length: n - 1 }, (_, i) => arg(i + 1)).join(', ')})`;
    const names: Record<string, string> = { sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh',
      cosh: 'cosh', tanh: 'tanh', asinh: 'asinh', acosh: 'acosh', atanh: 'atanh', exp: 'exp', log: 'ln', log2: 'log2', log10: 'log10',
      log1p: 'ln_1p', expm1: 'exp_m1', sqrt: 'sqrt', cbrt: 'cbrt', abs: 'abs', floor: 'floor', ceil: 'ceil', round: 'round',
      atan2: 'atan2', hypot: 'hypot', max: 'max', min: 'min' };
    this.fns = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, m(v)]));
    this.fns.erf = call('erf');
    this.arity = { hypot: [2], max: [2], min: [2] };
  }
  protected override literal(v: number, ctx: number): Printed {
    const [text, prec] = super.literal(v, ctx);
    // A method call on a bare float literal is ambiguous in Rust: 2.0_f64.ln().
    if (ctx >= P.recv && Number.isFinite(v)) return [`${text}_f64`, prec];
    return [text, prec];
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['f64::NAN', P.atom];
    return [v > 0 ? 'f64::INFINITY' : 'f64::NEG_INFINITY', P.atom];
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'std::f64::consts::PI' : name === 'e' ? 'std::f64::consts::E' : undefined;
  }
  protected override pow(base: NodeId, exp: NodeId): Printed {
    const k = this.intExponent(exp);
    if (k !== undefined) return [`${this.p(base, P.recv)}.powi(${k})`, P.atom];
    return [`${this.p(base, P.recv)}.powf(${this.p(exp, 0)})`, P.atom];
  }
  /** A method on an expression of literals alone needs its type spelled: `((0.5 - 0.25) as f64).powi(2)`. */
  protected override p(n: NodeId, ctx: number, wantBool = false): string {
    if (ctx === P.recv && this.g.op[n] !== 'num' && this.env.nameOf(n) === undefined && this.literalsOnly(n)) {
      return `(${super.p(n, P.neg)} as f64)`;
    }
    return super.p(n, ctx, wantBool);
  }
  private literalsOnly(n: NodeId): boolean {
    return this.g.reachable([n]).every((m) => this.g.op[m] !== 'var' && this.g.op[m] !== 'const' && this.env.nameOf(m) === undefined);
  }

  /** A literal arm gets a type suffix: `if c { 3.0 } else { 2.0 }.powi(2)` would not resolve. */
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    const arm = (n: NodeId) => (this.g.op[n] === 'num' ? this.literal(this.g.val[n], P.recv)[0] : this.p(n, 0));
    return [`if ${this.p(t, 0, true)} { ${arm(a)} } else { ${arm(b)} }`, P.cond];
  }
  protected override boolToNum(text: string): Printed {
    return [`if ${text} { 1.0_f64 } else { 0.0 }`, P.cond];
  }
}

const RUST_RESERVED = words(`as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref
  return self Self static struct super trait true type unsafe use where while async await dyn abstract become box do final macro
  override priv typeof unsized virtual yield try f64 erf std _ None Some Ok Err`);

const rust: Target = {
  id: 'rust', naming: 'snake', indentUnit: '    ', raisesOnDomain: false, reserved: RUST_RESERVED, identifier: RUST_IDENTIFIER,
  printer: () => new RustPrinter(),
  comment: (t) => `// ${commentText(t, 'rust')}`,
  // A value made only of float literals has no type of its own yet (methods on it would not resolve).
  declare: (n, e, mutable) => `let ${mutable ? 'mut ' : ''}${n}${/^[-+*/().\de\s]+$/.test(e) ? ': f64' : ''} = ${e};`,
  accumulate: (n, e) => `${n} += ${e};`,
  wrap: (sig, body, u) => {
    const k = sig.grad.length;
    const types = ['f64', `[f64; ${k}]`, ...(sig.hess ? [`[[f64; ${k}]; ${k}]`] : [])];
    const ret = [sig.value, `[${sig.grad.join(', ')}]`, ...(sig.hess ? [`[${sig.hess.map((r) => `[${r.join(', ')}]`).join(', ')}]`] : [])];
    return [`fn ${sig.name}(${sig.params.map((p) => `${p}: f64`).join(', ')}) -> (${types.join(', ')}) {`, ...body, `${u}(${ret.join(', ')})`, '}'];
  },
  imports: () => [],
  helpers: (code) => (/(^|[^\w.])erf\(/m.test(code) ? [erfHelper('rust')] : []),
};

// ---- Julia --------------------------------------------------------------------------------------------

class JuliaPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  constructor() {
    super();
    this.fns = Object.fromEntries(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'sinh', 'cosh', 'tanh', 'sech', 'asinh',
      'acosh', 'atanh', 'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'cbrt', 'abs', 'sign', 'floor', 'ceil', 'erf', 'erfc', 'erfinv', 'hypot',
      'max', 'min'].map((f) => [f, call(f)]));
    this.fns.atan2 = call('atan');
    this.fns.round = (arg) => `round(${arg(0)}, RoundNearestTiesAway)`;
    this.arity = { log: [1] };
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'pi' : name === 'e' ? 'MathConstants.e' : undefined;
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['NaN', P.atom];
    return v > 0 ? ['Inf', P.atom] : ['-Inf', P.neg];
  }
  protected override pow(base: NodeId, exp: NodeId): Printed {
    const k = this.intExponent(exp);
    const e = k !== undefined ? (k < 0 ? `(${k})` : String(k)) : this.p(exp, P.pow);
    return [`${this.p(base, P.pow)}^${e}`, P.pow];
  }
}

const JULIA_RESERVED = words(`baremodule begin break catch const continue do else elseif end export false finally for function global if
  import let local macro module quote return struct true try using while pi im Inf NaN erf erfc erfinv outer public abstract
  primitive type mutable where isa in MathConstants RoundNearestTiesAway SpecialFunctions`);

const julia: Target = {
  id: 'julia', naming: 'snake', indentUnit: '    ', raisesOnDomain: true, reserved: JULIA_RESERVED, identifier: JULIA_IDENTIFIER,
  printer: () => new JuliaPrinter(),
  comment: (t) => `# ${commentText(t, 'julia')}`,
  declare: (n, e) => `${n} = ${e}`,
  accumulate: (n, e) => `${n} += ${e}`,
  wrap: (sig, body, u) => {
    const tuple = (xs: string[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);
    const ret = [sig.value, tuple(sig.grad), ...(sig.hess ? [`[${sig.hess.map((r) => r.join(' ')).join('; ')}]`] : [])];
    return [`function ${sig.name}(${sig.params.join(', ')})`, ...body, `${u}return (${ret.join(', ')})`, 'end'];
  },
  imports: (code) => {
    const used = ['erf', 'erfc', 'erfinv'].filter((f) => new RegExp(`(^|[^\\w.])${f}\\(`, 'm').test(code));
    return used.length ? [`using SpecialFunctions: ${used.join(', ')}`] : [];
  },
  helpers: () => [],
};

// ---- MATLAB / Octave ----------------------------------------------------------------------------------

class MatlabPrinter extends ExprPrinter {
  fns: Record<string, FnSpell>;
  protected override mulOp = '.*';
  protected override divOp = './';
  protected override andOp = '&';
  protected override orOp = '|';
  protected override notOp = '~';
  constructor() {
    super();
    this.fns = Object.fromEntries(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'sinh', 'cosh', 'tanh', 'sech', 'asinh',
      'acosh', 'atanh', 'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'floor', 'ceil', 'round', 'erf', 'erfc', 'erfinv', 'atan2',
      'hypot', 'max', 'min'].map((f) => [f, call(f)]));
    Object.assign(this.fns, {
      cbrt: (arg: (i: number, c?: number) => string) => `nthroot(${arg(0)}, 3)`,
      // 1/(1 + e^-x) tends to the right limits at both ends (0 when e^-x overflows), so it is safe elementwise.
      sigmoid: (arg: (i: number, c?: number) => string) => `1 ./ (1 + exp(-${arg(0, P.neg)}))`,
      leakyRelu: (arg: (i: number, c?: number) => string, n: number) => `max(${arg(0)}, 0) + ${n > 1 ? arg(1, P.mul) : '0.01'} .* min(${arg(0)}, 0)`,
    });
    this.arity = { log: [1], hypot: [2], max: [2], min: [2] };
  }
  protected override floatText(v: number): string {
    return String(v);
  }
  protected override nonFinite(v: number): Printed {
    if (Number.isNaN(v)) return ['NaN', P.atom];
    return v > 0 ? ['Inf', P.atom] : ['-Inf', P.neg];
  }
  protected override constantName(name: string): string | undefined {
    return name === 'pi' ? 'pi' : name === 'e' ? 'exp(1)' : undefined;
  }
  protected override cmpText(op: CompareOp): string {
    return op === 'ne' ? '~=' : super.cmpText(op);
  }
  protected override pow(base: NodeId, exp: NodeId): Printed {
    return [`${this.p(base, P.pow)}.^${this.p(exp, P.pow)}`, P.pow];
  }
  /** No conditional expression: a mask sum, which is elementwise (a branch's NaN or Inf would leak, as in any mask form). */
  protected override cond(t: NodeId, a: NodeId, b: NodeId): Printed {
    const g = this.g;
    const zero = (n: NodeId) => g.isNum(n, 0);
    if (g.isNum(a, 1) && zero(b)) return [`double(${this.p(t, 0, true)})`, P.atom];
    if (zero(a) && g.isNum(b, 1)) return [`double(~${this.p(t, P.neg, true)})`, P.atom];
    const pos = `${this.p(t, P.mul, true)}`;
    const negT = `~${this.p(t, P.neg, true)}`;
    if (zero(b)) return [`${pos} .* ${this.p(a, P.mul)}`, P.mul];
    if (zero(a)) return [`${negT} .* ${this.p(b, P.mul)}`, P.mul];
    return [`${pos} .* ${this.p(a, P.mul)} + ${negT} .* ${this.p(b, P.mul)}`, P.add];
  }
  protected override boolToNum(text: string): Printed {
    return [`double(${text})`, P.atom];
  }
  protected override numToBool(text: string): Printed {
    return [`${text} ~= 0`, P.cmp];
  }
}

const MATLAB_RESERVED = words(`break case catch classdef continue else elseif end for function global if otherwise parfor persistent
  return spmd switch try while pi i j e eps Inf NaN ans double max min exp log sqrt sign abs erf erfc erfinv`);

const matlab: Target = {
  id: 'matlab', naming: 'snake', indentUnit: '    ', raisesOnDomain: false, reserved: MATLAB_RESERVED, identifier: MATLAB_IDENTIFIER,
  printer: () => new MatlabPrinter(),
  comment: (t) => `% ${commentText(t, 'matlab')}`,
  declare: (n, e) => `${n} = ${e};`,
  accumulate: (n, e) => `${n} = ${n} + ${e};`,
  wrap: (sig, body, u) => {
    const gName = sig.fresh('g');
    const outs = [sig.value, gName];
    const tail = [`${u}${gName} = [${sig.grad.join(', ')}];`];
    if (sig.hess) {
      const hName = sig.fresh('H');
      outs.push(hName);
      tail.push(`${u}${hName} = [${sig.hess.map((r) => r.join(', ')).join('; ')}];`);
    }
    return [`function [${outs.join(', ')}] = ${sig.name}(${sig.params.join(', ')})`, ...body, ...tail, 'end'];
  },
  imports: () => [],
  helpers: () => [],
};

export const TARGET_TABLE: Record<Exclude<TargetId, 'latex'>, Target> = {
  python: pythonFamily('python'), numpy: pythonFamily('numpy'), pytorch: pythonFamily('pytorch'),
  javascript: jsFamily('javascript'), typescript: jsFamily('typescript'),
  c: cFamily('c'), cpp: cFamily('cpp'), rust, go, java, julia, matlab,
};
