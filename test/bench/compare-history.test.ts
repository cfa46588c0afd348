import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, comparisonCounts, renderComparison } from '../../src/bench/compare.js';
import { renderTrendChart, trendSeries } from '../../src/bench/export/trend-chart.js';
import { readTrend, recordRun } from '../../src/bench/history.js';
import type { Measurement, RunResult } from '../../src/bench/result.js';
import { summarize } from '../../src/bench/stats.js';
import { FIXED_RUN } from './fixed-run.js';

/**
 * FIXED_RUN with one repository whose `sym` on sqlite has the given samples, under another id and start time.
 *
 * @param runId - Run id.
 * @param startedAt - Start time (ISO).
 * @param sqlite - Samples of `sym` on sqlite, in ms.
 * @param commit - Commit of the current build.
 * @returns The run.
 */
function symRun(runId: string, startedAt: string, sqlite: number[], commit = 'c'.repeat(40)): RunResult {
  const m: Measurement = {
    command: 'sym',
    variant: 'sqlite',
    backend: 'sqlite',
    build: 'current',
    warmups: 0,
    runs: sqlite.length,
    state: 'completed',
    samplesMs: sqlite as [number, ...number[]],
    peakRssKb: [],
    stats: summarize(sqlite as [number, ...number[]]),
  };
  return {
    ...FIXED_RUN,
    runId,
    startedAt,
    environment: { ...FIXED_RUN.environment, commit },
    repositories: [{ ...FIXED_RUN.repositories[0]!, measurements: [m] }],
  };
}

const noisy = (centre: number): number[] => [
  centre - 6,
  centre + 3,
  centre - 2,
  centre + 6,
  centre + 1,
  centre - 4,
  centre,
  centre + 2,
];

describe('campaign compare', () => {
  it('calls a clear slowdown slower, the same run same, and a missing cell missing', () => {
    const a = symRun('a', '2025-03-01T10:00:00Z', noisy(100));
    const slower = compareRuns(a, symRun('b', '2025-03-02T10:00:00Z', noisy(130)));
    expect(slower.rows).toHaveLength(1);
    expect(slower.rows[0]).toMatchObject({ repo: 'tiny', command: 'sym', variant: 'sqlite', verdict: 'slower' });
    expect(slower.rows[0]!.ratio).toBeCloseTo(1.3, 2);
    expect(slower.rows[0]!.ci95!.low).toBeGreaterThan(1.2);
    expect(compareRuns(a, a).rows[0]!.verdict).toBe('same');
    const faster = compareRuns(symRun('b', '2025-03-02T10:00:00Z', noisy(130)), a);
    expect(faster.rows[0]!.verdict).toBe('faster');
    const missing = compareRuns(FIXED_RUN, a);
    expect(comparisonCounts(missing)).toBe('0 slower, 1 faster, 0 same, 11 missing'); // tiny sym sqlite: 205 ms → 100 ms
    expect(renderComparison(slower)).toContain('| tiny | sym | sqlite | 100.0 ms | 130.0 ms | ×1.30 |');
  });
});

describe('run history (DuckDB)', () => {
  it('records runs, replaces a re-recorded one, and flags a step change', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'codira-history-')), 'history.duckdb');
    const days = [noisy(100), noisy(101), noisy(99), noisy(140), noisy(141)];
    for (const [i, samples] of days.entries()) {
      await recordRun(db, symRun(`r${i}`, `2025-03-0${i + 1}T10:00:00Z`, samples, `${i}`.repeat(40)));
    }
    await recordRun(db, symRun('r4', '2025-03-05T10:00:00Z', noisy(141), '4'.repeat(40))); // recorded twice: once
    const trend = await readTrend(db, { repo: 'tiny', command: 'sym' });
    expect(trend.map((p) => p.runId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(trend.map((p) => p.flag)).toEqual([null, null, null, 'step up', null]);
    expect(trend[3]!.vsPrior).toBeCloseTo(140 / 100, 1);
    expect(await readTrend(db, { command: 'ctx' })).toEqual([]);
    const [series] = trendSeries(trend);
    expect(series!.key).toBe('tiny-sym-sqlite');
    const svg = renderTrendChart(series!.points);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('r3 33333333: 140.0 ms (step up)');
  });
});
