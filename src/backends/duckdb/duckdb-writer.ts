/**
 * The DuckDB write session.
 *
 * Every run writes into a staged temporary file beside the active index and publishes it with one atomic `rename`
 * (`../publish.ts`), so a reader (which opens the active file read-only) sees the old or the new index and never
 * meets a write lock:
 *
 * - Full: a new file gets empty tables; one transaction receives every batch straight into the index tables and the
 *   derived tables; `commit` checkpoints, measures and renames.
 * - Incremental: a copy of the active file is attached; one transaction deletes the changed and deleted paths, receives
 *   the new batches, and applies the difference of the derived tables.
 *
 * Persisted batches go through typed Arrow batches and the appender ({@link ArrowTableLoader}); besides them a run
 * issues a fixed number of set-based statements, independent of the number of rows.
 *
 * @packageDocumentation
 */
import { copyFile, stat } from 'node:fs/promises';
// Deep import: the package index loads every value class (~0.1–0.25 s more per index run); the package has no
// `exports` map, and the tests spy on the same class objects through the index.
import { DuckDBInstance } from '@duckdb/node-api/lib/DuckDBInstance.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import type { CommitInfo, IndexSessionOptions, WriteSession } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
import type { AnalyzedFile, FailedFile } from '../../core/model.js';
import { StagedFile } from '../publish.js';
import { sqlString } from '../sql-text.js';
import { IdAllocator, buildAnalyzedBatches, buildFailureBatch, buildPathBatch } from './duckdb-arrow-batches.js';
import { ArrowTableLoader } from './duckdb-bulk-load.js';
import { INDEX_CATALOG, fullDerivedSql, incrementalDerivedSql, removeRunPathsSql } from './duckdb-derived.js';
import {
  DUCKDB_BACKEND_VERSION,
  INDEX_BLOCK_SIZE,
  indexFilePath,
  indexTablesDdl,
  runPathsDdl,
} from './duckdb-schema.js';
import type { LoadedTable } from './duckdb-schema.js';

type Phase = 'new' | 'prepared' | 'derived' | 'committed' | 'ended';

/**
 * Start a write session (nothing is touched until `prepare`).
 *
 * @param options - Session options from core.
 * @returns The session.
 */
export function createDuckDbWriteSession(options: IndexSessionOptions): WriteSession {
  return new DuckDbWriteSession(options);
}

class DuckDbWriteSession implements WriteSession {
  private readonly activePath: string;
  private readonly staged: StagedFile;
  private readonly dimension: number;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;
  private ids: IdAllocator | undefined;
  private readonly loaders = new Map<LoadedTable, ArrowTableLoader>();
  private readonly edgeRows = { calls: 0, refs: 0 };
  private phase: Phase = 'new';

  constructor(private readonly options: IndexSessionOptions) {
    this.activePath = indexFilePath(options.location.stateDir);
    this.staged = new StagedFile(this.activePath);
    this.dimension = options.meta.embedder.dimension;
  }

  async prepare(): Promise<void> {
    this.expect('new', 'prepare');
    await this.staged.prepare();
    const incremental = this.options.mode === 'incremental';
    if (incremental) {
      try {
        await copyFile(this.activePath, this.staged.tempPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new IndexUnavailableError('missing', this.activePath);
        throw error;
      }
    }
    // Extensions are never needed; refusing autoload keeps a run offline and deterministic.
    this.instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    this.connection = await this.instance.connect();
    const file = sqlString(this.staged.tempPath);
    if (incremental) {
      await this.run(`ATTACH ${file} AS ${INDEX_CATALOG}`);
      await this.checkStoredVersion();
      this.ids = new IdAllocator(await this.nextId('files'), await this.nextId('symbols'));
      const { changed, deleted } = this.options.paths;
      await this.run(runPathsDdl());
      const paths = await ArrowTableLoader.open(this.connection, 'run_paths');
      paths.append(buildPathBatch([...changed, ...deleted]));
      paths.close();
      await this.run(['BEGIN TRANSACTION', ...removeRunPathsSql()].join(';\n'));
    } else {
      await this.run(`ATTACH ${file} AS ${INDEX_CATALOG} (BLOCK_SIZE ${INDEX_BLOCK_SIZE})`);
      await this.run([...indexTablesDdl(INDEX_CATALOG), 'BEGIN TRANSACTION'].join(';\n'));
      this.ids = new IdAllocator(1, 1);
    }
    this.phase = 'prepared';
  }

  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    this.expect('prepared', 'persist');
    if (batch.length === 0) return;
    const batches = buildAnalyzedBatches(batch, this.ids!, this.dimension);
    this.edgeRows.calls += batches.calls.numRows;
    this.edgeRows.refs += batches.refs.numRows;
    await this.load('files', batches.files);
    await this.load('symbols', batches.symbols);
    await this.load('calls', batches.calls);
    await this.load('refs', batches.refs);
    await this.load('findings', batches.findings);
  }

  async recordFailures(failures: readonly FailedFile[]): Promise<void> {
    this.expect('prepared', 'recordFailures');
    if (failures.length > 0) await this.load('failures', buildFailureBatch(failures));
  }

  async rebuildDerived(): Promise<void> {
    this.expect('prepared', 'rebuildDerived');
    for (const loader of this.loaders.values()) loader.close();
    this.loaders.clear();
    const derived = this.options.mode === 'full' ? fullDerivedSql(this.edgeRows) : incrementalDerivedSql();
    await this.run(derived.join(';\n'));
    this.phase = 'derived';
  }

  async commit(): Promise<CommitInfo> {
    if (this.phase === 'prepared') await this.rebuildDerived();
    this.expect('derived', 'commit');
    await this.connection!.run(
      `DELETE FROM ${INDEX_CATALOG}.meta; INSERT INTO ${INDEX_CATALOG}.meta VALUES ($contract, $layout, $meta)`,
      { contract: CONTRACT_VERSION, layout: DUCKDB_BACKEND_VERSION, meta: JSON.stringify(this.options.meta) },
    );
    await this.run(`COMMIT; CHECKPOINT ${INDEX_CATALOG}; DETACH ${INDEX_CATALOG}`);
    this.release();
    const { size } = await stat(this.staged.tempPath);
    await this.staged.publish();
    this.phase = 'committed';
    return { sizeBytes: size };
  }

  async abort(): Promise<void> {
    if (this.phase === 'committed' || this.phase === 'ended') return;
    this.release();
    await this.staged.discard();
    this.phase = 'ended';
  }

  async close(): Promise<void> {
    await this.abort();
  }

  private async load(table: LoadedTable, batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    let loader = this.loaders.get(table);
    if (!loader) {
      loader = await ArrowTableLoader.open(this.connection!, table, INDEX_CATALOG);
      this.loaders.set(table, loader);
    }
    loader.append(batch);
  }

  private async checkStoredVersion(): Promise<void> {
    const reader = await this.connection!.runAndReadAll(`SELECT contract_version, layout FROM ${INDEX_CATALOG}.meta`);
    const [row] = reader.getRows();
    if (!row || row[0] !== CONTRACT_VERSION || row[1] !== DUCKDB_BACKEND_VERSION) {
      throw new IndexUnavailableError('version', this.activePath);
    }
  }

  /**
   * Bounded range allocation: new handles start above the stored maximum (one query per table).
   *
   * @param table - Table whose handles are allocated.
   * @returns The first free handle.
   */
  private async nextId(table: 'files' | 'symbols'): Promise<number> {
    const reader = await this.connection!.runAndReadAll(`SELECT coalesce(max(id), 0) FROM ${INDEX_CATALOG}.${table}`);
    return Number(reader.getRows()[0]![0]) + 1;
  }

  private async run(sql: string): Promise<void> {
    await this.connection!.run(sql);
  }

  /** Close the appenders, the connection and the database; an uncommitted transaction is rolled back. */
  private release(): void {
    for (const loader of this.loaders.values()) {
      try {
        loader.close();
      } catch {
        // The run is being discarded; a failed flush changes nothing.
      }
    }
    this.loaders.clear();
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }

  private expect(phase: Phase, method: string): void {
    if (this.phase !== phase) throw new Error(`WriteSession.${method} called in phase ${this.phase}`);
  }
}
