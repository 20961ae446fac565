import { readdirSync } from 'node:fs';
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

// Layers (README "Layers"): who may import whom. Read from disk so a new top-level folder counts as ours at once.
const ours = [
  ...new Set([
    ...readdirSync(import.meta.dirname, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => e.name),
    'testkit',
  ]),
];
/** A relative import that climbs out into one of these top-level folders. */
const into = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const except = (...allowed) => ours.filter((f) => !allowed.includes(f));

const tests = ['test/**', 'testkit/**', 'stand-ins/**', 'scripts/**', 'bench/**', '**/*.test.ts'];
const testSupport = {
  regex: into(['stand-ins', 'test', 'testkit']),
  message: 'layers: product code may not import stand-ins/, test/ or testkit/',
};
const workflowTypesOnly = {
  regex: into(['workflows']),
  message:
    'layers: outside workflows/, workflow modules are imported as types only (ids and contracts live in domain/)',
  allowTypeImports: true,
};

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      'dist/**',
      '.tools/**',
      'tmp/**',
      '.stryker-tmp/**',
      'reports/**',
      'jest.config.js',
      'jest.mutation.config.js',
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
    files: ['test/**/*.ts', 'testkit/**/*.ts', '**/*.test.ts'],
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
            testSupport,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: [...tests, 'workflows/**', 'domain/**', 'psp/**', 'api-internal/**', 'api-external/**'],
    rules: restrict([testSupport, workflowTypesOnly]),
  },
  {
    files: ['domain/**/*.ts'],
    rules: restrict([{ regex: into(except('domain')), message: 'layers: domain/ imports nothing of ours' }]),
  },
  {
    files: ['psp/**/*.ts'],
    ignores: ['psp/*/client.ts', 'psp/*/stand-in.ts'],
    rules: restrict([{ regex: into(except('domain', 'psp')), message: 'layers: psp/ imports only domain/ and psp/' }]),
  },
  {
    // A PSP's outbound API client shares the neighbours' HTTP plumbing (timeouts, error classes).
    files: ['psp/*/client.ts'],
    rules: restrict([
      {
        regex: into(except('domain', 'psp', 'clients')),
        message: 'layers: a PSP client imports domain/, psp/, clients/',
      },
    ]),
  },
  {
    // A PSP's stand-in plays its API in tests and the demo, with the neighbours' fault injection.
    files: ['psp/*/stand-in.ts'],
    rules: restrict([
      {
        regex: into(except('domain', 'psp', 'stand-ins')),
        message: 'layers: a PSP stand-in imports domain/, psp/, stand-ins/',
      },
    ]),
  },
  {
    files: ['api-internal/**/*.ts', 'api-external/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        {
          regex: into(['storage', 'workflows']),
          message: 'layers: gateways call use-cases (application/), not storage/ or workflows/ (types only)',
          allowTypeImports: true,
        },
        {
          regex: `${into(['generated'])}|^@prisma/`,
          message: 'layers: gateways call use-cases (application/), never the ORM',
        },
        testSupport,
      ],
      [
        {
          name: '@temporalio/client',
          message: 'layers: gateways reach Temporal through use-cases (application/); types only',
          allowTypeImports: true,
        },
      ],
    ),
  },
  {
    files: ['bench/**/*.ts'],
    rules: restrict([
      { regex: into(['test']), message: 'layers: bench/ may not import test/; share code in testkit/' },
    ]),
  },
);
