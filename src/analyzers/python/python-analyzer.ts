/**
 * The Python analyzer: `.py` files. The analysis itself (python-analysis.ts) loads on first use.
 *
 * @packageDocumentation
 */
import { lazyAnalysis, type Analyzer } from '../../core/analyzer.js';
import { pythonModuleRoot } from './python-module.js';

const { load, analyze } = lazyAnalysis('python', async () => (await import('./python-analysis.js')).analyzePython);

/** Analyzer for `.py` files. */
export const pythonAnalyzer: Analyzer = Object.freeze({
  name: 'python',
  version: '3',
  extensions: Object.freeze(['.py']),
  claims(path: string): boolean {
    return path.toLowerCase().endsWith('.py');
  },
  /** The module root: where the chain of `__init__.py` folders above the file starts (python-module.ts). */
  layout: pythonModuleRoot,
  /** Only an `__init__.py` coming or going changes a module root. */
  layoutInput(path: string): boolean {
    return path === '__init__.py' || path.endsWith('/__init__.py');
  },
  load,
  analyze,
});
