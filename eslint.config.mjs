// Lint: typescript-eslint on everything we write, plus the layering rules: `vscode` stays out of src/core,
// src/shared and src/webview (they must run in plain Node or a browser), the webview imports only src/shared, and
// the host, bench and tests reach the core only through src/core/index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core, src/shared and src/webview must not depend on vscode.' }],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
      message: 'src/core, src/shared and src/webview must not depend on vscode.',
    },
  ],
};

const WEBVIEW_ONLY = 'src/webview imports only src/shared of our code (it runs in the browser).';
const CORE_FACE = "Import the core through src/core/index.ts ('../core'), never a module inside it.";

export default tseslint.config(
  {
    // playground/ is the sample project `npm start` opens: its flaws (var, ==, a type error) are there to be fixed.
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'media/dist/',
      '.vscode-test/',
      'test-results/',
      'test/fixtures/retrieval/repo/',
      'playground/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: noVscode,
  },
  {
    // The webview is browser code: of ours it may import src/shared only.
    files: ['src/webview/**/*.ts'],
    rules: {
      ...noVscode,
      'no-restricted-imports': [
        'error',
        {
          paths: noVscode['no-restricted-imports'][1].paths,
          patterns: [
            {
              group: [
                '../*',
                '!../shared',
                '../shared/*',
                '!../shared/protocol',
                '!../shared/protocolGuards',
                '../../*',
              ],
              message: WEBVIEW_ONLY,
            },
          ],
        },
      ],
    },
  },
  {
    // The core's public face is src/core/index.ts: the host, the bench and the tests import nothing deeper.
    files: ['src/host/**/*.ts', 'src/extension.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./core/*', '../core/*', '../../core/*', '**/src/core/*'], message: CORE_FACE },
          ],
        },
      ],
    },
  },
);
