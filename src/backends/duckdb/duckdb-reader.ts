/**
 * Opening the DuckDB index for queries: a read-only open through the raw bindings and one cheap version check. No
 * migration, repair or write of any kind; a missing, unreadable or foreign file is an {@link IndexUnavailableError}.
 *
 * @packageDocumentation
 */
import { stat } from 'node:fs/promises';
import type { ReadSession, StoreLocation } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
import type { IndexMeta } from '../../core/model.js';
import { NativeReadConnection } from './duckdb-native.js';
import type { ResultColumns } from './duckdb-native.js';
import { DuckDbReadSession } from './duckdb-read-session.js';
import { DUCKDB_BACKEND_VERSION, indexFilePath } from './duckdb-schema.js';

/**
 * Open the active index read-only.
 *
 * @param location - Where the index lives.
 * @returns A read session.
 */
export async function openDuckDbReader(location: StoreLocation): Promise<ReadSession> {
  const path = indexFilePath(location.stateDir);
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexUnavailableError('missing', path);
    throw new IndexUnavailableError('corrupt', path, (error as Error).message);
  }
  let connection: NativeReadConnection;
  try {
    connection = await NativeReadConnection.openReadOnly(path);
  } catch (error) {
    throw new IndexUnavailableError('corrupt', path, firstLine(error));
  }
  try {
    const meta = await readMeta(connection, path);
    return new DuckDbReadSession(connection, meta);
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * The one cheap check of the read path: the stored contract and layout versions, and the inventory.
 *
 * @param connection - Open read-only connection.
 * @param path - Index file, for error messages.
 * @returns The stored inventory.
 */
async function readMeta(connection: NativeReadConnection, path: string): Promise<IndexMeta> {
  let result: ResultColumns;
  try {
    result = await connection.select('SELECT contract_version, layout, meta_json FROM meta');
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
    return JSON.parse(result.texts(2)[0] ?? '') as IndexMeta;
  } catch {
    throw new IndexUnavailableError('corrupt', path, 'unreadable inventory');
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
