/**
 * DuckDB's `nearestEmbeddings` (`duckdb-read-embeddings.ts`) reads the best rows with a top-N and the count in one
 * statement, and every positive row in a second only when the last row of the window still passes the cut (ties past
 * the window; issue 12, session 25). Over a table with many tied vectors, zeros and negative products, every window
 * must give what JavaScript gives over all rows: the count, each kept dot product bit for bit, and exactly the positive
 * rows within 2·10⁻⁶ of the `n`-th best positive (all positive rows when fewer than `n`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeReadConnection, NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { nearestEmbeddings } from '../../src/backends/duckdb/duckdb-read-embeddings.js';

const DIMENSION = 6;
const ROWS = 3_000;

/**
 * A stored value: a few distinct magnitudes of both signs and zeros, repeating every 300 rows (so every vector has
 * ten exact copies or more: ties past small windows), and near ties within the cut's 2·10⁻⁶.
 *
 * @param row - Row.
 * @param d - Dimension.
 * @returns The float32 value.
 */
function value(row: number, d: number): number {
  // Near ties: every sixth row is its predecessor with the first value a few float32 steps larger.
  if (row % 6 === 5) return d === 0 ? Math.fround(value(row - 1, 0) * (1 + 2 ** -21)) : value(row - 1, d);
  const k = ((row % 300) * (d + 3) + d * 7 + ((row % 300) >> 2) * d) % 13;
  return Math.fround(k === 0 ? 0 : (k - 6) / (d + 1.5));
}

const QUERIES = [
  [0.5, 0, -0.25, 0.125, 0, 1 / 3],
  [0, 0, 0, 0.7, 0, 0],
  [-1, -1, -1, -1, -1, -1],
  [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
].map((q) => Float32Array.from(q));

describe('duckdb nearestEmbeddings window', () => {
  let dir: string;
  let db: NativeReadConnection;
  const statements: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'codira-nearest-'));
    const path = join(dir, 'nearest.duckdb');
    const writer = await NativeWriteConnection.open({});
    const columns = Array.from({ length: DIMENSION }, (_, d) => `e${d} FLOAT`).join(', ');
    const rows = Array.from(
      { length: ROWS },
      (_, row) =>
        `(${row + 1}, ${Array.from({ length: DIMENSION }, (_, d) => value(row, d).toExponential()).join(', ')})`,
    );
    await writer.run(
      `ATTACH '${path}' AS d; CREATE TABLE d.symbols (id INTEGER, ${columns}); INSERT INTO d.symbols VALUES ${rows.join(', ')}; DETACH d`,
    );
    writer.close();
    db = await NativeReadConnection.openReadOnly(path);
    const select = db.select.bind(db);
    db.select = (sql, params) => {
      statements.push(sql);
      return select(sql, params);
    };
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what JavaScript keeps over all rows, through the window or past it', async () => {
    let past = 0;
    let within = 0;
    for (const query of QUERIES) {
      const dots = Array.from({ length: ROWS }, (_, row) => {
        let dot = 0;
        for (let d = 0; d < DIMENSION; d++) if (query[d] !== 0) dot = dot + value(row, d) * query[d]!;
        return dot;
      });
      const positive = dots.filter((dot) => dot > 0).sort((a, b) => b - a);
      const descending = [...dots].sort((a, b) => b - a);
      for (const n of [1, 3, 10, 50, 5_000]) {
        const cut = positive.length >= n ? positive[n - 1]! - 2e-6 : 0;
        const expected = dots.flatMap((dot, row) => (dot > 0 && dot >= cut ? [[row + 1, dot] as const] : []));
        for (const window of [1, 2, 5, 18, 40, 200, 10_000]) {
          statements.length = 0;
          const got = await nearestEmbeddings(db, DIMENSION, query, n, window);
          expect(got.total).toBe(ROWS);
          const pairs = got.symbolIds.map((id, i) => [id, got.dots[i]!] as const).sort((a, b) => a[0] - b[0]);
          expect(pairs.length).toBe(expected.length);
          pairs.forEach(([id, dot], i) => {
            expect(id).toBe(expected[i]![0]);
            expect(Object.is(dot, expected[i]![1])).toBe(true);
          });
          // The second statement runs exactly when the window's last row passes the cut.
          const last = descending[Math.max(window, n) - 1];
          expect(statements.length).toBe(last !== undefined && last > 0 && last >= cut ? 2 : 1);
          if (statements.length === 2) past++;
          else within++;
          expect(statements.length === 2).toBe(statements.some((sql) => sql.includes('OFFSET 0')));
        }
      }
    }
    // Both paths were taken: ties past small windows, and windows that held every row that passes.
    expect(past).toBeGreaterThan(10);
    expect(within).toBeGreaterThan(10);
  });

  it('counts every row and keeps none for a query without non-zero weights', async () => {
    const got = await nearestEmbeddings(db, DIMENSION, new Float32Array(DIMENSION), 10);
    expect(got.total).toBe(ROWS);
    expect(got.symbolIds).toEqual([]);
  });
});
