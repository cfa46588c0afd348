/**
 * The C analyzer: `.c` and `.h` files (headers are read as C; C++ headers use C++ extensions such as `.hpp`).
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for C sources and headers. */
export const cAnalyzer: Analyzer = extensionAnalyzer({
  name: 'c',
  version: '1',
  extensions: ['.c', '.h'],
  analysis: async () => {
    const [{ parseC }, { walkC }] = await Promise.all([import('./c-parser.js'), import('./c-walker.js')]);
    return (path, source) => walkC(parseC(source), source, path);
  },
});
