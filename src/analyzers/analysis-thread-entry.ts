/**
 * The analysis thread of this project's analyzer list, run from one CommonJS bundle beside the registry
 * (`dist/analyzers/analysis-thread-bundle.cjs`, built by `scripts/bundle-cli.mjs`; why: `core/analysis-thread-start.ts`).
 *
 * @packageDocumentation
 */
import type { WorkerSetup } from '../core/analysis-protocol.js';
import { runAnalysisThread } from '../core/analysis-thread.js';
import { ANALYZERS, ANALYZER_SET } from './registry.js';

/**
 * Run this thread as an analysis thread when its setup names the registry.
 *
 * @param setup - The thread's setup.
 * @returns `false` when the setup names another analyzer module (nothing was started).
 */
export function startAnalysisThread(setup: WorkerSetup): boolean {
  if (setup.analyzerModule !== ANALYZER_SET.module) return false;
  runAnalysisThread(ANALYZERS, setup);
  return true;
}

/**
 * Initialise the language modules a thread loads for Python and TypeScript files, without loading a grammar: the
 * build calls it before it writes the bundle's code cache, so their code is in it.
 */
export async function warmAnalysisThreadModules(): Promise<void> {
  await Promise.all([import('./python/python-analysis.js'), import('./typescript/typescript-analysis.js')]);
}
