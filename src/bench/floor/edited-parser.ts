/**
 * Which native parser the `parse-edited` floor loads for a file: the one its analyzer parses with
 * (`FLOOR_PARSERS`, `floor-parsers.ts`), named for `parse-edited.cts` — a tree-sitter grammar package with the addon file the build
 * recorded, or oxc's platform binding with the options of the file's dialect. Resolved by the harness, so the
 * measured process loads nothing else.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';
import { BASH_GRAMMAR } from '../../analyzers/bash/bash-parser.js';
import { C_GRAMMAR } from '../../analyzers/c/c-parser.js';
import { CPP_GRAMMAR } from '../../analyzers/cpp/cpp-parser.js';
import { GO_GRAMMAR } from '../../analyzers/go/go-parser.js';
import { JAVA_GRAMMAR } from '../../analyzers/java/java-parser.js';
import { JSON_GRAMMAR } from '../../analyzers/json/json-parser.js';
import { MARKDOWN_GRAMMAR } from '../../analyzers/markdown/markdown-parser.js';
import { PYTHON_GRAMMAR } from '../../analyzers/python/python-parser.js';
import { RUST_GRAMMAR } from '../../analyzers/rust/rust-parser.js';
import { grammarAddon, type GrammarSpec } from '../../analyzers/tree-sitter/grammar-loader.js';
import { parseOptionsFor, searchedBinding } from '../../analyzers/typescript/typescript-parser.js';

/** The argument of `parse-edited.cts`. */
export type EditedParserSpec =
  | { readonly parser: 'tree-sitter'; readonly package: string; readonly exportName?: string; readonly addon?: string }
  | { readonly parser: 'oxc'; readonly binding?: string; readonly options: object };

/** The parser of each analyzer, as `FLOOR_PARSERS` calls it (a test keeps the two in step). */
export const EDITED_PARSERS: Readonly<Record<string, GrammarSpec | 'oxc'>> = Object.freeze({
  python: PYTHON_GRAMMAR,
  typescript: 'oxc',
  c: C_GRAMMAR,
  cpp: CPP_GRAMMAR,
  go: GO_GRAMMAR,
  rust: RUST_GRAMMAR,
  java: JAVA_GRAMMAR,
  bash: BASH_GRAMMAR,
  json: JSON_GRAMMAR,
  markdown: MARKDOWN_GRAMMAR,
});

/**
 * The parser spec for a file.
 *
 * @param analyzer - The name of the analyzer that claims the file.
 * @param path - The file's repository path (its extension picks oxc's dialect).
 * @returns The spec, or `undefined` for an analyzer without one.
 */
export function editedParserSpec(analyzer: string, path: string): EditedParserSpec | undefined {
  const parser = Object.hasOwn(EDITED_PARSERS, analyzer) ? EDITED_PARSERS[analyzer] : undefined;
  if (parser === undefined) return undefined;
  if (parser === 'oxc') {
    const binding = searchedBinding();
    return { parser: 'oxc', ...(binding !== undefined ? { binding } : {}), options: parseOptionsFor(path) };
  }
  const addon = grammarAddon(parser.package);
  return {
    parser: 'tree-sitter',
    package: parser.package,
    ...(parser.exportName !== undefined ? { exportName: parser.exportName } : {}),
    ...(addon !== undefined ? { addon: fileURLToPath(addon) } : {}),
  };
}
