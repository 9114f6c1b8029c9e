import { defineConfig } from 'vitest/config';

/** `npm run test:cluster`: three real `serve` processes, PostgreSQL and HAProxy (test/cluster/). */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
