/**
 * The backends the contract suite runs against. A new backend joins by adding its name to the registry; set
 * CODIRA_TEST_BACKENDS=memory,sqlite to run a subset.
 */
import { BACKEND_NAMES, loadBackend } from '../../src/backends/registry.js';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { runIndex, type IndexReport } from '../../src/core/indexer.js';

/** Backend names under test. */
export const TEST_BACKENDS: readonly string[] = (process.env['CODIRA_TEST_BACKENDS'] ?? BACKEND_NAMES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name.length > 0);

/** A backend factory wrapped to count write sessions (the spy of the warm-index scenario). */
export interface SpiedBackend {
  readonly backend: BackendFactory;
  readonly sessionsBegun: () => number;
}

/**
 * Wrap a backend so calls to `beginIndexSession` are counted.
 *
 * @param inner - The real factory.
 * @returns The spied factory.
 */
export function spyOnSessions(inner: BackendFactory): SpiedBackend {
  let count = 0;
  const backend: BackendFactory = {
    name: inner.name,
    version: inner.version,
    capabilities: inner.capabilities,
    storeFiles: (location) => inner.storeFiles(location),
    openReader: (location) => inner.openReader(location),
    beginIndexSession: (options) => {
      count++;
      return inner.beginIndexSession(options);
    },
  };
  return { backend, sessionsBegun: () => count };
}

/**
 * Index a repository with a backend.
 *
 * @param backend - Factory.
 * @param location - Where.
 * @param full - Force a full rebuild.
 * @param workers - Worker threads (default 0: deterministic and fast for tiny fixtures).
 * @returns The report.
 */
export function index(
  backend: BackendFactory,
  location: StoreLocation,
  full = false,
  workers = 0,
): Promise<IndexReport> {
  return runIndex({ backend, location, analyzers: ANALYZER_SET, full, workers });
}

export { loadBackend };
