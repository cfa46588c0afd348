/**
 * The Python analyzer: `.py` files. The analysis itself (python-analysis.ts) loads on first use.
 *
 * @packageDocumentation
 */
import { lazyAnalysis, type Analyzer } from '../../core/analyzer.js';

const { load, analyze } = lazyAnalysis('python', async () => (await import('./python-analysis.js')).analyzePython);

/** Analyzer for `.py` files. */
export const pythonAnalyzer: Analyzer = Object.freeze({
  name: 'python',
  version: '2',
  extensions: Object.freeze(['.py']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.py');
  },
  load,
  analyze,
});
