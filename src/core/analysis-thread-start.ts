/**
 * Starting an analysis thread. Its entry is the ES module `analysis-worker.ts`, which imports the setup's analyzer
 * module and runs `analysis-thread.ts`; a thread starting that way pays Node's ES module loader for the ~30 modules of
 * an analyzer list (about 8–10 ms of CPU per thread; `docs/process/issue-12-execution.md`, session 18). So an analyzer
 * module may keep a bundle beside it, `analysis-thread-bundle.cjs` with a V8 code cache (the project's registry does:
 * `scripts/bundle-cli.mjs`), whose `startAnalysisThread(setup)` runs the thread with that module's list; the thread
 * then loads one file. Core names no analyzer: the bundle is found beside whatever module the setup names, and one
 * that declines the setup (another list) hands the thread to the ES module entry.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerSetup } from './analysis-protocol.js';

/** The file name of the bundled thread an analyzer module may have beside it. */
export const THREAD_BUNDLE = 'analysis-thread-bundle.cjs';

/**
 * The bundled thread beside the setup's analyzer module, if the build made one.
 *
 * @param setup - The thread's setup.
 * @returns Its absolute path, or `undefined`.
 */
function threadBundle(setup: WorkerSetup): string | undefined {
  if (!setup.analyzerModule.startsWith('file:')) return undefined;
  const bundle = fileURLToPath(new URL(`./${THREAD_BUNDLE}`, setup.analyzerModule));
  return existsSync(bundle) ? bundle : undefined;
}

/**
 * The thread's first code when it runs from a bundle: load the bundle with its code cache (the same wrapper and
 * cache handling as `server/bundle-loader.ts`, inlined: a thread's eval code is a CommonJS script) and run the thread
 * from it, or import the ES module entry when the bundle declines the setup. V8 takes the cache only under the flags
 * it was made with (V8's defaults; see `cli/optimizer-hold.ts`); with `CODIRA_TRACE=1` the thread says whether it did
 * (a `TRACE` line on stderr, as `core/phases.ts` writes them).
 *
 * @param bundle - Absolute path of the bundle.
 * @param entry - URL of the ES module entry.
 * @returns The script.
 */
function bootScript(bundle: string, entry: URL): string {
  return `'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');
const { workerData } = require('node:worker_threads');
const bundle = ${JSON.stringify(bundle)};
let cachedData;
try { cachedData = readFileSync(bundle + '.v8cache'); } catch {}
const source = '(function (exports, require, module, __filename, __dirname) { ' + readFileSync(bundle, 'utf8') + '\\n})';
const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (process.env.CODIRA_TRACE === '1') {
  const cpu = process.cpuUsage();
  const used = cachedData !== undefined && !script.cachedDataRejected;
  require('node:fs').writeSync(2, 'TRACE ' + Date.now() + ' ' + Math.round((cpu.user + cpu.system) / 1000) +
    ' analysis thread bundle code cache ' + (used ? 'used' : 'not used') + '\\n');
}
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(bundle), module_, bundle, dirname(bundle));
if (!module_.exports.startAnalysisThread(workerData)) import(${JSON.stringify(entry.href)});
`;
}

/**
 * Start an analysis thread.
 *
 * @param entry - URL of the ES module entry (`analysis-worker.js`, compiled).
 * @param setup - Its analyzers and heap budget (the thread's `workerData`).
 * @param resourceLimits - Its stack and heap limits.
 * @returns The thread.
 */
export function startAnalysisWorker(entry: URL, setup: WorkerSetup, resourceLimits: ResourceLimits): Worker {
  const bundle = threadBundle(setup);
  return bundle === undefined
    ? new Worker(entry, { workerData: setup, resourceLimits })
    : new Worker(bootScript(bundle, entry), { eval: true, workerData: setup, resourceLimits });
}
