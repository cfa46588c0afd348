/**
 * A minimal read-only DuckDB client on the raw `@duckdb/node-bindings` layer.
 *
 * The query path loads only the bindings (about half the load time of `@duckdb/node-api` on the measured machines)
 * and decodes result vectors directly: fixed-width columns as typed-array views, strings from DuckDB's 16-byte
 * `duckdb_string_t` slots (inline up to 12 bytes, otherwise through a pointer), validity as little-endian bits.
 *
 * @packageDocumentation
 */
import { isAscii } from 'node:buffer';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as DuckDbBindings from '@duckdb/node-bindings';
import type { Connection, DataChunk, Database, PreparedStatement, Result, Vector } from '@duckdb/node-bindings';

const load = createRequire(import.meta.url);

/**
 * The bindings' native module, through `require`: an ESM import of the CommonJS package first runs Node's export
 * lexer over it (~2.5 ms per query). `@duckdb/node-bindings` only picks its platform package; on Linux it asks
 * `detect-libc` whether the C library is musl, which builds Node's diagnostic report (~5 ms of CPU per process,
 * `docs/process/issue-12-execution.md`, session 17). Where exactly one of the two Linux packages is installed it is
 * the one the install chose, so it is loaded directly; otherwise the bindings package decides, as before.
 *
 * @returns The bindings.
 */
function loadBindings(): typeof DuckDbBindings {
  if (process.platform === 'linux') {
    const installed = ['', '-musl'].flatMap((libc) => {
      const file = installedFile(`@duckdb/node-bindings-linux-${process.arch}${libc}/duckdb.node`);
      return file === undefined ? [] : [file];
    });
    if (installed.length === 1) return load(installed[0]!) as typeof DuckDbBindings;
  }
  return load('@duckdb/node-bindings') as typeof DuckDbBindings;
}

/**
 * Where `require` would find a file of a package that has no `exports` map (the platform packages have none): the
 * first of the lookup folders holding it. The same answer as `require.resolve` without its failure path: resolving
 * the package that is not installed (every process asks for both C libraries' packages) threw an error with its
 * stack, and the two resolutions cost ~0.65 ms of CPU per process against ~0.25 for these `stat` calls
 * (docs/process/issue-12-execution.md, session 24).
 *
 * @param request - Package name and path inside it.
 * @returns The file (not resolved through symbolic links; `require` does that), or `undefined` when none is installed.
 */
export function installedFile(request: string): string | undefined {
  for (const folder of load.resolve.paths(request) ?? []) {
    const file = join(folder, request);
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

const duckdb = loadBindings();

/**
 * The loaded bindings, for the writer's appender path (`duckdb-bulk-load.ts`): importing the package there instead
 * loaded it a second way, through its own platform check (`detect-libc`), and, bundled, copied its ~300 exports into a
 * module namespace — ~3–5 ms of a one-file DuckDB run's main thread (issue 12 ledger, session 24, s24-duckonefile).
 */
export const bindings: typeof DuckDbBindings = duckdb;

const SLOT_BYTES = 16;
/**
 * Most prepared statements a connection keeps. Handles are inlined into the SQL text (`IN (3, 17, …)`), so a
 * long-lived server asked about ever new symbols would otherwise keep one prepared statement per distinct list, for
 * ever; the least recently used one is destroyed beyond this. Repeated questions (and every fixed statement) stay
 * prepared.
 */
export const MAX_PREPARED_STATEMENTS = 256;
const INLINE_LIMIT = 12;
const textDecoder = new TextDecoder();
/** A byte that is not ASCII, in a value read as Latin-1 (one character per byte): its UTF-8 is decoded instead. */
const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * Let queued callbacks (a request's reads) run before continuing: a long-lived session decodes its resident indexes
 * in the background, column by column, and yields between columns so requests wait for one column at most.
 *
 * @returns Resolves on a later turn of the event loop.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One open read-only database with one connection; queries run one at a time. */
export class NativeReadConnection {
  private readonly statements = new Map<string, PreparedStatement>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /**
   * @param database - The open database.
   * @param connection - This connection to it.
   * @param ownsDatabase - Closing this connection closes the database (the first connection; a sibling does not).
   */
  private constructor(
    private readonly database: Database,
    private readonly connection: Connection,
    private readonly ownsDatabase = true,
  ) {}

  /**
   * Open `path` read-only. Extensions and external file access are disabled: a query command needs neither (a caller
   * that must attach another file first passes `attachLater` and disables external access itself afterwards).
   *
   * @param path - Database file.
   * @param attachLater - Keep external access enabled so that the caller can `ATTACH` a file.
   * @returns The open connection.
   */
  static async openReadOnly(path: string, attachLater = false): Promise<NativeReadConnection> {
    const config = duckdb.create_config();
    duckdb.set_config(config, 'access_mode', 'READ_ONLY');
    duckdb.set_config(config, 'autoload_known_extensions', 'false');
    duckdb.set_config(config, 'autoinstall_known_extensions', 'false');
    if (!attachLater) duckdb.set_config(config, 'enable_external_access', 'false');
    // Queries are short and mostly point lookups: one thread avoids pool start-up and scheduling per query, and was
    // no slower on the measured full scans (lexical matching, embeddings) of a 100k-symbol index.
    duckdb.set_config(config, 'threads', '1');
    const database = await duckdb.open(path, config);
    try {
      return new NativeReadConnection(database, await duckdb.connect(database));
    } catch (error) {
      duckdb.close_sync(database);
      throw error;
    }
  }

  /**
   * A second connection to the same database, for work that must not queue behind (or hold up) this connection's
   * queries: DuckDB runs the two connections' queries on two threads. Temporary views are per connection, so the
   * caller passes the statements that recreate them. Close the sibling before this connection.
   *
   * @param setup - Statements run on the new connection first (`null`: none).
   * @returns The sibling.
   */
  async sibling(setup: string | null): Promise<NativeReadConnection> {
    if (this.closed) throw new Error('the DuckDB read session is closed');
    const sibling = new NativeReadConnection(this.database, await duckdb.connect(this.database), false);
    try {
      if (setup !== null) await sibling.run(setup);
    } catch (error) {
      sibling.close();
      throw error;
    }
    return sibling;
  }

  /** Ask the running query, if any, to stop (it then fails); queued queries still run. */
  interrupt(): void {
    if (!this.closed) duckdb.interrupt(this.connection);
  }

  /**
   * Run one SELECT with text parameters bound in order (`$1`, `$2`, …); the statement is prepared once per session.
   *
   * @param sql - The statement.
   * @param params - Text parameters.
   * @returns The materialized result.
   */
  select(sql: string, params: readonly string[] = []): Promise<ResultColumns> {
    return this.enqueue(sql, params, false);
  }

  /**
   * Run one SELECT without parameters that the session asks only once (the open's version check): one call into the
   * engine instead of a prepare and an execute, and no prepared statement kept. ~0.2 ms of CPU less than
   * {@link NativeReadConnection.select} for the first statement of a process (docs/process/issue-12-execution.md,
   * session 24).
   *
   * @param sql - The statement.
   * @returns The materialized result.
   */
  selectOnce(sql: string): Promise<ResultColumns> {
    const next = this.queue.then(async () => {
      if (this.closed) throw new Error('the DuckDB read session is closed');
      return materialized(await duckdb.query(this.connection, sql));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Like {@link NativeReadConnection.select} but executed as a streaming query whose chunks are fetched one by one:
   * DuckDB skips building a materialized copy of the whole result first (measured: 51 MB of vectors read in about
   * half the time).
   *
   * @param sql - The statement.
   * @param params - Text parameters.
   * @returns All fetched chunks.
   */
  selectStreaming(sql: string, params: readonly string[] = []): Promise<ResultColumns> {
    return this.enqueue(sql, params, true);
  }

  /**
   * Run statements that return nothing of interest (`ATTACH`, `CREATE TEMP VIEW`, `SET`), after queued queries.
   *
   * @param sql - One or more statements.
   */
  async run(sql: string): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.closed) throw new Error('the DuckDB read session is closed');
      await duckdb.query(this.connection, sql);
    });
    this.queue = next.catch(() => undefined);
    await next;
  }

  private enqueue(sql: string, params: readonly string[], streaming: boolean): Promise<ResultColumns> {
    const next = this.queue.then(() => this.execute(sql, params, streaming));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** @returns How many prepared statements the connection keeps. */
  get preparedStatements(): number {
    return this.statements.size;
  }

  /**
   * Stop using the connection without releasing it, for a process about to exit without running native finalizers
   * (`process.exit`): the exit releases the memory, the file handle and the read lock. Later calls fail as after
   * {@link NativeReadConnection.close}. If the process lives on after all, the handles' finalizers release them.
   */
  leaveToExit(): void {
    this.closed = true;
    this.statements.clear();
  }

  /** Release the connection, and the database unless this is a sibling; later calls fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const statement of this.statements.values()) duckdb.destroy_prepare_sync(statement);
    this.statements.clear();
    duckdb.disconnect_sync(this.connection);
    if (this.ownsDatabase) duckdb.close_sync(this.database);
  }

  private async execute(sql: string, params: readonly string[], streaming: boolean): Promise<ResultColumns> {
    if (this.closed) throw new Error('the DuckDB read session is closed');
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql); // re-inserted below: the map's order is least recently used first
    } else {
      statement = await duckdb.prepare(this.connection, sql);
      for (const [oldest, evicted] of this.statements) {
        if (this.statements.size < MAX_PREPARED_STATEMENTS) break;
        this.statements.delete(oldest);
        duckdb.destroy_prepare_sync(evicted);
      }
    }
    this.statements.set(sql, statement);
    for (let i = 0; i < params.length; i++) duckdb.bind_varchar(statement, i + 1, params[i]!);
    const chunks: DataChunk[] = [];
    const sizes: number[] = [];
    const add = (chunk: DataChunk): number => {
      const size = duckdb.data_chunk_get_size(chunk);
      if (size > 0) {
        chunks.push(chunk);
        sizes.push(size);
      }
      return size;
    };
    if (streaming) {
      const result = await duckdb.execute_prepared_streaming(statement);
      for (
        let chunk = await duckdb.fetch_chunk(result);
        chunk && add(chunk) > 0;
        chunk = await duckdb.fetch_chunk(result)
      );
      return new ResultColumns(result, chunks, sizes);
    }
    return materialized(await duckdb.execute_prepared(statement));
  }
}

/**
 * @param result - A materialized result.
 * @returns Its non-empty chunks, for decoding.
 */
function materialized(result: Result): ResultColumns {
  const chunks: DataChunk[] = [];
  const sizes: number[] = [];
  const count = duckdb.result_chunk_count(result);
  for (let i = 0; i < count; i++) {
    const chunk = duckdb.result_get_chunk(result, i);
    const size = duckdb.data_chunk_get_size(chunk);
    if (size > 0) {
      chunks.push(chunk);
      sizes.push(size);
    }
  }
  return new ResultColumns(result, chunks, sizes);
}

/**
 * The write session's connection: an in-memory DuckDB database (the index files are attached to it) on the raw
 * bindings. `@duckdb/node-api` cost an index run ~45 ms of CPU to load (its instance and data chunk classes pull ~160
 * modules) for the three things the writer needs: statements, small reads, and appenders.
 */
export class NativeWriteConnection {
  private closed = false;

  private constructor(
    private readonly database: Database,
    /** The raw connection (appenders are created on it). */
    readonly connection: Connection,
  ) {}

  /**
   * Open an in-memory database with these settings and connect to it.
   *
   * @param settings - DuckDB configuration options by name.
   * @returns The connection.
   */
  static async open(settings: Readonly<Record<string, string>>): Promise<NativeWriteConnection> {
    const config = duckdb.create_config();
    for (const [name, value] of Object.entries(settings)) duckdb.set_config(config, name, value);
    const database = await duckdb.open(':memory:', config);
    try {
      return new NativeWriteConnection(database, await duckdb.connect(database));
    } catch (error) {
      duckdb.close_sync(database);
      throw error;
    }
  }

  /**
   * Run one or more `;`-separated statements.
   *
   * @param sql - The statements.
   */
  async run(sql: string): Promise<void> {
    if (this.closed) throw new Error('the DuckDB write session is closed');
    await duckdb.query(this.connection, sql);
  }

  /**
   * Run one query and read its rows ({@link ResultColumns.rows}).
   *
   * @param sql - The query.
   * @returns Its rows.
   */
  async rows(sql: string): Promise<unknown[][]> {
    if (this.closed) throw new Error('the DuckDB write session is closed');
    const result = await duckdb.query(this.connection, sql);
    const chunks: DataChunk[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < duckdb.result_chunk_count(result); i++) {
      const chunk = duckdb.result_get_chunk(result, i);
      chunks.push(chunk);
      sizes.push(duckdb.data_chunk_get_size(chunk));
    }
    return new ResultColumns(result, chunks, sizes).rows();
  }

  /** Disconnect and close the database (an open transaction is rolled back); later calls fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    duckdb.disconnect_sync(this.connection);
    duckdb.close_sync(this.database);
  }

  /**
   * Stop using the connection without releasing it, for a process about to exit (`process.exit`, no native
   * finalizers): the exit releases the memory and file handles. Only once nothing is left to write (every file the
   * run wrote checkpointed and detached). Later calls fail as after {@link NativeWriteConnection.close}; if the process
   * lives on after all, the handles' finalizers release them.
   */
  leaveToExit(): void {
    this.closed = true;
  }
}

/** A materialized result, decoded column by column on request; each accessor checks the column's type first. */
export class ResultColumns {
  /** Number of rows. */
  readonly rowCount: number;

  /**
   * @param result - The result the chunks belong to (kept alive while they are read).
   * @param chunks - Result chunks.
   * @param sizes - Row count of each chunk.
   */
  constructor(
    readonly result: Result,
    private readonly chunks: readonly DataChunk[],
    private readonly sizes: readonly number[],
  ) {
    this.rowCount = sizes.reduce((sum, size) => sum + size, 0);
  }

  /**
   * An `INTEGER` column.
   *
   * @param column - Column index.
   * @returns Values, `null` for nulls.
   */
  ints(column: number): (number | null)[] {
    const out: (number | null)[] = new Array<number | null>(this.rowCount);
    this.each(column, [duckdb.Type.INTEGER], 4, (data, validity, size, at) => {
      const values = new Int32Array(data.buffer, data.byteOffset, size);
      for (let i = 0; i < size; i++) out[at + i] = isValid(validity, i) ? values[i]! : null;
    });
    return out;
  }

  /**
   * A non-null `INTEGER` column.
   *
   * @param column - Column index.
   * @returns Values.
   */
  requiredInts(column: number): number[] {
    const out = new Array<number>(this.rowCount);
    this.each(column, [duckdb.Type.INTEGER], 4, (data, validity, size, at) => {
      const values = new Int32Array(data.buffer, data.byteOffset, size);
      if (validity === null) for (let i = 0; i < size; i++) out[at + i] = values[i]!;
      else for (let i = 0; i < size; i++) out[at + i] = isValid(validity, i) ? values[i]! : 0;
    });
    return out;
  }

  /**
   * A `BIGINT` column holding safe integers.
   *
   * @param column - Column index.
   * @returns Values as numbers.
   */
  bigints(column: number): number[] {
    const out = new Array<number>(this.rowCount);
    this.each(column, [duckdb.Type.BIGINT], 8, (data, _validity, size, at) => {
      const values = new BigInt64Array(data.buffer, data.byteOffset, size);
      for (let i = 0; i < size; i++) out[at + i] = Number(values[i]!);
    });
    return out;
  }

  /**
   * A non-null `FLOAT` column written into a row-major matrix: result row `r`'s value goes to
   * `out[offset + r × stride]`, or to `out[offset + rowStarts[r]]` when the rows are placed elsewhere.
   *
   * @param column - Column index.
   * @param out - The matrix.
   * @param offset - The column's place in a row.
   * @param stride - Row length.
   * @param rowStarts - Optional start in `out` of each result row's matrix row.
   */
  floatsInto(column: number, out: Float32Array, offset: number, stride: number, rowStarts?: Int32Array): void {
    this.each(column, [duckdb.Type.FLOAT], 4, (data, _validity, size, at) => {
      const values = alignedFloat32(data, size);
      if (rowStarts) {
        for (let i = 0; i < size; i++) out[offset + rowStarts[at + i]!] = values[i]!;
      } else {
        for (let i = 0, to = offset + at * stride; i < size; i++, to += stride) out[to] = values[i]!;
      }
    });
  }

  /**
   * A non-null `DOUBLE` column.
   *
   * @param column - Column index.
   * @returns Values.
   */
  doubles(column: number): Float64Array {
    const out = new Float64Array(this.rowCount);
    this.each(column, [duckdb.Type.DOUBLE], 8, (data, _validity, size, at) => {
      const bytes = data.byteOffset % 8 === 0 ? data : data.slice(0, size * 8);
      out.set(new Float64Array(bytes.buffer, bytes.byteOffset, size), at);
    });
    return out;
  }

  /**
   * A `BOOLEAN` column.
   *
   * @param column - Column index.
   * @returns Values.
   */
  bools(column: number): boolean[] {
    const out = new Array<boolean>(this.rowCount);
    this.each(column, [duckdb.Type.BOOLEAN], 1, (data, _validity, size, at) => {
      for (let i = 0; i < size; i++) out[at + i] = data[i] !== 0;
    });
    return out;
  }

  /**
   * A one-byte column (`UTINYINT` or an `ENUM` of at most 256 members: its codes).
   *
   * @param column - Column index.
   * @returns Codes.
   */
  codes(column: number): Uint8Array {
    const out = new Uint8Array(this.rowCount);
    this.each(column, [duckdb.Type.UTINYINT, duckdb.Type.ENUM], 1, (data, _validity, size, at) =>
      out.set(data.subarray(0, size), at),
    );
    return out;
  }

  /**
   * A `VARCHAR` column.
   *
   * @param column - Column index.
   * @returns Values, `null` for nulls.
   */
  texts(column: number): (string | null)[] {
    return this.textsOr(column, null);
  }

  /**
   * A non-null `VARCHAR` column.
   *
   * @param column - Column index.
   * @returns Values.
   */
  requiredTexts(column: number): string[] {
    return this.textsOr(column, '');
  }

  /**
   * A `VARCHAR` column, nulls replaced. Short values (inline in their slots) are cut from one decoding of the
   * vector's slots: building each character by character allocated a string per character (issue 12, session 23).
   *
   * @param column - Column index.
   * @param absent - The value of a null.
   * @returns Values.
   */
  private textsOr<T extends string | null>(column: number, absent: T): (string | T)[] {
    const out = new Array<string | T>(this.rowCount).fill(absent);
    this.each(column, [duckdb.Type.VARCHAR], SLOT_BYTES, (data, validity, size, at) => {
      let slots: string | undefined;
      visitValues(data, validity, size, (row, bytes, start, length, text) => {
        if (text !== undefined) out[at + row] = text.substring(start, start + length);
        else if (bytes === data) {
          slots ??= latin1(data.subarray(0, size * SLOT_BYTES));
          const value = slots.substring(start, start + length);
          out[at + row] = NON_ASCII.test(value) ? decodeUtf8(bytes, start, length) : value;
        } else out[at + row] = decodeUtf8(bytes, start, length);
      });
    });
    return out;
  }

  /**
   * Visit a non-null `BLOB` column without collecting it.
   *
   * @param column - Column index.
   * @param visit - Called with each value's bytes (`bytes[start, start + length)`, valid only during the call) and
   *   its row index.
   */
  forEachBlob(column: number, visit: (row: number, bytes: Uint8Array, start: number, length: number) => void): void {
    this.each(column, [duckdb.Type.BLOB], SLOT_BYTES, (data, validity, size, at) => {
      visitValues(data, validity, size, (row, bytes, start, length) => visit(at + row, bytes, start, length), false);
    });
  }

  /**
   * Every row as an array of values, for the writer's small reads: `INTEGER`, `BIGINT` (as a number: handles, counts
   * and generations are safe integers), `BOOLEAN`, `VARCHAR` and one-byte `ENUM` (as text) columns; `null` for nulls.
   *
   * @returns Rows in result order.
   */
  rows(): unknown[][] {
    const columns: unknown[][] = [];
    for (let column = 0; column < duckdb.column_count(this.result); column++) {
      columns.push(this.values(column));
    }
    return Array.from({ length: this.rowCount }, (_, row) => columns.map((values) => values[row]));
  }

  private values(column: number): unknown[] {
    const type = duckdb.column_type(this.result, column);
    if (type === duckdb.Type.INTEGER) return this.ints(column);
    if (type === duckdb.Type.VARCHAR) return this.texts(column);
    if (type === duckdb.Type.ENUM) return this.enumTexts(column);
    const out = new Array<unknown>(this.rowCount).fill(null);
    if (type === duckdb.Type.BIGINT) {
      this.each(column, [type], 8, (data, validity, size, at) => {
        const values = new BigInt64Array(data.buffer, data.byteOffset, size);
        for (let i = 0; i < size; i++) if (isValid(validity, i)) out[at + i] = Number(values[i]!);
      });
    } else if (type === duckdb.Type.BOOLEAN) {
      this.each(column, [type], 1, (data, validity, size, at) => {
        for (let i = 0; i < size; i++) if (isValid(validity, i)) out[at + i] = data[i] !== 0;
      });
    } else {
      throw new TypeError(`result column ${column} has DuckDB type ${type}, which the writer does not read`);
    }
    return out;
  }

  /**
   * An `ENUM` column of at most 256 members (the symbol kind) as its members' names.
   *
   * @param column - Column index.
   * @returns Values, `null` for nulls.
   */
  private enumTexts(column: number): (string | null)[] {
    const logical = duckdb.column_logical_type(this.result, column);
    if (duckdb.enum_internal_type(logical) !== duckdb.Type.UTINYINT) {
      throw new TypeError(`result column ${column} is an ENUM wider than one byte`);
    }
    const names = Array.from({ length: duckdb.enum_dictionary_size(logical) }, (_, i) =>
      duckdb.enum_dictionary_value(logical, i),
    );
    const out = new Array<string | null>(this.rowCount).fill(null);
    this.each(column, [duckdb.Type.ENUM], 1, (data, validity, size, at) => {
      for (let i = 0; i < size; i++) if (isValid(validity, i)) out[at + i] = names[data[i]!]!;
    });
    return out;
  }

  private each(
    column: number,
    types: readonly number[],
    width: number,
    visit: (data: Uint8Array, validity: Uint8Array | null, size: number, at: number) => void,
  ): void {
    // Reading a vector as the wrong type would follow garbage pointers: refuse instead of crashing.
    const type = duckdb.column_type(this.result, column);
    if (!types.includes(type))
      throw new TypeError(`result column ${column} has DuckDB type ${type}, not ${types.join('/')}`);
    let at = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const size = this.sizes[c]!;
      const vector: Vector = duckdb.data_chunk_get_vector(this.chunks[c]!, column);
      const data = duckdb.vector_get_data(vector, size * width);
      const validity = duckdb.vector_get_validity(vector, Math.ceil(size / 64) * 8) as Uint8Array | null;
      visit(data, validity, size, at);
      at += size;
    }
  }
}

/**
 * A vector's data as float32 values (copied when off a 4-byte boundary).
 *
 * @param data - The vector's bytes.
 * @param size - Values in it.
 * @returns The values.
 */
function alignedFloat32(data: Uint8Array, size: number): Float32Array {
  const bytes = data.byteOffset % 4 === 0 ? data : data.slice(0, size * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, size);
}

function isValid(validity: Uint8Array | null, row: number): boolean {
  return validity === null || ((validity[row >> 3]! >> (row & 7)) & 1) === 1;
}

/**
 * Visit the valid values of a `VARCHAR` or `BLOB` vector as byte ranges.
 *
 * A value of at most 12 bytes is inline in its 16-byte slot; a longer one is behind the slot's pointer. A
 * materialized result stores the long values of a vector back to back, so a run of values whose pointers are exactly
 * adjacent is copied out with one native call instead of one per value; every byte of such a range belongs to one
 * of its values, so it never reads memory the values do not own. For text, a pure-ASCII run is also decoded once and
 * handed over as `text` (its character offsets equal the byte offsets).
 *
 * @param data - The vector's 16-byte slots.
 * @param validity - Its validity mask, `null` when all rows are valid.
 * @param size - Rows in the vector.
 * @param visit - Called per valid row with the bytes holding its value, and for text the decoded run if ASCII.
 * @param decodeRuns - Whether to decode ASCII runs as text (off for blobs).
 */
function visitValues(
  data: Uint8Array,
  validity: Uint8Array | null,
  size: number,
  visit: (row: number, bytes: Uint8Array, start: number, length: number, text?: string) => void,
  decodeRuns = true,
): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let runSlot = -1;
  let runStart = 0;
  let runEnd = 0;
  const members: number[] = [];
  const flush = (): void => {
    if (runSlot < 0) return;
    const bytes = duckdb.get_data_from_pointer(
      data.buffer as ArrayBuffer,
      data.byteOffset + runSlot + 8,
      runEnd - runStart,
    );
    const text = decodeRuns && isAscii(bytes) ? latin1(bytes) : undefined;
    for (let m = 0; m < members.length; m += 3) visit(members[m]!, bytes, members[m + 1]!, members[m + 2]!, text);
    members.length = 0;
    runSlot = -1;
  };
  for (let row = 0; row < size; row++) {
    if (!isValid(validity, row)) continue;
    const slot = row * SLOT_BYTES;
    const length = view.getUint32(slot, true);
    if (length <= INLINE_LIMIT) {
      visit(row, data, slot + 4, length);
      continue;
    }
    // x86-64 and arm64 user-space addresses stay far below 2^53, so the pointer is exact as a number.
    const pointer = view.getUint32(slot + 12, true) * 4294967296 + view.getUint32(slot + 8, true);
    if (runSlot < 0 || pointer !== runEnd) {
      flush();
      runSlot = slot;
      runStart = pointer;
      runEnd = pointer;
    }
    members.push(row, pointer - runStart, length);
    runEnd = pointer + length;
  }
  flush();
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * UTF-8 to string; short ASCII (most identifiers) skips the decoder call.
 *
 * @param bytes - Buffer holding the value.
 * @param start - Offset of the value.
 * @param length - Byte length of the value.
 * @returns The text.
 */
function decodeUtf8(bytes: Uint8Array, start: number, length: number): string {
  if (length <= 24) {
    let text = '';
    for (let i = start; i < start + length; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) return textDecoder.decode(bytes.subarray(start, start + length));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return textDecoder.decode(bytes.subarray(start, start + length));
}
