/**
 * Test setup: load every registered analyzer's implementation (analyzers load on demand, see `Analyzer.load`), so
 * tests may call `analyze` directly as production's analysis threads do after loading.
 */
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { loadAnalyzers } from '../../src/core/analyzer.js';

await loadAnalyzers(ANALYZERS);
