/**
 * The C analyzer: `.c` and `.h` files (headers are read as C; C++ headers use C++ extensions such as `.hpp`).
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';
import { parseC } from './c-parser.js';
import { walkC } from './c-walker.js';

/** Analyzer for C sources and headers. */
export const cAnalyzer: Analyzer = extensionAnalyzer({
  name: 'c',
  version: '1',
  extensions: ['.c', '.h'],
  analyze: (path, source) => walkC(parseC(source), source, path),
});
