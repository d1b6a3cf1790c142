import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The sample index, built once and reopened by every test over the shipped knowledge.
    globalSetup: ['test/global-setup.ts'],
    // Native addons (better-sqlite3, hnswlib-node) are safest in child processes.
    pool: 'forks',
    // One worker per core: left to itself vitest keeps one core free, which on a 2-core machine
    // runs the files one after another.
    maxWorkers: availableParallelism(),
    // Test files share a worker's loaded modules instead of importing LangChain, Hono, Wechaty
    // and jieba again for each file: most of the suite's time was spent on those imports.
    // Tests keep no state in modules, so sharing them changes no outcome.
    isolate: false,
    // The TypeScript of src/ and test/ compiled once and kept in node_modules/ between runs
    // (keyed by each file's content; the default from Vitest 5): 4–5 s of compiling per run
    // down to about 1 s when few files changed. A fresh clone compiles everything once.
    experimental: { fsModuleCache: true },
    // A test that asserts nothing fails instead of passing by not crashing.
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
