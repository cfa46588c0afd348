/**
 * The `latency` gate kind and the percentiles behind it: absolute budgets, budgets relative to another statistic of
 * the same cell or to another command of the same variant, and the configuration errors a gate file can make.
 */
import { describe, expect, it } from 'vitest';
import { checkGates } from '../../src/bench/gate-check.js';
import { parseGateFile } from '../../src/bench/gate-file.js';
import type { Measurement, RunResult } from '../../src/bench/result.js';
import { percentiles, type NonEmptyArray } from '../../src/bench/stats.js';
import { completedOf, FIXED_RUN } from './fixed-run.js';

function server(command: 'mcp-sym' | 'mcp-start', variant: string, samples: NonEmptyArray<number>): Measurement {
  return { ...completedOf(command, variant, samples), percentiles: percentiles(samples) };
}

// 100 requests: sqlite 1..100 × 0.05 ms (p50 2.525, p99 4.95); duckdb mostly 3 ms with two 30 ms outliers.
const sqliteSamples = Array.from({ length: 100 }, (_, i) => (i + 1) * 0.05) as unknown as NonEmptyArray<number>;
const duckdbSamples = Array.from({ length: 100 }, (_, i) => (i >= 98 ? 30 : 3)) as unknown as NonEmptyArray<number>;
const [tiny, big] = FIXED_RUN.repositories;
const RUN: RunResult = {
  ...FIXED_RUN,
  repositories: [
    {
      ...tiny!,
      measurements: [
        ...tiny!.measurements,
        server('mcp-sym', 'sqlite', sqliteSamples),
        server('mcp-sym', 'duckdb', duckdbSamples),
        server('mcp-start', 'sqlite', [300, 320, 340]),
        server('mcp-start', 'duckdb', [500, 520, 540]),
      ],
    },
    big!,
  ],
};

const check = (gate: object) =>
  checkGates(
    RUN,
    parseGateFile({ gates: [{ id: 'g', kind: 'latency', repos: ['tiny'], ...gate }] }, '/tmp/a.json'),
  ).findings.map((f) => `${f.command}: ${f.verdict} ${f.measured?.toFixed(3)} ≤ ${f.budget?.toFixed(3)}`);

describe('latency gates', () => {
  it('computes R-7 percentiles', () => {
    const four = percentiles([1, 2, 3, 4]);
    expect(four.p50).toBe(2.5);
    expect(four.p95).toBeCloseTo(3.85, 12);
    expect(four.p99).toBeCloseTo(3.97, 12);
    expect(percentiles(sqliteSamples).p50).toBeCloseTo(2.525, 9);
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7 });
  });

  it('judges an absolute budget per variant', () => {
    expect(check({ commands: ['mcp-sym'], statistic: 'p50', maxMs: 2.6 })).toEqual([
      'mcp-sym (sqlite): pass 2.525 ≤ 2.600',
      'mcp-sym (duckdb): fail 3.000 ≤ 2.600',
    ]);
  });

  it('judges the tail against the same cell and start-up against another command', () => {
    expect(check({ commands: ['mcp-sym'], statistic: 'p99', maxTimes: 3, ofStatistic: 'p50' })).toEqual([
      'mcp-sym (sqlite): pass 4.951 ≤ 7.575',
      'mcp-sym (duckdb): fail 30.000 ≤ 9.000',
    ]);
    // Per-process sym medians in the fixed run: sqlite 205, duckdb 225.
    expect(check({ commands: ['mcp-start'], statistic: 'median', maxTimes: 2, ofCommand: 'sym' })).toEqual([
      'mcp-start (sqlite): pass 320.000 ≤ 410.000',
      'mcp-start (duckdb): fail 520.000 ≤ 450.000',
    ]);
  });

  it('skips what was not measured and warns instead of failing when informational', () => {
    const report = checkGates(
      RUN,
      parseGateFile(
        { gates: [{ id: 'g', kind: 'latency', severity: 'info', commands: ['mcp-sym', 'mcp-ctx'], maxMs: 1 }] },
        '/tmp/a.json',
      ),
    );
    expect(report.findings.map((f) => `${f.repo} ${f.command} ${f.verdict}`)).toEqual([
      'tiny mcp-sym (sqlite) warn',
      'tiny mcp-sym (duckdb) warn',
      'tiny mcp-ctx (sqlite) skip',
      'tiny mcp-ctx (duckdb) skip',
      'big mcp-sym (sqlite) skip',
      'big mcp-sym (duckdb) skip',
      'big mcp-ctx (sqlite) skip',
      'big mcp-ctx (duckdb) skip',
    ]);
    expect(report.ok).toBe(true);
  });

  it('rejects a gate without exactly one budget or without a reference', () => {
    const parse = (gate: object) => () =>
      parseGateFile({ gates: [{ id: 'g', kind: 'latency', commands: ['mcp-sym'], ...gate }] }, '/tmp/a.json');
    expect(parse({})).toThrow(/exactly one of maxMs and maxTimes/);
    expect(parse({ maxMs: 1, maxTimes: 2, ofStatistic: 'p50' })).toThrow(/exactly one of maxMs and maxTimes/);
    expect(parse({ maxTimes: 2 })).toThrow(/needs ofStatistic or ofCommand/);
    expect(parse({ maxMs: 1, commands: ['mcp-nope'] })).toThrow(/mcp-nope/);
  });
});
