#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run on install via `prepare`).
import { fileURLToPath } from 'node:url';

// Test-only fault injection for the benchmark harness's A/B evidence: CODIRA_TEST_SLOWDOWN_PERCENT=30 makes every
// command take 30 % longer by blocking at exit for that share of the time since process start, and
// CODIRA_TEST_SLOWDOWN_MIN_MS=300 makes that block at least 300 ms (so the delay exceeds an absolute budget slack).
// Unset: two lookups.
// Phase recording (CODIRA_PHASES=<file>, see src/core/phases.ts): the time node needed to reach our first line.
if (process.env.CODIRA_PHASES) globalThis[Symbol.for('codira.binStartMs')] = process.uptime() * 1000;
const slowdown = Number(process.env.CODIRA_TEST_SLOWDOWN_PERCENT ?? 0);
const slowdownMinMs = Number(process.env.CODIRA_TEST_SLOWDOWN_MIN_MS ?? 0);
if (slowdown > 0 || slowdownMinMs > 0) {
  process.once('exit', () => {
    const ms = Math.max((process.uptime() * 1000 * slowdown) / 100, slowdownMinMs);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  });
}
// `codira index --full` analyzes in an isolated host (see src/cli/analysis-prestart.ts): start it first, so it boots
// while this process loads the CLI. Other index runs start it once their plan has files to analyze (a warm no-op
// never needs one).
if (
  process.argv[2] === 'index' &&
  process.argv.includes('--full') &&
  !process.argv.includes('--help') &&
  !process.argv.includes('-h')
) {
  await (await import('../dist/cli/analysis-prestart.js')).prestartIndexAnalysis();
}
// A plain read command runs from the read path's bundle when the build made one (src/cli/read-entry.ts says why:
// one file with a V8 code cache instead of the ES module graph); a command line it declines, every other command, and
// an install without the bundle load the full CLI.
if (!(await runFromReadBundle())) await import('../dist/cli/main.js');

async function runFromReadBundle() {
  if (!['sym', 'symlist', 'calls', 'refs', 'ctx', 'emb'].includes(process.argv[2] ?? '')) return false;
  const { loadBundle } = await import('../dist/server/bundle-loader.js');
  let entry;
  try {
    entry = loadBundle(fileURLToPath(new URL('../dist/cli/read-bundle.cjs', import.meta.url))).exports;
  } catch (error) {
    if (error?.code === 'ENOENT') return false;
    throw error;
  }
  return entry.runReadCommand(process.argv.slice(2));
}
