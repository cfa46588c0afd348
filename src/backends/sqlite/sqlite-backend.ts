/**
 * The SQLite backend (better-sqlite3): the default backend and the control DuckDB is measured against.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { BackendFactory, IndexSessionOptions, StoreLocation } from '../../core/contracts.js';
import { openSqliteReader } from './sqlite-reader.js';
import { SQLITE_INDEX_FILE, SQLITE_SCHEMA_VERSION } from './sqlite-schema.js';

function indexFile(location: StoreLocation): string {
  return join(location.stateDir, SQLITE_INDEX_FILE);
}

/** Factory of the SQLite backend; the index is the single file `<stateDir>/index.sqlite`. */
export const sqliteBackend: BackendFactory = Object.freeze({
  name: 'sqlite',
  version: `sqlite-${SQLITE_SCHEMA_VERSION}`,
  capabilities: Object.freeze({ preferredBatchSize: 256 }),
  storeFiles: (location: StoreLocation) => [indexFile(location)],
  openReader: async (location: StoreLocation) => openSqliteReader(indexFile(location)),
  // The writer's modules load only when a run writes: a query process never needs them.
  beginIndexSession: async (options: IndexSessionOptions) =>
    new (await import('./sqlite-writer.js')).SqliteWriteSession(options),
});
