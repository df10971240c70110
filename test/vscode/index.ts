// Entry point VS Code loads as extensionTestsPath (inside code-server, see scripts/vscode/run-ext-tests.mjs):
// runs every bundled *.test.js beside this file with mocha in the extension host.
// (@vscode/test-cli, see .vscode-test.mjs, uses its own runner on the same files.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', grep: process.env.PARTIALS_VSCODE_GREP || undefined });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result = { passed: runner.stats?.passes ?? 0, failed: failures };
      // the harness reads this line from the forwarded extension-host console
      console.log(`PARTIALS_MOCHA_RESULT ${JSON.stringify(result)}`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
