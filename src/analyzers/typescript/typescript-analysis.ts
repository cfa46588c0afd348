/**
 * The TypeScript/JavaScript analysis of one file: one oxc-parser parse and one walk produce symbols, call sites with
 * target hints, callable references and TSDoc findings. Loaded on first use by typescript-analyzer.ts.
 *
 * @packageDocumentation
 */
import type { FileAnalysis, SymbolRecord } from '../../core/model.js';
import { auditSubjects } from './typescript-audit.js';
import { collectBindings, exportTableSlots } from './typescript-bindings.js';
import { DocComments } from './typescript-docs.js';
import { extensionOf, typescriptModuleName } from './typescript-module.js';
import { parseTypescript } from './typescript-parser.js';
import { SourceText } from './typescript-source.js';
import { FileWalker } from './typescript-walker.js';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);

/**
 * Analyze one TypeScript or JavaScript file.
 *
 * @param path - Repository-relative path with `/` separators.
 * @param text - File content.
 * @returns Symbols, calls, references and findings of the file.
 */
export function analyzeTypescript(path: string, text: string): FileAnalysis {
  const source = new SourceText(text);
  const { program, comments } = parseTypescript(path, text, source);
  const module = typescriptModuleName(path);
  const docs = new DocComments(comments, source);
  const bindings = collectBindings(program, path, source.text);
  const exportTable = exportTableSlots(bindings.reexports);
  const moduleSymbol: SymbolRecord = {
    qualifiedName: module,
    name: module.slice(module.lastIndexOf('/') + 1),
    kind: 'module',
    startLine: 1,
    endLine: source.lastLine,
    signature: `module ${module}`,
    docstring: docs.moduleDoc(program.body[0]?.start ?? text.length),
    exported: true,
    ...(exportTable === undefined ? {} : { slotTypes: exportTable }),
  };
  const walker = new FileWalker(source, docs, bindings, module);
  const output = walker.walkProgram(program.body, moduleSymbol);
  return {
    language: TYPESCRIPT_EXTENSIONS.has(extensionOf(path)) ? 'typescript' : 'javascript',
    module,
    symbols: output.symbols,
    calls: output.calls,
    references: output.references,
    findings: auditSubjects(output.subjects, output.symbols),
  };
}
