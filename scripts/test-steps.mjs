// Extra `npm test` steps (loaded by scripts/test.mjs): the extension-host suite and the browser end-to-end suite,
// both against a real VS Code (code-server on 127.0.0.1, installed by scripts/vscode/install.sh when missing).
// Each writes {"passed":N,"failed":M} to $PARTIALS_RESULT so the run ends with one total.
export function steps({ resultFile }) {
  return [
    resultFile('vscode', ['node', 'scripts/vscode/run-ext-tests.mjs']),
    resultFile('e2e', ['node', 'scripts/vscode/run-e2e.mjs']),
  ];
}
