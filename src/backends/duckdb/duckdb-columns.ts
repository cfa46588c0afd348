/**
 * Column batches of the DuckDB writer: what one persist call appends to one table, as typed arrays laid out the way
 * the appender's data chunks take them (`duckdb-bulk-load.ts`).
 *
 * Until issue 12 these were Apache Arrow batches; the writer used only Arrow's plain buffers (values, offsets,
 * validity bits) and never an Arrow reader or writer, while loading the library's modules cost each index run ~40 ms
 * of CPU. The layouts below are those buffers without the library.
 *
 * @packageDocumentation
 */

/**
 * How a column's values are held:
 *
 * - `fixed`: one fixed-width value per row in `values` (`Int32Array`, `BigInt64Array`, or `Uint8Array` codes of a
 *   one-byte `ENUM`);
 * - `bool`: one bit per row in `values`, least significant bit first;
 * - `text`: `VARCHAR` or `BLOB`, row `i` being the bytes `values[offsets[i] … offsets[i + 1])`.
 */
export type ColumnLayout = 'fixed' | 'bool' | 'text';

/** One column of a batch. */
export interface Column {
  readonly layout: ColumnLayout;
  /** Rows. */
  readonly length: number;
  readonly values: Int32Array | BigInt64Array | Uint8Array;
  /** `text` only: `length + 1` byte offsets. */
  readonly offsets?: Int32Array;
  /** Validity, one bit per row (1 = a value), least significant bit first; `null` when every row has a value. */
  readonly validity: Uint8Array | null;
}

/** The rows one persist call appends to one table, columns in the table's order. */
export interface ColumnBatch {
  readonly numRows: number;
  readonly columns: readonly Column[];
}

/**
 * A non-null fixed-width column.
 *
 * @param values - One value per row.
 * @returns The column.
 */
export function fixedColumn(values: Int32Array | BigInt64Array | Uint8Array): Column {
  return { layout: 'fixed', length: values.length, values, validity: null };
}

/**
 * An all-null `INTEGER` column (derived values are filled in by the derived step).
 *
 * @param length - Rows.
 * @returns The column.
 */
export function nullInt32Column(length: number): Column {
  return { layout: 'fixed', length, values: new Int32Array(length), validity: new Uint8Array((length + 7) >> 3) };
}

/**
 * A non-null boolean column.
 *
 * @param bits - One bit per row, least significant first.
 * @param length - Rows.
 * @returns The column.
 */
export function boolColumn(bits: Uint8Array, length: number): Column {
  return { layout: 'bool', length, values: bits, validity: null };
}

/**
 * A non-null byte column (`BLOB`).
 *
 * @param values - One byte array per row.
 * @returns The column.
 */
export function bytesColumn(values: readonly Uint8Array[]): Column {
  const offsets = new Int32Array(values.length + 1);
  values.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.byteLength));
  const data = new Uint8Array(offsets[values.length]!);
  values.forEach((v, i) => data.set(v, offsets[i]!));
  return { layout: 'text', length: values.length, values: data, offsets, validity: null };
}

/**
 * A byte column whose rows are fixed-size slices of one buffer (the embeddings: `size` bytes per row).
 *
 * @param data - All rows' bytes, back to back.
 * @param length - Rows.
 * @param size - Bytes per row.
 * @returns The column.
 */
export function slicedBytesColumn(data: Uint8Array, length: number, size: number): Column {
  const offsets = Int32Array.from({ length: length + 1 }, (_, i) => i * size);
  return { layout: 'text', length, values: data, offsets, validity: null };
}

/**
 * A text column (UTF-8 bytes and offsets, nulls in the validity bits).
 *
 * @param values - Column values; `null` is a null.
 * @returns The column.
 */
export function textColumn(values: readonly (string | null)[]): Column {
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  let validity: Uint8Array | null = null;
  let joined = '';
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      validity ??= new Uint8Array((length + 7) >> 3).fill(0xff);
      validity[i >> 3]! &= ~(1 << (i & 7));
    } else {
      joined += value;
    }
  }
  let bytes = Buffer.from(joined, 'utf8');
  if (bytes.length === joined.length) {
    // Pure ASCII: byte offsets are the JavaScript lengths.
    let end = 0;
    for (let i = 0; i < length; i++) {
      end += values[i]?.length ?? 0;
      offsets[i + 1] = end;
    }
  } else {
    // Encode value by value: a surrogate pair split across two values must not merge in the joined encoding.
    let total = 0;
    for (let i = 0; i < length; i++) total += Buffer.byteLength(values[i] ?? '', 'utf8');
    bytes = Buffer.allocUnsafe(total);
    let end = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value) end += bytes.write(value, end, 'utf8');
      offsets[i + 1] = end;
    }
  }
  return { layout: 'text', length, values: bytes, offsets, validity };
}
