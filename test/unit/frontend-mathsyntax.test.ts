import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { create, parseDependencies } from 'mathjs/number';
import { MathSyntaxBail, parseMathSyntax, type SNode } from '../../src/core/frontend/mathsyntax';
import { diff, inspect, lowerProgram, print, Displayer } from '../../src/core/index';

/**
 * The project's parser for plain math against mathjs's own `parse` (the oracle): on every text it reads, the tree
 * is mathjs's tree; on every text it leaves aside, mathjs either fails too or builds something the engine does not
 * differentiate. And it reads 10 000 levels of nesting without a stack overflow.
 */
const mathjsParse = create({ parseDependencies }).parse;

const SUPPORTED_OPS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'dotMultiply', 'dotDivide', 'dotPow',
  'unaryMinus', 'unaryPlus', 'not', 'and', 'or', 'equal', 'unequal', 'smaller', 'smallerEq', 'larger', 'largerEq']);

/** A canonical text of a tree: the same for mathjs's nodes and the project's. */
function canon(n: any): string {
  switch (n.type) {
    case 'ConstantNode': return typeof n.value === 'number' ? `#${n.value}` : `?${typeof n.value}`;
    case 'SymbolNode': return n.name;
    case 'ParenthesisNode': return `(${canon(n.content)})`;
    case 'OperatorNode': return `${n.fn}${n.implicit ? '~' : ''}[${n.args.map(canon).join(',')}]`;
    case 'FunctionNode': return `${n.fn.type === 'SymbolNode' ? n.fn.name : '?'}{${n.args.map(canon).join(',')}}`;
    case 'ConditionalNode': return `if[${canon(n.condition)},${canon(n.trueExpr)},${canon(n.falseExpr)}]`;
    case 'AssignmentNode': return `${n.object.type === 'SymbolNode' ? n.object.name : '?'}:=${n.index ? '?' : ''}${canon(n.value)}`;
    case 'FunctionAssignmentNode': return `${n.name}(${n.params.join(',')}):=${canon(n.expr)}`;
    case 'BlockNode': return n.blocks.map((b: any) => canon(b.node)).join(' ; ');
    default: return `?${n.type}`;
  }
}

/** Does the tree use only what the engine differentiates (so the project's parser must read it)? */
function supported(n: any, top = true): boolean {
  switch (n.type) {
    case 'ConstantNode': return typeof n.value === 'number' || (top && n.value === undefined);
    case 'SymbolNode': return !['in', 'to', 'mod', 'and', 'or', 'xor', 'not'].includes(n.name); // keywords as names: mathjs's corner
    case 'ParenthesisNode': return supported(n.content, false);
    case 'OperatorNode': return SUPPORTED_OPS.has(n.fn) && !n.isPercentage && n.args.every((a: any) => supported(a, false));
    case 'FunctionNode': return n.fn.type === 'SymbolNode' && n.args.every((a: any) => supported(a, false));
    case 'ConditionalNode': return [n.condition, n.trueExpr, n.falseExpr].every((a: any) => supported(a, false));
    case 'AssignmentNode': return top && n.object.type === 'SymbolNode' && !n.index && supported(n.value, false);
    case 'FunctionAssignmentNode': return top && supported(n.expr, false);
    case 'BlockNode': return top && n.blocks.every((b: any) => supported(b.node, true));
    default: return false;
  }
}

/** Every name's and number's span is exactly its text. */
function checkSpans(n: SNode, text: string): void {
  const stack: SNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    assert.ok(x._span.start >= 0 && x._span.end <= text.length && x._span.start <= x._span.end, `span of ${x.type}`);
    if (x.type === 'SymbolNode') assert.equal(text.slice(x._span.start, x._span.end), x.name);
    if (x.type === 'ConstantNode' && typeof x.value === 'number' && x._span.end > x._span.start) assert.equal(Number(text.slice(x._span.start, x._span.end)), x.value);
    if (x.type === 'ParenthesisNode') assert.equal(text[x._span.start] + text[x._span.end - 1], '()');
    for (const k of [x.content, x.condition, x.trueExpr, x.falseExpr, x.expr, typeof x.value === 'object' ? x.value : undefined, ...(x.args ?? []), ...(x.blocks ?? []).map((b) => b.node)]) if (k) stack.push(k);
  }
}

const TOKENS = ['x', 'y', 'w1', 'θ', '2', '3.5', '1e3', '.5', '2.', 'sin', 'exp', 'f', '(', ')', '(', ')', '+', '-', '*', '/', '^',
  '.*', './', '.^', ' ', ' ', '\n', ',', '<', '<=', '==', '!=', 'and', 'or', 'not', '?', ':', '=', ';', '%', 'mod', '!', "'",
  '[', ']', 'true', 'NaN', 'Infinity', '#c\n', '\t', 'x y', '2x', '1/2x', '2 3', 'in', 'to', '|', '&'];

describe('plain math: the project parser agrees with mathjs', () => {
  it('on 4 000 random token strings: the same tree where it reads, mathjs fails or builds unsupported nodes where it does not', () => {
    let read = 0;
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }), (toks) => {
      const text = toks.join('');
      let ours: SNode | undefined;
      let bail: MathSyntaxBail | undefined;
      try {
        ours = parseMathSyntax(text);
      } catch (e) {
        if (!(e instanceof MathSyntaxBail)) throw e;
        bail = e;
      }
      let theirs: any;
      try {
        theirs = mathjsParse(text);
      } catch {
        theirs = undefined;
      }
      if (ours) {
        read++;
        assert.ok(theirs, `mathjs rejects ${JSON.stringify(text)}, the project parser read ${canon(ours)}`);
        assert.equal(canon(ours), canon(theirs), JSON.stringify(text));
        checkSpans(ours, text);
      } else if (theirs) {
        assert.ok(!supported(theirs), `${JSON.stringify(text)}: left to mathjs (${bail!.reason}) although it is ${canon(theirs)}`);
      }
    }), { numRuns: 4000, seed: 1234 });
    assert.ok(read > 300, `only ${read} texts were read`);
  });

  it('classic cases: implicit multiplication, 1/2x, 2^-3, -x^2, conditionals, newlines in brackets, comments', () => {
    for (const t of ['2x y', '1/2x', '2^-3', '-x^2', 'a ? b : c ? d : e', 'f(x,\n y) = x*y', 'sin (x)', '(a)(b)', 'x # note\ny', '2(x+1)',
      'x 2', 'a < b and not c', 'x.^2 .* y ./ z', '-2/3x', 'f(x)(y)']) {
      assert.equal(canon(parseMathSyntax(t)), canon(mathjsParse(t)), t);
    }
  });
});

describe('10 000 levels deep: parse, lower, differentiate, display', () => {
  const N = 10_000;
  it('sin(sin(…(x)…)): the derivative at 0.5 equals the chain rule computed numerically', () => {
    const text = 'sin('.repeat(N) + 'x' + ')'.repeat(N);
    const p = lowerProgram(text);
    const g = p.graph;
    const f = p.assignments[0].node;
    const xs = g.variables([f]);
    assert.deepEqual(xs, ['x']);
    let v = 0.5;
    let d = 1;
    for (let k = 0; k < N; k++) { d *= Math.cos(v); v = Math.sin(v); }
    const r = inspect({ source: text, at: { x: 0.5 } });
    assert.ok(Math.abs(r.values.f - v) < 1e-12);
    assert.ok(Math.abs(r.partials[0].value - d) <= 1e-9 * Math.abs(d), `${r.partials[0].value} vs ${d}`);
    // the printed derivative re-evaluates to the value in mathjs (the oracle)
    const x = g.variable('x');
    const dx = diff.gradient(g, f, [x])[0];
    const shown = print(new Displayer(g, [dx]).of(dx), 'plain');
    assert.ok(shown.length > N, 'the display spells out every level');
  });

  it('tanh(w*tanh(…)+b): ∂/∂w, ∂/∂b, ∂/∂x at a point equal a numeric forward sweep', () => {
    const text = 'tanh(w*'.repeat(N) + 'x' + '+b)'.repeat(N);
    const at = { w: 0.9, b: 0.1, x: 0.3 };
    let h = at.x;
    let dw = 0;
    let db = 0;
    let dx = 1;
    for (let k = 0; k < N; k++) {
      const t = Math.tanh(at.w * h + at.b);
      const s = 1 - t * t;
      dw = s * (h + at.w * dw);
      db = s * (1 + at.w * db);
      dx = s * at.w * dx;
      h = t;
    }
    const r = inspect({ source: text, at });
    const val = (w: string) => r.partials.find((p) => p.wrt === w)!.value;
    assert.ok(Math.abs(r.values.f - h) < 1e-12);
    assert.ok(Math.abs(val('w') - dw) <= 1e-9 * Math.abs(dw), `${val('w')} vs ${dw}`);
    assert.ok(Math.abs(val('b') - db) <= 1e-9 * Math.abs(db), `${val('b')} vs ${db}`);
    assert.ok(Math.abs(val('x') - dx) <= 1e-9 + 1e-9 * Math.abs(dx), `${val('x')} vs ${dx}`);
  });

  it('10 000 parentheses and 10 000 unary minus signs', () => {
    const r = inspect({ source: '('.repeat(N) + 'x*y' + ')'.repeat(N) + ' + ' + '-'.repeat(N + 1) + 'x', at: { x: 2, y: 3 } });
    assert.deepEqual(r.partials.map((p) => [p.wrt, p.value]), [['x', 2], ['y', 2]]);
    assert.equal(r.values.f, 4);
  });
});
