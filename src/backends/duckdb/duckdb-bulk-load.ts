/**
 * Moves Arrow record batches into a DuckDB table through the appender's columnar path: each batch is cut into data
 * chunks of DuckDB's vector size, and every column of a chunk is written straight from the Arrow buffers.
 *
 * - Fixed-width columns (`Int32`, `Int64`, dictionary indices, `FixedSizeList<Float32>` children) are one memory copy
 *   per chunk.
 * - `Bool` is expanded from Arrow's bits to DuckDB's bytes.
 * - `Utf8`: strings of at most 12 bytes are written inline into DuckDB's 16-byte string slots (the documented
 *   `duckdb_string_t` layout) with one copy per chunk; only longer strings take one native call each, because their
 *   bytes must live in the vector's own string heap.
 * - Null bitmaps are copied as they are: Arrow and DuckDB both store validity as little-endian bits, one per row.
 *
 * No SQL is issued here: one appender per table, one `appendDataChunk` per 2048 rows.
 *
 * @packageDocumentation
 */
import type { Appender, DataChunk, Vector } from '@duckdb/node-bindings';
import type { Data, FixedSizeList, RecordBatch } from 'apache-arrow';
import { Type } from './duckdb-arrow.js';
import { type NativeWriteConnection, bindings as duckdb } from './duckdb-native.js';

/** Longest string DuckDB stores inline in its 16-byte slot. */
const INLINE_LIMIT = 12;
const SLOT_BYTES = 16;

/** Appends Arrow batches to one table; call {@link ArrowTableLoader.close} to flush. */
export class ArrowTableLoader {
  private readonly chunk: DataChunk;
  private readonly columnCount: number;
  private readonly rowsPerChunk: number;
  private readonly strings: Uint8Array;
  private readonly bytes: Uint8Array;

  private constructor(
    private readonly appender: Appender,
    private readonly table: string,
  ) {
    this.columnCount = duckdb.appender_column_count(appender);
    const types = Array.from({ length: this.columnCount }, (_, i) => duckdb.appender_column_type(appender, i));
    this.chunk = duckdb.create_data_chunk(types);
    this.rowsPerChunk = duckdb.vector_size();
    this.strings = new Uint8Array(this.rowsPerChunk * SLOT_BYTES);
    this.bytes = new Uint8Array(this.rowsPerChunk);
  }

  /**
   * Open an appender on `table`. Inside an open transaction the appended rows belong to that transaction.
   *
   * @param connection - Connection of the write session.
   * @param table - Table name.
   * @param catalog - Attached database holding the table (default: the connection's default catalog).
   * @returns A loader for that table.
   */
  static open(connection: NativeWriteConnection, table: string, catalog?: string): ArrowTableLoader {
    return new ArrowTableLoader(duckdb.appender_create_ext(connection.connection, catalog ?? null, null, table), table);
  }

  /**
   * Append every row of `batch`; its columns must be in the table's column order.
   *
   * @param batch - Arrow batch built for this table.
   */
  append(batch: RecordBatch): void {
    const columns = batch.data.children;
    if (columns.length !== this.columnCount) {
      throw new Error(`${this.table}: batch has ${columns.length} columns, table has ${this.columnCount}`);
    }
    const raw = this.chunk;
    for (let start = 0; start < batch.numRows; start += this.rowsPerChunk) {
      const count = Math.min(this.rowsPerChunk, batch.numRows - start);
      duckdb.data_chunk_reset(raw);
      for (let c = 0; c < columns.length; c++) {
        this.fillColumn(duckdb.data_chunk_get_vector(raw, c), columns[c]!, start, count);
      }
      duckdb.data_chunk_set_size(raw, count);
      this.appendChunk(raw);
    }
  }

  /**
   * Hand one filled data chunk to the appender (its own method: the bulk test counts the chunks).
   *
   * @param chunk - The chunk.
   */
  private appendChunk(chunk: DataChunk): void {
    duckdb.append_data_chunk(this.appender, chunk);
  }

  /** Flush buffered rows into the table and release the appender. */
  close(): void {
    duckdb.appender_flush_sync(this.appender);
    duckdb.appender_close_sync(this.appender);
  }

  private fillColumn(vector: Vector, data: Data, start: number, count: number): void {
    if (data.offset !== 0) throw new Error(`${this.table}: sliced Arrow data is not supported`);
    switch (data.typeId) {
      case Type.Int:
      case Type.Float:
      case Type.Dictionary:
        copyValues(vector, data.values as ArrayBufferView & { BYTES_PER_ELEMENT: number }, start, count);
        break;
      case Type.Bool:
        this.fillBool(vector, data.values as Uint8Array, start, count);
        break;
      case Type.Utf8:
      case Type.Binary:
        this.fillUtf8(vector, data, start, count);
        break;
      case Type.FixedSizeList: {
        const child = data.children[0]!;
        const size = (data.type as FixedSizeList).listSize;
        copyValues(duckdb.array_vector_get_child(vector), child.values as Float32Array, start * size, count * size);
        break;
      }
      default:
        throw new Error(`${this.table}: no DuckDB loader for Arrow type ${String(data.type)}`);
    }
    if (data.nullCount > 0 && data.nullBitmap) {
      // Chunks start at multiples of 2048 rows, so the bitmap slice is byte-aligned.
      const bitmap = data.nullBitmap;
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(
        vector,
        0,
        bitmap.buffer as ArrayBuffer,
        bitmap.byteOffset + (start >> 3),
        (count + 7) >> 3,
      );
    }
  }

  private fillBool(vector: Vector, bits: Uint8Array, start: number, count: number): void {
    const bytes = this.bytes;
    for (let i = 0; i < count; i++) {
      const row = start + i;
      bytes[i] = (bits[row >> 3]! >> (row & 7)) & 1;
    }
    duckdb.copy_data_to_vector(vector, 0, bytes.buffer as ArrayBuffer, 0, count);
  }

  private fillUtf8(vector: Vector, data: Data, start: number, count: number): void {
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    const slots = this.strings;
    slots.fill(0, 0, count * SLOT_BYTES);
    let longRows: number[] | undefined;
    for (let i = 0; i < count; i++) {
      const from = offsets[start + i]!;
      const length = offsets[start + i + 1]! - from;
      if (length > INLINE_LIMIT) {
        (longRows ??= []).push(i);
        continue;
      }
      const slot = i * SLOT_BYTES;
      slots[slot] = length;
      for (let b = 0; b < length; b++) slots[slot + 4 + b] = values[from + b]!;
    }
    duckdb.copy_data_to_vector(vector, 0, slots.buffer as ArrayBuffer, 0, count * SLOT_BYTES);
    if (longRows) {
      for (const i of longRows) {
        duckdb.vector_assign_string_element_len(
          vector,
          i,
          values.subarray(offsets[start + i]!, offsets[start + i + 1]!),
        );
      }
    }
  }
}

function copyValues(
  vector: Vector,
  values: ArrayBufferView & { BYTES_PER_ELEMENT: number },
  start: number,
  count: number,
): void {
  const width = values.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset + start * width, count * width);
}
