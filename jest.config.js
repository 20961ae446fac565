/** Tests run against real Postgres, Redis and Temporal started by `scripts/services.sh up` (npm's pretest). */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // jose 6 ships only ES modules; Jest's CommonJS runtime needs them compiled (Node itself loads them natively).
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/generated/'],
  globalSetup: './test/global-setup.ts',
  testTimeout: 120000,
};
