// What the .vsix contains, as `vsce ls` reports it: everything the extension loads at run time, the images its
// README (the Marketplace page) shows, and nothing else (no dotfiles, sources, tests or docs it does not show).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('the .vsix (vsce ls)', () => {
  let files: string[] = [];
  before(() => {
    if (!existsSync(join(ROOT, 'dist', 'extension.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
    const out = execFileSync('node', [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    files = out.split('\n').map((l) => l.trim()).filter(Boolean);
  });

  it('contains every image the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((p) => !/^[a-z]+:/i.test(p));
    assert.ok(images.length >= 3, `the README shows its screenshots (${images.join(', ')})`);
    for (const image of images) {
      assert.ok(existsSync(join(ROOT, image)), `${image} exists`);
      assert.ok(files.includes(image), `${image} is packaged`);
    }
  });

  it('contains what the extension loads: bundles, webview assets, grammar, manifest', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', 'dist/engine.js', 'dist/mathjs-parse.js', 'dist/webview.js', 'dist/web/extension.js', 'dist/web/engine.js',
      'media/inspector.css', 'media/partials.svg', 'media/katex/katex.min.css', 'media/elk/elk-worker.min.js',
      'syntaxes/dx.tmLanguage.json', 'language-configuration-dx.json',
      'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'media/icon.png']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
    assert.ok(files.some((f) => /^media\/katex\/fonts\/KaTeX_Main-Regular\.woff2$/.test(f)), 'KaTeX fonts are packaged');
  });

  it('contains no dotfiles, sources, tests, source maps or unused screenshots', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const f of files) {
      assert.ok(!f.split('/').some((part) => part.startsWith('.')), `no dotfile: ${f}`);
      assert.ok(!/^(src|test|scripts|bench|demo|node_modules)\//.test(f), `no development file: ${f}`);
      assert.ok(!f.endsWith('.map') && !f.endsWith('.ts'), `no source map or TypeScript: ${f}`);
      if (f.startsWith('docs/')) assert.ok(readme.includes(f), `${f} is shown by the README`);
    }
  });
});
