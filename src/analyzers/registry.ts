/**
 * The analyzers codira runs, in priority order: the first that claims a path owns it.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../core/analyzer.js';
import type { AnalyzerInventoryEntry } from '../core/model.js';
import { pythonAnalyzer } from './python/python-analyzer.js';
import { typescriptAnalyzer } from './typescript/typescript-analyzer.js';

/** Every registered analyzer. Parsers load lazily inside `analyze`, so importing this module is cheap. */
export const ANALYZERS: readonly Analyzer[] = Object.freeze([pythonAnalyzer, typescriptAnalyzer]);

/**
 * The analyzer that owns a path.
 *
 * @param path - Repository-relative path.
 * @returns The first analyzer claiming it, or `undefined`.
 */
export function analyzerFor(path: string): Analyzer | undefined {
  return ANALYZERS.find((analyzer) => analyzer.claims(path));
}

/**
 * The analyzer inventory stored with an index.
 *
 * @returns One entry per analyzer, in registry order.
 */
export function analyzerInventory(): AnalyzerInventoryEntry[] {
  return ANALYZERS.map((a) => ({ name: a.name, version: a.version, extensions: [...a.extensions] }));
}
