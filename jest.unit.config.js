// Unit tier: pure code, no servers. `*.spec.ts` that are neither `.int.` nor `.e2e.`.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,infra,tools}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.stack/', '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
};
