/**
 * The analyzer contract: one module per language under `src/analyzers/`, selected by file extension.
 *
 * @packageDocumentation
 */
import type { FileAnalysis } from './model.js';

/** Turns one source file into symbols, call sites, callable references and documentation findings. */
export interface Analyzer {
  /** Stable name stored as the owner of each file, e.g. `python`. */
  readonly name: string;
  /** Bumped whenever output for the same input may change; part of the analyzer inventory (forces a full rebuild). */
  readonly version: string;
  /** Extensions claimed, lower-case with the dot, e.g. `.py`. */
  readonly extensions: readonly string[];
  /**
   * Whether this analyzer claims a repository-relative path. Usually an extension test; may exclude files
   * (e.g. `.d.ts`).
   */
  claims(path: string): boolean;
  /**
   * Analyze one file. Throws {@link AnalysisError} when the file cannot be parsed; any throw makes the file a failed
   * file with the error message as reason, never an aborted run.
   *
   * @param path - Repository-relative path with `/` separators.
   * @param source - File content decoded as UTF-8.
   */
  analyze(path: string, source: string): FileAnalysis;
}

/** A file the analyzer cannot handle, with a reason for the index report. */
export class AnalysisError extends Error {
  /**
   * @param reason - Short reason shown in the report, e.g. `syntax error at line 3`.
   */
  constructor(reason: string) {
    super(reason);
    this.name = 'AnalysisError';
  }
}
