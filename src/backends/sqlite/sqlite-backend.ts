/**
 * The SQLite backend (better-sqlite3): the default backend and the control DuckDB is measured against.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { BackendFactory, IndexSessionOptions, StoreLocation } from '../../core/contracts.js';
import { singleFileIdentity } from '../store-identity.js';
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
  // A `-journal` beside the file: an incremental transaction is running, or died and will be rolled back.
  storeIdentity: (location: StoreLocation) => singleFileIdentity(indexFile(location), ['-journal']),
  // The reader (and with it better-sqlite3's native library) loads on first open: a warm no-op that trusts the
  // stored-state snapshot never opens the index.
  openReader: async (location: StoreLocation) =>
    (await import('./sqlite-reader.js')).openSqliteReader(indexFile(location)),
  // The writer's modules load only when a run writes: a query process never needs them.
  beginIndexSession: async (options: IndexSessionOptions) =>
    new (await import('./sqlite-writer.js')).SqliteWriteSession(options),
});
