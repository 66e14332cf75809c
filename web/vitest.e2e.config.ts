import { defineConfig } from 'vitest/config';

/**
 * The browser journeys: Debian's Chromium (playwright-core) against the whole system, which the
 * suite starts itself on free ports. One file at a time: they share that system.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.spec.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
