/**
 * The early start of `codira index`'s analysis process. Every file is analyzed in an isolated process, and booting
 * one (Node, its thread, the analyzers) costs about as much as a one-file incremental run spends before it analyzes
 * anything; so the CLI starts it before loading the rest of the command, and the run claims it
 * (`claimPrestarted`, core/analysis-spawn.ts).
 *
 * @packageDocumentation
 */
import { DEFAULT_LIMITS, prestartAnalysis } from '../core/analysis-spawn.js';

/** The analyzer registry's module, named without loading it (the analysis process imports it). */
export const ANALYZER_REGISTRY = import.meta.url.replace(/cli\/analysis-prestart\.(ts|js)$/, 'analyzers/registry.$1');

/**
 * Start the analysis process of an `index` run about to be parsed. The heap budget is read from
 * `$CODIRA_FILE_MEMORY_MB` as the run will read it; an invalid value is reported by the run, which then releases
 * this process (its budget differs from the run's).
 */
export function prestartIndexAnalysis(): void {
  const text = process.env['CODIRA_FILE_MEMORY_MB'] ?? '';
  const memoryMb = /^\d+$/.test(text) ? Number(text) : DEFAULT_LIMITS.memoryMb;
  prestartAnalysis(ANALYZER_REGISTRY, memoryMb);
}
