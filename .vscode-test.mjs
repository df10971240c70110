// `npm run test:electron`: the extension-host suite (test/vscode, bundled to out/test/vscode by
// scripts/vscode/build-tests.mjs) in desktop VS Code downloaded by @vscode/test-electron. Needs access to
// Microsoft's download servers; where that is blocked (CI here), `npm run test:vscode` runs the same suite in code-server.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// a copy of the demo workspace, so tests that save files never touch the repository
const workspace = mkdtempSync(join(tmpdir(), 'partials-ws-'));
cpSync('demo', workspace, { recursive: true });
process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));

export default defineConfig({
  files: 'out/test/vscode/**/*.test.js',
  workspaceFolder: workspace,
  version: process.env.VSCODE_VERSION ?? 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'tdd', timeout: 30000, color: true },
});
