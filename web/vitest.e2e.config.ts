import { defineConfig } from 'vitest/config';

/**
 * The browser journeys: Debian's Chromium (playwright-core) against the whole system, which the
 * suite starts itself on free ports. One file at a time: they share that system.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.spec.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 400_000,
    hookTimeout: 240_000,
    // What a person waits for (a live notification, a list catching up): patiently, on a loaded machine.
    expect: { poll: { timeout: 60_000, interval: 250 } },
  },
});
