/**
 * The analyzers codira runs, in priority order: the first that claims a path owns it. The CLI passes
 * {@link ANALYZER_SET} to the indexer; worker threads import this module by its URL and read {@link ANALYZERS}.
 *
 * @packageDocumentation
 */
import { analyzerInventory as inventoryOf, type Analyzer, type AnalyzerSet } from '../core/analyzer.js';
import type { AnalyzerInventoryEntry } from '../core/model.js';
import { bashAnalyzer } from './bash/bash-analyzer.js';
import { cAnalyzer } from './c/c-analyzer.js';
import { cppAnalyzer } from './cpp/cpp-analyzer.js';
import { goAnalyzer } from './go/go-analyzer.js';
import { javaAnalyzer } from './java/java-analyzer.js';
import { jsonAnalyzer } from './json/json-analyzer.js';
import { markdownAnalyzer } from './markdown/markdown-analyzer.js';
import { pythonAnalyzer } from './python/python-analyzer.js';
import { rustAnalyzer } from './rust/rust-analyzer.js';
import { typescriptAnalyzer } from './typescript/typescript-analyzer.js';

/** Every registered analyzer. Each loads its parsers and walkers on demand (`load`), so importing this is cheap. */
export const ANALYZERS: readonly Analyzer[] = Object.freeze([
  pythonAnalyzer,
  typescriptAnalyzer,
  cAnalyzer,
  cppAnalyzer,
  goAnalyzer,
  rustAnalyzer,
  javaAnalyzer,
  bashAnalyzer,
  jsonAnalyzer,
  markdownAnalyzer,
]);

/** The registered analyzers as the indexer takes them: the list, and this module for worker threads to import. */
export const ANALYZER_SET: AnalyzerSet = Object.freeze({ all: ANALYZERS, module: import.meta.url });

/**
 * The analyzer inventory stored with an index.
 *
 * @returns One entry per registered analyzer, in registry order.
 */
export function analyzerInventory(): AnalyzerInventoryEntry[] {
  return inventoryOf(ANALYZERS);
}
