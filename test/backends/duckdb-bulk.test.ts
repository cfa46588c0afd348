/**
 * The DuckDB writer never inserts row by row: an instrumented connection counts every statement and every row-wise
 * appender call during full and incremental runs of a small and a ten-times larger fixture.
 */
import { rmSync } from 'node:fs';
import { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { indexWith, syntheticTree as tree, tempLocation } from './duckdb-fixtures.js';

/** Connection methods that execute SQL. */
const STATEMENT_METHODS = [
  'run',
  'runAndRead',
  'runAndReadAll',
  'runAndReadUntil',
  'stream',
  'streamAndRead',
  'streamAndReadAll',
  'streamAndReadUntil',
  'start',
  'startStream',
  'prepare',
  'extractStatements',
] as const;

/** Appender methods that add one value or one row. */
const ROW_METHODS = Object.getOwnPropertyNames(DuckDBAppender.prototype).filter(
  (name) => (name.startsWith('append') && name !== 'appendDataChunk') || name === 'endRow',
);

interface Counts {
  statements: number;
  rowCalls: number;
  chunks: number;
}

function instrument(): () => Counts {
  vi.restoreAllMocks();
  const statementSpies = STATEMENT_METHODS.map((method) => vi.spyOn(DuckDBConnection.prototype, method));
  const rowSpies = ROW_METHODS.map((method) => vi.spyOn(DuckDBAppender.prototype, method as 'endRow'));
  const chunkSpy = vi.spyOn(DuckDBAppender.prototype, 'appendDataChunk');
  return () => ({
    statements: statementSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
    rowCalls: rowSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
    chunks: chunkSpy.mock.calls.length,
  });
}

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function measure(files: number): Promise<{ full: Counts; incremental: Counts; rows: number }> {
  const location = tempLocation(`bulk-${files}`);
  cleanup.push(location.repoRoot);
  const base = tree(files);
  const counts = instrument();
  await indexWith(duckdbBackend, location, 'full', base, [], undefined, 16);
  const full = counts();
  // Incremental: a tenth of the files change, one is deleted.
  const changed = tree(files, 1000).filter((_, i) => i % 10 === 1);
  const deleted = [base[0]!.file.path];
  await indexWith(
    duckdbBackend,
    location,
    'incremental',
    changed,
    [],
    {
      changed: changed.map((f) => f.file.path),
      deleted,
      reused: base
        .map((f) => f.file.path)
        .filter((p) => !deleted.includes(p) && !changed.some((c) => c.file.path === p)),
    },
    16,
  );
  const after = counts();
  const incremental = {
    statements: after.statements - full.statements,
    rowCalls: after.rowCalls - full.rowCalls,
    chunks: after.chunks - full.chunks,
  };
  const rows = base.reduce(
    (sum, f) =>
      sum +
      f.analysis.symbols.length +
      f.analysis.calls.length +
      f.analysis.references.length +
      f.analysis.findings.length +
      1,
    0,
  );
  return { full, incremental, rows };
}

describe('duckdb writer: no per-row inserts', () => {
  it('issues the same number of statements for 10× the rows, and no row-wise appender calls', async () => {
    const small = await measure(12);
    const large = await measure(120);
    expect(large.rows).toBe(10 * small.rows);
    expect(large.rows).toBeGreaterThan(7000);
    expect(large.full.statements).toBe(small.full.statements);
    expect(large.incremental.statements).toBe(small.incremental.statements);
    expect(small.full.statements).toBeLessThan(12);
    expect(large.full.rowCalls).toBe(0);
    expect(large.incremental.rowCalls).toBe(0);
    // Data arrives in chunks: one per table per persist batch (under 2048 rows each), never one per row.
    expect(large.full.chunks).toBeLessThan(large.rows / 50);
    expect(large.full.chunks).toBeGreaterThan(0);
  });
});
