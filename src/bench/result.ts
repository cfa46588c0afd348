/**
 * The artifact schema: one {@link RunResult} per campaign run, serialised as `run.json`. Every exporter and the gate
 * checker read only this type. Times are milliseconds, sizes bytes, memory kibibytes, as each field says.
 *
 * @packageDocumentation
 */
import type { AccuracyRecord } from './accuracy/accuracy-measure.js';
import type { CommandName } from './command-names.js';
import type { CorpusSource } from './corpus.js';
import type { RepoSize } from './manifest.js';
import type { NonEmptyArray, Percentiles, SampleStatistics } from './stats.js';

/** Version of this schema; bump on any incompatible change. */
export const RUN_SCHEMA_VERSION = 1;

/** Which build of codira a variant runs. */
export type Build = 'current' | 'baseline';

/** One column of the comparison: a backend run by a build. */
export interface VariantInfo {
  /** `sqlite`, `duckdb`, or `baseline-sqlite` for the baseline build. */
  readonly id: string;
  readonly backend: string;
  readonly build: Build;
}

/** The machine and software a run measured. */
export interface Environment {
  /** `process.version`, e.g. `v20.20.2`. */
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  /** Logical cores available to the process. */
  readonly cores: number;
  /** Physical memory in bytes. */
  readonly totalMemoryBytes: number;
  /** Commit of the current tree, or `null` outside git. */
  readonly commit: string | null;
  /** Whether tracked files differ from the commit. */
  readonly dirty: boolean;
  /** Backend storage versions of the current build. */
  readonly backends: readonly { readonly name: string; readonly version: string }[];
  /** Analyzer versions of the current build. */
  readonly analyzers: readonly { readonly name: string; readonly version: string }[];
  /** How peak RSS was measured (`gnu-time`), or `unavailable`. */
  readonly peakRss: 'gnu-time' | 'unavailable';
  /**
   * How CPU time was measured: `bash-times` (a bash wrapper's `times`, in milliseconds), or `unavailable`; absent in
   * runs recorded before CPU time was.
   */
  readonly cpuTime?: 'bash-times' | 'unavailable';
}

/** Query targets resolved from the repository's own index (or pinned by the manifest). */
export interface Targets {
  /** Qualified name used by `sym` and `calls`, or `null` when the index has no symbol. */
  readonly symbol: string | null;
  /** Where it came from: `manifest`, `symlist` (most connected symbol) or `none`. */
  readonly symbolSource: 'manifest' | 'symlist' | 'none';
  /** The `ctx` query. */
  readonly ctxQuery: string;
  /** Repository-relative file edited before each `index-partial` sample, or `null`. */
  readonly partialFile: string | null;
  /** Variant whose index resolved the targets. */
  readonly resolvedBy: string;
}

/** Index size of one variant after the first full index. */
export interface SizeRecord {
  readonly variant: string;
  readonly backend: string;
  /** `sizeBytes` of the `index --json` report (`null` if the report had none). */
  readonly reportedBytes: number | null;
  /** Bytes of every file in the `.codira/` state directory. */
  readonly stateDirBytes: number;
  /** The state directory's files and their sizes in bytes, by name. */
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

interface MeasurementBase {
  readonly command: CommandName;
  /** {@link VariantInfo.id}. */
  readonly variant: string;
  readonly backend: string;
  readonly build: Build;
  /** Unmeasured runs performed (or planned, when skipped). */
  readonly warmups: number;
  /** Measured runs planned. */
  readonly runs: number;
}

/** Every run succeeded. */
export interface CompletedMeasurement extends MeasurementBase {
  readonly state: 'completed';
  /** Wall time of each measured process, spawn to exit, in milliseconds. */
  readonly samplesMs: NonEmptyArray<number>;
  /**
   * CPU time (user + sys, the waited-for descendants included) of each measured process in milliseconds, paired by
   * index with {@link CompletedMeasurement.samplesMs}; absent when CPU time was not measured for every sample.
   */
  readonly cpuSamplesMs?: NonEmptyArray<number>;
  /** Peak resident set size of each measured process in KiB; empty when unavailable. */
  readonly peakRssKb: readonly number[];
  /** Statistics of {@link CompletedMeasurement.samplesMs}, in milliseconds. */
  readonly stats: SampleStatistics;
  /** Mean time per phase over the measured samples (`CODIRA_PHASES`); absent when the build records none. */
  readonly phases?: readonly PhaseMean[];
  /**
   * Second round, measured only when a time gate would have failed on the first: more interleaved runs of just the
   * variants of that cell, right after the first round. Gates decide on it when both sides of a cell have one.
   */
  readonly confirm?: ConfirmRound;
  /** Server commands only: latency percentiles of the requests, in milliseconds. */
  readonly percentiles?: Percentiles;
}

/** Mean time of one phase of a command (see `src/core/phases.ts`), e.g. `open index`. */
export interface PhaseMean {
  readonly name: string;
  /** Mean over the measured samples, in milliseconds. */
  readonly meanMs: number;
  /** Time beside the main timeline (an analysis worker thread's busy time): not part of the process's sum. */
  readonly parallel?: boolean;
}

/** A confirmation round of one measurement (see {@link CompletedMeasurement.confirm}). */
export type ConfirmRound =
  | {
      readonly state: 'completed';
      /** Gate findings (`gate repo command`) that triggered it. */
      readonly reason: string;
      readonly runs: number;
      /** Wall times in milliseconds, paired by index with the other variants of the round. */
      readonly samplesMs: NonEmptyArray<number>;
      /** CPU times in milliseconds, as {@link CompletedMeasurement.cpuSamplesMs}. */
      readonly cpuSamplesMs?: NonEmptyArray<number>;
      readonly peakRssKb: readonly number[];
      readonly stats: SampleStatistics;
    }
  | { readonly state: 'errored'; readonly reason: string; readonly runs: number; readonly error: string };

/** A run failed (non-zero exit or unmet expectation, e.g. a warm index that was not a no-op). */
export interface ErroredMeasurement extends MeasurementBase {
  readonly state: 'errored';
  /** What went wrong, one line. */
  readonly error: string;
  /** Samples collected before the failure, in milliseconds. */
  readonly samplesMs: readonly number[];
}

/** Not measured, with the reason (e.g. no symbol to query). */
export interface SkippedMeasurement extends MeasurementBase {
  readonly state: 'skipped';
  readonly reason: string;
}

/** Result of one command on one variant of one repository. */
export type Measurement = CompletedMeasurement | ErroredMeasurement | SkippedMeasurement;

/** Everything measured on one repository. */
export interface RepoResult {
  readonly label: string;
  readonly size: RepoSize;
  readonly source: CorpusSource;
  /** Files indexed and failed by the first full index of the first variant. */
  readonly files: { readonly indexed: number; readonly failed: number } | null;
  readonly targets: Targets;
  readonly sizes: readonly SizeRecord[];
  readonly measurements: readonly Measurement[];
  /** Call-graph accuracy per language against its oracle; absent when the campaign does not measure it. */
  readonly accuracy?: readonly AccuracyRecord[];
  /** Wall time spent on this repository, preparation included, in milliseconds. */
  readonly wallMs: number;
}

/** An in-process micro-benchmark (tinybench), keyed on state like tinybench's own results. */
export type MicroResult =
  | {
      readonly state: 'completed';
      readonly name: string;
      /** Operations per second (mean throughput). */
      readonly opsPerSecond: number;
      /** Mean latency of one operation in milliseconds. */
      readonly meanMs: number;
      /** Median latency in milliseconds. */
      readonly medianMs: number;
      /** Relative margin of error of the mean, in percent. */
      readonly rmePercent: number;
      /** Number of latency samples. */
      readonly samples: number;
    }
  | { readonly state: 'errored'; readonly name: string; readonly error: string };

/** The baseline build of a run. */
export interface BaselineInfo {
  /** The git ref given to `--baseline`. */
  readonly ref: string;
  readonly commit: string;
}

/** One campaign run: the content of `run.json`. */
export interface RunResult {
  readonly schemaVersion: typeof RUN_SCHEMA_VERSION;
  /** Folder name under `.artifacts/benchmarks/`. */
  readonly runId: string;
  /** `running` while repositories remain (artifacts are rewritten after each), then `completed` or `failed`. */
  readonly status: 'running' | 'completed' | 'failed';
  /** Why the run failed, when it did. */
  readonly error: string | null;
  /** ISO 8601 start time. */
  readonly startedAt: string;
  /** ISO 8601 end time, `null` while running. */
  readonly finishedAt: string | null;
  /** Wall time of the run so far, in milliseconds. */
  readonly wallMs: number;
  readonly campaign: {
    readonly name: string;
    readonly manifest: string;
    readonly backends: readonly string[];
    readonly commands: readonly CommandName[];
  };
  readonly environment: Environment;
  /** Variants in measurement (interleaving) order; the first is the control. */
  readonly variants: readonly VariantInfo[];
  readonly baseline: BaselineInfo | null;
  readonly repositories: readonly RepoResult[];
  readonly micro: readonly MicroResult[];
}

/**
 * Find one measurement.
 *
 * @param repo - A repository result.
 * @param command - Command name.
 * @param variant - Variant id.
 * @returns The measurement, or `undefined` when it was not part of the run.
 */
export function findMeasurement(repo: RepoResult, command: CommandName, variant: string): Measurement | undefined {
  return repo.measurements.find((m) => m.command === command && m.variant === variant);
}
