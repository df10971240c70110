import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate as mathjsEvaluate } from 'mathjs';
import { diff, evaluate, Graph, inspect, lowerProgram, PartialsError } from '../../src/core';
import { branchTies, diagnose, findingMask } from '../../src/core/evaluate';

describe('the graph IR', () => {
  it('hash-conses structurally identical subexpressions into one node', () => {
    const p = lowerProgram('sin(x*y) + cos(x*y) + sin(x*y)^2');
    const g = p.graph;
    const products = g.op.filter((op, i) => op === 'mul' && g.args[i].length === 2 && g.name[i] === '');
    assert.equal(products.length, 1, 'x*y is one node');
    assert.equal(g.op.filter((op, i) => op === 'fn' && g.name[i] === 'sin').length, 1);
  });

  it('the hash-consing index: one node per key, and only one (numbers by value, names by name, ops by arguments)', () => {
    const g = new Graph();
    // Numbers: every NaN one node, -0 is 0, values that print alike but differ are distinct.
    assert.equal(g.num(NaN), g.num(0 / 0));
    assert.equal(g.num(-0), g.num(0));
    assert.notEqual(g.num(0.1 + 0.2), g.num(0.3));
    assert.notEqual(g.num(1), g.num(1 + Number.EPSILON));
    // const and var: by name (and a var is not the const of the same name); fn by name and arguments.
    const x = g.variable('x');
    const y = g.variable('y');
    assert.equal(g.variable('x'), x);
    assert.notEqual(g.constant('x', 1), x);
    assert.equal(g.constant('pi', Math.PI), g.constant('pi', 3));
    assert.notEqual(g.fn('sin', [x]), g.fn('cos', [x]));
    assert.notEqual(g.fn('atan2', [x, y]), g.fn('atan2', [y, x]));
    assert.notEqual(g.logic('and', [x, y]), g.logic('or', [x, y]));
    assert.notEqual(g.sub(x, y), g.sub(y, x));
    assert.equal(g.add(x, y), g.add(y, x));
    // 200 000 distinct nodes (the table grows many times), then each asked for again: the same ids, no new node.
    const ids: number[] = [];
    let chain = x;
    for (let i = 0; i < 100_000; i++) {
      ids.push(g.num(i + 0.5));
      chain = g.mul(chain, g.fn('sin', [g.num(i + 0.5)]));
      ids.push(chain);
    }
    const size = g.size;
    assert.equal(new Set(ids).size, ids.length);
    chain = x;
    for (let i = 0; i < 100_000; i++) {
      assert.equal(g.num(i + 0.5), ids[2 * i]);
      chain = g.mul(chain, g.fn('sin', [g.num(i + 0.5)]));
      assert.equal(chain, ids[2 * i + 1]);
    }
    assert.equal(g.size, size);
  });

  it('reachable: ascending ids of exactly the nodes the roots reach, for a small part or most of a big graph', () => {
    const g = new Graph();
    const xs = Array.from({ length: 2000 }, (_, i) => g.variable(`x${i}`));
    let sum = xs[0];
    for (let i = 1; i < xs.length; i++) sum = g.add(sum, g.mul(xs[i], xs[i - 1]));
    const small = g.mul(xs[7], xs[1999]);
    const reference = (roots: number[]) => {
      const seen = new Set<number>();
      const stack = [...roots];
      while (stack.length) { const n = stack.pop()!; if (!seen.has(n)) { seen.add(n); stack.push(...g.args[n]); } }
      return [...seen].sort((a, b) => a - b);
    };
    for (const roots of [[sum], [small], [small, xs[3]], [xs[5]], [sum, small], []]) assert.deepEqual(g.reachable(roots), reference(roots));
  });

  it('findingMask: diagnose and branchTies give the same findings, in the same order, with the mask as without', () => {
    const texts = [
      'a = abs(x - 1)\nb = a*log(-y) + relu(x - 1)\nc = sqrt(b) + (x < 1 ? y : x)\nd = c/(x - 1) + max(x, 1)\ne = d + a + y',
      'a = sin(x)*y\nb = a + 1\nc = b*b\nd = c - a',
      'a = x^0.5 + abs(y)\nb = (y > 0 ? a : -a)\nc = b + 0^x\nd = exp(1000*c)',
    ];
    for (const text of texts) {
      const p = lowerProgram(text);
      const g = p.graph;
      const roots = p.assignments.map((a) => a.node);
      for (const point of [{ x: 1, y: 0 }, { x: 2, y: -1 }, { x: 0, y: 3 }]) {
        const values = evaluate(g, roots, point);
        const mask = findingMask(g, values);
        for (let n = 0; n < g.size; n++) {
          assert.deepEqual(diagnose(g, n, values, mask), diagnose(g, n, values), `${text} at ${JSON.stringify(point)}, node ${n}`);
          assert.deepEqual(branchTies(g, n, values, mask), branchTies(g, n, values));
        }
      }
    }
  });

  it('stores nodes in topological order (arguments before users)', () => {
    const g = lowerProgram('a = x*y\nb = exp(a) + a\nc = b/a - log(b)').graph;
    for (let n = 0; n < g.size; n++) for (const a of g.args[n]) assert.ok(a < n);
  });

  it('smart constructors fold constants and apply trivial identities', () => {
    const g = new Graph();
    const x = g.variable('x');
    assert.equal(g.add(x, g.num(0)), x);
    assert.equal(g.mul(x, g.num(1)), x);
    assert.ok(g.isNum(g.mul(x, g.num(0)), 0));
    assert.equal(g.pow(x, g.num(1)), x);
    assert.equal(g.neg(g.neg(x)), x);
    assert.ok(g.isNum(g.sub(x, x), 0));
    assert.ok(g.isNum(g.div(x, x), 1));
    assert.ok(g.isNum(g.add(g.num(2), g.num(3)), 5));
    assert.equal(g.add(x, g.variable('y')), g.add(g.variable('y'), x), 'x+y and y+x are one node');
    const third = g.div(g.num(1), g.num(3));
    assert.equal(g.op[third], 'div', '1/3 stays a fraction');
  });

  it('records the source span of every node', () => {
    const src = 'sin(x*y) + z^2';
    const p = lowerProgram(src);
    const g = p.graph;
    const text = (n: number) => src.slice(g.span[n]!.start, g.span[n]!.end);
    const find = (op: string, name = '') => g.op.findIndex((o, i) => o === op && g.name[i] === name);
    assert.equal(text(find('fn', 'sin')), 'sin(x*y)');
    assert.equal(text(find('mul')), 'x*y');
    assert.equal(text(find('pow')), 'z^2');
    assert.equal(text(find('var', 'z')), 'z');
    assert.equal(text(find('add')), src);
  });

  it('multi-line programs: later lines use earlier names; reassignment is SSA', () => {
    const r = inspect({ source: 'x = x + 1\nx = x * x\ny = x + z', at: { x: 2, z: 1 } });
    assert.deepEqual(r.outputs, ['y']);
    assert.equal(r.values.y, 10);
    assert.equal(r.partials.find((p) => p.wrt === 'x')!.value, 6);
  });

  it('the Jacobian has one row per output', () => {
    const r = inspect({ source: 'u = x*y\nv = x + y^2', at: { x: 2, y: 3 }, allOutputs: true });
    assert.deepEqual(r.outputs, ['u', 'v']);
    const J = r.outputs.map((o) => r.inputs.map((i) => r.partials.find((p) => p.of === o && p.wrt === i)!.value));
    assert.deepEqual(J, [[3, 2], [1, 6]]);
  });

  it('a function definition gives the inputs in parameter order', () => {
    const r = inspect({ source: 'f(y, x) = x^2 * y', at: { x: 3, y: 2 } });
    assert.deepEqual(r.inputs, ['y', 'x']);
    assert.deepEqual(r.partials.map((p) => p.value), [9, 12]);
  });

  it('--wrt holds the other variables constant', () => {
    const r = inspect({ source: 'x*y + z', wrt: ['y'], at: { x: 2, y: 1, z: 0 } });
    assert.deepEqual(r.inputs, ['y']);
    assert.deepEqual(r.constants, ['x', 'z']);
    assert.equal(r.partials.length, 1);
    assert.equal(r.partials[0].value, 2);
  });

  it('forward mode (tangent) agrees with reverse mode', () => {
    const p = lowerProgram('sin(x*y) * exp(y) / (1 + x^2)');
    const g = p.graph;
    const out = p.assignments[0].node;
    const [x, y] = [g.variable('x'), g.variable('y')];
    const grad = diff.gradient(g, out, [x, y]);
    const [dir] = diff.tangent(g, [out], new Map([[x, g.num(0.3)], [y, g.num(-1.1)]]));
    const v = evaluate(g, [dir, ...grad], { x: 0.7, y: 1.9 });
    assert.ok(Math.abs(v[dir] - (0.3 * v[grad[0]] - 1.1 * v[grad[1]])) < 1e-13);
  });

  it('Hessian is symmetric and correct', () => {
    const r = inspect({ source: 'x^3*y + exp(x*y)', at: { x: 0.5, y: 2 }, hessian: true });
    const H = r.hessian!.f;
    const e = Math.exp(1);
    const expected = [[6 * 0.5 * 2 + 4 * e, 3 * 0.25 + e + 1 * e], [3 * 0.25 + e + e, 0.25 * e]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) assert.ok(Math.abs(H[i][j] - expected[i][j]) < 1e-12, `H[${i}][${j}]`);
  });

  it('evaluation is iterative: a 20 000-deep chain does not overflow the stack', () => {
    const g = new Graph();
    let n = g.variable('x');
    for (let i = 0; i < 20000; i++) n = g.fn('sin', [g.add(n, g.num(i % 7))]);
    const v = evaluate(g, [n], { x: 0.5 });
    assert.ok(Number.isFinite(v[n]));
    const [d] = diff.gradient(g, n, [g.variable('x')]);
    assert.ok(Number.isFinite(evaluate(g, [d], { x: 0.5 })[d]));
  });
});

describe('results too big or deep to inline', () => {
  it('a 3000-line chain displays as named pieces instead of overflowing the stack', () => {
    let src = 'a0 = x\n';
    for (let i = 1; i <= 3000; i++) src += `a${i} = sin(a${i - 1}) + a${i - 1}/2\n`;
    const p = inspect({ source: src, at: { x: 0.3 } }).partials[0];
    assert.match(p.text, / where t₁ = /);
    assert.ok(Number.isFinite(p.value));
  });
  it('exponential sharing prints plain text as a mathjs block that evaluates to the value', () => {
    let src = 'a0 = x\n';
    for (let i = 1; i <= 22; i++) src += `a${i} = a${i - 1}*a${i - 1}/2 + sin(a${i - 1})/3\n`;
    const p = inspect({ source: src, at: { x: 0.3 } }).partials[0];
    assert.match(p.expr, /^t1 = .*; t2 = /);
    assert.ok(p.expr.length < 10_000);
    const v = mathjsEvaluate(p.expr, { x: 0.3 }) as { entries: number[] };
    assert.ok(Math.abs(v.entries[0] - p.value) <= 1e-12 * Math.abs(p.value));
  });
});

describe('bad input gets a clear error with its position', () => {
  const error = (src: string): PartialsError => {
    try {
      inspect({ source: src });
    } catch (e) {
      assert.ok(e instanceof PartialsError, `not a PartialsError: ${e}`);
      return e;
    }
    assert.fail(`no error for ${src}`);
  };

  it('syntax errors report line and column', () => {
    const e = error('x + 1\ny = (x +* 2)');
    assert.equal(e.code, 'parse');
    assert.equal(e.line, 2);
    assert.equal(e.column, 9);
  });
  it('an unknown function is named with where it is', () => {
    const e = error('x + foo(x, 2)');
    assert.equal(e.code, 'unknown-function');
    assert.match(e.message, /Unknown function 'foo' at line 1, column 5/);
    assert.equal(e.column, 5);
  });
  it('wrong argument counts are reported', () => assert.match(error('atan2(x)').message, /atan2 takes 2 arguments, got 1/));
  it('matrices and indexing are refused by name', () => {
    assert.match(error('[1, 2] * x').message, /matrix/);
    assert.match(error('a[1] + x').message, /indexing/);
    assert.match(error("'text' + x").message, /string/);
  });
  it('10 000-deep parentheses are read (depth is not a limit); past 100 000 levels a limit error, never a stack overflow', () => {
    const r = inspect({ source: '('.repeat(10_000) + 'x*y' + ')'.repeat(10_000), at: { x: 2, y: 3 } });
    assert.deepEqual(r.partials.map((p) => [p.wrt, p.value]), [['x', 3], ['y', 2]]);
    const e = error('('.repeat(100_001) + 'x' + ')'.repeat(100_001));
    assert.equal(e.code, 'limit');
  });
  it('an empty selection says so', () => assert.match(error('   ').message, /empty/));
  it('a 20 000-term sum is handled', () => {
    const src = Array.from({ length: 20000 }, (_, i) => `x${i % 50}*${i + 1}`).join(' + ');
    const r = inspect({ source: src, at: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`, 1])) });
    assert.equal(r.inputs.length, 50);
    // x0 appears in terms 1, 51, 101, … : the sum of those coefficients
    const expected = Array.from({ length: 400 }, (_, k) => 1 + 50 * k).reduce((a, b) => a + b, 0);
    assert.equal(r.partials[0].value, expected);
  });
});

describe('e as a base', () => {
  it('e^x is exp(x), so its derivative is itself (no log(e))', () => {
    const r = inspect({ source: 'e^(2*x)', at: { x: 0.5 } });
    assert.equal(r.partials[0].expr, '2*exp(2*x)');
    assert.equal(r.partials[0].value, 2 * Math.exp(1));
  });
});

describe('derivatives through a branch', () => {
  it('an undefined untaken branch does not leak NaN into the gradient (0·NaN)', () => {
    const r = inspect({ source: 'x > 0 ? sqrt(x) + sqrt(x)*y : -x*y', at: { x: -2, y: 3 } });
    assert.deepEqual(r.partials.map((p) => p.value), [-3, 2]);
  });
  it('masks merge into one readable condition', () => {
    assert.equal(inspect({ source: 'x > 0 ? x^2 : -x^3', at: { x: 2 } }).partials[0].text, '(x > 0 ? 2x : −3x²)');
    assert.equal(inspect({ source: 'relu(w*x)', at: { w: 1, x: 2 } }).partials[1].text, '(w x > 0 ? w : 0)');
  });
});

describe('more bad input, each with a clear message', () => {
  const error = (src: string): PartialsError => {
    try {
      inspect({ source: src });
    } catch (e) {
      assert.ok(e instanceof PartialsError);
      return e;
    }
    assert.fail(`no error for ${JSON.stringify(src)}`);
  };
  it('only semicolons is an empty expression', () => assert.match(error(';;;').message, /empty/));
  it('an invisible character is named with its position', () => {
    const e = error('x\u200b*y');
    assert.match(e.message, /invisible character \(U\+200B\)/);
    assert.deepEqual([e.line, e.column], [1, 2]);
  });
  it('a leading byte-order mark is ignored', () => assert.equal(inspect({ source: '\ufeffx^2', at: { x: 3 } }).partials[0].value, 6));
  it('where f is undefined, its partials are flagged too', () => {
    const p = inspect({ source: 'log(x)', at: { x: -1 } }).partials[0];
    assert.equal(p.differentiable, false);
    assert.match(p.nonSmooth![0].reason, /positive argument/);
  });
  it('a NaN coordinate is named', () => assert.match(inspect({ source: 'x + y', at: { x: NaN, y: 1 } }).warnings[0], /value of 'x' is NaN/));
  it('a repeated --wrt variable gives one partial', () => assert.equal(inspect({ source: 'x*y', wrt: ['x', 'x'] }).partials.length, 1));
});
