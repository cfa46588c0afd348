/**
 * One fixed {@link RunResult} shared by the exporter and gate tests: two repositories, SQLite vs DuckDB vs a
 * baseline build, one errored and one skipped measurement.
 */
import type { CommandName } from '../../src/bench/command-names.js';
import type { CompletedMeasurement, Measurement, RepoResult, RunResult } from '../../src/bench/result.js';
import { summarize, type NonEmptyArray } from '../../src/bench/stats.js';

/**
 * A completed measurement of a variant that is not a backend of either build (a floor row, a server cell).
 *
 * @param command - Command name.
 * @param variant - Variant id (also used as backend unless given).
 * @param samples - Wall times in ms.
 * @param backend - Backend name, default the variant id.
 * @returns The measurement (current build, no warm-up).
 */
export function completedOf(
  command: CommandName,
  variant: string,
  samples: NonEmptyArray<number>,
  backend = variant,
): CompletedMeasurement {
  return {
    command,
    variant,
    backend,
    build: 'current',
    warmups: 0,
    runs: samples.length,
    state: 'completed',
    samplesMs: samples,
    peakRssKb: [],
    stats: summarize(samples),
  };
}

function completed(command: CommandName, variant: string, samples: NonEmptyArray<number>): Measurement {
  const backend = variant.replace('baseline-', '');
  return {
    command,
    variant,
    backend,
    build: variant.startsWith('baseline') ? 'baseline' : 'current',
    warmups: 1,
    runs: samples.length,
    state: 'completed',
    samplesMs: samples,
    peakRssKb: samples.map(() => 61_000),
    stats: summarize(samples),
  };
}

const tiny: RepoResult = {
  label: 'tiny',
  size: 'small',
  source: { kind: 'self' },
  files: { indexed: 12, failed: 1 },
  targets: {
    symbol: 'pkg.run',
    symbolSource: 'symlist',
    ctxQuery: 'how does run work',
    partialFile: 'pkg/a.py',
    resolvedBy: 'sqlite',
  },
  sizes: [
    {
      variant: 'sqlite',
      backend: 'sqlite',
      reportedBytes: 1_000_000,
      stateDirBytes: 1_048_576,
      files: [{ name: 'index.sqlite', bytes: 1_048_576 }],
    },
    {
      variant: 'duckdb',
      backend: 'duckdb',
      reportedBytes: 1_500_000,
      stateDirBytes: 1_572_864,
      files: [{ name: 'index.duckdb', bytes: 1_572_864 }],
    },
  ],
  measurements: [
    completed('index-full', 'sqlite', [1000, 1100, 1200]),
    completed('index-full', 'duckdb', [1300, 1400, 1500]),
    completed('index-full', 'baseline-sqlite', [1000, 1000, 1000]),
    {
      ...completed('sym', 'sqlite', [200, 210]),
      phases: [
        { name: 'node start', meanMs: 40 },
        { name: 'load backend', meanMs: 10 },
        { name: 'open index', meanMs: 5 },
        { name: 'query', meanMs: 150 },
      ],
    } as Measurement,
    {
      ...completed('sym', 'duckdb', [220, 230]),
      phases: [
        { name: 'node start', meanMs: 40 },
        { name: 'load backend', meanMs: 80 },
        { name: 'open index', meanMs: 20 },
        { name: 'query', meanMs: 85 },
      ],
    } as Measurement,
    {
      command: 'sym',
      variant: 'baseline-sqlite',
      backend: 'sqlite',
      build: 'baseline',
      warmups: 1,
      runs: 2,
      state: 'errored',
      error: "exit 1: unknown command 'sym'",
      samplesMs: [],
    },
  ],
  wallMs: 12_000,
};

const big: RepoResult = {
  label: 'big',
  size: 'medium',
  source: { kind: 'npm', package: 'rxjs', version: '7.8.2', subdir: 'src' },
  files: { indexed: 300, failed: 0 },
  targets: {
    symbol: null,
    symbolSource: 'none',
    ctxQuery: 'how is the index built',
    partialFile: null,
    resolvedBy: 'sqlite',
  },
  sizes: [
    { variant: 'sqlite', backend: 'sqlite', reportedBytes: null, stateDirBytes: 10_000_000, files: [] },
    { variant: 'duckdb', backend: 'duckdb', reportedBytes: null, stateDirBytes: 25_000_000, files: [] },
  ],
  measurements: [
    completed('index-full', 'sqlite', [5000]),
    completed('index-full', 'duckdb', [9000]),
    completed('index-full', 'baseline-sqlite', [5000]),
    ...(['sqlite', 'duckdb', 'baseline-sqlite'] as const).map((variant): Measurement => ({
      command: 'sym',
      variant,
      backend: variant.replace('baseline-', ''),
      build: variant.startsWith('baseline') ? 'baseline' : 'current',
      warmups: 1,
      runs: 2,
      state: 'skipped',
      reason: 'the index has no symbol to query',
    })),
  ],
  wallMs: 30_000,
};

/** The fixed run. */
export const FIXED_RUN: RunResult = {
  schemaVersion: 1,
  runId: '20250301-141502-short',
  status: 'completed',
  error: null,
  startedAt: '2025-03-01T14:15:02.000Z',
  finishedAt: '2025-03-01T14:15:44.000Z',
  wallMs: 42_000,
  campaign: { name: 'short', manifest: 'short', backends: ['sqlite', 'duckdb'], commands: ['index-full', 'sym'] },
  environment: {
    node: 'v20.20.2',
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'Test CPU',
    cores: 2,
    totalMemoryBytes: 8_589_934_592,
    commit: '0123456789abcdef0123456789abcdef01234567',
    dirty: false,
    backends: [
      { name: 'sqlite', version: '1' },
      { name: 'duckdb', version: '1' },
    ],
    analyzers: [{ name: 'python', version: '1' }],
    peakRss: 'gnu-time',
  },
  variants: [
    { id: 'sqlite', backend: 'sqlite', build: 'current' },
    { id: 'duckdb', backend: 'duckdb', build: 'current' },
    { id: 'baseline-sqlite', backend: 'sqlite', build: 'baseline' },
  ],
  baseline: { ref: 'HEAD~1', commit: 'fedcba9876543210fedcba9876543210fedcba98' },
  repositories: [tiny, big],
  micro: [
    {
      state: 'completed',
      name: 'embedQuery',
      opsPerSecond: 50_000,
      meanMs: 0.02,
      medianMs: 0.019,
      rmePercent: 1.5,
      samples: 1000,
    },
  ],
};
