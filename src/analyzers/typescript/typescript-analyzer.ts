/**
 * The TypeScript/JavaScript analyzer: which files it claims. The analysis itself (typescript-analysis.ts) loads on
 * first use.
 *
 * @packageDocumentation
 */
import { lazyAnalysis, type Analyzer } from '../../core/analyzer.js';
import { extensionOf } from './typescript-module.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

const { load, analyze } = lazyAnalysis(
  'typescript',
  async () => (await import('./typescript-analysis.js')).analyzeTypescript,
);

/** The analyzer for `.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs` and `.cjs` files. */
export const typescriptAnalyzer: Analyzer = {
  name: 'typescript',
  version: '9',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    if (path.startsWith('node_modules/') || path.includes('/node_modules/')) return false;
    if (DECLARATION_FILE.test(path.toLowerCase())) return false;
    return (EXTENSIONS as readonly string[]).includes(extensionOf(path));
  },
  load,
  analyze,
};
