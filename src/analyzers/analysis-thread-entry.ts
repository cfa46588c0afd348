/**
 * The analysis thread of this project's analyzer list, run from one CommonJS bundle beside the registry
 * (`dist/analyzers/analysis-thread-bundle.cjs`, built by `scripts/bundle-cli.mjs`; why: `core/analysis-thread-start.ts`).
 *
 * @packageDocumentation
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serialize } from 'node:v8';
import type { WorkerSetup } from '../core/analysis-protocol.js';
import { runAnalysisThread } from '../core/analysis-thread.js';
import { analyzeFile, type AnalysisOutcome } from '../core/analyze-file.js';
import { loadAnalyzers } from '../core/analyzer.js';
import { WARM_SOURCES } from '../core/warm-sources.js';
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
 * Load every analyzer that owns a sample of {@link WARM_SOURCES} (one or more per registered language) and run each
 * sample through the thread's per-file work (read, hash, decode, analyze, embed, serialize the outcome): the build
 * calls it before it writes the bundle's code cache, so the code of that work for every language is in it, not only
 * the modules' initialisation (a Go, C++ or Bash one-file run otherwise compiles its analyzer lazily in every run).
 *
 * @returns The outcomes, in the order of {@link WARM_SOURCES} (tests check the warm-up really analyzed every file).
 */
export async function warmAnalysisThreadModules(): Promise<AnalysisOutcome[]> {
  const root = mkdtempSync(join(tmpdir(), 'codira-warm-'));
  try {
    const paths = Object.keys(WARM_SOURCES);
    await loadAnalyzers(ANALYZERS, paths);
    return paths.map((path) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), WARM_SOURCES[path]!);
      const outcome = analyzeFile(root, { path, mtimeMs: 0 }, ANALYZERS);
      serialize(outcome);
      return outcome;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
