/** The unit tests of psp/ and domain/ alone, for StrykerJS (`npm run test:mutation`): no services, no setup. */
const { projects } = require('./jest.config.js');
const unit = projects.find((p) => p.displayName === 'unit');

module.exports = {
  ...unit,
  displayName: undefined,
  testMatch: ['<rootDir>/psp/**/*.test.ts', '<rootDir>/domain/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.mutation.setup.ts'],
};
