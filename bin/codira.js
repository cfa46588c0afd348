#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run on install via `prepare`). This file is CommonJS
// (bin/package.json): an ES module entry costs every process the ES module loader's start-up (3–5 ms of CPU,
// docs/process/issue-12-execution.md, session 17) even when the command then runs from the read bundle below.
'use strict';

// Phase recording (CODIRA_PHASES=<file>, see src/core/phases.ts): the time node needed to reach our first line.
if (process.env.CODIRA_PHASES) globalThis[Symbol.for('codira.binStartMs')] = process.uptime() * 1000;
// Test-only fault injection for the benchmark harness's A/B evidence: CODIRA_TEST_SLOWDOWN_PERCENT=30 makes every
// command take 30 % longer by blocking at exit for that share of the time since process start, and
// CODIRA_TEST_SLOWDOWN_MIN_MS=300 makes that block at least 300 ms (so the delay exceeds an absolute budget slack).
// Unset: two lookups.
const slowdown = Number(process.env.CODIRA_TEST_SLOWDOWN_PERCENT ?? 0);
const slowdownMinMs = Number(process.env.CODIRA_TEST_SLOWDOWN_MIN_MS ?? 0);
if (slowdown > 0 || slowdownMinMs > 0) {
  process.once('exit', () => {
    const ms = Math.max((process.uptime() * 1000 * slowdown) / 100, slowdownMinMs);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  });
}

/** The commands `dist/cli/read-bundle.cjs` runs (src/cli/read-commands.ts). */
const READ_COMMANDS = ['sym', 'symlist', 'calls', 'refs', 'ctx', 'emb', 'graph', 'audit', 'impact', 'map', 'status'];

/**
 * Load one of the CLI's bundles with its V8 code cache: the same wrapper and cache handling as
 * src/server/bundle-loader.ts, which an ES module cannot share with this file without the loader start-up it avoids.
 *
 * @param {string} bundle - Absolute path of a bundle under dist/cli/.
 * @returns {Record<string, (argv: string[]) => Promise<boolean>>} The bundle's exports.
 */
function loadBundle(bundle) {
  const { readFileSync } = require('node:fs');
  const { createRequire } = require('node:module');
  const { dirname } = require('node:path');
  const { Script } = require('node:vm');
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n})`;
  let cachedData;
  try {
    cachedData = readFileSync(`${bundle}.v8cache`);
  } catch {
    // compiled from source, as require would
  }
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}

/**
 * V8 flags for a one-shot read command, set once its bundle is loaded, before it runs. `--interrupt-budget` ×8 (default 67,584 bytes
 * of bytecode executed before V8 weighs optimizing a function): a read command lives ~100 ms, and at the default V8
 * starts TurboFan compiles on a background thread for functions that then run a few milliseconds more — CPU a
 * one-shot process never earns back. Eight times the budget leaves only the really hot loops (scoring every stored
 * vector) to be optimized: `ctx` on SQLite −5 to −15 ms CPU on this repository, networkx and SymPy
 * (docs/process/issue-12-execution.md, session 18, s18-sqlctx). Read when V8 next sets a function's budget, so it
 * applies to the bundle's functions; answers never depend on it.
 */
const ONE_SHOT_V8_FLAGS = '--interrupt-budget=540672';

/**
 * The bundles the build makes (src/cli/read-entry.ts, index-entry.ts, mcp-entry.ts say why: one file with a V8 code
 * cache instead of the ES module graph), each with the commands it runs and the function that runs them.
 */
const BUNDLES = [
  {
    file: 'read-bundle.cjs',
    commands: READ_COMMANDS,
    run: 'runReadCommand',
    v8Flags: ONE_SHOT_V8_FLAGS,
    exitAfter: true,
  },
  { file: 'index-bundle.cjs', commands: ['index'], run: 'runIndexCommand', exitAfter: 'when-alone' },
  { file: 'mcp-bundle.cjs', commands: ['mcp'], run: 'runMcpCommand' },
];

/**
 * Whether this process writes a profile when it ends (`--cpu-prof`, `--heap-prof`, `--prof`, also through
 * NODE_OPTIONS): its analysis thread must then end on its own (src/core/analysis-spawn.ts), so the process ends as usual.
 *
 * @returns {boolean} Whether a profiler flag is set.
 */
function profiling() {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) =>
    /^--(cpu-prof|heap-prof|prof)(\b|$)/.test(arg),
  );
}

/**
 * Whether a child process still holds this process open: an index run keeps its analysis processes until they exit
 * when a measurement waits for them (`CODIRA_WAIT_FOR_ANALYSIS`, src/core/analysis-spawn.ts), so that `wait4` counts
 * them; the process then ends as usual, after them.
 *
 * @returns {boolean} Whether a referenced child process is alive.
 */
function childProcessAlive() {
  return process.getActiveResourcesInfo().includes('ProcessWrap');
}

/**
 * A plain command line runs from the bundle that holds its command when the build made one.
 *
 * @returns {Promise<false | 'done' | 'exit' | 'exit-when-alone'>} Whether it ran (`'exit'`: and the process should
 *   now end; `'exit-when-alone'`: it may, if no child process is alive); a command line the bundle declines, every
 *   other command, and an install without the bundle are left to the full CLI.
 */
async function runFromBundle() {
  const bundle = BUNDLES.find((candidate) => candidate.commands.includes(process.argv[2] ?? ''));
  if (bundle === undefined) return false;
  let entry;
  try {
    entry = loadBundle(require('node:path').join(__dirname, '..', 'dist', 'cli', bundle.file));
  } catch (error) {
    if (error?.code === 'ENOENT') return false;
    throw error;
  }
  // After the load: changing a flag changes V8's flag hash, and a code cache made under another hash is rejected.
  if (bundle.v8Flags) require('node:v8').setFlagsFromString(bundle.v8Flags);
  // A one-shot read command ends the process itself once it returned (see main): its read session may leave the
  // engine's teardown to the exit (src/cli/context.ts, processExitsAfterCommand).
  // An index run ends so only when it is not profiled, once its writer committed and published (the command has
  // returned) and no child process is alive (see main); it then leaves the DuckDB writer's release to the exit too.
  const exitAfter =
    bundle.exitAfter === 'when-alone' ? (profiling() ? undefined : 'exit-when-alone') : bundle.exitAfter;
  if (exitAfter) globalThis[Symbol.for('codira.exitAfterCommand')] = true;
  const ran = await entry[bundle.run](process.argv.slice(2));
  if (!ran) delete globalThis[Symbol.for('codira.exitAfterCommand')];
  return ran ? (exitAfter === true ? 'exit' : (exitAfter ?? 'done')) : false;
}

async function main() {
  const ran = await runFromBundle();
  if (ran === 'exit') {
    // Exit once stdout is flushed (its write callback runs after every earlier write), skipping Node's environment
    // teardown and with it the native finalizers: DuckDB's instance teardown alone cost ~2 ms of CPU per read command
    // (docs/process/issue-12-execution.md, session 22). `process.exit()` keeps a command's `process.exitCode`, and
    // 'exit' listeners (phase recording) still run.
    process.stdout.write('', () => process.exit());
    return;
  }
  if (ran === 'exit-when-alone') {
    // The same for an index run (its index is published and durable when the command returns: what the exit skips
    // is the release of memory and handles, ~2–5 ms of CPU on DuckDB; issue 12 ledger, session 24), unless a child
    // process is alive: the process then waits for it as usual.
    process.stdout.write('', () => {
      if (!childProcessAlive()) process.exit();
    });
    return;
  }
  if (ran) return;
  // The full CLI. `codira index --full` analyzes in an isolated host (see src/cli/analysis-prestart.ts): start it
  // first, so it boots while this process loads the CLI. Other index runs start it once their plan has files to
  // analyze (a warm no-op never needs one). (The index bundle starts it itself, see src/cli/index-entry.ts.)
  if (
    process.argv[2] === 'index' &&
    process.argv.includes('--full') &&
    !process.argv.includes('--help') &&
    !process.argv.includes('-h')
  ) {
    await (await import('../dist/cli/analysis-prestart.js')).prestartIndexAnalysis();
  }
  await import('../dist/cli/main.js');
}

main().catch((error) => {
  // Only a failure to load the CLI itself reaches here; the CLI reports its own errors (src/cli/exit.ts).
  process.stderr.write(`codira: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
