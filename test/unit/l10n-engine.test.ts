// The engine's own messages (src/core) in the user's language: every user-facing message is a t('…{0}…', x) call
// with a literal (scripts/l10n.mjs collects them with the extension's; l10n.test.ts checks that zh-cn has them
// all); with a zh-cn translator installed a parse error, a shape error and the notes come out in Chinese with
// their values, without one (the CLI, tests) in English; positions are found and re-based in either language.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import ts from 'typescript';
import { fillPlaceholders, setTranslator, t } from '../../src/core/l10n';
import { hasPosition, PartialsError, position, rebasePosition, stripPosition, withPosition } from '../../src/core/errors';
import { inspect } from '../../src/core/model';
import { analyzeTensor } from '../../src/core/tensor';
import { check } from '../../src/core/check/check';
import { useL10n } from '../../src/extension/l10n';
import { errorView } from '../../src/extension/inspector/viewModel';

const ROOT = join(import.meta.dirname, '..', '..');
const zh: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
const zhCn = (): void => setTranslator((m, args) => fillPlaceholders(Object.hasOwn(zh, m) ? zh[m] : m, args));
const CJK = /[\u4e00-\u9fff]/;

const tsFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);

/**
 * The message arguments in a file: `new PartialsError(m…)`, `new TensorShapeError(m…)`, `errorAt(text, span, m…)`,
 * `errorAtOffset(src, at, m…)`, `unsupportedAt(src, at, what, end, hint)` and the readers' `this.fail(at, m…)`
 * (the tensor graph's `this.fail(what, detail…)`, `this.tie(a, b, what…)`). A message written as a literal with
 * words in it (a string, a template, or one inside a condition or a + join) is a problem: it could not be
 * translated. A t() call, or a variable holding one, passes.
 */
export function untranslatedMessages(files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const isGraph = /tensor[/\\]graph\.ts$/.test(rel);
    const messageArgs = (n: ts.CallExpression | ts.NewExpression): number[] => {
      const e = n.expression;
      if (ts.isNewExpression(n)) return ts.isIdentifier(e) && ['PartialsError', 'TensorShapeError', 'MathSyntaxBail'].includes(e.text) ? [0] : [];
      if (ts.isIdentifier(e)) return { errorAt: [2], errorAtOffset: [2], unsupportedAt: [2, 4] }[e.text] ?? [];
      if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        if (e.name.text === 'fail' && !/analyze\.ts$/.test(rel)) return isGraph ? [0, 1] : [1];
        if (e.name.text === 'tie' && isGraph) return [2];
        if (e.name.text === 'bail') return [0];
      }
      return [];
    };
    // words outside t(): two words, or a capitalised word (a sentence)
    const wordy = (text: string): boolean => /[A-Za-z]{2,}\W+[A-Za-z]{2,}|^\W*[A-Z][a-z]+(\W|$)/.test(text);
    const literalWords = (n: ts.Node): boolean => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && ['t', 'l10n'].includes(n.expression.text)) return false;
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return wordy(n.text);
      if (ts.isTemplateExpression(n)) {
        if (wordy([n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' '))) return true;
        return n.templateSpans.some((s) => literalWords(s.expression));
      }
      if (ts.isConditionalExpression(n)) return literalWords(n.whenTrue) || literalWords(n.whenFalse);
      if (ts.isBinaryExpression(n)) return literalWords(n.left) || literalWords(n.right);
      if (ts.isParenthesizedExpression(n)) return literalWords(n.expression);
      return false;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        for (const i of messageArgs(n)) {
          const a = n.arguments?.[i];
          if (a && literalWords(a)) problems.push(`${rel}:${sf.getLineAndCharacterOfPosition(a.getStart(sf)).line + 1}: ${a.getText(sf).slice(0, 100)}`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return problems;
}

/** t() calls that run when a module loads (before any translator is installed): they would stay English. */
function translatedAtLoad(files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (n: ts.Node, inFunction: boolean): void => {
      if (!inFunction && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && ['t', 'l10n'].includes(n.expression.text)) {
        out.push(`${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(n, (c) => visit(c, inFunction || ts.isFunctionLike(n) || ts.isClassDeclaration(n)));
    };
    visit(sf, false);
  }
  return out;
}

describe('engine messages: written for translation', () => {
  const core = tsFiles(join(ROOT, 'src', 'core'));

  it('every error message in src/core is a t() call (or a variable holding one)', () => {
    assert.deepEqual(untranslatedMessages(core), []);
  });

  it('no message is translated when its module loads', () => {
    assert.deepEqual(translatedAtLoad(core), []);
  });

  it('the check finds a literal message, in a template, a condition or a reader\'s fail (it can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'partials-l10n-core-'));
    try {
      const f = join(dir, 'x.ts');
      writeFileSync(f, [
        "import { t } from './l10n';",
        "throw new PartialsError(t('Fine {0}', x), 'parse');",
        'throw new PartialsError(`Unknown name ${x}`, \'parse\');',
        "throw errorAt(text, span, ok ? t('Fine') : 'Not fine here', 'input');",
        "this.fail(k, 'Expected a name.');",
        "throw errorAtOffset(s, i, message, 'parse');",
        "throw unsupportedAt(s, i, t('a loop'), e, 'use map instead');",
        "throw new Error('internal: unreachable state');",
      ].join('\n'));
      assert.deepEqual(untranslatedMessages([f]).map((p) => Number(/:(\d+):/.exec(p)![1])), [3, 4, 5, 7]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine messages: in Chinese with a translator, in English without', () => {
  afterEach(() => setTranslator(undefined));

  const errorMessage = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof PartialsError, String(e));
      return e.message;
    }
    return assert.fail('expected a PartialsError');
  };
  const parseError = () => errorMessage(() => inspect({ source: 'x + * y', language: 'python' }));
  const shapeError = () => errorMessage(() => analyzeTensor('X @ w', { at: { X: [[1, 2], [3, 4]], w: [1, 2, 3] }, language: 'numpy' }));
  const kinkNote = () => inspect({ source: 'abs(x) + y', at: { x: 0, y: 1 } }).partials.find((p) => p.wrt === 'x')!.nonSmooth![0].reason;
  const tieNote = () => analyzeTensor('np.max(x)', { at: { x: [1, 3, 3] }, language: 'numpy' }).partials[0].nonSmooth![0].reason;
  const checkNote = () => check({ source: 'sqrt(x)', at: { x: 0 } }).partials[0].reasons.join(' ');

  it('English by default (the CLI installs no translator)', () => {
    assert.equal(parseError(), "Unexpected '*' at line 1, column 5.");
    assert.equal(shapeError(), 'Shape mismatch in X @ w: X has shape (2, 2) and w has shape (3,) (2 ≠ 3).');
    assert.equal(kinkNote(), 'abs has a corner at 0');
    assert.equal(tieNote(), 'max is not differentiable at a tie (2 entries equal the largest, at [1], [2]); the gradient shown splits it evenly between them');
    assert.equal(t('{0} takes {1} arguments, got {2}.', 'pow', 2, 3), 'pow takes 2 arguments, got 3.');
  });

  it('a parse error, a shape error (tensor) and the notes in Chinese, the values substituted', () => {
    zhCn();
    assert.equal(parseError(), "意外的 '*'（第 1 行第 5 列）。");
    assert.equal(shapeError(), 'X @ w 中形状不匹配：X 的形状为 (2, 2)，而 w 的形状为 (3,)（2 ≠ 3）。');
    assert.equal(kinkNote(), 'abs 在 0 处有尖角');
    assert.equal(tieNote(), 'max 在并列处不可导（2 个元素同为最大值，位于 [1], [2]）；所示梯度在它们之间平均分配');
    assert.match(checkNote(), CJK, 'the check verdict note');
    setTranslator(undefined);
    assert.equal(kinkNote(), 'abs has a corner at 0', 'English again');
  });

  it('the extension\'s useL10n installs the engine\'s translator (host, worker thread, Web Worker), and removes it', () => {
    try {
      useL10n(zh);
      assert.equal(kinkNote(), zh['abs has a corner at 0']);
      useL10n(zh, (m, args) => `«${fillPlaceholders(m, args)}»`);
      assert.equal(kinkNote(), '«abs has a corner at 0»', 'on the host vscode.l10n.t translates');
    } finally {
      useL10n(undefined);
    }
    assert.equal(kinkNote(), 'abs has a corner at 0');
  });

  it('positions: written, found, stripped and re-based in English and in Chinese', () => {
    assert.equal(position(3, 5), ' (line 3, column 5)');
    assert.equal(withPosition('Bad thing.', 3, 5), 'Bad thing (line 3, column 5).');
    zhCn();
    assert.equal(position(3, 5), '（第 3 行第 5 列）');
    assert.equal(position(3), '（第 3 行）');
    const m = withPosition('坏事。', 3, 5);
    assert.equal(m, '坏事（第 3 行第 5 列）。');
    assert.ok(hasPosition(m));
    assert.equal(stripPosition(m), '坏事。');
    assert.equal(rebasePosition(m, (l, c) => ({ line: l + 10, column: c + 1 })), '坏事（第 13 行第 6 列）。');
    assert.equal(rebasePosition('x at line 2, column 4.', () => ({ line: 7, column: 1 })), 'x at line 7, column 1.');
    const view = errorView(new PartialsError(parseError(), 'parse', 1, 5), 'x + * y', { line: 10, column: 3 });
    assert.equal(view.message, "意外的 '*'。", 'the inspector shows the document position instead');
    assert.equal(view.line, 10);
    assert.equal(view.column, 7);
  });

  it('a long Chinese message is not clipped as if it were one huge word of the user\'s text', () => {
    const long = `${'这是一个很长的中文句子，'.repeat(12)}结束。`;
    assert.equal(new PartialsError(long, 'input').message, long);
    assert.match(new PartialsError(`名字 ${'x'.repeat(200)} 太长。`, 'input').message, /名字 x{60}… 太长。/);
  });

  it('every zh-cn translation of a "line {n}, column {m}" keeps the Chinese position form the code finds', () => {
    for (const [key, text] of Object.entries(zh)) {
      for (const [, l, c] of key.matchAll(/line \{(\d+)\}, column \{(\d+)\}/g)) {
        assert.ok(new RegExp(`第 \\{${l}\\} 行，?第 \\{${c}\\} 列`).test(text), `${key}: ${text}`);
      }
    }
  });
});
