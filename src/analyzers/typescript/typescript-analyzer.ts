/**
 * The TypeScript/JavaScript analyzer: one oxc-parser parse and one walk per file produce symbols, call sites with
 * target hints, callable references and TSDoc findings.
 *
 * @packageDocumentation
 */
import type { ParserOptions } from 'oxc-parser';
import type { Analyzer } from '../../core/analyzer.js';
import { AnalysisError } from '../../core/analyzer.js';
import type { FileAnalysis, SymbolRecord } from '../../core/model.js';
import { auditSubjects } from './typescript-audit.js';
import { collectBindings } from './typescript-bindings.js';
import { DocComments } from './typescript-docs.js';
import { parseFile } from './typescript-parser.js';
import { SourceText } from './typescript-source.js';
import { FileWalker } from './typescript-definitions.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/*
 * Parser options. Raw transfer (`experimentalRawTransfer` / `experimentalLazy`) would skip JSON deserialisation but
 * needs Node 22 or later, and we run on Node 20, so the AST arrives as JSON and `JSON.parse` dominates the cost.
 * `astType: 'js'` leaves out type annotations, type parameters and TS-only modifiers, about 40% less to deserialise
 * and walk on rxjs (the few TS facts needed, `private`/`protected` and void return types, are read from short
 * header slices). `preserveParens: false` drops ParenthesizedExpression nodes. `.js` may hold JSX, so it parses as
 * `jsx`; `unambiguous` accepts both scripts and modules.
 */
const TS_OPTIONS: ParserOptions = { lang: 'ts', sourceType: 'module', astType: 'js', preserveParens: false };
const OPTIONS_BY_EXTENSION: Readonly<Record<string, ParserOptions>> = {
  '.ts': TS_OPTIONS,
  '.mts': TS_OPTIONS,
  '.cts': TS_OPTIONS,
  '.tsx': { ...TS_OPTIONS, lang: 'tsx' },
  '.js': { lang: 'jsx', sourceType: 'unambiguous', astType: 'js', preserveParens: false },
  '.jsx': { lang: 'jsx', sourceType: 'unambiguous', astType: 'js', preserveParens: false },
  '.mjs': { lang: 'jsx', sourceType: 'module', astType: 'js', preserveParens: false },
  '.cjs': { lang: 'js', sourceType: 'commonjs', astType: 'js', preserveParens: false },
};

/**
 * Lower-cased extension of a path.
 *
 * @param path - A file path.
 * @returns The extension with its dot (`.ts`), or `''`.
 */
function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
}

/**
 * Module name of a file: its repository-relative path without the extension (`src/util/map.ts` → `src/util/map`).
 *
 * @param path - Repository-relative path with `/` separators.
 * @returns The module name.
 */
export function typescriptModuleName(path: string): string {
  const ext = extensionOf(path);
  return ext === '' ? path : path.slice(0, -ext.length);
}

/**
 * Analyze one TypeScript or JavaScript file.
 *
 * @param path - Repository-relative path with `/` separators.
 * @param text - File content.
 * @returns Symbols, calls, references and findings of the file.
 */
function analyzeTypescript(path: string, text: string): FileAnalysis {
  const ext = extensionOf(path);
  const result = parseFile(path, text, OPTIONS_BY_EXTENSION[ext] ?? TS_OPTIONS);
  const source = new SourceText(text);
  const firstError = result.errors[0];
  if (firstError !== undefined) {
    const line = source.lineOf(firstError.labels[0]?.start ?? 0);
    throw new AnalysisError(`syntax error at line ${line}: ${firstError.message}`);
  }
  const program = result.program;
  const module = typescriptModuleName(path);
  const docs = new DocComments(result.comments, source);
  const moduleSymbol: SymbolRecord = {
    qualifiedName: module,
    name: module.slice(module.lastIndexOf('/') + 1),
    kind: 'module',
    startLine: 1,
    endLine: source.lastLine,
    signature: `module ${module}`,
    docstring: docs.moduleDoc(program.body[0]?.start ?? text.length),
    exported: true,
  };
  const walker = new FileWalker(source, docs, collectBindings(program, path), module);
  const output = walker.walkProgram(program.body, moduleSymbol);
  return {
    language: TYPESCRIPT_EXTENSIONS.has(ext) ? 'typescript' : 'javascript',
    module,
    symbols: output.symbols,
    calls: output.calls,
    references: output.references,
    findings: auditSubjects(output.subjects, output.symbols),
  };
}

/** The analyzer for `.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs` and `.cjs` files. */
export const typescriptAnalyzer: Analyzer = {
  name: 'typescript',
  version: '1',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    if (path.startsWith('node_modules/') || path.includes('/node_modules/')) return false;
    if (DECLARATION_FILE.test(path.toLowerCase())) return false;
    return (EXTENSIONS as readonly string[]).includes(extensionOf(path));
  },
  analyze: analyzeTypescript,
};
