/**
 * Two projects. `unit`: pure code (PSP protocols, domain, config, documents), no services, seconds to run:
 * `npm run test:unit`. `integration`: test/**, against the real Postgres, Redis and Temporal that
 * `scripts/services.sh up` starts (npm's pretest). `npm test` runs both.
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // jose 6 ships only ES modules; Jest's CommonJS runtime needs them compiled (Node itself loads them natively).
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testPathIgnorePatterns: ['/node_modules/', '/generated/'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/test/'],
      // A unit test that reaches for a service fails here instead of quietly using the developer's own.
      setupFiles: ['<rootDir>/test/unit-setup.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
