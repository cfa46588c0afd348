/**
 * Opening the DuckDB index for queries: a read-only open through the raw bindings and one cheap version check. No
 * migration, repair or write of any kind; a missing, unreadable or foreign file is an {@link IndexUnavailableError}.
 *
 * When an overlay (`duckdb-overlay.ts`) of the base's generation sits beside the base, it is attached read-only and
 * temporary views named like the base tables present the pair as one index. The base is identified by its inode
 * before the open and after the overlay was read: if a full run or a compaction replaced it in between, the pair
 * could mix two states, so the open is retried.
 *
 * @packageDocumentation
 */
// `node:fs`, not `node:fs/promises`: the read bundle runs every read command, and loading `fs/promises` (with the
// streams, readline and watcher modules it pulls in) cost every one of them ~2 ms of CPU for two `stat` calls.
import { statSync, type Stats } from 'node:fs';
import type { StoreLocation } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
import type { IndexMeta } from '../../core/model.js';
import { sqlString } from '../sql-text.js';
import { NativeReadConnection } from './duckdb-native.js';
import type { ResultColumns } from './duckdb-native.js';
import { fileExists, overlayViewsSql } from './duckdb-overlay.js';
import { DUCKDB_BACKEND_VERSION, indexFilePath, overlayFilePath } from './duckdb-schema.js';

/** Opens retried when the base is replaced while the pair is opened; each retry means another run just published. */
const OPEN_ATTEMPTS = 5;

/** Catalog name of the attached overlay. */
const OVERLAY = 'overlay';

/** An open active index: the connection (base tables, or views over base and overlay) and its inventory. */
export interface ActiveIndex {
  readonly connection: NativeReadConnection;
  readonly meta: IndexMeta;
  /** Statements that give another connection to the same database the same tables (the overlay's views), if any. */
  readonly views: string | null;
}

/**
 * Open the active index read-only.
 *
 * @param location - Where the index lives.
 * @returns The connection and the inventory.
 */
export async function openActiveIndex(location: StoreLocation): Promise<ActiveIndex> {
  const path = indexFilePath(location.stateDir);
  for (let attempt = 1; ; attempt++) {
    const before = await statBase(path);
    const overlay = overlayFilePath(location.stateDir);
    const hasOverlay = await fileExists(overlay);
    let connection: NativeReadConnection;
    try {
      connection = await NativeReadConnection.openReadOnly(path, hasOverlay);
    } catch (error) {
      throw new IndexUnavailableError('corrupt', path, firstLine(error));
    }
    try {
      const base = await readMeta(connection, path, 'meta');
      const attached = hasOverlay ? await attachOverlay(connection, overlay, base) : undefined;
      if (sameFile(before, await statBase(path)))
        return { connection, meta: (attached?.stored ?? base).meta, views: attached?.views ?? null };
    } catch (error) {
      connection.close();
      // The overlay vanished or was replaced mid-open: another run published; try again.
      if (!(error instanceof IndexUnavailableError) && attempt < OPEN_ATTEMPTS) continue;
      throw error;
    }
    connection.close();
    if (attempt === OPEN_ATTEMPTS)
      throw new IndexUnavailableError('corrupt', path, 'replaced repeatedly while opening');
  }
}

/** What the version check of a base or overlay reads. */
interface StoredMeta {
  readonly meta: IndexMeta;
  /** The base's own generation, or the generation of the base an overlay applies to. */
  readonly generation: number;
}

/**
 * Attach the overlay and shadow the base tables with views over both, if the overlay belongs to this base.
 *
 * @param connection - Connection to the base, opened with external access.
 * @param overlay - Overlay file.
 * @param base - The base's stored meta.
 * @returns The overlay's meta (the latest run's inventory) and the statements creating the views, or `undefined` when
 *   the overlay is stale and was ignored.
 */
async function attachOverlay(
  connection: NativeReadConnection,
  overlay: string,
  base: StoredMeta,
): Promise<{ stored: StoredMeta; views: string } | undefined> {
  await connection.run(`ATTACH ${sqlString(overlay)} AS ${OVERLAY} (READ_ONLY)`);
  const stored = await readMeta(connection, overlay, `${OVERLAY}.meta`);
  let views: string | undefined;
  if (stored.generation === base.generation) {
    const catalog = (await connection.select('SELECT current_database()')).texts(0)[0]!;
    views = overlayViewsSql(`"${catalog}"`, OVERLAY, 'CREATE TEMP VIEW ').join(';\n');
    await connection.run(views);
  } else {
    await connection.run(`DETACH ${OVERLAY}`);
  }
  await connection.run('SET enable_external_access = false');
  return views === undefined ? undefined : { stored, views };
}

/**
 * The one cheap check of the read path: the stored contract and layout versions, the inventory and the generation.
 *
 * @param connection - Open read-only connection.
 * @param path - Index file, for error messages.
 * @param table - The meta table to read (the base's or the attached overlay's).
 * @returns The stored inventory and generation.
 */
async function readMeta(connection: NativeReadConnection, path: string, table: string): Promise<StoredMeta> {
  let result: ResultColumns;
  try {
    result = await connection.selectOnce(
      `SELECT contract_version, layout, meta_json, ${
        table === 'meta' ? 'generation' : 'base_generation'
      } FROM ${table}`,
    );
  } catch (error) {
    throw new IndexUnavailableError('corrupt', path, firstLine(error));
  }
  if (result.rowCount !== 1) throw new IndexUnavailableError('corrupt', path, 'no inventory row');
  const contract = result.ints(0)[0];
  const layout = result.texts(1)[0];
  if (contract !== CONTRACT_VERSION || layout !== DUCKDB_BACKEND_VERSION) {
    throw new IndexUnavailableError('version', path, `stored ${contract} / ${layout}`);
  }
  try {
    return { meta: JSON.parse(result.texts(2)[0] ?? '') as IndexMeta, generation: result.bigints(3)[0]! };
  } catch {
    throw new IndexUnavailableError('corrupt', path, 'unreadable inventory');
  }
}

/**
 * Identity of the base file.
 *
 * @param path - The base.
 * @returns Its stats.
 */
async function statBase(path: string): Promise<Stats> {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexUnavailableError('missing', path);
    throw new IndexUnavailableError('corrupt', path, (error as Error).message);
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
