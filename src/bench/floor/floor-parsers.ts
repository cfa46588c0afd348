/**
 * The parse step of every analyzer, alone: what the `parse-only` floor runs per file. Each entry is the parser the
 * analyzer itself calls (tree-sitter grammars, oxc for TypeScript/JavaScript) and nothing after it — no walk, no
 * symbols, no storage — so "full index ÷ parse-only" says what everything beyond parsing costs.
 *
 * @packageDocumentation
 */
import { parseBash } from '../../analyzers/bash/bash-parser.js';
import { parseC } from '../../analyzers/c/c-parser.js';
import { parseCpp } from '../../analyzers/cpp/cpp-parser.js';
import { parseGo } from '../../analyzers/go/go-parser.js';
import { parseJava } from '../../analyzers/java/java-parser.js';
import { parseJson } from '../../analyzers/json/json-parser.js';
import { parseMarkdown } from '../../analyzers/markdown/markdown-parser.js';
import { parsePython } from '../../analyzers/python/python-parser.js';
import { parseRust } from '../../analyzers/rust/rust-parser.js';
import { parseFile, parseOptionsFor } from '../../analyzers/typescript/typescript-parser.js';

/** Parse one file and throw away the result; a syntax error may throw (the file was parsed all the same). */
export type ParseStep = (path: string, text: string) => unknown;

/** The parse step per analyzer name (a test checks that every registered analyzer has one). */
export const FLOOR_PARSERS: Readonly<Record<string, ParseStep>> = Object.freeze({
  python: (_path, text) => parsePython(text),
  typescript: (path, text) => parseFile(path, text, parseOptionsFor(path)),
  c: (_path, text) => parseC(text),
  cpp: (_path, text) => parseCpp(text),
  go: (_path, text) => parseGo(text),
  rust: (_path, text) => parseRust(text),
  java: (_path, text) => parseJava(text),
  bash: (_path, text) => parseBash(text),
  json: (_path, text) => parseJson(text),
  markdown: (_path, text) => parseMarkdown(text),
});
