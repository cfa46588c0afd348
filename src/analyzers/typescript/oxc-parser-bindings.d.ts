/**
 * Types for the native entry point of oxc-parser (`oxc-parser/src-js/bindings`, listed in the package's export
 * map). Only what typescript-parser.ts uses.
 */
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, OxcError, ParserOptions } from 'oxc-parser';

  /** Native parse result: each getter moves its field out of Rust memory; `program` is the AST as JSON text. */
  export interface NativeParseResult {
    readonly program: string;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }

  /** Parse synchronously on the current thread without touching the module record. */
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): NativeParseResult;
}

/** The visitor keys module of oxc-parser (what the package's main module exports as `visitorKeys`). */
declare module 'oxc-parser/src-js/generated/visit/keys.js' {
  import type { visitorKeys } from 'oxc-parser';

  const keys: typeof visitorKeys;
  export default keys;
}
