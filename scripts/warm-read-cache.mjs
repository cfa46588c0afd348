#!/usr/bin/env node
// Build step (run by scripts/bundle-read.mjs in a process of its own): write dist/cli/read-bundle.cjs's V8 code cache
// after running every read command once over a small fixture index, so the cache holds the code those commands
// compile lazily (the lexical and embedding signals, the readers, the renderers), not only what loading the bundle
// compiles. A one-shot `ctx` then compiles almost nothing: −2 to −3 ms of CPU per read command on SQLite
// (docs/process/issue-12-execution.md, session 20, s20-ctx). Run without V8 flags: bin/codira.js sets its one-shot
// flags only after the load, and a cache made under other flags is rejected. Answers never depend on the cache.
// Usage: node scripts/warm-read-cache.mjs <bundle>; prints the cache size in bytes; output of the commands is dropped.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = process.argv[2];

/** Every read command, as the campaign and an agent ask them, plain and as JSON. */
const COMMANDS = [
  ['ctx', 'area of a circle in a weighted graph report'],
  ['ctx', 'area of a circle in a weighted graph report', '--json'],
  ['ctx', 'shortest path', '--prefix', 'src'],
  ['emb', 'area of a circle'],
  ['emb', 'area of a circle', '--json'],
  ['sym', 'square'],
  ['sym', 'square', '--json'],
  ['symlist'],
  ['symlist', '--json', '--limit', '5'],
  ['calls', 'print_report'],
  ['calls', 'square', '--incoming', '--json'],
  ['refs', 'square', '--incoming'],
  ['refs', 'shortestPath', '--incoming', '--json'],
  ['impact', 'square'],
  ['graph', '--json'],
  ['map'],
  ['audit'],
  ['audit', '--json'],
  ['status'],
];

const repo = mkdtempSync(join(tmpdir(), 'codira-warm-'));
try {
  // The samples every code-cache warm-up shares (src/core/warm-sources.ts): every language, and an answer for each
  // command below (`square`, `print_report`, `shortestPath` and the ctx query are in pkg/ and src/path.ts).
  const { WARM_SOURCES } = await import(`${root}dist/core/warm-sources.js`);
  for (const [path, text] of Object.entries(WARM_SOURCES)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const { runIndex } = await import(`${root}dist/core/indexer.js`);
  const { ANALYZER_SET } = await import(`${root}dist/analyzers/registry.js`);
  const { loadBackend } = await import(`${root}dist/backends/registry.js`);
  const backends = ['sqlite', 'duckdb'];
  for (const name of backends) {
    const location = { repoRoot: repo, stateDir: join(repo, name, '.codira') };
    await runIndex({ backend: await loadBackend(name), location, analyzers: ANALYZER_SET, full: true, workers: 0 });
  }
  const { writeWarmBundleCache } = await import(`${root}dist/server/bundle-loader.js`);
  const bytes = await writeWarmBundleCache(bundle, async (exports) => {
    for (const name of backends) {
      for (const command of COMMANDS) {
        const argv = [...command, '--path', repo, '--output-dir', join(repo, name), '--backend', name];
        if (!(await exports.runReadCommand(argv))) throw new Error(`warm-read-cache: not run: ${argv.join(' ')}`);
      }
    }
  });
  process.exitCode = 0; // a command's own exit code (audit findings) is not the build's
  process.stderr.write(`warm-read-cache: ${bytes}\n`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
