/**
 * SQLite's embedding layout (schema 6): the vectors stored column by column, in chunks of files, so a query reads only
 * the dimensions its vector uses.
 *
 * - `embedding_chunks (chunk, files)`: the files of chunk `c` are those with `file_id >> 7 = c` that have symbols;
 *   `files` holds little-endian int32 triples `(file_id, first_symbol_id, count)` in file-handle order. The chunk's
 *   rows are those files' symbols in that order, `count` consecutive handles from `first_symbol_id` per file.
 * - `embedding_columns (key, vals)`: `key = dimension × 2³² + chunk`; `vals` the chunk's values of that dimension,
 *   little-endian float32, one per row. Keyed dimension first, so one dimension's chunks are one range of the table.
 *
 * A query names a few dozen of 128 dimensions: it reads those ranges only (SymPy: ~5 of 23 MB, in ~330 blobs instead
 * of 1,473 blobs holding every dimension). Why chunks of 128 file handles: a row per file and dimension (188k rows on
 * SymPy) cost 55 ms to read, better-sqlite3 allocating a buffer per blob; chunks of 32 files gave blobs of ~4 KB, one
 * per 8 KiB page (SymPy's file 48 instead of 28 MB); at 128 most blobs overflow into full pages (26 MB). An incremental
 * run rewrites only the chunks of the files it removed and the chunk(s) its new files (which take handles above every
 * stored one) fall in.
 *
 * @packageDocumentation
 */
import type { Database, Statement } from 'better-sqlite3';
import { dotKernel } from '../../core/dot-kernel.js';
import { checkEmbeddingDimension, nthLargestPositive } from '../../core/embeddings.js';
import type { EmbeddingBlocks, NearestEmbeddings } from '../../core/model.js';

/** Rows queued for a multi-row insert (`BatchedInsert` of the bulk loader). */
export interface RowSink {
  add(...values: unknown[]): void;
  flush(): void;
}

/** Files per chunk, as a shift of the file handle. */
export const CHUNK_SHIFT = 7;

/** Key span of one dimension in `embedding_columns`. */
const KEY_SPAN = 2 ** 32;

/**
 * @param dimension - Dimension number.
 * @param chunk - Chunk number.
 * @returns The `embedding_columns` key.
 */
function columnKey(dimension: number, chunk: number): number {
  return dimension * KEY_SPAN + chunk;
}

/** One file of a chunk. */
interface ChunkFile {
  readonly fileId: number;
  readonly first: number;
  readonly count: number;
}

/**
 * @param bytes - A stored `files` value.
 * @returns Its triples.
 */
function decodeFiles(bytes: Uint8Array): ChunkFile[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ChunkFile[] = [];
  for (let at = 0; at + 12 <= bytes.byteLength; at += 12) {
    out.push({
      fileId: view.getInt32(at, true),
      first: view.getInt32(at + 4, true),
      count: view.getInt32(at + 8, true),
    });
  }
  return out;
}

/**
 * @param files - A chunk's files.
 * @returns The stored `files` value.
 */
function encodeFiles(files: readonly ChunkFile[]): Buffer {
  const values = new Int32Array(files.length * 3);
  files.forEach((f, i) => values.set([f.fileId, f.first, f.count], i * 3));
  return Buffer.from(values.buffer);
}

/**
 * A blob's float32 values: a view when it is 4-byte aligned (better-sqlite3 gives each blob its own allocation), else
 * a copy. Stored little-endian, read on a little-endian host.
 *
 * @param bytes - The blob.
 * @returns Its values.
 */
function floats(bytes: Buffer): Float32Array {
  return bytes.byteOffset % 4 === 0
    ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
    : new Float32Array(Uint8Array.from(bytes).buffer);
}

/**
 * The run's files of the chunk being filled, transposed as they arrive into one reused column-major buffer: value
 * `(d, row)` at `d × capacity + row`. Reusing it spares a fresh copy of every vector (SymPy: 23 MB of page faults).
 */
class PendingColumns {
  private readonly dimension: number;
  values = new Float32Array(0);
  capacity = 0;
  rows = 0;
  files: ChunkFile[] = [];

  /** @param dimension - Vector length. */
  constructor(dimension: number) {
    this.dimension = dimension;
  }

  /**
   * Append a file's vectors.
   *
   * @param file - The file's entry.
   * @param vectors - Its vectors, row-major.
   */
  add(file: ChunkFile, vectors: Float32Array): void {
    const { dimension } = this;
    const rows = this.rows + file.count;
    if (rows > this.capacity) {
      const capacity = Math.max(rows, this.capacity * 2, 256);
      const grown = new Float32Array(capacity * dimension);
      for (let d = 0; d < dimension; d++) {
        grown.set(this.values.subarray(d * this.capacity, d * this.capacity + this.rows), d * capacity);
      }
      this.values = grown;
      this.capacity = capacity;
    }
    transposeInto(this.values, this.capacity, this.rows, vectors, dimension, file.count);
    this.rows = rows;
    this.files.push(file);
  }

  /**
   * @param d - Dimension.
   * @returns Its values of the pending rows (a view, valid until the next file is added after {@link clear}).
   */
  column(d: number): Float32Array {
    return this.values.subarray(d * this.capacity, d * this.capacity + this.rows);
  }

  /** Start the next chunk (the buffer is kept). */
  clear(): void {
    this.rows = 0;
    this.files = [];
  }
}

/**
 * Transpose row-major vectors into a column-major buffer (a small function of its own, so V8 optimizes the loop
 * that runs once per stored value).
 *
 * @param values - Column-major buffer.
 * @param capacity - Its rows per column.
 * @param at - First row to write.
 * @param vectors - Row-major vectors.
 * @param dimension - Vector length.
 * @param count - Rows.
 */
function transposeInto(
  values: Float32Array,
  capacity: number,
  at: number,
  vectors: Float32Array,
  dimension: number,
  count: number,
): void {
  // Dimension by dimension: sequential writes, and a file's vectors (read with a stride) stay in the cache.
  for (let d = 0; d < dimension; d++) {
    for (let i = 0, v = d, to = d * capacity + at; i < count; i++, v += dimension, to++) values[to] = vectors[v]!;
  }
}

/**
 * Writes the run's vectors into the column layout. Files arrive in ascending handle order (a run allocates handles
 * above every stored one), so the chunk being filled is written once the first file of a later chunk arrives; the
 * chunks of removed files are rewritten without them at {@link EmbeddingColumnWriter.finish}.
 */
export class EmbeddingColumnWriter {
  private readonly db: Database;
  private readonly dimension: number;
  /** Whether stored chunks may exist (incremental runs): a full run writes into empty tables. */
  private readonly incremental: boolean;
  private readonly removed = new Set<number>();
  private readonly rewritten = new Set<number>();
  private pendingChunk = -1;
  private readonly pending: PendingColumns;
  private readonly chunks: RowSink;
  private readonly columns: RowSink;
  private readonly readFiles: Statement | null;
  private readonly readColumn: Statement | null;
  private finished = false;

  /**
   * @param db - Writer connection inside the run's transaction.
   * @param dimension - Vector length (0: nothing is written).
   * @param incremental - Whether the tables hold a previous run's chunks.
   * @param sink - Queues rows of `(table, columns)`; an incremental run's rows replace stored ones with their key.
   */
  constructor(
    db: Database,
    dimension: number,
    incremental: boolean,
    sink: (table: string, columns: readonly string[]) => RowSink,
  ) {
    this.db = db;
    this.dimension = dimension;
    this.incremental = incremental;
    this.pending = new PendingColumns(dimension);
    this.chunks = sink('embedding_chunks', ['chunk', 'files']);
    this.columns = sink('embedding_columns', ['key', 'vals']);
    this.readFiles = incremental ? db.prepare('SELECT files FROM embedding_chunks WHERE chunk = ?').pluck() : null;
    this.readColumn = incremental ? db.prepare('SELECT vals FROM embedding_columns WHERE key = ?').pluck() : null;
  }

  /**
   * Files whose rows the run deleted (incremental): their vectors leave their chunks.
   *
   * @param fileIds - Their handles.
   */
  removeFiles(fileIds: readonly number[]): void {
    for (const id of fileIds) this.removed.add(id);
  }

  /**
   * Queue one file's vectors (transposed at once: the caller's buffer may be reused afterwards).
   *
   * @param fileId - Its handle (above every handle added before).
   * @param first - Handle of its first symbol.
   * @param vectors - Its vectors, row-major.
   */
  add(fileId: number, first: number, vectors: Float32Array): void {
    const count = vectors.length / this.dimension;
    if (this.dimension === 0 || count === 0) return;
    const chunk = fileId >> CHUNK_SHIFT;
    if (chunk !== this.pendingChunk) this.flushPending();
    this.pendingChunk = chunk;
    this.pending.add({ fileId, first, count }, vectors);
  }

  /** Write the last chunk and rewrite the chunks of removed files; call once, after the run's last file. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.flushPending();
    for (const chunk of new Set([...this.removed].map((id) => id >> CHUNK_SHIFT))) {
      if (!this.rewritten.has(chunk)) this.rewrite(chunk);
    }
    this.chunks.flush();
    this.columns.flush();
  }

  private flushPending(): void {
    if (this.pending.rows > 0) {
      this.rewrite(this.pendingChunk);
      // Inserted now: the queued columns may be views of the pending buffer, which the next chunk overwrites.
      this.columns.flush();
    }
    this.pending.clear();
    this.pendingChunk = -1;
  }

  /**
   * Write one chunk: its stored files other than the removed ones (incremental runs), then the run's files of the
   * chunk (the pending ones when it is the pending chunk).
   *
   * @param chunk - Chunk number.
   */
  private rewrite(chunk: number): void {
    this.rewritten.add(chunk);
    const dimension = this.dimension;
    const added = chunk === this.pendingChunk ? this.pending : null;
    const stored = this.incremental ? (this.readFiles!.get(chunk) as Buffer | undefined) : undefined;
    const old = stored === undefined ? [] : decodeFiles(stored);
    const kept: { file: ChunkFile; from: number }[] = [];
    let from = 0;
    for (const file of old) {
      if (!this.removed.has(file.fileId)) kept.push({ file, from });
      from += file.count;
    }
    const files = [...kept.map((k) => k.file), ...(added?.files ?? [])];
    const rows = files.reduce((sum, f) => sum + f.count, 0);
    if (rows === 0) {
      if (old.length > 0) this.deleteChunk(chunk);
      return;
    }
    this.chunks.add(chunk, encodeFiles(files));
    for (let d = 0; d < dimension; d++) {
      let column: Float32Array;
      if (kept.length === 0) {
        column = added!.column(d);
      } else {
        column = new Float32Array(rows);
        const previous = floats(this.readColumn!.get(columnKey(d, chunk)) as Buffer);
        let at = 0;
        for (const { file, from: start } of kept) {
          column.set(previous.subarray(start, start + file.count), at);
          at += file.count;
        }
        if (added !== null) column.set(added.column(d), at);
      }
      this.columns.add(columnKey(d, chunk), Buffer.from(column.buffer, column.byteOffset, column.byteLength));
    }
  }

  private deleteChunk(chunk: number): void {
    this.db.prepare('DELETE FROM embedding_chunks WHERE chunk = ?').run(chunk);
    const drop = this.db.prepare('DELETE FROM embedding_columns WHERE key = ?');
    for (let d = 0; d < this.dimension; d++) drop.run(columnKey(d, chunk));
  }
}

/** A stored chunk as the reader sees it. */
interface ReadChunk {
  readonly chunk: number;
  readonly files: readonly ChunkFile[];
  readonly rows: number;
}

/**
 * @param db - Read connection.
 * @returns Every chunk with its files, by chunk number.
 */
function readChunks(db: Database): ReadChunk[] {
  const out: ReadChunk[] = [];
  for (const [chunk, bytes] of db.prepare('SELECT chunk, files FROM embedding_chunks').raw().all() as [
    number,
    Buffer,
  ][]) {
    const files = decodeFiles(bytes);
    out.push({ chunk, files, rows: files.reduce((sum, f) => sum + f.count, 0) });
  }
  return out;
}

/**
 * The handles of every row, chunk by chunk.
 *
 * @param chunks - The chunks.
 * @returns One handle per row.
 */
function rowHandles(chunks: readonly ReadChunk[]): number[] {
  const ids: number[] = [];
  for (const { files } of chunks)
    for (const { first, count } of files) for (let i = 0; i < count; i++) ids.push(first + i);
  return ids;
}

/**
 * One dimension's stored columns, chunk by chunk, checked against the directory (a missing or short column is an
 * error, never a silent zero).
 *
 * @param statement - `SELECT key, vals FROM embedding_columns WHERE key >= ? AND key < ?`.
 * @param chunks - The directory.
 * @param d - Dimension.
 * @returns One blob of little-endian float32 values per chunk.
 */
function dimensionColumns(statement: Statement, chunks: readonly ReadChunk[], d: number): Buffer[] {
  const rows = statement.all(columnKey(d, 0), columnKey(d + 1, 0)) as [number, Buffer][];
  if (rows.length !== chunks.length) throw new Error(`sqlite embeddings: dimension ${d} has ${rows.length} chunks`);
  return rows.map(([key, bytes], i) => {
    const { chunk, rows: count } = chunks[i]!;
    if (key !== columnKey(d, chunk) || bytes.length !== count * 4) {
      throw new Error(`sqlite embeddings: dimension ${d} of chunk ${chunk} does not match its files`);
    }
    return bytes;
  });
}

/**
 * Every stored vector (`ReadSession.embeddingsAnyOrder`), as one row-major block in chunk order: the columns of every
 * dimension interleaved back into rows.
 *
 * @param db - Read connection.
 * @param dimension - Vector length from the inventory.
 * @returns The block with its handles.
 */
export function storedEmbeddingBlocks(db: Database, dimension: number): EmbeddingBlocks {
  const symbolIds = rowHandles(readChunks(db));
  const rowStarts = Int32Array.from(symbolIds, (_, row) => row * dimension);
  const vectors = new Float32Array(symbolIds.length * dimension);
  storedEmbeddingsInto(db, dimension, vectors, rowStarts);
  return { dimension, symbolIds, blocks: [vectors] };
}

/**
 * Every stored vector written into a matrix, each stored row (in chunk order, as {@link storedEmbeddingBlocks}
 * numbers them) at its own offset: the symbol-order matrix is filled without an intermediate copy.
 *
 * @param db - Read connection.
 * @param dimension - Vector length from the inventory.
 * @param target - The matrix.
 * @param rowStarts - Offset in `target` of each stored row.
 * @returns The handle of each stored row.
 */
export function storedEmbeddingsInto(
  db: Database,
  dimension: number,
  target: Float32Array,
  rowStarts: Int32Array,
): number[] {
  const chunks = readChunks(db);
  const symbolIds = rowHandles(chunks);
  if (rowStarts.length !== symbolIds.length) {
    throw new Error(`sqlite embeddings: ${symbolIds.length} stored rows, ${rowStarts.length} places`);
  }
  // One statement over the whole table (keys ascending: dimension by dimension, each dimension's chunks in order):
  // 128 × 12 point lookups on SymPy cost ~19 ms of statement steps; the scan gives the same blobs in one pass.
  const columns = chunks.map(() => new Array<Float32Array>(dimension));
  const chunkAt = new Map(chunks.map((c, i) => [c.chunk, i]));
  let seen = 0;
  for (const [key, bytes] of db.prepare('SELECT key, vals FROM embedding_columns').raw().all() as [number, Buffer][]) {
    const d = Math.floor(key / KEY_SPAN);
    const i = chunkAt.get(key - d * KEY_SPAN);
    if (i === undefined || d >= dimension || bytes.length !== chunks[i]!.rows * 4 || columns[i]![d] !== undefined) {
      throw new Error(`sqlite embeddings: column ${key} does not match the chunks' files`);
    }
    columns[i]![d] = floats(bytes);
    seen++;
  }
  if (seen !== chunks.length * dimension) {
    throw new Error(`sqlite embeddings: ${seen} columns for ${chunks.length} chunks of ${dimension} dimensions`);
  }
  let at = 0;
  chunks.forEach(({ rows }, i) => (at = interleave(target, rowStarts, at, columns[i]!, rows)));
  return symbolIds;
}

/** Rows interleaved at a time: one 64-byte line of each column, and the rows' places stay in the L1 cache. */
const TILE = 16;

/**
 * Write a chunk's columns row by row to the rows' places, a tile of {@link TILE} rows at a time: row by row across 128
 * columns reads 128 streams at once, more than the prefetcher follows (SymPy: 21 ms for the 23 MB). A small function,
 * so V8 optimizes the loop on its own.
 *
 * @param target - The matrix.
 * @param rowStarts - Offset of each stored row.
 * @param at - Stored row of the chunk's first row.
 * @param columns - The chunk's columns, one per dimension.
 * @param rows - The chunk's rows.
 * @returns The stored row after the chunk's last.
 */
function interleave(
  target: Float32Array,
  rowStarts: Int32Array,
  at: number,
  columns: readonly Float32Array[],
  rows: number,
): number {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let d = 0; d < columns.length; d++) {
      const column = columns[d]!;
      for (let r = r0; r < r1; r++) target[rowStarts[at + r]! + d] = column[r]!;
    }
  }
  return at + rows;
}

/**
 * The handles of the stored rows, in chunk order.
 *
 * @param db - Read connection.
 * @returns One handle per stored row.
 */
export function storedEmbeddingHandles(db: Database): number[] {
  return rowHandles(readChunks(db));
}

/**
 * The rows that can rank by similarity to `query` (`ReadSession.nearestEmbeddings`), reading only the columns of the
 * query's non-zero dimensions. Each dot product is summed as `scoreBlocks` sums it: per row, from 0, one
 * `double × double` product per used dimension added in ascending dimension order — here column by column, which
 * adds the same products to each row in the same order, so the bits agree. The cut keeps every positive row within
 * 2·10⁻⁶ of the `n`-th best positive dot product, as the contract asks.
 *
 * @param db - Read connection.
 * @param dimension - Vector length from the inventory.
 * @param query - L2-normalised query vector.
 * @param n - Ranks wanted.
 * @returns The candidate rows with their dot products, and the number of stored embeddings.
 */
export function nearestStoredEmbeddings(
  db: Database,
  dimension: number,
  query: Float32Array,
  n: number,
): NearestEmbeddings {
  const chunks = readChunks(db);
  let total = 0;
  for (const c of chunks) total += c.rows;
  checkEmbeddingDimension(total > 0 ? dimension : 0, query);
  const limit = Math.floor(n);
  const dims: number[] = [];
  for (let d = 0; d < query.length; d++) if (query[d] !== 0) dims.push(d);
  if (total === 0 || dims.length === 0 || !(limit > 0)) return { total, symbolIds: [], dots: new Float64Array(0) };
  const statement = db.prepare('SELECT key, vals FROM embedding_columns WHERE key >= ? AND key < ?').raw();
  let widest = 0;
  for (const c of chunks) widest = Math.max(widest, c.rows);
  // The sums in a WebAssembly loop where it runs (`core/dot-kernel.ts`: compiled before its first value, the same
  // bits), else in JavaScript.
  const kernel = dotKernel(total, widest);
  const dots = kernel === null ? new Float64Array(total) : kernel.dots;
  for (const d of dims) {
    const weight = query[d]!;
    let at = 0;
    for (const column of dimensionColumns(statement, chunks, d)) {
      if (kernel === null) {
        at = addProducts(dots, at, floats(column), weight);
      } else {
        kernel.add(at, column, weight);
        at += column.length / 4;
      }
    }
  }
  const bar = nthLargestPositive(dots, limit);
  const cut = bar === undefined ? 0 : bar - 2e-6;
  const symbolIds: number[] = [];
  const kept: number[] = [];
  let row = 0;
  for (const { files } of chunks) {
    for (const { first, count } of files) row = keepRows(dots, row, count, first, cut, symbolIds, kept);
  }
  return { total, symbolIds, dots: Float64Array.from(kept) };
}

/**
 * Keep a file's rows that pass the cut.
 *
 * @param dots - Dot products, one per row.
 * @param row - The file's first row.
 * @param count - Its rows.
 * @param first - Handle of its first symbol.
 * @param cut - Lowest dot product kept (rows must also be positive).
 * @param symbolIds - Handles kept, appended to.
 * @param kept - Their dot products, appended to.
 * @returns The row after the file's last.
 */
function keepRows(
  dots: Float64Array,
  row: number,
  count: number,
  first: number,
  cut: number,
  symbolIds: number[],
  kept: number[],
): number {
  for (let i = 0; i < count; i++, row++) {
    const dot = dots[row]!;
    if (dot > 0 && dot >= cut) {
      symbolIds.push(first + i);
      kept.push(dot);
    }
  }
  return row;
}

/**
 * Add one column's products to the rows' sums (a small function of its own: the one loop that runs a million
 * times on a large repository, so V8 optimizes it alone instead of the whole scoring function).
 *
 * @param dots - Running sums, one per row.
 * @param at - Row of the column's first value.
 * @param column - One dimension's values of a chunk.
 * @param weight - The query's value of that dimension.
 * @returns The row after the column's last.
 */
function addProducts(dots: Float64Array, at: number, column: Float32Array, weight: number): number {
  for (let r = 0; r < column.length; r++, at++) dots[at] = dots[at]! + column[r]! * weight;
  return at;
}
