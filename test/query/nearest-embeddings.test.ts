/**
 * The embedding signal scored by the store (`ReadSession.nearestEmbeddings`, DuckDB) must give what JavaScript gives
 * over every vector (`embeddingsAnyOrder` + `scoreBlocks`): each dot product bit for bit, and, after rounding, every
 * row that can take one of the first `n` ranks. On every backend, the candidates of `rankEmbeddings` equal the memory
 * reference's, after a full index and after an incremental run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { embedQuery } from '../../src/core/embeddings.js';
import { rankEmbeddings, roundScore, rowsWithTies } from '../../src/query/emb.js';
import { index, loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';

const QUERIES = ['parse http headers', 'apply a discount to the prices', 'format price', 'x', 'render the cart total'];
const WINDOWS = [1, 2, 3, 5, 8, 50, 10_000];

/**
 * Every dot product as JavaScript sums it (`scoreBlocks` without the rounding), by handle.
 *
 * @param reader - Open session.
 * @param query - Query vector.
 * @returns Dot product per handle.
 */
async function dotsInJavaScript(reader: ReadSession, query: Float32Array): Promise<Map<number, number>> {
  const { dimension, symbolIds, blocks } = await reader.embeddingsAnyOrder();
  const out = new Map<number, number>();
  let row = 0;
  for (const vectors of blocks) {
    for (let base = 0; base < vectors.length; base += dimension, row++) {
      let dot = 0;
      for (let d = 0; d < dimension; d++) if (query[d] !== 0) dot += vectors[base + d]! * query[d]!;
      out.set(symbolIds[row]!, dot);
    }
  }
  return out;
}

/**
 * The candidates of every query and window through `rankEmbeddings`, as symbols with scores, sorted.
 *
 * @param backend - Backend of the index.
 * @param location - Where it is.
 * @returns One entry per case.
 */
async function candidatesAt(backend: BackendFactory, location: StoreLocation): Promise<unknown[]> {
  const reader = await backend.openReader(location);
  try {
    const out: unknown[] = [];
    for (const text of QUERIES) {
      for (const n of WINDOWS) {
        const ranking = await rankEmbeddings(reader, embedQuery(text), n);
        const candidates = await ranking.candidates(n);
        // Handles differ between indexes (an incremental run allocates its own): compare the symbols.
        const rows = new Map((await reader.symbolsById(candidates.map((c) => c.id))).map((r) => [r.id, r]));
        const named = candidates.map(({ id, score }) => {
          const row = rows.get(id)!;
          return [`${row.path}:${row.startLine}:${row.qualifiedName}`, score] as const;
        });
        out.push([text, n, ranking.total, named.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))]);
      }
    }
    return out;
  } finally {
    await reader.close();
  }
}

describe.each(TEST_BACKENDS)('embedding signal scored by the store (%s)', (name) => {
  let repo: FixtureRepo;
  let backend: BackendFactory;
  let reference: BackendFactory;
  beforeAll(async () => {
    repo = createFixtureRepo(FIXTURE_FILES);
    backend = await loadBackend(name);
    reference = await loadBackend('memory');
  });
  afterAll(() => repo?.dispose());

  it('gives the bits JavaScript sums and every row that can rank', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    await index(backend, location);
    const reader = await backend.openReader(location);
    try {
      if (!reader.nearestEmbeddings) return; // scored in JavaScript: the ranking case below covers it
      for (const text of QUERIES) {
        const query = embedQuery(text);
        const all = await dotsInJavaScript(reader, query);
        const ids = [...all.keys()];
        const allScores = Float64Array.from(ids, (id) => roundScore(all.get(id)!));
        for (const n of WINDOWS) {
          const got = await reader.nearestEmbeddings(query, n);
          expect(got.total).toBe(all.size);
          got.symbolIds.forEach((id, i) => expect(Object.is(got.dots[i], all.get(id))).toBe(true));
          const expected = rowsWithTies(allScores, n).map(({ row }) => ids[row]!);
          const scores = got.dots.map(roundScore);
          const fromStore = rowsWithTies(scores, n).map(({ row }) => got.symbolIds[row]!);
          expect(fromStore.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        }
      }
    } finally {
      await reader.close();
    }
  });

  it('ranks what the memory reference ranks, after a full index and after an incremental run', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-ranking`) };
    const referenceLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-reference`) };
    const check = async (): Promise<void> => {
      await index(reference, referenceLocation, true);
      const expected = await candidatesAt(reference, referenceLocation);
      expect(await candidatesAt(backend, location)).toEqual(expected);
      // Not vacuous: most cases find something.
      expect(expected.filter((c) => ((c as unknown[])[3] as []).length > 0).length).toBeGreaterThan(WINDOWS.length * 3);
    };
    await index(backend, location);
    await check();
    repo.write(
      'shop/extra.py',
      'def header_discount(x):\n    """Discount by http header; parse it."""\n    return x\n',
    );
    expect((await index(backend, location)).mode).toBe('incremental');
    await check();
  });
});
