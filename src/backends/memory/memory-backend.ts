/**
 * The in-memory validation backend: reference semantics for the contract suite and the differential tests. State is a
 * JSON snapshot under `.codira/` so separate CLI invocations see the same index.
 *
 * @packageDocumentation
 */
import type { BackendFactory, IndexSessionOptions, StoreLocation } from '../../core/contracts.js';
import { singleFileIdentity } from '../store-identity.js';
import { MemoryReadSession } from './memory-reader.js';
import { loadSnapshot, snapshotPath } from './memory-schema.js';

/** Factory of the memory backend. */
export const memoryBackend: BackendFactory = Object.freeze({
  name: 'memory',
  version: 'json-1',
  capabilities: Object.freeze({ preferredBatchSize: 256 }),
  storeFiles: (location: StoreLocation) => [snapshotPath(location)],
  storeIdentity: (location: StoreLocation) => singleFileIdentity(snapshotPath(location)),
  openReader: async (location: StoreLocation) => new MemoryReadSession(loadSnapshot(location)),
  // The writer's modules (and the publish step's) load only when a run writes.
  beginIndexSession: async (options: IndexSessionOptions) =>
    new (await import('./memory-writer.js')).MemoryWriteSession(options),
});
