/**
 * The analyzer contract: one module per language under `src/analyzers/`, selected by file extension. Core never
 * imports an analyzer: the caller (the CLI, a test) hands an {@link AnalyzerSet} to the indexer, the way it hands in a
 * backend.
 *
 * @packageDocumentation
 */
import type { AnalyzerInventoryEntry, FileAnalysis } from './model.js';

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
   * Load what {@link Analyzer.analyze} needs (parsers, walkers), once; `analyze` may be called only after it
   * resolved. Absent: the analyzer is ready at once. Loading on demand keeps the analyzer list cheap to import for
   * processes that only claim paths and list the inventory (the indexing process) and lets an analysis process load
   * only the languages it meets.
   */
  load?(): Promise<void>;
  /**
   * What a file's analysis reads of the tree besides the file itself, as a short text (its _layout_): e.g. Python's
   * folder that its module name starts from, which depends on the `__init__.py` files above it. Absent: nothing (the
   * layout is `''`). Called in the indexing process with the run's candidate paths, so it must be cheap and must not
   * need {@link Analyzer.load}; the planner re-analyzes a reused file whose layout differs between the previous and the
   * current candidate paths, so an incremental run still equals a full one.
   *
   * @param path - Repository-relative path with `/` separators (a path this analyzer claims).
   * @param exists - Whether a repository-relative path is a candidate path of the tree (claimed by some analyzer,
   *   within the size limit).
   */
  layout?(path: string, exists: (path: string) => boolean): string;
  /**
   * Whether a path coming or going can change some file's {@link Analyzer.layout} (Python: an `__init__.py`). A run
   * that adds and deletes only other paths compares no layouts. Absent (with a layout): every path can.
   *
   * @param path - Repository-relative path of a candidate added or deleted.
   */
  layoutInput?(path: string): boolean;
  /**
   * Analyze one file. Throws {@link AnalysisError} when the file cannot be parsed; any throw makes the file a failed
   * file with the error message as reason, never an aborted run.
   *
   * @param path - Repository-relative path with `/` separators.
   * @param source - File content decoded as UTF-8.
   * @param layout - The file's layout ({@link Analyzer.layout}), `''` when the analyzer has none.
   */
  analyze(path: string, source: string, layout?: string): FileAnalysis;
}

/** The analysis function of an analyzer. */
export type AnalyzeFunction = (path: string, source: string, layout?: string) => FileAnalysis;

/**
 * An analysis function loaded on first use (see {@link Analyzer.load}).
 *
 * @param name - The analyzer's name (for the error when `analyze` comes before `load`).
 * @param loader - Imports the implementation and returns its analysis function.
 * @returns `load` and `analyze` for an analyzer object.
 */
export function lazyAnalysis(
  name: string,
  loader: () => Promise<AnalyzeFunction>,
): { load(): Promise<void>; analyze: AnalyzeFunction } {
  let analyze: AnalyzeFunction | null = null;
  let failure: string | null = null;
  let loading: Promise<void> | null = null;
  return {
    load(): Promise<void> {
      // Never rejects: a broken installation fails each file with the reason, like any analysis error.
      loading ??= loader().then(
        (loaded) => void (analyze = loaded),
        (error: unknown) => void (failure = error instanceof Error ? error.message : String(error)),
      );
      return loading;
    },
    analyze(path: string, source: string, layout?: string): FileAnalysis {
      if (analyze !== null) return analyze(path, source, layout);
      throw new Error(
        failure === null
          ? `the ${name} analyzer was used before load() resolved`
          : `the ${name} analyzer could not be loaded: ${failure}`,
      );
    },
  };
}

/**
 * Load the analyzers that own some paths (each once; see {@link Analyzer.load}).
 *
 * @param analyzers - Analyzers in priority order.
 * @param paths - Repository-relative paths about to be analyzed; all analyzers when absent.
 */
export async function loadAnalyzers(analyzers: readonly Analyzer[], paths?: readonly string[]): Promise<void> {
  const owners = new Set(paths === undefined ? analyzers : paths.map((path) => analyzerFor(analyzers, path)));
  await Promise.all([...owners].map((analyzer) => analyzer?.load?.()));
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

/**
 * The analyzers of one index run, in priority order (the first that claims a path owns it), and where worker threads
 * find the same list. Functions cannot cross a thread boundary, so a worker imports `module` and uses its `ANALYZERS`
 * export; it refuses to run if that list's names and versions differ from `all`.
 */
export interface AnalyzerSet {
  /** The analyzers, in priority order. */
  readonly all: readonly Analyzer[];
  /** URL of an ES module whose `ANALYZERS` export is `all` (e.g. `import.meta.url` of the module defining it). */
  readonly module: string;
}

/**
 * The analyzer that owns a path.
 *
 * @param analyzers - Analyzers in priority order.
 * @param path - Repository-relative path.
 * @returns The first analyzer claiming it, or `undefined`.
 */
export function analyzerFor(analyzers: readonly Analyzer[], path: string): Analyzer | undefined {
  return analyzers.find((analyzer) => analyzer.claims(path));
}

/**
 * The analyzer inventory stored with an index.
 *
 * @param analyzers - Analyzers in priority order.
 * @returns One entry per analyzer, in the same order.
 */
export function analyzerInventory(analyzers: readonly Analyzer[]): AnalyzerInventoryEntry[] {
  return analyzers.map((a) => ({ name: a.name, version: a.version, extensions: [...a.extensions] }));
}

/**
 * The layout of a path ({@link Analyzer.layout}): `''` for a path whose owner has none.
 *
 * @param analyzers - Analyzers in priority order.
 * @param path - Repository-relative path.
 * @param exists - Whether a path is a candidate path of the tree.
 * @returns The owner's layout text.
 */
export function layoutOf(analyzers: readonly Analyzer[], path: string, exists: (path: string) => boolean): string {
  return analyzerFor(analyzers, path)?.layout?.(path, exists) ?? '';
}

/**
 * Whether any analyzer of a set reads a layout (when none does, the planner and the indexer skip the work).
 *
 * @param analyzers - Analyzers in priority order.
 * @returns `true` when one has {@link Analyzer.layout}.
 */
export function readsLayout(analyzers: readonly Analyzer[]): boolean {
  return analyzers.some((analyzer) => analyzer.layout !== undefined);
}

/**
 * Whether a path coming or going can change a layout of some analyzer of a set ({@link Analyzer.layoutInput}).
 *
 * @param analyzers - Analyzers in priority order.
 * @param path - Repository-relative path added or deleted.
 * @returns `true` when an analyzer with a layout may read it.
 */
export function isLayoutInput(analyzers: readonly Analyzer[], path: string): boolean {
  return analyzers.some((analyzer) => analyzer.layout !== undefined && (analyzer.layoutInput?.(path) ?? true));
}
