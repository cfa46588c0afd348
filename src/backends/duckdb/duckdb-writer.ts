/**
 * The DuckDB write session.
 *
 * Every run writes into a temporary file beside the active index and publishes it with one atomic `rename`, so a
 * reader (which opens the active file read-only) sees the old or the new index and never waits on a write lock:
 *
 * - Full: a new file (16 KiB blocks) gets empty tables; batches are staged in memory; `rebuildDerived` resolves and
 *   inserts everything set-based in handle order; `commit` checkpoints, measures and renames.
 * - Incremental: the active file is copied and attached; batches are staged in memory; `rebuildDerived` deletes the
 *   changed and deleted paths, moves the staged rows in and updates changed derived values in one transaction.
 *
 * Persisted batches go through typed Arrow batches and the appender ({@link ArrowTableLoader}); the only SQL a run
 * issues is a fixed number of set-based statements, independent of the number of rows.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CommitInfo, IndexSessionOptions, WriteSession } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
import type { AnalyzedFile, FailedFile } from '../../core/model.js';
import { IdAllocator, buildAnalyzedBatches, buildFailureBatch, buildPathBatch } from './duckdb-arrow-batches.js';
import { ArrowTableLoader } from './duckdb-bulk-load.js';
import { INDEX_CATALOG, fullMoveSql, incrementalSwapSql } from './duckdb-derive-sql.js';
import {
  DUCKDB_BACKEND_VERSION,
  INDEX_BLOCK_SIZE,
  indexFilePath,
  stagingName,
  stagingTablesDdl,
  storedTablesDdl,
} from './duckdb-schema.js';
import type { StagedTable } from './duckdb-schema.js';

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
  private readonly tempPath: string;
  private readonly dimension: number;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;
  private ids: IdAllocator | undefined;
  private readonly loaders = new Map<StagedTable, ArrowTableLoader>();
  private phase: Phase = 'new';

  constructor(private readonly options: IndexSessionOptions) {
    this.activePath = indexFilePath(options.location.stateDir);
    this.tempPath = `${this.activePath}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    this.dimension = options.meta.embedder.dimension;
  }

  async prepare(): Promise<void> {
    this.expect('new', 'prepare');
    await mkdir(this.options.location.stateDir, { recursive: true });
    const incremental = this.options.mode === 'incremental';
    if (incremental) {
      try {
        await copyFile(this.activePath, this.tempPath);
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
    const file = sqlString(this.tempPath);
    const ddl = stagingTablesDdl(this.dimension);
    if (incremental) {
      await this.run(`ATTACH ${file} AS ${INDEX_CATALOG}`);
      await this.checkStoredVersion();
      this.ids = new IdAllocator(await this.nextId('files'), await this.nextId('symbols'));
    } else {
      await this.run(`ATTACH ${file} AS ${INDEX_CATALOG} (BLOCK_SIZE ${INDEX_BLOCK_SIZE})`);
      ddl.unshift(...storedTablesDdl(INDEX_CATALOG, this.dimension));
      this.ids = new IdAllocator(1, 1);
    }
    await this.run(ddl.join(';\n'));
    this.phase = 'prepared';
    if (incremental) {
      const { changed, deleted } = this.options.paths;
      await this.load('run_paths', buildPathBatch([...changed, ...deleted]));
    }
  }

  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    this.expect('prepared', 'persist');
    if (batch.length === 0) return;
    const batches = buildAnalyzedBatches(batch, this.ids!, this.dimension);
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
    if (this.options.mode === 'full') {
      await this.run(fullMoveSql(this.dimension).join(';\n'));
    } else {
      await this.run(['BEGIN TRANSACTION', ...incrementalSwapSql(this.dimension), 'COMMIT'].join(';\n'));
    }
    this.phase = 'derived';
  }

  async commit(): Promise<CommitInfo> {
    if (this.phase === 'prepared') await this.rebuildDerived();
    this.expect('derived', 'commit');
    const { meta } = this.options;
    await this.connection!.run(
      `DELETE FROM ${INDEX_CATALOG}.meta; INSERT INTO ${INDEX_CATALOG}.meta VALUES ($contract, $layout, $meta)`,
      { contract: CONTRACT_VERSION, layout: DUCKDB_BACKEND_VERSION, meta: JSON.stringify(meta) },
    );
    await this.run(`CHECKPOINT ${INDEX_CATALOG}; DETACH ${INDEX_CATALOG}`);
    this.release();
    const { size } = await stat(this.tempPath);
    await rename(this.tempPath, this.activePath);
    this.phase = 'committed';
    return { sizeBytes: size };
  }

  async abort(): Promise<void> {
    if (this.phase === 'committed' || this.phase === 'ended') return;
    this.release();
    await removeDatabaseFiles(this.tempPath);
    this.phase = 'ended';
  }

  async close(): Promise<void> {
    await this.abort();
  }

  private async load(table: StagedTable, batch: Parameters<ArrowTableLoader['append']>[0]): Promise<void> {
    if (batch.numRows === 0) return;
    let loader = this.loaders.get(table);
    if (!loader) {
      loader = await ArrowTableLoader.open(this.connection!, stagingName(table));
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

  /** Bounded range allocation: new handles start above the stored maximum (one query per table). */
  private async nextId(table: 'files' | 'symbols'): Promise<number> {
    const reader = await this.connection!.runAndReadAll(`SELECT coalesce(max(id), 0) FROM ${INDEX_CATALOG}.${table}`);
    return Number(reader.getRows()[0]![0]) + 1;
  }

  private async run(sql: string): Promise<void> {
    await this.connection!.run(sql);
  }

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

async function removeDatabaseFiles(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
