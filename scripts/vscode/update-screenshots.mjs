// Copies the README's screenshots from the last end-to-end run (test-results/) to docs/images/.
// usage: npm run test:e2e && node scripts/vscode/update-screenshots.mjs
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

const SHOTS = ['inspector-sidebar', 'inspector-panel', 'inspector-panel-graph', 'inspector-checks', 'inspector-step-size', 'hover', 'insert-gradient-code', 'dx-scratch-pad',
  'tensor-inspector', 'named-explain', 'graph-step-backward', 'notebook-insert'];
const out = join(ROOT, 'docs/images');
mkdirSync(out, { recursive: true });
const missing = SHOTS.filter((s) => !existsSync(join(ROOT, 'test-results', `${s}.png`)));
if (missing.length) {
  console.error(`missing in test-results/: ${missing.join(', ')} (run npm run test:e2e first)`);
  process.exit(1);
}
for (const s of SHOTS) copyFileSync(join(ROOT, 'test-results', `${s}.png`), join(out, `${s}.png`));
console.log(`copied ${SHOTS.length} screenshots to docs/images/`);
