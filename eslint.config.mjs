// Lint rules that guard the architecture (see ../shared/house-style.md):
// - src/core, src/cli and src/shared never import `vscode` (they run under plain Node);
// - the webview app (media/src) imports only src/shared and browser APIs: no Node built-ins, no Docker or pg clients.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.artifacts/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'eqeqeq': ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/cli and src/shared run outside VS Code: keep `vscode` in src/vscode.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/shared is imported by the webview: no vscode.' }, ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is imported by the webview: no Node built-ins.' }))],
          patterns: [{ group: ['dockerode', 'pg', 'execa', '../core/**', '../vscode/**', '../cli/**'], message: 'src/shared holds plain data types and pure helpers only.' }],
        },
      ],
    },
  },
  {
    files: ['media/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview cannot use the vscode API module.' }, ...nodeBuiltins.map((name) => ({ name, message: 'The webview runs in a browser: no Node built-ins.' }))],
          patterns: [{ group: ['dockerode', 'pg', 'execa', '**/src/core/**', '**/src/vscode/**', '**/src/cli/**'], message: 'The webview may import only src/shared.' }],
        },
      ],
    },
  },
);
