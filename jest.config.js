/** Jest runs TypeScript through SWC (fast on 2 cores); `tsc --noEmit` in the test script does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }] },
  // @noble/* 2.x ships only ES modules: SWC turns them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(preact|@noble)/)'],
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.ts',
  // The longest files first (a fresh clone has no timings to order by): tests/support/testSequencer.js
  testSequencer: '<rootDir>/tests/support/testSequencer.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
