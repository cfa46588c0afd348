/**
 * `ReadSession.symbolOutlinesById` and `symbolCardsById` (optional; DuckDB has both): for any handles, the outlines and
 * the cards are exactly the fields of the rows `symbolsById` returns, in the same order — after a full index and after an incremental run, for a long
 * list (read with `IN`), a short one (`list_contains`), one handle, unknown handles and none. `ctx` reads its
 * candidates through it, so its answers must stay those of the memory reference (`ctx.test.ts`); here the method
 * itself is held to the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import type { SymbolCard, SymbolOutline, SymbolRow } from '../../src/core/model.js';
import { buildContext } from '../../src/query/ctx.js';
import { index, loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';

/**
 * @param row - A full row.
 * @returns Its outline fields.
 */
function outlineOf(row: SymbolRow): SymbolOutline {
  const { id, path, qualifiedName, kind, startLine, endLine } = row;
  return { id, path, qualifiedName, kind, startLine, endLine };
}

/**
 * @param row - A full row.
 * @returns Its card fields.
 */
function cardOf(row: SymbolRow): SymbolCard {
  return { ...outlineOf(row), signature: row.signature, docstring: row.docstring };
}

/**
 * Handle lists worth asking for: every handle, a long list in reverse, a short one with repeats, one, unknown ones.
 *
 * @param reader - Open session.
 * @returns The lists.
 */
async function handleLists(reader: ReadSession): Promise<number[][]> {
  const all = [...(await reader.embeddingsAnyOrder()).symbolIds];
  const odd = all.filter((_, i) => i % 2 === 1).reverse();
  return [all, [...all].reverse(), odd, [all[3]!, all[1]!, all[3]!, 999_999], [all[0]!], [0, -1, 2_147_483_647], []];
}

/** Questions whose packs print symbols with signatures and summaries. */
const QUESTIONS = ['parse http headers', 'apply a discount to the prices', 'format price', 'helper 7', 'x'];

/**
 * @param backend - Backend of the index.
 * @param location - Where it is.
 * @returns The context pack of every question (limit 10), as JSON text.
 */
async function packs(backend: BackendFactory, location: StoreLocation): Promise<string[]> {
  const reader = await backend.openReader(location);
  try {
    const out: string[] = [];
    for (const question of QUESTIONS) out.push(JSON.stringify(await buildContext(reader, question, 10)));
    return out;
  } finally {
    await reader.close();
  }
}

describe.each(TEST_BACKENDS)('symbol outlines by handle (%s)', (name) => {
  let repo: FixtureRepo;
  let backend: BackendFactory;
  let reference: BackendFactory;
  beforeAll(async () => {
    repo = createFixtureRepo(FIXTURE_FILES);
    backend = await loadBackend(name);
    reference = await loadBackend('memory');
  });
  afterAll(() => repo?.dispose());

  it('are the fields of symbolsById, in its order, after a full index and an incremental run', async () => {
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    // More symbols than one short list holds.
    repo.write(
      'shop/many.py',
      Array.from({ length: 80 }, (_, i) => `def helper_${i}(x):\n    """Helper ${i}."""\n    return x\n`).join('\n'),
    );
    const check = async (): Promise<void> => {
      const reader = await backend.openReader(location);
      try {
        // The column store offers outlines; a store without them leaves ctx on symbolsById.
        if (name === 'duckdb') expect(reader.symbolOutlinesById).toBeTypeOf('function');
        if (name === 'duckdb') expect(reader.symbolCardsById).toBeTypeOf('function');
        if (!reader.symbolOutlinesById) return;
        const lists = await handleLists(reader);
        // Not vacuous: the long lists go past the short-list form (64 handles), the odd half does not.
        expect(lists[1]!.length).toBeGreaterThan(64);
        expect(lists[2]!.length).toBeLessThanOrEqual(64);
        for (const ids of lists) {
          const expected = (await reader.symbolsById(ids)).map(outlineOf);
          expect(await reader.symbolOutlinesById(ids)).toEqual(expected);
          if (reader.symbolCardsById)
            expect(await reader.symbolCardsById(ids)).toEqual((await reader.symbolsById(ids)).map(cardOf));
        }
      } finally {
        await reader.close();
      }
    };
    await index(backend, location);
    await check();
    // ctx ranks outlines and prints full rows: the packs (signatures, summaries) are the memory reference's.
    const referenceLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-reference`) };
    await index(reference, referenceLocation, true);
    const expected = await packs(reference, referenceLocation);
    expect(await packs(backend, location)).toEqual(expected);
    expect(expected.join('\n')).toMatch(/"signature":"def [^"]+","summary":"[^"]+"/);
    repo.write('shop/extra.py', 'def header_discount(x):\n    """Discount by http header."""\n    return x\n');
    expect((await index(backend, location)).mode).toBe('incremental');
    await check();
  });
});
