/**
 * Backend registry: the one place that maps a backend name to its factory. Factories load lazily, so a command pays
 * only for the engine it uses. Only the CLI imports this module.
 *
 * @packageDocumentation
 */
import type { BackendFactory } from '../core/contracts.js';
import { UsageError } from '../core/errors.js';

const LOADERS: Readonly<Record<string, () => Promise<BackendFactory>>> = Object.freeze({
  sqlite: async () => (await import('./sqlite/sqlite-backend.js')).sqliteBackend,
  duckdb: async () => (await import('./duckdb/duckdb-backend.js')).duckdbBackend,
  memory: async () => (await import('./memory/memory-backend.js')).memoryBackend,
});

/** Registered backend names; the first is the default. */
export const BACKEND_NAMES: readonly string[] = Object.freeze(Object.keys(LOADERS));

/** The default backend. */
export const DEFAULT_BACKEND = 'sqlite';

/**
 * Load a backend by name.
 *
 * @param name - Registry name.
 * @returns The backend's factory.
 */
export async function loadBackend(name: string): Promise<BackendFactory> {
  const load = LOADERS[name];
  if (!load) throw new UsageError(`unknown backend '${name}'; choose one of: ${BACKEND_NAMES.join(', ')}`);
  return load();
}
