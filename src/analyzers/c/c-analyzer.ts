/**
 * The C analyzer: `.c` and `.h` files (headers are read as C; C++ headers use C++ extensions such as `.hpp`).
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseC } from './c-parser.js';
import { walkC } from './c-walker.js';

const EXTENSIONS = Object.freeze(['.c', '.h']);

/** Analyzer for C sources and headers. */
export const cAnalyzer: Analyzer = Object.freeze({
  name: 'c',
  version: '1',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    const lower = path.toLowerCase();
    return EXTENSIONS.some((extension) => lower.endsWith(extension));
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkC(parseC(source), source, path);
  },
});
