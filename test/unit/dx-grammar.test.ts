// The .dx TextMate grammar, tokenised with the same libraries VS Code uses (vscode-textmate + oniguruma wasm).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as onig from 'vscode-oniguruma';
import * as tm from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');
let grammar: tm.IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope) => (scope === 'source.dx'
      ? tm.parseRawGrammar(readFileSync(join(ROOT, 'syntaxes/dx.tmLanguage.json'), 'utf8'), 'dx.tmLanguage.json')
      : null),
  });
  grammar = (await registry.loadGrammar('source.dx'))!;
  assert.ok(grammar, 'the grammar loads');
});

/** Each line as [text, innermost scope] pairs, whitespace tokens dropped. */
function tokenize(text: string): Array<Array<[string, string]>> {
  let stack = tm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens
      .map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]])
      .filter(([s]) => s.trim() !== '');
  });
}

/** Every scope the token `text` gets on a line (there may be several occurrences). */
function scopesOf(line: Array<[string, string]>, text: string): string[] {
  return line.filter(([s]) => s === text).map(([, sc]) => sc);
}

describe('dx grammar on the fixture', () => {
  const fixture = readFileSync(join(ROOT, 'test/fixtures/dx/logistic.dx'), 'utf8');
  let lines: Array<Array<[string, string]>>;
  before(() => {
    lines = tokenize(fixture);
  });

  test('a comment line is one comment token', () => {
    assert.deepEqual(lines[0], [['# logistic regression, one example', 'comment.line.number-sign.dx']]);
  });

  test('numbers, definitions, ; and trailing comments', () => {
    assert.deepEqual(lines[1], [
      ['x', 'variable.other.definition.dx'], ['=', 'keyword.operator.assignment.dx'], ['2.0', 'constant.numeric.dx'],
      [';', 'punctuation.terminator.statement.dx'],
      ['y', 'variable.other.definition.dx'], ['=', 'keyword.operator.assignment.dx'], ['1', 'constant.numeric.dx'],
      ['# numbers: the point', 'comment.line.number-sign.dx'],
    ]);
  });

  test('names and operators in an expression', () => {
    assert.deepEqual(lines[2].slice(0, 7), [
      ['z', 'variable.other.definition.dx'], ['=', 'keyword.operator.assignment.dx'], ['w', 'variable.other.dx'],
      ['*', 'keyword.operator.arithmetic.dx'], ['x', 'variable.other.dx'], ['+', 'keyword.operator.arithmetic.dx'], ['b', 'variable.other.dx'],
    ]);
  });

  test('known functions are support.function', () => {
    assert.deepEqual(scopesOf(lines[3], 'log'), ['support.function.dx']);
    assert.deepEqual(scopesOf(lines[3], 'exp'), ['support.function.dx']);
    assert.deepEqual(scopesOf(lines[6], 'sigmoid'), ['support.function.dx']);
  });

  test('wrt is a keyword and its names are inputs', () => {
    assert.deepEqual(lines[4], [
      ['wrt', 'keyword.other.wrt.dx'], ['w', 'variable.parameter.input.dx'], [',', 'punctuation.separator.comma.dx'],
      ['b', 'variable.parameter.input.dx'], ['# inputs', 'comment.line.number-sign.dx'],
    ]);
  });

  test('claims: d and ∂, the output and the input', () => {
    assert.deepEqual(lines[5].slice(0, 6), [
      ['d', 'keyword.operator.derivative.dx'], ['loss', 'variable.other.output.dx'], ['/', 'keyword.operator.derivative.dx'],
      ['d', 'keyword.operator.derivative.dx'], ['w', 'variable.parameter.input.dx'], ['=', 'keyword.operator.assignment.claim.dx'],
    ]);
    assert.deepEqual(lines[5][lines[5].length - 1], ['# a claim', 'comment.line.number-sign.dx']);
    assert.deepEqual(lines[6].slice(0, 6).map(([, s]) => s), [
      'keyword.operator.derivative.dx', 'variable.other.output.dx', 'keyword.operator.derivative.dx',
      'keyword.operator.derivative.dx', 'variable.parameter.input.dx', 'keyword.operator.assignment.claim.dx',
    ]);
    assert.equal(lines[6][0][0], '∂');
  });

  test('LaTeX inside $…$', () => {
    const l = lines[7];
    assert.deepEqual(l[2], ['$', 'punctuation.definition.math.begin.dx']);
    assert.deepEqual(scopesOf(l, '\\frac'), ['support.function.latex.dx']);
    assert.deepEqual(scopesOf(l, '^'), ['keyword.operator.script.latex.dx']);
    assert.deepEqual(l[l.length - 1], ['$', 'punctuation.definition.math.end.dx']);
  });

  test('scientific numbers, constants, unknown functions, comparisons and ?:', () => {
    const l = lines[8];
    assert.deepEqual(scopesOf(l, '1.5e-3'), ['constant.numeric.dx']);
    assert.deepEqual(scopesOf(l, 'pi'), ['constant.language.dx']);
    assert.deepEqual(scopesOf(l, 'myfn'), ['entity.name.function.dx']);
    assert.deepEqual(scopesOf(l, '>='), ['keyword.operator.comparison.dx']);
    assert.deepEqual(scopesOf(l, '?'), ['keyword.operator.ternary.dx']);
  });
});

describe('dx grammar edge cases', () => {
  test('a # inside an expression starts a comment; wrt = … is a definition, not the keyword', () => {
    const [a, b] = tokenize('f = x # y\nwrt = 3');
    assert.deepEqual(a, [['f', 'variable.other.definition.dx'], ['=', 'keyword.operator.assignment.dx'], ['x', 'variable.other.dx'], ['# y', 'comment.line.number-sign.dx']]);
    assert.deepEqual(b[0], ['wrt', 'variable.other.definition.dx']);
  });

  test('== is a comparison, not a definition', () => {
    const [a] = tokenize('x == 2');
    assert.deepEqual(a, [['x', 'variable.other.dx'], ['==', 'keyword.operator.comparison.dx'], ['2', 'constant.numeric.dx']]);
  });

  test('a name inside a word is not a number or a constant', () => {
    const [a] = tokenize('x2 = e2 + e');
    assert.deepEqual(a, [['x2', 'variable.other.definition.dx'], ['=', 'keyword.operator.assignment.dx'], ['e2', 'variable.other.dx'],
      ['+', 'keyword.operator.arithmetic.dx'], ['e', 'constant.language.dx']]);
  });
});

describe('language configuration', () => {
  test('comments, brackets and auto-closing pairs', () => {
    const cfg = JSON.parse(readFileSync(join(ROOT, 'language-configuration-dx.json'), 'utf8'));
    assert.equal(cfg.comments.lineComment, '#');
    assert.deepEqual(cfg.brackets, [['(', ')'], ['[', ']'], ['{', '}']]);
    assert.deepEqual(cfg.autoClosingPairs.map((p: { open: string }) => p.open), ['(', '[', '{', '$']);
    const word = new RegExp(cfg.wordPattern, 'u');
    assert.equal(word.exec('  loss_2 ')?.[0], 'loss_2');
    assert.equal(word.exec('αβ + 1')?.[0], 'αβ');
  });
});
