import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test-env/**', '.vscode-test/**', 'test-results/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        window: 'readonly', document: 'readonly', Buffer: 'readonly', URL: 'readonly', performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-eval': 'error',
    },
  },
  {
    // Layering (docs/architecture.md, "Rooms"): which folder may import which. Paths are resolved, so `../x/../y`
    // and re-exports cannot slip past; test/unit/lint-layers.test.ts proves each rule fires.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './src/core', from: ['./src/extension', './src/webview', './src/cli'], message: 'src/core is the engine: it imports only src/core and src/shared.' },
          { target: './src/webview', from: './src', except: ['./webview', './shared'], message: 'src/webview imports only src/shared and its own files.' },
          { target: './src/extension', from: './src/webview', message: 'src/extension imports no webview internals: the protocol lives in src/shared.' },
          { target: './src/shared', from: './src', except: ['./shared'], message: 'src/shared imports nothing but itself.' },
          { target: './src/cli', from: ['./src/extension', './src/webview'], message: 'src/cli imports only src/core and src/shared.' },
        ],
      }],
      // Runtime import cycles (type-only imports are erased and do not count).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The engine, the protocol and the webview must stay free of the VS Code API so the CLI, tests, the browser and
    // a web build can use them.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'only src/extension may import vscode' }] }] },
  },
);
