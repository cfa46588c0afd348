/**
 * The C++ analyzer: `.cc`, `.cpp`, `.cxx`, `.c++` sources and `.hh`, `.hpp`, `.hxx`, `.h++`, `.ipp`, `.tpp` headers
 * (`.h` belongs to the C analyzer).
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

/** Analyzer for C++ sources and headers. */
export const cppAnalyzer: Analyzer = extensionAnalyzer({
  name: 'cpp',
  version: '1',
  extensions: ['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.h++', '.ipp', '.tpp'],
  analysis: async () => {
    const [{ parseCpp }, { walkCpp }] = await Promise.all([import('./cpp-parser.js'), import('./cpp-walker.js')]);
    return (path, source) => walkCpp(parseCpp(source), source, path);
  },
});
