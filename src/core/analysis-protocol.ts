/**
 * What the analysis pool, the analysis processes and their analysis threads say to each other.
 *
 * @packageDocumentation
 */
import type { AnalysisOutcome, AnalysisTask } from './analyze-file.js';
import type { AnalyzerInventoryEntry } from './model.js';

/** What the pool hands each analysis process (and the process its thread) when starting it. */
export interface WorkerSetup {
  /** Absolute repository root. */
  readonly root: string;
  /** URL of the module whose `ANALYZERS` export lists the run's analyzers. */
  readonly analyzerModule: string;
  /** The caller's analyzer inventory: the imported list must match it, or outcomes would differ by process. */
  readonly inventory: readonly AnalyzerInventoryEntry[];
  /** Heap budget of the analysis thread in MiB. */
  readonly memoryMb: number;
}

/** A chunk of work: consecutive tasks with the position of the first in the run's task list. */
export interface WorkerRequest {
  readonly start: number;
  readonly tasks: readonly AnalysisTask[];
}

/** Messages from the analysis side: ready once the analyzers are loaded, then one outcome per task. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'outcome';
      readonly index: number;
      readonly outcome: AnalysisOutcome;
      /** Milliseconds spent on this file (the phase recorder's per-worker analysis time). */
      readonly busyMs: number;
    };

/** Exit code of an analysis process whose thread ran out of its heap budget (the pool reports `too large`). */
export const OUT_OF_MEMORY_EXIT = 75;
