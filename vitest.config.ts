import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The sample index, built once and reopened by every test over the shipped knowledge.
    globalSetup: ['test/global-setup.ts'],
    // Native addons (better-sqlite3, hnswlib-node) are safest in child processes.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
