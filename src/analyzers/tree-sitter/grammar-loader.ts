/**
 * Lazy loading of native tree-sitter grammars: a grammar package is required the first time a file of its language
 * is analyzed, so a Python-only repository never loads the C++ grammar. Parsers and compiled queries are cached per
 * thread (each worker thread loads its own).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Parser from 'tree-sitter';

/** Where a grammar lives: an npm package and, for packages holding several grammars, the export naming one. */
export interface GrammarSpec {
  /** Package name, e.g. `tree-sitter-go`. */
  readonly package: string;
  /** Export of the package holding the language, e.g. `markdown`; the package itself when absent. */
  readonly exportName?: string;
}

const require = createRequire(import.meta.url);
const parsers = new Map<string, Parser>();
const queries = new Map<string, Parser.Query>();

function grammarKey(spec: GrammarSpec): string {
  return spec.exportName === undefined ? spec.package : `${spec.package}#${spec.exportName}`;
}

/** The build's record of each grammar package's native addon, beside this module (`scripts/bundle-cli.mjs`). */
export const GRAMMAR_ADDONS_FILE = 'grammar-addons.json';

let addons: Readonly<Record<string, string>> | undefined;

/**
 * The native addon file of a grammar package as the build found it, if it did: the file the package's own loader
 * (`node-gyp-build`) picks on this machine, recorded at build time relative to this module's folder.
 *
 * @param name - The grammar package.
 * @returns The addon's URL, or `undefined` (no record, or none for that package).
 */
export function grammarAddon(name: string): URL | undefined {
  if (addons === undefined) {
    try {
      addons = JSON.parse(readFileSync(new URL(`./${GRAMMAR_ADDONS_FILE}`, import.meta.url), 'utf8')) as Record<
        string,
        string
      >;
    } catch {
      addons = {};
    }
  }
  const file = Object.hasOwn(addons, name) ? addons[name] : undefined;
  return file === undefined ? undefined : new URL(file, import.meta.url);
}

/**
 * A grammar package's exports. A grammar package's `index.js` exports its native addon's exports object with the
 * grammar's `node-types.json` added as `nodeTypeInfo`, after `node-gyp-build` searched the package for the addon:
 * ~1 ms of CPU per grammar and process (C++ ~1.5: a 148 KB JSON parse), for a table {@link setLanguageUntyped} sets
 * aside. So the addon the build recorded is required directly — the same file, hence the same exports object
 * (Node caches an addon by its file) — and the package only when there is no record or that file does not load.
 *
 * @param name - The grammar package.
 * @returns Its exports.
 */
function loadGrammarPackage(name: string): Record<string, unknown> {
  const addon = grammarAddon(name);
  if (addon !== undefined) {
    try {
      return require(fileURLToPath(addon)) as Record<string, unknown>;
    } catch {
      // moved or rebuilt since the build: the package finds its addon
    }
  }
  return require(name) as Record<string, unknown>;
}

function loadLanguage(spec: GrammarSpec): Parser.Language {
  const loaded = loadGrammarPackage(spec.package);
  return (spec.exportName === undefined ? loaded : loaded[spec.exportName]) as Parser.Language;
}

/** A grammar as the `tree-sitter` package's `setLanguage` reads it (`index.js`, `initializeLanguageNodeClasses`). */
interface LanguageObject {
  nodeTypeInfo?: unknown;
}

/**
 * Set a parser's grammar without the package's node class per named node type. On a grammar's first `setLanguage`
 * in a thread, `tree-sitter` builds one subclass of `SyntaxNode` per named node type of the grammar's
 * `nodeTypeInfo` (`node-types.json`), each compiled from source with `new Function`, with a getter per field: 2–7 ms
 * of CPU per language in every analysis thread (C++ the most), i.e. in every one-file run. The analyzers read node
 * types through `type` (which `SyntaxNode` answers itself) and never a field getter, so the grammar is set with an
 * empty `nodeTypeInfo`: every node is a plain `SyntaxNode`, the same answers (issue 12 ledger, session 21). The
 * grammar's own `nodeTypeInfo` is given back at once.
 *
 * @param parser - A new parser.
 * @param language - The grammar.
 */
export function setLanguageUntyped(parser: Parser, language: Parser.Language): void {
  const grammar = language as unknown as LanguageObject;
  const own = Object.getOwnPropertyDescriptor(grammar, 'nodeTypeInfo');
  if (!Object.isExtensible(grammar) || (own !== undefined && !own.configurable)) {
    parser.setLanguage(language); // a sealed grammar object: the package's typed classes
    return;
  }
  Object.defineProperty(grammar, 'nodeTypeInfo', { value: [], configurable: true, writable: true });
  try {
    parser.setLanguage(language);
  } finally {
    if (own === undefined) delete grammar.nodeTypeInfo;
    else Object.defineProperty(grammar, 'nodeTypeInfo', own);
  }
}

/**
 * The part of the `tree-sitter` package's native addon that `native-nodes.ts` reads: the calls its
 * `index.js` wraps and the buffer through which they hand over nodes.
 */
export interface TreeSitterBinding {
  readonly Query: unknown;
  readonly NodeMethods: Readonly<Record<string, (tree: Parser.Tree, ...args: unknown[]) => unknown>>;
  /** Six 32-bit fields per node: the node's id (two), then its context (start byte, start row, start column, alias). */
  readonly nodeTransferArray: Uint32Array;
  /** A language's node type names by type id. */
  readonly getNodeTypeNamesById: (language: unknown) => readonly (string | null | undefined)[];
}

let binding: TreeSitterBinding | null | undefined;
/** The package's node class: `index.js` exports it, its declarations only as a type. */
export type SyntaxNodeClass = new (tree: Parser.Tree) => Parser.SyntaxNode;

let nodeClass: SyntaxNodeClass | undefined;

/**
 * The package's `SyntaxNode` class (after {@link treeSitterBinding} found the binding).
 *
 * @returns The class.
 */
export function syntaxNodeClass(): SyntaxNodeClass {
  nodeClass ??= (require('tree-sitter') as { SyntaxNode: SyntaxNodeClass }).SyntaxNode;
  return nodeClass;
}

/**
 * The `tree-sitter` package's native addon, as its `index.js` loaded it: the addon module in Node's module cache
 * whose `Query` is the package's (Node caches an addon by its file, and the package's classes are the addon's). No
 * search of the disk: `null` when none is found (the package's own API is then used).
 *
 * @returns The addon's exports, or `null`.
 */
export function treeSitterBinding(): TreeSitterBinding | null {
  if (binding !== undefined) return binding;
  const { Query } = require('tree-sitter') as typeof Parser;
  binding = null;
  for (const [file, module] of Object.entries(require.cache)) {
    const exports = module?.exports as Partial<TreeSitterBinding> | undefined;
    if (
      file.endsWith('.node') &&
      exports?.Query === Query &&
      typeof exports.NodeMethods === 'object' &&
      exports.nodeTransferArray instanceof Uint32Array &&
      typeof exports.getNodeTypeNamesById === 'function'
    ) {
      binding = exports as TreeSitterBinding;
      break;
    }
  }
  return binding;
}

/**
 * The thread's parser for a grammar, created on first use.
 *
 * @param spec - The grammar.
 * @returns A parser set to that grammar.
 */
export function parserFor(spec: GrammarSpec): Parser {
  const key = grammarKey(spec);
  let parser = parsers.get(key);
  if (parser === undefined) {
    const ParserClass = require('tree-sitter') as typeof Parser;
    parser = new ParserClass();
    setLanguageUntyped(parser, loadLanguage(spec));
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * A query compiled once per thread for a grammar.
 *
 * @param spec - The grammar.
 * @param source - The query text (S-expression patterns).
 * @returns The compiled query.
 */
export function queryFor(spec: GrammarSpec, source: string): Parser.Query {
  const key = `${grammarKey(spec)}\n${source}`;
  let query = queries.get(key);
  if (query === undefined) {
    const ParserClass = require('tree-sitter') as typeof Parser;
    query = new ParserClass.Query(parserFor(spec).getLanguage() as Parser.Language, source);
    queries.set(key, query);
  }
  return query;
}
