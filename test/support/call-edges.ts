/**
 * Call edges of an index as `path:line text -> target` lines, for the resolution contract tests: what a backend
 * answers and what the memory reference answers for the same tree.
 */
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { queryGraph } from '../../src/query/graph.js';
import { index } from './backends.js';
import type { FixtureRepo } from './fixture-repo.js';

/**
 * Every call edge of an index, resolved target or `-`.
 *
 * @param backend - The backend holding the index.
 * @param location - Where it is.
 * @returns One line per call edge, in the graph's order.
 */
export async function callEdges(backend: BackendFactory, location: StoreLocation): Promise<string[]> {
  const reader = await backend.openReader(location);
  try {
    const graph = await queryGraph(reader);
    return graph.edges
      .filter((e) => e.kind === 'call')
      .map((e) => `${e.path}:${e.line} ${e.text} -> ${e.target ?? '-'}`);
  } finally {
    await reader.close();
  }
}

/**
 * The call edges of a fresh full index of the fixture's current tree by the memory reference.
 *
 * @param memory - The memory backend.
 * @param repo - The fixture repository.
 * @returns Its call edges.
 */
export async function referenceCallEdges(memory: BackendFactory, repo: FixtureRepo): Promise<string[]> {
  const ref = { repoRoot: repo.root, stateDir: repo.stateDir(`reference-${Date.now()}`) };
  await index(memory, ref, true);
  return callEdges(memory, ref);
}
