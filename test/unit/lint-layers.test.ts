// The layering rules in eslint.config.mjs fire: each offending import, linted through ESLint's Node API as if it
// stood in a file of the room it breaks, gets the rule's error; the allowed imports next to it get none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The rule ids (and messages) ESLint reports for `code` as the text of `file` (a path under the repository). */
async function problems(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

async function assertFires(file: string, code: string, rule: string, message: RegExp): Promise<void> {
  const found = await problems(file, code);
  assert.ok(found.some((p) => p.rule === rule && message.test(p.message)),
    `${rule} should fire on ${JSON.stringify(code)} in ${file}; got ${JSON.stringify(found)}`);
}

async function assertClean(file: string, code: string): Promise<void> {
  assert.deepEqual(await problems(file, code), [], `${JSON.stringify(code)} in ${file} is allowed`);
}

const RESTRICTED = 'import-x/no-restricted-paths';

test('src/core imports nothing from extension, webview or cli, and not vscode', async () => {
  const file = 'src/core/layerProbe.ts';
  await assertFires(file, "import { makeNonce } from '../extension/inspector/html';\nexport const x = makeNonce;\n", RESTRICTED, /src\/core is the engine/);
  await assertFires(file, "import { h } from '../webview/dom';\nexport const x = h;\n", RESTRICTED, /src\/core is the engine/);
  await assertFires(file, "import { main } from '../cli/main';\nexport const x = main;\n", RESTRICTED, /src\/core is the engine/);
  // A detour through another folder is resolved, not matched as text.
  await assertFires(file, "import { h } from '../core/../webview/dom';\nexport const x = h;\n", RESTRICTED, /src\/core is the engine/);
  await assertFires(file, "import * as vscode from 'vscode';\nexport const x = vscode;\n", 'no-restricted-imports', /only src\/extension may import vscode/);
  await assertClean(file, "import { shortNumber } from './number';\nimport { formatNumber } from '../shared/format';\nexport const x = [shortNumber, formatNumber];\n");
});

test('src/webview imports only src/shared and its own files', async () => {
  const file = 'src/webview/layerProbe.ts';
  await assertFires(file, "import { shortNumber } from '../core/number';\nexport const x = shortNumber;\n", RESTRICTED, /src\/webview imports only src\/shared/);
  await assertFires(file, "import { makeNonce } from '../extension/inspector/html';\nexport const x = makeNonce;\n", RESTRICTED, /src\/webview imports only src\/shared/);
  await assertFires('src/webview/sections/layerProbe.ts', "import { main } from '../../cli/main';\nexport const x = main;\n", RESTRICTED, /src\/webview imports only/);
  await assertFires(file, "import * as vscode from 'vscode';\nexport const x = vscode;\n", 'no-restricted-imports', /only src\/extension may import vscode/);
  await assertClean(file, "import { h } from './dom';\nimport { formatNumber } from '../shared/format';\nexport const x = [h, formatNumber];\n");
});

test('src/extension imports no webview internals (the protocol is in src/shared)', async () => {
  const file = 'src/extension/layerProbe.ts';
  await assertFires(file, "import { h } from '../webview/dom';\nexport const x = h;\n", RESTRICTED, /src\/extension imports no webview internals/);
  await assertClean(file, "import { toWire } from '../shared/protocol';\nimport { shortNumber } from '../core/number';\nexport const x = [toWire, shortNumber];\n");
});

test('src/shared imports nothing but itself', async () => {
  const file = 'src/shared/layerProbe.ts';
  await assertFires(file, "import { shortNumber } from '../core/number';\nexport const x = shortNumber;\n", RESTRICTED, /src\/shared imports nothing but itself/);
  await assertFires(file, "import { h } from '../webview/dom';\nexport const x = h;\n", RESTRICTED, /src\/shared imports nothing but itself/);
  await assertFires(file, "import * as vscode from 'vscode';\nexport const x = vscode;\n", 'no-restricted-imports', /only src\/extension may import vscode/);
  await assertClean(file, "import { formatNumber } from './format';\nexport const x = formatNumber;\n");
});

test('src/cli imports neither the extension nor the webview', async () => {
  await assertFires('src/cli/layerProbe.ts', "import { makeNonce } from '../extension/inspector/html';\nexport const x = makeNonce;\n", RESTRICTED, /src\/cli imports only/);
});

test('an import cycle is an error', async () => {
  // print.ts imports number.ts: number.ts importing print.ts back closes a cycle.
  const text = "import { print } from './print';\nexport const shortNumber = (v: number): string => String(v);\nexport const x = print;\n";
  await assertFires('src/core/number.ts', text, 'import-x/no-cycle', /cycle/i);
  // A type-only import is erased at run time and is no cycle.
  await assertClean('src/core/number.ts', "import type { Style } from './print';\nexport type S = Style;\nexport const shortNumber = (v: number): string => String(v);\n");
});
