/**
 * Parsing through oxc-parser, tuned for one parse per file on Node 20.
 *
 * Why not the documented `parseSync` from `oxc-parser`: its wrapper eagerly reads every field of the native result,
 * including the ESM module record, which this analyzer never uses and which costs about as much as the parse
 * itself (11 ms of ~55 ms for rxjs). The native entry point it wraps is exported by the package as
 * `oxc-parser/src-js/bindings`; reading only `program`, `comments` and `errors` from it and doing the `JSON.parse`
 * here is the same work minus the module record. (The package pins `^0.159.0`, i.e. `<0.160`.) The faster raw
 * transfer modes (`experimentalRawTransfer`, `experimentalLazy`) need Node 22 or later.
 *
 * The native addon loads on the first parse (20-50 ms), not on import, so commands that only need the analyzer
 * inventory stay cheap. Node 20.19+ can `require` these ES modules synchronously; where it can, this module needs no
 * ES module of the package at run time (see `nativeParser`; the visitor keys are a plain table, bundled into the
 * analysis thread's bundle by `scripts/bundle-cli.mjs`), so an analysis thread does not start Node's ES module loader.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Comment, OxcError, ParserOptions, Program, visitorKeys } from 'oxc-parser';
import type { parseSync as nativeParseSync } from 'oxc-parser/src-js/bindings';
import visitorKeyTable from 'oxc-parser/src-js/generated/visit/keys.js';
import { AnalysisError } from '../../core/analyzer.js';
import { extensionOf } from './typescript-module.js';
import type { SourceText } from './typescript-source.js';

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

type VisitorKeys = typeof visitorKeys;
const require = createRequire(import.meta.url);
let parseNative: typeof nativeParseSync | null = null;

/**
 * oxc-parser's child keys per ESTree node type: the table the package exports as `visitorKeys`, read from the module
 * that defines it (the package's main module imports its whole JavaScript API, bindings included).
 *
 * @returns The visitor keys table.
 */
export function oxcVisitorKeys(): VisitorKeys {
  return visitorKeyTable;
}

/** The build's record of the platform package's native file {@link searchedBinding} picks, beside this module. */
export const OXC_BINDING_FILE = 'oxc-binding.json';

/**
 * The platform package of oxc-parser that the install chose, as a file: on Linux, where no `.node` file lies beside
 * the package's loader and exactly one of this architecture's `-gnu` and `-musl` packages is installed (the packages
 * declare `libc`), that package's main file; else `undefined` (the package's loader decides). The search is three
 * failing or succeeding `require.resolve`s (~3 ms of CPU in a fresh thread: every failed one walks the
 * `node_modules` folders and builds an error), so the build records its answer ({@link OXC_BINDING_FILE}).
 *
 * @returns The absolute path, or `undefined`.
 */
export function searchedBinding(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const resolved = (name: string): string[] => {
    try {
      return [require.resolve(name)];
    } catch {
      return [];
    }
  };
  const local = resolved(`oxc-parser/src-js/parser.linux-${process.arch}-gnu.node`);
  const installed = ['gnu', 'musl'].flatMap((libc) => resolved(`@oxc-parser/binding-linux-${process.arch}-${libc}`));
  return local.length === 0 && installed.length === 1 ? installed[0] : undefined;
}

/**
 * The file {@link searchedBinding} picked when the build ran, if the build recorded one (relative to this module's
 * folder, like the grammar addons' record).
 *
 * @returns The absolute path, or `undefined`.
 */
function recordedBinding(): string | undefined {
  try {
    const record = JSON.parse(readFileSync(new URL(`./${OXC_BINDING_FILE}`, import.meta.url), 'utf8')) as {
      file?: unknown;
    };
    return typeof record.file === 'string' ? fileURLToPath(new URL(record.file, import.meta.url)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * oxc-parser's native `parseSync`. The package's loader (`oxc-parser/src-js/bindings`, an ES module) costs ~6 ms of
 * CPU per process against ~2 ms for the platform package alone: `require` of an ES module starts Node's ES module
 * loader in the analysis thread, it probes for musl by reading `/usr/bin/ldd`, and it first tries a `.node` file
 * beside itself (a failed `require`, an error built). So the platform package the install chose
 * ({@link searchedBinding}) is required directly, as `duckdb-native.ts` does for DuckDB (issue 12 ledger, session 21)
 * — the file the build recorded when it loads (issue 12, session 23: the search itself was ~3 ms per thread), else
 * the search's answer; with none, or with the loader's override `NAPI_RS_NATIVE_LIBRARY_PATH` set, the package's
 * loader decides.
 *
 * @returns The native parse function.
 */
function nativeParser(): typeof nativeParseSync {
  type Binding = { parseSync: typeof nativeParseSync };
  if (process.platform === 'linux' && process.env['NAPI_RS_NATIVE_LIBRARY_PATH'] === undefined) {
    const recorded = recordedBinding();
    if (recorded !== undefined) {
      try {
        return (require(recorded) as Binding).parseSync;
      } catch {
        // moved or removed since the build: searched below
      }
    }
    const searched = searchedBinding();
    if (searched !== undefined) return (require(searched) as Binding).parseSync;
  }
  return (require('oxc-parser/src-js/bindings') as Binding).parseSync;
}

/** What the analyzer reads from a parse. */
export interface ParsedFile {
  readonly program: Program;
  readonly comments: readonly Comment[];
  readonly errors: readonly OxcError[];
}

/**
 * Parse one file. The AST is only deserialised when there are no errors.
 *
 * @param path - File name (oxc uses it for messages; the language comes from `options.lang`).
 * @param text - Source text.
 * @param options - Parser options.
 * @returns The program (empty on errors), comments and errors.
 */
export function parseFile(path: string, text: string, options: ParserOptions): ParsedFile {
  parseNative ??= nativeParser();
  const native = parseNative(path, text, options);
  const errors = native.errors;
  if (errors.length > 0) return { program: EMPTY_PROGRAM, comments: [], errors };
  // The JSON is `{ node, fixes }`; fixes only restore BigInt/RegExp literal values, which the analyzer never reads.
  const { node } = JSON.parse(native.program) as { node: Program };
  return { program: node, comments: native.comments, errors };
}

const EMPTY_PROGRAM: Program = Object.freeze({
  type: 'Program',
  body: [],
  sourceType: 'module',
  hashbang: null,
  start: 0,
  end: 0,
}) as Program;

/**
 * The parser options for a path's dialect.
 *
 * @param path - Repository-relative path; its extension picks the dialect.
 * @returns The options {@link parseTypescript} parses it with.
 */
export function parseOptionsFor(path: string): ParserOptions {
  return OPTIONS_BY_EXTENSION[extensionOf(path)] ?? TS_OPTIONS;
}

/**
 * Parse one file with the options its extension calls for, rejecting it on a syntax error.
 *
 * @param path - Repository-relative path; its extension picks the dialect.
 * @param text - Source text.
 * @param source - The same text with its line table, for the error's line.
 * @returns The program and comments.
 */
export function parseTypescript(path: string, text: string, source: SourceText): ParsedFile {
  const result = parseFile(path, text, parseOptionsFor(path));
  const firstError = result.errors[0];
  if (firstError !== undefined) {
    const line = source.lineOf(firstError.labels[0]?.start ?? 0);
    throw new AnalysisError(`syntax error at line ${line}: ${firstError.message}`);
  }
  return result;
}
