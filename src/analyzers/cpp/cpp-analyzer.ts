/**
 * The C++ analyzer: `.cc`, `.cpp`, `.cxx`, `.c++` sources and `.hh`, `.hpp`, `.hxx`, `.h++`, `.ipp`, `.tpp` headers
 * (`.h` belongs to the C analyzer).
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseCpp } from './cpp-parser.js';
import { walkCpp } from './cpp-walker.js';

const EXTENSIONS = Object.freeze(['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.h++', '.ipp', '.tpp']);

/** Analyzer for C++ sources and headers. */
export const cppAnalyzer: Analyzer = Object.freeze({
  name: 'cpp',
  version: '1',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    const lower = path.toLowerCase();
    return EXTENSIONS.some((extension) => lower.endsWith(extension));
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkCpp(parseCpp(source), source, path);
  },
});
