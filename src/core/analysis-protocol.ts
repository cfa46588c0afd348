/**
 * What the analysis pool, the analysis processes and their analysis threads say to each other.
 *
 * @packageDocumentation
 */
import type { AnalysisTask } from './analyze-file.js';
import type { AnalyzerInventoryEntry } from './model.js';

/** Per-file budgets of isolated analysis. */
export interface AnalysisLimits {
  /** Wall-clock milliseconds one file may take before its process is killed (reason `timeout`). */
  readonly fileTimeoutMs: number;
  /** Heap of one analysis process in MiB; a file that needs more fails with `too large`. */
  readonly memoryMb: number;
  /**
   * Source bytes one analysis host is given before the pool replaces it (`analysis-pool.ts`'
   * `HOST_SOURCE_BYTES` unless set).
   */
  readonly hostSourceBytes?: number;
}

/** Budgets used unless the caller sets others: generous for real code, finite for generated or hostile files. */
export const DEFAULT_LIMITS: AnalysisLimits = Object.freeze({ fileTimeoutMs: 60_000, memoryMb: 2048 });

/** What the pool hands each analysis process (and the process its thread) when starting it. */
export interface WorkerSetup {
  /** URL of the module whose `ANALYZERS` export lists the run's analyzers. */
  readonly analyzerModule: string;
  /** Heap budget of the analysis thread in MiB. */
  readonly memoryMb: number;
  /**
   * Paths the run is likely to analyze: the analysis thread loads their analyzers (parser, grammar, walkers) as soon
   * as it has said it is ready, while the run that started it early is still planning, instead of on its first file.
   * Only a hint: any other file's analyzer still loads on demand.
   */
  readonly preload?: readonly string[];
}

/**
 * Below this many files a run has one analysis host (a thread for ordinary files); from here on, one process per core.
 * The indexer starts a host early only for a run below it (see `analysis-pool.ts`' `analysisPlan`).
 */
export const SMALL_RUN_FILES = 48;

/**
 * A file this large is analyzed in a process even in a small run (`analysis-pool.ts`' `looksHazardous`). A thread has
 * the process's time and heap budgets; what it lacks is a bound on the parser's native memory (outside V8's heap, in
 * the indexing process) and survival of a native crash. tree-sitter's tree took 50–100 bytes per source byte (issue 12,
 * session 25: +13 MiB of RSS for SymPy's 270 KB `utility_function.py`, +63 MiB for 734 KB, +156 MiB for 1.5 MB), so
 * at 1 MiB a thread's native share stays near 100 MiB; a process start and its cold compilers cost a one-file run of
 * a 270 KB file ~140 ms of CPU more than a thread (was 256 KiB, which sent that file to a process).
 */
export const HAZARD_BYTES = 1024 * 1024;

/** A chunk of work: consecutive tasks with the position of the first in the run's task list. */
export interface WorkerRequest {
  /** Absolute repository root (per request: a process may be started before its run knows the repository). */
  readonly root: string;
  readonly start: number;
  readonly tasks: readonly AnalysisTask[];
}

/**
 * Messages from the analysis side: ready once the analyzers are loaded (with their inventory, which must match the
 * caller's or outcomes would differ by process), then one outcome per task.
 */
export type WorkerReply =
  | { readonly kind: 'ready'; readonly inventory: readonly AnalyzerInventoryEntry[] }
  | {
      readonly kind: 'outcome';
      readonly index: number;
      /**
       * The `AnalysisOutcome` (`analyze-file.ts`), serialized once by the analysis thread (`v8.serialize`) and decoded only when the
       * run consumes it: an analysis process relays these bytes instead of decoding and re-encoding the rows (which
       * cost it ~90 MB beside a large file's syntax tree), and outcomes waiting in the look-ahead window take about a
       * third of the memory their objects would.
       */
      readonly payload: Uint8Array;
      /** Milliseconds spent on this file (the phase recorder's per-worker analysis time). */
      readonly busyMs: number;
    };

/** Exit code of an analysis process whose thread ran out of its heap budget (the pool reports `too large`). */
export const OUT_OF_MEMORY_EXIT = 75;
