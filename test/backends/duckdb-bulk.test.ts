/**
 * The DuckDB writer never inserts row by row: an instrumented connection counts every statement and every row-wise
 * appender call during full and incremental runs of a small and a ten-times larger fixture.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { ArrowTableLoader } from '../../src/backends/duckdb/duckdb-bulk-load.js';
import { NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { indexWith, syntheticTree as tree, tempLocation } from './duckdb-fixtures.js';

/** Write-connection methods that execute SQL. */
const STATEMENT_METHODS = ['run', 'rows'] as const;

interface Counts {
  statements: number;
  chunks: number;
}

function instrument(): () => Counts {
  vi.restoreAllMocks();
  const statementSpies = STATEMENT_METHODS.map((method) => vi.spyOn(NativeWriteConnection.prototype, method));
  // The bindings' functions cannot be spied on (non-writable properties): the loader's own chunk method is.
  const chunkSpy = vi.spyOn(ArrowTableLoader.prototype as unknown as { appendChunk(): void }, 'appendChunk');
  return () => ({
    statements: statementSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
    chunks: chunkSpy.mock.calls.length,
  });
}

const cleanup: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
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
  it('issues the same number of statements for 10× the rows, appending data chunks', async () => {
    // Stale hints go through a table above a few hundred (one statement more): both sizes take the table here, so the
    // counts compare the same statements.
    vi.stubEnv('CODIRA_DUCKDB_STALE_LIST', '0');
    const small = await measure(12);
    const large = await measure(120);
    expect(large.rows).toBe(10 * small.rows);
    expect(large.rows).toBeGreaterThan(7000);
    expect(large.full.statements).toBe(small.full.statements);
    expect(large.incremental.statements).toBe(small.incremental.statements);
    expect(small.full.statements).toBeLessThan(12);
    // Data arrives in chunks: one per table per persist batch (under 2048 rows each), never one per row.
    expect(large.full.chunks).toBeLessThan(large.rows / 50);
    expect(large.full.chunks).toBeGreaterThan(0);
    expect(large.incremental.chunks).toBeGreaterThan(0);
  });

  it('has no row-wise append in the DuckDB backend: rows reach DuckDB only as data chunks', () => {
    // The raw bindings' row-wise appender functions (`append_int32`, `append_varchar`, …, `appender_end_row`) cannot
    // be spied on, so the source is checked: the only append the backend calls is `append_data_chunk`.
    const dir = join(import.meta.dirname, '../../src/backends/duckdb');
    const calls = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [
        ...readFileSync(join(dir, name), 'utf8').matchAll(/\bduckdb\.(append_\w+|appender_end_row)\b/g),
      ])
      .map((match) => match[1]);
    expect(calls).toEqual(['append_data_chunk']);
  });
});
