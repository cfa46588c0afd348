/**
 * The DuckDB backend factory (`duckdb`): index file `<stateDir>/index.duckdb`.
 *
 * This module loads nothing heavy: the read session (raw bindings only) and the write session (`@duckdb/node-api` and
 * `apache-arrow`) are imported on first use (see {@link DeferredDuckDbSession}), so registering the backend or listing
 * its files costs no module load and a query command never loads the writer.
 *
 * @packageDocumentation
 */
import type {
  BackendFactory,
  IndexSessionOptions,
  ReadSession,
  StoreLocation,
  WriteSession,
} from '../../core/contracts.js';
import { DeferredDuckDbSession } from './duckdb-deferred-session.js';
import { fileIdentity } from '../store-identity.js';
import { DUCKDB_BACKEND_VERSION, indexFilePath, overlayFilePath, pairIdentity } from './duckdb-schema.js';

/** The DuckDB storage backend. */
export const duckdbBackend: BackendFactory = Object.freeze({
  name: 'duckdb',
  version: DUCKDB_BACKEND_VERSION,
  capabilities: Object.freeze({ preferredBatchSize: 256 }),
  storeFiles(location: StoreLocation): readonly string[] {
    return [indexFilePath(location.stateDir), overlayFilePath(location.stateDir)];
  },
  storeIdentity(location: StoreLocation): string | null {
    // Base and overlay are each replaced by rename only, never changed in place.
    return pairIdentity(
      fileIdentity(indexFilePath(location.stateDir)),
      fileIdentity(overlayFilePath(location.stateDir)),
    );
  },
  async openReader(location: StoreLocation): Promise<ReadSession> {
    const { openDuckDbReader } = await import('./duckdb-reader.js');
    return openDuckDbReader(location);
  },
  async beginIndexSession(options: IndexSessionOptions): Promise<WriteSession> {
    return new DeferredDuckDbSession(options);
  },
});
