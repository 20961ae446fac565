import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'http',
  'https',
  'net',
  'crypto',
  'child_process',
  'os',
  'stream',
  'zlib',
  'dns',
  'tls',
  'url',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      'dist/**',
      '.tools/**',
      'tmp/**',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON answers loosely; production code may not.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no I/O clients; activities only as types.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins
              .flatMap((m) => [m, `node:${m}`])
              .map((name) => ({ name, message: 'workflows may not use Node built-ins' })),
            ...['pg', 'ioredis', 'express', '@temporalio/client', '@temporalio/worker'].map((name) => ({
              name,
              message: 'workflows may not do I/O',
            })),
          ],
          patterns: [
            {
              group: ['**/generated/**', '**/storage/**', '**/clients/**', '**/stand-ins/**'],
              message: 'workflows may not do I/O',
            },
            {
              group: ['**/activities/**', '**/activities'],
              message: 'import activities with `import type` only',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
