// Copies the KaTeX stylesheet and its WOFF2 fonts into media/katex, and ELK's worker into media/elk, so the
// webview loads them from the extension (asWebviewUri, no CDN). Browsers pick WOFF2, the first source listed.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export function copyMedia() {
  const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');
  const out = join(root, 'media', 'katex');
  mkdirSync(join(out, 'fonts'), { recursive: true });
  // Keep only the woff2 source of every @font-face: the other formats are never fetched by a webview.
  const css = readFileSync(join(katexDist, 'katex.min.css'), 'utf8')
    .replace(/src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)(,url\([^)]+\) format\("[a-z]+"\))*/g, 'src:url($1) format("woff2")');
  writeFileSync(join(out, 'katex.min.css'), css);
  let copied = 0;
  for (const f of readdirSync(join(katexDist, 'fonts'))) {
    if (!f.endsWith('.woff2')) continue;
    const from = join(katexDist, 'fonts', f);
    const to = join(out, 'fonts', f);
    if (existsSync(to) && statSync(to).size === statSync(from).size) continue;
    copyFileSync(from, to);
    copied++;
  }
  // ELK's layout engine runs in a Web Worker in the webview (never blocking it); the API half is bundled.
  const elkWorker = join(dirname(require.resolve('elkjs/package.json')), 'lib', 'elk-worker.min.js');
  mkdirSync(join(root, 'media', 'elk'), { recursive: true });
  const elkOut = join(root, 'media', 'elk', 'elk-worker.min.js');
  if (!existsSync(elkOut) || statSync(elkOut).size !== statSync(elkWorker).size) {
    copyFileSync(elkWorker, elkOut);
    copied++;
  }
  return copied;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  copyMedia();
  console.log('[copy-media] media/katex media/elk');
}
