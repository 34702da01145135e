// Integration and end-to-end tiers: real PostgreSQL and Kafka, started by the global setup when not running.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['<rootDir>/{apps,libs,infra,tools,e2e}/**/*.{int,e2e}.spec.ts'],
  globalSetup: '<rootDir>/tools/jest/global-setup.ts',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  testSequencer: '<rootDir>/tools/jest/long-first-sequencer.js',
};
