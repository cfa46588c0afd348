/**
 * Result decoding of the DuckDB read path (`duckdb-native.ts`): short values inline in their slots are cut from one
 * Latin-1 decoding of the slots unless they are not ASCII, long ones from runs of adjacent bytes; a non-null
 * integer column is read straight from its vectors (issue 12, session 23). Checked over more rows than one vector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeReadConnection, NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';

/** Values of every shape: inline ASCII and not, at the 12-byte inline limit and past it, long ASCII and not. */
const SHAPES = [
  '',
  'a',
  'PY001',
  'é',
  'naïve',
  '短い名前',
  '0123456789ab',
  '0123456789abc',
  'x'.repeat(40),
  `ü${'y'.repeat(30)}`,
];
/** Rows: three vectors' worth, so that values span chunks. */
const ROWS = 5_000;

describe('duckdb result decoding', () => {
  let dir: string;
  let reader: NativeReadConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'codira-decode-'));
    const path = join(dir, 'decode.duckdb');
    const writer = await NativeWriteConnection.open({});
    const list = SHAPES.map((value) => `'${value}'`).join(', ');
    await writer.run(
      `ATTACH '${path}' AS d; CREATE TABLE d.t AS
       SELECT i, CASE WHEN i % 7 = 3 THEN NULL ELSE [${list}][i % ${SHAPES.length} + 1] END AS v,
              CASE WHEN i % 5 = 1 THEN NULL ELSE CAST(i * 3 - 7000 AS INTEGER) END AS n
       FROM range(${ROWS}) r(i); DETACH d`,
    );
    writer.close();
    reader = await NativeReadConnection.openReadOnly(path);
  });
  afterAll(() => {
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every text and integer as stored, nulls as asked', async () => {
    const r = await reader.select('SELECT v, n, CAST(i AS INTEGER) FROM t ORDER BY i');
    const expected = Array.from({ length: ROWS }, (_, i) => (i % 7 === 3 ? null : SHAPES[i % SHAPES.length]!));
    expect(r.texts(0)).toEqual(expected);
    expect(r.requiredTexts(0)).toEqual(expected.map((value) => value ?? ''));
    const numbers = Array.from({ length: ROWS }, (_, i) => (i % 5 === 1 ? null : i * 3 - 7000));
    expect(r.ints(1)).toEqual(numbers);
    expect(r.requiredInts(1)).toEqual(numbers.map((value) => value ?? 0));
    expect(r.requiredInts(2)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
  });
});
