/**
 * The `parse-edited` floor of a campaign: `node dist/bench/floor/parse-edited.cjs <parser spec> <file>` loads one
 * native parser — a tree-sitter grammar, or oxc for TypeScript/JavaScript, as the spec says (`edited-parser.ts`
 * builds it from the analyzer that claims the file) — reads the file, parses it once, prints
 * `{bytes, parseMs, syntaxError}` as JSON and exits as an index run does (`process.exit` once stdout is flushed). The
 * harness passes the campaign's partial-change file (`targets.partialFile`, the file `index-partial` edits every
 * round).
 *
 * Its CPU is what any one-file index run must at least do besides starting Node: load the parser and parse the
 * edited file — no scan, no walk, no symbols, no storage. A one-file target below this row cannot be met by the
 * indexer's own work.
 *
 * The parse is the analyzers' (`analyzers/tree-sitter/grammar-loader.ts`, `syntax-tree.ts`,
 * `analyzers/typescript/typescript-parser.ts`): the addon the build recorded required directly, the grammar set
 * without its node classes (`setLanguageUntyped`), one read callback for the whole text; oxc's platform binding
 * required directly and its JSON AST deserialised. What the analyzers add around it (C's attribute macro blanking,
 * the tree memory guard, the first error's line) is left out: a floor may only do less. It is a CommonJS script of its
 * own for the reason `duckdb-open.cts` gives: importing codira's ES modules from `dist/` costs a fresh process more
 * CPU than codira's bundles do.
 *
 * @packageDocumentation
 */
// A CommonJS module under `verbatimModuleSyntax` imports with `import x = require(...)` only.
/* eslint-disable @typescript-eslint/no-require-imports */
import fs = require('node:fs');
import nodeModule = require('node:module');

/** What the parent passes: which parser, and where its native code is. */
type ParseSpec =
  | { readonly parser: 'tree-sitter'; readonly package: string; readonly exportName?: string; readonly addon?: string }
  | { readonly parser: 'oxc'; readonly binding?: string; readonly options: object };

/** The parts of a tree-sitter parser this script calls. */
interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(text: string, old: null, options: { bufferSize: number }): { rootNode: { hasError: boolean } };
}

/** oxc's native parse. */
type OxcParseSync = (path: string, text: string, options: object) => { program: string; errors: unknown[] };

const load = nodeModule.createRequire(__filename);

/**
 * `setLanguageUntyped` of `grammar-loader.ts`: set the grammar with an empty `nodeTypeInfo`, so `tree-sitter` builds
 * no node class per node type (2–7 ms of CPU per language).
 *
 * @param parser - A new parser.
 * @param language - The grammar.
 */
function setLanguageUntyped(parser: TreeSitterParser, language: object): void {
  const own = Object.getOwnPropertyDescriptor(language, 'nodeTypeInfo');
  if (!Object.isExtensible(language) || (own !== undefined && !own.configurable)) {
    parser.setLanguage(language);
    return;
  }
  Object.defineProperty(language, 'nodeTypeInfo', { value: [], configurable: true, writable: true });
  try {
    parser.setLanguage(language);
  } finally {
    if (own === undefined) delete (language as { nodeTypeInfo?: unknown }).nodeTypeInfo;
    else Object.defineProperty(language, 'nodeTypeInfo', own);
  }
}

/**
 * Parse the text once.
 *
 * @param spec - The parser.
 * @param file - The file (oxc's file name).
 * @param text - Its text.
 * @returns Whether the parser reported a syntax error (the file was parsed all the same).
 */
function parseOnce(spec: ParseSpec, file: string, text: string): boolean {
  if (spec.parser === 'oxc') {
    const binding = load(spec.binding ?? 'oxc-parser') as { parseSync: OxcParseSync };
    const native = binding.parseSync(file, text, spec.options);
    if (native.errors.length > 0) return true;
    JSON.parse(native.program);
    return false;
  }
  const Parser = load('tree-sitter') as new () => TreeSitterParser;
  const loaded = load(spec.addon ?? spec.package) as Record<string, object>;
  const language = spec.exportName === undefined ? loaded : loaded[spec.exportName];
  if (language === undefined) throw new Error(`${spec.package} has no export ${spec.exportName}`);
  const parser = new Parser();
  setLanguageUntyped(parser, language);
  return parser.parse(text, null, { bufferSize: text.length + 1 }).rootNode.hasError;
}

/** What one parse did. */
interface ParseEditedReport {
  /** Bytes read. */
  readonly bytes: number;
  /** Time of the parser's load, the read and the parse in milliseconds. */
  readonly parseMs: number;
  /** Whether the parser reported a syntax error. */
  readonly syntaxError: boolean;
}

/**
 * Load the parser and parse one file once.
 *
 * @param spec - The parser, as JSON.
 * @param file - The file.
 * @returns What was parsed.
 * @throws An error when the spec is not one, or the file cannot be read or is not UTF-8 text.
 */
function parseEdited(spec: string, file: string): ParseEditedReport {
  const started = performance.now();
  const parsed = JSON.parse(spec) as ParseSpec;
  if (parsed.parser !== 'oxc' && parsed.parser !== 'tree-sitter') throw new Error(`unknown parser in ${spec}`);
  const bytes = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error(`${file} is not UTF-8 text`);
  }
  const syntaxError = parseOnce(parsed, file, text);
  return { bytes: bytes.length, parseMs: performance.now() - started, syntaxError };
}

if (require.main === module) {
  const [spec, file] = process.argv.slice(2);
  if (spec === undefined || file === undefined) {
    process.stderr.write('usage: node parse-edited.cjs <parser spec JSON> <file>\n');
    process.exitCode = 2;
  } else {
    try {
      const report = parseEdited(spec, file);
      process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit());
    } catch (error) {
      process.stderr.write(`parse-edited: ${(error as Error).message.split('\n')[0]}\n`);
      process.exitCode = 1;
    }
  }
}
