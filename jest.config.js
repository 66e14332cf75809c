// One jest run over the whole workspace. Test files end in .unit.spec.ts (no I/O),
// .int.spec.ts (real Kafka / registry / MongoDB, or Fastify inject) or .e2e.spec.ts (running stack).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // web/ has its own runner (Vitest), which scripts/test.ts runs after jest.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stack/', '<rootDir>/.tsbuild/', '<rootDir>/web/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  // Integration suites share three servers; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
};
