// The runtime strings' English bundle, l10n/bundle.l10n.json, from the source: every `t('…')` / `vscode.l10n.t('…')`
// call in src/extension and src/core (the engine's own messages; the message is the key) and every key of the
// webview's dictionary (src/shared/strings.ts WEBVIEW_STRINGS). `node scripts/l10n.mjs` writes it; `--check` exits 1 when it is out of date. Translations are
// l10n/bundle.l10n.<lang>.json (test/unit/l10n.test.ts fails on a missing one or a dropped placeholder).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');

function tsFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** The local names of `t` imported from an `l10n` module in this file (`t`, or `t as tr`). */
function importedT(sf) {
  const names = new Set();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !/(^|\/)l10n$/.test(st.moduleSpecifier.text)) continue;
    const b = st.importClause?.namedBindings;
    if (b && ts.isNamedImports(b)) for (const el of b.elements) if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
  }
  return names;
}

const isTCallee = (e, local) =>
  (ts.isIdentifier(e) && local.has(e.text)) ||
  (ts.isPropertyAccessExpression(e) && e.name.text === 't' && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'l10n') ||
  (ts.isPropertyAccessExpression(e) && e.name.text === 't' && ts.isIdentifier(e.expression) && e.expression.text === 'l10n');

/** The text of a string literal, or of literals joined with + (a long message over two lines); else undefined. */
function literalText(e) {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = literalText(e.left);
    const r = l === undefined ? undefined : literalText(e.right);
    return r === undefined ? undefined : l + r;
  }
  return undefined;
}

/** `(message, args) => vscode.l10n.t(message, ...args)`: a translator handing on its own parameter, not a message. */
function forwards(call, arg) {
  if (!arg || !ts.isIdentifier(arg)) return false;
  for (let p = call.parent; p; p = p.parent) {
    if (ts.isArrowFunction(p) || ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p)) {
      return p.parameters.some((q) => ts.isIdentifier(q.name) && q.name.text === arg.text);
    }
  }
  return false;
}

/**
 * The messages of the `t(…)` calls under `dir`: { messages: [{ message, file, line }], problems: [text] } — a call
 * whose first argument is not a string literal is a problem (its text could never be translated).
 */
export function scanCalls(dir = join(ROOT, 'src', 'extension')) {
  const messages = [];
  const problems = [];
  for (const file of tsFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!/l10n/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = importedT(sf);
    const rel = relative(ROOT, file);
    const visit = (node) => {
      if (ts.isCallExpression(node) && isTCallee(node.expression, local)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        const a = node.arguments[0];
        const text = a && literalText(a);
        if (text !== undefined) messages.push({ message: text, file: rel, line });
        else if (!forwards(node, a)) problems.push(`${rel}:${line}: the message of t(…) must be a string literal (it is the translation key)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, problems };
}

/** The keys of the webview's dictionary (the WEBVIEW_STRINGS array literal in src/shared/strings.ts). */
export function webviewKeys(file = join(ROOT, 'src', 'shared', 'strings.ts')) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const keys = [];
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'WEBVIEW_STRINGS') {
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init) || ts.isParenthesizedExpression(init))) init = init.expression;
      if (!init || !ts.isArrayLiteralExpression(init)) throw new Error('WEBVIEW_STRINGS is not an array literal');
      for (const el of init.elements) {
        if (!ts.isStringLiteral(el)) throw new Error('WEBVIEW_STRINGS holds something other than a string literal');
        keys.push(el.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!keys.length) throw new Error('WEBVIEW_STRINGS not found in src/shared/strings.ts');
  return keys;
}

/** The directories whose `t(…)` calls are runtime strings: the extension and the engine. */
export const SOURCE_DIRS = [join(ROOT, 'src', 'extension'), join(ROOT, 'src', 'core')];

/** {@link scanCalls} over every directory of {@link SOURCE_DIRS}. */
export function scanAll() {
  const scans = SOURCE_DIRS.map((d) => scanCalls(d));
  return { messages: scans.flatMap((s) => s.messages), problems: scans.flatMap((s) => s.problems) };
}

/** The English bundle as it should be: every message once, sorted (key → English text). */
export function englishBundle() {
  const all = new Set([...scanAll().messages.map((m) => m.message), ...webviewKeys()]);
  const out = {};
  for (const k of [...all].sort()) out[k] = k;
  return out;
}

export const bundleText = (bundle) => `${JSON.stringify(bundle, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { problems } = scanAll();
  for (const p of problems) console.error(p);
  const want = bundleText(englishBundle());
  let have = '';
  try { have = readFileSync(BUNDLE, 'utf8'); } catch { /* not written yet */ }
  if (process.argv.includes('--check')) {
    if (have !== want) console.error('l10n/bundle.l10n.json is out of date: run node scripts/l10n.mjs');
    process.exit(have !== want || problems.length ? 1 : 0);
  }
  if (have !== want) writeFileSync(BUNDLE, want);
  console.log(`l10n/bundle.l10n.json: ${Object.keys(JSON.parse(want)).length} messages${have === want ? ' (unchanged)' : ''}`);
  process.exit(problems.length ? 1 : 0);
}
