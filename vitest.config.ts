import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Analyzers load their parsers and walkers on demand; tests call `analyze` directly.
    setupFiles: ['test/support/load-analyzers.ts'],
    // Native addons (better-sqlite3, DuckDB, tree-sitter) are safest in forked processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
