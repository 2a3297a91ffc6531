// Lint: typescript-eslint on everything we write, plus the layering rule that keeps `vscode` out of
// src/core, src/shared and src/webview (they must run in plain Node or a browser).
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
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: noVscode,
  },
);
