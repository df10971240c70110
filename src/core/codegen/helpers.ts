/**
 * Small helper functions emitted where a target has no native equivalent. erf uses W. J. Cody's rational
 * approximations (the same as the engine's), so generated code agrees with the engine to round-off.
 */
const P1 = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const Q1 = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const P2 = [0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.339354797997, 2.1531153547440383e-8];
const Q2 = [15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495];
const P3 = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  6.587491615298378e-4, 0.016315387137302097];
const Q3 = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

const f = (v: number): string => {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
};
const list = (xs: number[]): string => xs.map(f).join(', ');

/** The algorithm, as lines of a C-like language; `d` declares a double, `arr` a constant array. */
interface Dialect {
  head: string;
  d: string;
  arr: (name: string, xs: number[]) => string;
  abs: string;
  exp: string;
  trunc: string;
  sign: string;
  loop: (n: number, body: string) => string[];
  mutable: string;
  /** Declares r, assigned in both branches below. */
  declareR: string;
  end: string;
}

function erfLines(k: Dialect): string[] {
  const { d, mutable: m } = k;
  return [
    k.head,
    `  // erf(x) by W. J. Cody's rational approximations (accurate to double precision).`,
    `  ${d} ax = ${k.abs}(x);`,
    `  if (ax >= 6.0) { return ${k.sign}; }`,
    `  if (ax <= 0.5) {`,
    `    ${k.arr('p', P1)}`,
    `    ${k.arr('q', Q1)}`,
    `    ${d} y = x * x;`,
    `    ${m} num = p[4] * y;`,
    `    ${m} den = y;`,
    ...k.loop(3, 'num = (num + p[i]) * y; den = (den + q[i]) * y;').map((l) => `    ${l}`),
    `    return x * (num + p[3]) / (den + q[3]);`,
    `  }`,
    `  ${k.declareR}`,
    `  if (ax <= 4.0) {`,
    `    ${k.arr('p', P2)}`,
    `    ${k.arr('q', Q2)}`,
    `    ${m} num = p[8] * ax;`,
    `    ${m} den = ax;`,
    ...k.loop(7, 'num = (num + p[i]) * ax; den = (den + q[i]) * ax;').map((l) => `    ${l}`),
    `    r = (num + p[7]) / (den + q[7]);`,
    `  } else {`,
    `    ${k.arr('p', P3)}`,
    `    ${k.arr('q', Q3)}`,
    `    ${d} z = 1.0 / (ax * ax);`,
    `    ${m} num = p[5] * z;`,
    `    ${m} den = z;`,
    ...k.loop(4, 'num = (num + p[i]) * z; den = (den + q[i]) * z;').map((l) => `    ${l}`),
    `    r = (0.5641895835477563 - z * (num + p[4]) / (den + q[4])) / ax;`,
    `  }`,
    `  ${d} ysq = ${k.trunc}(ax * 16.0) / 16.0;`,
    `  ${d} del = (ax - ysq) * (ax + ysq);`,
    `  ${d} erfc = ${k.exp}(-ysq * ysq) * ${k.exp}(-del) * r;`,
    `  return x < 0.0 ? erfc - 1.0 : 1.0 - erfc;`,
    k.end,
  ];
}

const cLoop = (decl: string) => (n: number, body: string) => [`for (${decl} i = 0; i < ${n}; i++) { ${body} }`];

export function erfHelper(target: 'javascript' | 'typescript' | 'java' | 'rust'): string {
  switch (target) {
    case 'javascript':
    case 'typescript': {
      const ts = target === 'typescript';
      return erfLines({
        head: ts ? 'function erf(x: number): number {' : 'function erf(x) {', d: 'const', mutable: 'let',
        arr: (n, xs) => `const ${n} = [${list(xs)}];`, abs: 'Math.abs', exp: 'Math.exp', trunc: 'Math.trunc', sign: 'Math.sign(x)',
        loop: cLoop('let'), declareR: 'let r = 0.0;', end: '}',
      }).join('\n');
    }
    case 'java':
      return erfLines({
        head: 'static double erf(double x) {', d: 'double', mutable: 'double',
        arr: (n, xs) => `double[] ${n} = {${list(xs)}};`, abs: 'Math.abs', exp: 'Math.exp', trunc: '(double) (long)', sign: 'Math.signum(x)',
        loop: cLoop('int'), declareR: 'double r;', end: '}',
      }).join('\n');
    case 'rust':
      return erfLines({
        head: 'fn erf(x: f64) -> f64 {', d: 'let', mutable: 'let mut',
        arr: (n, xs) => `let ${n}: [f64; ${xs.length}] = [${list(xs)}];`, abs: 'f64::abs', exp: 'f64::exp', trunc: 'f64::trunc', sign: 'x.signum()',
        loop: (n, body) => [`for i in 0..${n} { ${body} }`], declareR: 'let r: f64;', end: '}',
      }).join('\n')
        .replace(/if \((.*?)\) \{/g, 'if $1 {')
        .replace('return x < 0.0 ? erfc - 1.0 : 1.0 - erfc;', 'if x < 0.0 { erfc - 1.0 } else { 1.0 - erfc }');
  }
}

export const GO_IF_ELSE = [
  '// ifElse picks a or b by c (Go has no conditional expression).',
  'func ifElse(c bool, a, b float64) float64 {',
  '\tif c {',
  '\t\treturn a',
  '\t}',
  '\treturn b',
  '}',
].join('\n');

export const C_PI = ['#ifndef M_PI', '#define M_PI 3.14159265358979323846', '#endif'].join('\n');
export const C_E = ['#ifndef M_E', '#define M_E 2.7182818284590452354', '#endif'].join('\n');

/** NumPy has no erf; math.erf, vectorised, works on scalars and arrays alike. */
export const numpyErf = (np: string): string => `_erf = ${np}.vectorize(math.erf, otypes=[float])`;
